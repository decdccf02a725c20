/*
 * xl's CPU range syntax (see xl_cpumap.h).  A token is [^][node:|nodes:]
 * then "all" or N or N-M in decimal; what xl refuses is refused with its
 * message, and a range is walked only over the bits the map holds.
 */
#include "xl_cpumap.h"

#include <stdbool.h>

int snprintf(char *buf, size_t size, const char *fmt, ...);

/* Skip prefix at *s if it is there. */
static bool skip(const char **s, const char *prefix)
{
    const char *p = *s;

    while ( *prefix && *p == *prefix )
    {
        p++;
        prefix++;
    }
    if ( *prefix )
        return false;
    *s = p;
    return true;
}

/* A decimal number ending at a '-', ',' or the end; false if none. */
static bool number(const char **s, unsigned long *v)
{
    const char *p = *s;

    *v = 0;
    if ( *p < '0' || *p > '9' )
        return false;
    for ( ; *p >= '0' && *p <= '9'; p++ )
    {
        if ( *v > (~0UL - 9) / 10 )
            return false;               /* strtoul's ULONG_MAX: refused */
        *v = *v * 10 + (unsigned long)(*p - '0');
    }
    *s = p;
    return true;
}

/* One token [start, end) of the list: update *map, or fill err. */
static int token(const char *start, const char *end, uint64_t *map,
                 unsigned int bits, unsigned int nr_cpus, char *err,
                 size_t errlen)
{
    uint64_t all = bits >= 64 ? ~0ULL : (1ULL << bits) - 1, set = 0;
    const char *s = start;
    unsigned long a, b;
    bool not = skip(&s, "^");
    bool nodes = skip(&s, "nodes:") || skip(&s, "node:");
    const char *body = s;               /* xl names it without prefixes */
    bool ok;

    if ( end - s == 3 && skip(&s, "all") )
    {
        if ( not )
        {
            snprintf(err, errlen, "Can't combine \"^\" and \"all\".");
            return -1;
        }
        *map |= all;                    /* libxl_bitmap_set_any */
        return 0;
    }
    ok = number(&s, &a);
    b = a;
    if ( ok && *s == '-' )
    {
        s++;
        ok = number(&s, &b) && b >= a;
    }
    if ( !ok || s != end )
    {
        snprintf(err, errlen, "Invalid pcpu range: %.*s.", (int)(end - body),
                 body);
        return -1;
    }
    if ( nodes )
    {
        if ( b > 0 )                    /* one node: 0 */
        {
            snprintf(err, errlen, "libxl_node_to_cpumap failed.");
            return -1;
        }
        set = nr_cpus >= 64 ? ~0ULL : (1ULL << nr_cpus) - 1;
    }
    else
        for ( ; a <= b && a < bits; a++ )
            set |= 1ULL << a;
    *map = not ? *map & ~set : *map | (set & all);
    return 0;
}

int xl_parse_cpurange(const char *s, uint64_t *map, unsigned int nr_cpus,
                      char *err, size_t errlen)
{
    unsigned int bits = (nr_cpus + 7) / 8 * 8;

    if ( bits > 64 )
        bits = 64;
    *map = 0;
    while ( *s )
    {
        const char *end = s;

        while ( *end && *end != ',' )
            end++;
        /* strtok_r: empty tokens between commas are skipped. */
        if ( end > s && token(s, end, map, bits, nr_cpus, err, errlen) )
            return -1;
        s = *end ? end + 1 : end;
    }
    return 0;
}
