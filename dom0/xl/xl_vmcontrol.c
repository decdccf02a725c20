/*
 * xl's domain lifecycle commands (tools/xl/xl_vmcontrol.c): create,
 * destroy, shutdown and reboot [-a] [-w], console (pause/unpause:
 * xl_pause.c); what xl's per-domain watcher does when a domain shuts
 * down: the config's on_poweroff / on_reboot / on_crash (destroy,
 * restart, preserve).
 */
#include "xl.h"

#include <pv-guest/events.h>
#include <pv-guest/lib.h>
#include <dom0/xenstore.h>
#include <xen/sched.h>

#include "xl_console.h"
#include "xl_fmt.h"
#include "xl_str.h"
#include "xl_wait.h"

struct xs_handle *xl_xs;

int main_create(int argc, char **argv)
{
    struct xl_opt o = { 0 };
    bool console = false;
    int opt;

    while ( (opt = xl_getopt(&o, argc, argv, "c")) != -1 )
    {
        if ( opt != 'c' )
            return 1;
        console = true;
    }
    if ( o.ind >= argc )
    {
        printk("Config file not specified and none in save file\n");
        return 1;
    }
    return xl_create_from_file(argv[o.ind], console);
}

int main_destroy(int argc, char **argv)
{
    long domid = xl_one_domain(argc, argv, "destroy");

    if ( domid < 0 )
        return 1;
    if ( domid == 0 )
    {
        printk("Not destroying domain 0; use -f to force.\nThis can only be "
               "done when using a disaggregated hardware domain and "
               "toolstack.\n\n");
        return 1;
    }
    if ( !xl_domain_exists(domid) )
    {
        printk("libxl: error: Domain %ld:Unable to destroy guest\n", domid);
        printk("destroy failed (rc=-21)\n");
        return 1;
    }
    return xl_destroy_domain((domid_t)domid);
}

/* libxl_domain_shutdown/reboot for PV: control/shutdown in xenstore. */
static bool request(domid_t domid, const char *cmd, const char *what,
                    const char *verb)
{
    char path[64];

    printk("%s domain %u\n", verb, domid);
    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown",
             domid);
    if ( !xs_write(xl_xs, XBT_NULL, path, what, strlen(what)) )
    {
        printk("%s failed (rc=-3)\n", cmd);
        return false;
    }
    return true;
}

/*
 * xl shutdown|reboot [-a] [-w] <domain>: -a every domain but dom0, -w
 * wait for each to shut down (twice: to be gone) before the prompt.
 */
static int shutdown_or_reboot(int argc, char **argv, const char *cmd,
                              const char *what, const char *verb)
{
    static xc_dominfo_t info[XL_MAX_DOMAINS + 1];
    domid_t doms[XL_MAX_DOMAINS];
    struct xl_opt o = { 0 };
    unsigned int nr = 0, waits = 0;
    bool all = false;
    long n, domid;
    int opt;

    while ( (opt = xl_getopt(&o, argc, argv, "aw")) != -1 )
    {
        if ( opt == '?' )
            return 1;
        if ( opt == 'a' )
            all = true;
        else
            waits++;
    }
    if ( !all && o.ind >= argc )
    {
        printk("You must specify -a or a domain id.\n\n");
        return 1;
    }
    if ( all )
    {
        n = xc_domain_getinfolist(1, XL_MAX_DOMAINS, info);
        for ( long i = 0; i < n && nr < XL_MAX_DOMAINS; i++ )
            if ( !(info[i].flags & XEN_DOMINF_dying) &&
                 request(info[i].domain, cmd, what, verb) )
                doms[nr++] = info[i].domain;
    }
    else
    {
        if ( (domid = xl_find_domain(argv[o.ind])) < 0 )
            return 1;
        if ( domid == 0 )
        {
            printk("xl: dom0 runs this prompt: use 'poweroff' to stop it\n");
            return 1;
        }
        if ( !xl_domain_exists(domid) ||
             !request((domid_t)domid, cmd, what, verb) )
            return 1;
        doms[nr++] = (domid_t)domid;
    }
    if ( waits )
        xl_wait_start(doms, nr, waits > 1);
    return 0;
}

int main_shutdown(int argc, char **argv)
{
    return shutdown_or_reboot(argc, argv, "shutdown", "poweroff",
                              "Shutting down");
}

int main_reboot(int argc, char **argv)
{
    return shutdown_or_reboot(argc, argv, "reboot", "reboot", "Rebooting");
}

