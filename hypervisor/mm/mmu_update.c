/*
 * mmu_update and update_va_mapping (xen/arch/x86/mm.c): guest requests to
 * change one page-table entry at a time.  Each request is copied in, the
 * target frame must belong to the caller, and the change goes through the
 * validation rules of pagetable.c; a batch stops at the first failure and
 * reports how many requests were done.  With a foreigndom, L1 entries and
 * M2P updates name frames of that domain (the control domain's only).
 */
#include "lib.h"
#include <xen/xen.h>
#include "domain.h"
#include "errno.h"
#include "guest_access.h"
#include "hypercall.h"
#include "layout.h"
#include "m2p.h"
#include "mm.h"
#include "pagetable.h"
#include "x86.h"

/*
 * The domain whose frames the batch maps (Xen's get_pg_owner): set for
 * one mmu_update call; per-CPU once there are more CPUs.  Naming oneself
 * by id, or a domain that does not exist, is -ESRCH, as in Xen.
 */
static struct domain *pg_owner;

static struct domain *get_pg_owner(struct domain *d, unsigned int fd)
{
    if ( fd == DOMID_SELF )
        return d;
    if ( fd == d->domid )
        return NULL;
    return get_domain_by_id((domid_t)fd);
}

static long mmu_update_one(struct domain *d, const struct mmu_update *req)
{
    unsigned int cmd = req->ptr & (sizeof(uint64_t) - 1);
    unsigned long mfn = req->ptr >> PAGE_SHIFT;
    unsigned int idx = (req->ptr & ~PAGE_MASK) / sizeof(uint64_t);
    struct page_info *pg = mfn_to_page(mfn);
    long rc;

    /* Xen's XSM_TARGET check, per request: another's frames need privilege. */
    if ( (cmd == MMU_NORMAL_PT_UPDATE || cmd == MMU_PT_UPDATE_PRESERVE_AD ||
          cmd == MMU_MACHPHYS_UPDATE) &&
         pg_owner != d && !is_control_domain(d) )
        return -EPERM;
    switch ( cmd )
    {
    case MMU_NORMAL_PT_UPDATE:
    case MMU_PT_UPDATE_PRESERVE_AD:
        if ( !get_page(pg, d) )
            return -EINVAL;
        if ( pg->type_count && pg->type >= PGT_l1_page_table &&
             pg->type <= PGT_l4_page_table )
            rc = pt_update_entry_foreign(pg, idx, req->val,
                                         cmd == MMU_PT_UPDATE_PRESERVE_AD,
                                         pg_owner);
        else if ( !get_page_type(pg, PGT_writable_page) )
        {
            /* Not a page table: a plain write the guest could do itself. */
            ((uint64_t *)frame_virt(mfn))[idx] = req->val;
            put_page_type(pg);
            rc = 0;
        }
        else
            rc = -EINVAL;               /* descriptor page or the like */
        put_page(pg);
        return rc;
    case MMU_MACHPHYS_UPDATE:
        if ( !mfn_owned_by(pg_owner, mfn) )
            return -EINVAL;
        m2p_set(mfn, req->val);
        return 0;
    }
    return -ENOSYS;
}

static long mmu_update_req(struct vcpu *v, const void *req)
{
    return mmu_update_one(v->domain, req);
}

long do_mmu_update(unsigned long ureqs, unsigned int count,
                   unsigned long pdone, unsigned int foreigndom)
{
    if ( !(pg_owner = get_pg_owner(current->domain, foreigndom)) )
        return -ESRCH;
    return mm_batch(__HYPERVISOR_mmu_update, ureqs, sizeof(struct mmu_update),
                    count, pdone, foreigndom, mmu_update_req);
}

struct page_info *guest_l1_table(const struct vcpu *v, unsigned long va)
{
    unsigned long mfn = v->kernel_mode ? v->guest_table
                                       : v->guest_table_user;
    struct page_info *pg;

    if ( !is_canonical(va) ||
         (va >= HV_RESERVED_START && va < HV_RESERVED_END) || !mfn )
        return NULL;
    for ( int shift = 39; shift > 12; shift -= 9 )
    {
        uint64_t e = ((const uint64_t *)frame_virt(mfn))[(va >> shift) &
                                                         511];

        if ( !(e & _PAGE_PRESENT) )
            return NULL;
        mfn = (e & PADDR_MASK) >> PAGE_SHIFT;
    }
    pg = mfn_to_page(mfn);
    if ( !pg || pg->owner != v->domain || pg->type != PGT_l1_page_table ||
         !pg->type_count )
        return NULL;
    return pg;
}

static long flush_request(unsigned long va, unsigned long flags)
{
    unsigned long mask_ptr = flags & ~(unsigned long)UVMF_FLUSHTYPE_MASK;
    unsigned long vcpumask;

    /* UVMF_MULTI: a guest pointer to a vCPU bitmap (one vCPU for now). */
    if ( mask_ptr > UVMF_ALL && copy_from_guest(&vcpumask, mask_ptr, 1) )
        return -EFAULT;
    switch ( flags & UVMF_FLUSHTYPE_MASK )
    {
    case UVMF_TLB_FLUSH:
        flush_tlb();
        break;
    case UVMF_INVLPG:
        /* UVMF_ALL or a vCPU mask: the domain's other CPUs too. */
        if ( mask_ptr != UVMF_LOCAL )
            flush_tlb();
        else
            invlpg(va);
        break;
    }
    return 0;
}

long do_update_va_mapping(unsigned long va, uint64_t val, unsigned long flags)
{
    struct page_info *pg = guest_l1_table(current, va);
    long rc;

    if ( !pg )
        return -EINVAL;
    rc = pt_update_entry(pg, (va >> PAGE_SHIFT) & 511, val, false);
    if ( tlb_flush_needed )
        flush_tlb();
    if ( !rc )
        rc = flush_request(va, flags);
    return rc;
}
