/*
 * Trap table registration and exception dispatch for the PV kernel core.
 * Owns the per-vector C handlers and trap_last; trusts entry.S to hand
 * over a complete frame and Xen to have bounced a well-formed one.
 */
#include <stddef.h>

#include <hypercalls/hypercall.h>
#include <pv-guest/lib.h>
#include <pv-guest/traps.h>

/* entry.S: one entry point per vector. */
void entry_DE(void), entry_DB(void), entry_NMI(void), entry_BP(void);
void entry_OF(void), entry_BR(void), entry_UD(void), entry_NM(void);
void entry_DF(void), entry_TS(void), entry_NP(void), entry_SS(void);
void entry_GP(void), entry_PF(void), entry_MF(void), entry_AC(void);
void entry_MC(void), entry_XM(void);

/* entry.S pushes exactly this layout; pin it (XTF build assertions). */
BUILD_BUG_ON(offsetof(struct cpu_user_regs, r15) != 0);
BUILD_BUG_ON(offsetof(struct cpu_user_regs, rdi) != 14 * 8);
BUILD_BUG_ON(offsetof(struct cpu_user_regs, error_code) != 15 * 8);
BUILD_BUG_ON(offsetof(struct cpu_user_regs, entry_vector) != 15 * 8 + 4);
BUILD_BUG_ON(offsetof(struct cpu_user_regs, rip) != 16 * 8);
BUILD_BUG_ON(offsetof(struct cpu_user_regs, ss) != 20 * 8);

static const struct {
    uint8_t vector;
    uint8_t dpl;            /* 3: reachable by int3/into from the kernel */
    void (*entry)(void);
} vectors[] = {
    { X86_EXC_DE,  0, entry_DE },
    { X86_EXC_DB,  0, entry_DB },
    { X86_EXC_NMI, 0, entry_NMI },
    { X86_EXC_BP,  3, entry_BP },
    { X86_EXC_OF,  3, entry_OF },
    { X86_EXC_BR,  0, entry_BR },
    { X86_EXC_UD,  0, entry_UD },
    { X86_EXC_NM,  0, entry_NM },
    { X86_EXC_DF,  0, entry_DF },
    { X86_EXC_TS,  0, entry_TS },
    { X86_EXC_NP,  0, entry_NP },
    { X86_EXC_SS,  0, entry_SS },
    { X86_EXC_GP,  0, entry_GP },
    { X86_EXC_PF,  0, entry_PF },
    { X86_EXC_MF,  0, entry_MF },
    { X86_EXC_AC,  0, entry_AC },
    { X86_EXC_MC,  0, entry_MC },
    { X86_EXC_XM,  0, entry_XM },
};

/* Xen copies the table in set_trap_table; one spare slot ends it. */
static struct trap_info trap_table[ARRAY_SIZE(vectors) + 1];

static trap_handler_t handlers[X86_NR_EXC];

struct trap_record trap_last;

void traps_init(void)
{
    unsigned int i;
    long rc;

    for ( i = 0; i < ARRAY_SIZE(vectors); i++ )
    {
        struct trap_info *ti = &trap_table[i];

        ti->vector = vectors[i].vector;
        ti->cs = FLAT_KERNEL_CS;
        ti->address = (unsigned long)vectors[i].entry;
        TI_SET_DPL(ti, vectors[i].dpl);
        /* Interrupt gate: keep events masked while a handler runs. */
        TI_SET_IF(ti, 1);
    }

    rc = hypercall_set_trap_table(trap_table);
    if ( rc )
        panic("traps_init: set_trap_table failed: %ld", rc);
}

void trap_set_handler(unsigned int vector, trap_handler_t fn)
{
    if ( vector >= X86_NR_EXC )
        panic("trap_set_handler: bad vector %u", vector);
    handlers[vector] = fn;
}

static void print_frame(const struct cpu_user_regs *regs)
{
    printk("  vec %u ec %#x rip %016lx cs %04x rflags %016lx\n",
           regs->entry_vector, regs->error_code, regs->rip, regs->cs,
           regs->rflags);
    printk("  rsp %016lx ss %04x rax %016lx rbx %016lx\n",
           regs->rsp, regs->ss, regs->rax, regs->rbx);
    printk("  rcx %016lx rdx %016lx rsi %016lx rdi %016lx\n",
           regs->rcx, regs->rdx, regs->rsi, regs->rdi);
}

void do_exception(struct cpu_user_regs *regs)
{
    unsigned int vec = regs->entry_vector;
    unsigned long fixup;

    if ( vec < X86_NR_EXC && handlers[vec] && handlers[vec](regs) )
        return;

    fixup = extable_search(regs->rip);
    if ( fixup )
    {
        trap_last.vector = vec;
        trap_last.error_code = regs->error_code;
        trap_last.rip = regs->rip;
        trap_last.cs = regs->cs;
        trap_last.rsp = regs->rsp;
        regs->rip = fixup;
        return;
    }

    printk("Unhandled exception %u\n", vec);
    print_frame(regs);
    panic("do_exception: unhandled vector %u at %#lx", vec, regs->rip);
}
