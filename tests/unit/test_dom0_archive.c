/*
 * Unit tests of dom0's ramdisk reader (dom0/archive.c) on archives made
 * here: lookup by path with "/" and "./" prefixes, directories skipped,
 * and every malformed shape (truncation anywhere, bad magic, non-hex
 * fields, names without NUL, sizes past the end) refused with a reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/errno.h>
#include <dom0/archive.h>

static uint8_t buf[4096];
static size_t len;

static void add(const char *name, unsigned int mode, const char *data)
{
    size_t nl = strlen(name) + 1, dl = strlen(data);

    len += sprintf((char *)buf + len,
                   "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X"
                   "%08zX%08X", 1, mode, 0, 0, 1, 0, dl, 0, 0, 0, 0, nl, 0);
    memcpy(buf + len, name, nl);
    len = (len + nl + 3) & ~(size_t)3;
    memcpy(buf + len, data, dl);
    len = (len + dl + 3) & ~(size_t)3;
}

static struct archive make(void)
{
    memset(buf, 0, sizeof(buf));
    len = 0;
    add("boot", 040755, "");
    add("boot/a.elf", 0100644, "ELF-A");
    add("etc/xen/a.cfg", 0100644, "name = \"a\"\n");
    add("TRAILER!!!", 0, "");
    return (struct archive){ buf, len };
}

static void finds_files(void **state)
{
    struct archive a = make();
    struct archive_entry e;
    char err[96];

    (void)state;
    assert_int_equal(archive_lookup(&a, "boot/a.elf", &e, err, sizeof(err)),
                     0);
    assert_int_equal(e.size, 5);
    assert_memory_equal(e.data, "ELF-A", 5);
    assert_int_equal(archive_lookup(&a, "/etc/xen/a.cfg", &e, err, 96), 0);
    assert_int_equal(archive_lookup(&a, "./boot/a.elf", &e, err, 96), 0);
    assert_int_equal(archive_lookup(&a, "boot", &e, err, 96), -XEN_ENOENT);
    assert_int_equal(archive_lookup(&a, "boot/b.elf", &e, err, 96),
                     -XEN_ENOENT);
    assert_string_equal(err, "archive: no file boot/b.elf");
}

static void every_truncation_is_refused(void **state)
{
    struct archive full = make();
    struct archive_entry e;
    char err[96];

    (void)state;
    /* Cut short anywhere before the trailer's name ends: never found,
     * never read past the end (ASan watches the heap copy). */
    for ( size_t n = 0; n < full.len - 4; n++ )
    {
        uint8_t *copy = malloc(n ? n : 1);
        struct archive a = { copy, n };
        int rc;

        memcpy(copy, buf, n);
        rc = archive_lookup(&a, "etc/xen/a.cfg", &e, err, sizeof(err));
        if ( rc == 0 )                  /* complete up to that entry */
            assert_true((const uint8_t *)e.data + e.size <= copy + n);
        else
            assert_true(rc == -XEN_EINVAL);
        rc = archive_lookup(&a, "nothing", &e, err, sizeof(err));
        assert_int_equal(rc, -XEN_EINVAL);
        assert_non_null(strstr(err, "archive: "));
        free(copy);
    }
}

static void malformed_headers(void **state)
{
    struct archive a;
    struct archive_entry e;
    char err[96];

    (void)state;
    a = make();
    buf[0] = '1';
    assert_int_equal(archive_lookup(&a, "x", &e, err, 96), -XEN_EINVAL);
    assert_non_null(strstr(err, "bad magic"));
    a = make();
    buf[6 + 6 * 8] = 'G';               /* filesize of entry 0 */
    assert_int_equal(archive_lookup(&a, "x", &e, err, 96), -XEN_EINVAL);
    assert_non_null(strstr(err, "not hex"));
    a = make();
    memcpy(buf + 6 + 11 * 8, "00000001", 8);     /* namesize 1: empty */
    assert_int_equal(archive_lookup(&a, "x", &e, err, 96), -XEN_EINVAL);
    assert_non_null(strstr(err, "bad file name"));
    a = make();
    memcpy(buf + 6 + 6 * 8, "7FFFFFFF", 8);      /* data past the end */
    assert_int_equal(archive_lookup(&a, "x", &e, err, 96), -XEN_EINVAL);
    assert_non_null(strstr(err, "past the end"));
    a = make();
    buf[110 + 2] = '\0';                /* NUL inside "boot" */
    assert_int_equal(archive_lookup(&a, "x", &e, err, 96), -XEN_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_files),
        cmocka_unit_test(every_truncation_is_refused),
        cmocka_unit_test(malformed_headers),
    };

    return cmocka_run_group_tests_name("dom0_archive", tests, NULL, NULL);
}
