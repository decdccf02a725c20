/*
 * Local APIC in xAPIC mode through its MMIO page (QEMU's TCG has no
 * x2APIC); every CPU reaches its own LAPIC at the same address.  The timer
 * runs one-shot with divide-by-16; its rate comes from time_init's
 * calibration against the PIT on the BSP, which the APs share (one bus
 * clock).  IPIs go through the ICR.
 */
#include "apic.h"
#include "layout.h"
#include "mm.h"
#include "timer.h"
#include "x86.h"

#define APIC_ID       0x020
#define APIC_EOI      0x0b0
#define APIC_SVR      0x0f0
#define APIC_ICR_LO   0x300
#define APIC_ICR_HI   0x310
#define APIC_ICR_BUSY (1u << 12)        /* delivery status: send pending */
#define APIC_ICR_INIT 0x00004500u       /* INIT, level assert */
#define APIC_ICR_SIPI 0x00004600u       /* start-up, vector = page */
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

/* An AP: its own LAPIC on, the timer one-shot at the BSP's rate. */
void apic_init_secondary(void)
{
    wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE);
    apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_VECTOR);
    apic_write(APIC_TDCR, 0x3);
    apic_write(APIC_TMICT, 0);
    apic_write(APIC_LVT_TMR, LAPIC_TIMER_VECTOR);
}

unsigned int apic_id(void)
{
    return apic_read(APIC_ID) >> 24;
}

static void icr_send(unsigned int dest, uint32_t lo)
{
    while ( apic_read(APIC_ICR_LO) & APIC_ICR_BUSY )
        cpu_relax();
    apic_write(APIC_ICR_HI, dest << 24);
    apic_write(APIC_ICR_LO, lo);        /* this write sends */
}

void apic_send_ipi(unsigned int dest, unsigned int vector)
{
    icr_send(dest, vector & 0xff);      /* fixed delivery, physical */
}

void apic_send_init(unsigned int dest)
{
    icr_send(dest, APIC_ICR_INIT);
}

void apic_send_sipi(unsigned int dest, unsigned long start_phys)
{
    icr_send(dest, APIC_ICR_SIPI | (uint32_t)(start_phys >> 12));
}

/* Calibration: the LAPIC counts down from its maximum, masked, while
 * time_init samples it (apic_timer_count) against the PIT. */
void apic_calibrate_start(void)
{
    apic_write(APIC_LVT_TMR, APIC_LVT_MASKED | LAPIC_TIMER_VECTOR);
    apic_write(APIC_TMICT, 0xffffffff);
}

uint32_t apic_timer_count(void)
{
    return apic_read(APIC_TMCCT);
}

void apic_calibrate_end(uint64_t ticks_per_ms)
{
    apic_ticks_per_ms = ticks_per_ms;
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

/*
 * Runs without the hypervisor lock (the CPU may be waiting for it): only
 * note the interrupt; the exit path runs the timer list (timer_softirq).
 */
void apic_timer_interrupt(void)
{
    __atomic_fetch_add(&apic_timer_ticks, 1, __ATOMIC_RELAXED);
    timer_interrupt();
}

void apic_eoi(void)
{
    apic_write(APIC_EOI, 0);
}
