/*
 * Exceptions in the PV kernel core: the trap table given to Xen, per-vector
 * C handlers, and the exception-fixup table.  A frame is Xen's public
 * struct cpu_user_regs up to and including ss; the es/ds/fs/gs fields
 * after it are Xen-internal and are not part of a bounce frame.
 */
#ifndef PV_GUEST_TRAPS_H
#define PV_GUEST_TRAPS_H

/* Architectural exception vectors (Intel SDM vol. 3, table 6-1). */
#define X86_EXC_DE      0   /* divide error */
#define X86_EXC_DB      1   /* debug */
#define X86_EXC_NMI     2   /* non-maskable interrupt */
#define X86_EXC_BP      3   /* breakpoint (int3) */
#define X86_EXC_OF      4   /* overflow (into) */
#define X86_EXC_BR      5   /* bound range */
#define X86_EXC_UD      6   /* invalid opcode */
#define X86_EXC_NM      7   /* device not available */
#define X86_EXC_DF      8   /* double fault */
#define X86_EXC_TS      10  /* invalid TSS */
#define X86_EXC_NP      11  /* segment not present */
#define X86_EXC_SS      12  /* stack-segment fault */
#define X86_EXC_GP      13  /* general protection */
#define X86_EXC_PF      14  /* page fault */
#define X86_EXC_MF      16  /* x87 floating point */
#define X86_EXC_AC      17  /* alignment check */
#define X86_EXC_MC      18  /* machine check */
#define X86_EXC_XM      19  /* SIMD floating point */
#define X86_NR_EXC      32

/* #PF error code bits (Intel SDM vol. 3, 4.7). */
#define X86_PFEC_PRESENT    (1U << 0)
#define X86_PFEC_WRITE      (1U << 1)
#define X86_PFEC_USER       (1U << 2)

#ifndef __ASSEMBLY__

#include <stdbool.h>
#include <stdint.h>

#include <xen/xen.h>

/*
 * A handler returns true when it dealt with the exception (it may move
 * regs->rip); false passes it on to the fixup table, then to panic().
 */
typedef bool (*trap_handler_t)(struct cpu_user_regs *regs);

/* What the last fixed-up exception looked like, for the code that asked. */
struct trap_record {
    unsigned int vector;
    unsigned int error_code;
    unsigned long rip;      /* faulting RIP as saved in the bounce frame */
    unsigned long cs;       /* CS selector, RPL 0 in guest-kernel context */
    unsigned long rsp;      /* RSP slot: the interrupted stack pointer */
};
extern struct trap_record trap_last;

/*
 * An exception at `fault` resumes at `fixup`; trap_last describes it.
 * Use inside an asm statement that also clobbers "memory".
 */
#define ASM_EXTABLE(fault, fixup)               \
    ".pushsection .ex_table, \"a\"\n\t"         \
    ".balign 8\n\t"                             \
    ".quad " #fault ", " #fixup "\n\t"          \
    ".popsection\n\t"

/* traps.c */
void traps_init(void);
void trap_set_handler(unsigned int vector, trap_handler_t fn);
void do_exception(struct cpu_user_regs *regs);

/* extable.c: fixup address for a faulting RIP, or 0. */
unsigned long extable_search(unsigned long rip);

#endif /* !__ASSEMBLY__ */

#endif /* PV_GUEST_TRAPS_H */
