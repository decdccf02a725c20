/*
 * sched_op for a single vCPU: yield returns at once, block enables event
 * delivery and sleeps until an event is pending, shutdown ends the domain.
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/sched.h>
#include "cpu.h"
#include "domain.h"
#include "errno.h"
#include "guest_access.h"
#include "hypercall.h"
#include "x86.h"

static long sched_block(struct vcpu *v)
{
    struct vcpu_info *vi = v->vcpu_info;

    vi->evtchn_upcall_mask = 0;         /* blocking enables events */
    /* Interrupts wake the halt; nothing but an event ends the wait. */
    while ( !vi->evtchn_upcall_pending )
    {
        asm volatile ( "sti; hlt; cli" ::: "memory" );
    }
    return 0;
}

long do_sched_op(int cmd, unsigned long arg)
{
    struct vcpu *v = current;

    switch ( cmd )
    {
    case SCHEDOP_yield:
        return 0;                       /* the only runnable vCPU */
    case SCHEDOP_block:
        return sched_block(v);
    case SCHEDOP_shutdown:
    {
        struct sched_shutdown s;

        if ( copy_from_guest(&s, arg, 1) )
            return -EFAULT;
        domain_shutdown(v->domain, s.reason);
    }
    }
    return -ENOSYS;
}
