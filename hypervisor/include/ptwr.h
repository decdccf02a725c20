/*
 * Writable page tables (Xen's ptwr): a PV kernel's store into one of its
 * own read-only L1 tables faults, and ring 0 decodes the store, validates
 * the resulting entry and applies it.  The decoder and the operation's
 * arithmetic are pure functions over bytes and values copied out of the
 * guest; only the store forms kernels use on page tables are accepted.
 */
#ifndef PVX_PTWR_H
#define PVX_PTWR_H

#include "lib.h"

enum ptwr_op
{
    PTWR_MOV, PTWR_XCHG, PTWR_CMPXCHG, PTWR_AND, PTWR_OR, PTWR_XOR,
    PTWR_BTR, PTWR_BTS,
};

struct ptwr_insn
{
    enum ptwr_op op;
    unsigned int len;           /* bytes, prefixes included */
    unsigned int bytes;         /* operand size: 1, 2, 4 or 8 */
    bool has_imm;               /* source is imm (else register reg) */
    uint64_t imm;               /* sign-extended to the operand size */
    unsigned int reg;           /* ModRM.reg (+REX.R): source register */
    bool rex;                   /* a REX prefix was seen (byte regs) */
};

/* 0, or -1 if buf[0, avail) is not one of the accepted store forms. */
int ptwr_decode(const uint8_t *buf, unsigned int avail,
                struct ptwr_insn *insn);

/* Registers an operation reads and may write, plus the flags. */
struct ptwr_state
{
    uint64_t src_reg;           /* full 64-bit value of register reg */
    uint64_t rax;               /* cmpxchg's comparand */
    uint64_t rflags;
};

/*
 * Apply insn to the memory operand's old value (bytes wide).  Sets *val to
 * the value to store and *store to whether a store happens (a failed
 * cmpxchg does not); updates st as the instruction would.  -1 for an
 * operand the memory form cannot reach (bit offset beyond the operand).
 */
int ptwr_execute(const struct ptwr_insn *insn, uint64_t old,
                 struct ptwr_state *st, uint64_t *val, bool *store);

/* The #PF handler's hook: true if the fault was a page-table write that
 * has now been emulated. */
struct cpu_user_regs;
bool ptwr_do_page_fault(struct cpu_user_regs *regs, unsigned long addr);

#endif /* PVX_PTWR_H */
