/*
 * Host stand-ins for the ring-0 services the units under test call:
 * logging goes to stderr, and panic/fatal become cmocka assertion
 * failures, so a test can expect them with expect_assert_failure().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include "lib.h"

static void vlog(const char *fmt, va_list ap)
{
    if ( getenv("PVX_UNIT_VERBOSE") )
        vfprintf(stderr, fmt, ap);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vlog(fmt, ap);
    va_end(ap);
}

void log_printk(enum log_level lvl, const char *fmt, ...)
{
    va_list ap;

    (void)lvl;
    va_start(ap, fmt);
    vlog(fmt, ap);
    va_end(ap);
}

void panic(const char *fmt, ...)
{
    (void)fmt;
    mock_assert(0, "panic", __FILE__, __LINE__);
    abort();                            /* not reached under cmocka */
}

void fatal(const char *fmt, ...)
{
    (void)fmt;
    mock_assert(0, "fatal", __FILE__, __LINE__);
    abort();
}
