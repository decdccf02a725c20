/*
 * The iret hypercall (xen/arch/x86/pv/iret.c): the guest has pushed
 * struct iret_context and entered through the hypercall page.  Privilege
 * and flags are forced to guest-safe values: RPL 3, IF set, IOPL clear;
 * the virtual IF becomes the event mask.
 */
#include "cpu.h"
#include "guest_access.h"
#include "pv.h"
#include "x86.h"

long do_iret(void)
{
    struct cpu_user_regs *regs = guest_cpu_user_regs();
    struct vcpu *v = current;
    struct iret_context ctx;

    /* A crashed domain (not dom0) never runs again: 0 goes nowhere. */
    if ( copy_from_guest(&ctx, regs->rsp, 1) )
    {
        domain_crash(v->domain, "iret: frame at 0x%lx unreadable",
                     regs->rsp);
        return 0;
    }
    if ( (ctx.cs & 3) == 3 )            /* returning to guest user mode */
    {
        if ( !v->guest_table_user )
        {
            domain_crash(v->domain,
                         "iret: to user mode with no user page tables");
            return 0;
        }
        toggle_guest_mode(v);
    }
    regs->rip = ctx.rip;
    regs->cs = (uint16_t)(ctx.cs | 3);
    regs->rflags = (ctx.rflags & X86_EFLAGS_ALL &
                    ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM)) |
                   X86_EFLAGS_IF | X86_EFLAGS_MBS;
    regs->rsp = ctx.rsp;
    regs->ss = (uint16_t)(ctx.ss | 3);
    if ( !(ctx.flags & VGCF_in_syscall) )
    {
        regs->entry_vector &= ~TRAP_syscall;
        regs->r11 = ctx.r11;
        regs->rcx = ctx.rcx;
    }
    v->vcpu_info->evtchn_upcall_mask = !(ctx.rflags & X86_EFLAGS_IF);
    return (long)ctx.rax;               /* becomes the guest's %rax */
}
