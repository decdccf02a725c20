/*
 * Unit tests of the xenstored core (dom0/xenstored/) on the host, under
 * cmocka with ASan/UBSan: requests go in as wire bytes through
 * xs_conn_input() and replies come back through xs_conn_output(), so the
 * framing is exercised by every test.  xs_alloc() can be made to fail.
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
static struct xs_conn *d0, *d5, *d6;
static long fail_at = -1, nalloc;

void *xs_alloc(size_t size)
{
    if ( fail_at >= 0 && nalloc++ == fail_at )
        return NULL;
    return malloc(size);
}

void xs_free(void *p)
{
    free(p);
}

static char rbuf[XENSTORE_PAYLOAD_MAX + 1];
static unsigned int rlen;
static char ev[200][128]; /* "path token" of the watch events seen */
static unsigned int nev;

/* Drain c's output; the last non-event message is the reply. */
static uint32_t drain(struct xs_conn *c)
{
    static unsigned char out[1 << 20];
    size_t n = xs_conn_output(c, out, sizeof(out)), off = 0;
    uint32_t type = XS_INVALID;

    while ( off + sizeof(struct xsd_sockmsg) <= n )
    {
        struct xsd_sockmsg h;
        const char *p = (char *)out + off + sizeof(h);

        memcpy(&h, out + off, sizeof(h));
        off += sizeof(h) + h.len;
        assert_true(off <= n && h.len <= XENSTORE_PAYLOAD_MAX);
        if ( h.type == XS_WATCH_EVENT )
        {
            if ( nev < 200 )
                snprintf(ev[nev++], sizeof(ev[0]), "%s %s", p,
                         p + strlen(p) + 1);
            continue;
        }
        type = h.type;
        rlen = h.len;
        memcpy(rbuf, p, h.len);
        rbuf[h.len] = 0;
    }
    return type;
}

static uint32_t req(struct xs_conn *c, uint32_t type, uint32_t tx,
                    const void *p, size_t len)
{
    struct xsd_sockmsg h = { type, 42, tx, len };

    xs_conn_input(c, &h, sizeof(h));
    xs_conn_input(c, p, len);
    return drain(c);
}

#define REQ(c, t, tx, lit) req(c, t, tx, lit, sizeof(lit) - 1)
/* Expect the reply text (OK, a value, or an error name). */
#define EXPECT(c, t, tx, lit, want)                                        \
    do {                                                                   \
        REQ(c, t, tx, lit);                                                \
        assert_string_equal(rbuf, want);                                   \
    } while ( 0 )

static int setup(void **state)
{
    fail_at = -1;
    nev = 0;
    st = xs_store_new();
    d0 = xs_conn_new(st, 0);
    d5 = xs_conn_new(st, 5);
    d6 = xs_conn_new(st, 6);
    /* The toolstack's part: homes owned by their domains. */
    EXPECT(d0, XS_MKDIR, 0, "/local/domain/5\0", "OK");
    EXPECT(d0, XS_SET_PERMS, 0, "/local/domain/5\0n5\0", "OK");
    EXPECT(d0, XS_MKDIR, 0, "/local/domain/6\0", "OK");
    EXPECT(d0, XS_SET_PERMS, 0, "/local/domain/6\0n6\0", "OK");
    EXPECT(d0, XS_WRITE, 0, "/t/a\0v", "OK");
    return 0;
}

static int teardown(void **state)
{
    xs_store_free(st);
    return 0;
}

