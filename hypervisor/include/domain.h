/*
 * Domains and vCPUs: the state the hypercalls and the exception paths act
 * on.  Guest-supplied values stored here have been validated on the way in.
 */
#ifndef PVX_DOMAIN_H
#define PVX_DOMAIN_H

#include "lib.h"
#include <xen/xen.h>
#include "pv_cpu.h"

struct domain;

struct vcpu
{
    struct domain *domain;
    unsigned int vcpu_id;
    struct vcpu_info *vcpu_info;        /* hypervisor VA, in shared_info */

    bool kernel_mode;                   /* Xen's TF_kernel_mode */
    unsigned long guest_table;          /* kernel L4 mfn */
    unsigned long guest_table_user;     /* user L4 mfn, 0: none */

    struct trap_info trap_ctxt[256];    /* set_trap_table, by vector */
    unsigned long event_callback;       /* CALLBACKTYPE_event */
    unsigned long failsafe_callback;    /* CALLBACKTYPE_failsafe */
    unsigned long syscall_callback;     /* CALLBACKTYPE_syscall */
    bool failsafe_disables_events;
    bool syscall_disables_events;
    unsigned long kernel_ss, kernel_sp; /* stack_switch */
    bool fpu_ts;                        /* virtual CR0.TS (fpu_taskswitch) */
    struct pv_cpu_state arch;           /* emulated CPU state: pv_cpu.h */
    struct pv_cpu_state arch;           /* emulated CPU state: pv_cpu.h */
    unsigned long ldt_base;             /* MMUEXT_SET_LDT: guest VA */
    unsigned int ldt_ents;              /* ... and entry count */
};

struct domain
{
    domid_t domid;
    bool is_privileged;
    struct shared_info *shared_info;    /* hypervisor VA */
    unsigned long shared_info_mfn;
    unsigned long tot_pages, max_pages;
    unsigned long vm_assist;            /* VMASST_TYPE_* bits */
    bool is_shutting_down;
    unsigned int shutdown_code;
    struct vcpu vcpu0;
};

extern struct vcpu *current;            /* the vCPU on this CPU */

/* A rule the guest broke that it cannot be told about: it ends here. */
noreturn void domain_crash(struct domain *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
noreturn void domain_shutdown(struct domain *d, unsigned int reason);

#endif /* PVX_DOMAIN_H */
