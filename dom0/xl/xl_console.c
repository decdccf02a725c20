/*
 * xl console (xl_console.c, xenconsole's client): attach to a domain's
 * console backend, pass input both ways until Ctrl-].  Output is shown
 * from where the last attach stopped, so nothing is printed twice.
 */
#include "xl_console.h"

#include <pv-guest/lib.h>
#include <dom0/consoled.h>

#include "xl.h"

static bool attached, detached;
static domid_t con_dom;

bool xl_console_active(void)
{
    return attached;
}

int xl_console_attach(domid_t dom)
{
    if ( !xl_tracked(dom) )
    {
        printk("xl: domain %u has no console this dom0 serves\n", dom);
        return 1;
    }
    attached = true;
    con_dom = dom;
    xl_console_pump();
    return 0;
}

bool xl_console_detached(void)
{
    bool was = detached;

    detached = false;
    return was;
}

static void detach(void)
{
    attached = false;
    detached = true;
    printk("\n");                       /* the prompt starts a fresh line */
}

bool xl_console_input(const char *buf, size_t n)
{
    size_t i, start = 0;

    for ( i = 0; attached && i < n; i++ )
    {
        if ( buf[i] != XL_CONSOLE_ESCAPE )
            continue;
        if ( i > start )
            consoled_write(con_dom, buf + start, i - start);
        detach();
        return false;
    }
    if ( attached && n > start )
        consoled_write(con_dom, buf + start, n - start);
    return attached;
}

void xl_console_pump(void)
{
    struct xl_domain *d;
    char buf[256];
    size_t n;

    if ( !attached )
        return;
    d = xl_tracked(con_dom);
    if ( !d )
    {
        detach();
        return;
    }
    while ( (n = consoled_read(con_dom, &d->con_cursor, buf, sizeof(buf))) )
        console_write(buf, n);
}

void xl_console_gone(domid_t dom)
{
    if ( attached && con_dom == dom )
    {
        xl_console_pump();
        detach();
    }
}
