/*
 * Hypercall handlers, named do_<name> as in Xen.  Guest pointers arrive as
 * unsigned long guest addresses and go only to copy_{from,to}_guest.
 */
#ifndef PVX_HYPERCALL_H
#define PVX_HYPERCALL_H

#include "lib.h"

/* Top bit of a batch count: "continued", Xen-internal, not public. */
#define MMU_UPDATE_PREEMPTED 0x80000000u

long do_set_trap_table(unsigned long traps);
long do_stack_switch(unsigned long ss, unsigned long esp);
long do_set_callbacks(unsigned long event, unsigned long failsafe,
                      unsigned long syscall);
long do_fpu_taskswitch(int set);
long do_memory_op(unsigned long cmd, unsigned long arg);
long do_xen_version(int cmd, unsigned long arg);
long do_console_io(unsigned int cmd, unsigned int count, unsigned long buf);
long do_vm_assist(unsigned int cmd, unsigned int type);
long do_iret(void);
long do_sched_op(int cmd, unsigned long arg);
long do_callback_op(int cmd, unsigned long arg);
long do_set_debugreg(int reg, unsigned long value);
long do_get_debugreg(int reg);
long do_set_segment_base(unsigned int which, unsigned long base);
long do_physdev_op(int cmd, unsigned long arg);
long do_mmu_update(unsigned long ureqs, unsigned int count,
                   unsigned long pdone, unsigned int foreigndom);
long do_update_va_mapping(unsigned long va, uint64_t val, unsigned long flags);
long do_mmuext_op(unsigned long uops, unsigned int count,
                  unsigned long pdone, unsigned int foreigndom);
long do_multicall(unsigned long list, unsigned int nr);
long do_set_gdt(unsigned long frame_list, unsigned int entries);
long do_update_descriptor(uint64_t maddr, uint64_t desc);
long do_set_timer_op(int64_t timeout);
long do_vcpu_op(int cmd, unsigned int vcpuid, unsigned long arg);
long do_event_channel_op(int cmd, unsigned long arg);
long do_domctl(unsigned long arg);
long do_sysctl(unsigned long arg);
long do_grant_table_op(unsigned int cmd, unsigned long uop,
                       unsigned int count);

/*
 * Continuations: a long batch stops after HYPERCALL_BATCH entries and asks
 * to be re-issued with new arguments.  The guest re-executes its SYSCALL
 * (rip - 2) so interrupts are taken in between.  Not inside a multicall,
 * where a batch runs to completion.
 */
#define HYPERCALL_BATCH 512
bool hypercall_may_preempt(void);
long hypercall_continue(unsigned long nr, unsigned long a0, unsigned long a1,
                        unsigned long a2, unsigned long a3);

/* -ENOSYS, with a warning naming the hypercall or sub-op the first time. */
long unimplemented(unsigned long nr);
long unimplemented_subop(unsigned long nr, unsigned long subop);

/* Run hypercall nr with raw argument registers (multicall uses it). */
long hypercall_dispatch(unsigned long nr, const unsigned long *args);

#endif /* PVX_HYPERCALL_H */
