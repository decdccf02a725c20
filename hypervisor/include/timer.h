/*
 * Hypervisor timers (Xen's xen/timer.h in miniature): per CPU, a sorted
 * list of absolute deadlines in system time, served by that CPU's one-shot
 * LAPIC timer.  A timer belongs to the CPU that initialised it until
 * migrate_timer moves it.  Callbacks run on that CPU on its way out to a
 * guest (or in its idle loop), under the hypervisor lock, interrupts off.
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
    unsigned int cpu;                   /* whose list */
};

void init_timer(struct timer *t, void (*fn)(void *data), void *data);
/* (Re)arm t for system time expires; a time in the past fires at once. */
void set_timer(struct timer *t, uint64_t expires);
void stop_timer(struct timer *t);
/* Move t to cpu's list (kept armed if it was). */
void migrate_timer(struct timer *t, unsigned int cpu);
/* The LAPIC timer fired (no lock): the next timer_softirq runs the list. */
void timer_interrupt(void);
/* On the way out to a guest: run timers already due (Xen's softirq). */
void timer_softirq(void);

#endif /* PVX_TIMER_H */
