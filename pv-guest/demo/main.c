/*
 * The default guest program (build/demo.elf, boot/demo.elf in dom0's
 * ramdisk): prints on its console, reads its name from xenstore, writes
 * data/demo, prints a line every few seconds, and answers
 * control/shutdown as Linux's drivers/xen/manage.c does; echoes console
 * input lines.  Trusts nothing
 * it reads from xenstore beyond its length.
 */
#include <errno.h>

#include <hypercalls/hypercall.h>
#include <pv-guest/events.h>
#include <pv-guest/heap.h>
#include <pv-guest/lib.h>
#include <pv-guest/mm.h>
#include <pv-guest/xenbus.h>

/* Seconds between the demo's "alive" lines. */
#define TICK_SECONDS 3

static volatile unsigned long ticks;

static void on_timer(evtchn_port_t port, void *arg)
{
    ticks++;
}

/* Linux's shutdown_handlers: the commands we act on, with the reason. */
static const struct {
    const char *command;
    unsigned int reason;
} commands[] = {
    { "poweroff", SHUTDOWN_poweroff },
    { "halt", SHUTDOWN_poweroff },
    { "reboot", SHUTDOWN_reboot },
};

/* Console input (xl console): echo each line back, so it can be seen. */
static void console_input(void)
{
    static char line[80];
    static size_t len;
    char c;

    while ( console_read(&c, 1) )
    {
        if ( c != '\n' && c != '\r' && len + 1 < sizeof(line) )
        {
            line[len++] = c;
            continue;
        }
        line[len] = '\0';
        len = 0;
        printk("demo: console input '%s'\n", line);
    }
}

/*
 * control/shutdown changed: act on it as Linux's shutdown_handler, which
 * reads it and writes "" (so the toolstack sees it heard) in one
 * transaction, and starts again if another change conflicted.
 */
static void shutdown_request(void)
{
    xenbus_transaction_t t;
    char *cmd;
    int rc;

 again:
    cmd = NULL;
    if ( (rc = xenbus_transaction_start(&t)) )
    {
        printk("demo: starting a transaction: error %d\n", rc);
        return;
    }
    rc = xenbus_read(t, "control/shutdown", &cmd);
    if ( rc <= 0 ) /* gone, unreadable, or "" (our own acknowledgement) */
    {
        xenbus_transaction_end(t, true);
        free(cmd);
        return;
    }
    if ( (rc = xenbus_write(t, "control/shutdown", "")) )
        printk("demo: acknowledging '%s': error %d\n", cmd, rc);
    if ( (rc = xenbus_transaction_end(t, false)) == -EAGAIN )
    {
        free(cmd);
        goto again;
    }
    for ( unsigned int i = 0; i < ARRAY_SIZE(commands); i++ )
        if ( !strcmp(cmd, commands[i].command) )
        {
            printk("demo: shutdown request '%s': shutting down\n", cmd);
            shutdown(commands[i].reason);
        }
    if ( !strcmp(cmd, "suspend") )
        printk("demo: suspend is not supported\n");
    else
        printk("demo: ignoring shutdown request '%s'\n", cmd);
    free(cmd);
}

static void announce(void)
{
    char *name = NULL, *domid = NULL, line[96];
    int rc;

    if ( (rc = xenbus_read(XBT_NIL, "name", &name)) < 0 )
        printk("demo: reading my name: error %d\n", rc);
    if ( xenbus_read(XBT_NIL, "domid", &domid) < 0 )
        domid = NULL;
    printk("demo: my name is '%s' (domain %s)\n", name ? name : "?",
           domid ? domid : "?");
    snprintf(line, sizeof(line), "hello from %s", name ? name : "?");
    rc = xenbus_write(XBT_NIL, "data/demo", line);
    printk("demo: wrote data/demo: %d\n", rc);
    /* Linux advertises what control/shutdown it understands. */
    xenbus_write(XBT_NIL, "control/feature-poweroff", "1");
    xenbus_write(XBT_NIL, "control/feature-reboot", "1");
    free(name);
    free(domid);
}

void kernel_main(void)
{
    evtchn_port_t timer_port;
    unsigned long seen = 0, n = 0;
    char *path, *token;
    uint64_t next;
    int rc;

    printk("demo: up\n");
    mm_init();
    events_init();
    if ( evtchn_bind_virq(VIRQ_TIMER, &timer_port) ||
         evtchn_bind(timer_port, on_timer, NULL) )
        panic("demo: cannot bind VIRQ_TIMER");
    /* The console port wakes us for input (no handler: console_io). */
    if ( !(start_info->flags & SIF_INITDOMAIN) &&
         start_info->console.domU.mfn &&
         evtchn_bind(start_info->console.domU.evtchn, on_timer, NULL) )
        panic("demo: cannot bind the console port");
    if ( (rc = xenbus_init()) )
        panic("demo: no xenstore: %d", rc);
    announce();
    if ( (rc = xenbus_watch("control/shutdown", "shutdown")) )
        printk("demo: watching control/shutdown: error %d\n", rc);

    next = monotonic_ns() + TICK_SECONDS * 1000000000ULL;
    timer_set(next);
    for ( ;; )
    {
        console_input();
        while ( !xenbus_read_watch(&path, &token, false) )
        {
            if ( !strcmp(token, "shutdown") )
                shutdown_request();
            free(path);
        }
        if ( monotonic_ns() >= next )
        {
            printk("demo: alive %lu\n", ++n);
            next += TICK_SECONDS * 1000000000ULL;
            timer_set(next);
        }
        if ( ticks == seen )
            events_wait(); /* a timer or a store event */
        seen = ticks;
    }
}
