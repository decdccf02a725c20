/*
 * sched_op: yield lets other vCPUs run first (schedule.c), block
 * enables event delivery and sleeps until an event is pending
 * (sched_block.c), poll waits on ports, shutdown ends the domain.
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/sched.h>
#include "cpu.h"
#include "domain.h"
#include "errno.h"
#include "guest_access.h"
#include "hypercall.h"
#include "sched.h"
#include "vtime.h"
#include "x86.h"

long do_sched_op(int cmd, unsigned long arg)
{
    struct vcpu *v = current;

    switch ( cmd )
    {
    case SCHEDOP_yield:
        sched_yield();                  /* others first, at the exit */
        return 0;
    case SCHEDOP_block:
        return vcpu_block_enable_events(v);
    case SCHEDOP_shutdown:
    {
        struct sched_shutdown s;

        if ( copy_from_guest(&s, arg, 1) )
            return -EFAULT;
        domain_shutdown(v->domain, s.reason);
        return 0;                       /* not dom0: it stops running */
    }
    case SCHEDOP_poll:
    {
        struct sched_poll p;

        if ( copy_from_guest(&p, arg, 1) )
            return -EFAULT;
        return do_poll(v, &p);
    }
    }
    return -ENOSYS;
}
