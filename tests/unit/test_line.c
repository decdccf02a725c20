/*
 * dom0's prompt line editor and word splitter (dom0/shell/line.c) on the
 * host: editing keys, CRLF, escape sequences, overlong lines, quotes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "line.h"

static struct line_editor le;
static char screen[4096];
static size_t screen_len;

/* Feed s; return the last event, collecting the echo in screen. */
static enum line_event feed(const char *s, size_t n)
{
    enum line_event ev = LINE_NONE;

    for ( size_t i = 0; i < n; i++ )
    {
        char echo[LINE_ECHO_MAX];
        size_t len;

        ev = line_feed(&le, s[i], echo, &len);
        assert_true(len <= LINE_ECHO_MAX);
        assert_true(screen_len + len < sizeof(screen));
        memcpy(screen + screen_len, echo, len);
        screen_len += len;
        screen[screen_len] = '\0';
        if ( ev != LINE_NONE && i + 1 < n )
            fail_msg("event before the end of input at %zu", i);
    }
    return ev;
}

static int setup(void **state)
{
    line_init(&le);
    screen_len = 0;
    screen[0] = '\0';
    return 0;
}

static void test_plain_line(void **state)
{
    assert_int_equal(feed("xl list\r", 8), LINE_DONE);
    assert_string_equal(le.buf, "xl list");
    assert_string_equal(screen, "xl list\n");
    /* The LF of CRLF makes no empty line; a second line works. */
    assert_int_equal(feed("\n", 1), LINE_NONE);
    assert_int_equal(feed("ls\n", 3), LINE_DONE);
    assert_string_equal(le.buf, "ls");
    assert_int_equal(feed("\n", 1), LINE_DONE);
    assert_string_equal(le.buf, "");
}

static void test_editing(void **state)
{
    assert_int_equal(feed("lsx\x7f\b\bcat\x08t\r", 12), LINE_DONE);
    assert_string_equal(le.buf, "cat");
    /* Backspace on an empty line echoes nothing. */
    screen_len = 0;
    assert_int_equal(feed("\x7f\x7f" "a\r", 4), LINE_DONE);
    assert_string_equal(screen, "a\n");
}

static void test_ctrl_c_and_escapes(void **state)
{
    assert_int_equal(feed("xl destroy 1\x03", 13), LINE_CANCEL);
    assert_int_equal(feed("\x1b[A\x1b[1;5Dhelp\x1bOB\x01\xff\r", 19),
                     LINE_DONE);
    assert_string_equal(le.buf, "help");
    /* A runaway escape sequence ends after a bounded number of bytes. */
    feed("\x1b[", 2);
    feed("1111111111111111111111", 22);
    assert_int_equal(feed("z\r", 2), LINE_DONE);
    assert_string_equal(le.buf, "1111111z");
}

static void test_overlong(void **state)
{
    char big[1000];

    memset(big, 'a', sizeof(big));
    assert_int_equal(feed(big, sizeof(big)), LINE_NONE);
    assert_int_equal(feed("\r", 1), LINE_DONE);
    assert_int_equal(strlen(le.buf), LINE_MAX_LEN - 1);
}

static void test_split(void **state)
{
    char buf[LINE_MAX_LEN];
    char *argv[LINE_MAX_ARGS];

    strcpy(buf, "  xl  create\t'etc/xen/a b.cfg' -c \"x\"y ");
    assert_int_equal(line_split(buf, argv), 5);
    assert_string_equal(argv[0], "xl");
    assert_string_equal(argv[1], "create");
    assert_string_equal(argv[2], "etc/xen/a b.cfg");
    assert_string_equal(argv[3], "-c");
    assert_string_equal(argv[4], "xy");

    strcpy(buf, "   ");
    assert_int_equal(line_split(buf, argv), 0);
    strcpy(buf, "cat 'oops");
    assert_int_equal(line_split(buf, argv), -1);
    strcpy(buf, "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17");
    assert_int_equal(line_split(buf, argv), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_plain_line, setup),
        cmocka_unit_test_setup(test_editing, setup),
        cmocka_unit_test_setup(test_ctrl_c_and_escapes, setup),
        cmocka_unit_test_setup(test_overlong, setup),
        cmocka_unit_test_setup(test_split, setup),
    };

    return cmocka_run_group_tests_name("line", tests, NULL, NULL);
}
