/*
 * xenstored's dom0 side: the core's INTRODUCE hook maps the domain's
 * xenstore page and binds its port, xenstored_poll serves the rings
 * (ring.c), and VIRQ_DOM_EXC releases dead domains as C xenstored's
 * check_domains does.  Ring contents are the guest's and untrusted.
 */
#include <hypercalls/control.h>
#include <pv-guest/events.h>
#include <pv-guest/heap.h>
#include <pv-guest/lib.h>
#include <pv-guest/mm.h>

#include <dom0/xenstored.h>

#include "xs_core.h"

/* Passes over the rings per poll: a guest that keeps writing cannot hold
 * dom0 in one call; the rest waits for the next poll. */
#define POLL_PASSES 4

struct ring_dom {
    struct ring_dom *next;
    unsigned int domid;
    evtchn_port_t port;         /* our end */
    struct xenstore_domain_interface *intf;
    struct xs_conn *conn;
    bool released;              /* RELEASE done: reap at the next poll */
    bool ignored;               /* broke the ring rules: not served */
    bool shut;                  /* @releaseDomain fired for its shutdown */
};

static struct xs_store *store;
static struct xs_conn *self;    /* dom0's RELEASE of dead domains */
static struct ring_dom *doms;
static volatile bool kicked;

void *xs_alloc(size_t size)
{
    return malloc(size);
}

void xs_free(void *p)
{
    free(p);
}

static void on_ring(evtchn_port_t port, void *arg)
{
    kicked = true;
}

static struct ring_dom *find(unsigned int domid)
{
    struct ring_dom *d;

    for ( d = doms; d && (d->domid != domid || d->released); d = d->next )
        ;
    return d;
}

static int introduce(void *arg, unsigned int domid, unsigned long mfn,
                     unsigned int port)
{
    struct ring_dom *d = find(domid);
    xen_pfn_t frame = mfn;
    bool notify = false;
    long rc;

    if ( !d )
    {
        if ( !(d = calloc(1, sizeof(*d))) )
            return ENOMEM;
        d->domid = domid;
        d->intf = foreign_map(domid, &frame, 1);
        d->conn = d->intf ? xs_conn_new(store, domid) : NULL;
        rc = d->conn ? evtchn_bind_interdomain(domid, port, &d->port) : 0;
        if ( !d->conn || rc || evtchn_bind(d->port, on_ring, d) )
        {
            /* No page: the mfn is not the domain's; else the port's errno. */
            int err = !d->intf ? EINVAL : rc ? -rc : ENOMEM;

            if ( d->port )
                evtchn_close(d->port);
            if ( d->conn )
                xs_conn_free(d->conn);
            if ( d->intf )
                foreign_unmap(d->intf, 1);
            free(d);
            return err;
        }
        d->next = doms;
        doms = d;
    }
    d->ignored = false;
    d->intf->error = XENSTORE_ERROR_NONE;
    xs_ring_introduce(d->intf, d->conn, &notify);
    if ( notify )
        evtchn_notify(d->port);
    kicked = true; /* requests may be waiting already */
    return 0;
}

static void release(void *arg, unsigned int domid)
{
    struct ring_dom *d = find(domid);

    if ( d )
        d->released = true;
}

void xenstored_init(void)
{
    struct xs_hooks h = { introduce, release, NULL };

    if ( store )
        return;
    if ( !(store = xs_store_new()) || !(self = xs_conn_new(store, 0)) )
        panic("xenstored_init: out of memory");
    xs_store_set_hooks(store, &h);
}

struct xs_store *xenstored_store(void)
{
    return store;
}

static void reap(void)
{
    struct ring_dom **pp = &doms, *d;

    while ( (d = *pp) )
    {
        if ( !d->released )
        {
            pp = &d->next;
            continue;
        }
        *pp = d->next;
        evtchn_close(d->port);
        foreign_unmap(d->intf, 1);
        xs_conn_free(d->conn);
        free(d);
    }
}

void xenstored_poll(void)
{
    bool again = true;

    if ( !store )
        return;
    /*
     * Another pass while serving moved an index (a write may have queued
     * events for rings served before it) or a port fired meanwhile, so
     * the caller does not block on work that is already there.
     */
    for ( unsigned int pass = 0; again && pass < POLL_PASSES; pass++ )
    {
        again = false;
        kicked = false;
        reap();
        for ( struct ring_dom *d = doms; d; d = d->next )
        {
            bool notify = false;
            unsigned int err;

            if ( d->ignored || d->released )
                continue;
            err = xs_ring_serve(d->intf, d->conn, &notify);
            if ( notify )
                evtchn_notify(d->port);
            again |= notify;
            if ( err )
            {
                d->ignored = true;
                printk("xenstored: domain %u broke its ring (error %u): "
                       "no longer served\n", d->domid, err);
            }
        }
        again |= kicked;
    }
    if ( again )
        kicked = true;
}

void xenstored_wait(void)
{
    xenstored_poll();
    if ( !kicked )
        events_wait();
}

/* dom0 sends RELEASE, as the daemon would do itself for a dead domain. */
static void release_dead(unsigned int domid)
{
    char msg[sizeof(struct xsd_sockmsg) + 8];
    struct xsd_sockmsg h = { XS_RELEASE, 0, 0, 0 };
    unsigned int n = xs_fmt_uint(msg + sizeof(h), domid);

    h.len = n + 1;
    msg[sizeof(h) + n] = '\0';
    memcpy(msg, &h, sizeof(h));
    xs_conn_input(self, msg, sizeof(h) + h.len);
    while ( xs_conn_output(self, msg, sizeof(msg)) )
        ; /* the answer and any events of dom0's own are nobody's */
}

void xenstored_domain_exc(void)
{
    if ( !store )
        return;
    for ( struct ring_dom *d = doms; d; d = d->next )
    {
        struct xen_domctl op = { 0 };
        const struct xen_domctl_getdomaininfo *info = &op.u.getdomaininfo;
        long rc;

        if ( d->released )
            continue;
        /* getdomaininfo answers the next domain at or above domid. */
        rc = hypercall_domctl(XEN_DOMCTL_getdomaininfo, d->domid, &op);
        if ( rc || info->domain != d->domid ||
             (info->flags & XEN_DOMINF_dying) )
            release_dead(d->domid);
        else if ( (info->flags & XEN_DOMINF_shutdown) && !d->shut )
        {
            d->shut = true; /* once, as C xenstored's domain->shutdown */
            xs_fire_special(store, "@releaseDomain");
        }
    }
    kicked = true;
}

unsigned int xenstored_rings(unsigned int *ignored)
{
    unsigned int n = 0, bad = 0;

    for ( struct ring_dom *d = doms; d; d = d->next )
        if ( !d->released )
        {
            n++;
            bad += d->ignored;
        }
    if ( ignored )
        *ignored = bad;
    return n;
}
