/*
 * Delivering an exception or callback into a 64-bit PV guest kernel:
 * Xen's create_bounce_frame.  The frame goes on the guest kernel stack
 * (switching to kernel_sp and the kernel page tables when the guest was in
 * user mode), written with checked copies: a stack the guest cannot take a
 * frame on crashes the guest, never the hypervisor.
 *
 * Frame, low to high: RCX, R11, [ERRCODE], RIP, CS, RFLAGS, RSP, SS.
 */
#include "cpu.h"
#include "guest_access.h"
#include "pv.h"
#include "x86.h"

void toggle_guest_mode(struct vcpu *v)
{
    v->kernel_mode = !v->kernel_mode;
    /* Kernel and user GS bases swap, as the guest expects of SWAPGS. */
    asm volatile ( "swapgs" );
    write_cr3((uint64_t)(v->kernel_mode ? v->guest_table
                                        : v->guest_table_user) << 12);
}

void create_bounce_frame(struct vcpu *v, struct cpu_user_regs *regs,
                         unsigned long eip, unsigned int flags, uint32_t ec)
{
    struct vcpu_info *vi = v->vcpu_info;
    uint64_t frame[8], cs = regs->cs, rflags;
    unsigned long sp;
    unsigned int n = 0;
    uint8_t saved_mask = vi->evtchn_upcall_mask;

    if ( !eip )
    {
        domain_crash(v->domain, "no handler to bounce vector %u to",
                     regs->entry_vector & 0xff);
        return;
    }
    if ( !v->kernel_mode )
    {
        toggle_guest_mode(v);
        sp = v->kernel_sp;
    }
    else
    {
        sp = regs->rsp;
        cs &= ~3UL;                     /* tells the guest: kernel context */
    }
    sp &= ~0xfUL;                       /* frames are 16-byte aligned */

    if ( flags & TBF_INTERRUPT )
        vi->evtchn_upcall_mask = 1;
    rflags = (regs->rflags & ~(X86_EFLAGS_IF | X86_EFLAGS_IOPL)) |
             (saved_mask ? 0 : X86_EFLAGS_IF);

    frame[n++] = regs->rcx;
    frame[n++] = regs->r11;
    if ( flags & TBF_EXCEPTION_ERRCODE )
        frame[n++] = ec;
    frame[n++] = regs->rip;
    frame[n++] = cs | ((uint64_t)saved_mask << 32);
    frame[n++] = rflags;
    frame[n++] = regs->rsp;
    frame[n++] = regs->ss;
    if ( sp < n * 8 || copy_to_guest_raw(sp - n * 8, frame, n * 8) )
    {
        domain_crash(v->domain, "cannot write a bounce frame at 0x%lx", sp);
        return;
    }

    regs->entry_vector |= TRAP_syscall;
    regs->rflags &= ~(X86_EFLAGS_AC | X86_EFLAGS_VM | X86_EFLAGS_RF |
                      X86_EFLAGS_NT | X86_EFLAGS_TF);
    regs->ss = FLAT_KERNEL_SS;
    regs->rsp = sp - n * 8;
    regs->cs = FLAT_KERNEL_CS;
    regs->rip = eip;
}

void pv_inject_exception(struct cpu_user_regs *regs, unsigned int vector,
                         bool has_ec, uint32_t ec)
{
    struct vcpu *v = current;
    const struct trap_info *ti = &v->trap_ctxt[vector & 0xff];
    unsigned int flags = TBF_EXCEPTION;

    if ( has_ec )
        flags |= TBF_EXCEPTION_ERRCODE;
    if ( TI_GET_IF(ti) )
        flags |= TBF_INTERRUPT;
    if ( !ti->address )
    {
        printk("d%u: unhandled %s (vector %u, error code %04x) with no "
               "trap handler\n", v->domain->domid, vector_name(vector),
               vector, ec);
        domain_crash(v->domain, "%s at 0x%lx before a trap handler for "
                     "vector %u was installed", vector_name(vector),
                     regs->rip, vector);
        return;
    }
    create_bounce_frame(v, regs, ti->address, flags, ec);
}
