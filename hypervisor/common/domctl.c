/*
 * domctl (Xen's common/domctl.c): the control domain acting on domains.
 * Checks in Xen's order: interface version (-EACCES), the target domain
 * (-ESRCH), then the one privilege check (-EPERM); the request is copied
 * in once and every field validated before anything changes.
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/domctl.h>
#include "apic.h"
#include "domain.h"
#include "errno.h"
#include "guest_access.h"
#include "hypercall.h"
#include "sched.h"

/* The createdomain flags Xen 4.17 knows; PVX builds PV guests only. */
#define CDF_KNOWN (XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap |             \
                   XEN_DOMCTL_CDF_s3_integrity | XEN_DOMCTL_CDF_oos_off | \
                   XEN_DOMCTL_CDF_xs_domain | XEN_DOMCTL_CDF_iommu |      \
                   XEN_DOMCTL_CDF_nested_virt | XEN_DOMCTL_CDF_vpmu)

/* Xen's sanitise_domain_config on a host without HVM, IOMMU or vPMU. */
static int check_config(const struct xen_domctl_createdomain *c)
{
    if ( (c->flags & ~CDF_KNOWN) ||
         (c->grant_opts & ~XEN_DOMCTL_GRANT_version_mask) ||
         c->max_vcpus < 1 || (c->flags & XEN_DOMCTL_CDF_hvm) ||
         (c->flags & XEN_DOMCTL_CDF_hap) || (c->flags & XEN_DOMCTL_CDF_iommu) ||
         c->iommu_opts || c->vmtrace_size || (c->flags & XEN_DOMCTL_CDF_vpmu) )
        return -EINVAL;
    /* arch_sanitise_domain_config: vCPU limit, no emulated devices. */
    if ( c->max_vcpus > DOMAIN_MAX_VCPUS ||
         (c->arch.misc_flags & ~XEN_X86_MSR_RELAXED) )
        return -EINVAL;
    return c->arch.emulation_flags ? -EOPNOTSUPP : 0;
}

static long createdomain(struct xen_domctl *op)
{
    struct domain *d;
    domid_t domid;
    int rc;

    if ( (rc = check_config(&op->u.createdomain)) ||
         (rc = domid_alloc(op->domain, &domid)) )
        return rc;
    if ( !(d = domain_create(domid, op->u.createdomain.max_vcpus, 0, &rc)) )
        return rc;
    memcpy(d->handle, op->u.createdomain.handle, sizeof(d->handle));
    printk("d%u created by d%u\n", domid, current->domain->domid);
    op->domain = domid;
    return 0;
}

static uint64_t vcpu_running_time(const struct vcpu *v)
{
    uint64_t t = v->runstate.time[RUNSTATE_running];

    if ( v->runstate.state == RUNSTATE_running && v == current )
        t += now_ns() - v->runstate.state_entry_time;
    return t;
}

/* Xen's getdomaininfo(): flags as Xen computes them, bit for bit. */
void getdomaininfo(const struct domain *d,
                   struct xen_domctl_getdomaininfo *info)
{
    uint32_t flags = XEN_DOMINF_blocked;

    memset(info, 0, sizeof(*info));
    info->domain = d->domid;
    info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
    {
        const struct vcpu *v = domain_vcpu((struct domain *)d, i);

        if ( !v )
            continue;
        info->cpu_time += vcpu_running_time(v);
        info->max_vcpu_id = i;
        if ( v->down )
            continue;
        if ( !v->blocked )
            flags &= ~XEN_DOMINF_blocked;
        if ( v == current )
            flags |= XEN_DOMINF_running;
        info->nr_online_vcpus++;
    }
    info->flags = (info->nr_online_vcpus ? flags : 0) |
        (d->state == DOMSTATE_dying ? XEN_DOMINF_dying : 0) |
        (d->state == DOMSTATE_shutdown ? XEN_DOMINF_shutdown : 0) |
        (d->controller_pause_count ? XEN_DOMINF_paused : 0) |
        d->shutdown_code << XEN_DOMINF_shutdownshift;
    info->tot_pages = d->tot_pages;
    info->max_pages = d->max_pages;
    info->shared_info_frame = d->shared_info_mfn;   /* PV: gfn == mfn */
    memcpy(info->handle, d->handle, sizeof(info->handle));
}

