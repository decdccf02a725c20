/*
 * XEN_DOMCTL_setvcpuaffinity and getvcpuaffinity (Xen's
 * common/sched/core.c vcpu_affinity_domctl, common/bitmap.c): which CPUs a
 * vCPU may run on (hard) and prefers (soft), as byte maps in the caller's
 * memory.  A map is nr_cpu_ids bits (the online CPUs: PVX hotplugs none);
 * bits past it are dropped on the way in and written as zeros on the way
 * out, however long the caller's map is.
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/domctl.h>
#include "domain.h"
#include "errno.h"
#include "guest_access.h"
#include "sched.h"
#include "smp.h"

#define MAP_BYTES ((NR_CPUS + 7) / 8)

/* Bytes a map of nr_bits takes, without overflowing at UINT32_MAX. */
static uint32_t map_bytes(uint32_t nr_bits)
{
    return nr_bits / 8 + !!(nr_bits % 8);
}

/* Xen's xenctl_bitmap_to_bitmap: the caller's map, cut to nbits. */
static long map_in(cpumask_t *m, const struct xenctl_bitmap *b,
                   unsigned int nbits)
{
    uint8_t bytes[MAP_BYTES] = { 0 };
    uint32_t guest = map_bytes(b->nr_bits), copy = MIN(guest, map_bytes(nbits));

    if ( copy && copy_from_guest_raw(bytes, (unsigned long)b->bitmap.p, copy) )
        return -EFAULT;
    /* The caller's own last, partial byte ends at its nr_bits. */
    if ( (b->nr_bits % 8) && guest == copy )
        bytes[copy - 1] &= (1U << (b->nr_bits % 8)) - 1;
    m->bits = 0;
    for ( uint32_t i = 0; i < copy; i++ )
        m->bits |= (uint64_t)bytes[i] << (8 * i);
    if ( nbits < 64 )
        m->bits &= (1ULL << nbits) - 1;
    return 0;
}

/* Xen's bitmap_to_xenctl_bitmap: nbits of m, then zeros to nr_bits. */
static long map_out(const struct xenctl_bitmap *b, cpumask_t m,
                    unsigned int nbits)
{
    static const uint8_t zeros[64];
    uint8_t bytes[MAP_BYTES];
    unsigned long to = (unsigned long)b->bitmap.p;
    uint32_t guest = map_bytes(b->nr_bits), copy = MIN(guest, map_bytes(nbits));

    if ( nbits < 64 )
        m.bits &= (1ULL << nbits) - 1;
    for ( uint32_t i = 0; i < copy; i++ )
        bytes[i] = (uint8_t)(m.bits >> (8 * i));
    if ( copy && copy_to_guest_raw(to, bytes, copy) )
        return -EFAULT;
    for ( uint32_t i = copy; i < guest; i += sizeof(zeros) )
        if ( copy_to_guest_raw(to + i, zeros, MIN(guest - i, sizeof(zeros))) )
            return -EFAULT;
    return 0;
}

long domctl_vcpuaffinity(struct domain *d, uint32_t cmd,
                         struct xen_domctl_vcpuaffinity *a)
{
    unsigned int nbits = num_online_cpus();
    bool hard = a->flags & XEN_VCPUAFFINITY_HARD;
    bool soft = a->flags & XEN_VCPUAFFINITY_SOFT;
    cpumask_t map, old;
    struct vcpu *v;
    long rc = 0;

    if ( a->vcpu >= d->max_vcpus )
        return -EINVAL;
    if ( !(v = domain_vcpu(d, a->vcpu)) )
        return -ESRCH;
    /* FORCE alone is valid: it undoes SCHEDOP_pin_override, none here. */
    if ( !a->flags || (hard && !a->cpumap_hard.bitmap.p) ||
         (soft && !a->cpumap_soft.bitmap.p) )
        return -EINVAL;

    if ( cmd == XEN_DOMCTL_getvcpuaffinity )
    {
        if ( hard )
            rc = map_out(&a->cpumap_hard, v->cpu_hard_affinity, nbits);
        if ( soft )
            rc = map_out(&a->cpumap_soft, v->cpu_soft_affinity, nbits);
        return rc;
    }

    /* Each map is answered with what the scheduler will use of it. */
    old = v->cpu_hard_affinity;
    if ( hard )
    {
        if ( (rc = map_in(&map, &a->cpumap_hard, nbits)) ||
             (rc = sched_set_affinity(v, &map, NULL)) )
            return rc;
        rc = map_out(&a->cpumap_hard,
                     cpumask_and(v->cpu_hard_affinity, cpu_online_map), nbits);
    }
    if ( soft )
    {
        if ( (rc = map_in(&map, &a->cpumap_soft, nbits)) )
        {
            if ( hard )                 /* as if nothing had happened */
                sched_set_affinity(v, &old, NULL);
            return rc;
        }
        sched_set_affinity(v, NULL, &map);
        rc = map_out(&a->cpumap_soft,
                     cpumask_and(cpumask_and(map, cpu_online_map),
                                 v->cpu_hard_affinity), nbits);
    }
    return rc;
}
