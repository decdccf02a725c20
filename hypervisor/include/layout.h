/*
 * The hypervisor's virtual memory map.  Everything here lives in Xen's
 * reserved range (L4 slots 256-271), which every guest L4 shares
 * read-only-to-the-guest; guests own every other slot.
 */
#ifndef PVX_LAYOUT_H
#define PVX_LAYOUT_H

/* Read-only M2P for guests, where XENMEM_machphys_mapping says (slot 256). */
#define RO_MPT_VIRT_START     0xFFFF800000000000UL
#define RO_MPT_VIRT_END       0xFFFF804000000000UL
/* The GDT the CPU uses: 14 guest pages then Xen's 2 (slot 260). */
#define GDT_VIRT_START        0xFFFF820000000000UL
/* Image: phys 0..1 GiB mapped at Xen's XEN_VIRT_START (slot 261). */
#define XEN_VIRT_START        0xFFFF82D040000000UL
#define XEN_LOAD_PHYS         0x200000UL
/* Directmap of RAM (slot 262), 2 MiB pages. */
#define DIRECTMAP_VIRT_START  0xFFFF830000000000UL
/* Guest-visible bounds of the reserved range (Xen's public header). */
#define HV_RESERVED_START     0xFFFF800000000000UL
#define HV_RESERVED_END       0xFFFF880000000000UL
#define HV_FIRST_L4_SLOT      256
#define HV_LAST_L4_SLOT       271

/* Room kept at the top of each CPU's stack block for its cpu_info. */
#define CPU_INFO_MAX          256

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#ifndef __ASSEMBLER__
#include <stdint.h>
/* Directmap conversions: only for RAM the directmap covers. */
static inline void *maddr_to_virt(uint64_t ma)
{
    return (void *)(DIRECTMAP_VIRT_START + ma);
}
static inline void *mfn_to_virt(uint64_t mfn)
{
    return maddr_to_virt(mfn << PAGE_SHIFT);
}
static inline uint64_t virt_to_maddr(const void *va)
{
    uint64_t v = (uint64_t)va;
    return v >= XEN_VIRT_START && v < XEN_VIRT_START + (1UL << 30)
           ? v - XEN_VIRT_START : v - DIRECTMAP_VIRT_START;
}
#endif

#endif /* PVX_LAYOUT_H */
