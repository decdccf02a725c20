/*
 * Timer lists, one per CPU, each sorted by deadline; a CPU's LAPIC is
 * armed for the head of its own list only.  Lists are changed under the
 * hypervisor lock (smp.h); a CPU that changes another CPU's head cannot
 * program that CPU's LAPIC, so it marks the list and sends an event-check
 * IPI, and the owner reprograms on its way out (timer_softirq).  The timer
 * interrupt itself takes no lock: it only notes that it fired.
 */
#include "apic.h"
#include "cpu.h"
#include "smp.h"
#include "timer.h"

struct timer_cpu
{
    struct timer *list;                 /* sorted, earliest first */
    bool reprogram;                     /* head changed from elsewhere */
};

static struct timer_cpu timers[NR_CPUS];

/* Program this CPU's LAPIC for its earliest deadline. */
static void reprogram(struct timer_cpu *tc)
{
    uint64_t now;

    tc->reprogram = false;
    if ( !tc->list )
    {
        apic_timer_arm(0);
        return;
    }
    now = now_ns();
    apic_timer_arm(tc->list->expires > now ? tc->list->expires - now : 1);
}

/* The head of t's list changed: its CPU's LAPIC must follow. */
static void head_changed(struct timer *t)
{
    if ( t->cpu == smp_processor_id() )
        reprogram(&timers[t->cpu]);
    else
    {
        timers[t->cpu].reprogram = true;
        smp_send_event_check(t->cpu);
    }
}

static void unlink_timer(struct timer *t)
{
    struct timer **pp = &timers[t->cpu].list;

    while ( *pp && *pp != t )
        pp = &(*pp)->next;
    BUG_ON(!*pp);                       /* active but not on the list */
    *pp = t->next;
    t->next = NULL;
    t->active = false;
}

void init_timer(struct timer *t, void (*fn)(void *data), void *data)
{
    t->expires = 0;
    t->fn = fn;
    t->data = data;
    t->next = NULL;
    t->active = false;
    t->cpu = smp_processor_id();
}

void set_timer(struct timer *t, uint64_t expires)
{
    struct timer **pp;

    if ( t->active )
        unlink_timer(t);
    t->expires = expires;
    /* Equal deadlines keep their arming order. */
    pp = &timers[t->cpu].list;
    while ( *pp && (*pp)->expires <= expires )
        pp = &(*pp)->next;
    t->next = *pp;
    *pp = t;
    t->active = true;
    if ( timers[t->cpu].list == t )
        head_changed(t);
}

void stop_timer(struct timer *t)
{
    bool was_head;

    if ( !t->active )
        return;
    was_head = timers[t->cpu].list == t;
    unlink_timer(t);
    if ( was_head )
        head_changed(t);
}

void migrate_timer(struct timer *t, unsigned int cpu)
{
    bool active = t->active;

    if ( t->cpu == cpu )
        return;
    stop_timer(t);
    t->cpu = cpu;
    if ( active )
        set_timer(t, t->expires);
}

static void run_expired(struct timer_cpu *tc)
{
    /*
     * Take expired timers one at a time: a callback may re-arm itself
     * (the periodic timer) or stop another timer.
     */
    while ( tc->list && tc->list->expires <= now_ns() )
    {
        struct timer *t = tc->list;

        tc->list = t->next;
        t->next = NULL;
        t->active = false;
        t->fn(t->data);
    }
}

void timer_interrupt(void)
{
    get_cpu_info()->timer_irq = true;
}

void timer_softirq(void)
{
    struct cpu_info *ci = get_cpu_info();
    struct timer_cpu *tc = &timers[ci->processor_id];
    bool due = tc->list && tc->list->expires <= now_ns();

    /* The LAPIC fires once per arming: after it did, always re-arm. */
    if ( !due && !ci->timer_irq && !tc->reprogram )
        return;
    ci->timer_irq = false;
    run_expired(tc);
    reprogram(tc);
}
