/*
 * xl's entry: the command table with Xen's names and help texts, option
 * parsing, domain lookup by id or name, and the domains xl tracks.  Names
 * and ids typed at the prompt are untrusted text: a bad one gets xl's
 * message, never a crash.
 */
#include "xl.h"

#include <pv-guest/heap.h>
#include <pv-guest/lib.h>
#include <dom0/xenstore.h>

#include "xl_console.h"
#include "xl_str.h"

static int main_help(int argc, char **argv);

/* Order and wording from tools/xl/xl_cmdtable.c. */
const struct xl_cmd xl_cmds[] = {
    { "create", main_create, "Create a domain from config file <filename>",
      "<ConfigFile> [options]\n"
      "-c                      Connect to the console after the domain is "
      "created." },
    { "list", main_list, "List information about all/some domains",
      "[Domain]" },
    { "destroy", main_destroy, "Terminate a domain immediately",
      "<Domain>" },
    { "shutdown", main_shutdown, "Issue a shutdown signal to a domain",
      "[options] <-a|Domain>" },
    { "reboot", main_reboot, "Issue a reboot signal to a domain",
      "[options] <-a|Domain>" },
    { "console", main_console, "Attach to domain's console", "<Domain>" },
    { "pause", main_pause, "Pause execution of a domain", "<Domain>" },
    { "unpause", main_unpause, "Unpause a paused domain", "<Domain>" },
    { "vcpu-list", main_vcpulist, "List the VCPUs for all/some domains",
      "[Domain, ...]" },
    { "vcpu-pin", main_vcpupin, "Set which CPUs a VCPU can use",
      "[option] <Domain> <VCPU|all> <Hard affinity|-|all> <Soft "
      "affinity|-|all>\n"
      "-f, --force        undo an override pinning done by the kernel\n"
      "--ignore-global-affinity-masks Ignore global masks in xl.conf" },
    { "info", main_info, "Get information about Xen host", "" },
    { "dmesg", main_dmesg, "Read and/or clear dmesg buffer",
      "[-c]\n  -c                        Clear dmesg buffer as well as "
      "printing it" },
    { "sched-credit", main_sched_credit, "Get/set credit scheduler parameters",
      "[-d <Domain> [-w[=WEIGHT]|-c[=CAP]]]\n"
      "-d DOMAIN, --domain=DOMAIN        Domain to modify\n"
      "-w WEIGHT, --weight=WEIGHT        Weight (int)\n"
      "-c CAP, --cap=CAP                 Cap (int)" },
    { "uptime", main_uptime, "Print uptime for all/some domains",
      "[Domain]" },
    { "domid", main_domid, "Convert a domain name to domain id",
      "<DomainName>" },
    { "domname", main_domname, "Convert a domain id to domain name",
      "<DomainId>" },
    { "rename", main_rename, "Rename a domain", "<Domain> <NewDomainName>" },
    { "help", main_help, "Print this help.", "[command]" },
};
const unsigned int xl_nr_cmds = ARRAY_SIZE(xl_cmds);

static const struct xl_cmd *cmd_lookup(const char *name)
{
    for ( unsigned int i = 0; i < xl_nr_cmds; i++ )
        if ( xl_streq(xl_cmds[i].name, name) )
            return &xl_cmds[i];
    return NULL;
}

static void usage(const struct xl_cmd *c)
{
    printk("Usage: xl %s %s\n\n%s.\n\n", c->name, c->usage, c->summary);
}

static int main_help(int argc, char **argv)
{
    const struct xl_cmd *c = argc > 1 ? cmd_lookup(argv[1]) : NULL;

    if ( c )
    {
        usage(c);
        return 0;
    }
    printk("Usage xl [-v] <subcommand> [args]\n\nxl full list of "
           "subcommands:\n\n");
    for ( unsigned int i = 0; i < xl_nr_cmds; i++ )
        printk(" %-19s %s\n\n", xl_cmds[i].name, xl_cmds[i].summary);
    return argc > 1 ? 1 : 0;
}

int xl_main(int argc, char **argv)
{
    const struct xl_cmd *c;

    if ( argc < 2 )
        return main_help(1, argv);
    c = cmd_lookup(argv[1]);
    if ( !c )
    {
        printk("command not implemented\n");
        return 1;
    }
    /* xl's commands see argv from the subcommand on. */
    if ( argc > 2 && (xl_streq(argv[2], "-h") || xl_streq(argv[2], "--help")) )
    {
        usage(c);
        return 0;
    }
    return c->fn(argc - 1, argv + 1);
}

