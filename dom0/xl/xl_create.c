/*
 * xl create: libxl's PV path (libxl_create.c, libxl_dom.c).  Read the
 * config and the images from dom0's archive, build the domain paused,
 * write the xenstore entries libxl writes, introduce the domain to
 * xenstored, attach the console backend, unpause.  The config and images
 * are untrusted input; every failure undoes what was done.
 */
#include "xl.h"

#include <pv-guest/events.h>
#include <pv-guest/heap.h>
#include <pv-guest/lib.h>
#include "../shell/files.h"
#include <dom0/build.h>
#include <dom0/consoled.h>
#include <dom0/xenstore.h>

#include "xl_console.h"
#include "xl_str.h"

#define XS_RETRIES 8                    /* transaction conflicts tolerated */

static struct xlcfg parsed;             /* one config at a time: static */

/* Write "fmt" (a value) under base/key in transaction t. */
static bool xs_printf(xs_transaction_t t, const char *base, const char *key,
                      const char *fmt, ...)
{
    char path[128], val[128];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(val, sizeof(val), fmt, ap);
    va_end(ap);
    snprintf(path, sizeof(path), "%s/%s", base, key);
    return xs_write(xl_xs, t, path, val, strlen(val));
}

static bool xs_perms(xs_transaction_t t, const char *path, unsigned int owner,
                     unsigned int reader)
{
    struct xs_permissions p[2] = {
        { .id = owner, .perms = XS_PERM_NONE },
        { .id = reader, .perms = XS_PERM_READ },
    };

    return xs_set_permissions(xl_xs, t, path, p, owner == reader ? 1 : 2);
}

/* libxl_uuid_generate's job without a random source: the TSC, mixed. */
static void make_uuid(char *buf, size_t size)
{
    uint64_t a = rdtsc() * 0x9e3779b97f4a7c15ULL, b = a ^ (a >> 29);

    b *= 0xbf58476d1ce4e5b9ULL;
    snprintf(buf, size, "%08x-%04x-4%03x-%04x-%012lx", (uint32_t)(a >> 32),
               (uint32_t)(a >> 16) & 0xffff, (uint32_t)a & 0xfff,
               0x8000 | ((uint32_t)(b >> 48) & 0x3fff),
               (unsigned long)(b & 0xffffffffffffUL));
}

/* libxl__domain_make + libxl__build_post + the console device entries. */
static bool write_entries(domid_t domid, const struct xl_domcfg *cfg,
                          const struct build_result *r)
{
    static const char *const guest_dirs[] = {
        "control/shutdown", "control/feature-poweroff",
        "control/feature-reboot", "control/feature-suspend",
        "control/sysrq", "data", "drivers", "feature", "attr", "error",
        "device",
    };
    char home[48], vm[64], uuid[40], libxl[48], node[96];
    xs_transaction_t t;
    bool ok = false;

    make_uuid(uuid, sizeof(uuid));
    snprintf(home, sizeof(home), "/local/domain/%u", domid);
    snprintf(vm, sizeof(vm), "/vm/%s", uuid);
    snprintf(libxl, sizeof(libxl), "/libxl/%u", domid);
    for ( unsigned int tries = 0; !ok && tries < XS_RETRIES; tries++ )
    {
        t = xs_transaction_start(xl_xs);
        if ( !t )
            return false;
        /* The guest owns its home (dom0 may do anything anyway). */
        ok = xs_mkdir(xl_xs, t, home) && xs_perms(t, home, domid, domid) &&
             xs_mkdir(xl_xs, t, vm) && xs_perms(t, vm, 0, domid) &&
             xs_mkdir(xl_xs, t, libxl) && xs_perms(t, libxl, 0, 0) &&
             xs_printf(t, home, "vm", "%s", vm) &&
             xs_printf(t, home, "name", "%s", cfg->name) &&
             xs_printf(t, home, "domid", "%u", domid) &&
             xs_printf(t, vm, "name", "%s", cfg->name) &&
             xs_printf(t, vm, "uuid", "%s", uuid) &&
             xs_printf(t, libxl, "type", "pv") &&
             xs_printf(t, home, "memory/static-max", "%lu",
                       cfg->maxmem_mb * 1024) &&
             xs_printf(t, home, "memory/target", "%lu",
                       cfg->memory_mb * 1024) &&
             xs_printf(t, home, "memory/videoram", "0") &&
             xs_printf(t, home, "store/port", "%u", r->store_port) &&
             xs_printf(t, home, "store/ring-ref", "%lu",
                       (unsigned long)r->store_mfn) &&
             xs_printf(t, home, "console/port", "%u", r->console_port) &&
             xs_printf(t, home, "console/ring-ref", "%lu",
                       (unsigned long)r->console_mfn) &&
             xs_printf(t, home, "console/type", "xenconsoled") &&
             xs_printf(t, home, "console/output", "pty") &&
             xs_printf(t, home, "console/limit", "1048576") &&
             xs_printf(t, home,
                       "control/platform-feature-multiprocessor-suspend",
                       "1") &&
             xs_printf(t, home, "control/platform-feature-xs_reset_watches",
                       "1");
        for ( unsigned int i = 0; ok && i < cfg->maxvcpus; i++ )
        {
            snprintf(node, sizeof(node), "cpu/%u/availability", i);
            ok = xs_printf(t, home, node, i < cfg->vcpus ? "online"
                                                         : "offline");
        }
        for ( unsigned int i = 0; ok && i < ARRAY_SIZE(guest_dirs); i++ )
        {
            snprintf(node, sizeof(node), "%s/%s", home, guest_dirs[i]);
            ok = xs_write(xl_xs, t, node, "", 0);
        }
        /* A conflicting writer makes the commit fail: start again. */
        if ( !xs_transaction_end(xl_xs, t, !ok) )
            ok = false;
    }
    return ok;
}

