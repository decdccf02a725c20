/*
 * xenstored transport over a domain's ring page (xen/io/xs_wire.h), as C
 * xenstored's xenstored_domain.c: every index the guest owns is read once
 * per step and checked (prod - cons <= XENSTORE_RING_SIZE) before any
 * byte moves; data is copied before our index is published.  A guest that
 * breaks the rules gets intf->error and is no longer served.
 */
#include "xs_core.h"

#define RING_MASK(i) ((i) & (XENSTORE_RING_SIZE - 1))

/* The guest may change these at any time: one volatile load each. */
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

static inline void ring_mb(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static bool indexes_ok(XENSTORE_RING_IDX cons, XENSTORE_RING_IDX prod)
{
    return (XENSTORE_RING_IDX)(prod - cons) <= XENSTORE_RING_SIZE;
}

static unsigned int fail(struct xenstore_domain_interface *intf,
                         struct xs_conn *c, unsigned int err)
{
    WRITE_ONCE(intf->error, err);
    xs_conn_reset(c);
    return err;
}

/* Replies out while there is room; -1 on bad indexes, else bytes moved. */
static long put_output(struct xenstore_domain_interface *intf,
                       struct xs_conn *c)
{
    XENSTORE_RING_IDX cons, prod;
    uint32_t room, len;
    size_t n;

    cons = READ_ONCE(intf->rsp_cons);
    prod = READ_ONCE(intf->rsp_prod);
    ring_mb();
    if ( !indexes_ok(cons, prod) )
        return -1;
    room = XENSTORE_RING_SIZE - (prod - cons);
    len = XENSTORE_RING_SIZE - RING_MASK(prod); /* up to the wrap */
    if ( len > room )
        len = room;
    if ( !len || !(n = xs_conn_output(c, intf->rsp + RING_MASK(prod), len)) )
        return 0;
    ring_mb(); /* the bytes before the index that shows them */
    WRITE_ONCE(intf->rsp_prod, prod + n);
    return n;
}

/* At most the rest of one request in; -1 on bad indexes, else bytes. */
static long get_input(struct xenstore_domain_interface *intf,
                      struct xs_conn *c)
{
    XENSTORE_RING_IDX cons, prod;
    uint32_t len;
    size_t want = xs_conn_input_want(c);

    cons = READ_ONCE(intf->req_cons);
    prod = READ_ONCE(intf->req_prod);
    ring_mb();
    if ( !indexes_ok(cons, prod) )
        return -1;
    len = XENSTORE_RING_SIZE - RING_MASK(cons);
    if ( len > prod - cons )
        len = prod - cons;
    if ( len > want )
        len = want;
    if ( !len )
        return 0;
    /* The core copies each byte once before it looks at it (conn.c). */
    xs_conn_input(c, intf->req + RING_MASK(cons), len);
    ring_mb(); /* copied before the guest may reuse the space */
    WRITE_ONCE(intf->req_cons, cons + len);
    return len;
}

unsigned int xs_ring_serve(struct xenstore_domain_interface *intf,
                           struct xs_conn *c, bool *notify)
{
    long n;

    if ( READ_ONCE(intf->connection) == XENSTORE_RECONNECT )
    {
        /* docs/misc/xenstore-ring.txt: drop everything, then connect. */
        xs_conn_reset(c);
        WRITE_ONCE(intf->req_cons, 0);
        WRITE_ONCE(intf->req_prod, 0);
        WRITE_ONCE(intf->rsp_cons, 0);
        WRITE_ONCE(intf->rsp_prod, 0);
        ring_mb();
        WRITE_ONCE(intf->connection, XENSTORE_CONNECTED);
        *notify = true;
    }
    for ( ;; )
    {
        while ( xs_conn_output_pending(c) && (n = put_output(intf, c)) )
        {
            if ( n < 0 )
                return fail(intf, c, XENSTORE_ERROR_RINGIDX);
            *notify = true;
        }
        if ( xs_conn_broken(c) )
        {
            /* A request the core refuses to frame (payload too long). */
            return xs_conn_output_pending(c) ? XENSTORE_ERROR_NONE
                       : fail(intf, c, XENSTORE_ERROR_PROTO);
        }
        /* Owing the guest a reply: read nothing more until it takes it. */
        if ( xs_conn_output_pending(c) || !(n = get_input(intf, c)) )
            return XENSTORE_ERROR_NONE;
        if ( n < 0 )
            return fail(intf, c, XENSTORE_ERROR_RINGIDX);
        *notify = true;
    }
}

void xs_ring_introduce(struct xenstore_domain_interface *intf,
                       struct xs_conn *c, bool *notify)
{
    /* C xenstored's domain_conn_reset, then the reconnection handshake. */
    xs_conn_reset(c);
    WRITE_ONCE(intf->server_features, XENSTORE_SERVER_FEATURE_RECONNECTION |
                                          XENSTORE_SERVER_FEATURE_ERROR);
    WRITE_ONCE(intf->rsp_cons, 0);
    WRITE_ONCE(intf->rsp_prod, 0);
    ring_mb();
    if ( READ_ONCE(intf->connection) == XENSTORE_RECONNECT )
    {
        WRITE_ONCE(intf->connection, XENSTORE_CONNECTED);
        *notify = true;
    }
}
