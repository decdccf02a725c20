/*
 * xl create: libxl's PV path (libxl_create.c, libxl_dom.c).  Read the
 * config and the images from dom0's archive, build the domain paused,
 * unpause (xenstore entries and the console backend: not yet).  The
 * config and images are untrusted input; every failure undoes what was
 * done.
 */
#include "xl.h"

#include <pv-guest/events.h>
#include <pv-guest/lib.h>
#include "../shell/files.h"
#include <dom0/build.h>

#include "xl_str.h"


static struct xlcfg parsed;             /* one config at a time: static */

static bool name_in_use(const char *name)
{
    static xc_dominfo_t info[XL_MAX_DOMAINS + 1];
    char other[XLCFG_NAME_LEN];
    long n = xc_domain_getinfolist(0, ARRAY_SIZE(info), info);

    for ( long i = 0; i < n; i++ )
        if ( xl_streq(xl_domname(info[i].domain, other, sizeof(other)),
                      name) )
            return true;
    return false;
}

static bool image(const char *what, const char *path, const void **data,
                  size_t *len)
{
    if ( !files_get(path, data, len) )
        return true;
    printk("xc: error: panic: xc_dom_core.c: failed to open file '%s': No "
           "such file or directory\n", path);
    printk("libxl: error: xc_dom_%s_file failed: No such file or "
           "directory\n", what);
    return false;
}

int xl_create_from_cfg(const char *path, const struct xl_domcfg *cfg,
                       domid_t *domid_out)
{
    static char err[160];
    struct build_spec spec = {
        .name = cfg->name, .cmdline = cfg->cmdline,
        .mem_kb = cfg->memory_mb * 1024, .vcpus = cfg->vcpus,
    };
    struct build_result r;
    struct xl_domain *d;
    int rc;

    if ( name_in_use(cfg->name) )
    {
        printk("libxl: error: Domain with name \"%s\" already exists.\n",
               cfg->name);
        return 1;
    }
    if ( !image("kernel", cfg->kernel, &spec.kernel, &spec.kernel_len) ||
         (cfg->ramdisk[0] && !image("ramdisk", cfg->ramdisk, &spec.ramdisk,
                                    &spec.ramdisk_len)) )
        return 1;
    rc = domain_build(&spec, &r, err, sizeof(err));
    if ( rc )
    {
        printk("libxl: error: %s\n", err);
        printk("libxl: error: cannot (re-)build domain: %d (%s)\n", rc,
               xc_strerror(rc));
        return 1;
    }
    d = xl_track(r.domid);
    if ( !d )
    {
        printk("libxl: error: Domain %u:xl tracks too many domains\n",
               r.domid);
        xl_destroy_domain(r.domid);
        return 1;
    }
    d->cfg = *cfg;
    xl_strlcpy(d->cfg_path, path, sizeof(d->cfg_path));
    d->start_ns = monotonic_ns();
    xc_domain_unpause(r.domid);
    if ( domid_out )
        *domid_out = r.domid;
    return 0;
}

int xl_create_from_file(const char *path)
{
    static struct xl_domcfg cfg;
    static char err[160];
    const void *text;
    size_t len;
    printk("Parsing config from %s\n", path);
    if ( files_get(path, &text, &len) )
    {
        printk("Failed to read config file: %s: No such file or "
               "directory\n", path);
        return 1;
    }
    if ( len > XL_MAX_CFG_BYTES )
    {
        printk("Failed to read config file: %s: File too large\n", path);
        return 1;
    }
    if ( xlcfg_parse(&parsed, path, text, len, err, sizeof(err)) ||
         xl_domcfg_from(&parsed, &cfg, err, sizeof(err)) )
    {
        printk("%s\n", err);
        return 1;
    }
    return xl_create_from_cfg(path, &cfg, NULL);
}

int xl_destroy_domain(domid_t domid)
{
    long rc;

    rc = xc_domain_destroy(domid);
    xl_untrack(domid);
    return rc ? 1 : 0;
}
