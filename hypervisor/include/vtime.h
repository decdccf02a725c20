/*
 * Time as guests see it: the wallclock in shared_info, each vCPU's
 * vcpu_time_info, its single-shot and periodic timers (VIRQ_TIMER), its
 * runstate, and blocking.  Values passed in are already validated.
 */
#ifndef PVX_VTIME_H
#define PVX_VTIME_H

#include "lib.h"
#include <xen/sched.h>

struct domain;
struct vcpu;

/* arch/x86/rtc.c: the CMOS clock, seconds since the Unix epoch. */
uint64_t rtc_read_seconds(void);

/* wallclock.c */
void wallclock_init(void);              /* boot: RTC -> wallclock base */
void update_domain_wallclock_time(struct domain *d);
void update_vcpu_system_time(struct vcpu *v);

/* vcpu_timer.c */
void vcpu_timers_init(struct vcpu *v);  /* starts the 10 ms periodic */
void vcpu_periodic_timer_work(struct vcpu *v);
void vcpu_set_periodic_timer(struct vcpu *v, uint64_t period_ns);
void vcpu_set_singleshot_timer(struct vcpu *v, uint64_t timeout_abs_ns);

/* vcpu_op.c */
void vcpu_events_init(struct vcpu *v);  /* timers, VIRQs, runstate */
void vcpu_runstate_change(struct vcpu *v, int new_state);

/* sched_block.c: SCHEDOP_block and SCHEDOP_poll for the current vCPU. */
void vcpu_block_init(struct vcpu *v);
long vcpu_block_enable_events(struct vcpu *v);
long do_poll(struct vcpu *v, const struct sched_poll *poll);

#endif /* PVX_VTIME_H */
