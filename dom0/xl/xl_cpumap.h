/*
 * CPU sets as xl's users type them (tools/xl/xl_parse.c parse_cpurange):
 * "all", "3", "0-2", "^1", "nodes:0", comma-separated, applied left to
 * right to an empty map.  Pure C, tested on the host (unit:xl_fmt).
 */
#ifndef DOM0_XL_CPUMAP_H
#define DOM0_XL_CPUMAP_H

#include <stddef.h>
#include <stdint.h>

/*
 * Into *map (bit n: CPU n) for a host of nr_cpus CPUs: like libxl's cpu
 * bitmap, the map holds nr_cpus rounded up to whole bytes of bits (at
 * most 64) and bits past it are dropped.  PVX has one NUMA node, 0,
 * holding every CPU.  0, or -1 with xl's message in err.
 */
int xl_parse_cpurange(const char *s, uint64_t *map, unsigned int nr_cpus,
                      char *err, size_t errlen);

#endif /* DOM0_XL_CPUMAP_H */
