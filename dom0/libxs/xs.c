/*
 * libxenstore over an in-process connection to dom0's xenstored core:
 * each call frames a request as tools/libs/store/xs.c does, feeds it to
 * the core, which answers at once, and sorts the output into the reply
 * and queued watch events.  Semantics and errnos follow xs.c (4.17).
 */
#include <stdlib.h>
#include <string.h>

#include <dom0/xenstore.h>
#include <dom0/xenstored.h>

#include "../xenstored/xs_core.h"

struct xs_event {
    struct xs_event *next;
    unsigned int len;
    char data[];                /* path\0token\0 */
};

struct xs_handle {
    struct xs_conn *conn;
    struct xs_event *events, **tail;
    uint32_t req_id;
    int id;
};

struct seg {
    const void *p;
    size_t len;
};

void xenstored_poll(void);

static int next_id;

/* Strict decimal, as the core writes numbers; false if anything else. */
static bool parse_ulong(const char *s, unsigned long *out)
{
    unsigned long v = 0;

    if ( !*s )
        return false;
    for ( ; *s; s++ )
    {
        if ( *s < '0' || *s > '9' || v > (~0UL - 9) / 10 )
            return false;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return true;
}

struct xs_handle *xs_open(unsigned long flags)
{
    struct xs_handle *h;

    if ( !xenstored_store() )
    {
        errno = ENOENT; /* no daemon to connect to */
        return NULL;
    }
    if ( !(h = calloc(1, sizeof(*h))) ||
         !(h->conn = xs_conn_new(xenstored_store(), 0)) )
    {
        free(h);
        errno = ENOMEM;
        return NULL;
    }
    h->tail = &h->events;
    h->id = next_id++;
    return h;
}

void xs_close(struct xs_handle *h)
{
    if ( !h )
        return;
    while ( h->events )
    {
        struct xs_event *e = h->events;

        h->events = e->next;
        free(e);
    }
    xs_conn_free(h->conn);
    free(h);
}

int xs_fileno(struct xs_handle *h)
{
    /* dom0 has no descriptors: a number naming the handle.  Readiness is
     * xs_check_watch's answer after the main loop's xenstored_poll(). */
    return h->id;
}

/* One whole message out of the core's output: its header and body. */
static char *take(struct xs_handle *h, struct xsd_sockmsg *m)
{
    char *body;

    if ( !xs_conn_output_pending(h->conn) )
        return NULL;
    if ( xs_conn_output(h->conn, m, sizeof(*m)) != sizeof(*m) ||
         m->len > XENSTORE_PAYLOAD_MAX || !(body = malloc(m->len + 1)) )
    {
        errno = EIO;
        return NULL;
    }
    if ( xs_conn_output(h->conn, body, m->len) != m->len )
    {
        free(body);
        errno = EIO;
        return NULL;
    }
    body[m->len] = '\0';
    return body;
}

static void queue_event(struct xs_handle *h, const char *body,
                        unsigned int len)
{
    struct xs_event *e = malloc(sizeof(*e) + len + 1);

    if ( !e )
        return; /* dropped, as the core drops beyond its backlog */
    e->next = NULL;
    e->len = len;
    memcpy(e->data, body, len);
    e->data[len] = '\0';
    *h->tail = e;
    h->tail = &e->next;
}

static int error_number(const char *name)
{
    for ( unsigned int i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]);
          i++ )
        if ( !strcmp(name, xsd_errors[i].errstring) )
            return xsd_errors[i].errnum;
    return EINVAL;
}

/* Send one request; the reply's body (malloc'd, NUL after len) or NULL. */
static char *talk(struct xs_handle *h, xs_transaction_t t, uint32_t type,
                  const struct seg *segs, unsigned int nsegs,
                  unsigned int *len)
{
    struct xsd_sockmsg m = { type, ++h->req_id, t, 0 }, r;
    char *reply = NULL, *body, *buf;

    for ( unsigned int i = 0; i < nsegs; i++ )
    {
        if ( segs[i].len > XENSTORE_PAYLOAD_MAX - m.len )
        {
            errno = E2BIG;
            return NULL;
        }
        m.len += segs[i].len;
    }
    if ( !(buf = malloc(sizeof(m) + m.len)) )
    {
        errno = ENOMEM;
        return NULL;
    }
    memcpy(buf, &m, sizeof(m));
    for ( unsigned int i = 0, off = sizeof(m); i < nsegs; i++ )
    {
        memcpy(buf + off, segs[i].p, segs[i].len);
        off += segs[i].len;
    }
    xs_conn_input(h->conn, buf, sizeof(m) + m.len);
    free(buf);
    while ( !reply && (body = take(h, &r)) )
    {
        if ( r.type == XS_WATCH_EVENT )
        {
            queue_event(h, body, r.len);
            free(body);
            continue;
        }
        reply = body;
    }
    xenstored_poll(); /* guests may have replies or events from this */
    if ( !reply )
    {
        errno = xs_conn_broken(h->conn) ? EIO : ENOMEM;
        return NULL;
    }
    if ( r.type == XS_ERROR )
    {
        errno = error_number(reply);
        free(reply);
        return NULL;
    }
    if ( r.type != type || r.req_id != m.req_id )
    {
        free(reply);
        errno = EBADF; /* xs.c: a reply to something else */
        return NULL;
    }
    if ( len )
        *len = r.len;
    return reply;
}

