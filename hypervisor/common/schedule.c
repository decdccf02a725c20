/*
 * The scheduler's mechanism (Xen's common/sched/core.c in miniature):
 * per-CPU state with an idle vCPU and a run queue, the slice, tick and
 * accounting timers that drive the credit policy (sched_credit.c), vCPU
 * placement on CPUs (sched_place.c), runstate accounting, and schedule(),
 * run only on the way out to a guest, where the guest frame at the top of
 * the stack is the whole of the outgoing context.  Everything here is
 * under the hypervisor lock (smp.h).
 * Trusts its callers to have validated what they change (sched.h).
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include "apic.h"
#include "cpu.h"
#include "domain.h"
#include "errno.h"
#include "sched.h"
#include "sched_place.h"
#include "smp.h"
#include "timer.h"
#include "vtime.h"
#include "x86.h"

/* One CPU's scheduling state (Xen's sched_resource + csched_pcpu). */
struct sched_percpu
{
    struct vcpu *idle;
    struct csched_pcpu csched;          /* its run queue */
    struct timer slice_timer;           /* end of the running slice */
    struct timer ticker;                /* csched_tick, guests only */
    bool softirq;                       /* Xen's SCHEDULE_SOFTIRQ */
};

static struct sched_percpu sched_cpu[NR_CPUS];
static struct csched_private csched;
static struct timer acct_timer;         /* csched_acct, on CPU 0 */
static struct domain idle_domain;
static struct vcpu idle_vcpus[NR_CPUS];
static cpumask_t idle_cpus;             /* running idle, queue empty */

static struct sched_percpu *this_sched(void)
{
    return &sched_cpu[smp_processor_id()];
}

/* The run queue v is on, or would be: its CPU's. */
static struct csched_pcpu *vcpu_pcpu(const struct vcpu *v)
{
    return &sched_cpu[v->processor].csched;
}

bool is_idle_vcpu(const struct vcpu *v)
{
    return v->domain == &idle_domain;
}

bool vcpu_runnable(const struct vcpu *v)
{
    return v->is_initialised && !v->down && !v->blocked &&
           !v->pause_count && domain_runnable(v->domain);
}

/* Make cpu run schedule() on its way out; another CPU hears an IPI. */
static void raise_schedule(unsigned int cpu)
{
    sched_cpu[cpu].softirq = true;
    smp_send_event_check(cpu);
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
    struct sched_percpu *sp = data;

    raise_schedule((unsigned int)(sp - sched_cpu));
}

static void ticker_fn(void *data)
{
    struct sched_percpu *sp = data;
    uint64_t now = now_ns();

    csched_tick(&csched, &sp->csched, now);
    if ( sp->csched.resched )
        raise_schedule((unsigned int)(sp - sched_cpu));
    set_timer(&sp->ticker, now + csched.tick_ns);
}

static void acct_timer_fn(void *data)
{
    unsigned int cpu;

    csched_acct(&csched);
    for_each_cpu ( cpu, &cpu_online_map )   /* a cap parked one running */
        if ( sched_cpu[cpu].csched.resched )
            raise_schedule(cpu);
    set_timer(&acct_timer, now_ns() + csched.tslice_ns);
}

/* cpu's idle vCPU, queue and timers; the BSP's at boot, an AP's before
 * it starts (its timers are put on its own list). */
void sched_init_cpu(unsigned int cpu)
{
    struct sched_percpu *sp = &sched_cpu[cpu];
    struct vcpu *idle = &idle_vcpus[cpu];

    idle->domain = &idle_domain;
    idle->vcpu_id = cpu;
    idle->processor = cpu;
    idle->is_running = true;
    idle->runstate.state = RUNSTATE_running;
    csched_unit_init(&idle->sched, NULL, idle);
    csched_pcpu_init(&csched, &sp->csched, &idle->sched, cpu);
    sp->idle = idle;
    init_timer(&sp->slice_timer, slice_timer_fn, sp);
    init_timer(&sp->ticker, ticker_fn, sp);
    sp->slice_timer.cpu = sp->ticker.cpu = cpu;
    cpu_stacks[cpu].info.current_vcpu = idle;
    cpumask_set(cpu, &idle_cpus);
}

