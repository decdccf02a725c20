/*
 * xenstored core: connections.  Bytes from the transport are framed into
 * struct xsd_sockmsg requests (len checked against XENSTORE_PAYLOAD_MAX
 * before any payload is taken), dispatched through one table, and
 * answered on the connection's output queue with watch events.
 */
#include "xs_core.h"

#define F_PRIV  1 /* control domain only */
#define F_NOTID 2 /* transaction id ignored */

static const struct {
    int (*fn)(struct xs_req *r);
    unsigned int flags;
} handlers[XS_TYPE_COUNT] = {
    [XS_DIRECTORY]            = { xs_do_node_op },
    [XS_READ]                 = { xs_do_node_op },
    [XS_GET_PERMS]            = { xs_do_node_op },
    [XS_WATCH]                = { xs_do_watch, F_NOTID },
    [XS_UNWATCH]              = { xs_do_unwatch, F_NOTID },
    [XS_TRANSACTION_START]    = { xs_do_tx_start },
    [XS_TRANSACTION_END]      = { xs_do_tx_end },
    [XS_INTRODUCE]            = { xs_do_domain_op, F_PRIV },
    [XS_RELEASE]              = { xs_do_domain_op, F_PRIV },
    [XS_GET_DOMAIN_PATH]      = { xs_do_domain_op },
    [XS_WRITE]                = { xs_do_node_op },
    [XS_MKDIR]                = { xs_do_node_op },
    [XS_RM]                   = { xs_do_node_op },
    [XS_SET_PERMS]            = { xs_do_node_op },
    [XS_IS_DOMAIN_INTRODUCED] = { xs_do_domain_op, F_PRIV },
    [XS_RESUME]               = { xs_do_domain_op, F_PRIV },
    [XS_RESET_WATCHES]        = { xs_do_domain_op },
    [XS_DIRECTORY_PART]       = { xs_do_node_op },
};

struct xs_conn *xs_conn_new(struct xs_store *s, unsigned int domid)
{
    struct xs_conn *c = xs_alloc(sizeof(*c));

    if ( !c )
        return NULL;
    memset(c, 0, sizeof(*c));
    c->store = s;
    c->domid = domid;
    c->next_txid = 1;
    c->out_tail = &c->out;
    c->next = s->conns;
    s->conns = c;
    return c;
}

void xs_conn_free(struct xs_conn *c)
{
    struct xs_conn **pp = &c->store->conns;

    while ( *pp != c )
        pp = &(*pp)->next;
    *pp = c->next;
    xs_conn_reset(c);
    xs_free(c);
}

static int queue(struct xs_conn *c, uint32_t type, uint32_t req_id,
                 uint32_t tx_id, const void *a, unsigned int alen,
                 const void *b, unsigned int blen)
{
    struct xsd_sockmsg h = { type, req_id, tx_id, alen + blen };
    struct xs_msg *m = xs_alloc(sizeof(*m) + sizeof(h) + alen + blen);

    if ( !m )
        return ENOMEM;
    m->next = NULL;
    m->len = sizeof(h) + alen + blen;
    m->off = 0;
    m->event = type == XS_WATCH_EVENT;
    memcpy(m->buf, &h, sizeof(h));
    memcpy(m->buf + sizeof(h), a, alen);
    memcpy(m->buf + sizeof(h) + alen, b, blen);
    *c->out_tail = m;
    c->out_tail = &m->next;
    return 0;
}

/* The answer to the current request; E2BIG (to be sent) if too long. */
int xs_reply(struct xs_req *r, const void *data, unsigned int len)
{
    struct xs_conn *c = r->conn;

    if ( len > XENSTORE_PAYLOAD_MAX )
        return E2BIG;
    return queue(c, r->type, c->hdr.req_id, c->hdr.tx_id, data, len, "", 0);
}

int xs_reply_ok(struct xs_req *r)
{
    return xs_reply(r, "OK", 3);
}

/* Over-long events, and those beyond a guest's backlog, are dropped. */
void xs_send_event(struct xs_conn *c, const char *path, const char *token)
{
    unsigned int pl = strlen(path) + 1, tl = strlen(token) + 1;

    if ( pl + tl > XENSTORE_PAYLOAD_MAX ||
         (xs_unprivileged(c) && c->nevents >= XS_QUOTA_EVENTS) )
        return;
    if ( !queue(c, XS_WATCH_EVENT, 0, 0, path, pl, token, tl) )
        c->nevents++;
}

