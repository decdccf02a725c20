/*
 * xl sched-credit (tools/xl/xl_sched.c): list every domain's weight and
 * cap, or set them for one domain.  Values are checked here only for
 * being numbers; the hypervisor applies Xen's range rules and errnos.
 */
#include "xl.h"

#include <pv-guest/lib.h>

#include "xl_fmt.h"
#include "xl_str.h"

static char line[128];

static int show(domid_t domid)
{
    char name[XLCFG_NAME_LEN];
    unsigned int weight, cap;
    long rc = xc_sched_credit_get(domid, &weight, &cap);

    if ( rc )
    {
        printk("libxl: error: Domain %u:getting domain sched credit: %s\n",
               domid, xc_strerror(rc));
        return 1;
    }
    xl_fmt_sched_credit_row(line, sizeof(line),
                            xl_domname(domid, name, sizeof(name)), domid,
                            weight, cap);
    printk("%s", line);
    return 0;
}

/* strtol(optarg, NULL, 10) as xl does, but refusing what is not a number. */
static bool number(const char *s, const char *what, unsigned long *v)
{
    if ( s[0] >= '0' && s[0] <= '9' && xl_parse_ulong(s, v) &&
         *v <= 0x7fffffff )
        return true;
    printk("Invalid %s: %s\n", what, s);
    return false;
}

int main_sched_credit(int argc, char **argv)
{
    static xc_dominfo_t info[XL_MAX_DOMAINS + 1];
    const char *dom = NULL;
    struct xl_opt o = { 0 };
    unsigned long weight = 0, cap = 0;
    unsigned int cur_w, cur_c;
    bool opt_w = false, opt_c = false;
    long domid, n, rc;
    int opt;

    while ( (opt = xl_getopt(&o, argc, argv, "d:w:c:")) != -1 )
    {
        switch ( opt )
        {
        case 'd':
            dom = o.arg;
            break;
        case 'w':
            if ( !number(o.arg, "weight", &weight) )
                return 1;
            opt_w = true;
            break;
        case 'c':
            if ( !number(o.arg, "cap", &cap) )
                return 1;
            opt_c = true;
            break;
        default:
            return 1;
        }
    }
    if ( !dom && (opt_w || opt_c) )
    {
        printk("Must specify a domain.\n");
        return 1;
    }
    if ( !dom )
    {
        n = xc_domain_getinfolist(0, ARRAY_SIZE(info), info);
        if ( n < 0 )
        {
            printk("libxl_list_domain failed.\n");
            return 1;
        }
        xl_fmt_sched_credit_header(line, sizeof(line));
        printk("%s", line);
        for ( long i = 0; i < n; i++ )
            show(info[i].domain);
        return 0;
    }
    if ( (domid = xl_find_domain(dom)) < 0 )
        return 1;
    if ( !opt_w && !opt_c )
    {
        xl_fmt_sched_credit_header(line, sizeof(line));
        printk("%s", line);
        return show((domid_t)domid);
    }
    /* libxl's sched_credit_domain_set range check. */
    if ( opt_w && (weight < 1 || weight > 65535) )
    {
        printk("libxl: error: Cpu weight out of range, valid values are "
               "within range from 1 to 65535\n");
        printk("libxl_domain_sched_params_set failed.\n");
        return 1;
    }
    /* Unset values keep their current setting (libxl's DEFAULT). */
    rc = xc_sched_credit_get((domid_t)domid, &cur_w, &cur_c);
    if ( !rc )
        rc = xc_sched_credit_set((domid_t)domid,
                                 opt_w ? (unsigned int)weight : cur_w,
                                 opt_c ? (unsigned int)cap : cur_c);
    if ( rc )
    {
        printk("libxl: error: Domain %ld:Setting domain sched credit: %s\n",
               domid, xc_strerror(rc));
        printk("libxl_domain_sched_params_set failed.\n");
        return 1;
    }
    return 0;
}
