/*
 * The timer list: one CPU, so one list, kept sorted by deadline; the
 * LAPIC is armed for the head only.  Owns the LAPIC timer once dom0 runs.
 * Runs with interrupts off (hypercalls, traps and the timer interrupt all
 * do), so the list needs no lock while NR_CPUS is 1.
 */
#include "apic.h"
#include "timer.h"

static struct timer *timer_list;       /* sorted, earliest first */

/* Program the LAPIC for the earliest deadline (at least one tick away). */
static void reprogram(void)
{
    uint64_t now;

    if ( !timer_list )
    {
        apic_timer_arm(0);
        return;
    }
    now = now_ns();
    apic_timer_arm(timer_list->expires > now ? timer_list->expires - now
                                             : 1);
}

static void unlink_timer(struct timer *t)
{
    struct timer **pp = &timer_list;

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
}

void set_timer(struct timer *t, uint64_t expires)
{
    struct timer **pp = &timer_list;

    if ( t->active )
        unlink_timer(t);
    t->expires = expires;
    /* Equal deadlines keep their arming order. */
    while ( *pp && (*pp)->expires <= expires )
        pp = &(*pp)->next;
    t->next = *pp;
    *pp = t;
    t->active = true;
    if ( timer_list == t )
        reprogram();
}

void stop_timer(struct timer *t)
{
    bool was_head = timer_list == t;

    if ( !t->active )
        return;
    unlink_timer(t);
    if ( was_head )
        reprogram();
}

static void run_expired(void)
{
    /*
     * Take expired timers one at a time: a callback may re-arm itself
     * (the periodic timer) or stop another timer.
     */
    while ( timer_list && timer_list->expires <= now_ns() )
    {
        struct timer *t = timer_list;

        timer_list = t->next;
        t->next = NULL;
        t->active = false;
        t->fn(t->data);
    }
}

void timer_interrupt(void)
{
    run_expired();
    reprogram();
}

void timer_softirq(void)
{
    if ( timer_list && timer_list->expires <= now_ns() )
        timer_interrupt();
}
