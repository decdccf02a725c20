/*
 * vCPU 1's side of the two-vCPU tests (vcpu1.h).  The callback entry
 * saves the caller-saved registers the way the pv-guest core's does for
 * vCPU 0, and returns through HYPERVISOR_iret.
 */
#include <test.h>
#include <vcpu1.h>
#include <pv-guest/events.h>
#include <pv-guest/mm.h>
#include <xen/sched.h>

volatile unsigned int vcpu1_upcalls;

void entry_EVTCHN1(void);
void do_upcall1(void);

asm (
    "    .text\n"
    "    .globl entry_EVTCHN1\n"
    "entry_EVTCHN1:\n"
    "    pop %rcx\n"
    "    pop %r11\n"
    "    push %rdi; push %rsi; push %rdx; push %rcx; push %rax\n"
    "    push %r8; push %r9; push %r10; push %r11; push %rbp\n"
    "    mov %rsp, %rbp\n"
    "    and $~15, %rsp\n"
    "    cld\n"
    "    call do_upcall1\n"
    "    mov %rbp, %rsp\n"
    "    pop %rbp; pop %r11; pop %r10; pop %r9; pop %r8\n"
    "    pop %rax; pop %rcx; pop %rdx; pop %rsi; pop %rdi\n"
    "    push $0\n"
    "    jmp hypercall_page + " XSTR(__HYPERVISOR_iret) " * 32\n"
);

void do_upcall1(void)
{
    struct shared_info *s = HYPERVISOR_shared_info;
    struct vcpu_info *vi = &s->vcpu_info[1];
    unsigned long sel;

    vcpu1_upcalls++;
    vi->evtchn_upcall_pending = 0;
    sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while ( sel )
    {
        unsigned int w = __builtin_ctzl(sel);

        sel &= sel - 1;
        __atomic_fetch_and(&s->evtchn_pending[w], s->evtchn_mask[w],
                           __ATOMIC_SEQ_CST);
    }
}

void vcpu1_context(struct vcpu_guest_context *c, void (*entry)(void),
                   void *stack_top)
{
    c->flags = VGCF_in_kernel;
    c->user_regs.rip = (unsigned long)entry;
    c->user_regs.rsp = (unsigned long)stack_top - 8;
    c->user_regs.cs = FLAT_KERNEL_CS;
    c->user_regs.ss = FLAT_KERNEL_SS;
    c->user_regs.rflags = 0x200;        /* IF */
    c->kernel_ss = FLAT_KERNEL_SS;
    c->kernel_sp = c->user_regs.rsp;
    c->ctrlreg[3] = xen_pfn_to_cr3(virt_to_mfn((void *)start_info->pt_base));
    c->event_callback_eip = (unsigned long)entry_EVTCHN1;
}

void vcpu1_block_until_upcall(void)
{
    unsigned int seen = vcpu1_upcalls;

    while ( vcpu1_upcalls == seen )
        hypercall_sched_op(SCHEDOP_block, NULL);
    HYPERVISOR_shared_info->vcpu_info[1].evtchn_upcall_mask = 1;
}