int main_console(int argc, char **argv)
{
    long domid = xl_one_domain(argc, argv, "console");

    if ( domid < 0 || !xl_domain_exists(domid) )
        return 1;
    return xl_console_attach((domid_t)domid);
}

/*
 * rename-restart (xl's preserve_domain): the shut-down domain stays, named
 * "<name>-<UTC %Y%m%dT%H%M>Z", so a new one can take its name.
 */
static bool preserve(struct xl_domain *d)
{
    char suffix[24], name[XLCFG_NAME_LEN + sizeof(suffix)], path[64];

    xl_fmt_utc_suffix(suffix, sizeof(suffix), wallclock_s());
    printk("Preserving domain %u %s with suffix%s\n", d->domid, d->cfg.name,
           suffix);
    snprintf(name, sizeof(name), "%s%s", d->cfg.name, suffix);
    snprintf(path, sizeof(path), "/local/domain/%u/name", d->domid);
    d->preserved = true;
    if ( xs_write(xl_xs, XBT_NULL, path, name, strlen(name)) )
        return true;
    printk("libxl: error: Domain %u: cannot rename it to %s\n", d->domid,
           name);
    return false;
}

/* handle_domain_death: the action the config names for this reason. */
static bool act(struct xl_domain *d, unsigned int reason)
{
    static struct xl_domcfg cfg;        /* survives the untrack below */
    char path[XLCFG_PATH_LEN];
    domid_t domid = d->domid;
    enum xl_action a;

    switch ( reason )
    {
    case SHUTDOWN_poweroff: a = d->cfg.on_poweroff; break;
    case SHUTDOWN_reboot: a = d->cfg.on_reboot; break;
    case SHUTDOWN_crash: a = d->cfg.on_crash; break;
    case SHUTDOWN_suspend: return false;    /* no save/restore yet */
    default: a = XL_ACTION_DESTROY; break;  /* watchdog, soft_reset */
    }
    /* Off the prompt's line first: this arrives while dom0# waits. */
    printk("\nDomain %u has shut down, reason code %u 0x%x\n", domid,
           reason, reason);
    printk("Action for shutdown reason code %u is %s\n", reason,
           xl_action_name(a));
    switch ( a )
    {
    case XL_ACTION_PRESERVE:
        d->preserved = true;
        return true;
    case XL_ACTION_RENAME_RESTART:
        cfg = d->cfg;
        xl_strlcpy(path, d->cfg_path, sizeof(path));
        if ( !preserve(d) )
            return true;                /* the old one stays, as xl */
        printk("Done. Rebooting now\n");
        xl_create_from_cfg(path, &cfg, NULL);
        return true;
    case XL_ACTION_RESTART:
    case XL_ACTION_COREDUMP_RESTART:
        cfg = d->cfg;
        xl_strlcpy(path, d->cfg_path, sizeof(path));
        printk("Domain %u needs to be cleaned up: destroying the domain\n",
               domid);
        xl_destroy_domain(domid);
        printk("Done. Rebooting now\n");
        xl_create_from_cfg(path, &cfg, NULL);
        return true;
    default:                            /* destroy, coredump-destroy */
        printk("Domain %u needs to be cleaned up: destroying the domain\n",
               domid);
        xl_destroy_domain(domid);
        return true;
    }
}

int xl_domain_exc(void)
{
    xc_dominfo_t info;
    int acted = 0;

    for ( unsigned int i = 0; i < XL_MAX_DOMAINS; i++ )
    {
        struct xl_domain *d = xl_slot(i);
        unsigned int reason;
        domid_t id;

        if ( !d || d->preserved )
            continue;
        id = d->domid;
        if ( xc_domain_getinfo(id, &info) || info.domain != id )
        {
            /* Gone behind xl's back (destroyed elsewhere). */
            xl_console_gone(id);
            xl_untrack(id);
            continue;
        }
        if ( !(info.flags & XEN_DOMINF_shutdown) )
            continue;
        reason = (info.flags >> XEN_DOMINF_shutdownshift) &
                 XEN_DOMINF_shutdownmask;
        acted += act(d, reason);
    }
    return acted;
}

/* xen-init-dom0's entries for dom0 itself, so xl list can name it. */
void xl_init(void)
{
    xl_xs = xs_open(0);
    if ( !xl_xs )
        panic("xl: cannot open the xenstore connection");
    xs_write(xl_xs, XBT_NULL, "/local/domain/0/name", "Domain-0", 8);
    xs_write(xl_xs, XBT_NULL, "/local/domain/0/domid", "0", 1);
}
