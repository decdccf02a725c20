/*
 * xl domid, domname and rename (tools/xl/xl_info.c, xl_misc.c): a
 * domain's name is /local/domain/<id>/name, as libxl keeps it.  What is
 * typed is untrusted: a name that no domain has, an id that is not a
 * number or not a domain, a new name already taken or too long for xl's
 * records all get xl's messages.
 */
#include "xl.h"

#include <pv-guest/lib.h>
#include <dom0/xenstore.h>

#include "xl_str.h"

static bool one_arg(int argc, const char *cmd)
{
    if ( argc == 2 )
        return true;
    printk("'xl %s' requires exactly one argument.\n", cmd);
    return false;
}

int main_domid(int argc, char **argv)
{
    long domid;

    if ( !one_arg(argc, "domid") )
        return 1;
    if ( (domid = xl_domid_by_name(argv[1])) >= 0 )
    {
        printk("%ld\n", domid);
        return 0;
    }
    printk("Can't get domid of domain name '%s', maybe this domain does "
           "not exist.\n", argv[1]);
    return 1;
}

int main_domname(int argc, char **argv)
{
    char name[XLCFG_NAME_LEN];
    unsigned long id;
    xc_dominfo_t info;

    if ( !one_arg(argc, "domname") )
        return 1;
    if ( !xl_parse_ulong(argv[1], &id) )
    {
        printk("Invalid domain id.\n\n");
        return 1;
    }
    if ( id >= DOMID_FIRST_RESERVED ||
         xc_domain_getinfo((domid_t)id, &info) || info.domain != id ||
         xl_streq(xl_domname((domid_t)id, name, sizeof(name)), "(null)") )
    {
        printk("Can't get domain name of domain id '%lu', maybe this domain "
               "does not exist.\n", id);
        return 1;
    }
    printk("%s\n", name);
    return 0;
}

/* libxl_domain_rename: a new name no other domain has, in xenstore and
 * in xl's record of the domain (restarts use it); false says why. */
static bool rename_domain(long domid, const char *name)
{
    struct xl_domain *d;
    char path[48];

    if ( !name[0] || strlen(name) >= XLCFG_NAME_LEN )
    {
        printk("libxl: error: Domain %ld:New domain name %s\n", domid,
               name[0] ? "too long" : "not specified");
        return false;
    }
    if ( xl_domid_by_name(name) >= 0 )
    {
        printk("libxl: error: Domain %ld:Domain with name \"%s\" already "
               "exists.\n", domid, name);
        return false;
    }
    snprintf(path, sizeof(path), "/local/domain/%ld/name", domid);
    if ( !xs_write(xl_xs, XBT_NULL, path, name, strlen(name)) )
        return false;
    if ( (d = xl_tracked((domid_t)domid)) )
        xl_strlcpy(d->cfg.name, name, sizeof(d->cfg.name));
    return true;
}

int main_rename(int argc, char **argv)
{
    long domid;

    if ( argc != 3 )
    {
        printk("'xl rename' requires 2 arguments.\n");
        return 1;
    }
    if ( (domid = xl_find_domain(argv[1])) < 0 )
        return 1;
    if ( xl_domain_exists(domid) && rename_domain(domid, argv[2]) )
        return 0;
    printk("Can't rename domain '%s'.\n", argv[1]);
    return 1;
}
