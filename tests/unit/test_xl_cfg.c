/*
 * xl.cfg parser (dom0/xl/xl_cfg.c, xl_domcfg.c) on the host: libxlu's
 * syntax, xl's defaults and key semantics, and refusals that name the
 * line and key.  Inputs are not NUL-terminated where it matters: the
 * parser must stay inside the length it is given (ASan checks).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xl_cfg.h"

static struct xlcfg cfg;
static struct xl_domcfg dom;
static char err[256];

/* Parse from an exact-size heap copy, so reading past the end trips ASan. */
static int parse(const char *text)
{
    size_t len = strlen(text);
    char *copy = malloc(len ? len : 1);
    int rc;

    memcpy(copy, text, len);
    rc = xlcfg_parse(&cfg, "t.cfg", copy, len, err, sizeof(err));
    if ( !rc )
        rc = xl_domcfg_from(&cfg, &dom, err, sizeof(err));
    /* Values live in cfg's pool, not in the text: free it now. */
    free(copy);
    return rc;
}

static void test_minimal_defaults(void **state)
{
    assert_int_equal(parse("name = \"a\"\nkernel = \"boot/demo.elf\"\n"), 0);
    assert_string_equal(dom.name, "a");
    assert_string_equal(dom.kernel, "boot/demo.elf");
    assert_string_equal(dom.ramdisk, "");
    assert_string_equal(dom.cmdline, "");
    assert_int_equal(dom.memory_mb, 32);
    assert_int_equal(dom.maxmem_mb, 32);
    assert_int_equal(dom.vcpus, 1);
    assert_int_equal(dom.maxvcpus, 1);
    assert_int_equal(dom.on_poweroff, XL_ACTION_DESTROY);
    assert_int_equal(dom.on_reboot, XL_ACTION_RESTART);
    assert_int_equal(dom.on_crash, XL_ACTION_DESTROY);
    assert_int_equal(dom.nr_disks, 0);
}

static void test_full_config(void **state)
{
    static const char text[] =
        "# a guest\n"
        "name='linux' ; memory = 256\n"
        "kernel = \"boot/vmlinux\"   # trailing comment\n"
        "ramdisk = \"boot/initrd\"\n"
        "extra = \"console=hvc0 quiet\"\n"
        "root = '/dev/xvda1'\n"
        "vcpus = 2\r\n"
        "maxvcpus = 0x4\n"
        "on_poweroff = \"preserve\"\n"
        "on_reboot = 'destroy'\n"
        "on_crash = \"coredump-restart\"\n"
        "disk = [ 'phy:/dev/vg/a,xvda,w',\n"
        "         'file:/b.img,xvdb,r', ]\n"
        "vif = [ \"mac=00:16:3e:00:00:01,bridge=br0\" ]\n"
        "unknown_key = [ ]\n";

    assert_int_equal(parse(text), 0);
    assert_string_equal(dom.name, "linux");
    assert_string_equal(dom.ramdisk, "boot/initrd");
    assert_string_equal(dom.cmdline, "root=/dev/xvda1 console=hvc0 quiet");
    assert_int_equal(dom.memory_mb, 256);
    assert_int_equal(dom.vcpus, 2);
    assert_int_equal(dom.maxvcpus, 4);
    assert_int_equal(dom.on_poweroff, XL_ACTION_PRESERVE);
    assert_int_equal(dom.on_reboot, XL_ACTION_DESTROY);
    assert_int_equal(dom.on_crash, XL_ACTION_COREDUMP_RESTART);
    assert_int_equal(dom.nr_disks, 2);
    assert_string_equal(dom.disks[1], "file:/b.img,xvdb,r");
    assert_int_equal(dom.nr_vifs, 1);
    assert_string_equal(dom.vifs[0], "mac=00:16:3e:00:00:01,bridge=br0");
    assert_string_equal(xl_action_name(dom.on_crash), "coredump-restart");
}

static void test_cmdline_wins_and_escapes(void **state)
{
    assert_int_equal(parse("name=\"x\"\nkernel=\"k\"\nextra=\"e\"\n"
                           "cmdline = \"a\\tb\\x41\\\"\"\n"), 0);
    assert_string_equal(dom.cmdline, "a\tbA\"");
    /* Single quotes are literal. */
    assert_int_equal(parse("name='x'\nkernel='k'\nextra='a\\tb'"), 0);
    assert_string_equal(dom.cmdline, "a\\tb");
}

static void test_last_wins_and_append(void **state)
{
    assert_int_equal(parse("name=\"a\"\nname=\"b\"\nkernel=\"k\"\n"
                           "extra=\"x\"\nextra += \" y\"\n"
                           "disk=['a']\ndisk += ['b','c']\nmemory=64\n"
                           "memory=128"), 0);
    assert_string_equal(dom.name, "b");
    assert_string_equal(dom.cmdline, "x y");
    assert_int_equal(dom.nr_disks, 3);
    assert_string_equal(dom.disks[2], "c");
    assert_int_equal(dom.memory_mb, 128);
}

static void expect_error(const char *text, const char *msg)
{
    memset(err, 0, sizeof(err));
    assert_int_not_equal(parse(text), 0);
    if ( !strstr(err, msg) )
        fail_msg("error \"%s\" lacks \"%s\"", err, msg);
}

