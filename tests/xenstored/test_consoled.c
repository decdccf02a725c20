/*
 * Unit tests of dom0's console backend (dom0/console/) on the host, with
 * the guest's console page in host memory and the pv-guest services it
 * uses stubbed: output history and cursors, a guest that floods or
 * writes garbage indexes (bounded memory and work), the input path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/io/console.h>

#include <dom0/consoled.h>

#include "../../dom0/console/history.h"

static struct xencons_interface page;
static unsigned int notifies, mapped;

/* pv-guest services consoled.c uses. */
void *foreign_map(domid_t dom, const xen_pfn_t *mfns, unsigned int n);
void foreign_unmap(void *va, unsigned int n);
long evtchn_bind_interdomain(domid_t remote, evtchn_port_t rport,
                             evtchn_port_t *local);
int evtchn_bind(evtchn_port_t port, void (*fn)(evtchn_port_t, void *),
                void *arg);
void evtchn_close(evtchn_port_t port);
void evtchn_notify(evtchn_port_t port);

void *foreign_map(domid_t dom, const xen_pfn_t *mfns, unsigned int n)
{
    if ( *mfns != 42 ) /* the only frame our fake guest owns */
        return NULL;
    mapped++;
    return &page;
}

void foreign_unmap(void *va, unsigned int n)
{
    assert_ptr_equal(va, &page);
    mapped--;
}

long evtchn_bind_interdomain(domid_t remote, evtchn_port_t rport,
                             evtchn_port_t *local)
{
    if ( rport == 0 )
        return -EINVAL;
    *local = 10 + rport;
    return 0;
}

int evtchn_bind(evtchn_port_t port, void (*fn)(evtchn_port_t, void *),
                void *arg)
{
    return 0;
}

void evtchn_close(evtchn_port_t port)
{
}

void evtchn_notify(evtchn_port_t port)
{
    notifies++;
}

static void guest_write(const char *s, size_t n)
{
    for ( size_t i = 0; i < n; i++ )
        page.out[MASK_XENCONS_IDX(page.out_prod++, page.out)] = s[i];
}

static int setup(void **state)
{
    memset(&page, 0, sizeof(page));
    assert_int_equal(consoled_attach(3, 42, 2), 0);
    return 0;
}

static int teardown(void **state)
{
    consoled_detach(3);
    assert_int_equal(mapped, 0);
    return 0;
}

static void attach_errors(void **state)
{
    assert_int_equal(consoled_attach(3, 42, 2), -EEXIST);
    assert_int_equal(consoled_attach(4, 41, 2), -EINVAL);
    assert_int_equal(consoled_attach(4, 42, 0), -EINVAL);
    assert_int_equal(mapped, 1); /* the refusals left nothing mapped */
    assert_int_equal(consoled_write(9, "x", 1), -ENOENT);
}

static void output_and_cursors(void **state)
{
    uint64_t a = 0, b = 0;
    char buf[64];
    size_t n;

    guest_write("hello ", 6);
    n = consoled_read(3, &a, buf, 3);
    assert_int_equal(n, 3);
    assert_memory_equal(buf, "hel", 3);
    guest_write("world", 5);
    n = consoled_read(3, &a, buf, sizeof(buf));
    assert_int_equal(n, 8);
    assert_memory_equal(buf, "lo world", 8);
    n = consoled_read(3, &b, buf, sizeof(buf)); /* a second reader */
    assert_int_equal(n, 11);
    assert_int_equal(page.out_cons, page.out_prod);
    assert_true(notifies > 0);
    assert_int_equal(consoled_read(7, &b, buf, sizeof(buf)), 0);
}

/* A guest writing far more than the history keeps. */
static void flood(void **state)
{
    uint64_t c = 0;
    static char buf[2 * CONSOLED_HISTORY];
    size_t n, total = 0;

    for ( unsigned int i = 0; i < 100; i++ )
    {
        char chunk[sizeof(page.out)];

        memset(chunk, 'a' + i % 26, sizeof(chunk));
        guest_write(chunk, sizeof(chunk));
        consoled_poll();
        total += sizeof(chunk);
    }
    n = consoled_read(3, &c, buf, sizeof(buf));
    assert_int_equal(n, CONSOLED_HISTORY); /* only the newest kept */
    assert_int_equal(c, total);
    assert_int_equal(buf[n - 1], 'a' + 99 % 26);
}

/* Garbage indexes: at most one ring's worth is taken per drain. */
static void garbage_indexes(void **state)
{
    uint64_t c = 0;
    char buf[4 * sizeof(page.out)];

    page.out_prod = page.out_cons + 0x80000000u;
    assert_int_equal(consoled_read(3, &c, buf, sizeof(buf)),
                     sizeof(page.out));
    assert_int_equal(page.out_cons, page.out_prod);
    page.out_cons = page.out_prod + 5; /* consumer ahead */
    consoled_poll();
    assert_int_equal(consoled_read(3, &c, buf, sizeof(buf)),
                     sizeof(page.out));
}

static void input(void **state)
{
    char big[2 * sizeof(page.in)];
    int n;

    assert_int_equal(consoled_write(3, "ls\n", 3), 3);
    assert_int_equal(page.in_prod, 3);
    assert_memory_equal(page.in, "ls\n", 3);
    memset(big, 'x', sizeof(big));
    n = consoled_write(3, big, sizeof(big)); /* only what fits */
    assert_int_equal(n, sizeof(page.in) - 3);
    assert_int_equal(consoled_write(3, "y", 1), 0);
    page.in_cons = page.in_prod; /* the guest read it all */
    assert_int_equal(consoled_write(3, "y", 1), 1);
}

static void history_unit(void **state)
{
    static struct history h;
    static char big[3 * CONSOLED_HISTORY];
    uint64_t c = 5;
    char out[8];

    assert_int_equal(history_read(&h, &c, out, sizeof(out)), 0);
    assert_int_equal(c, 0); /* a cursor from the future is pulled back */
    for ( size_t i = 0; i < sizeof(big); i++ )
        big[i] = i % 251;
    history_append(&h, big, sizeof(big));
    assert_int_equal(h.head, sizeof(big));
    c = 0;
    assert_int_equal(history_read(&h, &c, out, 1), 1);
    assert_int_equal(c, sizeof(big) - CONSOLED_HISTORY + 1);
    assert_int_equal(out[0], big[sizeof(big) - CONSOLED_HISTORY]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(attach_errors), T(output_and_cursors), T(flood),
        T(garbage_indexes), T(input), T(history_unit),
#undef T
    };

    return cmocka_run_group_tests_name("consoled", tests, NULL, NULL);
}