void sched_init(void)
{
    csched_init(&csched, CSCHED_DEFAULT_TSLICE_MS);
    idle_domain.domid = DOMID_IDLE;
    sched_init_cpu(0);
    init_timer(&acct_timer, acct_timer_fn, NULL);
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
    /* Xen's default for a new vCPU: hard and soft affinity to all. */
    v->cpu_hard_affinity = v->cpu_soft_affinity = (cpumask_t){ ~0ULL };
    v->processor = sched_initial_cpu(v->vcpu_id, cpu_online_map);
    v->runstate.state = idle_state(v);
    v->runstate.state_entry_time = now_ns();
}

void sched_vcpu_remove(struct vcpu *v)
{
    BUG_ON(v->is_running);
    csched_remove(&csched, vcpu_pcpu(v), &v->sched);
}

/*
 * Callers change a vCPU's state first and call here after, from any
 * context holding the hypervisor lock (hypercalls, timer callbacks, event
 * delivery), for a vCPU of any CPU.  A running vCPU is never switched out
 * here, only marked: its frame is live on its CPU until schedule() runs
 * there on the way out, which the event-check IPI brings about now.
 */
void sched_vcpu_sleep(struct vcpu *v)
{
    struct csched_pcpu *pc = vcpu_pcpu(v);

    if ( vcpu_runnable(v) )
        return;
    /* A queued vCPU leaves the queue; the running one at the exit. */
    if ( !v->is_running && v->runstate.state == RUNSTATE_runnable )
        vcpu_runstate_change(v, idle_state(v));
    csched_sleep(pc, &v->sched);
    if ( pc->resched )
        raise_schedule(v->processor);
}

/* Where v may go now: its hard affinity among the online CPUs. */
static unsigned int pick_cpu(const struct vcpu *v)
{
    return sched_pick_cpu(v->processor,
                          cpumask_and(v->cpu_hard_affinity, cpu_online_map),
                          v->cpu_soft_affinity, idle_cpus);
}

void sched_vcpu_wake(struct vcpu *v)
{
    struct csched_pcpu *pc;

    if ( !vcpu_runnable(v) )
        return;
    if ( v->runstate.state >= RUNSTATE_blocked )
        vcpu_runstate_change(v, RUNSTATE_runnable);
    /* Running or queued somewhere, it stays there; otherwise it moves. */
    if ( !v->is_running && !v->sched.on_runq )
        v->processor = pick_cpu(v);
    pc = vcpu_pcpu(v);
    csched_wake(pc, &v->sched);
    if ( v->sched.on_runq )
        cpumask_unset(v->processor, &idle_cpus);
    if ( pc->resched )
        raise_schedule(v->processor);
}

/*
 * Done when v is off its CPU, or when the waiting vCPU is itself asked to
 * stop (paused by another CPU that waits for it in turn: two vCPUs of the
 * control domain reading each other's context must not wait forever).
 */
static bool vcpu_descheduled(const void *arg)
{
    const struct vcpu *v = arg;

    return !__atomic_load_n(&v->is_running, __ATOMIC_ACQUIRE) ||
           __atomic_load_n(&current->pause_count, __ATOMIC_RELAXED);
}

bool vcpu_sleep_sync(struct vcpu *v)
{
    if ( v == current || vcpu_runnable(v) )
        return true;
    /* Its CPU needs the lock to switch it out: wait without it. */
    hv_lock_wait(vcpu_descheduled, v);
    return !current->pause_count;
}

void sched_yield(void)
{
    csched_yield(&current->sched);
    raise_schedule(smp_processor_id());
}

/*
 * Pick the next vCPU and switch to it.  The outgoing vCPU's runstate
 * area is written while its address space is still loaded, the
 * incoming one's once its own is (vcpu_runstate_change writes only
 * current's).  The periodic timer runs only while its vCPU does (Xen);
 * the incoming vCPU's other timers move to this CPU with it.
 */
