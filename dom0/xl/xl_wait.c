/*
 * xl shutdown/reboot -w (xl_wait.h), with xl's messages: "Waiting for N
 * domains", then per domain "Domain D has been shut down, reason code R"
 * or "Domain D has been destroyed".
 */
#include "xl_wait.h"

#include <pv-guest/lib.h>
#include <xen/domctl.h>

#include "xl.h"

#define CTRL_C 0x03

static struct waited
{
    domid_t domid;
    bool shut;                          /* its shutdown was reported */
} waiting[XL_MAX_DOMAINS];
static unsigned int nr_waiting;
static bool until_death, finished;

static void stop_waiting(unsigned int i)
{
    waiting[i] = waiting[--nr_waiting];
    if ( !nr_waiting )
        finished = true;
}

void xl_wait_start(const domid_t *doms, unsigned int n, bool death)
{
    nr_waiting = 0;
    until_death = death;
    printk("Waiting for %u domains\n", n);
    for ( unsigned int i = 0; i < n && i < XL_MAX_DOMAINS; i++ )
        waiting[nr_waiting++] = (struct waited){ doms[i], false };
    xl_wait_check();                    /* one may be down already */
    finished = false;                   /* if none is left, the shell
                                           prompts as after any command */
}

bool xl_wait_active(void)
{
    return nr_waiting;
}

void xl_wait_check(void)
{
    for ( unsigned int i = 0; i < nr_waiting; )
    {
        struct waited *w = &waiting[i];
        xc_dominfo_t info;

        if ( xc_domain_getinfo(w->domid, &info) || info.domain != w->domid ||
             (info.flags & XEN_DOMINF_dying) )
        {
            printk("Domain %u has been destroyed\n", w->domid);
            stop_waiting(i);
            continue;
        }
        if ( (info.flags & XEN_DOMINF_shutdown) && !w->shut )
        {
            printk("Domain %u has been shut down, reason code %u\n",
                   w->domid, (info.flags >> XEN_DOMINF_shutdownshift) &
                             XEN_DOMINF_shutdownmask);
            w->shut = true;
            if ( !until_death )
            {
                stop_waiting(i);
                continue;
            }
            printk("Domain %u continue waiting for death\n", w->domid);
        }
        i++;
    }
}

void xl_wait_input(const char *buf, size_t n)
{
    for ( size_t i = 0; i < n && nr_waiting; i++ )
        if ( buf[i] == CTRL_C )
        {
            printk("^C\n");
            nr_waiting = 0;
            finished = true;
        }
}

bool xl_wait_finished(void)
{
    bool was = finished;

    finished = false;
    return was;
}
