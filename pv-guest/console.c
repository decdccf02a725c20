/*
 * Console output of the PV kernel core: CONSOLEIO_write, which Xen offers
 * to dom0 (a domU's ring console is a later driver).  Trusts nothing about
 * the result: a console that fails has nowhere left to report to.
 */
#include <hypercalls/hypercall.h>
#include <pv-guest/lib.h>

void console_write(const char *buf, size_t len)
{
    hypercall_console_io(CONSOLEIO_write, len, buf);
}
