/*
 * Leaving the domain: orderly shutdown with a reason, and panic(), which
 * reports through the console and ends with SHUTDOWN_crash.  Trusts
 * SCHEDOP_shutdown not to return for the calling domain.
 */
#include <hypercalls/hypercall.h>
#include <pv-guest/lib.h>
#include <pv-guest/param.h>

void shutdown(unsigned int reason)
{
    for ( ;; )
        hypercall_shutdown(reason);
}

void panic(const char *fmt, ...)
{
    char buf[PRINTK_BUF_SIZE];
    va_list args;

    va_start(args, fmt);
    vsnprintf(buf, sizeof(buf), fmt, args);
    va_end(args);

    printk("PANIC: %s\n", buf);
    shutdown(SHUTDOWN_crash);
}
