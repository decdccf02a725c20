/*
 * More than one CPU: the hypervisor lock, IPIs and TLB shootdown
 * (arch/x86/smp.c), AP bring-up (arch/x86/smpboot.c).
 *
 * Locking (docs/architecture.md, "SMP and lock order"): one lock, the
 * hypervisor lock, covers every structure CPUs share (domains, vCPUs,
 * frames, ports, grants, run queues, timer lists).  A CPU takes it when it
 * enters from a guest (SYSCALL, an exception in guest mode, the exit path
 * after an interrupt) and drops it just before IRETQ to the guest, or to
 * halt while idle.  Interrupt handlers (LAPIC timer, event check, TLB
 * flush) never take it, so a CPU waiting for the lock, or for another CPU
 * to flush, can always serve them; waiting for the lock is done with
 * interrupts open.
 */
#ifndef PVX_SMP_H
#define PVX_SMP_H

#include "lib.h"
#include "cpumask.h"

extern cpumask_t cpu_online_map;
unsigned int num_online_cpus(void);

void hv_lock(void);
void hv_unlock(void);
bool hv_lock_held(void);                /* by this CPU */
/*
 * Drop the lock, wait with interrupts open until done(arg) holds, take
 * the lock again.  Anything may have changed meanwhile: the caller
 * re-checks what it relies on (vcpu_sleep_sync).
 */
void hv_lock_wait(bool (*done)(const void *arg), const void *arg);

/* Event-check IPI: make cpu look at its softirqs (a wake, a timer). */
void smp_send_event_check(unsigned int cpu);
/*
 * Flush the TLBs of the CPUs in mask (this one included if named) and
 * return once all have: called under the lock, with interrupts off.
 */
void flush_tlb_mask(cpumask_t mask);
/* do_trap: an IPI vector arrived (no lock). */
void smp_ipi_interrupt(unsigned int vector);

/* smpboot.c: start every CPU the MADT lists, up to NR_CPUS. */
void smp_boot_cpus(void);
/* main.c: what every CPU sets in CR0, CR4 and EFER. */
void cpu_features_init(void);

#endif /* PVX_SMP_H */
