/*
 * vCPU affinity from xl: `xl vcpu-pin' (tools/xl/xl_vcpu.c main_vcpupin,
 * libxl_sched.c) sets the CPUs one vCPU, or all of a domain's, may use
 * (hard affinity) and prefers (soft), in xl's CPU range syntax, "-"
 * leaving one alone; a config's cpus= and cpus_soft= do the same for a
 * new domain (xl_parse.c parse_vcpu_affinity, libxl__build_pre).  The
 * hypervisor applies Xen's rules; xl reports its errors as libxl does.
 */
#include "xl.h"

#include <pv-guest/lib.h>

#include "xl_cpumap.h"
#include "xl_str.h"

/* libxl__set_vcpuaffinity: one vCPU; 0 or -1 after libxl's message. */
static int set_affinity(domid_t domid, uint32_t vcpu, const uint64_t *hard,
                        const uint64_t *soft, uint32_t flags)
{
    uint64_t h = hard ? *hard : 0, s = soft ? *soft : 0;
    long rc;

    if ( !hard && !soft && !flags )
        return -1;                      /* ERROR_INVAL, no hypercall */
    rc = xc_vcpu_setaffinity(domid, vcpu, hard ? &h : NULL, soft ? &s : NULL,
                             flags);
    if ( rc )
    {
        printk("libxl: error: Domain %u:Setting vcpu affinity: %s\n", domid,
               xc_strerror(rc));
        return -1;
    }
    if ( soft && !s )
        printk("libxl: warning: Domain %u:All cpus in soft affinity of vcpu "
               "%u are unreachable. Only hard affinity will be considered "
               "for scheduling\n", domid, vcpu);
    return 0;
}

/* "-" (leave it), or a CPU range; false after xl's message. */
static bool parse_map(const char *s, uint64_t *map, bool *given,
                      unsigned int nr_cpus)
{
    char err[96];

    *given = !xl_streq(s, "-");
    if ( *given && xl_parse_cpurange(s, map, nr_cpus, err, sizeof(err)) )
    {
        printk("%s\n", err);
        return false;
    }
    return true;
}

/* The map of vCPU v in a, if a names one for it. */
static const uint64_t *cfg_map(const struct xl_affinity_cfg *a,
                               const uint64_t *maps, uint32_t v)
{
    if ( a->every_vcpu )
        return a->nr ? &maps[0] : NULL;
    return v < a->nr ? &maps[v] : NULL;
}

bool xl_affinity_parse(const struct xl_domcfg *cfg, struct xl_affinity *out)
{
    const struct xl_affinity_cfg *a[2] = { &cfg->cpus, &cfg->cpus_soft };
    uint64_t *maps[2] = { out->hard, out->soft };
    struct xen_sysctl_physinfo pi;
    char err[96];

    if ( !cfg->cpus.nr && !cfg->cpus_soft.nr )
        return true;
    if ( xc_physinfo(&pi) )
    {
        printk("libxl_physinfo failed.\n");
        return false;
    }
    for ( unsigned int k = 0; k < 2; k++ )
        for ( unsigned int i = 0; i < a[k]->nr; i++ )
            if ( xl_parse_cpurange(a[k]->range[i], &maps[k][i],
                                   pi.max_cpu_id + 1, err, sizeof(err)) )
            {
                printk("%s\n", err);
                return false;
            }
    return true;
}

bool xl_affinity_apply(const struct xl_domcfg *cfg,
                       const struct xl_affinity *maps, domid_t domid,
                       uint32_t nr_vcpus)
{
    for ( uint32_t v = 0; v < nr_vcpus; v++ )
    {
        const uint64_t *h = cfg_map(&cfg->cpus, maps->hard, v);
        const uint64_t *s = cfg_map(&cfg->cpus_soft, maps->soft, v);

        if ( (h || s) && set_affinity(domid, v, h, s, 0) )
        {
            printk("libxl: error: setting affinity failed on vcpu `%u'\n",
                   v);
            return false;
        }
    }
    return true;
}

int main_vcpupin(int argc, char **argv)
{
    struct xen_sysctl_physinfo pi;
    xc_dominfo_t info;
    uint64_t hard = 0, soft = 0;
    bool force = false, has_hard, has_soft = false;
    unsigned long vcpu = 0;
    bool all = false;
    int i = 1, rc = 0;
    long domid;

    /* Options first, as SWITCH_FOREACH_OPT takes them ("fi"). */
    for ( ; i < argc && argv[i][0] == '-' && argv[i][1]; i++ )
    {
        if ( xl_streq(argv[i], "-f") || xl_streq(argv[i], "--force") )
            force = true;
        else if ( !xl_streq(argv[i], "-i") &&
                  !xl_streq(argv[i], "--ignore-global-affinity-masks") )
        {
            printk("invalid option -- '%s'\n", argv[i] + 1);
            return 1;
        }
    }
    if ( argc - i < 3 )
    {
        printk("'xl vcpu-pin' requires at least 3 arguments.\n\n");
        return 1;
    }
    if ( (domid = xl_find_domain(argv[i])) < 0 )
        return 1;
    /* strtol as xl: a number (not negative), else "all". */
    if ( !(argv[i + 1][0] >= '0' && argv[i + 1][0] <= '9' &&
           xl_parse_ulong(argv[i + 1], &vcpu) && vcpu <= 0x7fffffff) )
    {
        if ( !xl_streq(argv[i + 1], "all") )
        {
            printk("Error: Invalid argument %s as VCPU.\n", argv[i + 1]);
            return 1;
        }
        if ( force )
        {
            printk("Error: --force and 'all' as VCPU not allowed.\n");
            return 1;
        }
        all = true;
    }
    if ( xc_physinfo(&pi) )
    {
        printk("libxl_physinfo failed.\n");
        return 1;
    }
    if ( !parse_map(argv[i + 2], &hard, &has_hard, pi.max_cpu_id + 1) ||
         (argc - i > 3 &&
          !parse_map(argv[i + 3], &soft, &has_soft, pi.max_cpu_id + 1)) )
        return 1;
    if ( !all )
    {
        if ( set_affinity((domid_t)domid, (uint32_t)vcpu,
                          has_hard ? &hard : NULL, has_soft ? &soft : NULL,
                          force ? XEN_VCPUAFFINITY_FORCE : 0) )
        {
            printk("Could not set affinity for vcpu `%lu'.\n", vcpu);
            return 1;
        }
        return 0;
    }
    if ( xc_domain_getinfo((domid_t)domid, &info) || info.domain != domid )
    {
        printk("libxl_list_vcpu failed.\n");
        return 1;
    }
    /* libxl_set_vcpuaffinity_all: every vCPU, warning for each failure. */
    for ( uint32_t v = 0; v <= info.max_vcpu_id; v++ )
        if ( set_affinity((domid_t)domid, v, has_hard ? &hard : NULL,
                          has_soft ? &soft : NULL, 0) )
        {
            printk("libxl: warning: Domain %ld:Failed to set affinity for "
                   "%u\n", domid, v);
            rc = 1;
        }
    if ( rc )
        printk("Could not set affinity.\n");
    return 0;                           /* xl exits 0 here, as it does */
}
