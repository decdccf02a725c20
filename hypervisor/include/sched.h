/*
 * Scheduling vCPUs on physical CPUs (common/schedule.c, the credit
 * policy in common/sched_credit.c) and the vCPU switch underneath
 * (arch/x86/context_switch.c).  Callers own the state runnability
 * depends on; they change it, then tell the scheduler here.
 *
 * All of it runs under the hypervisor lock (smp.h), which covers the
 * credit scheduler's private data, every CPU's run queue and timers.
 * Timer callbacks run under it too and may raise the schedule softirq
 * or wake vCPUs (sched_vcpu_wake), on this CPU or another.
 */
#ifndef PVX_SCHED_H
#define PVX_SCHED_H

#include "lib.h"
#include <xen/xen.h>
#include "cpumask.h"
#include "sched_credit.h"

struct domain;
struct vcpu;

/* Boot: the credit scheduler, CPU 0's idle vCPU, accounting timer. */
void sched_init(void);
/* Before an AP starts: its idle vCPU (its `current'), queue and timers. */
void sched_init_cpu(unsigned int cpu);
/* A domain's scheduling parameters, before its first vCPU is inserted. */
void sched_init_domain(struct domain *d);

/*
 * The life of a vCPU in the scheduler: insert once created (it starts
 * offline), remove before it is freed (never while it runs), and after
 * changing anything vcpu_runnable() reads, sleep (it may no longer run)
 * or wake (it may run now).  Both are cheap no-ops when nothing changed.
 */
void sched_vcpu_insert(struct vcpu *v);
void sched_vcpu_remove(struct vcpu *v);
void sched_vcpu_sleep(struct vcpu *v);
void sched_vcpu_wake(struct vcpu *v);
/*
 * Initialised, up, not blocked, its domain runnable (domain_runnable():
 * domain.c's pause and shutdown call sched_vcpu_sleep/wake per vCPU).
 */
bool vcpu_runnable(const struct vcpu *v);
/*
 * After sched_vcpu_sleep: return once v runs on no CPU (Xen's
 * vcpu_sleep_sync), so its saved context is whole and no CPU holds its
 * page tables.  May drop and retake the hypervisor lock: the caller
 * re-checks anything another CPU could have changed (v itself may be
 * gone with its domain).  False: it returned early because the calling
 * vCPU was paused meanwhile (by a CPU that may be waiting for it); the
 * caller backs out and restarts.  Never for a caller whose targets
 * cannot pause it (pause and destroy of another domain).
 */
bool vcpu_sleep_sync(struct vcpu *v);
bool is_idle_vcpu(const struct vcpu *v);

/* SCHEDOP_yield: let other runnable vCPUs of this CPU go first. */
void sched_yield(void);
/*
 * The exit path (pv_exit_to_guest, interrupts off): run due timers and
 * reschedule if asked; while only the idle vCPU can run, halt with
 * interrupts open.  Returns with a guest vCPU current.
 */
void sched_softirq_and_idle(void);
/* Boot: run the first guest vCPU (already woken) from the idle vCPU. */
noreturn void sched_start(void);

/*
 * XEN_DOMCTL_setvcpuaffinity once domctl has read the maps (NULL: leave
 * that one): -EINVAL if hard leaves v no online CPU, else 0; v moves off
 * a CPU its hard affinity no longer allows.
 */
long sched_set_affinity(struct vcpu *v, const cpumask_t *hard,
                        const cpumask_t *soft);
/* common/vcpu_affinity.c: XEN_DOMCTL_{set,get}vcpuaffinity on d. */
struct xen_domctl_vcpuaffinity;
long domctl_vcpuaffinity(struct domain *d, uint32_t cmd,
                         struct xen_domctl_vcpuaffinity *a);

/*
 * XEN_DOMCTL_scheduler_op with sched_id XEN_SCHEDULER_CREDIT, once
 * domctl.c has checked both: getinfo (put false) reads d's weight and
 * cap, putinfo (put true) sets them, weight 0 and cap 0xffff meaning
 * "unchanged" as in Xen's csched_dom_cntl.  0 or a negative errno.
 */
long sched_credit_op(struct domain *d, bool put, uint16_t *weight,
                     uint16_t *cap);

/* arch/x86/context_switch.c: prev's state out of the CPU, next's in. */
void context_switch(struct vcpu *prev, struct vcpu *next);

#endif /* PVX_SCHED_H */
