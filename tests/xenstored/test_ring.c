/*
 * Unit tests of xenstored's ring transport (dom0/xenstored/ring.c) with a
 * simulated guest on a host page: requests written into req with the
 * guest's index arithmetic, replies read back from rsp.  Wrap-around of
 * the ring and of the 32-bit indexes, partial requests, one request at a
 * time while replies are owed, malicious indexes and lengths, the
 * reconnection handshake, quota through the ring, INTRODUCE/RELEASE hooks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../dom0/xenstored/xs_core.h"

static struct xs_store *st;
static struct xs_conn *d0, *g;
static struct xenstore_domain_interface *intf;
static uint32_t next_req = 1;

void *xs_alloc(size_t size)
{
    return malloc(size);
}

void xs_free(void *p)
{
    free(p);
}

/* The guest: append bytes at req_prod (wrapping), no space check. */
static void guest_put(const void *buf, size_t len)
{
    const char *p = buf;

    for ( size_t i = 0; i < len; i++ )
        intf->req[MASK_XENSTORE_IDX(intf->req_prod + i)] = p[i];
    intf->req_prod += len;
}

static void guest_request(uint32_t type, const char *a, const void *b,
                          size_t blen)
{
    struct xsd_sockmsg h = { type, next_req++, 0, strlen(a) + 1 + blen };

    guest_put(&h, sizeof(h));
    guest_put(a, strlen(a) + 1);
    guest_put(b, blen);
}

/* The guest: take one message from rsp; false if none is whole. */
static bool guest_reply(struct xsd_sockmsg *h, char *body)
{
    XENSTORE_RING_IDX c = intf->rsp_cons;

    if ( intf->rsp_prod - c < sizeof(*h) )
        return false;
    for ( size_t i = 0; i < sizeof(*h); i++ )
        ((char *)h)[i] = intf->rsp[MASK_XENSTORE_IDX(c + i)];
    if ( intf->rsp_prod - c < sizeof(*h) + h->len )
        return false;
    for ( size_t i = 0; i < h->len; i++ )
        body[i] = intf->rsp[MASK_XENSTORE_IDX(c + sizeof(*h) + i)];
    body[h->len] = '\0';
    intf->rsp_cons = c + sizeof(*h) + h->len;
    return true;
}

static unsigned int serve(void)
{
    bool notify = false;

    return xs_ring_serve(intf, g, &notify);
}

/* dom0 writes over its own connection (no ring); b's NUL is sent
 * except for WRITE, whose value is bare bytes. */
static void dom0_request(uint32_t type, const char *a, const char *b)
{
    unsigned char buf[256], out[4096];
    size_t bl = strlen(b) + (type != XS_WRITE && *b);
    struct xsd_sockmsg h = { type, 1, 0, strlen(a) + 1 + bl };

    memcpy(buf, &h, sizeof(h));
    memcpy(buf + sizeof(h), a, strlen(a) + 1);
    memcpy(buf + sizeof(h) + strlen(a) + 1, b, bl);
    xs_conn_input(d0, buf, sizeof(h) + h.len);
    while ( xs_conn_output(d0, out, sizeof(out)) )
        ;
}

static int setup(void **state)
{
    st = xs_store_new();
    d0 = xs_conn_new(st, 0);
    g = xs_conn_new(st, 5);
    intf = calloc(1, sizeof(*intf));
    assert_non_null(st);
    assert_non_null(intf);
    /* The guest's home, owned by the guest, as the toolstack makes it. */
    dom0_request(XS_MKDIR, "/local/domain/5", "");
    dom0_request(XS_SET_PERMS, "/local/domain/5", "n5");
    return 0;
}

static int teardown(void **state)
{
    xs_store_free(st);
    free(intf);
    return 0;
}

static void write_then_read(void **state)
{
    struct xsd_sockmsg h;
    char body[XENSTORE_PAYLOAD_MAX + 1];
    bool notify = false;

    guest_request(XS_WRITE, "key", "value", 5);
    guest_request(XS_READ, "key", "", 0);
    assert_int_equal(xs_ring_serve(intf, g, &notify), XENSTORE_ERROR_NONE);
    assert_true(notify);
    assert_true(guest_reply(&h, body));
    assert_int_equal(h.type, XS_WRITE);
    assert_string_equal(body, "OK");
    assert_true(guest_reply(&h, body));
    assert_int_equal(h.type, XS_READ);
    assert_string_equal(body, "value");
    assert_int_equal(intf->req_cons, intf->req_prod);
    assert_false(guest_reply(&h, body));
}

