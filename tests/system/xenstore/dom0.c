/*
 * dom0 of the xenstore system test (issue 6): starts xenstored and the
 * console backend, builds boot/demo.elf from the ramdisk, writes what
 * libxl writes for it (the guest owning its home), introduces it, and
 * checks its console output, the key it writes, and that control/shutdown
 * "poweroff" shuts it down with reason poweroff; then that its death
 * releases it from xenstore.  Last line "XENSTORE TEST PASSED" or
 * "XENSTORE TEST FAILED: n".
 */
#include <hypercalls/control.h>
#include <pv-guest/events.h>
#include <pv-guest/heap.h>
#include <pv-guest/lib.h>
#include <pv-guest/mm.h>

#include <dom0/archive.h>
#include <dom0/build.h>
#include <dom0/consoled.h>
#include <dom0/xenstore.h>
#include <dom0/xenstored.h>

#define GUEST_KB    8192
#define WAIT_NS     60000000000ULL      /* 60 s of system time per step */
#define BENCH_OPS   1000

static unsigned int failures;
static volatile unsigned long ticks, dom_exc;
static struct xs_handle *xsh;
static uint64_t cursor;
static char line[200];
static size_t line_len;

static void check(bool ok, const char *fmt, ...)
{
    char buf[200];
    va_list args;

    va_start(args, fmt);
    vsnprintf(buf, sizeof(buf), fmt, args);
    va_end(args);
    printk("%s: %s\n", ok ? "ok" : "FAIL", buf);
    failures += !ok;
}

static void on_timer(evtchn_port_t port, void *arg)
{
    ticks++;
}

static void on_dom_exc(evtchn_port_t port, void *arg)
{
    dom_exc++;
}

/* One pass of dom0's main loop: what xl's loop does after events. */
static void serve(void)
{
    static unsigned long seen_exc;

    if ( dom_exc != seen_exc )
    {
        seen_exc = dom_exc;
        xenstored_domain_exc();
    }
    xenstored_poll();
    consoled_poll();
}

static void wait_a_little(void)
{
    timer_set(monotonic_ns() + 5000000);
    events_wait();
}

/* Relay the guest's console lines until one contains want. */
static bool expect(domid_t dom, const char *want)
{
    uint64_t end = monotonic_ns() + WAIT_NS;
    char c;

    while ( monotonic_ns() < end )
    {
        serve();
        while ( consoled_read(dom, &cursor, &c, 1) )
        {
            if ( c != '\n' && line_len + 1 < sizeof(line) )
            {
                line[line_len++] = c;
                continue;
            }
            line[line_len] = '\0';
            line_len = 0;
            printk("[demo] %s\n", line);
            if ( strstr(line, want) )
                return true;
        }
        wait_a_little();
    }
    check(false, "guest never said \"%s\"", want);
    return false;
}

static bool write_str(xs_transaction_t t, const char *path, const char *v)
{
    return xs_write(xsh, t, path, v, strlen(v));
}

/* What libxl__domain_make and the console/control setup write. */
static bool write_entries(domid_t dom, const struct build_result *r)
{
    struct xs_permissions rw[1] = { { dom, XS_PERM_NONE } };
    struct xs_permissions ro[2] = { { 0, XS_PERM_NONE },
                                    { dom, XS_PERM_READ } };
    char home[48], p[96], v[32];
    xs_transaction_t t;
    bool ok;

    snprintf(home, sizeof(home), "/local/domain/%u", dom);
    for ( unsigned int tries = 0; tries < 5; tries++ )
    {
        if ( (t = xs_transaction_start(xsh)) == XBT_NULL )
            return false;
        ok = xs_mkdir(xsh, t, home) &&
             xs_set_permissions(xsh, t, home, rw, 1);
#define W(path, val, perms, n)                                   \
        snprintf(p, sizeof(p), "%s/%s", home, path);              \
        ok = ok && write_str(t, p, val) &&                        \
             xs_set_permissions(xsh, t, p, perms, n)
        W("name", "demo1", ro, 2);
        snprintf(v, sizeof(v), "%u", dom);
        W("domid", v, ro, 2);
        snprintf(v, sizeof(v), "%lu", (unsigned long)r->console_mfn);
        W("console/ring-ref", v, ro, 2);
        snprintf(v, sizeof(v), "%u", r->console_port);
        W("console/port", v, ro, 2);
        W("console/type", "xenconsoled", ro, 2);
        W("console/limit", "1048576", ro, 2);
        W("control/shutdown", "", rw, 1);
        W("data", "", rw, 1);
#undef W
        if ( xs_transaction_end(xsh, t, !ok) || !ok )
            return ok;
        if ( errno != EAGAIN )
            return false;
    }
    return false;
}

/* The first watch event on xsh whose token is tok, within the wait. */
static bool watch_fired(const char *tok)
{
    uint64_t end = monotonic_ns() + WAIT_NS;
    char **v;

    while ( monotonic_ns() < end )
    {
        serve();
        while ( (v = xs_check_watch(xsh)) )
        {
            bool hit = !strcmp(v[XS_WATCH_TOKEN], tok);

            free(v);
            if ( hit )
                return true;
        }
        wait_a_little();
    }
    return false;
}

static long getinfo(domid_t dom, struct xen_domctl_getdomaininfo *info)
{
    struct xen_domctl op = { 0 };
    long rc = hypercall_domctl(XEN_DOMCTL_getdomaininfo, dom, &op);

    *info = op.u.getdomaininfo;
    return rc ? rc : info->domain != dom ? -ESRCH : 0;
}

