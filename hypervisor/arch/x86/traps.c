/*
 * do_trap: every IDT vector lands here.  Interrupts go to their device,
 * guest exceptions to the PV bounce logic, and hypervisor faults either to
 * an exception-table fixup (guest-memory copies) or to a register dump and
 * panic: a fault in ring 0 without a fixup is always a PVX bug.
 */
#include "apic.h"
#include "cpu.h"
#include "lib.h"
#include "pv.h"
#include "smp.h"
#include "x86.h"

struct extable_entry
{
    uint64_t insn, fixup;
};
extern const struct extable_entry __start_extable[], __stop_extable[];

static const char *const exc_names[32] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow",
    "bound range", "invalid opcode", "device not available", "double fault",
    "coprocessor overrun", "invalid TSS", "segment not present",
    "stack fault", "general protection", "page fault", "reserved",
    "x87 FPU error", "alignment check", "machine check", "SIMD error",
    "virtualization", "control protection",
};

const char *vector_name(unsigned int vec)
{
    return vec < 32 && exc_names[vec] ? exc_names[vec] : "interrupt";
}

void show_registers(const struct cpu_user_regs *regs)
{
    printk("RIP: %04x:%016lx  RFLAGS: %016lx  %s\n", regs->cs, regs->rip,
           regs->rflags, guest_mode(regs) ? "(guest)" : "(hypervisor)");
    printk("RAX: %016lx  RBX: %016lx  RCX: %016lx\n",
           regs->rax, regs->rbx, regs->rcx);
    printk("RDX: %016lx  RSI: %016lx  RDI: %016lx\n",
           regs->rdx, regs->rsi, regs->rdi);
    printk("RBP: %016lx  RSP: %016lx  R8:  %016lx\n",
           regs->rbp, regs->rsp, regs->r8);
    printk("R9:  %016lx  R10: %016lx  R11: %016lx\n",
           regs->r9, regs->r10, regs->r11);
    printk("R12: %016lx  R13: %016lx  R14: %016lx\n",
           regs->r12, regs->r13, regs->r14);
    printk("R15: %016lx  CR2: %016lx  CR3: %016lx\n",
           regs->r15, read_cr2(), read_cr3());
    printk("SS: %04x  vector %u  error code %04x\n", regs->ss,
           regs->entry_vector & 0xff, regs->error_code);
}

/* The hypervisor stack above the frame, for a fault in ring 0. */
static void show_stack(const struct cpu_user_regs *regs)
{
    const uint64_t *sp = (const uint64_t *)(regs + 1);

    printk("Stack:");
    for ( unsigned int i = 0; i < 16; i++ )
    {
        if ( ((uint64_t)(sp + i) & (STACK_SIZE - 1)) == 0 )
            break;                      /* top of a stack */
        printk("%s %016lx", i % 4 ? "" : "\n ", sp[i]);
    }
    printk("\n");
}

static bool fixup_exception(struct cpu_user_regs *regs)
{
    for ( const struct extable_entry *e = __start_extable;
          e < __stop_extable; e++ )
        if ( e->insn == regs->rip )
        {
            regs->rip = e->fixup;
            return true;
        }
    return false;
}

void do_trap(struct cpu_user_regs *regs)
{
    unsigned int vec = regs->entry_vector & 0xff;

    /* Interrupts take no lock: the CPU may be waiting for it (smp.h). */
    if ( vec >= 32 )
    {
        if ( vec == LAPIC_TIMER_VECTOR )
            apic_timer_interrupt();
        else if ( vec == EVENT_CHECK_VECTOR || vec == INVALIDATE_VECTOR )
            smp_ipi_interrupt(vec);
        else if ( vec != SPURIOUS_VECTOR )
            pr_warn("unexpected interrupt vector %u\n", vec);
        if ( vec != SPURIOUS_VECTOR )
            apic_eoi();
        return;
    }
    if ( guest_mode(regs) )
    {
        hv_lock();                      /* the exit path drops it */
        pv_handle_exception(regs);
        return;
    }
    if ( fixup_exception(regs) )
        return;
    /* A guest data breakpoint hit by a copy to or from guest memory:
     * ignored in ring 0, as Xen's do_debug does (a trap, so no retry). */
    if ( vec == X86_EXC_DB )
        return;
    printk("FATAL TRAP: vector %u, %s, in the hypervisor\n", vec,
           vector_name(vec));
    show_registers(regs);
    show_stack(regs);
    panic("do_trap: unhandled %s at %lx", vector_name(vec), regs->rip);
}
