/*
 * Unit tests of dom0's libxenstore (dom0/libxs/xs.c) against the real
 * xenstored core on the host, under cmocka with ASan/UBSan: Xen's API
 * and errnos, directories longer than one reply, transactions and
 * their conflicts, watches read with
 * xs_read_watch and xs_check_watch, INTRODUCE/RELEASE and their events.
 * xenstored_store/poll/wait stand in for dom0's service.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <dom0/xenstore.h>
#include <dom0/xenstored.h>

#include "../../dom0/xenstored/xenstored.h"

static struct xs_store *st;
static unsigned int polls, waits;
static struct xs_handle *writer; /* xenstored_wait's "other domain" */

void *xs_alloc(size_t size)
{
    return malloc(size);
}

void xs_free(void *p)
{
    free(p);
}

struct xs_store *xenstored_store(void)
{
    return st;
}

void xenstored_poll(void)
{
    polls++;
}

/* Blocking: while the reader waits, someone else writes. */
void xenstored_wait(void)
{
    waits++;
    assert_non_null(writer);
    assert_true(xs_write(writer, XBT_NULL, "/w/x", "late", 4));
}

static int setup(void **state)
{
    st = xs_store_new();
    assert_non_null(st);
    return 0;
}

static int teardown(void **state)
{
    xs_close(writer);
    writer = NULL;
    xs_store_free(st);
    st = NULL;
    return 0;
}

static void no_daemon(void **state)
{
    struct xs_store *s = st;

    st = NULL;
    errno = 0;
    assert_null(xs_open(0));
    assert_int_equal(errno, ENOENT);
    st = s;
    xs_close(NULL); /* NULL ok, as in Xen */
}

static void read_write_dir(void **state)
{
    struct xs_handle *h = xs_open(0);
    unsigned int len, num;
    char **d, *v;

    assert_non_null(h);
    assert_true(xs_write(h, XBT_NULL, "/a/b", "hello", 5));
    v = xs_read(h, XBT_NULL, "/a/b", &len);
    assert_int_equal(len, 5);
    assert_string_equal(v, "hello");
    free(v);
    assert_true(xs_mkdir(h, XBT_NULL, "/a/c"));
    d = xs_directory(h, XBT_NULL, "/a", &num);
    assert_int_equal(num, 2);
    assert_true((!strcmp(d[0], "b") && !strcmp(d[1], "c")) ||
                (!strcmp(d[0], "c") && !strcmp(d[1], "b")));
    free(d);
    assert_true(xs_rm(h, XBT_NULL, "/a"));
    errno = 0;
    assert_null(xs_read(h, XBT_NULL, "/a/b", &len));
    assert_int_equal(errno, ENOENT);
    assert_false(xs_write(h, XBT_NULL, "not/absolute//", "x", 1));
    assert_int_equal(errno, EINVAL);
    assert_true(polls > 0); /* guests get their events served */
    xs_close(h);
}

static void too_big(void **state)
{
    struct xs_handle *h = xs_open(0);
    static char big[XENSTORE_PAYLOAD_MAX + 1];

    memset(big, 'x', sizeof(big));
    assert_false(xs_write(h, XBT_NULL, "/big", big, sizeof(big)));
    assert_int_equal(errno, E2BIG);
    xs_close(h);
}

/* More children than one reply holds: xs_directory pages through
 * XS_DIRECTORY_PART and returns every name once. */
static void long_directory(void **state)
{
    struct xs_handle *h = xs_open(0);
    char path[80], seen[300] = { 0 };
    unsigned int num;
    char **d;

    for ( unsigned int i = 0; i < 300; i++ )
    {
        snprintf(path, sizeof(path), "/long/child-with-a-long-name-%03u", i);
        assert_true(xs_write(h, XBT_NULL, path, "", 0));
    }
    d = xs_directory(h, XBT_NULL, "/long", &num);
    assert_non_null(d);
    assert_int_equal(num, 300);
    for ( unsigned int i = 0; i < num; i++ )
    {
        unsigned int n;

        assert_int_equal(sscanf(d[i], "child-with-a-long-name-%u", &n), 1);
        assert_true(n < 300 && !seen[n]);
        seen[n] = 1;
    }
    free(d);
    d = xs_directory(h, XBT_NULL, "/long/child-with-a-long-name-007", &num);
    assert_non_null(d);
    assert_int_equal(num, 0);
    free(d);
    xs_close(h);
}

