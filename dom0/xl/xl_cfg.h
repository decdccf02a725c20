/*
 * xl.cfg files: libxlu's syntax (key = value, "strings", 'strings',
 * numbers, [lists], # comments, += appends) into settings, then the keys
 * xl's PV path reads into a domain configuration.  Pure C over caller
 * memory: no allocation, so dom0 and the host unit tests share it.
 */
#ifndef DOM0_XL_CFG_H
#define DOM0_XL_CFG_H

#include <stdbool.h>
#include <stddef.h>

#define XLCFG_MAX_SETTINGS  64      /* key = value lines kept per file    */
#define XLCFG_MAX_LIST      16      /* items in one [list]                */
#define XLCFG_POOL          8192    /* bytes of keys and values per file  */
#define XLCFG_MAX_DEVS      8       /* disk = [...] / vif = [...] entries */
#define XLCFG_DEV_LEN       256     /* one disk or vif spec               */
#define XLCFG_NAME_LEN      64      /* domain name, with its NUL          */
#define XLCFG_PATH_LEN      256     /* kernel / ramdisk path              */
#define XLCFG_CMDLINE_LEN   1024    /* start_info's MAX_GUEST_CMDLINE     */
#define XLCFG_CPUS_LEN      64      /* one cpus= / cpus_soft= CPU range   */

struct xlcfg_setting
{
    const char *key;
    unsigned int line;              /* 1-based line of the key */
    bool list;                      /* [ ... ] rather than one atom */
    unsigned int nr;                /* items (1 for an atom) */
    const char *val[XLCFG_MAX_LIST];
};

struct xlcfg
{
    const char *source;             /* file name used in messages */
    unsigned int nr;
    struct xlcfg_setting set[XLCFG_MAX_SETTINGS];
    size_t pool_used;
    char pool[XLCFG_POOL];
};

/* libxl's action_on_shutdown, in libxl_types.idl order. */
enum xl_action
{
    XL_ACTION_DESTROY = 1,
    XL_ACTION_RESTART,
    XL_ACTION_RENAME_RESTART,
    XL_ACTION_PRESERVE,
    XL_ACTION_COREDUMP_DESTROY,
    XL_ACTION_COREDUMP_RESTART,
    XL_ACTION_SOFT_RESET,
};

/*
 * cpus= or cpus_soft= as written (checked against the host's CPUs only at
 * create): a string applies to every vCPU, a list's item i to vCPU i.
 */
struct xl_affinity_cfg
{
    unsigned int nr;                /* ranges given; 0: key absent */
    bool every_vcpu;                /* a string, not a list */
    char range[XLCFG_MAX_LIST][XLCFG_CPUS_LEN];
};

struct xl_domcfg
{
    char name[XLCFG_NAME_LEN];
    char kernel[XLCFG_PATH_LEN];
    char ramdisk[XLCFG_PATH_LEN];   /* "" when none */
    char cmdline[XLCFG_CMDLINE_LEN];
    unsigned long memory_mb;        /* target */
    unsigned long maxmem_mb;        /* >= memory_mb */
    unsigned int vcpus;             /* online at boot */
    unsigned int maxvcpus;          /* >= vcpus */
    enum xl_action on_poweroff, on_reboot, on_crash;
    struct xl_affinity_cfg cpus, cpus_soft;
    unsigned int nr_disks, nr_vifs; /* accepted and kept, not yet backed */
    char disks[XLCFG_MAX_DEVS][XLCFG_DEV_LEN];
    char vifs[XLCFG_MAX_DEVS][XLCFG_DEV_LEN];
};

/*
 * Parse text[0..len) into c.  0, or -EINVAL/-E2BIG with a message in err
 * naming source, line and the token ("f.cfg:3: config parsing error near
 * `]': syntax error").  The last setting of a key wins, as in libxlu.
 */
int xlcfg_parse(struct xlcfg *c, const char *source, const char *text,
                size_t len, char *err, size_t errlen);
const struct xlcfg_setting *xlcfg_find(const struct xlcfg *c,
                                       const char *key);

/* xl's parse_config_data for a PV guest; messages name line and key. */
int xl_domcfg_from(const struct xlcfg *c, struct xl_domcfg *d, char *err,
                   size_t errlen);
const char *xl_action_name(enum xl_action a);

#endif /* DOM0_XL_CFG_H */
