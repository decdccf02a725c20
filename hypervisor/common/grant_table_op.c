/*
 * grant_table_op (Xen 4.17 do_grant_table_op, v1): copy each operation
 * in, run it (grant_table.c, grant_map.c, grant_copy.c), copy its status
 * out.  Batches run HYPERCALL_BATCH entries per entry into ring 0 and
 * continue as Xen's continuations do (XSA-380: no unbounded loops),
 * except inside a multicall, which cannot be continued.
 */
#include "lib.h"
#include "domain.h"
#include "errno.h"
#include "grant_table.h"
#include "guest_access.h"
#include "hypercall.h"

/* Xen's continuation encoding: the upper command bits are its own. */
#define GNTTABOP_CMD_MASK ((1U << 12) - 1)

static struct domain *domain_by_any_id(domid_t id)
{
    return id == DOMID_SELF ? current->domain : get_domain_by_id(id);
}

/* Xen's XSM_TARGET under the dummy policy: yourself, or the control domain. */
static bool may_act_on(const struct domain *d)
{
    return d == current->domain || current->domain->is_privileged;
}

static long setup_table(unsigned long uop, unsigned int count)
{
    struct gnttab_setup_table op;
    struct domain *d;
    unsigned long list;

    if ( count != 1 )
        return -EINVAL;
    if ( copy_from_guest(&op, uop, 1) )
        return -EFAULT;
    list = (unsigned long)op.frame_list.p;
    if ( !guest_range_ok(list, (size_t)op.nr_frames * sizeof(xen_pfn_t)) )
        return -EFAULT;
    if ( !(d = domain_by_any_id(op.dom)) )
        op.status = GNTST_bad_domain;
    else if ( !may_act_on(d) )
        op.status = GNTST_permission_denied;
    else if ( op.nr_frames > GNTTAB_MAX_FRAMES ||
              gnttab_grow_table(d, op.nr_frames) )
        op.status = GNTST_general_error;
    else
    {
        op.status = GNTST_okay;
        for ( unsigned int i = 0; i < op.nr_frames; i++ )
        {
            xen_pfn_t mfn = d->grant_table.shared_mfn[i];

            if ( copy_to_guest_offset(list, i, &mfn, 1) )
                op.status = GNTST_bad_virt_addr;
        }
    }
    if ( copy_to_guest(uop + offsetof(struct gnttab_setup_table, status),
                       &op.status, 1) )
        return -EFAULT;
    return 0;
}

static long query_size(unsigned long uop, unsigned int count)
{
    struct gnttab_query_size op;
    struct domain *d;

    if ( count != 1 )
        return -EINVAL;
    if ( copy_from_guest(&op, uop, 1) )
        return -EFAULT;
    if ( !(d = domain_by_any_id(op.dom)) )
        op.status = GNTST_bad_domain;
    else if ( !may_act_on(d) )
        op.status = GNTST_permission_denied;
    else if ( gnttab_grow_table(d, 0) )
        op.status = GNTST_general_error;
    else
    {
        op.nr_frames = d->grant_table.nr_frames;
        op.max_nr_frames = GNTTAB_MAX_FRAMES;
        op.status = GNTST_okay;
    }
    return copy_to_guest(uop, &op, 1) ? -EFAULT : 0;
}

/* Version 2 is not offered: Xen answers so when its max version is 1. */
static long set_version(unsigned long uop)
{
    struct gnttab_set_version op;

    if ( copy_from_guest(&op, uop, 1) )
        return -EFAULT;
    if ( op.version != 1 && op.version != 2 )
        return -EINVAL;
    return op.version == 2 ? -ENOSYS : 0;
}

static long get_version(unsigned long uop)
{
    struct gnttab_get_version op;
    struct domain *d;

    if ( copy_from_guest(&op, uop, 1) )
        return -EFAULT;
    if ( !(d = domain_by_any_id(op.dom)) )
        return -ESRCH;
    if ( !may_act_on(d) )
        return -EPERM;
    op.version = 1;
    return copy_to_guest(uop + offsetof(struct gnttab_get_version, version),
                         &op.version, 1) ? -EFAULT : 0;
}

