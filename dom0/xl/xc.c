/*
 * libxenctrl's domctl/sysctl calls for xl (see xc.h).  Each fills a
 * struct xen_domctl/xen_sysctl on dom0's stack, as libxc's bounce
 * buffers would, and hands it to the core's wrappers (control.h).
 */
#include "xc.h"

#include <hypercalls/control.h>
#include <pv-guest/lib.h>
#include <xen/errno.h>

long xc_domain_getinfo(domid_t dom, xc_dominfo_t *info)
{
    struct xen_domctl op = { 0 };
    long rc = hypercall_domctl(XEN_DOMCTL_getdomaininfo, dom, &op);

    if ( !rc )
        *info = op.u.getdomaininfo;
    return rc;
}

long xc_domain_getinfolist(domid_t first, unsigned int max,
                           xc_dominfo_t *info)
{
    struct xen_sysctl op = { 0 };
    long rc;

    op.u.getdomaininfolist.first_domain = first;
    op.u.getdomaininfolist.max_domains = max;
    set_xen_guest_handle(op.u.getdomaininfolist.buffer, info);
    rc = hypercall_sysctl(XEN_SYSCTL_getdomaininfolist, &op);
    return rc ? rc : (long)op.u.getdomaininfolist.num_domains;
}

static long simple(uint32_t cmd, domid_t dom)
{
    struct xen_domctl op = { 0 };

    return hypercall_domctl(cmd, dom, &op);
}

long xc_domain_pause(domid_t dom)
{
    return simple(XEN_DOMCTL_pausedomain, dom);
}

long xc_domain_unpause(domid_t dom)
{
    return simple(XEN_DOMCTL_unpausedomain, dom);
}

long xc_domain_destroy(domid_t dom)
{
    /* A long teardown continues inside the hypercall, as Xen's does. */
    return simple(XEN_DOMCTL_destroydomain, dom);
}

long xc_vcpu_getinfo(domid_t dom, uint32_t vcpu,
                     struct xen_domctl_getvcpuinfo *out)
{
    struct xen_domctl op = { 0 };
    long rc;

    op.u.getvcpuinfo.vcpu = vcpu;
    rc = hypercall_domctl(XEN_DOMCTL_getvcpuinfo, dom, &op);
    if ( !rc )
        *out = op.u.getvcpuinfo;
    return rc;
}

long xc_sched_credit_get(domid_t dom, unsigned int *weight,
                         unsigned int *cap)
{
    struct xen_domctl op = { 0 };
    long rc;

    op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    op.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
    rc = hypercall_domctl(XEN_DOMCTL_scheduler_op, dom, &op);
    if ( !rc )
    {
        *weight = op.u.scheduler_op.u.credit.weight;
        *cap = op.u.scheduler_op.u.credit.cap;
    }
    return rc;
}

long xc_sched_credit_set(domid_t dom, unsigned int weight, unsigned int cap)
{
    struct xen_domctl op = { 0 };

    op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    op.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
    op.u.scheduler_op.u.credit.weight = weight;
    op.u.scheduler_op.u.credit.cap = cap;
    return hypercall_domctl(XEN_DOMCTL_scheduler_op, dom, &op);
}

/* Maps of 64 bits, in and out, as uint64_t: x86 is little-endian, so the
 * bytes of the word are the byte map xenctl_bitmap holds. */
static long vcpu_affinity(uint32_t cmd, domid_t dom, uint32_t vcpu,
                          uint64_t *hard, uint64_t *soft, uint32_t flags)
{
    struct xen_domctl op = { 0 };

    op.u.vcpuaffinity.vcpu = vcpu;
    op.u.vcpuaffinity.flags = flags | (hard ? XEN_VCPUAFFINITY_HARD : 0) |
                              (soft ? XEN_VCPUAFFINITY_SOFT : 0);
    set_xen_guest_handle(op.u.vcpuaffinity.cpumap_hard.bitmap,
                         (uint8_t *)hard);
    set_xen_guest_handle(op.u.vcpuaffinity.cpumap_soft.bitmap,
                         (uint8_t *)soft);
    op.u.vcpuaffinity.cpumap_hard.nr_bits = hard ? 64 : 0;
    op.u.vcpuaffinity.cpumap_soft.nr_bits = soft ? 64 : 0;
    return hypercall_domctl(cmd, dom, &op);
}

long xc_vcpu_setaffinity(domid_t dom, uint32_t vcpu, uint64_t *hard,
                         uint64_t *soft, uint32_t flags)
{
    return vcpu_affinity(XEN_DOMCTL_setvcpuaffinity, dom, vcpu, hard, soft,
                         flags);
}

long xc_vcpu_getaffinity(domid_t dom, uint32_t vcpu, uint64_t *hard,
                         uint64_t *soft)
{
    return vcpu_affinity(XEN_DOMCTL_getvcpuaffinity, dom, vcpu, hard, soft,
                         0);
}

long xc_physinfo(struct xen_sysctl_physinfo *pi)
{
    struct xen_sysctl op = { 0 };
    long rc = hypercall_sysctl(XEN_SYSCTL_physinfo, &op);

    if ( !rc )
        *pi = op.u.physinfo;
    return rc;
}

long xc_sched_id(uint32_t *id)
{
    struct xen_sysctl op = { 0 };
    long rc = hypercall_sysctl(XEN_SYSCTL_sched_id, &op);

    if ( !rc )
        *id = op.u.sched_id.sched_id;
    return rc;
}

long xc_readconsole(char *buf, uint32_t *count, uint32_t *index,
                    int incremental, int clear)
{
    struct xen_sysctl op = { 0 };
    long rc;

    set_xen_guest_handle(op.u.readconsole.buffer, buf);
    op.u.readconsole.count = *count;
    op.u.readconsole.index = index ? *index : 0;
    op.u.readconsole.incremental = incremental;
    op.u.readconsole.clear = clear;
    rc = hypercall_sysctl(XEN_SYSCTL_readconsole, &op);
    if ( !rc )
    {
        *count = op.u.readconsole.count;
        if ( index )
            *index = op.u.readconsole.index;
    }
    return rc;
}

const char *xc_strerror(long rc)
{
    switch ( -rc )
    {
    case XEN_EPERM: return "Operation not permitted";
    case XEN_ENOENT: return "No such file or directory";
    case XEN_ESRCH: return "No such process";
    case XEN_E2BIG: return "Argument list too long";
    case XEN_ENOMEM: return "Cannot allocate memory";
    case XEN_EACCES: return "Permission denied";
    case XEN_EFAULT: return "Bad address";
    case XEN_EBUSY: return "Device or resource busy";
    case XEN_EEXIST: return "File exists";
    case XEN_EINVAL: return "Invalid argument";
    case XEN_ENOSPC: return "No space left on device";
    case XEN_ENOSYS: return "Function not implemented";
    case XEN_EOPNOTSUPP: return "Operation not supported";
    }
    return "Unknown error";
}
