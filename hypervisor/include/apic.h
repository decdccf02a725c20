/*
 * Local APIC and time: TSC and LAPIC timer calibrated against the PIT,
 * system time in nanoseconds since boot, and the pvclock scale guests use.
 */
#ifndef PVX_APIC_H
#define PVX_APIC_H

#include "lib.h"

void apic_init(void);
void apic_init_secondary(void);
unsigned int apic_id(void);
void apic_eoi(void);
/* IPIs by physical APIC id: a fixed vector, or the INIT-SIPI pair. */
void apic_send_ipi(unsigned int dest, unsigned int vector);
void apic_send_init(unsigned int dest);
void apic_send_sipi(unsigned int dest, unsigned long start_phys);
void apic_timer_interrupt(void);
/* One-shot LAPIC interrupt after ns nanoseconds (0 cancels). */
void apic_timer_arm(uint64_t ns);

void time_init(void);               /* calibrates TSC and LAPIC timer */
uint64_t now_ns(void);              /* system time: ns since time_init */
uint64_t tsc_khz(void);
extern uint64_t boot_tsc;

/* pvclock scale: ns = ((delta << shift) * mul) >> 32 (shift may be < 0). */
struct time_scale
{
    int8_t shift;
    uint32_t mul_frac;
};
void time_scale_for(struct time_scale *ts, uint64_t ticks_per_sec);
uint64_t scale_delta(uint64_t delta, const struct time_scale *ts);
extern struct time_scale tsc_scale;

extern unsigned long apic_timer_ticks;  /* interrupts taken, for the log */

#endif /* PVX_APIC_H */
