/*
 * Memory services of the PV kernel core: a page allocator over the
 * domain's own pseudo-physical frames (direct-mapped at PV_VIRT_BASE), a
 * window of virtual pages for other domains' frames (foreign and grant
 * mappings), and our own v1 grant table.  Single vCPU, not re-entrant:
 * event handlers must not call these.
 */
#ifndef PV_GUEST_MM_H
#define PV_GUEST_MM_H

#include <stdbool.h>
#include <stdint.h>

#include <xen/xen.h>
#include <xen/grant_table.h>

#define PAGE_SIZE       4096UL

/* L1 entry bits (Intel SDM vol. 3, 4.5). */
#define PTE_P           0x001UL
#define PTE_RW          0x002UL
#define PTE_US          0x004UL
#define PTE_A           0x020UL
#define PTE_D           0x040UL
#define PTE_ADDR_MASK   0x000ffffffffff000UL
/* A kernel data mapping: Xen sets US itself for 64-bit PV kernels. */
#define PTE_KERNEL      (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D)

void mm_init(void);                 /* from start_info; call once */
void *page_alloc(void);             /* zeroed page of ours; NULL if none */
void page_free(void *va);

/* n (<= 512) zeroed pages of ours at consecutive addresses; NULL if
 * none.  At most MM_MAX_BUFS at a time. */
void *page_alloc_n(unsigned int n);
void page_free_n(void *va);

/* Map another domain's frames writable (control domain; mmu_update
 * with a foreign domid, as privcmd does).  NULL on failure. */
void *foreign_map(domid_t dom, const xen_pfn_t *mfns, unsigned int n);
void foreign_unmap(void *va, unsigned int n);

/* Map a grant of domain dom (GNTTABOP_map_grant_ref, host_map). */
void *grant_map(domid_t dom, grant_ref_t ref, bool readonly,
                grant_handle_t *handle);
void grant_unmap(void *va, grant_handle_t handle);

/* Grant our own page to a domain (v1 table). */
int grant_access(domid_t dom, void *va, bool readonly); /* ref or -errno */
int grant_end_access(grant_ref_t ref); /* -EBUSY while mapped */

/* Machine frame behind a page of ours (direct map or kernel image). */
xen_pfn_t virt_to_mfn(const void *va);

/* Pages page_alloc() can still hand out (free list and never used). */
unsigned long mm_free_pages(void);

/* Internal to the core (mm.c for vmap.c and grant.c). */
int mm_l1e_maddr(unsigned long va, uint64_t *maddr);
void *vmap_alloc(unsigned int n);
void vmap_free(void *va, unsigned int n);
bool vmap_contains(const void *va, unsigned int n);

#endif /* PV_GUEST_MM_H */
