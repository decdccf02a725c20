/*
 * Guest kernel of the domains system test, on the pv-guest core.  It talks
 * to dom0 over its console ring (parameters in, report lines out) and to
 * its peer over an interdomain event channel and a granted page.  Roles,
 * from the command line (role=...):
 *   a     grants a page to the peer, waits for its data, finds the grant
 *         busy while mapped, answers, then ends access once the peer is
 *         gone (retrying on a timer) and keeps running until "exit";
 *   b     binds to a's port, maps a's grant, writes, waits for the answer
 *         and holds the mapping until dom0 destroys it;
 *   ping, pong   round trips over the channel for make bench;
 *   idle  reports and waits (the create/destroy cycles).
 */
#include <hypercalls/hypercall.h>
#include <pv-guest/events.h>
#include <pv-guest/lib.h>
#include <pv-guest/mm.h>
#include <pv-guest/param.h>
#include <xen/errno.h>

#include "ring.h"

#define M2P ((const unsigned long *)MACH2PHYS_VIRT_START)

static struct xencons_interface *cons;
static evtchn_port_t cons_port, peer_port, timer_port;
static volatile unsigned long peer_events, ticks;
static char role[8];

static void say(const char *fmt, ...)
{
    char buf[160];
    va_list args;
    size_t n, done = 0;

    va_start(args, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, args);
    va_end(args);
    if ( n >= sizeof(buf) )
        n = sizeof(buf) - 1;
    while ( done < n )
    {
        done += ring_put(RING_OUT(cons), buf + done, n - done);
        evtchn_notify(cons_port);
        if ( done < n )                 /* full: let dom0 drain it */
            hypercall_sched_op(SCHEDOP_yield, NULL);
    }
}

static void on_console(evtchn_port_t port, void *arg)
{
}

static void on_peer(evtchn_port_t port, void *arg)
{
    peer_events++;
}

static void on_timer(evtchn_port_t port, void *arg)
{
    ticks++;
}

/* One line of console input (without the newline). */
static void read_line(char *buf, size_t size)
{
    size_t len = 0;
    char c;

    for ( ;; )
    {
        while ( ring_get(RING_IN(cons), &c, 1) )
        {
            if ( c == '\n' )
            {
                buf[len] = '\0';
                return;
            }
            if ( len + 1 < size )
                buf[len++] = c;
        }
        events_wait();
    }
}

static void sleep_ms(unsigned int ms)
{
    unsigned long t = ticks;

    timer_set(monotonic_ns() + ms * 1000000ULL);
    while ( ticks == t )
        events_wait();
}

static void wait_peer(unsigned long count)
{
    while ( peer_events < count )
        events_wait();
}

static void role_a(const char *line)
{
    domid_t peer = param(line, "peer", 0);
    char *page = page_alloc();
    unsigned int tries;
    int ref, rc;

    peer_port = param(line, "port", 0);
    if ( !page || evtchn_bind(peer_port, on_peer, NULL) )
    {
        say("A: FAIL no page or port %u\n", peer_port);
        return;
    }
    strlcpy(page, "hello from A", PAGE_SIZE);
    ref = grant_access(peer, page, false);
    say("A: ref=%d\n", ref);
    wait_peer(1);
    say("A: %s B's data (%.12s)\n",
        strncmp(page, "hello from B", 12) ? "FAIL without" : "got", page);
    rc = grant_end_access(ref);
    say("A: end_access while B maps it: %d %s\n", rc,
        rc == -XEN_EBUSY ? "busy" : "FAIL");
    evtchn_notify(peer_port);

    /* Busy until the peer's mapping goes with the peer. */
    for ( tries = 0; (rc = grant_end_access(ref)) == -XEN_EBUSY &&
                     tries < 3000; tries++ )
        sleep_ms(10);
    say("A: end_access after B went: %d %s\n", rc, rc ? "FAIL" : "ok");
    page_free(page);
    say("A: still running\n");
}

static void role_b(const char *line)
{
    domid_t peer = param(line, "peer", 0);
    grant_handle_t h;
    char *m;
    long rc;

    rc = evtchn_bind_interdomain(peer, param(line, "port", 0), &peer_port);
    if ( rc || evtchn_bind(peer_port, on_peer, NULL) )
    {
        say("B: FAIL bind_interdomain: %ld\n", rc);
        return;
    }
    m = grant_map(peer, param(line, "ref", 0), false, &h);
    if ( !m )
    {
        say("B: FAIL grant_map\n");
        return;
    }
    say("B: mapped A's page: %.12s\n", m);
    strlcpy(m, "hello from B", 64);
    evtchn_notify(peer_port);
    wait_peer(1);
    say("B: A answered; holding the mapping\n");
    for ( ;; )                          /* until dom0 destroys us */
        events_wait();
}

/* make bench: rounds of notify-and-wait; ping times them by TSC. */
static void role_ping_pong(const char *line, bool ping)
{
    unsigned long rounds = param(line, "rounds", 1000), i;
    domid_t peer = param(line, "peer", 0);
    uint64_t t0, t1;
    long rc = 0;

    if ( ping )
        peer_port = param(line, "port", 0);
    else
        rc = evtchn_bind_interdomain(peer, param(line, "port", 0),
                                     &peer_port);
    if ( rc || evtchn_bind(peer_port, on_peer, NULL) )
    {
        say("%s: FAIL port: %ld\n", role, rc);
        return;
    }
    say("%s: ready\n", role);
    if ( !ping )
    {
        evtchn_notify(peer_port);       /* bound: ping may start */
        for ( i = 1; i <= rounds; i++ )
        {
            wait_peer(i);
            evtchn_notify(peer_port);
        }
        return;
    }
    wait_peer(1);                       /* pong is bound */
    t0 = rdtsc();
    for ( i = 2; i <= rounds + 1; i++ )
    {
        evtchn_notify(peer_port);
        wait_peer(i);
    }
    t1 = rdtsc();
    say("ping: %lu round trips, cycles=%lu each (TSC)\n", rounds,
        (unsigned long)((t1 - t0) / rounds));
}

void kernel_main(void)
{
    const char *cmd = (const char *)start_info->cmd_line;
    char line[128];

    mm_init();
    events_init();
    cons = (void *)(PV_VIRT_BASE +
                    M2P[start_info->console.domU.mfn] * PAGE_SIZE);
    cons_port = start_info->console.domU.evtchn;
    evtchn_bind(cons_port, on_console, NULL);
    evtchn_bind_virq(VIRQ_TIMER, &timer_port);
    evtchn_bind(timer_port, on_timer, NULL);

    strlcpy(role, strstr(cmd, "role=") ? strstr(cmd, "role=") + 5 : "idle",
            sizeof(role));
    for ( char *p = role; *p; p++ )
        if ( *p == ' ' )
            *p = '\0';
    say("%s: up as domain with %lu pages\n", role, start_info->nr_pages);
    read_line(line, sizeof(line));

    if ( !strcmp(role, "a") )
        role_a(line);
    else if ( !strcmp(role, "b") )
        role_b(line);
    else if ( !strcmp(role, "ping") || !strcmp(role, "pong") )
        role_ping_pong(line, role[1] == 'i');

    for ( ;; )                          /* "exit" ends us; dom0 may too */
    {
        read_line(line, sizeof(line));
        if ( !strcmp(line, "exit") )
            shutdown(SHUTDOWN_poweroff);
    }
}
