/*
 * xl's output columns (see xl_fmt.h).  Names come from the caller (the
 * xenstore name, or xl's fallback); they are printed, never parsed.
 */
#include "xl_fmt.h"

#include <stdarg.h>

int snprintf(char *buf, size_t size, const char *fmt, ...);

#define MIN_SZ(a, b) ((a) < (b) ? (a) : (b))
#define PAGE_KB 4                       /* KiB per x86 page (XC_PAGE_SIZE) */

int xl_fmt_seconds(char *buf, size_t size, int width, uint64_t ns)
{
    uint64_t tenths = (ns + 50000000) / 100000000;
    char num[32];

    snprintf(num, sizeof(num), "%lu.%lu", (unsigned long)(tenths / 10),
        (unsigned long)(tenths % 10));
    return snprintf(buf, size, "%*s", width, num);
}

int xl_fmt_list_header(char *buf, size_t size)
{
    return snprintf(buf, size, "Name                                        ID   "
               "Mem VCPUs\tState\tTime(s)\n");
}

/*
 * libxl_dominfo from getdomaininfo: memory is tot_pages in MiB, the state
 * letters r b p s <reason> d, the reason from "-rscwS" (xl_info.c).
 */
int xl_fmt_list_row(char *buf, size_t size, const char *name,
                    const struct xen_domctl_getdomaininfo *info)
{
    static const char reasons[] = "-rscwS";
    uint32_t f = info->flags;
    unsigned int why = (f & XEN_DOMINF_shutdown)
        ? (f >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask : 0;
    char secs[32];

    xl_fmt_seconds(secs, sizeof(secs), 8, info->cpu_time);
    return snprintf(buf, size, "%-40s %5d %5lu %5d     %c%c%c%c%c%c  %s\n", name,
               info->domain,
               (unsigned long)(info->tot_pages * PAGE_KB / 1024),
               info->nr_online_vcpus,
               f & XEN_DOMINF_running ? 'r' : '-',
               f & XEN_DOMINF_blocked ? 'b' : '-',
               f & XEN_DOMINF_paused ? 'p' : '-',
               f & XEN_DOMINF_shutdown ? 's' : '-',
               why < sizeof(reasons) - 1 ? reasons[why] : '?',
               f & XEN_DOMINF_dying ? 'd' : '-', secs);
}

int xl_fmt_vcpu_header(char *buf, size_t size)
{
    return snprintf(buf, size, "%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID",
               "VCPU", "CPU", "State", "Time(s)", "Affinity (Hard / Soft)");
}

/* xl's print_bitmap: runs of set bits as "a" or "a-b", comma-separated;
 * "all" when every bit is set, "none" when none is. */
int xl_fmt_cpumap(char *buf, size_t size, uint64_t map, unsigned int nr_cpus)
{
    unsigned int first = 0, n = 0, i;
    bool in_run = false, any = false;

    if ( nr_cpus > 64 )
        nr_cpus = 64;
    if ( size )
        buf[0] = '\0';
    for ( i = 0; i <= nr_cpus; i++ )
    {
        bool set = i < nr_cpus && ((map >> i) & 1);

        if ( set && !in_run )
            first = i;
        else if ( !set && in_run )
        {
            if ( !any && first == 0 && i == nr_cpus )
                return snprintf(buf, size, "all");
            n += snprintf(buf + MIN_SZ(n, size), size - MIN_SZ(n, size),
                          i - 1 > first ? "%s%u-%u" : "%s%u",
                          any ? "," : "", first, i - 1);
            any = true;
        }
        in_run = set;
    }
    return any ? (int)n : snprintf(buf, size, "none");
}

/* xl_vcpu.c's print_vcpuinfo. */
int xl_fmt_vcpu_row(char *buf, size_t size, const char *name, domid_t domid,
                    const struct xen_domctl_getvcpuinfo *v, uint64_t hard,
                    uint64_t soft, unsigned int nr_cpus)
{
    char secs[32], h[XL_CPUMAP_LEN], s[XL_CPUMAP_LEN];
    int n;

    n = snprintf(buf, size, "%-32s %5u %5u", name, domid, v->vcpu);
    if ( (size_t)n >= size )
        return n;
    if ( !v->online )
        n += snprintf(buf + n, size - n, "%5c %3c%cp ", '-', '-', '-');
    else
        n += snprintf(buf + n, size - n, "%5u %3c%c- ", v->cpu,
                 v->running ? 'r' : '-', v->blocked ? 'b' : '-');
    if ( (size_t)n >= size )
        return n;
    xl_fmt_seconds(secs, sizeof(secs), 9, v->cpu_time);
    xl_fmt_cpumap(h, sizeof(h), hard, nr_cpus);
    xl_fmt_cpumap(s, sizeof(s), soft, nr_cpus);
    return n + snprintf(buf + n, size - n, "%s  %s / %s\n", secs, h, s);
}

int xl_fmt_sched_credit_header(char *buf, size_t size)
{
    return snprintf(buf, size, "%-33s %4s %6s %4s\n", "Name", "ID", "Weight",
               "Cap");
}

int xl_fmt_sched_credit_row(char *buf, size_t size, const char *name,
                            domid_t domid, unsigned int weight,
                            unsigned int cap)
{
    return snprintf(buf, size, "%-33s %4d %6d %4d\n", name, domid, (int)weight,
               (int)cap);
}

int xl_fmt_uptime_header(char *buf, size_t size)
{
    return snprintf(buf, size, "%-33s %4s %s\n", "Name", "ID", "Uptime");
}

/* uptime_to_string, long form: "[N day[s], ]HH:MM:SS" with %2d hours. */
int xl_fmt_uptime_row(char *buf, size_t size, const char *name,
                      domid_t domid, uint64_t s)
{
    unsigned long day = s / 86400, hour = s / 3600 % 24, min = s / 60 % 60;
    unsigned long sec = s % 60;
    char up[48];

    if ( day )
        snprintf(up, sizeof(up), "%lu day%s, %2lu:%02lu:%02lu", day,
            day > 1 ? "s" : "", hour, min, sec);
    else
        snprintf(up, sizeof(up), "%2lu:%02lu:%02lu", hour, min, sec);
    return snprintf(buf, size, "%-33s %4d %s\n", name, domid, up);
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void civil_date(uint64_t days, unsigned int *y, unsigned int *m,
                       unsigned int *d)
{
    /* Count from 0000-03-01, so a leap day ends each 4-year cycle. */
    uint64_t z = days + 719468;
    uint64_t era = z / 146097, doe = z % 146097;        /* 400-year eras */
    uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    uint64_t mp = (5 * doy + 2) / 153;                  /* March = 0 */

    *d = (unsigned int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (unsigned int)(yoe + era * 400 + (*m <= 2));
}

int xl_fmt_utc_suffix(char *buf, size_t size, uint64_t epoch_s)
{
    unsigned int y, mo, d;
    uint64_t rest = epoch_s % 86400;

    civil_date(epoch_s / 86400, &y, &mo, &d);
    return snprintf(buf, size, "-%04u%02u%02uT%02u%02uZ", y, mo, d,
                    (unsigned int)(rest / 3600),
                    (unsigned int)(rest % 3600 / 60));
}