static void test_read_write(void **state)
{
    EXPECT(d0, XS_READ, 0, "/t/a\0", "v");
    EXPECT(d0, XS_READ, 0, "/t/none\0", "ENOENT");
    EXPECT(d0, XS_DIRECTORY, 0, "/\0", "tool");
    assert_int_equal(rlen, strlen("tool") + 1 + strlen("local") + 1 +
                               strlen("t") + 1);
    EXPECT(d0, XS_WRITE, 0, "/t/a\0", "OK"); /* empty value */
    EXPECT(d0, XS_READ, 0, "/t/a\0", "");
    EXPECT(d0, XS_MKDIR, 0, "/t/a\0", "OK"); /* exists: fine */
    EXPECT(d0, XS_RM, 0, "/t\0", "OK");
    EXPECT(d0, XS_READ, 0, "/t/a\0", "ENOENT");
    EXPECT(d0, XS_RM, 0, "/t\0", "OK");       /* gone, parent there */
    EXPECT(d0, XS_RM, 0, "/t/x/y\0", "ENOENT");
    EXPECT(d0, XS_RM, 0, "/\0", "EINVAL");
    EXPECT(d0, XS_GET_DOMAIN_PATH, 0, "12\0", "/local/domain/12");
    EXPECT(d5, XS_WRITE, 0, "k\0x", "OK");   /* relative to its home */
    EXPECT(d0, XS_READ, 0, "/local/domain/5/k\0", "x");
    EXPECT(d0, XS_GET_PERMS, 0, "/local/domain/5/k\0", "n5");
}

static void test_paths(void **state)
{
    EXPECT(d0, XS_WRITE, 0, "/a//b\0x", "EINVAL");
    EXPECT(d0, XS_WRITE, 0, "/a/\0x", "EINVAL");
    EXPECT(d0, XS_WRITE, 0, "/a b\0x", "EINVAL");
    EXPECT(d0, XS_READ, 0, "@introduceDomain\0", "EINVAL");
    char p[XENSTORE_PAYLOAD_MAX];
    int n = snprintf(p, sizeof(p), "/local/domain/5/");

    memset(p + n, 'a', XENSTORE_REL_PATH_MAX); /* the longest relative */
    p[n + XENSTORE_REL_PATH_MAX] = 0;
    req(d0, XS_MKDIR, 0, p, n + XENSTORE_REL_PATH_MAX + 1);
    assert_string_equal(rbuf, "OK");
    p[n + XENSTORE_REL_PATH_MAX] = 'a';
    p[n + XENSTORE_REL_PATH_MAX + 1] = 0;
    req(d0, XS_MKDIR, 0, p, n + XENSTORE_REL_PATH_MAX + 2);
    assert_string_equal(rbuf, "EINVAL");
}

static void test_permissions(void **state)
{
    /* Not readable: EACCES; missing under an unreadable parent: too. */
    EXPECT(d5, XS_READ, 0, "/t/a\0", "EACCES");
    EXPECT(d5, XS_READ, 0, "/t/none\0", "EACCES");
    EXPECT(d5, XS_READ, 0, "/local/domain/6/x\0", "EACCES");
    EXPECT(d5, XS_READ, 0, "nothere\0", "ENOENT");
    EXPECT(d0, XS_SET_PERMS, 0, "/t/a\0n0\0r5\0", "OK");
    EXPECT(d5, XS_READ, 0, "/t/a\0", "v");
    EXPECT(d6, XS_READ, 0, "/t/a\0", "EACCES");
    EXPECT(d5, XS_WRITE, 0, "/t/a\0x", "EACCES");
    EXPECT(d0, XS_SET_PERMS, 0, "/t/a\0r0\0w5\0", "OK"); /* default r */
    EXPECT(d6, XS_READ, 0, "/t/a\0", "v");
    EXPECT(d5, XS_WRITE, 0, "/t/a\0x", "OK");
    EXPECT(d5, XS_READ, 0, "/t/a\0", "EACCES"); /* w only */
    EXPECT(d5, XS_SET_PERMS, 0, "/t/a\0n0\0", "EACCES"); /* not owner */
    /* Owners change the rest, never the owner; dom0 may. */
    EXPECT(d5, XS_WRITE, 0, "mine\0", "OK");
    EXPECT(d5, XS_SET_PERMS, 0, "mine\0n5\0r6\0", "OK");
    EXPECT(d6, XS_READ, 0, "/local/domain/5/mine\0", "");
    EXPECT(d5, XS_SET_PERMS, 0, "mine\0n6\0", "EPERM");
    EXPECT(d5, XS_SET_PERMS, 0, "mine\0x5\0", "EINVAL");
    EXPECT(d5, XS_SET_PERMS, 0, "mine\0", "EINVAL");
    EXPECT(d0, XS_SET_PERMS, 0, "/local/domain/5/mine\0n6\0", "OK");
    EXPECT(d5, XS_READ, 0, "mine\0", "EACCES");
    EXPECT(d0, XS_GET_PERMS, 0, "/local/domain/5/mine\0", "n6");
    /* Privileged requests. */
    EXPECT(d5, XS_INTRODUCE, 0, "7\0" "1\0" "2\0", "EACCES");
    EXPECT(d5, XS_IS_DOMAIN_INTRODUCED, 0, "0\0", "EACCES");
    EXPECT(d5, XS_SET_PERMS, 0, "@releaseDomain\0r5\0", "EACCES");
}

