/*
 * xl's parse_config_data for a PV guest (tools/xl/xl_parse.c): the keys
 * PVX acts on, with libxl's defaults.  Where xl only warns about a value
 * it cannot use and goes on with the default, this refuses the file and
 * names line and key: a guest built from a half-read config surprises.
 */
#include "xl_cfg.h"

#include <stdarg.h>
#include <stdint.h>
#include <xen/errno.h>

#include "xl_str.h"

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int snprintf(char *buf, size_t size, const char *fmt, ...);

#define DEFAULT_MEMORY_MB   32      /* libxl: max_memkb defaults to 32 MiB */
#define MAX_VCPUS           128     /* HVM_MAX_VCPUS, xl's upper bound */

struct ctx
{
    const struct xlcfg *c;
    char *err;
    size_t errlen;
    int rc;
};

static void fail(struct ctx *x, const char *fmt, ...)
{
    va_list ap;

    if ( x->rc )
        return;
    va_start(ap, fmt);
    vsnprintf(x->err, x->errlen, fmt, ap);
    va_end(ap);
    x->rc = -XEN_EINVAL;
}

/* A single value, or NULL if unset; a list is an error (libxlu's words). */
static const char *get_string(struct ctx *x, const char *key)
{
    const struct xlcfg_setting *s = xlcfg_find(x->c, key);

    if ( !s )
        return NULL;
    if ( s->list )
    {
        fail(x, "%s:%u: parameter `%s' is a list but should be a single "
             "value", x->c->source, s->line, key);
        return NULL;
    }
    return s->val[0];
}

static void copy_string(struct ctx *x, const char *key, char *dst,
                        size_t size)
{
    const struct xlcfg_setting *s = xlcfg_find(x->c, key);
    const char *v = get_string(x, key);

    if ( v && !xl_strlcpy(dst, v, size) )
        fail(x, "%s:%u: parameter `%s' is longer than %zu bytes",
             x->c->source, s->line, key, size - 1);
}

/* A number in [min, max]; false if unset or bad (bad also fails x). */
static bool get_number(struct ctx *x, const char *key, unsigned long min,
                       unsigned long max, unsigned long *out)
{
    const struct xlcfg_setting *s = xlcfg_find(x->c, key);
    const char *v = get_string(x, key);

    if ( !v )
        return false;
    if ( !xl_parse_ulong(v, out) )
    {
        fail(x, "%s:%u: parameter `%s' is not a valid number", x->c->source,
             s->line, key);
        return false;
    }
    if ( *out < min || *out > max )
    {
        fail(x, "%s:%u: parameter `%s': value `%lu' is outside %lu..%lu",
             x->c->source, s->line, key, *out, min, max);
        return false;
    }
    return true;
}

static const char *const action_names[] = {
    [XL_ACTION_DESTROY] = "destroy",
    [XL_ACTION_RESTART] = "restart",
    [XL_ACTION_RENAME_RESTART] = "rename-restart",
    [XL_ACTION_PRESERVE] = "preserve",
    [XL_ACTION_COREDUMP_DESTROY] = "coredump-destroy",
    [XL_ACTION_COREDUMP_RESTART] = "coredump-restart",
    [XL_ACTION_SOFT_RESET] = "soft-reset",
};

const char *xl_action_name(enum xl_action a)
{
    if ( (unsigned int)a >= sizeof(action_names) / sizeof(action_names[0]) ||
         !action_names[a] )
        return "unknown";
    return action_names[a];
}

static void get_action(struct ctx *x, const char *key, enum xl_action *a)
{
    const struct xlcfg_setting *s = xlcfg_find(x->c, key);
    const char *v = get_string(x, key);

    if ( !v )
        return;
    for ( unsigned int i = 0;
          i < sizeof(action_names) / sizeof(action_names[0]); i++ )
    {
        if ( action_names[i] && xl_streq(v, action_names[i]) )
        {
            *a = (enum xl_action)i;
            return;
        }
    }
    fail(x, "%s:%u: Unknown %s action \"%s\" specified", x->c->source,
         s->line, key, v);
}

/* disk = [...] and vif = [...]: kept as written for the backends to come. */
static void get_devices(struct ctx *x, const char *key,
                        char (*out)[XLCFG_DEV_LEN], unsigned int *nr)
{
    const struct xlcfg_setting *s = xlcfg_find(x->c, key);

    *nr = 0;
    if ( !s )
        return;
    if ( !s->list )
    {
        fail(x, "%s:%u: parameter `%s' is a single value but should be a "
             "list", x->c->source, s->line, key);
        return;
    }
    if ( s->nr > XLCFG_MAX_DEVS )
    {
        fail(x, "%s:%u: parameter `%s': more than %u devices",
             x->c->source, s->line, key, XLCFG_MAX_DEVS);
        return;
    }
    for ( unsigned int i = 0; i < s->nr; i++ )
        if ( !xl_strlcpy(out[i], s->val[i], XLCFG_DEV_LEN) )
            fail(x, "%s:%u: parameter `%s': item %u is longer than %u bytes",
                 x->c->source, s->line, key, i, XLCFG_DEV_LEN - 1);
    *nr = s->nr;
}

