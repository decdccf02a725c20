/*
 * Time: the TSC is the clock.  time_init measures it (and the LAPIC timer)
 * over a PIT channel 2 window, then derives the pvclock scale that both
 * now_ns() and every guest's vcpu_time_info use.
 */
#include "apic.h"
#include "param.h"
#include "x86.h"

#define PIT_HZ 1193182

#define PIT_CH2_LATCH 0x80             /* mode/command: latch channel 2 */
#define PIT_CH2_MODE0 0xb0             /* channel 2, lo/hi, mode 0 */
#define PIT_OUT2      0x20             /* port 0x61: channel 2 output */
#define SAMPLE_TRIES  8
#define CALIBRATE_TRIES 20

void apic_calibrate_start(void);
uint32_t apic_timer_count(void);
void apic_calibrate_end(uint64_t ticks_per_ms);

/* The PIT, the LAPIC count and the TSC at (nearly) one instant. */
struct time_sample
{
    uint64_t tsc;
    uint16_t pit;
    uint32_t apic;
};

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

static uint16_t pit_count(void)
{
    uint8_t lo;

    outb(0x43, PIT_CH2_LATCH);
    lo = inb(0x42);
    return (uint16_t)(lo | (inb(0x42) << 8));
}

/*
 * Read the PIT and the LAPIC between two TSC reads, a few times, and keep
 * the narrowest try.  Under TCG the host may stop this vCPU for tens of
 * milliseconds anywhere; a try it stopped is wide and loses.
 */
static void take_sample(struct time_sample *s)
{
    uint64_t best = UINT64_MAX;

    for ( unsigned int i = 0; i < SAMPLE_TRIES; i++ )
    {
        uint64_t t0 = rdtsc();
        uint16_t pit = pit_count();
        uint32_t apic = apic_timer_count();
        uint64_t t1 = rdtsc();

        if ( t1 - t0 < best )
        {
            best = t1 - t0;
            s->tsc = t0 + (t1 - t0) / 2;
            s->pit = pit;
            s->apic = apic;
        }
    }
}

/*
 * One window of PIT_CALIBRATE_MS on PIT channel 2 in mode 0, counting
 * down from 0xffff.  The rates come from what the two samples read, not
 * from when the loop noticed the end, so a late sample costs nothing.
 * False if the count may have wrapped (the window started late or the
 * end came after the terminal count): the caller tries again.
 */
static bool calibrate_once(struct time_sample *a, struct time_sample *b)
{
    uint16_t window = PIT_HZ * PIT_CALIBRATE_MS / 1000;

    outb(0x61, (uint8_t)((inb(0x61) & ~0x02) | 0x01));  /* gate, no beep */
    outb(0x43, PIT_CH2_MODE0);
    outb(0x42, 0xff);
    outb(0x42, 0xff);
    apic_calibrate_start();
    take_sample(a);
    if ( a->pit <= window )
        return false;
    while ( (uint16_t)(a->pit - pit_count()) < window &&
            !(inb(0x61) & PIT_OUT2) )
        cpu_relax();
    take_sample(b);
    return !(inb(0x61) & PIT_OUT2) && b->pit < a->pit &&
           b->tsc > a->tsc && b->apic < a->apic;
}

void time_init(void)
{
    struct time_sample a, b;
    uint64_t pit_ticks;
    unsigned int tries = 0;

    BUILD_BUG_ON(PIT_HZ * PIT_CALIBRATE_MS / 1000 >= 0xffff);
    while ( !calibrate_once(&a, &b) )
        if ( ++tries == CALIBRATE_TRIES )
            panic("time: no clean PIT window in %u tries", tries);
    pit_ticks = a.pit - b.pit;
    tsc_hz = (b.tsc - a.tsc) * PIT_HZ / pit_ticks;
    apic_calibrate_end((uint64_t)(a.apic - b.apic) * PIT_HZ /
                       (pit_ticks * 1000));
    time_scale_for(&tsc_scale, tsc_hz);
    boot_tsc = b.tsc;
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
