/*
 * The CPUID a PV guest sees: Xen 4.17's PV default policy applied to the
 * host's raw leaves, plus Xen's hypervisor leaves at 0x40000000.  The
 * filter is a pure function of the raw leaf and a small context, so the
 * host unit tests exercise exactly what ring 0 runs.
 */
#ifndef PVX_CPUID_H
#define PVX_CPUID_H

#include "lib.h"

struct cpuid_leaf
{
    uint32_t a, b, c, d;
};

struct cpuid_ctx
{
    uint32_t host_max_basic;    /* raw leaf 0 eax */
    uint32_t host_max_extd;     /* raw leaf 0x80000000 eax */
    bool hwdom_kernel;          /* hardware domain's kernel is asking */
    bool host_itsc, host_rdtscp;/* invariant TSC, RDTSCP on the host */
    uint32_t tsc_khz;
    uint32_t tsc_mul;           /* vcpu_time_info tsc_to_system_mul */
    int8_t tsc_shift;           /* ... and tsc_shift */
    uint32_t maddr_bits;        /* machine address width for leaf +5 */
};

/* Is leaf in the guest's policy range?  If not, it reads as zeros. */
bool cpuid_pv_in_range(uint32_t leaf, const struct cpuid_ctx *ctx);
/* res holds the host's raw leaf on entry, the guest's view on return. */
void cpuid_pv_filter(uint32_t leaf, uint32_t subleaf, struct cpuid_leaf *res,
                     const struct cpuid_ctx *ctx);
/* The current vCPU's view of leaf/subleaf (ring 0). */
void guest_cpuid(uint32_t leaf, uint32_t subleaf, struct cpuid_leaf *res);

#endif /* PVX_CPUID_H */
