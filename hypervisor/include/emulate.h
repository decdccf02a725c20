/*
 * Emulation of the privileged instructions a 64-bit PV kernel still
 * executes (Xen's pv/emul-priv-op.c and emul-inv-op.c).  The decoder is a
 * pure function over bytes already copied out of the guest: it trusts
 * nothing in them and never reads past the length it is given.
 */
#ifndef PVX_EMULATE_H
#define PVX_EMULATE_H

#include "lib.h"
#include <xen/xen.h>
#include "domain.h"

#define X86_MAX_INSN_LEN 15

/* The instruction forms PVX emulates; anything else is X86_OP_NONE. */
enum x86_op
{
    X86_OP_NONE,
    X86_OP_IN,          /* e4/e5 imm8, ec/ed %dx */
    X86_OP_OUT,         /* e6/e7 imm8, ee/ef %dx */
    X86_OP_INS,         /* 6c/6d */
    X86_OP_OUTS,        /* 6e/6f */
    X86_OP_CLI,         /* fa */
    X86_OP_STI,         /* fb */
    X86_OP_CLTS,        /* 0f 06 */
    X86_OP_WBINVD,      /* 0f 09 */
    X86_OP_MOV_FROM_CR, /* 0f 20 /r */
    X86_OP_MOV_FROM_DR, /* 0f 21 /r */
    X86_OP_MOV_TO_CR,   /* 0f 22 /r */
    X86_OP_MOV_TO_DR,   /* 0f 23 /r */
    X86_OP_WRMSR,       /* 0f 30 */
    X86_OP_RDMSR,       /* 0f 32 */
};

enum x86_decode_rc
{
    X86_DECODE_OK,
    X86_DECODE_SHORT,   /* needs byte `len' that was not available */
    X86_DECODE_UNKNOWN, /* not a form PVX emulates, or > 15 bytes */
};

#define X86_SEG_NONE (-1)
enum { X86_SEG_ES, X86_SEG_CS, X86_SEG_SS, X86_SEG_DS, X86_SEG_FS,
       X86_SEG_GS };

struct x86_insn
{
    enum x86_op op;
    unsigned int len;       /* bytes, prefixes included */
    unsigned int bytes;     /* I/O width: 1, 2 or 4 */
    bool port_imm;          /* port in imm8 (else in %dx) */
    uint8_t imm8;
    bool rep;               /* f3 (or f2) before ins/outs */
    bool addr32;            /* 67: 32-bit addressing for ins/outs */
    int seg;                /* override for outs, X86_SEG_NONE if none */
    unsigned int ctl;       /* mov cr/dr: control/debug register number */
    unsigned int gpr;       /* mov cr/dr: general register number 0-15 */
};

/* Decode buf[0, avail) as one instruction in 64-bit mode. */
enum x86_decode_rc x86_decode(const uint8_t *buf, unsigned int avail,
                              struct x86_insn *insn);

/* General register n (0 rax ... 15 r15, the ModRM order) in a frame. */
uint64_t *x86_gpr(struct cpu_user_regs *regs, unsigned int n);

/* #GP with error code 0 from a PV guest: true if emulated or turned into
 * another exception; false means the caller bounces the #GP. */
bool pv_emulate_privileged_op(struct cpu_user_regs *regs);
/* #UD: true if the forced-emulation prefix was handled (cpuid). */
bool pv_emulate_invalid_op(struct cpu_user_regs *regs);

/* Helpers the emulation paths share (emulate_priv_op.c). */
void pv_emul_instruction_done(struct cpu_user_regs *regs, unsigned long rip);
void pv_inject_page_fault(struct cpu_user_regs *regs, uint32_t ec,
                          unsigned long cr2);
/* Copy up to want instruction bytes from rip; returns how many were
 * readable before the first fault. */
unsigned int pv_fetch_insn(unsigned long rip, uint8_t *buf,
                           unsigned int want);
/* The guest-visible CR4: its own bits and the hardware bits it may see. */
unsigned long pv_guest_cr4(const struct vcpu *v);

/* Port I/O (emulate_io.c): false means the access is not permitted. */
bool pv_iopl_ok(const struct vcpu *v);
bool pv_emulate_io(struct cpu_user_regs *regs, const struct x86_insn *insn);

/* MSRs (msr.c): 0, or -1 when the guest must get #GP(0). */
int pv_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val);
int pv_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val);
/* Xen's PAT (WB WT UC- UC WC WP UC UC): guests build PTEs against it. */
#define XEN_MSR_PAT 0x0000050100070406UL
/* Boot: program the real PAT to XEN_MSR_PAT. */
void msr_init(void);
/* rdmsr in ring 0 that survives a #GP: 0, or -1 if the MSR is absent. */
int rdmsr_safe(uint32_t msr, uint64_t *val);

/* Debug registers (segments.c): 0 or a Xen errno (-EPERM, -EINVAL,
 * -ENODEV), as set_debugreg and the mov-to/from-DR paths use them. */
long set_debugreg(struct vcpu *v, unsigned int reg, unsigned long value);
long pv_read_dr(const struct vcpu *v, unsigned int reg, unsigned long *val);
void pv_debug_fault(struct cpu_user_regs *regs);

#endif /* PVX_EMULATE_H */
