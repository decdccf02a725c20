/*
 * xl pause and unpause (tools/xl/xl_vmcontrol.c): XEN_DOMCTL_pausedomain
 * and unpausedomain on one domain, libxl's message on failure.
 */
#include "xl.h"

#include <pv-guest/lib.h>

int main_pause(int argc, char **argv)
{
    long domid = xl_one_domain(argc, argv, "pause"), rc;

    if ( domid < 0 )
        return 1;
    rc = xc_domain_pause((domid_t)domid);
    if ( rc )
        printk("libxl: error: Domain %ld:Pausing domain: %s\n", domid,
               xc_strerror(rc));
    return rc ? 1 : 0;
}

int main_unpause(int argc, char **argv)
{
    long domid = xl_one_domain(argc, argv, "unpause"), rc;

    if ( domid < 0 )
        return 1;
    rc = xc_domain_unpause((domid_t)domid);
    if ( rc )
        printk("libxl: error: Domain %ld:Unpausing domain: %s\n", domid,
               xc_strerror(rc));
    return rc ? 1 : 0;
}