static bool ok(char *reply)
{
    free(reply);
    return reply != NULL;
}

static char *talk1(struct xs_handle *h, xs_transaction_t t, uint32_t type,
                   const char *s, unsigned int *len)
{
    struct seg seg = { s, strlen(s) + 1 };

    return talk(h, t, type, &seg, 1, len);
}

/* The NUL-separated strings of buf as a vector in one block (xs.c). */
static char **split(char *buf, unsigned int len, unsigned int *num)
{
    unsigned int n = 0, i;
    char **v, *p;

    for ( i = 0; i < len; i++ )
        n += !buf[i];
    if ( !(v = malloc(n * sizeof(char *) + len + 1)) )
    {
        free(buf);
        errno = ENOMEM;
        return NULL;
    }
    p = memcpy((char *)(v + n), buf, len);
    for ( i = 0; i < n; i++ )
    {
        v[i] = p;
        p += strlen(p) + 1;
    }
    free(buf);
    *num = n;
    return v;
}

/*
 * A directory too long for one reply, as libxenstore's
 * xs_directory_part: XS_DIRECTORY_PART from offset 0 on, each reply the
 * node's generation, whole names, and an extra NUL after the last part.
 * A generation that changes between parts (the node was written) starts
 * the listing over.  The names, NUL-separated, with their length.
 */
static char *directory_parts(struct xs_handle *h, xs_transaction_t t,
                             const char *path, unsigned int *len)
{
    char gen[16] = "", offs[16], *names = NULL, *r, *more;
    unsigned int off = 0, rlen, glen;

    for ( ;; )
    {
        struct seg segs[2] = { { path, strlen(path) + 1 }, { offs, 0 } };

        segs[1].len = xs_fmt_uint(offs, off) + 1;   /* with its NUL */
        if ( !(r = talk(h, t, XS_DIRECTORY_PART, segs, 2, &rlen)) )
            break;
        glen = (unsigned int)strnlen(r, rlen) + 1;
        if ( glen > rlen || glen > sizeof(gen) )
        {
            free(r);
            errno = EIO;
            break;
        }
        if ( off && strcmp(gen, r) )
        {
            free(r);
            off = 0;                        /* changed meanwhile: again */
            continue;
        }
        memcpy(gen, r, glen);
        if ( !(more = realloc(names, off + rlen - glen + 1)) )
        {
            free(r);
            errno = ENOMEM;
            break;
        }
        names = more;
        memcpy(names + off, r + glen, rlen - glen);
        free(r);
        off += rlen - glen;
        if ( off <= 1 || !names[off - 2] )  /* the end's extra NUL */
        {
            *len = off > 1 ? off - 1 : 0;
            return names;
        }
    }
    free(names);
    return NULL;
}

char **xs_directory(struct xs_handle *h, xs_transaction_t t,
                    const char *path, unsigned int *num)
{
    unsigned int len;
    char *r = talk1(h, t, XS_DIRECTORY, path, &len);

    if ( !r && errno == E2BIG )
        r = directory_parts(h, t, path, &len);
    return r ? split(r, len, num) : NULL;
}

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
              unsigned int *len)
{
    return talk1(h, t, XS_READ, path, len);
}

bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
              const void *data, unsigned int len)
{
    struct seg segs[2] = { { path, strlen(path) + 1 }, { data, len } };

    return ok(talk(h, t, XS_WRITE, segs, 2, NULL));
}

bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    return ok(talk1(h, t, XS_MKDIR, path, NULL));
}

bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    return ok(talk1(h, t, XS_RM, path, NULL));
}

struct xs_permissions *xs_get_permissions(struct xs_handle *h,
                                          xs_transaction_t t,
                                          const char *path,
                                          unsigned int *num)
{
    struct xs_permissions *p;
    unsigned int len, n;
    unsigned long id;
    char **v, *r = talk1(h, t, XS_GET_PERMS, path, &len);

    if ( !r || !(v = split(r, len, &n)) )
        return NULL;
    if ( !(p = malloc(n * sizeof(*p) + 1)) )
        errno = ENOMEM;
    for ( unsigned int i = 0; p && i < n; i++ )
    {
        static const char c[] = "nrwb";
        unsigned int k = 0;

        while ( k < 4 && c[k] != v[i][0] )
            k++;
        if ( k == 4 || !parse_ulong(v[i] + 1, &id) || id > 0xffff )
        {
            free(p);
            p = NULL;
            errno = EINVAL;
            break;
        }
        p[i].id = id;
        p[i].perms = k; /* n=NONE, r=READ, w=WRITE, b=both */
    }
    free(v);
    *num = p ? n : 0;
    return p;
}

bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
                        const char *path, struct xs_permissions *perms,
                        unsigned int num)
{
    char *buf = malloc(num * 8 + 1); /* "b65535" and a NUL each */
    struct seg segs[2] = { { path, strlen(path) + 1 }, { buf, 0 } };
    bool done;

    if ( num > XENSTORE_PAYLOAD_MAX / 2 || !buf )
    {
        free(buf);
        errno = num > XENSTORE_PAYLOAD_MAX / 2 ? E2BIG : ENOMEM;
        return false;
    }
    for ( unsigned int i = 0; i < num; i++ )
    {
        buf[segs[1].len++] = "nrwb"[perms[i].perms & (XS_PERM_READ | XS_PERM_WRITE)];
        segs[1].len += xs_fmt_uint(buf + segs[1].len, perms[i].id) + 1;
    }
    done = ok(talk(h, t, XS_SET_PERMS, segs, 2, NULL));
    free(buf);
    return done;
}

static bool watch_op(struct xs_handle *h, uint32_t type, const char *path,
                     const char *token)
{
    struct seg segs[2] = { { path, strlen(path) + 1 },
                           { token, strlen(token) + 1 } };

    return ok(talk(h, XBT_NULL, type, segs, 2, NULL));
}

bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
    return watch_op(h, XS_WATCH, path, token);
}

bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
    return watch_op(h, XS_UNWATCH, path, token);
}

/* The oldest event as {path, token} (one block), or NULL: none yet. */
static char **pop_event(struct xs_handle *h, unsigned int *num)
{
    struct xsd_sockmsg m;
    struct xs_event *e;
    char *body, **v;

    while ( (body = take(h, &m)) )
    {
        if ( m.type == XS_WATCH_EVENT )
            queue_event(h, body, m.len);
        free(body); /* nothing else arrives between requests */
    }
    if ( !(e = h->events) )
        return NULL;
    h->events = e->next;
    if ( !h->events )
        h->tail = &h->events;
    body = malloc(e->len + 1);
    v = NULL;
    if ( body )
    {
        memcpy(body, e->data, e->len + 1);
        v = split(body, e->len, num);
    }
    free(e);
    if ( !v )
        errno = ENOMEM;
    return v;
}

char **xs_check_watch(struct xs_handle *h)
{
    unsigned int num;
    char **v;

    errno = 0;
    if ( !(v = pop_event(h, &num)) && !errno )
        errno = EAGAIN;
    return v;
}

char **xs_read_watch(struct xs_handle *h, unsigned int *num)
{
    char **v;

    errno = 0;
    while ( !(v = pop_event(h, num)) && !errno ) /* ENOMEM, EIO: give up */
        xenstored_wait();
    return v;
}

xs_transaction_t xs_transaction_start(struct xs_handle *h)
{
    unsigned long id;
    char *r = talk1(h, XBT_NULL, XS_TRANSACTION_START, "", NULL);
    bool good = r && parse_ulong(r, &id) && id <= 0xffffffffUL;

    if ( r && !good )
        errno = EINVAL;
    free(r);
    return good ? (xs_transaction_t)id : XBT_NULL;
}

bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t,
                        bool abort)
{
    return ok(talk1(h, t, XS_TRANSACTION_END, abort ? "F" : "T", NULL));
}

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
                         unsigned long mfn, unsigned int eventchn)
{
    char buf[3 * 24];
    unsigned int n = xs_fmt_uint(buf, domid) + 1;
    struct seg seg = { buf, 0 };

    n += xs_fmt_uint(buf + n, mfn) + 1;
    n += xs_fmt_uint(buf + n, eventchn) + 1;
    seg.len = n;
    return ok(talk(h, XBT_NULL, XS_INTRODUCE, &seg, 1, NULL));
}

static char *domid_op(struct xs_handle *h, uint32_t type,
                      unsigned int domid)
{
    char buf[24];

    xs_fmt_uint(buf, domid);
    return talk1(h, XBT_NULL, type, buf, NULL);
}

bool xs_release_domain(struct xs_handle *h, unsigned int domid)
{
    return ok(domid_op(h, XS_RELEASE, domid));
}

bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid)
{
    char *r = domid_op(h, XS_IS_DOMAIN_INTRODUCED, domid);
    bool yes = r && !strcmp(r, "T");

    free(r);
    return yes;
}

char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
{
    return domid_op(h, XS_GET_DOMAIN_PATH, domid);
}