static void schedule(void)
{
    struct sched_percpu *sp = this_sched();
    unsigned int cpu = smp_processor_id();
    struct vcpu *prev = current, *next;
    uint64_t now = now_ns(), slice;
    cpumask_t idle;

    sp->softirq = false;
    next = csched_schedule(&csched, &sp->csched, now, &slice)->owner;
    if ( slice )
        set_timer(&sp->slice_timer, now + slice);
    else
        stop_timer(&sp->slice_timer);
    if ( is_idle_vcpu(next) )
    {
        stop_timer(&sp->ticker);
        cpumask_set(cpu, &idle_cpus);
    }
    else
    {
        cpumask_unset(cpu, &idle_cpus);
        if ( !sp->ticker.active )
            set_timer(&sp->ticker, now + csched.tick_ns);
    }
    if ( !acct_timer.active )
        set_timer(&acct_timer, now + csched.tslice_ns);
    /* Work left queued here while a CPU it may use idles: let that one
     * take it. */
    idle = cpumask_and(idle_cpus,
                       (cpumask_t){ csched_runq_cpus(&sp->csched) });
    if ( !cpumask_empty(&idle) )
        raise_schedule(cpumask_next(0, &idle));
    if ( prev == next )
        return;

    next->processor = cpu;              /* it may come from another queue */
    stop_timer(&prev->periodic_timer);
    vcpu_runstate_change(prev, is_idle_vcpu(prev) ? RUNSTATE_runnable
                                                  : idle_state(prev));
    context_switch(prev, next);
    vcpu_runstate_change(next, RUNSTATE_running);
    if ( !is_idle_vcpu(next) )
    {
        migrate_timer(&next->singleshot_timer, cpu);
        migrate_timer(&next->poll_timer, cpu);
        migrate_timer(&next->periodic_timer, cpu);
        update_vcpu_system_time(next);
        vcpu_periodic_timer_work(next);
    }
    /* Its affinity left this CPU: saved now, it goes where it may run. */
    if ( prev->sched.migrating )
    {
        prev->sched.migrating = false;
        sched_vcpu_wake(prev);
    }
}

/* Under the lock, interrupts off; halting drops the lock meanwhile. */
void sched_softirq_and_idle(void)
{
    for ( ;; )
    {
        timer_softirq();
        if ( this_sched()->softirq )
            schedule();
        if ( !is_idle_vcpu(current) )
            return;
        /*
         * `sti; hlt' cannot lose an interrupt between the two, and a wake
         * from another CPU after the unlock leaves its IPI pending.
         */
        hv_unlock();
        asm volatile ( "sti; hlt; cli" ::: "memory" );
        hv_lock();
    }
}

noreturn void sched_start(void)
{
    struct cpu_user_regs *regs = guest_cpu_user_regs();

    BUG_ON(!is_idle_vcpu(current));
    /* Through the exit path as if to a guest: schedule() fills the frame. */
    memset(regs, 0, sizeof(*regs));
    regs->cs = FLAT_KERNEL_CS;
    raise_schedule(smp_processor_id());
    enter_guest(regs);
}

/*
 * XEN_DOMCTL_setvcpuaffinity, checked by the caller but for this: a hard
 * affinity must leave v an online CPU (-EINVAL, as Xen).  A vCPU its new
 * affinity shuts out of its CPU moves as Xen's vcpu_migrate: a queued or
 * idle one at once, the running one when its CPU deschedules it.
 */
long sched_set_affinity(struct vcpu *v, const cpumask_t *hard,
                        const cpumask_t *soft)
{
    cpumask_t online_hard = hard ? cpumask_and(*hard, cpu_online_map)
                                 : (cpumask_t){ 0 };

    if ( hard && cpumask_empty(&online_hard) )
        return -EINVAL;
    if ( hard )
        v->cpu_hard_affinity = *hard;
    if ( soft )
        v->cpu_soft_affinity = *soft;
    v->sched.cpus = v->cpu_hard_affinity.bits;
    if ( cpumask_test(v->processor, &v->cpu_hard_affinity) )
        return 0;
    if ( v->is_running )
    {
        vcpu_pcpu(v)->resched = true;
        raise_schedule(v->processor);
        return 0;
    }
    if ( v->sched.on_runq )
        csched_sleep(vcpu_pcpu(v), &v->sched);  /* off the old queue */
    if ( vcpu_runnable(v) )
        sched_vcpu_wake(v);                     /* onto a new one */
    else
        v->processor = pick_cpu(v);             /* where it will wake */
    return 0;
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
