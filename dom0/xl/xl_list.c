/*
 * xl list, vcpu-list and uptime (tools/xl/xl_info.c, xl_vcpu.c): rows
 * from getdomaininfo and getvcpuinfo, names from xenstore.
 */
#include "xl.h"

#include <pv-guest/events.h>
#include <pv-guest/lib.h>

#include "xl_fmt.h"

static xc_dominfo_t infos[XL_MAX_DOMAINS + 1];
static char line[256];

/* Every domain, or just argv's ones; n or -1 after a message. */
static long domains(int argc, char **argv, int first)
{
    long n = 0, id;

    if ( first >= argc )
    {
        n = xc_domain_getinfolist(0, ARRAY_SIZE(infos), infos);
        if ( n < 0 )
            printk("libxl_list_domain failed.\n");
        return n;
    }
    for ( int i = first; i < argc && n < (long)ARRAY_SIZE(infos); i++ )
    {
        if ( (id = xl_find_domain(argv[i])) < 0 )
            return -1;
        if ( xc_domain_getinfo((domid_t)id, &infos[n]) ||
             infos[n].domain != id )
        {
            printk("libxl: error: Domain %ld:Non-existant domain\n", id);
            return -1;
        }
        n++;
    }
    return n;
}

int main_list(int argc, char **argv)
{
    char name[XLCFG_NAME_LEN];
    long n = domains(argc, argv, 1);

    if ( n < 0 )
        return 1;
    xl_fmt_list_header(line, sizeof(line));
    printk("%s", line);
    for ( long i = 0; i < n; i++ )
    {
        xl_fmt_list_row(line, sizeof(line),
                        xl_domname(infos[i].domain, name, sizeof(name)),
                        &infos[i]);
        printk("%s", line);
    }
    return 0;
}

int main_vcpulist(int argc, char **argv)
{
    struct xen_sysctl_physinfo pi;
    struct xen_domctl_getvcpuinfo v;
    char name[XLCFG_NAME_LEN];
    uint64_t hard, soft;
    long n;

    if ( xc_physinfo(&pi) )
    {
        printk("libxl_physinfo failed.\n");
        return 1;
    }
    if ( (n = domains(argc, argv, 1)) < 0 )
        return 1;
    xl_fmt_vcpu_header(line, sizeof(line));
    printk("%s", line);
    for ( long i = 0; i < n; i++ )
    {
        xl_domname(infos[i].domain, name, sizeof(name));
        for ( uint32_t vcpu = 0; vcpu <= infos[i].max_vcpu_id; vcpu++ )
        {
            if ( xc_vcpu_getinfo(infos[i].domain, vcpu, &v) ||
                 xc_vcpu_getaffinity(infos[i].domain, vcpu, &hard, &soft) )
                break;
            xl_fmt_vcpu_row(line, sizeof(line), name, infos[i].domain, &v,
                            hard, soft, pi.max_cpu_id + 1);
            printk("%s", line);
        }
    }
    return 0;
}

/* dom0 has been up since system time 0; others since xl unpaused them. */
int main_uptime(int argc, char **argv)
{
    char name[XLCFG_NAME_LEN];
    uint64_t now = monotonic_ns();
    long n = domains(argc, argv, 1);

    if ( n < 0 )
        return 1;
    xl_fmt_uptime_header(line, sizeof(line));
    printk("%s", line);
    for ( long i = 0; i < n; i++ )
    {
        const struct xl_domain *d = xl_tracked(infos[i].domain);
        uint64_t start = d ? d->start_ns : 0;

        if ( infos[i].domain && !d )
            continue;               /* libxl knows no start time for it */
        xl_fmt_uptime_row(line, sizeof(line),
                          xl_domname(infos[i].domain, name, sizeof(name)),
                          infos[i].domain, (now - start) / 1000000000);
        printk("%s", line);
    }
    return 0;
}
