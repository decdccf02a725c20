/*
 * event_channel_op: copy the guest's argument in, check the domain it
 * names, call the worker in event_channel.c, copy the result out (Xen's
 * do_event_channel_op).  A domain id that names no domain is -ESRCH; one
 * that names another domain is the control domain's alone (-EPERM), as
 * under Xen's dummy XSM policy (XSM_TARGET).
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/event_channel.h>
#include "domain.h"
#include "errno.h"
#include "console_ring.h"
#include "event.h"
#include "guest_access.h"
#include "hypercall.h"

/* The domain dom names for the caller: 0, -ESRCH or -EPERM. */
static long target_domain(domid_t dom, struct domain **d)
{
    struct domain *cd = current->domain;

    *d = dom == DOMID_SELF ? cd : get_domain_by_id(dom);
    if ( !*d )
        return -ESRCH;
    return *d == cd || cd->is_privileged ? 0 : -EPERM;
}

/* Copy in, run, copy back: every op that returns data has this shape. */
#define EVTCHN_OP(type, arg, call)                                      \
    ({                                                                  \
        long rc_;                                                       \
        if ( copy_from_guest(&(type), (arg), 1) )                       \
            return -EFAULT;                                             \
        rc_ = (call);                                                   \
        if ( !rc_ && copy_to_guest((arg), &(type), 1) )                 \
            rc_ = -EFAULT;      /* cleaning up would be a mess: Xen */  \
        rc_;                                                            \
    })

static long alloc_unbound(struct evtchn_alloc_unbound *a)
{
    struct domain *d;
    long rc = target_domain(a->dom, &d);

    /* DOMID_SELF as the remote end is the caller, not d (Xen). */
    if ( a->remote_dom == DOMID_SELF )
        a->remote_dom = current->domain->domid;
    return rc ? rc : evtchn_alloc_unbound(d, a->remote_dom, &a->port);
}

static long bind_interdomain(struct evtchn_bind_interdomain *b)
{
    domid_t rdom = b->remote_dom == DOMID_SELF ? current->domain->domid
                                               : b->remote_dom;
    struct domain *rd = get_domain_by_id(rdom);

    if ( !rd )
        return -ESRCH;
    return evtchn_bind_interdomain(current->domain, rd, b->remote_port,
                                   &b->local_port);
}

static long status(struct evtchn_status *s)
{
    struct domain *d;
    long rc = target_domain(s->dom, &d);

    return rc ? rc : evtchn_status(d, s);
}

static long reset(const struct evtchn_reset *r, bool resuming)
{
    struct domain *d;
    long rc = target_domain(r->dom, &d);

    if ( rc )
        return rc;
    /* A reset never preempts here, so none is ever left to continue. */
    return resuming ? -EBUSY : evtchn_reset(d);
}

long do_event_channel_op(int cmd, unsigned long arg)
{
    struct domain *d = current->domain;
    union
    {
        struct evtchn_alloc_unbound alloc_unbound;
        struct evtchn_bind_interdomain bind_interdomain;
        struct evtchn_bind_virq bind_virq;
        struct evtchn_bind_ipi bind_ipi;
        struct evtchn_close close;
        struct evtchn_send send;
        struct evtchn_status status;
        struct evtchn_bind_vcpu bind_vcpu;
        struct evtchn_unmask unmask;
        struct evtchn_reset reset;
        struct evtchn_init_control init_control;
        struct evtchn_expand_array expand_array;
        struct evtchn_set_priority set_priority;
    } u;

    switch ( cmd )
    {
    case EVTCHNOP_alloc_unbound:
        return EVTCHN_OP(u.alloc_unbound, arg,
                         alloc_unbound(&u.alloc_unbound));
    case EVTCHNOP_bind_interdomain:
        return EVTCHN_OP(u.bind_interdomain, arg,
                         bind_interdomain(&u.bind_interdomain));
    case EVTCHNOP_bind_virq:
        return EVTCHN_OP(u.bind_virq, arg,
                         evtchn_bind_virq(d, u.bind_virq.virq,
                                          u.bind_virq.vcpu,
                                          &u.bind_virq.port));
    case EVTCHNOP_bind_ipi:
        return EVTCHN_OP(u.bind_ipi, arg,
                         evtchn_bind_ipi(d, u.bind_ipi.vcpu,
                                         &u.bind_ipi.port));
    case EVTCHNOP_status:
        return EVTCHN_OP(u.status, arg, status(&u.status));
    case EVTCHNOP_close:
        if ( copy_from_guest(&u.close, arg, 1) )
            return -EFAULT;
        return evtchn_close(d, u.close.port);
    case EVTCHNOP_send:
        if ( copy_from_guest(&u.send, arg, 1) )
            return -EFAULT;
        /* The ring-0 console backend's port is served right here. */
        if ( console_ring_kick(d, u.send.port) )
            return 0;
        return evtchn_send(d, u.send.port);
    case EVTCHNOP_bind_vcpu:
        if ( copy_from_guest(&u.bind_vcpu, arg, 1) )
            return -EFAULT;
        return evtchn_bind_vcpu(d, u.bind_vcpu.port, u.bind_vcpu.vcpu);
    case EVTCHNOP_unmask:
        if ( copy_from_guest(&u.unmask, arg, 1) )
            return -EFAULT;
        return evtchn_unmask(d, u.unmask.port);
    case EVTCHNOP_reset:
    case EVTCHNOP_reset_cont:
        if ( copy_from_guest(&u.reset, arg, 1) )
            return -EFAULT;
        return reset(&u.reset, cmd == EVTCHNOP_reset_cont);
    /*
     * FIFO is not implemented: answer as Xen built without
     * CONFIG_EVTCHN_FIFO does (-EOPNOTSUPP), so guests stay on 2-level.
     */
    case EVTCHNOP_init_control:
        if ( copy_from_guest(&u.init_control, arg, 1) )
            return -EFAULT;
        return -EOPNOTSUPP;
    case EVTCHNOP_expand_array:
        if ( copy_from_guest(&u.expand_array, arg, 1) )
            return -EFAULT;
        return -EOPNOTSUPP;
    case EVTCHNOP_set_priority:
        if ( copy_from_guest(&u.set_priority, arg, 1) )
            return -EFAULT;
        return evtchn_set_priority(d, u.set_priority.port);
    }
    return -ENOSYS;
}
