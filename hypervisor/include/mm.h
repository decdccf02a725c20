/*
 * Hypervisor memory management entry points: turning the boot memory map
 * into free frames, and the few directmap adjustments ring 0 makes.
 */
#ifndef PVX_MM_H
#define PVX_MM_H

#include "lib.h"

/* Free usable RAM, minus the image, boot info and modules; fatal if none. */
void mm_init(void);
/* Map the 2 MiB directmap page holding pa uncached (MMIO such as the APIC). */
void directmap_make_uncached(uint64_t pa);
/* Drop the boot identity map (L4 slot 0): guests own the lower half. */
void mm_drop_identity_map(void);
/* Frames that exist: for XENMEM_maximum_ram_page and machphys_mapping. */
unsigned long max_page(void);
/* The validated L1 that maps va in v's current page tables, or NULL. */
struct vcpu;
struct page_info;
struct page_info *guest_l1_table(const struct vcpu *v, unsigned long va);
/* L1 entry for a VA in the hypervisor's reserved slots (tables created). */
uint64_t *hv_l1e(uint64_t va, uint64_t table_flags);
/*
 * Run a guest array of count requests of size bytes through one() with
 * the batch rules of mmu_update/mmuext_op (mm/batch.c); nr names the
 * hypercall for continuations.
 */
typedef long (*mm_batch_fn)(struct vcpu *v, const void *req);
long mm_batch(unsigned int nr, unsigned long list, size_t size,
              unsigned int count, unsigned long pdone,
              unsigned int foreigndom, mm_batch_fn one);
/* Full TLB flush of this CPU; clears tlb_flush_needed. */
void flush_tlb(void);
extern uint64_t idle_pg_table[512];

#endif /* PVX_MM_H */
