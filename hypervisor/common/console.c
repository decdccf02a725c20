/*
 * Log output: levels (loglvl=), the "(PVX) " line prefix, panic and fatal,
 * and the ring of everything printed (sysctl readconsole, Xen's conring).
 * Guest text arrives here through console_io already copied out of the
 * guest; only read_console_ring writes to a guest, by copy_to_guest.
 */
#include "console.h"
#include <xen/xen.h>
#include <xen/sysctl.h>
#include "errno.h"
#include "guest_access.h"
#include "machine.h"
#include "param.h"

static int log_threshold = LOG_INFO;   /* -1: silent */
static bool at_line_start = true;

/*
 * Free-running producer and consumer indexes (Xen's conringp/conringc):
 * p - c never exceeds CONRING_SIZE, the oldest text is overwritten.
 */
static char conring[CONRING_SIZE];
static uint32_t conringp, conringc;
#define CONRING_IDX(i) ((i) & (CONRING_SIZE - 1))

static void conring_putc(char c)
{
    conring[CONRING_IDX(conringp++)] = c;
    if ( conringp - conringc > CONRING_SIZE )
        conringc = conringp - CONRING_SIZE;
}

long read_console_ring(struct xen_sysctl_readconsole *op)
{
    uint32_t c = conringc, p = conringp, sofar = 0, idx, len;

    /* An index inside the live text starts there; any other the oldest. */
    if ( op->incremental &&
         (c <= p ? c < op->index && op->index <= p
                 : c < op->index || op->index <= p) )
        c = op->index;
    while ( c != p && sofar < op->count )
    {
        idx = CONRING_IDX(c);
        len = MIN(p - c, CONRING_SIZE - idx);
        len = MIN(len, op->count - sofar);
        if ( copy_to_guest_offset((unsigned long)op->buffer.p, sofar,
                                  &conring[idx], len) )
            return -EFAULT;
        sofar += len;
        c += len;
    }
    if ( op->clear )
        conringc = p - c > CONRING_SIZE ? p - CONRING_SIZE : c;
    op->count = sofar;
    op->index = c;
    return 0;
}

/*
 * Another writer's text (dom0's prompt, say) may have left a line open:
 * start a new one rather than run two sources into one line.
 */
static int line_owner = -1;             /* -1 the hypervisor, else domid */

static void put_prefixed(int owner, const char *prefix, const char *s,
                         size_t len)
{
    if ( len && owner != line_owner && !at_line_start )
    {
        serial_putc('\n');
        conring_putc('\n');
        at_line_start = true;
    }
    line_owner = owner;
    for ( size_t i = 0; i < len; i++ )
    {
        if ( at_line_start && prefix )
        {
            for ( const char *p = prefix; *p; p++ )
            {
                serial_putc(*p);
                conring_putc(*p);
            }
        }
        at_line_start = s[i] == '\n';
        serial_putc(s[i]);
        conring_putc(s[i]);
    }
}

void console_write(const char *s, size_t len)
{
    put_prefixed(-1, "(PVX) ", s, len);
}

void console_guest_write(unsigned int domid, const char *s, size_t len)
{
    char prefix[12];

    if ( domid == 0 )
    {
        put_prefixed(0, NULL, s, len);
        return;
    }
    snprintf(prefix, sizeof(prefix), "(d%u) ", domid);
    put_prefixed((int)domid, prefix, s, len);
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
