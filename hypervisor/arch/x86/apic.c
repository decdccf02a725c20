/*
 * Local APIC in xAPIC mode through its MMIO page (QEMU's TCG has no
 * x2APIC).  The timer runs one-shot with divide-by-16; its rate comes from
 * time_init's calibration against the PIT.
 */
#include "apic.h"
#include "layout.h"
#include "mm.h"
#include "timer.h"
#include "x86.h"

#define APIC_ID       0x020
#define APIC_EOI      0x0b0
#define APIC_SVR      0x0f0
#define APIC_LVT_TMR  0x320
#define APIC_TMICT    0x380
#define APIC_TMCCT    0x390
#define APIC_TDCR     0x3e0
#define APIC_LVT_MASKED (1u << 16)
#define APIC_SVR_ENABLE (1u << 8)
#define APIC_BASE_ENABLE (1UL << 11)

static volatile uint32_t *apic_regs;
static uint64_t apic_ticks_per_ms;
unsigned long apic_timer_ticks;

static uint32_t apic_read(unsigned int reg)
{
    return apic_regs[reg / 4];
}

static void apic_write(unsigned int reg, uint32_t v)
{
    apic_regs[reg / 4] = v;
}

void apic_init(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);
    uint64_t pa = base & PADDR_MASK;

    wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
    directmap_make_uncached(pa);
    apic_regs = maddr_to_virt(pa);
    apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_VECTOR);
    apic_write(APIC_TDCR, 0x3);                 /* divide by 16 */
    apic_write(APIC_LVT_TMR, APIC_LVT_MASKED | LAPIC_TIMER_VECTOR);
    /* The legacy PIC stays masked: every device interrupt is the APIC's. */
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
}

/* Calibration: count LAPIC ticks across a window the caller times. */
void apic_calibrate_start(void)
{
    apic_write(APIC_LVT_TMR, APIC_LVT_MASKED | LAPIC_TIMER_VECTOR);
    apic_write(APIC_TMICT, 0xffffffff);
}

void apic_calibrate_end(unsigned int ms)
{
    apic_ticks_per_ms = (0xffffffffu - apic_read(APIC_TMCCT)) / ms;
    apic_write(APIC_TMICT, 0);
    apic_write(APIC_LVT_TMR, LAPIC_TIMER_VECTOR);   /* one-shot, unmasked */
    pr_info("apic: id %u, timer %lu kHz (divide 16)\n",
            apic_read(APIC_ID) >> 24, apic_ticks_per_ms);
}

void apic_timer_arm(uint64_t ns)
{
    uint64_t ticks = ns ? MAX(ns * apic_ticks_per_ms / 1000000, 1) : 0;

    apic_write(APIC_TMICT, (uint32_t)MIN(ticks, 0xffffffffUL));
}

void apic_timer_interrupt(void)
{
    apic_timer_ticks++;
    timer_interrupt();                  /* the timer list owns the LAPIC */
}

void apic_eoi(void)
{
    apic_write(APIC_EOI, 0);
}