/* 300 round trips from just below the 32-bit wrap, across the ring end. */
static void index_wrap(void **state)
{
    struct xsd_sockmsg h;
    char body[XENSTORE_PAYLOAD_MAX + 1], val[40];

    intf->req_cons = intf->req_prod = 0xffffff00u + 7;
    intf->rsp_cons = intf->rsp_prod = 0xfffffe00u + 3;
    for ( unsigned int i = 0; i < 300; i++ )
    {
        snprintf(val, sizeof(val), "value-%u", i);
        guest_request(XS_WRITE, "k", val, strlen(val));
        guest_request(XS_READ, "k", "", 0);
        assert_int_equal(serve(), XENSTORE_ERROR_NONE);
        assert_true(guest_reply(&h, body));
        assert_string_equal(body, "OK");
        assert_true(guest_reply(&h, body));
        assert_string_equal(body, val);
    }
    assert_true(intf->req_prod < 0x10000u); /* it did wrap */
    assert_int_equal(intf->error, XENSTORE_ERROR_NONE);
}

/* A request in pieces, down to one byte per step, is answered once. */
static void partial(void **state)
{
    struct xsd_sockmsg h = { XS_WRITE, 9, 0, 6 };
    char msg[sizeof(h) + 6], body[64];

    memcpy(msg, &h, sizeof(h));
    memcpy(msg + sizeof(h), "p\0abcd", 6);
    for ( size_t i = 0; i < sizeof(msg); i++ )
    {
        guest_put(msg + i, 1);
        assert_int_equal(serve(), XENSTORE_ERROR_NONE);
        assert_int_equal(guest_reply(&h, body), i + 1 == sizeof(msg));
    }
    assert_int_equal(h.req_id, 9);
    guest_request(XS_READ, "p", "", 0);
    serve();
    assert_true(guest_reply(&h, body));
    assert_string_equal(body, "abcd");
}

/* A guest that does not take its replies gets nothing more read. */
static void one_at_a_time(void **state)
{
    struct xsd_sockmsg h;
    char big[900], body[XENSTORE_PAYLOAD_MAX + 1];
    XENSTORE_RING_IDX before;

    memset(big, 'x', sizeof(big));
    guest_request(XS_WRITE, "big", big, sizeof(big));
    serve();
    assert_true(guest_reply(&h, body));
    for ( unsigned int i = 0; i < 3; i++ )
        guest_request(XS_READ, "big", "", 0);
    serve(); /* the first reply fills most of rsp, the second cannot fit */
    before = intf->req_cons;
    assert_true(intf->req_cons != intf->req_prod);
    serve();
    assert_int_equal(intf->req_cons, before);
    for ( unsigned int i = 0; i < 3; i++ )
    {
        /* Taking a reply makes room; serving fills it again. */
        while ( !guest_reply(&h, body) )
            assert_int_equal(serve(), XENSTORE_ERROR_NONE);
        assert_int_equal(h.len, sizeof(big));
    }
    assert_int_equal(intf->req_cons, intf->req_prod);
}

static void bad_req_indexes(void **state)
{
    bool notify = false;

    intf->req_cons = 100;
    intf->req_prod = 100 + XENSTORE_RING_SIZE + 1;
    assert_int_equal(xs_ring_serve(intf, g, &notify),
                     XENSTORE_ERROR_RINGIDX);
    assert_int_equal(intf->error, XENSTORE_ERROR_RINGIDX);
    assert_int_equal(intf->req_cons, 100); /* nothing was taken */
}

static void bad_rsp_indexes(void **state)
{
    guest_request(XS_READ, "missing", "", 0);
    intf->rsp_prod = 10;
    intf->rsp_cons = 11; /* consumer ahead of producer */
    assert_int_equal(serve(), XENSTORE_ERROR_RINGIDX);
    assert_int_equal(intf->error, XENSTORE_ERROR_RINGIDX);
    assert_int_equal(intf->rsp_prod, 10);
}

/* An over-long payload: E2BIG is sent, then the ring is given up. */
static void oversized(void **state)
{
    struct xsd_sockmsg h = { XS_WRITE, 3, 0, XENSTORE_PAYLOAD_MAX + 1 };
    char body[64];

    guest_put(&h, sizeof(h));
    guest_put("junk", 4);
    assert_int_equal(serve(), XENSTORE_ERROR_PROTO);
    assert_true(guest_reply(&h, body));
    assert_int_equal(h.type, XS_ERROR);
    assert_string_equal(body, "E2BIG");
    assert_int_equal(intf->error, XENSTORE_ERROR_PROTO);
}

/* Random index and byte garbage never crashes and ends in an error or
 * answers; the core stays usable for others. */
static void garbage(void **state)
{
    srand(6);
    for ( unsigned int round = 0; round < 2000; round++ )
    {
        unsigned int r = rand();

        if ( r % 7 == 0 )
            intf->req_prod += rand() % (2 * XENSTORE_RING_SIZE);
        else if ( r % 7 == 1 )
            intf->rsp_cons += rand() % (2 * XENSTORE_RING_SIZE);
        else
            for ( unsigned int i = 0; i < r % 64; i++ )
            {
                char c = rand();

                guest_put(&c, 1);
            }
        if ( serve() != XENSTORE_ERROR_NONE )
        {
            /* The toolstack's answer: reset and go on. */
            xs_conn_reset(g);
            memset(intf, 0, sizeof(*intf));
        }
        intf->rsp_cons = intf->rsp_prod; /* the guest takes everything */
    }
    dom0_request(XS_WRITE, "/still", "ok");
    assert_non_null(xs_store_lookup(st, "/still"));
}