/* Status frames are v2's: a v1 table has none to hand out. */
static long get_status_frames(unsigned long uop, unsigned int count)
{
    struct gnttab_get_status_frames op;
    struct domain *d;

    if ( count != 1 )
        return -EINVAL;
    if ( copy_from_guest(&op, uop, 1) )
        return -EFAULT;
    if ( !guest_range_ok((unsigned long)op.frame_list.p,
                         (size_t)op.nr_frames * sizeof(uint64_t)) )
        return -EFAULT;
    if ( !(d = domain_by_any_id(op.dom)) )
        op.status = GNTST_bad_domain;
    else if ( !may_act_on(d) )
        op.status = GNTST_permission_denied;
    else
        op.status = op.nr_frames ? GNTST_general_error : GNTST_okay;
    return copy_to_guest(uop + offsetof(struct gnttab_get_status_frames,
                                        status), &op.status, 1) ? -EFAULT
                                                                : 0;
}

static long map_grant_ref(unsigned long uop, unsigned int i)
{
    struct gnttab_map_grant_ref op;

    if ( copy_from_guest_offset(&op, uop, i, 1) )
        return -EFAULT;
    gnttab_map(&op);
    return copy_to_guest_offset(uop, i, &op, 1) ? -EFAULT : 0;
}

static long unmap_grant_ref(unsigned long uop, unsigned int i)
{
    struct gnttab_unmap_grant_ref op;
    struct gnttab_unmap_done done;
    long rc = 0;

    if ( copy_from_guest_offset(&op, uop, i, 1) )
        return -EFAULT;
    gnttab_unmap(&op, &done);
    if ( copy_to_guest_raw(uop + i * sizeof(op) +
                           offsetof(struct gnttab_unmap_grant_ref, status),
                           &op.status, sizeof(op.status)) )
        rc = -EFAULT;
    gnttab_unmap_complete(&done);       /* the PTE went: finish anyway */
    return rc;
}

static long copy(unsigned long uop, unsigned int i)
{
    struct gnttab_copy op;

    if ( copy_from_guest_offset(&op, uop, i, 1) )
        return -EFAULT;
    op.status = gnttab_copy_one(&op);
    return copy_to_guest_raw(uop + i * sizeof(op) +
                             offsetof(struct gnttab_copy, status),
                             &op.status, sizeof(op.status)) ? -EFAULT : 0;
}

/* Run a batch of fixed-size operations, continuing past the chunk limit. */
static long batch(unsigned int cmd, unsigned long uop, unsigned int count,
                  size_t size, long (*one)(unsigned long, unsigned int))
{
    if ( !guest_range_ok(uop, (size_t)count * size) )
        return -EFAULT;
    for ( unsigned int i = 0; i < count; i++ )
    {
        long rc;

        if ( i == HYPERCALL_BATCH && hypercall_may_preempt() )
            return hypercall_continue(__HYPERVISOR_grant_table_op, cmd,
                                      uop + i * size, count - i, 0);
        if ( (rc = one(uop, i)) )
            return rc;
    }
    return 0;
}

long do_grant_table_op(unsigned int cmd, unsigned long uop,
                       unsigned int count)
{
    if ( (int)count < 0 )
        return -EINVAL;
    /* Upper command bits only ever carry a cache_flush continuation. */
    if ( cmd & ~GNTTABOP_CMD_MASK )
        return (cmd & GNTTABOP_CMD_MASK) == GNTTABOP_cache_flush ? -ENOSYS
                                                                 : -EINVAL;
    switch ( cmd )
    {
    case GNTTABOP_map_grant_ref:
        return batch(cmd, uop, count, sizeof(struct gnttab_map_grant_ref),
                     map_grant_ref);
    case GNTTABOP_unmap_grant_ref:
        return batch(cmd, uop, count, sizeof(struct gnttab_unmap_grant_ref),
                     unmap_grant_ref);
    case GNTTABOP_copy:
        return batch(cmd, uop, count, sizeof(struct gnttab_copy), copy);
    case GNTTABOP_setup_table:
        return setup_table(uop, count);
    case GNTTABOP_query_size:
        return query_size(uop, count);
    case GNTTABOP_set_version:
        return set_version(uop);
    case GNTTABOP_get_version:
        return get_version(uop);
    case GNTTABOP_get_status_frames:
        return get_status_frames(uop, count);
    }
    return -ENOSYS;
}