static void permissions(void **state)
{
    struct xs_handle *h = xs_open(0);
    struct xs_permissions set[2] = { { 5, XS_PERM_NONE },
                                     { 7, XS_PERM_READ | XS_PERM_WRITE } };
    struct xs_permissions *p;
    unsigned int num;

    assert_true(xs_write(h, XBT_NULL, "/p", "", 0));
    assert_true(xs_set_permissions(h, XBT_NULL, "/p", set, 2));
    p = xs_get_permissions(h, XBT_NULL, "/p", &num);
    assert_non_null(p);
    assert_int_equal(num, 2);
    assert_int_equal(p[0].id, 5);
    assert_int_equal(p[0].perms, XS_PERM_NONE);
    assert_int_equal(p[1].id, 7);
    assert_int_equal(p[1].perms, XS_PERM_READ | XS_PERM_WRITE);
    free(p);
    assert_null(xs_get_permissions(h, XBT_NULL, "/nope", &num));
    assert_int_equal(errno, ENOENT);
    xs_close(h);
}

static void transactions(void **state)
{
    struct xs_handle *a = xs_open(0), *b = xs_open(0);
    xs_transaction_t t;
    unsigned int len;
    char *v;

    t = xs_transaction_start(a);
    assert_true(t != XBT_NULL);
    assert_true(xs_write(a, t, "/t", "in-tx", 5));
    assert_null(xs_read(b, XBT_NULL, "/t", &len)); /* not yet visible */
    assert_true(xs_transaction_end(a, t, false));
    v = xs_read(b, XBT_NULL, "/t", &len);
    assert_string_equal(v, "in-tx");
    free(v);

    /* A conflict: the node changed since the transaction read it. */
    t = xs_transaction_start(a);
    free(xs_read(a, t, "/t", &len));
    assert_true(xs_write(b, XBT_NULL, "/t", "other", 5));
    assert_true(xs_write(a, t, "/t", "mine", 4));
    assert_false(xs_transaction_end(a, t, false));
    assert_int_equal(errno, EAGAIN);
    v = xs_read(b, XBT_NULL, "/t", &len);
    assert_string_equal(v, "other");
    free(v);

    t = xs_transaction_start(a);
    assert_true(xs_write(a, t, "/t", "aborted", 7));
    assert_true(xs_transaction_end(a, t, true));
    assert_false(xs_transaction_end(a, t, false));
    assert_int_equal(errno, ENOENT); /* no longer open */
    xs_close(a);
    xs_close(b);
}

static void watches(void **state)
{
    struct xs_handle *h = xs_open(0);
    unsigned int num;
    char **v;

    writer = xs_open(0);
    assert_true(xs_watch(h, "/w", "tok"));
    v = xs_read_watch(h, &num); /* the first event, at once */
    assert_int_equal(num, 2);
    assert_string_equal(v[XS_WATCH_PATH], "/w");
    assert_string_equal(v[XS_WATCH_TOKEN], "tok");
    free(v);
    assert_null(xs_check_watch(h));
    assert_int_equal(errno, EAGAIN);

    assert_true(xs_write(writer, XBT_NULL, "/w/y", "1", 1));
    v = xs_check_watch(h);
    assert_non_null(v);
    assert_string_equal(v[XS_WATCH_PATH], "/w/y");
    free(v);

    /* Blocking: nothing queued, so it waits until the writer writes. */
    waits = 0;
    v = xs_read_watch(h, &num);
    assert_int_equal(waits, 1);
    assert_string_equal(v[XS_WATCH_PATH], "/w/x");
    free(v);

    assert_true(xs_unwatch(h, "/w", "tok"));
    assert_true(xs_write(writer, XBT_NULL, "/w/z", "1", 1));
    assert_null(xs_check_watch(h));
    assert_false(xs_unwatch(h, "/w", "tok"));
    assert_int_equal(errno, ENOENT);
    assert_true(xs_fileno(h) >= 0);
    xs_close(h);
}

static void domains(void **state)
{
    struct xs_handle *h = xs_open(0);
    unsigned int num;
    char **v, *p;

    assert_true(xs_watch(h, "@introduceDomain", "i"));
    assert_true(xs_watch(h, "@releaseDomain", "r"));
    free(xs_check_watch(h));
    free(xs_check_watch(h));
    assert_false(xs_is_domain_introduced(h, 3));
    assert_true(xs_introduce_domain(h, 3, 0x1234, 5));
    assert_true(xs_is_domain_introduced(h, 3));
    v = xs_read_watch(h, &num);
    assert_string_equal(v[XS_WATCH_TOKEN], "i");
    free(v);
    p = xs_get_domain_path(h, 3);
    assert_string_equal(p, "/local/domain/3");
    free(p);
    assert_true(xs_release_domain(h, 3));
    v = xs_read_watch(h, &num);
    assert_string_equal(v[XS_WATCH_TOKEN], "r");
    free(v);
    assert_false(xs_release_domain(h, 3));
    assert_int_equal(errno, ENOENT);
    assert_false(xs_introduce_domain(h, 3, 0x1234, 0));
    assert_int_equal(errno, EINVAL);
    xs_close(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(no_daemon),   T(read_write_dir), T(too_big), T(long_directory),
        T(permissions),
        T(transactions), T(watches),       T(domains),
#undef T
    };

    return cmocka_run_group_tests_name("libxenstore", tests, NULL, NULL);
}
