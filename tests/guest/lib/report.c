/*
 * Result reporting for conformance tests (XTF's report.c semantics): the
 * status only ever rises, and the last console line is the verdict the
 * runner reads.  Trusts nothing from the test beyond its format strings.
 */
#include <test.h>

enum test_status {
    STATUS_RUNNING,         /* no verb called yet */
    STATUS_SUCCESS,
    STATUS_SKIP,
    STATUS_ERROR,
    STATUS_FAILURE,
};

static const char *const status_names[] = {
    [STATUS_RUNNING] = "RUNNING",
    [STATUS_SUCCESS] = "SUCCESS",
    [STATUS_SKIP]    = "SKIP",
    [STATUS_ERROR]   = "ERROR",
    [STATUS_FAILURE] = "FAILURE",
};

static enum test_status status;

static void report(enum test_status s, const char *fmt, va_list args)
{
    if ( s > status )
        status = s;
    if ( fmt )
        vprintk(fmt, args);
}

#define VERB(name, s)                           \
    void name(const char *fmt, ...)             \
    {                                           \
        va_list args;                           \
                                                \
        va_start(args, fmt);                    \
        report(s, fmt, args);                   \
        va_end(args);                           \
    }

VERB(xtf_success, STATUS_SUCCESS)
VERB(xtf_skip, STATUS_SKIP)
VERB(xtf_error, STATUS_ERROR)
VERB(xtf_failure, STATUS_FAILURE)

void xtf_expect(const char *what, long got, long want)
{
    if ( got != want )
        xtf_failure("Fail: %s: got %ld, want %ld\n", what, got, want);
    else
        printk("  %-50s %ld\n", what, got);
}

void xtf_expect_hex(const char *what, unsigned long got, unsigned long want)
{
    if ( got != want )
        xtf_failure("Fail: %s: got %#lx, want %#lx\n", what, got, want);
    else
        printk("  %-50s %#lx\n", what, got);
}

void xtf_exit(void)
{
    /* A test that never reported anything has not shown anything. */
    if ( status == STATUS_RUNNING )
        xtf_error("Test did not report a status\n");

    printk("Test result: %s\n", status_names[status]);
    shutdown(SHUTDOWN_poweroff);
}