static void test_transactions(void **state)
{
    uint32_t t1, t2;

    REQ(d0, XS_TRANSACTION_START, 0, "\0");
    t1 = atoi(rbuf);
    REQ(d5, XS_TRANSACTION_START, 0, "\0");
    t2 = atoi(rbuf);
    assert_true(t1 && t2);
    EXPECT(d0, XS_WRITE, t1, "/t/a\0one", "OK");
    EXPECT(d0, XS_READ, 0, "/t/a\0", "v");   /* invisible outside */
    EXPECT(d0, XS_READ, t1, "/t/a\0", "one");
    EXPECT(d0, XS_WRITE, t1, "/t/new/deep\0n", "OK");
    EXPECT(d0, XS_DIRECTORY, t1, "/t\0", "a");
    assert_int_equal(rlen, 6);              /* "a\0new\0" */
    EXPECT(d5, XS_WRITE, t2, "k\0x", "OK");
    EXPECT(d0, XS_TRANSACTION_END, t1, "T\0", "OK");
    EXPECT(d0, XS_READ, 0, "/t/new/deep\0", "n");
    EXPECT(d5, XS_TRANSACTION_END, t2, "T\0", "OK"); /* disjoint: fine */
    EXPECT(d0, XS_READ, 0, "/local/domain/5/k\0", "x");

    /* Read in a transaction, changed outside: EAGAIN, nothing applied. */
    REQ(d5, XS_TRANSACTION_START, 0, "\0");
    t2 = atoi(rbuf);
    EXPECT(d5, XS_READ, t2, "k\0", "x");
    EXPECT(d5, XS_WRITE, t2, "other\0y", "OK");
    EXPECT(d0, XS_WRITE, 0, "/local/domain/5/k\0z", "OK");
    EXPECT(d5, XS_TRANSACTION_END, t2, "T\0", "EAGAIN");
    EXPECT(d5, XS_READ, 0, "other\0", "ENOENT");
    EXPECT(d5, XS_TRANSACTION_END, t2, "T\0", "ENOENT"); /* it ended */

    /* Abandon, nesting, bad ids and arguments. */
    REQ(d0, XS_TRANSACTION_START, 0, "\0");
    t1 = atoi(rbuf);
    EXPECT(d0, XS_RM, t1, "/t\0", "OK");
    EXPECT(d0, XS_TRANSACTION_START, t1, "\0", "EBUSY");
    EXPECT(d0, XS_TRANSACTION_END, t1, "X\0", "EINVAL");
    EXPECT(d0, XS_TRANSACTION_END, t1, "F\0", "OK");
    EXPECT(d0, XS_READ, 0, "/t/a\0", "one");
    EXPECT(d0, XS_READ, 999, "/t/a\0", "ENOENT");
    EXPECT(d0, XS_TRANSACTION_END, 0, "T\0", "ENOENT");
}

