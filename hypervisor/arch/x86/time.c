/*
 * Time: the TSC is the clock.  time_init measures it (and the LAPIC timer)
 * over a PIT channel 2 window, then derives the pvclock scale that both
 * now_ns() and every guest's vcpu_time_info use.
 */
#include "apic.h"
#include "param.h"
#include "x86.h"

#define PIT_HZ 1193182

void apic_calibrate_start(void);
void apic_calibrate_end(unsigned int ms);

uint64_t boot_tsc;
struct time_scale tsc_scale;
static uint64_t tsc_hz;

/* Xen's set_time_scale: normalise ticks/s into [1e9, 2e9) by shifting. */
void time_scale_for(struct time_scale *ts, uint64_t ticks_per_sec)
{
    int shift = 0;
    uint64_t tps = ticks_per_sec;

    while ( tps > 2000000000UL )
    {
        tps >>= 1;
        shift--;
    }
    while ( tps <= 1000000000UL )
    {
        tps <<= 1;
        shift++;
    }
    ts->shift = (int8_t)shift;
    ts->mul_frac = (uint32_t)((1000000000UL << 32) / tps);
}

uint64_t scale_delta(uint64_t delta, const struct time_scale *ts)
{
    if ( ts->shift < 0 )
        delta >>= -ts->shift;
    else
        delta <<= ts->shift;
    return (uint64_t)(((unsigned __int128)delta * ts->mul_frac) >> 32);
}

void time_init(void)
{
    uint32_t count = PIT_HZ * PIT_CALIBRATE_MS / 1000;
    uint64_t t0, t1;

    BUILD_BUG_ON(PIT_HZ * PIT_CALIBRATE_MS / 1000 > 0xffff);
    /* Channel 2, gate on, speaker off, mode 0 (terminal count). */
    outb(0x61, (uint8_t)((inb(0x61) & ~0x02) | 0x01));
    outb(0x43, 0xb0);
    outb(0x42, (uint8_t)count);
    outb(0x42, (uint8_t)(count >> 8));
    t0 = rdtsc();
    apic_calibrate_start();
    while ( !(inb(0x61) & 0x20) )
        cpu_relax();
    t1 = rdtsc();
    apic_calibrate_end(PIT_CALIBRATE_MS);

    tsc_hz = (t1 - t0) * 1000 / PIT_CALIBRATE_MS;
    time_scale_for(&tsc_scale, tsc_hz);
    boot_tsc = t1;
    printk("tsc: %lu.%03lu MHz\n", tsc_hz / 1000000,
           (tsc_hz / 1000) % 1000);
}

uint64_t now_ns(void)
{
    return scale_delta(rdtsc() - boot_tsc, &tsc_scale);
}

uint64_t tsc_khz(void)
{
    return tsc_hz / 1000;
}
