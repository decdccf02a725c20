/*
 * Sets of physical CPUs (Xen's cpumask_t, for NR_CPUS <= 64): one word,
 * so a mask is copied and compared as a value.  Pure; updates that other
 * CPUs read concurrently use the atomic variants.
 */
#ifndef PVX_CPUMASK_H
#define PVX_CPUMASK_H

#include <stdbool.h>
#include <stdint.h>
#include "param.h"

typedef struct { uint64_t bits; } cpumask_t;

_Static_assert(NR_CPUS <= 64, "cpumask_t is one 64-bit word");

static inline void cpumask_clear(cpumask_t *m) { m->bits = 0; }
static inline bool cpumask_test(unsigned int cpu, const cpumask_t *m)
{
    return cpu < NR_CPUS && ((m->bits >> cpu) & 1);
}
static inline void cpumask_set(unsigned int cpu, cpumask_t *m)
{
    if ( cpu < NR_CPUS )
        __atomic_fetch_or(&m->bits, 1ULL << cpu, __ATOMIC_SEQ_CST);
}
static inline void cpumask_unset(unsigned int cpu, cpumask_t *m)
{
    if ( cpu < NR_CPUS )
        __atomic_fetch_and(&m->bits, ~(1ULL << cpu), __ATOMIC_SEQ_CST);
}
static inline bool cpumask_empty(const cpumask_t *m) { return !m->bits; }
static inline unsigned int cpumask_weight(const cpumask_t *m)
{
    uint64_t b = m->bits;
    unsigned int n = 0;

    for ( ; b; b &= b - 1 )             /* no libgcc in ring 0 */
        n++;
    return n;
}
static inline cpumask_t cpumask_and(cpumask_t a, cpumask_t b)
{
    return (cpumask_t){ a.bits & b.bits };
}
static inline cpumask_t cpumask_andnot(cpumask_t a, cpumask_t b)
{
    return (cpumask_t){ a.bits & ~b.bits };
}
/* The lowest CPU in m at or after cpu, or NR_CPUS when there is none. */
static inline unsigned int cpumask_next(unsigned int cpu, const cpumask_t *m)
{
    uint64_t rest = cpu < 64 ? m->bits & (~0ULL << cpu) : 0;

    return rest ? (unsigned int)__builtin_ctzll(rest) : NR_CPUS;
}
#define for_each_cpu(c, m) \
    for ( (c) = cpumask_next(0, (m)); (c) < NR_CPUS; \
          (c) = cpumask_next((c) + 1, (m)) )

#endif /* PVX_CPUMASK_H */
