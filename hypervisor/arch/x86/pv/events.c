/*
 * The last step before IRET to a guest frame (Xen's test_all_events):
 * run timers already due, then, if vcpu_info says an event is pending and
 * the guest has not masked upcalls, bounce into its event callback with
 * upcalls masked.  Called from entry.S with interrupts off.
 */
#include "cpu.h"
#include "domain.h"
#include "event.h"
#include "pv.h"
#include "timer.h"

void pv_exit_to_guest(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;

    timer_softirq();
    /* The bounce sets the mask, so one upcall is enough. */
    if ( local_events_need_delivery(v) )
        create_bounce_frame(v, regs, v->event_callback, TBF_INTERRUPT, 0);
}
