/*
 * What guests read to tell the time: shared_info's wallclock (the Unix
 * time at system time 0, from the CMOS RTC at boot, as Xen's
 * init_xen_time does) and each vCPU's pvclock in vcpu_info.time.  Both
 * sit in guest-readable memory and follow Xen's version protocol: odd
 * while an update is in progress, even again once it is complete.
 */
#include "lib.h"
#include <xen/xen.h>
#include "apic.h"
#include "domain.h"
#include "vtime.h"
#include "x86.h"

#define NSEC_PER_SEC 1000000000UL

static uint64_t wc_sec;                 /* Unix time at system time 0 */
static uint32_t wc_nsec;

static uint32_t version_update_begin(uint32_t v)
{
    return (v + 1) | 1;
}

static uint32_t version_update_end(uint32_t v)
{
    return (v + 1) & ~1u;
}

void wallclock_init(void)
{
    uint64_t secs = rtc_read_seconds();
    uint64_t x = secs * NSEC_PER_SEC - now_ns();

    wc_sec = x / NSEC_PER_SEC;
    wc_nsec = (uint32_t)(x % NSEC_PER_SEC);
    pr_info("wallclock: %lu s since the epoch at boot\n", wc_sec);
}

void update_domain_wallclock_time(struct domain *d)
{
    struct shared_info *s = d->shared_info;

    s->wc_version = version_update_begin(s->wc_version);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    s->wc_sec = (uint32_t)wc_sec;
    s->wc_nsec = wc_nsec;
    s->wc_sec_hi = (uint32_t)(wc_sec >> 32);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    s->wc_version = version_update_end(s->wc_version);
}

/*
 * One TSC scale for the machine, so a vCPU's pvclock only needs fresh
 * anchor values; it is written whenever the vCPU wakes or moves its
 * vcpu_info, keeping the guest's TSC delta short.
 */
void update_vcpu_system_time(struct vcpu *v)
{
    struct vcpu_time_info *t = &v->vcpu_info->time;
    uint64_t tsc = rdtsc();

    t->version = version_update_begin(t->version);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    t->tsc_timestamp = tsc;
    t->system_time = scale_delta(tsc - boot_tsc, &tsc_scale);
    t->tsc_to_system_mul = tsc_scale.mul_frac;
    t->tsc_shift = tsc_scale.shift;
    t->flags = 0;                       /* no TSC_STABLE: no vDSO clock */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    t->version = version_update_end(t->version);
}