static void test_watches(void **state)
{
    EXPECT(d0, XS_WATCH, 0, "/t\0tok\0", "OK");
    assert_int_equal(nev, 1);               /* fired at once */
    assert_string_equal(ev[0], "/t tok");
    EXPECT(d0, XS_WATCH, 0, "/t\0tok\0", "EEXIST");
    EXPECT(d5, XS_WATCH, 0, "data\0rel\0", "OK");
    assert_string_equal(ev[1], "data rel"); /* relative stays relative */
    EXPECT(d5, XS_WATCH, 0, "/t\0x\0", "OK"); /* fires though unreadable */
    nev = 0;
    EXPECT(d0, XS_WRITE, 0, "/t/a/b\0x", "OK");
    drain(d5);
    assert_int_equal(nev, 1);               /* d5 may not read /t/a */
    assert_string_equal(ev[0], "/t/a/b tok");
    nev = 0;
    EXPECT(d0, XS_WRITE, 0, "/local/domain/5/data/q\0x", "OK");
    drain(d5);
    assert_int_equal(nev, 1);
    assert_string_equal(ev[0], "data/q rel");
    /* rm fires for each node below, and the watch on the root. */
    nev = 0;
    EXPECT(d0, XS_WATCH, 0, "/t/a/b\0deep\0", "OK");
    nev = 0;
    EXPECT(d0, XS_RM, 0, "/t/a\0", "OK");
    assert_int_equal(nev, 2); /* /t/a/b exactly, /t/a below /t */
    /* In a transaction events wait for the commit. */
    REQ(d0, XS_TRANSACTION_START, 0, "\0");
    uint32_t t = atoi(rbuf);

    nev = 0;
    EXPECT(d0, XS_WRITE, t, "/t/c\0x", "OK");
    assert_int_equal(nev, 0);
    EXPECT(d0, XS_TRANSACTION_END, t, "T\0", "OK");
    assert_int_equal(nev, 1); /* /t/c for /t tok */
    EXPECT(d0, XS_UNWATCH, 0, "/t\0tok\0", "OK");
    EXPECT(d0, XS_UNWATCH, 0, "/t\0tok\0", "ENOENT");
    nev = 0;
    EXPECT(d0, XS_RESET_WATCHES, 0, "", "OK");
    EXPECT(d0, XS_WRITE, 0, "/t/a/b\0x", "OK");
    assert_int_equal(nev, 0);
}

static void test_special_watches(void **state)
{
    EXPECT(d0, XS_WATCH, 0, "@introduceDomain\0i\0", "OK");
    EXPECT(d5, XS_WATCH, 0, "@releaseDomain\0r\0", "OK");
    nev = 0;
    EXPECT(d0, XS_INTRODUCE, 0, "6\0" "99\0" "3\0", "OK");
    assert_int_equal(nev, 1);
    assert_string_equal(ev[0], "@introduceDomain i");
    EXPECT(d0, XS_INTRODUCE, 0, "6\0" "99\0" "0\0", "EINVAL");
    EXPECT(d0, XS_IS_DOMAIN_INTRODUCED, 0, "6\0", "T");
    EXPECT(d0, XS_IS_DOMAIN_INTRODUCED, 0, "8\0", "F");
    /* d5 may not see @releaseDomain until dom0 says so. */
    EXPECT(d0, XS_SET_PERMS, 0, "@releaseDomain\0n0\0r5\0", "OK");
    EXPECT(d6, XS_WRITE, 0, "x\0y", "OK");
    EXPECT(d0, XS_SET_PERMS, 0, "/t/a\0n0\0r6\0", "OK");
    nev = 0;
    EXPECT(d0, XS_RELEASE, 0, "6\0", "OK");
    drain(d5);
    assert_int_equal(nev, 1);
    assert_string_equal(ev[0], "@releaseDomain r");
    assert_true(xs_conn_broken(d6));
    /* Its nodes went with it, and its permission entries. */
    EXPECT(d0, XS_READ, 0, "/local/domain/6\0", "ENOENT");
    EXPECT(d0, XS_GET_PERMS, 0, "/t/a\0", "n0");
    EXPECT(d0, XS_RELEASE, 0, "6\0", "ENOENT");
    EXPECT(d0, XS_RELEASE, 0, "0\0", "EINVAL");
}

