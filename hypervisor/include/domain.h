/*
 * Domains and vCPUs: the state the hypercalls and the exception paths act
 * on.  Guest-supplied values stored here have been validated on the way in.
 */
#ifndef PVX_DOMAIN_H
#define PVX_DOMAIN_H

#include "lib.h"
#include <xen/xen.h>
#include <xen/vcpu.h>
#include "event.h"
#include "grant_table.h"
#include "param.h"
#include "timer.h"
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
    unsigned long gdt_frames[FIRST_RESERVED_GDT_PAGE]; /* set_gdt */
    unsigned int gdt_ents;
    unsigned long ldt_base;             /* MMUEXT_SET_LDT: guest VA */
    unsigned int ldt_ents;              /* ... and entry count */

    /* Time and events (vcpu_op.c, vcpu_timer.c, sched_block.c). */
    unsigned long vcpu_info_mfn;        /* registered frame, or INVALID */
    evtchn_port_t virq_to_evtchn[NR_VIRQS];
    struct timer singleshot_timer;      /* set_timer_op, VCPUOP_ */
    struct timer periodic_timer;        /* VCPUOP_set_periodic_timer */
    uint64_t periodic_period, periodic_last_event;  /* ns */
    struct timer poll_timer;            /* SCHEDOP_poll timeout */
    bool blocked;                       /* Xen's _VPF_blocked */
    bool polling;                       /* Xen's bit in d->poll_mask */
    int poll_evtchn;                    /* the one port polled, -1: many */
    struct vcpu_runstate_info runstate;
    unsigned long runstate_guest;       /* guest VA, 0: none */
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
    struct evtchn evtchn[NR_EVTCHN_PORTS];
    unsigned int valid_evtchns;         /* ports [0, this) allocated */
    struct grant_table grant_table;     /* grant_table.c */

    /* Lifecycle (common/domain.c). */
    struct domain *next_in_list;        /* domain_list, ascending domid */
    struct domain *next_in_hash;        /* domain_hash bucket */
};

/* vCPU id of d, or NULL: one vCPU per domain until SMP. */
static inline struct vcpu *domain_vcpu(struct domain *d, unsigned int id)
{
    return id == 0 ? &d->vcpu0 : NULL;
}

extern struct vcpu *current;            /* the vCPU on this CPU */

/*
 * The domains in existence, ascending by domid.  No lock while NR_CPUS is
 * 1: with SMP, readers take an RCU read lock (Xen's domlist_read_lock) and
 * insertion and removal a spinlock (domlist_update_lock) in domain.c.
 */
extern struct domain *domain_list;
#define for_each_domain(d) \
    for ( (d) = domain_list; (d) != NULL; (d) = (d)->next_in_list )

/* The domain with this id, or NULL (DOMID_SELF is not resolved here). */
struct domain *get_domain_by_id(domid_t domid);
/* Make d findable by its (unused) domid. */
void domlist_insert(struct domain *d);

/* A rule the guest broke that it cannot be told about: it ends here. */
noreturn void domain_crash(struct domain *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
noreturn void domain_shutdown(struct domain *d, unsigned int reason);

#endif /* PVX_DOMAIN_H */
