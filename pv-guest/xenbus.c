/*
 * xenbus client: one request at a time over the xenstore ring, replies
 * matched by req_id, watch events queued as they arrive.  The ring page
 * is shared with dom0: its indexes are read once per step and checked,
 * and a reply longer than XENSTORE_PAYLOAD_MAX is refused.
 */
#include <errno.h>
#include <stdint.h>
#include <xen/io/xs_wire.h>

#include <hypercalls/hypercall.h>
#include <pv-guest/events.h>
#include <pv-guest/heap.h>
#include <pv-guest/lib.h>
#include <pv-guest/mm.h>
#include <pv-guest/param.h>
#include <pv-guest/xenbus.h>

#define M2P ((const unsigned long *)MACH2PHYS_VIRT_START)
#define RING_MASK(i) ((i) & (XENSTORE_RING_SIZE - 1))
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

struct event {
    struct event *next;
    unsigned int len;
    char data[];                        /* path\0token\0 */
};

static struct xenstore_domain_interface *intf;
static evtchn_port_t port;
static volatile unsigned long kicks;
static uint32_t req_id;
static bool broken;                     /* dom0 broke the ring rules */
static struct event *events, **events_tail = &events;

static inline void mb(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void on_store(evtchn_port_t p, void *arg)
{
    kicks++;
}

/* Block until the store port fires after `seen` was taken. */
static void wait_kick(unsigned long seen)
{
    events_mask(true);
    while ( kicks == seen )
    {
        hypercall_sched_op(SCHEDOP_block, NULL); /* unmasks, or returns */
        events_mask(false);                      /* the handler runs */
        events_mask(true);
    }
    events_mask(false);
}

int xenbus_init(void)
{
    unsigned long mfn = start_info->store_mfn;

    if ( !mfn || (start_info->flags & SIF_INITDOMAIN) )
        return -ENODEV;
    intf = (void *)(PV_VIRT_BASE + M2P[mfn] * PAGE_SIZE);
    port = start_info->store_evtchn;
    return evtchn_bind(port, on_store, NULL);
}

static int ring_write(const char *data, size_t len)
{
    while ( len && !broken )
    {
        unsigned long seen = kicks;
        XENSTORE_RING_IDX cons = READ_ONCE(intf->req_cons);
        XENSTORE_RING_IDX prod = READ_ONCE(intf->req_prod);
        size_t n = XENSTORE_RING_SIZE - RING_MASK(prod);

        mb();
        if ( (XENSTORE_RING_IDX)(prod - cons) > XENSTORE_RING_SIZE )
            broken = true;
        else if ( prod - cons == XENSTORE_RING_SIZE )
            wait_kick(seen); /* full: xenstored will consume and notify */
        else
        {
            if ( n > XENSTORE_RING_SIZE - (prod - cons) )
                n = XENSTORE_RING_SIZE - (prod - cons);
            if ( n > len )
                n = len;
            memcpy(intf->req + RING_MASK(prod), data, n);
            mb(); /* data before the index */
            WRITE_ONCE(intf->req_prod, prod + n);
            evtchn_notify(port);
            data += n;
            len -= n;
        }
    }
    return broken ? -EIO : 0;
}

static int ring_read(void *buf, size_t len)
{
    char *out = buf;

    while ( len && !broken )
    {
        unsigned long seen = kicks;
        XENSTORE_RING_IDX cons = READ_ONCE(intf->rsp_cons);
        XENSTORE_RING_IDX prod = READ_ONCE(intf->rsp_prod);
        size_t n = XENSTORE_RING_SIZE - RING_MASK(cons);

        mb();
        if ( (XENSTORE_RING_IDX)(prod - cons) > XENSTORE_RING_SIZE )
            broken = true;
        else if ( prod == cons )
            wait_kick(seen);
        else
        {
            if ( n > prod - cons )
                n = prod - cons;
            if ( n > len )
                n = len;
            memcpy(out, intf->rsp + RING_MASK(cons), n);
            mb(); /* copied before xenstored may reuse the space */
            WRITE_ONCE(intf->rsp_cons, cons + n);
            evtchn_notify(port);
            out += n;
            len -= n;
        }
    }
    return broken ? -EIO : 0;
}

/* Whether a whole message header is already in the ring. */
static bool rsp_ready(void)
{
    XENSTORE_RING_IDX cons = READ_ONCE(intf->rsp_cons);
    XENSTORE_RING_IDX prod = READ_ONCE(intf->rsp_prod);

    return (XENSTORE_RING_IDX)(prod - cons) >= sizeof(struct xsd_sockmsg);
}

/* One message: its header and a malloc'd body with a NUL after it. */
static int read_msg(struct xsd_sockmsg *m, char **body)
{
    int rc = ring_read(m, sizeof(*m));

    if ( rc )
        return rc;
    if ( m->len > XENSTORE_PAYLOAD_MAX )
    {
        broken = true; /* the stream cannot be followed any more */
        return -EIO;
    }
    if ( !(*body = malloc(m->len + 1)) )
        return -ENOMEM;
    (*body)[m->len] = '\0';
    if ( (rc = ring_read(*body, m->len)) )
        free(*body);
    return rc;
}

static void queue_event(char *body, unsigned int len)
{
    struct event *e = malloc(sizeof(*e) + len + 1);

    if ( !e )
        return;
    e->next = NULL;
    e->len = len;
    memcpy(e->data, body, len + 1);
    *events_tail = e;
    events_tail = &e->next;
}

static int error_number(const char *name)
{
    for ( unsigned int i = 0; i < ARRAY_SIZE(xsd_errors); i++ )
        if ( !strcmp(name, xsd_errors[i].errstring) )
            return -(int)xsd_errors[i].errnum;
    return -EINVAL;
}

/* Send type with strings a and b (b may be NULL, or without its NUL)
 * within transaction t. */
static int talk(xenbus_transaction_t t, uint32_t type, const char *a,
                const char *b, bool b_nul, char **reply)
{
    size_t al = strlen(a) + 1, bl = b ? strlen(b) + b_nul : 0;
    struct xsd_sockmsg m = { type, ++req_id, t, al + bl }, r;
    char *body;
    int rc;

    if ( !intf )
        return -ENODEV;
    if ( al + bl > XENSTORE_PAYLOAD_MAX )
        return -E2BIG;
    if ( (rc = ring_write((char *)&m, sizeof(m))) ||
         (rc = ring_write(a, al)) || (b && (rc = ring_write(b, bl))) )
        return rc;
    for ( ;; )
    {
        if ( (rc = read_msg(&r, &body)) )
            return rc;
        if ( r.type == XS_WATCH_EVENT )
        {
            queue_event(body, r.len);
            free(body);
            continue;
        }
        if ( r.req_id == m.req_id )
            break;
        free(body); /* an answer to a request given up on */
    }
    if ( r.type == XS_ERROR )
        rc = error_number(body);
    else if ( r.type != type )
        rc = -EIO;
    else
        rc = (int)r.len;
    if ( rc < 0 || !reply )
        free(body);
    else
        *reply = body;
    return rc;
}

int xenbus_read(xenbus_transaction_t t, const char *path, char **value)
{
    return talk(t, XS_READ, path, NULL, false, value);
}

int xenbus_write(xenbus_transaction_t t, const char *path,
                 const char *value)
{
    int rc = talk(t, XS_WRITE, path, value, false, NULL);

    return rc < 0 ? rc : 0;
}

int xenbus_rm(xenbus_transaction_t t, const char *path)
{
    int rc = talk(t, XS_RM, path, NULL, false, NULL);

    return rc < 0 ? rc : 0;
}

/* The reply is the new id in decimal (xs_wire.h: TRANSACTION_START ""). */
int xenbus_transaction_start(xenbus_transaction_t *t)
{
    char *id;
    uint64_t v = 0;
    int rc = talk(XBT_NIL, XS_TRANSACTION_START, "", NULL, false, &id);

    if ( rc < 0 )
        return rc;
    for ( int i = 0; i < rc && id[i] >= '0' && id[i] <= '9' && v <= ~0u;
          i++ )
        v = v * 10 + (uint64_t)(id[i] - '0');
    /* Digits only, then at most the NUL; 0 is XBT_NIL, never an id. */
    rc = (rc && id[0] != '0' && v && v <= ~0u &&
          strnlen(id, (size_t)rc) + 1 >= (size_t)rc) ? 0 : -EIO;
    if ( !rc )
        *t = (xenbus_transaction_t)v;
    free(id);
    return rc;
}

int xenbus_transaction_end(xenbus_transaction_t t, bool abort)
{
    int rc = talk(t, XS_TRANSACTION_END, abort ? "F" : "T", NULL, false,
                  NULL);

    return rc < 0 ? rc : 0;
}

int xenbus_directory(xenbus_transaction_t t, const char *path,
                     char ***names)
{
    char *body, **v, *p;
    int len = talk(t, XS_DIRECTORY, path, NULL, false, &body), n = 0;

    if ( len < 0 )
        return len;
    for ( int i = 0; i < len; i++ )
        n += !body[i];
    if ( !(v = malloc(n * sizeof(char *) + len + 1)) )
    {
        free(body);
        return -ENOMEM;
    }
    p = memcpy(v + n, body, len + 1);
    for ( int i = 0; i < n; i++, p += strlen(p) + 1 )
        v[i] = p;
    free(body);
    *names = v;
    return n;
}

int xenbus_watch(const char *path, const char *token)
{
    int rc = talk(XBT_NIL, XS_WATCH, path, token, true, NULL);

    return rc < 0 ? rc : 0;
}

int xenbus_unwatch(const char *path, const char *token)
{
    int rc = talk(XBT_NIL, XS_UNWATCH, path, token, true, NULL);

    return rc < 0 ? rc : 0;
}

int xenbus_read_watch(char **path, char **token, bool block)
{
    struct xsd_sockmsg m;
    struct event *e;
    unsigned int len;
    char *body;
    int rc;

    if ( !intf )
        return -ENODEV;
    /* Events that came while no request was waiting. */
    while ( !events && (block || rsp_ready()) )
    {
        if ( (rc = read_msg(&m, &body)) )
            return rc;
        if ( m.type == XS_WATCH_EVENT )
            queue_event(body, m.len);
        free(body);
    }
    if ( !(e = events) )
        return -EAGAIN;
    events = e->next;
    if ( !events )
        events_tail = &events;
    /* The event becomes the caller's block: path then token. */
    len = e->len;
    memmove(e, e->data, len + 1);
    *path = (char *)e;
    *token = *path + strnlen(*path, len) + 1;
    if ( *token > *path + len )
        *token = *path + len; /* no token: an empty string */
    return 0;
}
