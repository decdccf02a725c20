/*
 * mmuext_op (xen/arch/x86/mm.c's do_mmuext_op): pinning page tables,
 * switching the kernel and user base tables, TLB and cache maintenance,
 * the LDT location and whole-page copy/clear.  Every frame named must be
 * the caller's, or with a foreigndom (control domain only) that domain's
 * for pin, unpin, copy and clear, as a domain builder pins a new guest's
 * tables; the frame must be able to take the type the operation needs.
 */
#include "lib.h"
#include <xen/xen.h>
#include "domain.h"
#include "errno.h"
#include "guest_access.h"
#include "hypercall.h"
#include "layout.h"
#include "mm.h"
#include "page.h"
#include "x86.h"

#define LDT_MAX_ENTRIES 8192

/*
 * The domain whose frames pin/unpin/copy/clear name (Xen's pg_owner), set
 * for one mmuext_op call; per-CPU once there are more CPUs.
 */
static struct domain *pg_owner;

static long pin_table(struct domain *d, unsigned long mfn,
                      enum page_type type)
{
    struct page_info *pg = mfn_to_page(mfn);
    long rc = get_page_and_type(pg, d, type);

    if ( rc )
        return rc;                      /* validation's own errno, as Xen */
    if ( pg->flags & PGF_pinned )       /* each frame pins at most once */
    {
        put_page_and_type(pg);
        return -EINVAL;
    }
    pg->flags |= PGF_pinned;
    /* A dying domain's pins are already dropped: Xen undoes this one. */
    if ( d->state == DOMSTATE_dying )
    {
        pg->flags &= ~PGF_pinned;
        put_page_and_type(pg);
    }
    return 0;
}

static long unpin_table(struct domain *d, unsigned long mfn)
{
    struct page_info *pg = mfn_to_page(mfn);

    if ( !mfn_owned_by(d, mfn) || !(pg->flags & PGF_pinned) )
        return -EINVAL;
    pg->flags &= ~PGF_pinned;
    put_page_and_type(pg);
    return 0;
}

/* NEW_BASEPTR / NEW_USER_BASEPTR (mfn 0 clears the user table). */
static long new_base(struct vcpu *v, unsigned long mfn, bool user)
{
    unsigned long *slot = user ? &v->guest_table_user : &v->guest_table;
    unsigned long old = *slot;
    long rc;

    if ( mfn || !user )
    {
        rc = get_page_and_type(mfn_to_page(mfn), v->domain,
                               PGT_l4_page_table);
        if ( rc )
            return rc;
    }
    *slot = mfn;
    if ( user == !v->kernel_mode )      /* the table in use now changed */
        write_cr3((uint64_t)mfn << PAGE_SHIFT);
    if ( old )
        put_page_and_type(mfn_to_page(old));
    return 0;
}

static long copy_or_clear(struct domain *d, const struct mmuext_op *op)
{
    struct page_info *dst = mfn_to_page(op->arg1.mfn);
    struct page_info *src = NULL;

    if ( op->cmd == MMUEXT_COPY_PAGE )
    {
        src = mfn_to_page(op->arg2.src_mfn);
        if ( !get_page(src, d) )
            return -EINVAL;
    }
    long rc = get_page_and_type(dst, d, PGT_writable_page);

    if ( rc )
    {
        if ( src )
            put_page(src);
        return rc;
    }
    if ( src )
    {
        memcpy(frame_virt(op->arg1.mfn), frame_virt(op->arg2.src_mfn),
               PAGE_SIZE);
        put_page(src);
    }
    else
        memset(frame_virt(op->arg1.mfn), 0, PAGE_SIZE);
    put_page_and_type(dst);
    return 0;
}

static long mmuext_one(struct vcpu *v, const struct mmuext_op *op)
{
    struct domain *d = v->domain;
    unsigned long mask;

    switch ( op->cmd )
    {
    case MMUEXT_PIN_L1_TABLE:
    case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE:
    case MMUEXT_PIN_L4_TABLE:
        return pin_table(pg_owner, op->arg1.mfn, (enum page_type)
                         (op->cmd - MMUEXT_PIN_L1_TABLE + PGT_l1_page_table));
    case MMUEXT_UNPIN_TABLE:
        return unpin_table(pg_owner, op->arg1.mfn);
    case MMUEXT_CLEAR_PAGE:
    case MMUEXT_COPY_PAGE:
        return copy_or_clear(pg_owner, op);
    }

    /* The rest act on the caller's own vCPU: Xen refuses a foreigndom. */
    if ( pg_owner != d )
        return -EPERM;
    switch ( op->cmd )
    {
    case MMUEXT_NEW_BASEPTR:
        return new_base(v, op->arg1.mfn, false);
    case MMUEXT_NEW_USER_BASEPTR:
        return new_base(v, op->arg1.mfn, true);
    case MMUEXT_TLB_FLUSH_MULTI:
    case MMUEXT_INVLPG_MULTI:
        /* The vCPU bitmap must be readable even with one vCPU. */
        if ( copy_from_guest(&mask, (unsigned long)op->arg2.vcpumask.p, 1) )
            return -EFAULT;
        if ( op->cmd == MMUEXT_INVLPG_MULTI )
            invlpg(op->arg1.linear_addr);
        else
            flush_tlb();
        return 0;
    case MMUEXT_TLB_FLUSH_LOCAL:
    case MMUEXT_TLB_FLUSH_ALL:
        flush_tlb();
        return 0;
    case MMUEXT_INVLPG_LOCAL:
    case MMUEXT_INVLPG_ALL:
        invlpg(op->arg1.linear_addr);
        return 0;
    case MMUEXT_FLUSH_CACHE:
        if ( !d->is_privileged )
            return -EACCES;
        asm volatile ( "wbinvd" ::: "memory" );
        return 0;
    case MMUEXT_SET_LDT:
        if ( (op->arg1.linear_addr & ~PAGE_MASK) ||
             op->arg2.nr_ents > LDT_MAX_ENTRIES ||
             !guest_range_ok(op->arg1.linear_addr, op->arg2.nr_ents * 8UL) )
            return -EINVAL;
        v->ldt_base = op->arg1.linear_addr;
        v->ldt_ents = op->arg2.nr_ents;
        return 0;
    case MMUEXT_MARK_SUPER:
    case MMUEXT_UNMARK_SUPER:
        return -EOPNOTSUPP;             /* PV superpages are gone from Xen */
    }
    return unimplemented_subop(__HYPERVISOR_mmuext_op, op->cmd);
}

static long mmuext_req(struct vcpu *v, const void *op)
{
    return mmuext_one(v, op);
}

long do_mmuext_op(unsigned long uops, unsigned int count,
                  unsigned long pdone, unsigned int foreigndom)
{
    struct domain *d = current->domain;

    /* Xen's get_pg_owner, then XSM_TARGET: naming oneself by id, or a
     * domain that does not exist, is -ESRCH; another's needs privilege. */
    if ( foreigndom == DOMID_SELF )
        pg_owner = d;
    else if ( foreigndom == d->domid ||
              !(pg_owner = get_domain_by_id((domid_t)foreigndom)) )
        return -ESRCH;
    else if ( !is_control_domain(d) )
        return -EPERM;
    return mm_batch(__HYPERVISOR_mmuext_op, uops, sizeof(struct mmuext_op),
                    count, pdone, foreigndom, mmuext_req);
}
