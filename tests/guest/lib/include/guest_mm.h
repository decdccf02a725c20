/*
 * Page-table helpers for conformance kernels that inspect or edit their
 * own mappings: frame numbers through the p2m and the read-only M2P, and
 * the L1 entry behind a virtual address, found by walking the (read-only)
 * bootstrap tables.  Only for addresses inside the kernel's mapping.
 */
#ifndef TESTS_GUEST_MM_H
#define TESTS_GUEST_MM_H

#include <pv-guest/lib.h>

#define VIRT_BASE   0xffffffff80000000UL    /* pv-guest's link base */
#define PTE_P       0x001UL
#define PTE_RW      0x002UL
#define PTE_A       0x020UL
#define PTE_D       0x040UL
#define ADDR_MASK   0x000ffffffffff000UL
#define M2P         ((const unsigned long *)0xffff800000000000UL)

static inline unsigned long va_to_mfn(unsigned long va)
{
    return ((const unsigned long *)start_info->mfn_list)
        [(va - VIRT_BASE) >> 12];
}

static inline unsigned long mfn_to_va(unsigned long mfn)
{
    return VIRT_BASE + (M2P[mfn] << 12);
}

static inline uint64_t pte(unsigned long mfn, uint64_t flags)
{
    return ((uint64_t)mfn << 12) | flags;
}

/* The L1 entry mapping va, as a pointer into its read-only table. */
static inline volatile uint64_t *pte_ptr(unsigned long va)
{
    const uint64_t *t = (const uint64_t *)start_info->pt_base;

    for ( int shift = 39; shift > 12; shift -= 9 )
        t = (const uint64_t *)mfn_to_va((t[(va >> shift) & 511] &
                                         ADDR_MASK) >> 12);
    return (volatile uint64_t *)t + ((va >> 12) & 511);
}

/* Machine address of that entry (for mmu_update). */
static inline uint64_t l1e_maddr(unsigned long va)
{
    unsigned long table = (unsigned long)pte_ptr(va);

    return ((uint64_t)va_to_mfn(table & ~4095UL) << 12) | (table & 4095);
}

#endif /* TESTS_GUEST_MM_H */
