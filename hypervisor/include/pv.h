/*
 * The 64-bit PV execution model: bouncing exceptions and callbacks into
 * the guest kernel, guest-mode switches, and the iret hypercall.
 */
#ifndef PVX_PV_H
#define PVX_PV_H

#include "domain.h"

/* Trap-bounce flags (Xen's TBF_*). */
#define TBF_EXCEPTION         1
#define TBF_EXCEPTION_ERRCODE 2
#define TBF_INTERRUPT         8

/* Bounce to the guest's handler for vector; crashes it if there is none. */
void pv_inject_exception(struct cpu_user_regs *regs, unsigned int vector,
                         bool has_ec, uint32_t ec);
/* Build the exception frame on the guest kernel stack and enter eip. */
void create_bounce_frame(struct vcpu *v, struct cpu_user_regs *regs,
                         unsigned long eip, unsigned int flags, uint32_t ec);
void toggle_guest_mode(struct vcpu *v);
/* gdt.c: set_gdt for any vCPU of the caller's; the area's PTEs for v. */
long pv_set_gdt(struct vcpu *v, const unsigned long *frames,
                unsigned int entries);
void gdt_load_vcpu(const struct vcpu *v);
void pv_handle_exception(struct cpu_user_regs *regs);
void pv_syscall(struct cpu_user_regs *regs);
void pv_syscall_compat(struct cpu_user_regs *regs);
void pv_hypercall(struct cpu_user_regs *regs);
/* events.c: timers due and the event upcall, on every return to a guest. */
void pv_exit_to_guest(struct cpu_user_regs *regs);
/* entry.S: IRET to regs faulted; the vCPU's domain crashes. */
void pv_iret_fault(struct cpu_user_regs *regs);

#endif /* PVX_PV_H */
