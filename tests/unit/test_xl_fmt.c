/*
 * xl's output rows (dom0/xl/xl_fmt.c) against the host's printf running
 * xl's own format strings, floats included: the columns must be xl's to
 * the byte, for every state flag and shutdown reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "xl_cpumap.h"
#include "xl_fmt.h"

static char got[512], want[512];

static void test_seconds(void **state)
{
    static const uint64_t ns[] = { 0, 49999999, 50000000, 149999999,
                                   1000000000, 12345678901ULL,
                                   999999999999ULL };

    for ( size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++ )
    {
        xl_fmt_seconds(got, sizeof(got), 8, ns[i]);
        snprintf(want, sizeof(want), "%8.1f", (double)ns[i] / 1e9);
        assert_string_equal(got, want);
    }
}

static void test_list(void **state)
{
    static const char letters[] = "-rscwS";
    struct xen_domctl_getdomaininfo i = {
        .domain = 7, .tot_pages = 8192 + 3, .nr_online_vcpus = 2,
        .cpu_time = 3456789012ULL,
    };

    xl_fmt_list_header(got, sizeof(got));
    assert_string_equal(got, "Name                                        ID   "
                             "Mem VCPUs\tState\tTime(s)\n");
    for ( uint32_t flags = 0; flags < 64; flags++ )
        for ( unsigned int why = 0; why < 8; why++ )
        {
            uint32_t f = (flags & 1 ? XEN_DOMINF_running : 0) |
                         (flags & 2 ? XEN_DOMINF_blocked : 0) |
                         (flags & 4 ? XEN_DOMINF_paused : 0) |
                         (flags & 8 ? XEN_DOMINF_shutdown : 0) |
                         (flags & 16 ? XEN_DOMINF_dying : 0);
            unsigned int r = f & XEN_DOMINF_shutdown ? why : 0;

            i.flags = f | why << XEN_DOMINF_shutdownshift;
            xl_fmt_list_row(got, sizeof(got), "guest-a", &i);
            snprintf(want, sizeof(want),
                     "%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f\n",
                     "guest-a", 7, 32UL, 2, f & XEN_DOMINF_running ? 'r' : '-',
                     f & XEN_DOMINF_blocked ? 'b' : '-',
                     f & XEN_DOMINF_paused ? 'p' : '-',
                     f & XEN_DOMINF_shutdown ? 's' : '-',
                     r < sizeof(letters) - 1 ? letters[r] : '?',
                     f & XEN_DOMINF_dying ? 'd' : '-', 3456789012.0 / 1e9);
            assert_string_equal(got, want);
        }

    /* A long name is not cut, as xl's %-40s does not cut it. */
    i.flags = 0;
    xl_fmt_list_row(got, sizeof(got),
                    "a-name-that-is-longer-than-forty-characters-x", &i);
    assert_non_null(strstr(got, "characters-x     7    32     2"));
}

static void test_vcpu(void **state)
{
    struct xen_domctl_getvcpuinfo v = {
        .vcpu = 1, .online = 1, .running = 1, .cpu = 0,
        .cpu_time = 987654321ULL,
    };

    xl_fmt_vcpu_header(got, sizeof(got));
    snprintf(want, sizeof(want), "%-32s %5s %5s %5s %5s %9s %s\n", "Name",
             "ID", "VCPU", "CPU", "State", "Time(s)",
             "Affinity (Hard / Soft)");
    assert_string_equal(got, want);

    xl_fmt_vcpu_row(got, sizeof(got), "d", 3, &v, 0x3, 0x3, 2);
    snprintf(want, sizeof(want), "%-32s %5u %5u%5u %3c%c- %9.1f  all / all\n",
             "d", 3, 1, 0, 'r', '-', 0.987654321);
    assert_string_equal(got, want);

    v.online = 0;
    xl_fmt_vcpu_row(got, sizeof(got), "d", 3, &v, 0x2, 0x3, 2);
    snprintf(want, sizeof(want), "%-32s %5u %5u%5c %3c%cp %9.1f  1 / all\n",
             "d", 3, 1, '-', '-', '-', 0.987654321);
    assert_string_equal(got, want);

    /* Truncation is safe and reports the full length. */
    assert_true(xl_fmt_vcpu_row(got, 10, "d", 3, &v, 0, 0, 2) > 10);
    assert_int_equal(strlen(got), 9);
}

static void test_sched_and_uptime(void **state)
{
    xl_fmt_sched_credit_header(got, sizeof(got));
    assert_string_equal(got, "Name                                ID Weight  "
                             "Cap\n");
    xl_fmt_sched_credit_row(got, sizeof(got), "Domain-0", 0, 256, 0);
    snprintf(want, sizeof(want), "%-33s %4d %6d %4d\n", "Domain-0", 0, 256, 0);
    assert_string_equal(got, want);

    xl_fmt_uptime_header(got, sizeof(got));
    assert_string_equal(got, "Name                                ID Uptime\n");
    xl_fmt_uptime_row(got, sizeof(got), "g", 2, 3 * 3600 + 4 * 60 + 5);
    assert_string_equal(got, "g                                    2  3:04:05\n");
    xl_fmt_uptime_row(got, sizeof(got), "g", 2, 86400 + 61);
    assert_string_equal(got,
                        "g                                    2 1 day,  0:01:01\n");
    xl_fmt_uptime_row(got, sizeof(got), "g", 2, 3 * 86400 + 36000);
    assert_string_equal(got,
                        "g                                    2 3 days, 10:00:00\n");
}

