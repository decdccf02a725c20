/*
 * Guest-side wrappers for the control domain's hypercalls: domctl and
 * sysctl, whose public headers are the toolstack's (__XEN_TOOLS__).  Each
 * wrapper fills in the interface version so callers cannot forget it.
 * Returns 0 or a negative Xen errno, as the hypercall does.
 */
#ifndef HYPERCALLS_CONTROL_H
#define HYPERCALLS_CONTROL_H

/* xen.h declares the tools' types only if this is set when it is first
 * included: so this header must come before any other Xen header. */
#if defined(__XEN_PUBLIC_XEN_H__) && !defined(__XEN_TOOLS__)
#error "include <hypercalls/control.h> before any Xen public header"
#endif
#ifndef __XEN_TOOLS__
#define __XEN_TOOLS__ 1         /* domctl.h and sysctl.h refuse without */
#endif

#include <hypercalls/hypercall.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>

static inline long hypercall_domctl(uint32_t cmd, domid_t dom,
                                    struct xen_domctl *op)
{
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = dom;
    return HYPERCALL1(long, __HYPERVISOR_domctl, op);
}

static inline long hypercall_sysctl(uint32_t cmd, struct xen_sysctl *op)
{
    op->cmd = cmd;
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return HYPERCALL1(long, __HYPERVISOR_sysctl, op);
}

#endif /* HYPERCALLS_CONTROL_H */
