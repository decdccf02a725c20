/*
 * Time for the PV kernel core: Xen's system time read from vcpu_time_info
 * (the pvclock: version-checked snapshot, TSC delta scaled by mul/shift)
 * and a one-shot timer that raises VIRQ_TIMER.  Trusts Xen to keep the
 * snapshot consistent while the version is even.
 */
#include <hypercalls/hypercall.h>
#include <pv-guest/events.h>
#include <pv-guest/lib.h>

uint64_t monotonic_ns(void)
{
    const volatile struct vcpu_time_info *t = &events_vcpu->time;
    uint32_t ver, mul;
    uint64_t delta, sys;
    int8_t shift;

    do {
        ver = t->version;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        delta = rdtsc() - t->tsc_timestamp;
        sys = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    } while ( (ver & 1) || ver != t->version );

    if ( (int64_t)delta < 0 )   /* TSC read before Xen's stamp */
        delta = 0;
    delta = shift < 0 ? delta >> -shift : delta << shift;
    return sys + (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

/* A deadline in the past fires at once; 0 cancels (Xen's semantics). */
void timer_set(uint64_t deadline_ns)
{
    long rc = hypercall_set_timer_op(deadline_ns);

    if ( rc )
        printk("timer_set: %lu: error %ld\n", (unsigned long)deadline_ns, rc);
}

/* wc_sec/wc_nsec: the wallclock at system time 0, under wc_version. */
uint64_t wallclock_s(void)
{
    const volatile struct shared_info *s = HYPERVISOR_shared_info;
    uint32_t ver, nsec;
    uint64_t sec;

    do {
        ver = s->wc_version;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        sec = s->wc_sec | ((uint64_t)s->wc_sec_hi << 32);
        nsec = s->wc_nsec;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    } while ( (ver & 1) || ver != s->wc_version );
    return sec + (nsec + monotonic_ns()) / 1000000000UL;
}
