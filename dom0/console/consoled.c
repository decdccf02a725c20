/*
 * The console backend: per attached guest, its xencons_interface page
 * and our end of its port.  The guest owns out_prod and in_cons and may
 * write anything there: each is read once per step and only the distance
 * to ours, clamped to the ring size, is trusted.  Output goes to a fixed
 * history (history.c); one drain moves at most one ring's worth.
 */
#include <pv-guest/events.h>
#include <pv-guest/lib.h>
#include <pv-guest/mm.h>
#include <errno.h>
#include <xen/io/console.h>

#include <dom0/consoled.h>

#include "history.h"

/* Guests with a console at once (their histories are static). */
#define CONSOLED_MAX_DOMAINS 16

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

struct cons {
    bool used;
    domid_t dom;
    evtchn_port_t port;                 /* our end */
    struct xencons_interface *intf;
    struct history out;
};

static struct cons cons[CONSOLED_MAX_DOMAINS];

static inline void mb(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void on_console(evtchn_port_t port, void *arg)
{
    /* Work is done by consoled_poll in the main loop. */
}

static struct cons *find(domid_t dom)
{
    for ( unsigned int i = 0; i < CONSOLED_MAX_DOMAINS; i++ )
        if ( cons[i].used && cons[i].dom == dom )
            return &cons[i];
    return NULL;
}

/* Move what the guest wrote into the history; notify if it had room. */
static void drain(struct cons *c)
{
    struct xencons_interface *intf = c->intf;
    XENCONS_RING_IDX cons_i = READ_ONCE(intf->out_cons);
    XENCONS_RING_IDX prod = READ_ONCE(intf->out_prod);
    char buf[sizeof(intf->out)];
    size_t n = 0;

    mb();
    if ( (XENCONS_RING_IDX)(prod - cons_i) > sizeof(intf->out) )
        cons_i = prod - sizeof(intf->out); /* a guest gone wrong */
    while ( cons_i != prod )
        buf[n++] = intf->out[MASK_XENCONS_IDX(cons_i++, intf->out)];
    if ( !n )
        return;
    mb(); /* bytes copied before the guest may reuse their space */
    WRITE_ONCE(intf->out_cons, cons_i);
    history_append(&c->out, buf, n);
    evtchn_notify(c->port);
}

int consoled_attach(domid_t dom, xen_pfn_t mfn, evtchn_port_t port)
{
    struct cons *c = NULL;
    long rc;

    if ( find(dom) )
        return -EEXIST;
    for ( unsigned int i = 0; i < CONSOLED_MAX_DOMAINS && !c; i++ )
        if ( !cons[i].used )
            c = &cons[i];
    if ( !c )
        return -ENOSPC;
    memset(c, 0, sizeof(*c));
    if ( !(c->intf = foreign_map(dom, &mfn, 1)) )
        return -EINVAL;
    rc = evtchn_bind_interdomain(dom, port, &c->port);
    if ( !rc && (rc = evtchn_bind(c->port, on_console, c)) )
        evtchn_close(c->port);
    if ( rc )
    {
        foreign_unmap(c->intf, 1);
        return rc < 0 ? rc : -EINVAL;
    }
    c->dom = dom;
    c->used = true;
    drain(c); /* what it wrote before we came */
    return 0;
}

void consoled_detach(domid_t dom)
{
    struct cons *c = find(dom);

    if ( !c )
        return;
    drain(c);
    evtchn_close(c->port);
    foreign_unmap(c->intf, 1);
    c->used = false;
}

size_t consoled_read(domid_t dom, uint64_t *cursor, char *buf, size_t n)
{
    struct cons *c = find(dom);

    if ( !c )
        return 0;
    drain(c);
    return history_read(&c->out, cursor, buf, n);
}

int consoled_write(domid_t dom, const char *buf, size_t n)
{
    struct cons *c = find(dom);
    struct xencons_interface *intf;
    XENCONS_RING_IDX cons_i, prod;
    size_t done = 0;

    if ( !c )
        return -ENOENT;
    intf = c->intf;
    cons_i = READ_ONCE(intf->in_cons);
    prod = READ_ONCE(intf->in_prod);
    mb();
    if ( (XENCONS_RING_IDX)(prod - cons_i) > sizeof(intf->in) )
        cons_i = prod - sizeof(intf->in); /* overwrite: the guest's loss */
    while ( done < n && (XENCONS_RING_IDX)(prod - cons_i) < sizeof(intf->in) )
        intf->in[MASK_XENCONS_IDX(prod++, intf->in)] = buf[done++];
    mb(); /* data before the index that shows it */
    WRITE_ONCE(intf->in_prod, prod);
    evtchn_notify(c->port);
    return done;
}

void consoled_poll(void)
{
    for ( unsigned int i = 0; i < CONSOLED_MAX_DOMAINS; i++ )
        if ( cons[i].used )
            drain(&cons[i]);
}
