/*
 * Hypervisor command line: space-separated name=value options with Xen's
 * names.  Unknown options are reported and ignored, as Xen does.
 */
#include "boot.h"

struct boot_options opts;

uint64_t parse_size(const char *s, const char **end)
{
    uint64_t v = simple_strtoul(s, &s, 0);

    switch ( *s )
    {
    case 'G': case 'g': v <<= 30; s++; break;
    case 'M': case 'm': v <<= 20; s++; break;
    case 'K': case 'k': v <<= 10; s++; break;
    case 'B': case 'b': s++; break;
    default: v <<= 10; break;           /* Xen's default unit is KiB */
    }
    if ( end )
        *end = s;
    return v;
}

static bool option(const char *opt, const char *name, const char **val)
{
    size_t n = strlen(name);

    if ( strncmp(opt, name, n) || opt[n] != '=' )
        return false;
    *val = opt + n + 1;
    return true;
}

void cmdline_parse(const char *cmdline)
{
    char word[64];

    for ( const char *p = cmdline; *p; )
    {
        const char *val;
        size_t n = 0;

        while ( *p == ' ' )
            p++;
        while ( p[n] && p[n] != ' ' )
            n++;
        if ( !n )
            break;
        strlcpy(word, p, MIN(n + 1, sizeof(word)));
        p += n;

        if ( option(word, "loglvl", &val) )
            log_set_level(val);
        else if ( option(word, "dom0_mem", &val) )
            opts.dom0_mem = parse_size(val, NULL);
        else if ( option(word, "mem", &val) )
            opts.mem_limit = parse_size(val, NULL);
        else if ( option(word, "dom0_max_vcpus", &val) )
            opts.dom0_max_vcpus = simple_strtoul(val, NULL, 0);
        else if ( option(word, "maxcpus", &val) )
            opts.max_cpus = simple_strtoul(val, NULL, 0);
        else if ( !strcmp(word, "nosmp") )
            opts.max_cpus = 1;
        else if ( option(word, "bench", &val) && !strcmp(val, "syscall") )
            opts.bench_syscall = true;  /* PVX only: make bench's yardstick */
        else if ( !strcmp(word, "pv-shim") ||
                  (option(word, "pv-shim", &val) &&
                   (!strcmp(val, "1") || !strcmp(val, "true") ||
                    !strcmp(val, "on"))) )
            opts.pv_shim = true;        /* Xen's name for this mode */
        else if ( option(word, "console", &val) )
            ;                           /* COM1 is the only console */
        else if ( word[0] != '/' )      /* GRUB may pass the image path */
            pr_warn("cmdline: unknown option '%s' ignored\n", word);
    }
}
