/*
 * Event-channel ports (Xen 4.17 common/event_channel.c): allocation, the
 * bind/close/status state machine within a domain and between two (an
 * interdomain port names its peer domain and port; closing either end
 * leaves the other unbound, awaiting the closer), send and unmask, and
 * the VIRQ bindings of each vCPU.  Ports become valid a bucket at a time,
 * as in Xen, so "never allocated" (-EINVAL) and "closed" stay distinct.
 * Trusts its callers to have copied guest arguments in; checks all values.
 */
#include "lib.h"
#include <xen/xen.h>
#include "domain.h"
#include "errno.h"
#include "event.h"
#include "param.h"

void evtchn_init(struct domain *d)
{
    memset(d->evtchn, 0, sizeof(d->evtchn));
    d->valid_evtchns = EVTCHNS_PER_BUCKET;
    d->evtchn[0].state = ECS_RESERVED;
}

bool port_is_valid(const struct domain *d, evtchn_port_t port)
{
    return port < d->valid_evtchns;
}

/* Lowest free port, making the next bucket valid when needed. */
static int get_free_port(struct domain *d)
{
    for ( unsigned int port = 0; port < NR_EVTCHN_PORTS; port++ )
    {
        if ( port >= d->valid_evtchns )
            d->valid_evtchns += EVTCHNS_PER_BUCKET;
        if ( d->evtchn[port].state == ECS_FREE )
            return (int)port;
    }
    return -ENOSPC;
}

/* Xen's evtchn_free: a re-bound port must not inherit a stale event. */
static void evtchn_free(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = &d->evtchn[port];

    evtchn_2l_clear_pending(d, port);
    chn->state = ECS_FREE;
    chn->notify_vcpu_id = 0;
    memset(&chn->u, 0, sizeof(chn->u));  /* no stale peer pointer */
}

/* VIRQs delivered to one vCPU; the rest are the domain's (vCPU 0). */
static bool virq_is_global(uint32_t virq)
{
    return virq != VIRQ_TIMER && virq != VIRQ_DEBUG &&
           virq != VIRQ_XENOPROF && virq != VIRQ_XENPMU;
}

int evtchn_alloc_unbound(struct domain *d, domid_t remote,
                         evtchn_port_t *port)
{
    int p = get_free_port(d);

    if ( p < 0 )
        return p;
    d->evtchn[p].state = ECS_UNBOUND;
    d->evtchn[p].u.remote_domid = remote == DOMID_SELF ? d->domid : remote;
    *port = (evtchn_port_t)p;
    return 0;
}

int evtchn_bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu,
                     evtchn_port_t *port)
{
    struct vcpu *v;
    int p;

    if ( virq >= NR_VIRQS )
        return -EINVAL;
    if ( virq_is_global(virq) && vcpu != 0 )
        return -EINVAL;
    if ( !(v = domain_vcpu(d, vcpu)) )
        return -ENOENT;
    if ( v->virq_to_evtchn[virq] )
        return -EEXIST;
    if ( (p = get_free_port(d)) < 0 )
        return p;
    d->evtchn[p].state = ECS_VIRQ;
    d->evtchn[p].notify_vcpu_id = (uint16_t)vcpu;
    d->evtchn[p].u.virq = virq;
    v->virq_to_evtchn[virq] = (evtchn_port_t)p;
    *port = (evtchn_port_t)p;
    return 0;
}

int evtchn_bind_ipi(struct domain *d, uint32_t vcpu, evtchn_port_t *port)
{
    int p;

    if ( !domain_vcpu(d, vcpu) )
        return -ENOENT;
    if ( (p = get_free_port(d)) < 0 )
        return p;
    d->evtchn[p].state = ECS_IPI;
    d->evtchn[p].notify_vcpu_id = (uint16_t)vcpu;
    *port = (evtchn_port_t)p;
    return 0;
}

int evtchn_bind_interdomain(struct domain *ld, struct domain *rd,
                            evtchn_port_t rport, evtchn_port_t *lport)
{
    struct evtchn *lchn, *rchn;
    int p = get_free_port(ld);          /* Xen allocates first, too */

    if ( p < 0 )
        return p;
    if ( !port_is_valid(rd, rport) )
        return -EINVAL;
    rchn = &rd->evtchn[rport];
    if ( rchn->state != ECS_UNBOUND || rchn->u.remote_domid != ld->domid )
        return -EINVAL;
    lchn = &ld->evtchn[p];
    lchn->state = ECS_INTERDOMAIN;
    lchn->u.interdomain.remote_dom = rd;
    lchn->u.interdomain.remote_port = rport;
    rchn->state = ECS_INTERDOMAIN;
    rchn->u.interdomain.remote_dom = ld;
    rchn->u.interdomain.remote_port = (evtchn_port_t)p;
    /* Sends to the unbound port were dropped: Xen marks ours pending. */
    evtchn_2l_set_pending(domain_vcpu(ld, lchn->notify_vcpu_id),
                          (evtchn_port_t)p);
    *lport = (evtchn_port_t)p;
    return 0;
}