/* getdomaininfo: the domain asked for or the next one after it. */
static long domctl_getdomaininfo(struct xen_domctl *op, struct domain *d)
{
    if ( !d )
    {
        if ( op->domain >= DOMID_FIRST_RESERVED )
            return -EINVAL;
        if ( !(d = domain_at_or_after(op->domain)) )
            return -ESRCH;
    }
    if ( !is_control_domain(current->domain) )
        return -EPERM;
    getdomaininfo(d, &op->u.getdomaininfo);
    op->domain = op->u.getdomaininfo.domain;
    return 0;
}

static long domctl_getvcpuinfo(struct xen_domctl_getvcpuinfo *info,
                               struct domain *d)
{
    const struct vcpu *v;

    if ( info->vcpu >= d->max_vcpus )
        return -EINVAL;
    if ( !(v = domain_vcpu(d, info->vcpu)) )
        return -ESRCH;
    info->online = !v->down;
    info->blocked = v->blocked;
    info->running = v == current;
    info->cpu_time = vcpu_running_time(v);
    info->cpu = 0;
    return 0;
}

/* createdomain fixed the count; this creates the vCPUs, offline. */
static long domctl_max_vcpus(struct domain *d, uint32_t max)
{
    if ( d == current->domain || max != d->max_vcpus )
        return -EINVAL;
    for ( unsigned int i = 0; i < max; i++ )
        if ( !domain_vcpu(d, i) && !vcpu_create(d, i) )
            return -ENOMEM;
    return 0;
}

/* Credit weight and cap (Xen's sched_adjust): the only scheduler. */
static long domctl_scheduler_op(struct domain *d,
                                struct xen_domctl_scheduler_op *s,
                                bool *copyback)
{
    bool put = s->cmd == XEN_DOMCTL_SCHEDOP_putinfo;

    if ( s->sched_id != XEN_SCHEDULER_CREDIT ||
         (!put && s->cmd != XEN_DOMCTL_SCHEDOP_getinfo) )
        return -EINVAL;
    *copyback = !put;
    return sched_credit_op(d, put, &s->u.credit.weight, &s->u.credit.cap);
}

/* The operations below act on an existing d, for the control domain. */
static long domctl_on(struct xen_domctl *op, struct domain *d, bool *copyback)
{
    switch ( op->cmd )
    {
    case XEN_DOMCTL_destroydomain:
        if ( d == current->domain )
            return -EINVAL;
        if ( d->state != DOMSTATE_dying )       /* a zombie: nothing to do */
            domain_destroy(d);
        return 0;
    case XEN_DOMCTL_pausedomain:
        return d == current->domain ? -EINVAL : domain_pause(d);
    case XEN_DOMCTL_unpausedomain:
        return domain_unpause(d);
    case XEN_DOMCTL_max_mem:
        /* Xen lets max drop below tot_pages: no new pages until below. */
        d->max_pages = op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10);
        return 0;
    case XEN_DOMCTL_max_vcpus:
        return domctl_max_vcpus(d, op->u.max_vcpus.max);
    case XEN_DOMCTL_getvcpuinfo:
        *copyback = true;
        return domctl_getvcpuinfo(&op->u.getvcpuinfo, d);
    case XEN_DOMCTL_scheduler_op:
        return domctl_scheduler_op(d, &op->u.scheduler_op, copyback);
    }
    return -ENOSYS;
}

long do_domctl(unsigned long arg)
{
    struct xen_domctl op;
    struct domain *d = NULL;
    bool copyback = false;
    long rc;

    if ( copy_from_guest(&op, arg, 1) )
        return -EFAULT;
    if ( op.interface_version != XEN_DOMCTL_INTERFACE_VERSION )
        return -EACCES;
    domain_reap_zombies();
    /* No DOMID_SELF here: Xen's domctl names domains by id only. */
    if ( op.cmd != XEN_DOMCTL_createdomain &&
         !(d = get_domain_by_id(op.domain)) &&
         op.cmd != XEN_DOMCTL_getdomaininfo )
        return -ESRCH;

    if ( op.cmd == XEN_DOMCTL_getdomaininfo )
    {
        rc = domctl_getdomaininfo(&op, d);
        copyback = !rc;
    }
    else if ( !is_control_domain(current->domain) )
        return -EPERM;
    else if ( op.cmd == XEN_DOMCTL_createdomain )
    {
        rc = createdomain(&op);
        copyback = !rc;
    }
    else
        rc = domctl_on(&op, d, &copyback);

    if ( copyback && copy_to_guest(arg, &op, 1) )
        rc = -EFAULT;
    return rc;
}