static void test_quotas(void **state)
{
    char p[64], big[2100];
    unsigned int i;

    /*
     * Nodes: its home is one of its 1000.  Directories of 100, as a
     * record (children included) must stay under 2048 bytes.
     */
    for ( i = 0; i < 2 * XS_QUOTA_NODES; i++ )
    {
        req(d5, XS_WRITE, 0, p,
            snprintf(p, sizeof(p), "d%u/n%u", i / 100, i) + 1);
        if ( strcmp(rbuf, "OK") )
            break;
    }
    assert_string_equal(rbuf, "ENOSPC");
    assert_int_equal(xs_domain_get(st, 5, false)->nodes, XS_QUOTA_NODES);
    EXPECT(d5, XS_WRITE, 0, "one-more\0", "ENOSPC");
    EXPECT(d0, XS_WRITE, 0, "/local/domain/5/dom0s\0", "OK"); /* dom0 */
    EXPECT(d5, XS_RM, 0, "d0/n1\0", "OK");
    EXPECT(d5, XS_RM, 0, "d0/n2\0", "OK");
    EXPECT(d5, XS_WRITE, 0, "one-more\0", "OK");
    /* Node size: header 24 + one perm 8 + data < 2048. */
    memcpy(big, "/local/domain/6/v", 18);
    memset(big + 18, 'x', sizeof(big) - 18);
    req(d6, XS_WRITE, 0, big, 18 + 2015);
    assert_string_equal(rbuf, "OK");
    req(d6, XS_WRITE, 0, big, 18 + 2016);
    assert_string_equal(rbuf, "ENOSPC");
    req(d0, XS_WRITE, 0, big, sizeof(big));
    assert_string_equal(rbuf, "OK");
    /* Watches, transactions, permission entries. */
    for ( i = 0; i < XS_QUOTA_WATCHES; i++ )
    {
        req(d6, XS_WATCH, 0, p, snprintf(p, sizeof(p), "w%u%ct", i, 0) + 1);
        assert_string_equal(rbuf, "OK");
    }
    EXPECT(d6, XS_WATCH, 0, "w\0t\0", "E2BIG");
    for ( i = 0; i < XS_QUOTA_TRANS; i++ )
        assert_int_equal(REQ(d6, XS_TRANSACTION_START, 0, "\0"),
                         XS_TRANSACTION_START);
    EXPECT(d6, XS_TRANSACTION_START, 0, "\0", "ENOSPC");
    EXPECT(d6, XS_SET_PERMS, 0, "x\0n6\0r1\0r2\0r3\0r4\0r5\0", "ENOSPC");
}

static void test_big_directory(void **state)
{
    char p[300];
    unsigned int i, got = 0, off = 0;

    for ( i = 0; i < 40; i++ )
    {
        int n = snprintf(p, sizeof(p), "/d/%0200u", i);

        req(d0, XS_MKDIR, 0, p, n + 1);
    }
    EXPECT(d0, XS_DIRECTORY, 0, "/d\0", "E2BIG");
    for ( ;; )
    {
        char *s, *end;

        req(d0, XS_DIRECTORY_PART, 0, p,
            snprintf(p, sizeof(p), "/d%c%u", 0, off) + 1);
        end = rbuf + rlen;
        s = rbuf + strlen(rbuf) + 1;        /* skip the generation */
        for ( ; s < end && *s; s += strlen(s) + 1, got++ )
            off += strlen(s) + 1;
        if ( s < end && !*s )
            break;
    }
    assert_int_equal(got, 40);
}

