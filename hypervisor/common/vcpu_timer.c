/*
 * A vCPU's timers (Xen's common/sched/core.c): the single-shot timer of
 * set_timer_op and VCPUOP_set_singleshot_timer, and the periodic timer
 * PV vCPUs start with.  Both raise VIRQ_TIMER; the periodic one stops
 * while its vCPU is blocked and catches up when it runs again, as Xen's
 * context switch does.
 */
#include "lib.h"
#include <xen/xen.h>
#include "apic.h"
#include "domain.h"
#include "event.h"
#include "hypercall.h"
#include "param.h"
#include "timer.h"
#include "vtime.h"

static void send_timer_event(struct vcpu *v)
{
    send_guest_vcpu_virq(v, VIRQ_TIMER);
}

static void singleshot_timer_fn(void *data)
{
    send_timer_event(data);
}

void vcpu_periodic_timer_work(struct vcpu *v)
{
    uint64_t now, next;

    if ( !v->periodic_period )
        return;
    now = now_ns();
    next = v->periodic_last_event + v->periodic_period;
    if ( now >= next )
    {
        send_timer_event(v);
        v->periodic_last_event = now;
        next = now + v->periodic_period;
    }
    set_timer(&v->periodic_timer, next);
}

static void periodic_timer_fn(void *data)
{
    vcpu_periodic_timer_work(data);
}

/* Armed only while v runs: the context switch starts and stops it. */
void vcpu_set_periodic_timer(struct vcpu *v, uint64_t period_ns)
{
    stop_timer(&v->periodic_timer);
    v->periodic_period = period_ns;
    if ( v == current )
        vcpu_periodic_timer_work(v);
}

/* A deadline already past raises the event now (Xen 4.17.3 and later). */
void vcpu_set_singleshot_timer(struct vcpu *v, uint64_t timeout_abs_ns)
{
    if ( timeout_abs_ns < now_ns() )
    {
        stop_timer(&v->singleshot_timer);
        send_timer_event(v);
        return;
    }
    set_timer(&v->singleshot_timer, timeout_abs_ns);
}

long do_set_timer_op(int64_t timeout)
{
    struct vcpu *v = current;
    int64_t offset = timeout - (int64_t)now_ns();

    if ( timeout == 0 )
        stop_timer(&v->singleshot_timer);
    /*
     * Negative, or more than 2^50 ns (13 days) away: Linux's jiffies
     * wrapped, or an old guest has no timer at all.  Xen settles on an
     * event in 100 ms; so do we.
     */
    else if ( timeout < 0 || (offset > 0 && (uint32_t)(offset >> 50)) )
        set_timer(&v->singleshot_timer, now_ns() + HUGE_TIMEOUT_NS);
    else
        set_timer(&v->singleshot_timer, (uint64_t)timeout);
    return 0;
}

void vcpu_timers_init(struct vcpu *v)
{
    init_timer(&v->singleshot_timer, singleshot_timer_fn, v);
    init_timer(&v->periodic_timer, periodic_timer_fn, v);
    v->periodic_last_event = 0;
    vcpu_set_periodic_timer(v, PV_PERIODIC_NS);
}
