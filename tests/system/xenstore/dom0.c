/*
 * dom0 of the xenstore system test (issue 6): starts xenstored and the
 * console backend, builds boot/demo.elf from the ramdisk, writes what
 * libxl writes for it (the guest owning its home), introduces it, and
 * checks its console output, the key it writes, and that control/shutdown
 * "poweroff" shuts it down with reason poweroff; then that its death
 * releases it from xenstore.  Meanwhile a hostile guest (evil.c) breaks
 * its ring and must be ignored without harm to dom0 or the demo.  Last line "XENSTORE TEST PASSED" or
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

struct guest {
    const char *tag, *name;
    struct build_result r;
    uint64_t cursor;                    /* into its console history */
    char line[200];
    size_t len;
};

static unsigned int failures;
static volatile unsigned long ticks, dom_exc;
static struct xs_handle *xsh;

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

/* Relay g's console lines until one contains want. */
static bool expect(struct guest *g, const char *want)
{
    uint64_t end = monotonic_ns() + WAIT_NS;
    char c;

    while ( monotonic_ns() < end )
    {
        serve();
        while ( consoled_read(g->r.domid, &g->cursor, &c, 1) )
        {
            if ( c != '\n' && g->len + 1 < sizeof(g->line) )
            {
                g->line[g->len++] = c;
                continue;
            }
            g->line[g->len] = '\0';
            g->len = 0;
            printk("[%s] %s\n", g->tag, g->line);
            if ( strstr(g->line, want) )
                return true;
        }
        wait_a_little();
    }
    check(false, "%s never said \"%s\"", g->tag, want);
    return false;
}

static bool write_str(xs_transaction_t t, const char *path, const char *v)
{
    return xs_write(xsh, t, path, v, strlen(v));
}

/* What libxl__domain_make and the console/control setup write. */
static bool write_entries(const char *name, const struct build_result *r)
{
    domid_t dom = r->domid;
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
        W("name", name, ro, 2);
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

/* Build, describe in xenstore, attach, introduce and unpause a guest. */
static bool start(struct guest *g, const struct archive_entry *kernel)
{
    struct build_spec s = {
        .name = g->name, .kernel = kernel->data,
        .kernel_len = kernel->size, .cmdline = "", .mem_kb = GUEST_KB,
        .vcpus = 1,
    };
    struct xen_domctl op = { 0 };
    char err[128];
    int rc;

    rc = domain_build(&s, &g->r, err, sizeof(err));
    check(!rc, "build %s: %d %s", g->name, rc, rc ? err : "");
    if ( rc )
        return false;
    check(write_entries(g->name, &g->r), "libxl's entries for domain %u",
          g->r.domid);
    rc = consoled_attach(g->r.domid, g->r.console_mfn, g->r.console_port);
    check(!rc, "console of %s attached: %d", g->name, rc);
    check(xs_introduce_domain(xsh, g->r.domid, g->r.store_mfn,
                              g->r.store_port),
          "introduce domain %u", g->r.domid);
    check(watch_fired("intro"), "@introduceDomain fired");
    check(xs_is_domain_introduced(xsh, g->r.domid), "domain introduced");
    hypercall_domctl(XEN_DOMCTL_unpausedomain, g->r.domid, &op);
    return true;
}

/* The demo's whole life while the hostile guest is ignored beside it. */
static void demo_life(struct guest *g)
{
    struct xen_domctl_getdomaininfo info;
    char path[64], *v;
    unsigned int len;
    uint64_t end;
    int rc;

    check(expect(g, "my name is 'demo1'"), "guest read its name");
    check(expect(g, "wrote data/demo: 0"), "guest wrote its key");
    snprintf(path, sizeof(path), "/local/domain/%u/data/demo", g->r.domid);
    v = xs_read(xsh, XBT_NULL, path, &len);
    check(v && !strcmp(v, "hello from demo1"), "%s = \"%s\"", path,
          v ? v : "(none)");
    free(v);
    check(expect(g, "demo: alive 1"), "guest prints every few s");
    rc = consoled_write(g->r.domid, "hi there\n", 9);
    check(rc == 9, "console input queued: %d", rc);
    check(expect(g, "console input 'hi there'"),
          "guest read its console input");

    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown",
             g->r.domid);
    check(write_str(XBT_NULL, path, "suspend"), "control/shutdown suspend");
    check(expect(g, "suspend is not supported"),
          "guest says suspend is unsupported");
    check(write_str(XBT_NULL, path, "poweroff"), "control/shutdown set");
    check(expect(g, "shutdown request 'poweroff'"), "guest heard poweroff");
    end = monotonic_ns() + WAIT_NS;
    while ( !(rc = getinfo(g->r.domid, &info)) &&
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
}

/* Destroy g; VIRQ_DOM_EXC must make xenstored release it. */
static void destroy(struct guest *g)
{
    struct xen_domctl op = { 0 };
    uint64_t end = monotonic_ns() + WAIT_NS;
    char path[64], *v;
    unsigned int len;

    consoled_detach(g->r.domid);
    hypercall_domctl(XEN_DOMCTL_destroydomain, g->r.domid, &op);
    while ( xs_is_domain_introduced(xsh, g->r.domid) &&
            monotonic_ns() < end )
    {
        serve();
        wait_a_little();
    }
    check(!xs_is_domain_introduced(xsh, g->r.domid),
          "dead %s released", g->tag);
    snprintf(path, sizeof(path), "/local/domain/%u", g->r.domid);
    v = xs_read(xsh, XBT_NULL, path, &len);
    check(!v && errno == ENOENT, "home of %s went with it (errno %d)",
          g->tag, errno);
    free(v);
}

static void run(const struct archive_entry *demo_elf,
                const struct archive_entry *evil_elf)
{
    struct guest demo = { .tag = "demo", .name = "demo1" };
    struct guest evil = { .tag = "evil", .name = "evil1" };
    unsigned int ignored = 0;

    check(xs_watch(xsh, "@introduceDomain", "intro") &&
          xs_watch(xsh, "@releaseDomain", "release") &&
          watch_fired("intro") && watch_fired("release"),
          "special watches set (each fires once at once)");
    if ( !start(&demo, demo_elf) )
        return;
    check(expect(&demo, "demo: up"), "guest console through consoled");
    if ( start(&evil, evil_elf) )
    {
        check(expect(&evil, "honest read of my name: 5 'evil1'"),
              "hostile guest served while honest");
        check(expect(&evil, "evil: error field 2"),
              "bad ring index: XENSTORE_ERROR_RINGIDX in its page");
        check(xenstored_rings(&ignored) == 2 && ignored == 1,
              "its ring ignored, the demo's still served");
    }
    demo_life(&demo);
    destroy(&demo);
    if ( evil.r.domid )
        destroy(&evil);
    check(xenstored_rings(NULL) == 0, "no rings left");
}

void kernel_main(void)
{
    struct archive_entry demo, evil;
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
    rc = archive_lookup(&ar, "boot/demo.elf", &demo, err, sizeof(err));
    check(!rc, "demo kernel from the ramdisk: %d %s", rc, rc ? err : "");
    if ( !rc )
        rc = archive_lookup(&ar, "boot/xenstore-evil.elf", &evil, err,
                            sizeof(err));
    check(!rc, "hostile kernel from the ramdisk: %d %s", rc, rc ? err : "");
    if ( !rc && xsh )
        run(&demo, &evil);
    xs_close(xsh);
    if ( failures )
        printk("XENSTORE TEST FAILED: %u\n", failures);
    else
        printk("XENSTORE TEST PASSED\n");
    shutdown(SHUTDOWN_poweroff);
}
