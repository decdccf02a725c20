/*
 * Hypervisor timers (Xen's xen/timer.h in miniature): a sorted list of
 * absolute deadlines in system time, served by the one-shot LAPIC timer.
 * Callbacks run from the timer interrupt, with interrupts off.
 */
#ifndef PVX_TIMER_H
#define PVX_TIMER_H

#include "lib.h"

struct timer
{
    uint64_t expires;                   /* system time, ns */
    void (*fn)(void *data);
    void *data;
    struct timer *next;                 /* in the pending list */
    bool active;                        /* on the list */
};

void init_timer(struct timer *t, void (*fn)(void *data), void *data);
/* (Re)arm t for system time expires; a time in the past fires at once. */
void set_timer(struct timer *t, uint64_t expires);
void stop_timer(struct timer *t);
/* The LAPIC timer fired: run what has expired, re-arm for the rest. */
void timer_interrupt(void);
/* On the way out to a guest: run timers already due (Xen's softirq). */
void timer_softirq(void);

#endif /* PVX_TIMER_H */
