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
#include "sched_credit.h"
#include "cpumask.h"
#include "cpu.h"

struct domain;

/*
 * A domain's life (Xen's is_shut_down / is_dying, as one state).  Pausing
 * is separate: controller_pause_count > 0 stops a created or running
 * domain.  Moves allowed: domain_state_ok() in common/domlist.c.
 */
enum domain_state
{
    DOMSTATE_created,                   /* built, not yet unpaused */
    DOMSTATE_running,                   /* unpaused at least once */
    DOMSTATE_shutdown,                  /* stopped itself: shutdown_code */
    DOMSTATE_dying,                     /* destroyed; frames still in use */
    DOMSTATE_dead,                      /* everything freed, domid unused */
};

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

    /* Scheduling (schedule.c, vcpu.c); vcpu_runnable() reads these. */
    struct cpu_user_regs user_regs;     /* guest frame while not running */
    struct csched_unit sched;           /* credit scheduler's state */
    bool is_initialised;                /* VCPUOP_initialise or builder */
    bool down;                          /* Xen's _VPF_down */
    unsigned int processor;             /* the CPU whose queue it is on */
    cpumask_t cpu_hard_affinity;        /* may run only there (Xen's) */
    cpumask_t cpu_soft_affinity;        /* prefers these, within hard */
    unsigned int pause_count;           /* Xen's vcpu_pause (domctl) */
    bool is_running;                    /* loaded on processor (Xen's) */
};

struct domain
{
    domid_t domid;
    bool is_privileged;
    struct shared_info *shared_info;    /* hypervisor VA */
    unsigned long shared_info_mfn;
    unsigned long tot_pages, max_pages;
    unsigned long owned_frames;         /* owner == d, count > 0: any kind */
    unsigned long vm_assist;            /* VMASST_TYPE_* bits */
    bool is_shutting_down;
    unsigned int shutdown_code;
    struct vcpu *vcpu[DOMAIN_MAX_VCPUS]; /* vcpu_create; NULL: none */
    struct csched_dom sched;            /* weight and cap (schedule.c) */
    struct evtchn evtchn[NR_EVTCHN_PORTS];
    unsigned int valid_evtchns;         /* ports [0, this) allocated */
    struct grant_table grant_table;     /* grant_table.c */
    cpumask_t dirty_cpumask;            /* CPUs with its tables in CR3 */

    /* Lifecycle (common/domain.c, common/domlist.c). */
    enum domain_state state;
    unsigned int controller_pause_count; /* pausedomain nesting, 1 at birth */
    unsigned int max_vcpus;             /* createdomain's, 1 until SMP */
    xen_domain_handle_t handle;         /* the toolstack's UUID */
    void *e820;                         /* set_memory_map's frames, or NULL */
    unsigned int nr_e820;               /* ... its entries (memory_op.c) */
    struct domain *next_in_list;        /* domain_list, ascending domid */
    struct domain *next_in_hash;        /* domain_hash bucket */
};

/* vCPU id of d, or NULL (out of range, or not created). */
static inline struct vcpu *domain_vcpu(struct domain *d, unsigned int id)
{
    return id < DOMAIN_MAX_VCPUS ? d->vcpu[id] : NULL;
}

/*
 * vcpu.c: a vCPU of d, offline, known to the scheduler (NULL: no
 * memory); vCPU 0 first, as it sets up d's scheduling parameters.
 * vcpu_destroy stops its timers and frees it; it must not be running,
 * and what its tables and GDT reference is released before
 * (relinquish).  vcpu_updown_op: VCPUOP_initialise, _up, _down, _is_up.
 */
struct vcpu *vcpu_create(struct domain *d, unsigned int id);
void vcpu_destroy(struct vcpu *v);
long vcpu_updown_op(int cmd, struct vcpu *v, unsigned long arg);

/* The vCPU on this CPU (per CPU: cpu.h); one variable in host tests. */
#ifdef PVX_HOST_TEST
extern struct vcpu *current;
#else
#define current (get_cpu_info()->current_vcpu)
#endif

/*
 * The domains in existence, ascending by domid.  Read and changed under
 * the hypervisor lock (smp.h), like everything shared between CPUs.
 */
extern struct domain *domain_list;
#define for_each_domain(d) \
    for ( (d) = domain_list; (d) != NULL; (d) = (d)->next_in_list )

/* The domain with this id, or NULL (DOMID_SELF is not resolved here). */
struct domain *get_domain_by_id(domid_t domid);
/* The first domain with an id >= domid, or NULL (getdomaininfo). */
struct domain *domain_at_or_after(domid_t domid);
/* Make d findable by its (unused) domid / forget it. */
void domlist_insert(struct domain *d);
void domlist_remove(struct domain *d);
/*
 * A domid for createdomain, Xen's rule: a requested id in
 * [1, DOMID_FIRST_RESERVED) if free (-EEXIST if not); otherwise (0 or
 * reserved) the next free one after the last handed out, wrapping to 1
 * (-ENOMEM when none is).  0 or a negative errno; *domid receives it.
 */
int domid_alloc(domid_t requested, domid_t *domid);
/* May a domain in state from move to state to? */
bool domain_state_ok(enum domain_state from, enum domain_state to);

/*
 * The lifecycle.  domain_create builds a domain paused (count 1), with
 * its shared_info and event channels; its vCPUs come from vcpu_create
 * (the builder, XEN_DOMCTL_max_vcpus, as Xen); NULL and *err on failure.
 * domain_destroy drops everything it holds and frees its frames; a
 * domain whose frames another domain still maps stays dying until
 * domain_reap finds them gone.  Pause and unpause are the toolstack's
 * (Xen's *_by_systemcontroller): -EOVERFLOW past 255, -EINVAL below 0.
 */
#define CDF_privileged  (1U << 0)       /* the control domain */
struct domain *domain_create(domid_t domid, unsigned int max_vcpus,
                             unsigned int cdf, int *err);
void domain_destroy(struct domain *d);
bool domain_reap(struct domain *d);     /* true: d is gone */
void domain_reap_zombies(void);         /* every dying domain, as above */
int domain_pause(struct domain *d);
int domain_unpause(struct domain *d);
/* common/domctl.c: Xen's getdomaininfo record of d (sysctl uses it). */
struct xen_domctl_getdomaininfo;
void getdomaininfo(const struct domain *d,
                   struct xen_domctl_getdomaininfo *info);
/* mm/relinquish.c: dropping all a dying d holds. */
void domain_relinquish_memory(struct domain *d);
/* mm/memory_op.c: the map XENMEM_set_memory_map gave d goes. */
void domain_free_memory_map(struct domain *d);
/* May the scheduler run d's vCPUs? */
static inline bool domain_runnable(const struct domain *d)
{
    return d->state == DOMSTATE_running && !d->controller_pause_count;
}
/* The control domain: the one privilege check for domctl and sysctl. */
static inline bool is_control_domain(const struct domain *d)
{
    return d->is_privileged;
}

/*
 * A rule the guest broke that it cannot be told about.  The hardware
 * domain's end is the machine's (never returns); any other domain stops
 * in DOMSTATE_shutdown, dom0 hears of it through VIRQ_DOM_EXC, and the
 * caller must not return to it (the scheduler picks another vCPU).
 */
void domain_crash(struct domain *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void domain_shutdown(struct domain *d, unsigned int reason);

#endif /* PVX_DOMAIN_H */
