/*
 * The hypervisor lock and inter-processor interrupts.  The lock is a
 * ticket lock (FIFO, so a CPU looping on hypercalls cannot starve
 * another) whose waiters spin a little, then halt until the unlock that
 * serves their ticket sends them an event-check IPI.  IPI handlers take
 * no lock; the TLB-flush sender waits for every target's acknowledgement
 * with the lock held, which cannot deadlock because no CPU ever waits
 * with interrupts closed for long without holding the lock (smp.h).
 */
#include "apic.h"
#include "cpu.h"
#include "smp.h"
#include "x86.h"

static struct
{
    uint32_t next;                      /* the ticket the next taker gets */
    uint32_t owner;                     /* the ticket now served */
} hvlock;

/*
 * A CPU halted in hv_lock: SLEEPING | the ticket it waits for (0: none;
 * a flag bit, not ticket + 1, which would be 0 for ticket 0xffffffff).
 * Under TCG each CPU is a host thread; on a loaded host the holder's
 * thread may be descheduled, and a spinning waiter would take host time
 * from it (a Linux boot ran ten times slower).  A halted one does not.
 */
#define SLEEPING (1ULL << 32)
static uint64_t lock_sleeping[NR_CPUS];
static uint32_t lock_sleepers;          /* CPUs with lock_sleeping set */

static cpumask_t flush_pending;         /* CPUs yet to flush for a sender */
cpumask_t cpu_online_map = { 1 };       /* the BSP, until smpboot */

unsigned int num_online_cpus(void)
{
    return cpumask_weight(&cpu_online_map);
}

/*
 * Halt until ticket is served (or any interrupt).  Announce first, then
 * look again: hv_unlock stores the owner, then reads the announcements,
 * both sequentially consistent, so one of the two sees the other, and an
 * IPI sent before `sti; hlt' stays pending and ends the halt at once.
 */
static void lock_sleep(unsigned int cpu, uint32_t ticket)
{
    local_irq_disable();
    __atomic_fetch_add(&lock_sleepers, 1, __ATOMIC_SEQ_CST);
    __atomic_store_n(&lock_sleeping[cpu], SLEEPING | ticket, __ATOMIC_SEQ_CST);
    if ( __atomic_load_n(&hvlock.owner, __ATOMIC_SEQ_CST) != ticket )
        asm volatile ( "sti; hlt; cli" ::: "memory" );
    __atomic_store_n(&lock_sleeping[cpu], 0, __ATOMIC_RELAXED);
    __atomic_fetch_sub(&lock_sleepers, 1, __ATOMIC_SEQ_CST);
    local_irq_enable();
}

void hv_lock(void)
{
    struct cpu_info *ci = get_cpu_info();
    uint32_t ticket = __atomic_fetch_add(&hvlock.next, 1, __ATOMIC_RELAXED);

    BUG_ON(ci->lock_depth);
    /*
     * Wait with interrupts open, so IPIs (a TLB flush the holder waits
     * for) and the timer get in.  Not `sti; pause; cli': QEMU's TCG looks
     * for interrupts only between translation blocks and would never
     * deliver one in so short a window.
     */
    if ( __atomic_load_n(&hvlock.owner, __ATOMIC_ACQUIRE) != ticket )
    {
        local_irq_enable();
        for ( unsigned int spins = 0;
              __atomic_load_n(&hvlock.owner, __ATOMIC_ACQUIRE) != ticket;
              spins++ )
            if ( spins < LOCK_SPINS )
                cpu_relax();
            else
                lock_sleep(ci->processor_id, ticket);
        local_irq_disable();
    }
    ci->lock_depth = 1;
}

void hv_unlock(void)
{
    struct cpu_info *ci = get_cpu_info();
    uint32_t next = hvlock.owner + 1;
    unsigned int cpu;

    BUG_ON(!ci->lock_depth);
    ci->lock_depth = 0;
    __atomic_store_n(&hvlock.owner, next, __ATOMIC_SEQ_CST);
    if ( !__atomic_load_n(&lock_sleepers, __ATOMIC_SEQ_CST) )
        return;
    for_each_cpu ( cpu, &cpu_online_map )
        if ( __atomic_load_n(&lock_sleeping[cpu], __ATOMIC_SEQ_CST) ==
             (SLEEPING | next) )
            apic_send_ipi(cpu_stacks[cpu].info.apic_id, EVENT_CHECK_VECTOR);
}

bool hv_lock_held(void)
{
    return get_cpu_info()->lock_depth;
}

void hv_lock_wait(bool (*done)(const void *arg), const void *arg)
{
    while ( !done(arg) )
    {
        hv_unlock();
        local_irq_enable();
        while ( !done(arg) )
            cpu_relax();
        local_irq_disable();
        hv_lock();
    }
}

void smp_send_event_check(unsigned int cpu)
{
    if ( cpu != smp_processor_id() && cpumask_test(cpu, &cpu_online_map) )
        apic_send_ipi(cpu_stacks[cpu].info.apic_id, EVENT_CHECK_VECTOR);
}

void flush_tlb_mask(cpumask_t mask)
{
    unsigned int me = smp_processor_id(), cpu;

    if ( cpumask_test(me, &mask) )
        write_cr3(read_cr3());          /* CR4.PGE is off: all of it */
    cpumask_unset(me, &mask);
    mask = cpumask_and(mask, cpu_online_map);
    if ( cpumask_empty(&mask) )
        return;
    __atomic_fetch_or(&flush_pending.bits, mask.bits, __ATOMIC_SEQ_CST);
    for_each_cpu ( cpu, &mask )
        apic_send_ipi(cpu_stacks[cpu].info.apic_id, INVALIDATE_VECTOR);
    while ( __atomic_load_n(&flush_pending.bits, __ATOMIC_ACQUIRE) &
            mask.bits )
        cpu_relax();
}

void smp_ipi_interrupt(unsigned int vector)
{
    if ( vector == INVALIDATE_VECTOR )
    {
        write_cr3(read_cr3());
        cpumask_unset(smp_processor_id(), &flush_pending);
    }
    /*
     * EVENT_CHECK_VECTOR needs nothing here: having interrupted a guest,
     * the exit path runs the softirqs; having interrupted hlt or a wait
     * for the lock, the loop around it looks again.
     */
}
