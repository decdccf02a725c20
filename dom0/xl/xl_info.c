/*
 * xl info and xl dmesg (tools/xl/xl_info.c, xl_misc.c): the host and
 * hypervisor facts xl prints, from xen_version and physinfo, and the
 * hypervisor's console ring through sysctl readconsole.
 */
#include "xl.h"

#include <hypercalls/hypercall.h>
#include <pv-guest/lib.h>
#include <xen/version.h>

#define DMESG_MAX 32768                 /* >= the hypervisor's console ring */

static void version_string(unsigned int cmd, char *buf, size_t size)
{
    /* Each XENVER_ string type is at most 1 KiB (xen_commandline_t). */
    static char tmp[sizeof(xen_commandline_t) + 1];

    memset(tmp, 0, sizeof(tmp));
    if ( hypercall_xen_version(cmd, tmp) < 0 )
        tmp[0] = '\0';
    snprintf(buf, size, "%s", tmp);
}

static const char *sched_name(uint32_t id)
{
    switch ( id )
    {
    case XEN_SCHEDULER_CREDIT: return "credit";
    case XEN_SCHEDULER_CREDIT2: return "credit2";
    case XEN_SCHEDULER_RTDS: return "rtds";
    case XEN_SCHEDULER_ARINC653: return "arinc653";
    case XEN_SCHEDULER_NULL: return "null";
    }
    return "unknown";
}

int main_info(int argc, char **argv)
{
    static char extra[64], caps[1024], cmdline[1024], changeset[128];
    static xen_compile_info_t cc;
    xen_platform_parameters_t pp = { 0 };
    struct xen_sysctl_physinfo pi;
    long ver = hypercall_xen_version(XENVER_version, NULL);
    uint32_t sched = 0;
    long pagesize = hypercall_xen_version(XENVER_pagesize, NULL);

    if ( xc_physinfo(&pi) )
    {
        printk("libxl_physinfo failed.\n");
        return 1;
    }
    if ( xc_sched_id(&sched) )
    {
        printk("get_scheduler sysctl failed.\n");
        return 1;
    }
    version_string(XENVER_extraversion, extra, sizeof(extra));
    version_string(XENVER_capabilities, caps, sizeof(caps));
    version_string(XENVER_commandline, cmdline, sizeof(cmdline));
    version_string(XENVER_changeset, changeset, sizeof(changeset));
    hypercall_xen_version(XENVER_platform_parameters, &pp);
    memset(&cc, 0, sizeof(cc));
    hypercall_xen_version(XENVER_compile_info, &cc);

    printk("host                   : pvx\n");
    printk("machine                : x86_64\n");
    printk("nr_cpus                : %u\n", pi.nr_cpus);
    printk("max_cpu_id             : %u\n", pi.max_cpu_id);
    printk("nr_nodes               : %u\n", pi.nr_nodes);
    printk("cores_per_socket       : %u\n", pi.cores_per_socket);
    printk("threads_per_core       : %u\n", pi.threads_per_core);
    printk("cpu_mhz                : %u.%03u\n", pi.cpu_khz / 1000,
           pi.cpu_khz % 1000);
    printk("virt_caps              :%s%s\n",
           pi.capabilities & XEN_SYSCTL_PHYSCAP_pv ? " pv" : "",
           pi.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v1 ? " gnttab-v1"
                                                           : "");
    /* Pages to MiB: xl divides by (1 << 20) / pagesize. */
    printk("total_memory           : %lu\n",
           (unsigned long)(pi.total_pages / 256));
    printk("free_memory            : %lu\n",
           (unsigned long)((pi.free_pages - pi.outstanding_pages) / 256));
    printk("free_cpus              : 0\n");
    printk("xen_major              : %ld\n", ver >> 16);
    printk("xen_minor              : %ld\n", ver & 0xffff);
    printk("xen_extra              : %s\n", extra);
    printk("xen_version            : %ld.%ld%s\n", ver >> 16, ver & 0xffff,
           extra);
    printk("xen_caps               : %s\n", caps);
    printk("xen_scheduler          : %s\n", sched_name(sched));
    printk("xen_pagesize           : %ld\n", pagesize);
    printk("platform_params        : virt_start=%#lx\n",
           (unsigned long)pp.virt_start);
    printk("xen_changeset          : %s\n", changeset);
    printk("xen_commandline        : %s\n", cmdline);
    printk("cc_compiler            : %.64s\n", cc.compiler);
    printk("cc_compile_by          : %.16s\n", cc.compile_by);
    printk("cc_compile_domain      : %.32s\n", cc.compile_domain);
    printk("cc_compile_date        : %.32s\n", cc.compile_date);
    printk("xend_config_format     : 4\n");
    return 0;
}

/*
 * libxl_xen_console_read_line: the ring from its oldest byte.  dom0's own
 * output goes into the same ring, so it is read to the end first and only
 * then printed; printing while reading would chase its own tail forever.
 */
int main_dmesg(int argc, char **argv)
{
    static char buf[DMESG_MAX];
    struct xl_opt o = { 0 };
    uint32_t index = 0, count, len = 0;
    bool clear = false;
    int opt;

    while ( (opt = xl_getopt(&o, argc, argv, "c")) != -1 )
    {
        if ( opt != 'c' )
            return 1;
        clear = true;
    }
    do
    {
        count = sizeof(buf) - len;
        /* Xen clears what a read returned: -c clears as it goes. */
        if ( xc_readconsole(buf + len, &count, &index, 1, clear) )
        {
            printk("libxl_xen_console_read_start failed.\n");
            return 1;
        }
        len += count;
    } while ( count && len < sizeof(buf) );
    console_write(buf, len);
    return 0;
}