int evtchn_close(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn;

    if ( !port_is_valid(d, port) )
        return -EINVAL;
    chn = &d->evtchn[port];
    switch ( chn->state )
    {
    case ECS_UNBOUND:
    case ECS_IPI:
        break;
    case ECS_VIRQ:
    {
        unsigned int id = virq_is_global(chn->u.virq) ? 0
                                                      : chn->notify_vcpu_id;

        domain_vcpu(d, id)->virq_to_evtchn[chn->u.virq] = 0;
        break;
    }
    case ECS_INTERDOMAIN:
    {
        struct domain *rd = chn->u.interdomain.remote_dom;
        struct evtchn *rchn = &rd->evtchn[chn->u.interdomain.remote_port];

        BUG_ON(rchn->state != ECS_INTERDOMAIN ||
               rchn->u.interdomain.remote_dom != d);
        /* The peer waits for us again, as Xen's evtchn_close leaves it. */
        rchn->state = ECS_UNBOUND;
        rchn->u.interdomain.remote_dom = NULL;
        rchn->u.remote_domid = d->domid;
        break;
    }
    default:                            /* free or reserved */
        return -EINVAL;
    }
    evtchn_free(d, port);
    return 0;
}

int evtchn_send(struct domain *d, evtchn_port_t port)
{
    const struct evtchn *chn;

    if ( !port_is_valid(d, port) )
        return -EINVAL;
    chn = &d->evtchn[port];
    switch ( chn->state )
    {
    case ECS_IPI:
        evtchn_2l_set_pending(domain_vcpu(d, chn->notify_vcpu_id), port);
        return 0;
    case ECS_INTERDOMAIN:
    {
        struct domain *rd = chn->u.interdomain.remote_dom;
        evtchn_port_t rport = chn->u.interdomain.remote_port;

        evtchn_2l_set_pending(domain_vcpu(rd,
                                          rd->evtchn[rport].notify_vcpu_id),
                              rport);
        return 0;
    }
    case ECS_UNBOUND:
        return 0;                       /* silently dropped, as Xen does */
    }
    return -EINVAL;
}

int evtchn_status(struct domain *d, struct evtchn_status *status)
{
    const struct evtchn *chn;

    if ( !port_is_valid(d, status->port) )
        return -EINVAL;
    chn = &d->evtchn[status->port];
    switch ( chn->state )
    {
    case ECS_FREE:
    case ECS_RESERVED:
        status->status = EVTCHNSTAT_closed;
        break;
    case ECS_UNBOUND:
        status->status = EVTCHNSTAT_unbound;
        status->u.unbound.dom = chn->u.remote_domid;
        break;
    case ECS_VIRQ:
        status->status = EVTCHNSTAT_virq;
        status->u.virq = chn->u.virq;
        break;
    case ECS_IPI:
        status->status = EVTCHNSTAT_ipi;
        break;
    case ECS_INTERDOMAIN:
        status->status = EVTCHNSTAT_interdomain;
        status->u.interdomain.dom = chn->u.interdomain.remote_dom->domid;
        status->u.interdomain.port = chn->u.interdomain.remote_port;
        break;
    }
    status->vcpu = chn->notify_vcpu_id;
    return 0;
}

int evtchn_bind_vcpu(struct domain *d, evtchn_port_t port, uint32_t vcpu)
{
    struct evtchn *chn;

    if ( !domain_vcpu(d, vcpu) )
        return -ENOENT;
    if ( !port_is_valid(d, port) )
        return -EINVAL;
    chn = &d->evtchn[port];
    switch ( chn->state )
    {
    case ECS_VIRQ:
        if ( !virq_is_global(chn->u.virq) )
            return -EINVAL;
        chn->notify_vcpu_id = (uint16_t)vcpu;
        return 0;
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
        chn->notify_vcpu_id = (uint16_t)vcpu;
        return 0;
    }
    return -EINVAL;
}

int evtchn_unmask(struct domain *d, evtchn_port_t port)
{
    if ( !port_is_valid(d, port) )
        return -EINVAL;
    evtchn_2l_unmask(domain_vcpu(d, d->evtchn[port].notify_vcpu_id), port);
    return 0;
}

/* Priorities are FIFO-only: the 2-level ABI has none (Xen: -ENOSYS). */
int evtchn_set_priority(struct domain *d, evtchn_port_t port)
{
    return port_is_valid(d, port) ? -ENOSYS : -EINVAL;
}

/* Close every port; ours never preempts, so there is nothing to resume. */
int evtchn_reset(struct domain *d)
{
    for ( evtchn_port_t port = 1; port < d->valid_evtchns; port++ )
        evtchn_close(d, port);
    return 0;
}

int evtchn_port_poll(struct domain *d, evtchn_port_t port)
{
    if ( !port_is_valid(d, port) || d->evtchn[port].state <= ECS_RESERVED )
        return -EINVAL;
    return evtchn_2l_is_pending(d, port);
}

void send_guest_vcpu_virq(struct vcpu *v, uint32_t virq)
{
    evtchn_port_t port = v->virq_to_evtchn[virq];

    if ( port )
        evtchn_2l_set_pending(v, port);
}

void send_guest_global_virq(struct domain *d, uint32_t virq)
{
    struct vcpu *v = domain_vcpu(d, 0);
    evtchn_port_t port = v->virq_to_evtchn[virq];

    if ( port )
        evtchn_2l_set_pending(domain_vcpu(d, d->evtchn[port].notify_vcpu_id),
                              port);
}