/* Forget a domain's xenstore entries (libxl's devices_destroy_cb). */
static void remove_entries(domid_t domid)
{
    char path[64];
    unsigned int len;
    char *vm;

    snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
    vm = xs_read(xl_xs, XBT_NULL, path, &len);
    if ( vm )
    {
        if ( vm[0] == '/' )
            xs_rm(xl_xs, XBT_NULL, vm);
        free(vm);
    }
    snprintf(path, sizeof(path), "/local/domain/%u", domid);
    xs_rm(xl_xs, XBT_NULL, path);
    snprintf(path, sizeof(path), "/libxl/%u", domid);
    xs_rm(xl_xs, XBT_NULL, path);
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
    static struct xl_affinity affinity;
    struct build_spec spec = {
        .name = cfg->name, .cmdline = cfg->cmdline,
        .mem_kb = cfg->memory_mb * 1024, .vcpus = cfg->vcpus,
    };
    struct build_result r;
    struct xl_domain *d;
    int rc;

    if ( xl_domid_by_name(cfg->name) >= 0 )
    {
        printk("libxl: error: Domain with name \"%s\" already exists.\n",
               cfg->name);
        return 1;
    }
    if ( !xl_affinity_parse(cfg, &affinity) ||
         !image("kernel", cfg->kernel, &spec.kernel, &spec.kernel_len) ||
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
    if ( !xl_affinity_apply(cfg, &affinity, r.domid, cfg->vcpus) )
    {
        printk("libxl: error: cannot (re-)build domain: -3\n");
        xl_destroy_domain(r.domid);
        return 1;
    }
    d = xl_track(r.domid);
    if ( !d || !write_entries(r.domid, cfg, &r) ||
         !xs_introduce_domain(xl_xs, r.domid, r.store_mfn, r.store_port) ||
         consoled_attach(r.domid, r.console_mfn, r.console_port) )
    {
        printk("libxl: error: Domain %u:%s\n", r.domid,
               d ? "xenstore or console setup failed"
                 : "xl tracks too many domains");
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

int xl_create_from_file(const char *path, bool attach_console)
{
    static struct xl_domcfg cfg;
    static char err[160];
    const void *text;
    size_t len;
    domid_t domid;

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
    if ( xl_create_from_cfg(path, &cfg, &domid) )
        return 1;
    return attach_console ? xl_console_attach(domid) : 0;
}

int xl_destroy_domain(domid_t domid)
{
    long rc;

    xl_console_gone(domid);
    consoled_detach(domid);
    /*
     * xenstored would release the dead domain on VIRQ_DOM_EXC; releasing
     * it first unmaps its ring now, so destroydomain frees every frame at
     * once and no "(null)" dying domain is left for `xl list' to show.
     */
    xs_release_domain(xl_xs, domid);
    rc = xc_domain_destroy(domid);
    remove_entries(domid);
    xl_untrack(domid);
    return rc ? 1 : 0;
}
