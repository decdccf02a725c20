/*
 * sysctl (Xen's common/sysctl.c): host-wide queries for the control
 * domain.  Interface version first (-EACCES), then the privilege check
 * (-EPERM) for every operation, as Xen's xsm_sysctl(XSM_PRIV).
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/sysctl.h>
#include "apic.h"
#include "console.h"
#include "domain.h"
#include "errno.h"
#include "frame_alloc.h"
#include "guest_access.h"
#include "hypercall.h"
#include "mm.h"
#include "smp.h"

static void physinfo(struct xen_sysctl_physinfo *pi)
{
    memset(pi, 0, sizeof(*pi));
    pi->threads_per_core = 1;
    pi->cores_per_socket = num_online_cpus();
    pi->nr_cpus = num_online_cpus();
    pi->max_cpu_id = num_online_cpus() - 1;
    pi->nr_nodes = 1;
    pi->cpu_khz = (uint32_t)tsc_khz();
    pi->capabilities = XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1;
    pi->total_pages = max_page();
    pi->free_pages = frames_free_count();
    pi->max_mfn = max_page() - 1;
}

/* Up to max_domains records from first_domain on, as Xen's. */
static long getdomaininfolist(struct xen_sysctl_getdomaininfolist *l)
{
    struct xen_domctl_getdomaininfo info;
    struct domain *d;
    uint32_t n = 0;

    for_each_domain ( d )
    {
        if ( d->domid < l->first_domain )
            continue;
        if ( n == l->max_domains )
            break;
        getdomaininfo(d, &info);
        if ( copy_to_guest_offset((unsigned long)l->buffer.p, n, &info, 1) )
            return -EFAULT;
        n++;
    }
    l->num_domains = n;
    return 0;
}

long do_sysctl(unsigned long arg)
{
    struct xen_sysctl op;
    long rc;

    if ( copy_from_guest(&op, arg, 1) )
        return -EFAULT;
    if ( op.interface_version != XEN_SYSCTL_INTERFACE_VERSION )
        return -EACCES;
    if ( !is_control_domain(current->domain) )
        return -EPERM;
    domain_reap_zombies();
    switch ( op.cmd )
    {
    case XEN_SYSCTL_physinfo:
        physinfo(&op.u.physinfo);
        rc = 0;
        break;
    case XEN_SYSCTL_getdomaininfolist:
        rc = getdomaininfolist(&op.u.getdomaininfolist);
        break;
    case XEN_SYSCTL_readconsole:
        rc = read_console_ring(&op.u.readconsole);
        break;
    case XEN_SYSCTL_sched_id:
        op.u.sched_id.sched_id = XEN_SCHEDULER_CREDIT;
        rc = 0;
        break;
    default:
        return -ENOSYS;
    }
    if ( !rc && copy_to_guest(arg, &op, 1) )
        rc = -EFAULT;
    return rc;
}