/* cpus = "R" for every vCPU, or cpus = ["R0", "R1", ...] vCPU by vCPU. */
static void get_affinity(struct ctx *x, const char *key,
                         struct xl_affinity_cfg *a)
{
    const struct xlcfg_setting *s = xlcfg_find(x->c, key);

    a->nr = 0;
    if ( !s )
        return;
    a->every_vcpu = !s->list;
    for ( unsigned int i = 0; i < s->nr; i++ )
        if ( !xl_strlcpy(a->range[i], s->val[i], XLCFG_CPUS_LEN) )
        {
            fail(x, "%s:%u: parameter `%s': item %u is longer than %u bytes",
                 x->c->source, s->line, key, i, XLCFG_CPUS_LEN - 1);
            return;
        }
    a->nr = s->nr;
}

/* parse_cmdline: cmdline wins; else "root=R E", "root=R" or "E". */
static void get_cmdline(struct ctx *x, struct xl_domcfg *d)
{
    const char *cmd = get_string(x, "cmdline");
    const char *root = get_string(x, "root");
    const char *extra = get_string(x, "extra");
    int n;

    if ( x->rc )
        return;
    if ( cmd )
        n = snprintf(d->cmdline, sizeof(d->cmdline), "%s", cmd);
    else if ( root )
        n = snprintf(d->cmdline, sizeof(d->cmdline), "root=%s%s%s",
                           root, extra ? " " : "", extra ? extra : "");
    else
        n = snprintf(d->cmdline, sizeof(d->cmdline), "%s",
                           extra ? extra : "");
    if ( n < 0 || (size_t)n >= sizeof(d->cmdline) )
        fail(x, "%s: kernel command line is longer than %zu bytes",
             x->c->source, sizeof(d->cmdline) - 1);
}

int xl_domcfg_from(const struct xlcfg *c, struct xl_domcfg *d, char *err,
                   size_t errlen)
{
    struct ctx x = { .c = c, .err = err, .errlen = errlen };
    unsigned long v;

    *d = (struct xl_domcfg){
        .memory_mb = DEFAULT_MEMORY_MB, .vcpus = 1,
        .on_poweroff = XL_ACTION_DESTROY, .on_reboot = XL_ACTION_RESTART,
        .on_crash = XL_ACTION_DESTROY,
    };
    if ( errlen )
        err[0] = '\0';

    copy_string(&x, "name", d->name, sizeof(d->name));
    if ( !x.rc && !d->name[0] )
        fail(&x, "%s: Domain name must be specified.", c->source);
    copy_string(&x, "kernel", d->kernel, sizeof(d->kernel));
    if ( !x.rc && !d->kernel[0] )
        fail(&x, "%s: no kernel specified (PV guests need kernel=)",
             c->source);
    copy_string(&x, "ramdisk", d->ramdisk, sizeof(d->ramdisk));
    get_cmdline(&x, d);

    /* Sizes in MiB, bounded so that the KiB figure fits in 32 bits. */
    if ( get_number(&x, "memory", 1, 1UL << 22, &v) )
        d->memory_mb = v;
    d->maxmem_mb = d->memory_mb;
    if ( get_number(&x, "maxmem", 1, 1UL << 22, &v) )
        d->maxmem_mb = v;
    if ( !x.rc && d->maxmem_mb < d->memory_mb )
        fail(&x, "%s:%u: parameter `maxmem' (%lu) is below `memory' (%lu)",
             c->source, xlcfg_find(c, "maxmem")->line, d->maxmem_mb,
             d->memory_mb);

    if ( get_number(&x, "vcpus", 1, MAX_VCPUS, &v) )
        d->vcpus = (unsigned int)v;
    d->maxvcpus = d->vcpus;
    if ( get_number(&x, "maxvcpus", 1, MAX_VCPUS, &v) )
        d->maxvcpus = (unsigned int)v;
    if ( !x.rc && d->maxvcpus < d->vcpus )
        fail(&x, "%s:%u: parameter `maxvcpus' (%u) is below `vcpus' (%u)",
             c->source, xlcfg_find(c, "maxvcpus")->line, d->maxvcpus,
             d->vcpus);

    get_action(&x, "on_poweroff", &d->on_poweroff);
    get_action(&x, "on_reboot", &d->on_reboot);
    get_action(&x, "on_crash", &d->on_crash);
    get_affinity(&x, "cpus", &d->cpus);
    get_affinity(&x, "cpus_soft", &d->cpus_soft);
    get_devices(&x, "disk", d->disks, &d->nr_disks);
    get_devices(&x, "vif", d->vifs, &d->nr_vifs);
    return x.rc;
}
