/*
 * The last step before IRET to a guest frame (Xen's test_all_events):
 * run timers already due and the scheduler if asked (which may switch
 * vCPUs, or idle until one can run), then, if vcpu_info says an event is
 * pending and the guest has not masked upcalls, bounce into its event
 * callback with upcalls masked.  Called from entry.S, interrupts off.
 */
#include "cpu.h"
#include "domain.h"
#include "event.h"
#include "pv.h"
#include "sched.h"
#include "smp.h"

void pv_exit_to_guest(struct cpu_user_regs *regs)
{
    /* Held after a hypercall or exception, not after an interrupt. */
    if ( !hv_lock_held() )
        hv_lock();
    /*
     * The bounce sets the mask, so one upcall is enough; once more round
     * after it, since a bounce that crashes the domain asks for another
     * vCPU, whose events may be pending in turn.
     */
    for ( ;; )
    {
        struct vcpu *v;

        sched_softirq_and_idle();
        v = current;
        if ( !local_events_need_delivery(v) )
            break;
        create_bounce_frame(v, regs, v->event_callback, TBF_INTERRUPT, 0);
    }
    hv_unlock();                        /* IRETQ follows, interrupts off */
}

/*
 * Xen bounces to the failsafe callback here; PVX ends the domain (its
 * registers are lost).  Not dom0's: the exit path then runs another.
 */
void pv_iret_fault(struct cpu_user_regs *regs)
{
    domain_crash(current->domain, "iret to %04x:%016lx faulted",
                 (unsigned int)regs->cs, regs->rip);
}
