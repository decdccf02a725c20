/*
 * Log output: levels (loglvl=), the "(PVX) " line prefix, panic and fatal.
 * Guest text arrives here through console_io already copied out of the
 * guest, so nothing in this file touches guest memory.
 */
#include "console.h"
#include "machine.h"

static int log_threshold = LOG_INFO;   /* -1: silent */
static bool at_line_start = true;

static void put_prefixed(const char *prefix, const char *s, size_t len)
{
    for ( size_t i = 0; i < len; i++ )
    {
        if ( at_line_start && prefix )
            for ( const char *p = prefix; *p; p++ )
                serial_putc(*p);
        at_line_start = s[i] == '\n';
        serial_putc(s[i]);
    }
}

void console_write(const char *s, size_t len)
{
    put_prefixed("(PVX) ", s, len);
}

void console_guest_write(unsigned int domid, const char *s, size_t len)
{
    char prefix[12];

    if ( domid == 0 )
    {
        put_prefixed(NULL, s, len);
        return;
    }
    snprintf(prefix, sizeof(prefix), "(d%u) ", domid);
    put_prefixed(prefix, s, len);
}

static void vprintk(const char *fmt, va_list ap)
{
    char buf[256];
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);

    console_write(buf, MIN((size_t)n, sizeof(buf) - 1));
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

void log_printk(enum log_level lvl, const char *fmt, ...)
{
    va_list ap;

    if ( (int)lvl > log_threshold )
        return;
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

void log_set_level(const char *name)
{
    static const char *const names[] = { "error", "warn", "info", "debug" };

    if ( !strcmp(name, "all") )
        log_threshold = LOG_DEBUG;
    else if ( !strcmp(name, "none") )
        log_threshold = -1;
    for ( unsigned int i = 0; i < ARRAY_SIZE(names); i++ )
        if ( !strcmp(name, names[i]) )
            log_threshold = (int)i;
}

void panic(const char *fmt, ...)
{
    va_list ap;

    printk("PANIC: ");
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
    printk("\n");
    machine_exit(EXIT_PANIC);
}

void fatal(const char *fmt, ...)
{
    va_list ap;

    printk("FATAL: ");
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
    printk("\n");
    machine_exit(EXIT_FATAL);
}