/* xl's preserve suffix (UTC), against date -u +-%Y%m%dT%H%MZ. */
static void test_utc_suffix(void **state)
{
    static const struct { uint64_t t; const char *want; } cases[] = {
        { 0, "-19700101T0000Z" },
        { 951782400, "-20000229T0000Z" },       /* a leap day of a 400 */
        { 1709251199, "-20240229T2359Z" },
        { 1709251200, "-20240301T0000Z" },
        { 4107542400, "-21000301T0000Z" },      /* 2100: no Feb 29 */
        { 1795349191, "-20261122T1206Z" },
    };
    char got[24];

    (void)state;
    for ( unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++ )
    {
        assert_int_equal(xl_fmt_utc_suffix(got, sizeof(got), cases[i].t), 15);
        assert_string_equal(got, cases[i].want);
    }
}

/* xl's print_bitmap, case by case. */
static void test_cpumap_format(void **state)
{
    static const struct { uint64_t map; unsigned int n; const char *s; } c[] = {
        { 0x3, 2, "all" }, { 0xff, 2, "all" }, { 0x1, 2, "0" },
        { 0x2, 2, "1" }, { 0, 2, "none" }, { 0x3, 4, "0-1" },
        { 0xe, 4, "1-3" }, { 0xd, 4, "0,2-3" }, { 0x15, 8, "0,2,4" },
        { ~0ULL, 64, "all" }, { 1ULL << 63, 64, "63" },
        { 0x5555555555555555ULL, 64, NULL },
    };

    for ( size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++ )
    {
        int n = xl_fmt_cpumap(got, sizeof(got), c[i].map, c[i].n);

        if ( c[i].s )
            assert_string_equal(got, c[i].s);
        assert_int_equal(n, strlen(got));
        assert_true(strlen(got) < XL_CPUMAP_LEN);
    }
    /* Truncated: the full length, a terminated prefix. */
    assert_int_equal(xl_fmt_cpumap(got, 4, 0xd, 4), 5);
    assert_string_equal(got, "0,2");
}

/* xl's parse_cpurange: a map of 8 bits for 2 CPUs, as libxl's. */
static void test_cpurange(void **state)
{
    static const struct { const char *s; uint64_t map; } ok[] = {
        { "0", 0x1 }, { "1", 0x2 }, { "0-1", 0x3 }, { "all", 0xff },
        { "all,^1", 0xfd }, { "0,1", 0x3 }, { ",,1,", 0x2 },
        { "7", 0x80 }, { "8", 0 }, { "0-4000000000", 0xff },
        { "nodes:0", 0x3 }, { "node:0,^0", 0x2 }, { "", 0 },
    };
    static const struct { const char *s, *err; } bad[] = {
        { "x", "Invalid pcpu range: x." }, { "1-0", "Invalid pcpu range: 1-0." },
        { "^all", "Can't combine \"^\" and \"all\"." },
        { "0,^nodes:z", "Invalid pcpu range: z." }, { "1-", "Invalid pcpu "
          "range: 1-." }, { "-1", "Invalid pcpu range: -1." },
        { "nodes:1", "libxl_node_to_cpumap failed." },
        { "99999999999999999999999", "Invalid pcpu range: "
          "99999999999999999999999." },
    };
    uint64_t map;

    for ( size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++ )
    {
        assert_int_equal(xl_parse_cpurange(ok[i].s, &map, 2, got,
                                           sizeof(got)), 0);
        assert_int_equal(map, ok[i].map);
    }
    for ( size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++ )
    {
        assert_int_equal(xl_parse_cpurange(bad[i].s, &map, 2, got,
                                           sizeof(got)), -1);
        assert_string_equal(got, bad[i].err);
    }
    /* 64 CPUs: the whole word. */
    assert_int_equal(xl_parse_cpurange("all", &map, 64, got, sizeof(got)), 0);
    assert_int_equal(map, ~0ULL);
    assert_int_equal(xl_parse_cpurange("63", &map, 64, got, sizeof(got)), 0);
    assert_int_equal(map, 1ULL << 63);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seconds),
        cmocka_unit_test(test_list),
        cmocka_unit_test(test_vcpu),
        cmocka_unit_test(test_cpumap_format),
        cmocka_unit_test(test_cpurange),
        cmocka_unit_test(test_sched_and_uptime),
        cmocka_unit_test(test_utc_suffix),
    };

    return cmocka_run_group_tests_name("xl_fmt", tests, NULL, NULL);
}