static void test_syntax_errors(void **state)
{
    expect_error("name = \"a\"\nkernel \"k\"\n",
                 "t.cfg:2: config parsing error near `\"k\"'");
    expect_error("name = \"a\nkernel = \"k\"\n",
                 "t.cfg:1: config parsing error near `\"a'");
    expect_error("name = \"a\"\n\nmemory = [ 1, 2\n",
                 "t.cfg:4: config parsing error at end of file");
    expect_error("name = \"a\"\nmemory = [ 1 2 ]\n",
                 "t.cfg:2: config parsing error near `2'");
    expect_error("name = = \"a\"\n", "t.cfg:1: config parsing error near `='");
    expect_error("name = \"a\" \"b\"\n", "t.cfg:1: config parsing error");
    expect_error("@ = 1\n", "near `@': unexpected character");
    expect_error("name =\n", "t.cfg:1: config parsing error near end of line");
}

static void test_key_errors(void **state)
{
    expect_error("kernel=\"k\"\n", "Domain name must be specified.");
    expect_error("name=\"a\"\n", "no kernel");
    expect_error("name=\"a\"\nkernel=\"k\"\nmemory=\"lots\"\n",
                 "t.cfg:3: parameter `memory' is not a valid number");
    expect_error("name=\"a\"\nkernel=\"k\"\nmemory=0\n",
                 "t.cfg:3: parameter `memory': value `0' is outside");
    expect_error("name=\"a\"\nkernel=\"k\"\n\nvcpus=99999999999999999999999\n",
                 "t.cfg:4: parameter `vcpus' is not a valid number");
    expect_error("name=[\"a\"]\nkernel=\"k\"\n",
                 "t.cfg:1: parameter `name' is a list but should be a single "
                 "value");
    expect_error("name=\"a\"\nkernel=\"k\"\ndisk=\"x\"\n",
                 "t.cfg:3: parameter `disk' is a single value but should be a "
                 "list");
    expect_error("name=\"a\"\nkernel=\"k\"\non_crash=\"explode\"\n",
                 "t.cfg:3: Unknown on_crash action \"explode\" specified");
    expect_error("name=\"a\"\nkernel=\"k\"\nmemory=64\nmaxmem=32\n",
                 "t.cfg:4: parameter `maxmem' (32) is below `memory' (64)");
    expect_error("name=\"a\"\nkernel=\"k\"\nvcpus=4\nmaxvcpus=2\n",
                 "t.cfg:4: parameter `maxvcpus' (2) is below `vcpus' (4)");
    expect_error("name=\"a\"\nextra='x'\nextra+=['y']\n",
                 "t.cfg:3: parameter `extra': += mixes");
}

/* cpus= as one string for every vCPU, cpus_soft= as a list per vCPU. */
static void test_affinity(void **state)
{
    assert_int_equal(parse("name='a'\nkernel='k'\n"), 0);
    assert_int_equal(dom.cpus.nr, 0);
    assert_int_equal(dom.cpus_soft.nr, 0);
    assert_int_equal(parse("name='a'\nkernel='k'\ncpus=\"0-1,^1\"\n"
                           "cpus_soft=['1', \"all\"]\n"), 0);
    assert_int_equal(dom.cpus.nr, 1);
    assert_true(dom.cpus.every_vcpu);
    assert_string_equal(dom.cpus.range[0], "0-1,^1");
    assert_int_equal(dom.cpus_soft.nr, 2);
    assert_false(dom.cpus_soft.every_vcpu);
    assert_string_equal(dom.cpus_soft.range[1], "all");
    expect_error("name='a'\nkernel='k'\ncpus='0,1,2,3,4,5,6,7,8,9,10,11,12,"
                 "13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30'\n",
                 "t.cfg:3: parameter `cpus': item 0 is longer than 63 bytes");
}

static void test_limits(void **state)
{
    static char big[XLCFG_POOL * 2];
    size_t n;

    /* A name longer than the domain name field. */
    n = (size_t)snprintf(big, sizeof(big), "name=\"");
    memset(big + n, 'n', 100);
    snprintf(big + n + 100, sizeof(big) - n - 100, "\"\nkernel=\"k\"\n");
    expect_error(big, "t.cfg:1: parameter `name' is longer than 63 bytes");

    /* More text than the pool holds: refused, not overrun. */
    n = (size_t)snprintf(big, sizeof(big), "extra=\"");
    memset(big + n, 'e', sizeof(big) - n - 3);
    big[sizeof(big) - 3] = '"';
    big[sizeof(big) - 2] = '\n';
    big[sizeof(big) - 1] = '\0';
    expect_error(big, "config file too large");

    /* Too many list items, too many devices. */
    expect_error("l=[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]\n",
                 "t.cfg:1: parameter `l' has more than 16 items");
    expect_error("name='a'\nkernel='k'\ndisk=['1','2','3','4','5','6','7',"
                 "'8','9']\n", "more than 8 devices");
}

/* Every prefix of a valid file either parses or fails cleanly. */
static void test_every_prefix(void **state)
{
    static const char text[] =
        "name = \"p\"\nkernel='k' # c\ndisk = [ 'a',\n 'b' ]\nmemory=0x40\n";

    for ( size_t len = 0; len <= sizeof(text) - 1; len++ )
    {
        char *copy = malloc(len ? len : 1);

        memcpy(copy, text, len);
        (void)xlcfg_parse(&cfg, "p.cfg", copy, len, err, sizeof(err));
        free(copy);
    }
    assert_int_equal(parse(text), 0);
    assert_int_equal(dom.memory_mb, 64);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_defaults),
        cmocka_unit_test(test_full_config),
        cmocka_unit_test(test_cmdline_wins_and_escapes),
        cmocka_unit_test(test_last_wins_and_append),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_key_errors),
        cmocka_unit_test(test_affinity),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_every_prefix),
    };

    return cmocka_run_group_tests_name("xl_cfg", tests, NULL, NULL);
}
