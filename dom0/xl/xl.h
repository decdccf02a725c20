/*
 * xl inside dom0: the command table (tools/xl/xl_cmdtable.c), the state
 * xl keeps about the domains it created (config, start time, for the
 * on_poweroff/on_reboot/on_crash actions and uptime) and helpers shared
 * by the commands.  Commands print to dom0's console and return 0 or 1.
 */
#ifndef DOM0_XL_H
#define DOM0_XL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xc.h"
#include "xl_cfg.h"

#define XL_MAX_DOMAINS      16      /* domains xl tracks (and lists) */
#define XL_MAX_CFG_BYTES    16384   /* largest config file read */

struct xl_cmd
{
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
    const char *usage;              /* options, as xl help prints them */
};

/* What xl remembers about a domain it created (libxl's /libxl/<id>). */
struct xl_domain
{
    bool used;
    domid_t domid;
    uint64_t start_ns;              /* system time at unpause */
    uint64_t con_cursor;            /* console output already shown */
    bool preserved;                 /* on_*=preserve: left shut down */
    char cfg_path[XLCFG_PATH_LEN];
    struct xl_domcfg cfg;
};

extern const struct xl_cmd xl_cmds[];
extern const unsigned int xl_nr_cmds;

/* argv[0] is "xl". */
int xl_main(int argc, char **argv);
/* dom0's own xenstore entries, the xenstore handle; once at boot. */
void xl_init(void);
/* VIRQ_DOM_EXC: act on shut-down domains as their config says; how many. */
int xl_domain_exc(void);

extern struct xs_handle *xl_xs;        /* dom0's xenstore connection */

/* Domain lookup: a domid or a name (find_domain), -1 + xl's message. */
long xl_find_domain(const char *q);
/* The single <Domain> argument of most commands, or -1 after a message. */
long xl_one_domain(int argc, char **argv, const char *cmd);
/* The name in xenstore, or "(null)" as xl prints a missing one. */
const char *xl_domname(domid_t domid, char *buf, unsigned int size);
/* The domain listed under name, or -1. */
long xl_domid_by_name(const char *name);
/* Whether domid is a domain; if not, libxl's message. */
bool xl_domain_exists(long domid);
struct xl_domain *xl_tracked(domid_t domid);
struct xl_domain *xl_track(domid_t domid);
struct xl_domain *xl_slot(unsigned int i);  /* NULL if slot i is free */
void xl_untrack(domid_t domid);

/* xl create's work, shared with restart and the boot-time autostart. */
int xl_create_from_file(const char *path, bool attach_console);
int xl_create_from_cfg(const char *path, const struct xl_domcfg *cfg,
                       domid_t *domid_out);
/*
 * cfg's cpus= and cpus_soft=: parsed against the host's CPUs before the
 * domain is built, applied to its vCPUs [0, nr_vcpus) before it runs.
 * Each is false after xl's or libxl's message.
 */
struct xl_affinity
{
    uint64_t hard[XLCFG_MAX_LIST], soft[XLCFG_MAX_LIST];
};
bool xl_affinity_parse(const struct xl_domcfg *cfg, struct xl_affinity *out);
bool xl_affinity_apply(const struct xl_domcfg *cfg,
                       const struct xl_affinity *maps, domid_t domid,
                       uint32_t nr_vcpus);
/* Destroy and forget: console, xenstore entries, the domain. */
int xl_destroy_domain(domid_t domid);

/* getopt in miniature: returns the option letter, '?' or -1 at the end. */
struct xl_opt
{
    int ind;
    const char *arg;
};
int xl_getopt(struct xl_opt *o, int argc, char **argv, const char *spec);

/* Commands, one per xl subcommand. */
int main_list(int argc, char **argv);
int main_vcpulist(int argc, char **argv);
int main_vcpupin(int argc, char **argv);
int main_uptime(int argc, char **argv);
int main_info(int argc, char **argv);
int main_domid(int argc, char **argv);
int main_domname(int argc, char **argv);
int main_rename(int argc, char **argv);
int main_dmesg(int argc, char **argv);
int main_sched_credit(int argc, char **argv);
int main_create(int argc, char **argv);
int main_destroy(int argc, char **argv);
int main_shutdown(int argc, char **argv);
int main_reboot(int argc, char **argv);
int main_pause(int argc, char **argv);
int main_unpause(int argc, char **argv);
int main_console(int argc, char **argv);

#endif /* DOM0_XL_H */
