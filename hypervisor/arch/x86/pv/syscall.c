/*
 * SYSCALL from a PV guest.  From guest kernel mode it is a hypercall;
 * from guest user mode it is bounced to the kernel's syscall callback
 * (#UD if none, as Xen does).  Compat-mode SYSCALL has no 32-bit guest
 * support behind it and raises #UD at the instruction.
 */
#include "cpu.h"
#include "pv.h"
#include "x86.h"

void pv_syscall(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;

    if ( v->kernel_mode )
    {
        pv_hypercall(regs);
        return;
    }
    if ( !v->syscall_callback )
    {
        regs->rip -= 2;                 /* #UD at the SYSCALL itself */
        pv_inject_exception(regs, X86_EXC_UD, false, 0);
        return;
    }
    create_bounce_frame(v, regs, v->syscall_callback,
                        TBF_EXCEPTION | (v->syscall_disables_events
                                         ? TBF_INTERRUPT : 0), 0);
    regs->rflags &= ~X86_EFLAGS_DF;     /* the ABI's fixed SYSCALL mask */
}

void pv_syscall_compat(struct cpu_user_regs *regs)
{
    regs->cs = FLAT_USER_CS32;
    regs->rip -= 2;
    pv_inject_exception(regs, X86_EXC_UD, false, 0);
}