int xl_getopt(struct xl_opt *o, int argc, char **argv, const char *spec)
{
    const char *a, *s;

    if ( !o->ind )
        o->ind = 1;
    if ( o->ind >= argc || argv[o->ind][0] != '-' || !argv[o->ind][1] )
        return -1;
    a = argv[o->ind++];
    if ( xl_streq(a, "--") )
        return -1;
    for ( s = spec; *s; s++ )
    {
        if ( *s != a[1] || *s == ':' )
            continue;
        if ( s[1] != ':' )
            return a[2] ? '?' : *s;         /* no bundled flags */
        if ( a[2] )
            o->arg = a[2] == '=' ? a + 3 : a + 2;
        else if ( o->ind < argc )
            o->arg = argv[o->ind++];
        else
        {
            printk("option requires an argument -- '%c'\n", *s);
            return '?';
        }
        return *s;
    }
    printk("invalid option -- '%s'\n", a + 1);
    return '?';
}

/* The domains xl created, for their configs and start times. */
static struct xl_domain tracked[XL_MAX_DOMAINS];

struct xl_domain *xl_tracked(domid_t domid)
{
    for ( unsigned int i = 0; i < XL_MAX_DOMAINS; i++ )
        if ( tracked[i].used && tracked[i].domid == domid )
            return &tracked[i];
    return NULL;
}

struct xl_domain *xl_slot(unsigned int i)
{
    return i < XL_MAX_DOMAINS && tracked[i].used ? &tracked[i] : NULL;
}

struct xl_domain *xl_track(domid_t domid)
{
    struct xl_domain *d = xl_tracked(domid);

    for ( unsigned int i = 0; !d && i < XL_MAX_DOMAINS; i++ )
        if ( !tracked[i].used )
            d = &tracked[i];
    if ( d )
    {
        memset(d, 0, sizeof(*d));
        d->used = true;
        d->domid = domid;
    }
    return d;
}

void xl_untrack(domid_t domid)
{
    struct xl_domain *d = xl_tracked(domid);

    if ( d )
        d->used = false;
}

const char *xl_domname(domid_t domid, char *buf, unsigned int size)
{
    char path[48];
    unsigned int len;
    char *v;

    snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    v = xs_read(xl_xs, XBT_NULL, path, &len);
    if ( !v )
        return "(null)";
    xl_strlcpy(buf, v, size);
    free(v);
    return buf;
}

long xl_domid_by_name(const char *name)
{
    static xc_dominfo_t info[XL_MAX_DOMAINS + 1];
    char other[XLCFG_NAME_LEN];
    long n = xc_domain_getinfolist(0, ARRAY_SIZE(info), info);

    for ( long i = 0; i < n; i++ )
        if ( xl_streq(xl_domname(info[i].domain, other, sizeof(other)),
                      name) )
            return info[i].domain;
    return -1;
}

bool xl_domain_exists(long domid)
{
    xc_dominfo_t info;

    if ( !xc_domain_getinfo((domid_t)domid, &info) && info.domain == domid )
        return true;
    printk("libxl: error: Domain %ld:Non-existant domain\n", domid);
    return false;
}

long xl_one_domain(int argc, char **argv, const char *cmd)
{
    if ( argc != 2 )
    {
        printk("'xl %s' requires exactly one domain argument.\n", cmd);
        return -1;
    }
    return xl_find_domain(argv[1]);
}

long xl_find_domain(const char *q)
{
    unsigned long id;
    long domid;
    const char *p = q;

    /* All digits: a domid, taken as is (libxl_domain_qualifier_to_domid). */
    while ( *p >= '0' && *p <= '9' )
        p++;
    if ( p != q && !*p )
    {
        /* strtoul in base 10: skip leading zeros, octal is not meant. */
        while ( q[0] == '0' && q[1] )
            q++;
        if ( xl_parse_ulong(q, &id) && id < DOMID_FIRST_RESERVED )
            return (long)id;
    }
    else if ( (domid = xl_domid_by_name(q)) >= 0 )
        return domid;
    printk("%s is an invalid domain identifier (rc=-6)\n", q);
    return -1;
}
