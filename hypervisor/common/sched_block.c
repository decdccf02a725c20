/*
 * Blocking a vCPU (Xen's vcpu_block, do_poll, vcpu_unblock).  The
 * hypercall returns 0 at once into the guest frame; the scheduler then
 * runs another vCPU (or idles) until an event or a timer unblocks this
 * one, and the context switch brings its runstate, pvclock and periodic
 * timer up to date.  The ports list of SCHEDOP_poll is guest memory and
 * is read with checked copies.
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include "domain.h"
#include "errno.h"
#include "event.h"
#include "guest_access.h"
#include "param.h"
#include "sched.h"
#include "smp.h"
#include "timer.h"
#include "vtime.h"

static void end_poll(struct vcpu *v)
{
    v->polling = false;
    v->poll_evtchn = 0;
    stop_timer(&v->poll_timer);
}

void vcpu_unblock(struct vcpu *v)
{
    /*
     * Running on another CPU, it sees the event only when that CPU next
     * leaves the guest: make it leave now (Xen's vcpu_kick).
     */
    if ( !v->blocked )
    {
        if ( v->is_running )
            smp_send_event_check(v->processor);
        return;
    }
    v->blocked = false;
    if ( v->polling )                   /* any event ends a poll too */
        end_poll(v);
    sched_vcpu_wake(v);
}

void evtchn_check_pollers(struct domain *d, evtchn_port_t port)
{
    for ( unsigned int i = 0; i < DOMAIN_MAX_VCPUS; i++ )
    {
        struct vcpu *v = domain_vcpu(d, i);

        if ( v && v->polling && (v->poll_evtchn <= 0 ||
                                 v->poll_evtchn == (int)port) )
        {
            end_poll(v);
            vcpu_unblock(v);
        }
    }
}

static void poll_timer_fn(void *data)
{
    struct vcpu *v = data;

    if ( v->polling )
    {
        end_poll(v);
        vcpu_unblock(v);
    }
}

long vcpu_block_enable_events(struct vcpu *v)
{
    v->vcpu_info->evtchn_upcall_mask = 0;
    v->blocked = true;
    /* Check for events after blocking: avoids a lost wakeup. */
    if ( local_events_need_delivery(v) )
        v->blocked = false;
    else
        sched_vcpu_sleep(v);     /* off the CPU at the exit */
    return 0;
}

/*
 * Sleep until one of the ports is pending, any event is marked pending
 * for this vCPU, or the absolute timeout passes; events stay masked.
 */
long do_poll(struct vcpu *v, const struct sched_poll *poll)
{
    unsigned long ports = (unsigned long)poll->ports.p;
    evtchn_port_t port = 0;
    long rc;

    if ( poll->nr_ports > POLL_MAX_PORTS )
        return -EINVAL;
    if ( !guest_range_ok(ports, poll->nr_ports * sizeof(port)) )
        return -EFAULT;

    v->blocked = true;
    v->polling = true;
    v->poll_evtchn = -1;
    rc = 0;
    if ( local_events_need_delivery(v) )
        goto out;
    for ( unsigned int i = 0; i < poll->nr_ports; i++ )
    {
        rc = -EFAULT;
        if ( copy_from_guest_offset(&port, ports, i, 1) )
            goto out;
        rc = evtchn_port_poll(v->domain, port);
        if ( rc )
        {
            if ( rc > 0 )
                rc = 0;                 /* pending already: no sleep */
            goto out;
        }
    }
    if ( poll->nr_ports == 1 )
        v->poll_evtchn = (int)port;
    if ( poll->timeout )
        set_timer(&v->poll_timer, poll->timeout);
    sched_vcpu_sleep(v);     /* off the CPU at the exit */
    return 0;

 out:
    end_poll(v);
    v->blocked = false;
    return rc;
}

void vcpu_block_init(struct vcpu *v)
{
    init_timer(&v->poll_timer, poll_timer_fn, v);
    v->blocked = false;
    end_poll(v);
}
