/*
 * The PTE of a PV grant host mapping (Xen 4.17 arch/x86/pv/grant_table.c).
 * host_addr is a VA in the caller's current page tables, or with
 * GNTMAP_contains_pte the machine address of an L1 entry; either way the
 * entry must sit in a validated L1 the caller owns (XSA-227: aligned).
 * The references a grant PTE stands for are taken by grant_map.c.
 */
#include "lib.h"
#include "domain.h"
#include "grant_table.h"
#include "mm.h"
#include "pagetable.h"
#include "x86.h"

#define PAGE_AVAIL_SHIFT 9              /* PTE bits 9-11: guest's own */

/* Xen's grant_to_pte_flags plus adjust_guest_l1e (kernel runs ring 3). */
static uint64_t grant_pte(unsigned long mfn, unsigned int flags)
{
    uint64_t e = ((uint64_t)mfn << PAGE_SHIFT) | _PAGE_PRESENT |
                 _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX | _PAGE_USER;

    if ( !(flags & GNTMAP_readonly) )
        e |= _PAGE_RW;
    /* XENFEAT_gnttab_map_avail_bits: GNTMAP bits 16-18 land in 9-11. */
    e |= (uint64_t)((flags >> _GNTMAP_guest_avail0) & 7) << PAGE_AVAIL_SHIFT;
    return e;
}

/* The L1 entry addr names, in an L1 table the caller owns, or NULL. */
static uint64_t *grant_l1e(uint64_t addr, unsigned int flags)
{
    struct vcpu *v = current;
    struct page_info *pg;

    if ( flags & GNTMAP_contains_pte )
    {
        if ( addr & (sizeof(uint64_t) - 1) )
            return NULL;                /* XSA-227 */
        pg = mfn_to_page(addr >> PAGE_SHIFT);
        if ( !pg || pg->owner != v->domain || !pg->count ||
             pg->type != PGT_l1_page_table || !pg->type_count )
            return NULL;
        return (uint64_t *)frame_virt(addr >> PAGE_SHIFT) +
               ((addr & (PAGE_SIZE - 1)) >> 3);
    }
    if ( !(pg = guest_l1_table(v, addr)) )
        return NULL;
    return (uint64_t *)frame_virt(page_to_mfn(pg)) +
           ((addr >> PAGE_SHIFT) & 511);
}

int create_grant_pv_mapping(uint64_t addr, unsigned long mfn,
                            unsigned int flags)
{
    uint64_t *pl1e = grant_l1e(addr, flags), old;

    if ( !pl1e )
        return GNTST_general_error;
    old = *pl1e;
    *pl1e = grant_pte(mfn, flags);
    if ( old & _PAGE_PRESENT )
    {
        /* No stale translation may outlive the references dropped. */
        flush_tlb();
        pt_put_l1e(old);
    }
    return GNTST_okay;
}

int replace_grant_pv_mapping(uint64_t addr, unsigned long mfn,
                             unsigned int flags)
{
    uint64_t *pl1e = grant_l1e(addr, flags), want = grant_pte(mfn, flags);

    if ( !pl1e )
        return GNTST_general_error;
    /* The entry must still be this grant, as writable as it (XSA-234). */
    if ( ((*pl1e ^ want) & (PADDR_MASK | _PAGE_PRESENT | _PAGE_RW)) )
    {
        pr_warn("d%u: PTE %#lx for %#lx doesn't match grant (%#lx)\n",
                current->domain->domid, *pl1e, addr, want);
        return GNTST_general_error;
    }
    *pl1e = 0;
    flush_tlb();                        /* before the references go */
    return GNTST_okay;
}
