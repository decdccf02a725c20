/*
 * The scheduler's mechanism (Xen's common/sched/core.c in miniature):
 * per-CPU state with an idle vCPU, the slice, tick and accounting timers
 * that drive the credit policy (sched_credit.c), runstate accounting,
 * and schedule(), run only on the way out to a guest, where the guest
 * frame at the top of the stack is the whole of the outgoing context.
 * Trusts its callers to have validated what they change (sched.h).
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include "apic.h"
#include "cpu.h"
#include "domain.h"
#include "sched.h"
#include "timer.h"
#include "vtime.h"
#include "x86.h"

/* One CPU's scheduling state; an array indexed by CPU once SMP comes. */
struct sched_percpu
{
    struct vcpu *idle;
    struct csched_pcpu csched;
    struct timer slice_timer;           /* end of the running slice */
    struct timer ticker;                /* csched_tick, guests only */
    bool softirq;                       /* Xen's SCHEDULE_SOFTIRQ */
};

struct vcpu *current;                   /* the vCPU this CPU runs */
static struct sched_percpu this_cpu;
static struct csched_private csched;
static struct timer acct_timer;         /* csched_acct, one for all CPUs */
static struct domain idle_domain;
static struct vcpu idle_vcpu;

bool is_idle_vcpu(const struct vcpu *v)
{
    return v == this_cpu.idle;
}

bool vcpu_runnable(const struct vcpu *v)
{
    return v->is_initialised && !v->down && !v->blocked &&
           domain_runnable(v->domain);
}

static void raise_schedule(void)
{
    this_cpu.softirq = true;
}

/* The state a vCPU that is not running is in (Xen's schedule()). */
static int idle_state(const struct vcpu *v)
{
    if ( v->blocked && v->is_initialised && !v->down )
        return RUNSTATE_blocked;
    return vcpu_runnable(v) ? RUNSTATE_runnable : RUNSTATE_offline;
}

static void slice_timer_fn(void *data)
{
    raise_schedule();
}

static void ticker_fn(void *data)
{
    struct sched_percpu *sp = data;
    uint64_t now = now_ns();

    csched_tick(&csched, &sp->csched, now);
    if ( sp->csched.resched )
        raise_schedule();
    set_timer(&sp->ticker, now + csched.tick_ns);
}

static void acct_timer_fn(void *data)
{
    csched_acct(&csched);
    if ( this_cpu.csched.resched )      /* a cap parked the running vCPU */
        raise_schedule();
    set_timer(&acct_timer, now_ns() + csched.tslice_ns);
}

void sched_init(void)
{
    struct sched_percpu *sp = &this_cpu;

    csched_init(&csched, CSCHED_DEFAULT_TSLICE_MS);
    idle_domain.domid = DOMID_IDLE;
    idle_vcpu.domain = &idle_domain;
    idle_vcpu.runstate.state = RUNSTATE_running;
    csched_unit_init(&idle_vcpu.sched, NULL, &idle_vcpu);
    csched_pcpu_init(&csched, &sp->csched, &idle_vcpu.sched);
    sp->idle = &idle_vcpu;
    init_timer(&sp->slice_timer, slice_timer_fn, sp);
    init_timer(&sp->ticker, ticker_fn, sp);
    init_timer(&acct_timer, acct_timer_fn, NULL);
    current = &idle_vcpu;
    pr_info("sched: credit, %lu ms slices, weight %u by default\n",
            csched.tslice_ns / 1000000, CSCHED_DEFAULT_WEIGHT);
}

void sched_init_domain(struct domain *d)
{
    csched_dom_init(&d->sched);
}

void sched_vcpu_insert(struct vcpu *v)
{
    csched_unit_init(&v->sched, &v->domain->sched, v);
    v->runstate.state = idle_state(v);
    v->runstate.state_entry_time = now_ns();
}

void sched_vcpu_remove(struct vcpu *v)
{
    BUG_ON(v == current);
    csched_remove(&csched, &this_cpu.csched, &v->sched);
}

/*
 * Callers change a vCPU's state first and call here after, from any
 * context with interrupts off (hypercalls, timer callbacks, event
 * delivery).  The running vCPU is never switched out here, only marked:
 * its stack frame is live until schedule() runs on the way out.
 */
void sched_vcpu_sleep(struct vcpu *v)
{
    if ( vcpu_runnable(v) )
        return;
    /* A queued vCPU leaves the queue; the running one at the exit. */
    if ( v != current && v->runstate.state == RUNSTATE_runnable )
        vcpu_runstate_change(v, idle_state(v));
    csched_sleep(&this_cpu.csched, &v->sched);
    if ( this_cpu.csched.resched )
        raise_schedule();
}

void sched_vcpu_wake(struct vcpu *v)
{
    if ( !vcpu_runnable(v) )
        return;
    if ( v->runstate.state >= RUNSTATE_blocked )
        vcpu_runstate_change(v, RUNSTATE_runnable);
    csched_wake(&this_cpu.csched, &v->sched);
    if ( this_cpu.csched.resched )
        raise_schedule();
}

void sched_yield(void)
{
    csched_yield(&current->sched);
    raise_schedule();
}

/*
 * Pick the next vCPU and switch to it.  The outgoing vCPU's runstate
 * area is written while its address space is still loaded, the
 * incoming one's once its own is (vcpu_runstate_change writes only
 * current's).  The periodic timer runs only while its vCPU does (Xen).
 */
static void schedule(void)
{
    struct sched_percpu *sp = &this_cpu;
    struct vcpu *prev = current, *next;
    uint64_t now = now_ns(), slice;

    sp->softirq = false;
    next = csched_schedule(&csched, &sp->csched, now, &slice)->owner;
    if ( slice )
        set_timer(&sp->slice_timer, now + slice);
    else
        stop_timer(&sp->slice_timer);
    if ( is_idle_vcpu(next) )
        stop_timer(&sp->ticker);
    else if ( !sp->ticker.active )
        set_timer(&sp->ticker, now + csched.tick_ns);
    if ( !acct_timer.active )
        set_timer(&acct_timer, now + csched.tslice_ns);
    if ( prev == next )
        return;

    stop_timer(&prev->periodic_timer);
    vcpu_runstate_change(prev, is_idle_vcpu(prev) ? RUNSTATE_runnable
                                                  : idle_state(prev));
    context_switch(prev, next);
    vcpu_runstate_change(next, RUNSTATE_running);
    if ( !is_idle_vcpu(next) )
    {
        update_vcpu_system_time(next);
        vcpu_periodic_timer_work(next);
    }
}

void sched_softirq_and_idle(void)
{
    for ( ;; )
    {
        timer_softirq();
        if ( this_cpu.softirq )
            schedule();
        if ( !is_idle_vcpu(current) )
            return;
        /* `sti; hlt' cannot lose an interrupt between the two. */
        asm volatile ( "sti; hlt; cli" ::: "memory" );
    }
}

noreturn void sched_start(void)
{
    struct cpu_user_regs *regs = guest_cpu_user_regs();

    BUG_ON(!is_idle_vcpu(current));
    /* Through the exit path as if to a guest: schedule() fills the frame. */
    memset(regs, 0, sizeof(*regs));
    regs->cs = FLAT_KERNEL_CS;
    raise_schedule();
    enter_guest(regs);
}

long sched_credit_op(struct domain *d, bool put, uint16_t *weight,
                     uint16_t *cap)
{
    if ( put )
        return csched_set_params(&csched, &d->sched, *weight, *cap);
    *weight = d->sched.weight;
    *cap = d->sched.cap;
    return 0;
}