/* XS_ERROR with the errno's name from xs_wire.h's xsd_errors. */
static void send_error(struct xs_conn *c, int err)
{
    const char *name = xsd_errors[0].errstring; /* EINVAL if unknown */

    for ( unsigned int i = 0; i < XS_ARRAY_SIZE(xsd_errors); i++ )
        if ( xsd_errors[i].errnum == err )
            name = xsd_errors[i].errstring;
    if ( queue(c, XS_ERROR, c->hdr.req_id, c->hdr.tx_id, name,
               strlen(name) + 1, "", 0) )
        c->broken = true; /* the client would wait for ever */
}

static void process(struct xs_conn *c)
{
    struct xs_req r = { c, NULL, c->hdr.type, c->in, c->hdr.len };
    unsigned int flags;
    int rc = ENOSYS;

    c->in[c->hdr.len] = 0;
    if ( r.type >= XS_TYPE_COUNT || !handlers[r.type].fn )
        goto out;
    flags = handlers[r.type].flags;
    rc = EACCES;
    if ( (flags & F_PRIV) && xs_unprivileged(c) )
        goto out;
    rc = ENOENT;
    if ( !(flags & F_NOTID) && c->hdr.tx_id &&
         !(r.tx = xs_tx_lookup(c, c->hdr.tx_id)) )
        goto out;
    rc = handlers[r.type].fn(&r);
out:
    if ( rc )
        send_error(c, rc);
}

void xs_conn_input(struct xs_conn *c, const void *buf, size_t len)
{
    const char *p = buf;
    const size_t hl = sizeof(c->hdr);

    while ( len && !c->broken )
    {
        size_t n;

        if ( c->in_used < hl )
        {
            n = hl - c->in_used < len ? hl - c->in_used : len;
            memcpy((char *)&c->hdr + c->in_used, p, n);
            /*
             * A payload over the limit cannot be skipped safely: answer
             * E2BIG and close, as C xenstored closes (XENSTORE_ERROR_PROTO).
             */
            if ( (c->in_used += n) == hl && c->hdr.len > XENSTORE_PAYLOAD_MAX )
            {
                send_error(c, E2BIG);
                c->broken = true;
            }
        }
        else
        {
            n = hl + c->hdr.len - c->in_used < len
                    ? hl + c->hdr.len - c->in_used
                    : len;
            memcpy(c->in + c->in_used - hl, p, n);
            c->in_used += n;
        }
        p += n;
        len -= n;
        if ( c->in_used == hl + c->hdr.len && !c->broken )
        {
            process(c);
            c->in_used = 0;
        }
    }
}

size_t xs_conn_output(struct xs_conn *c, void *buf, size_t max)
{
    size_t done = 0;

    while ( c->out && done < max )
    {
        struct xs_msg *m = c->out;
        size_t n = m->len - m->off < max - done ? m->len - m->off
                                                : max - done;

        memcpy((char *)buf + done, m->buf + m->off, n);
        m->off += n;
        done += n;
        if ( m->off < m->len )
            break;
        c->out = m->next;
        if ( !c->out )
            c->out_tail = &c->out;
        c->nevents -= m->event;
        xs_free(m);
    }
    return done;
}

bool xs_conn_output_pending(const struct xs_conn *c)
{
    return c->out != NULL;
}

bool xs_conn_broken(const struct xs_conn *c)
{
    return c->broken;
}

size_t xs_conn_input_want(const struct xs_conn *c)
{
    const size_t hl = sizeof(c->hdr);

    if ( c->broken )
        return 0;
    return c->in_used < hl ? hl - c->in_used : hl + c->hdr.len - c->in_used;
}

void xs_conn_reset(struct xs_conn *c)
{
    xs_watches_free(c);
    xs_txs_free(c);
    while ( c->out )
    {
        struct xs_msg *m = c->out;

        c->out = m->next;
        xs_free(m);
    }
    c->out_tail = &c->out;
    c->nevents = 0;
    c->in_used = 0;
}
