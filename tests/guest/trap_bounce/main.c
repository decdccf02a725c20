/*
 * trap_bounce conformance: exceptions raised in guest-kernel context are
 * bounced to the trap table with the right vector, error code, saved RIP,
 * CS (RPL 0) and RSP, and execution resumes through the iret hypercall
 * with %rcx and %r11 intact.  Expectations are Xen 4.17's
 * create_bounce_frame (xen/arch/x86/x86_64/entry.S) and do_iret.
 */
#include <test.h>

const char test_title[] = "trap_bounce: #BP #UD #PF #GP #DE from the kernel";

/* Values %rcx and %r11 must still hold after the exception returns. */
#define MAGIC_RCX   0x0123456789abcdef
#define MAGIC_R11   0xfedcba9876543210

/* What the code around one faulting instruction observed. */
struct probe {
    unsigned long fault;    /* address of the instruction */
    unsigned long next;     /* address after it */
    unsigned long rsp;      /* %rsp when it ran */
    unsigned long rcx, r11; /* after resuming */
};

/*
 * Run `setup` then the single instruction `insn` with %rcx/%r11 holding
 * magic values; a fault resumes right after `insn` via the fixup table.
 */
#define PROBE(p, setup, insn)                                          \
  do {                                                                 \
    trap_last.vector = X86_NR_EXC; /* no stale record can match */     \
    asm volatile (setup "\n\t"                                         \
                  "lea 1f(%%rip), %%rax\n\t"                           \
                  "mov %%rax, %[fault]\n\t"                            \
                  "lea 2f(%%rip), %%rax\n\t"                           \
                  "mov %%rax, %[next]\n\t"                             \
                  "mov %%rsp, %[rsp]\n\t"                              \
                  "movabs $" XSTR(MAGIC_RCX) ", %%rcx\n\t"             \
                  "movabs $" XSTR(MAGIC_R11) ", %%r11\n"               \
                  "1: " insn "\n"                                      \
                  "2:\n\t"                                             \
                  "mov %%rcx, %[rcx]\n\t"                              \
                  "mov %%r11, %[r11]\n\t"                              \
                  ASM_EXTABLE(1b, 2b)                                  \
                  : [fault] "=m" ((p).fault), [next] "=m" ((p).next),  \
                    [rsp] "=m" ((p).rsp), [rcx] "=m" ((p).rcx),        \
                    [r11] "=m" ((p).r11)                               \
                  :: "rax", "rcx", "rdx", "r11", "memory");            \
  } while ( 0 )

/* Check the bounced frame (rec) against what the probe saw. */
static void check(const char *name, const struct probe *p,
                  const struct trap_record *rec, unsigned int vector,
                  unsigned int error_code, unsigned long rip)
{
    bool ok = true;

    if ( rec->vector != vector )
    {
        xtf_failure("Fail: %s: vector %u, expected %u\n", name,
                    rec->vector, vector);
        return;
    }
    if ( rec->error_code != error_code )
        ok = false, xtf_failure("Fail: %s: error code %#x, expected %#x\n",
                                name, rec->error_code, error_code);
    if ( rec->rip != rip )
        ok = false, xtf_failure("Fail: %s: frame RIP %#lx, expected %#lx\n",
                                name, rec->rip, rip);
    /* Kernel context: Xen clears the RPL of the saved FLAT_KERNEL_CS. */
    if ( (rec->cs & 0xffff) != (FLAT_KERNEL_CS & ~3) )
        ok = false, xtf_failure("Fail: %s: frame CS %#lx, expected %#x\n",
                                name, rec->cs & 0xffff, FLAT_KERNEL_CS & ~3);
    if ( rec->rsp != p->rsp )
        ok = false, xtf_failure("Fail: %s: frame RSP %#lx, expected %#lx\n",
                                name, rec->rsp, p->rsp);
    if ( p->rcx != MAGIC_RCX || p->r11 != MAGIC_R11 )
        ok = false, xtf_failure("Fail: %s: rcx/r11 %#lx/%#lx after iret\n",
                                name, p->rcx, p->r11);
    if ( ok )
        printk("  %-8s vec %2u ec %#06x rip %#lx cs %#lx: ok\n", name,
               vector, error_code, rec->rip, rec->cs);
}

static struct trap_record bp_seen;
static unsigned int bp_hits;

static bool bp_handler(struct cpu_user_regs *regs)
{
    bp_hits++;
    bp_seen.vector = regs->entry_vector;
    bp_seen.error_code = regs->error_code;
    bp_seen.rip = regs->rip;
    bp_seen.cs = regs->cs;
    bp_seen.rsp = regs->rsp;
    return true;
}

/* #BP is a trap: the handler runs and the frame points past the int3. */
static void test_int3(void)
{
    struct probe p;

    trap_set_handler(X86_EXC_BP, bp_handler);
    bp_seen.vector = X86_NR_EXC;
    PROBE(p, "", "int3");
    trap_set_handler(X86_EXC_BP, NULL);

    if ( bp_hits != 1 )
        xtf_failure("Fail: int3: handler ran %u times\n", bp_hits);
    check("int3", &p, &bp_seen, X86_EXC_BP, 0, p.next);
}

/* Faults: the frame points at the instruction, which is skipped. */
static void test_faults(void)
{
    struct probe p;

    PROBE(p, "", "ud2");
    check("ud2", &p, &trap_last, X86_EXC_UD, 0, p.fault);

    /* VA 0 is not mapped: VIRT_BASE puts the kernel at -2 GiB. */
    PROBE(p, "xor %%edx, %%edx", "mov (%%rdx), %%rax");
    check("read 0", &p, &trap_last, X86_EXC_PF, 0, p.fault);

    PROBE(p, "xor %%edx, %%edx", "mov %%rax, (%%rdx)");
    check("write 0", &p, &trap_last, X86_EXC_PF, X86_PFEC_WRITE, p.fault);

    /* Ring 3 underneath: hlt is privileged and Xen does not emulate it. */
    PROBE(p, "", "hlt");
    check("hlt", &p, &trap_last, X86_EXC_GP, 0, p.fault);

    /* %edx:%eax / %edx with %edx = 0; the probe itself clobbers %rax. */
    PROBE(p, "xor %%edx, %%edx", "div %%edx");
    check("div 0", &p, &trap_last, X86_EXC_DE, 0, p.fault);
}

void test_main(void)
{
    test_int3();
    test_faults();

    xtf_success(NULL);
}
