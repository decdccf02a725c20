/*
 * The default guest program (build/demo.elf, boot/demo.elf in dom0's
 * ramdisk): prints on its console, reads its name from xenstore, writes
 * data/demo, prints a line every few seconds, and answers
 * control/shutdown as Linux's drivers/xen/manage.c does; echoes console
 * input lines.  Trusts nothing
 * it reads from xenstore beyond its length.
 */
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

/* control/shutdown changed: act on it as Linux's shutdown_handler. */
static void shutdown_request(void)
{
    char *cmd = NULL;
    int rc = xenbus_read("control/shutdown", &cmd);

    if ( rc <= 0 ) /* gone, unreadable, or "" (our own acknowledgement) */
    {
        free(cmd);
        return;
    }
    /* Linux writes "" before acting, so the toolstack sees it heard. */
    if ( (rc = xenbus_write("control/shutdown", "")) )
        printk("demo: acknowledging '%s': error %d\n", cmd, rc);
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

    if ( (rc = xenbus_read("name", &name)) < 0 )
        printk("demo: reading my name: error %d\n", rc);
    if ( xenbus_read("domid", &domid) < 0 )
        domid = NULL;
    printk("demo: my name is '%s' (domain %s)\n", name ? name : "?",
           domid ? domid : "?");
    snprintf(line, sizeof(line), "hello from %s", name ? name : "?");
    rc = xenbus_write("data/demo", line);
    printk("demo: wrote data/demo: %d\n", rc);
    /* Linux advertises what control/shutdown it understands. */
    xenbus_write("control/feature-poweroff", "1");
    xenbus_write("control/feature-reboot", "1");
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