static void test_malformed(void **state)
{
    static const char junk[] = "\xff\x00\x01garbage";
    struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };

    EXPECT(d0, 99, 0, "x\0", "ENOSYS");
    EXPECT(d0, XS_INVALID, 0, "", "ENOSYS");
    EXPECT(d0, XS_WATCH_EVENT, 0, "a\0b\0", "ENOSYS");
    EXPECT(d0, XS_ERROR, 0, "EINVAL\0", "ENOSYS");
    EXPECT(d0, XS_READ, 0, "/t/a", "EINVAL");      /* no NUL */
    EXPECT(d0, XS_READ, 0, "", "EINVAL");
    EXPECT(d0, XS_WRITE, 0, "/t/a", "EINVAL");
    EXPECT(d0, XS_WATCH, 0, "/t\0", "EINVAL");
    EXPECT(d0, XS_INTRODUCE, 0, "x\0" "1\0" "2\0", "EINVAL");
    EXPECT(d0, XS_INTRODUCE, 0, "1\0" "2\0", "EINVAL");
    /* A full payload without one NUL, for every type. */
    static char full[XENSTORE_PAYLOAD_MAX];

    memset(full, 'a', sizeof(full));
    for ( uint32_t t = 0; t < XS_TYPE_COUNT; t++ )
        assert_int_not_equal(req(d0, t, 0, full, sizeof(full)), XS_INVALID);
    req(d0, XS_INTRODUCE, 0, full, sizeof(full));
    assert_string_equal(rbuf, "EINVAL");
    EXPECT(d0, XS_GET_DOMAIN_PATH, 0, "-1\0", "EINVAL");
    EXPECT(d0, XS_DIRECTORY_PART, 0, "/\0", "EINVAL");
    req(d0, XS_WRITE, 0, junk, sizeof(junk)); /* binary data is fine */
    /* One byte at a time is the same request. */
    struct xsd_sockmsg r = { XS_READ, 9, 0, 5 };
    const char *b = (const char *)&r;

    for ( unsigned int i = 0; i < sizeof(r); i++ )
        xs_conn_input(d0, b + i, 1);
    for ( unsigned int i = 0; i < 5; i++ )
        xs_conn_input(d0, "/t/a" + i, 1);
    assert_int_equal(drain(d0), XS_READ);
    /* Too long: E2BIG, then the connection is done. */
    xs_conn_input(d5, &h, sizeof(h));
    assert_int_equal(drain(d5), XS_ERROR);
    assert_string_equal(rbuf, "E2BIG");
    assert_true(xs_conn_broken(d5));
    xs_conn_input(d5, "more", 4);
    assert_false(xs_conn_output_pending(d5));
}

/* Random requests of every type: answered, never a crash (ASan). */
static void test_fuzz(void **state)
{
    unsigned char buf[600];
    static const char alpha[] = "/ab@\0\0\0Tn05r";

    srand(1);
    for ( unsigned int n = 0; n < 20000; n++ )
    {
        struct xs_conn *c = n & 1 ? d0 : d6;
        size_t len = rand() % sizeof(buf);

        for ( size_t i = 0; i < len; i++ )
            buf[i] = alpha[rand() % (sizeof(alpha) - 1)];
        req(c, rand() % (XS_TYPE_COUNT + 2), rand() % 3, buf, len);
    }
    assert_false(xs_conn_broken(d0));
}

/* Every allocation failing in turn: an error, never a crash or leak. */
static void test_no_memory(void **state)
{
    uint32_t t;

    for ( long k = 0; k < 60; k++ )
    {
        nalloc = 0;
        fail_at = k;
        REQ(d0, XS_WRITE, 0, "/m/a/b/c\0x");
        REQ(d5, XS_WATCH, 0, "w\0t\0");
        REQ(d0, XS_TRANSACTION_START, 0, "\0");
        t = atoi(rbuf);
        req(d0, XS_WRITE, t, "/m/t\0y", 6);
        req(d0, XS_TRANSACTION_END, t, "T\0", 2);
        REQ(d0, XS_SET_PERMS, 0, "/m/a\0n0\0r5\0");
        REQ(d0, XS_RM, 0, "/m\0");
        fail_at = -1;
        /* No memory even for the error reply: the connection is closed. */
        if ( xs_conn_broken(d0) )
        {
            xs_conn_free(d0);
            d0 = xs_conn_new(st, 0);
        }
        if ( xs_conn_broken(d5) )
        {
            xs_conn_free(d5);
            d5 = xs_conn_new(st, 5);
        }
        REQ(d0, XS_RM, 0, "/m\0");
        REQ(d5, XS_UNWATCH, 0, "w\0t\0");
        EXPECT(d0, XS_READ, 0, "/t/a\0", "v");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_read_write, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_watches, setup, teardown),
        cmocka_unit_test_setup_teardown(test_special_watches, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_quotas, setup, teardown),
        cmocka_unit_test_setup_teardown(test_big_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fuzz, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_memory, setup, teardown),
    };

    return cmocka_run_group_tests_name("xenstored", tests, NULL, NULL);
}