static void reconnect(void **state)
{
    struct xsd_sockmsg h;
    char body[64];
    bool notify = false;

    guest_request(XS_WATCH, "w", "tok\0", 4);
    serve();
    assert_true(guest_reply(&h, body)); /* OK */
    assert_true(guest_reply(&h, body)); /* the first event */
    assert_non_null(g->watches);
    guest_request(XS_READ, "half", "", 0);
    intf->req_prod -= 3; /* the rest never comes */
    intf->rsp_prod += 77;
    intf->connection = XENSTORE_RECONNECT;
    assert_int_equal(xs_ring_serve(intf, g, &notify), XENSTORE_ERROR_NONE);
    assert_true(notify);
    assert_int_equal(intf->connection, XENSTORE_CONNECTED);
    assert_int_equal(intf->req_prod, 0);
    assert_int_equal(intf->rsp_prod, 0);
    assert_null(g->watches);
    guest_request(XS_READ, "missing", "", 0);
    serve();
    assert_true(guest_reply(&h, body));
    assert_string_equal(body, "ENOENT");
}

static void introduce_ring(void **state)
{
    bool notify = false;

    intf->rsp_prod = intf->rsp_cons = 99;
    intf->connection = XENSTORE_RECONNECT;
    xs_ring_introduce(intf, g, &notify);
    assert_true(notify);
    assert_int_equal(intf->connection, XENSTORE_CONNECTED);
    assert_int_equal(intf->rsp_prod, 0);
    assert_int_equal(intf->server_features,
                     XENSTORE_SERVER_FEATURE_RECONNECTION |
                         XENSTORE_SERVER_FEATURE_ERROR);
}

/* The node quota holds through the ring as over a socket. */
static void quota(void **state)
{
    struct xsd_sockmsg h;
    char body[64], name[32];
    unsigned int ok = 0;

    /* 50 per directory: a node's record (its child names) is limited. */
    for ( unsigned int i = 0; i < XS_QUOTA_NODES + 5; i++ )
    {
        snprintf(name, sizeof(name), "d%u/n%u", i / 50, i);
        guest_request(XS_WRITE, name, "", 0);
        serve();
        assert_true(guest_reply(&h, body));
        if ( h.type == XS_ERROR )
        {
            assert_string_equal(body, "ENOSPC");
            break;
        }
        ok++;
    }
    /* The home and the directories count as the guest's nodes too. */
    assert_int_equal(1 + (ok + 49) / 50 + ok, XS_QUOTA_NODES);
}

static unsigned int hook_domid, hook_port, released;
static unsigned long hook_mfn;
static int hook_rc;

static int on_introduce(void *arg, unsigned int domid, unsigned long mfn,
                        unsigned int port)
{
    hook_domid = domid;
    hook_mfn = mfn;
    hook_port = port;
    return hook_rc;
}

static void on_release(void *arg, unsigned int domid)
{
    released = domid;
}

static void hooks(void **state)
{
    struct xs_hooks h = { on_introduce, on_release, NULL };
    unsigned char buf[64], out[256];
    static const char args[] = "7\0" "123456\0" "9"; /* 11 bytes */
    struct xsd_sockmsg m = { XS_INTRODUCE, 1, 0, sizeof(args) };
    size_t n;

    xs_store_set_hooks(st, &h);
    hook_rc = EINVAL;
    memcpy(buf, &m, sizeof(m));
    memcpy(buf + sizeof(m), args, sizeof(args));
    xs_conn_input(d0, buf, sizeof(m) + m.len);
    n = xs_conn_output(d0, out, sizeof(out));
    assert_int_equal(hook_domid, 7);
    assert_int_equal(hook_mfn, 123456);
    assert_int_equal(hook_port, 9);
    assert_true(n > sizeof(m));
    assert_string_equal((char *)out + sizeof(m), "EINVAL");
    assert_false(xs_domain_introduced(st, 7));
    hook_rc = 0;
    xs_conn_input(d0, buf, sizeof(m) + m.len);
    xs_conn_output(d0, out, sizeof(out));
    assert_string_equal((char *)out + sizeof(m), "OK");
    assert_true(xs_domain_introduced(st, 7));
    dom0_request(XS_RELEASE, "7", "");
    assert_int_equal(released, 7);
    assert_false(xs_domain_introduced(st, 7));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(write_then_read), T(index_wrap),     T(partial),
        T(one_at_a_time),   T(bad_req_indexes), T(bad_rsp_indexes),
        T(oversized),       T(garbage),        T(reconnect),
        T(introduce_ring),  T(quota),          T(hooks),
#undef T
    };

    return cmocka_run_group_tests_name("xenstored ring", tests, NULL, NULL);
}