static void bench(void)
{
    uint64_t t0 = monotonic_ns();
    unsigned int len;
    char *v;

    for ( unsigned int i = 0; i < BENCH_OPS; i++ )
        free(xs_read(xsh, XBT_NULL, "/tool/xenstored", &len));
    printk("BENCH libxs_read_ns %lu\n",
           (unsigned long)((monotonic_ns() - t0) / BENCH_OPS));
    v = xs_read(xsh, XBT_NULL, "/local/domain/0/missing", &len);
    check(!v && errno == ENOENT, "read of a missing node: ENOENT (%d)",
          errno);
}

static void run(const struct archive_entry *kernel)
{
    struct build_spec s = {
        .name = "demo1", .kernel = kernel->data,
        .kernel_len = kernel->size, .cmdline = "", .mem_kb = GUEST_KB,
        .vcpus = 1,
    };
    struct xen_domctl_getdomaininfo info;
    struct xen_domctl op = { 0 };
    struct build_result r;
    char err[128], path[64], *v;
    unsigned int len;
    uint64_t end;
    int rc;

    rc = domain_build(&s, &r, err, sizeof(err));
    check(!rc, "build demo: %d %s", rc, rc ? err : "");
    if ( rc )
        return;
    check(write_entries(r.domid, &r), "libxl's entries for domain %u",
          r.domid);
    rc = consoled_attach(r.domid, r.console_mfn, r.console_port);
    check(!rc, "console attached: %d", rc);
    check(xs_watch(xsh, "@introduceDomain", "intro") &&
          xs_watch(xsh, "@releaseDomain", "release") &&
          watch_fired("intro") && watch_fired("release"),
          "special watches set (each fires once at once)");
    check(xs_introduce_domain(xsh, r.domid, r.store_mfn, r.store_port),
          "introduce domain %u", r.domid);
    check(watch_fired("intro"), "@introduceDomain fired");
    check(xs_is_domain_introduced(xsh, r.domid), "domain introduced");
    hypercall_domctl(XEN_DOMCTL_unpausedomain, r.domid, &op);

    check(expect(r.domid, "demo: up"), "guest console through consoled");
    check(expect(r.domid, "my name is 'demo1'"), "guest read its name");
    check(expect(r.domid, "wrote data/demo: 0"), "guest wrote its key");
    snprintf(path, sizeof(path), "/local/domain/%u/data/demo", r.domid);
    v = xs_read(xsh, XBT_NULL, path, &len);
    check(v && !strcmp(v, "hello from demo1"), "%s = \"%s\"", path,
          v ? v : "(none)");
    free(v);
    check(expect(r.domid, "demo: alive 1"), "guest prints every few s");
    rc = consoled_write(r.domid, "hi\n", 3);
    check(rc == 3, "console input queued: %d", rc);

    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown",
             r.domid);
    check(write_str(XBT_NULL, path, "poweroff"), "control/shutdown set");
    check(expect(r.domid, "shutdown request 'poweroff'"),
          "guest heard poweroff");
    end = monotonic_ns() + WAIT_NS;
    while ( !(rc = getinfo(r.domid, &info)) &&
            !(info.flags & XEN_DOMINF_shutdown) && monotonic_ns() < end )
    {
        serve();
        wait_a_little();
    }
    check(!rc && (info.flags & XEN_DOMINF_shutdown) &&
          ((info.flags >> XEN_DOMINF_shutdownshift) &
           XEN_DOMINF_shutdownmask) == SHUTDOWN_poweroff,
          "guest shut down with reason poweroff (flags %#x)", info.flags);
    v = xs_read(xsh, XBT_NULL, path, &len);
    check(v && !*v, "control/shutdown acknowledged with \"\"");
    free(v);
    check(watch_fired("release"), "@releaseDomain on its shutdown");

    consoled_detach(r.domid);
    hypercall_domctl(XEN_DOMCTL_destroydomain, r.domid, &op);
    end = monotonic_ns() + WAIT_NS;
    while ( xs_is_domain_introduced(xsh, r.domid) && monotonic_ns() < end )
    {
        serve();
        wait_a_little();
    }
    check(!xs_is_domain_introduced(xsh, r.domid) &&
          xenstored_rings(NULL) == 0, "dead domain released");
    snprintf(path, sizeof(path), "/local/domain/%u", r.domid);
    v = xs_read(xsh, XBT_NULL, path, &len);
    check(!v && errno == ENOENT, "its home went with it (errno %d)", errno);
    free(v);
}

void kernel_main(void)
{
    struct archive_entry kernel;
    struct archive ar;
    evtchn_port_t port;
    char err[128];
    int rc;

    printk("PVX xenstore test: dom0 up\n");
    mm_init();
    events_init();
    if ( evtchn_bind_virq(VIRQ_TIMER, &port) ||
         evtchn_bind(port, on_timer, NULL) ||
         evtchn_bind_virq(VIRQ_DOM_EXC, &port) ||
         evtchn_bind(port, on_dom_exc, NULL) )
        panic("xenstore test: cannot bind VIRQs");
    xenstored_init();
    xsh = xs_open(0);
    check(xsh != NULL, "xs_open");
    if ( xsh )
        bench();

    ar.base = (const uint8_t *)start_info->mod_start;
    ar.len = start_info->mod_len;
    rc = archive_lookup(&ar, "boot/demo.elf", &kernel, err, sizeof(err));
    check(!rc, "demo kernel from the ramdisk: %d %s", rc, rc ? err : "");
    if ( !rc && xsh )
        run(&kernel);
    xs_close(xsh);
    if ( failures )
        printk("XENSTORE TEST FAILED: %u\n", failures);
    else
        printk("XENSTORE TEST PASSED\n");
    shutdown(SHUTDOWN_poweroff);
}
