/*
 * A decoder for exactly the instruction forms PVX emulates for a PV
 * guest: port I/O, cli/sti, clts, wbinvd, mov to/from CR and DR, rdmsr
 * and wrmsr.  Input is a byte buffer copied out of the guest, so every
 * read is bounds-checked against `avail'; nothing here touches guest
 * memory or guest state.  64-bit mode only (no compat guests).
 */
#include "emulate.h"

/* Legacy prefixes (SDM vol. 2, 2.1.1); returns the segment or -2. */
static int legacy_prefix(uint8_t b)
{
    switch ( b )
    {
    case 0x26: return X86_SEG_ES;
    case 0x2e: return X86_SEG_CS;
    case 0x36: return X86_SEG_SS;
    case 0x3e: return X86_SEG_DS;
    case 0x64: return X86_SEG_FS;
    case 0x65: return X86_SEG_GS;
    case 0x66: case 0x67: case 0xf0: case 0xf2: case 0xf3:
        return X86_SEG_NONE;
    }
    return -2;
}

/* Port I/O and cli/sti: the one-byte opcodes we accept. */
static bool decode_onebyte(uint8_t opc, bool opsize, struct x86_insn *insn)
{
    unsigned int wide = opsize ? 2 : 4;

    switch ( opc )
    {
    case 0x6c: case 0x6d:
        insn->op = X86_OP_INS;
        insn->bytes = opc & 1 ? wide : 1;
        return true;
    case 0x6e: case 0x6f:
        insn->op = X86_OP_OUTS;
        insn->bytes = opc & 1 ? wide : 1;
        return true;
    case 0xe4: case 0xe5: case 0xec: case 0xed:
        insn->op = X86_OP_IN;
        break;
    case 0xe6: case 0xe7: case 0xee: case 0xef:
        insn->op = X86_OP_OUT;
        break;
    case 0xfa:
        insn->op = X86_OP_CLI;
        return true;
    case 0xfb:
        insn->op = X86_OP_STI;
        return true;
    default:
        return false;
    }
    insn->bytes = opc & 1 ? wide : 1;
    insn->port_imm = !(opc & 8);
    return true;
}

enum x86_decode_rc x86_decode(const uint8_t *buf, unsigned int avail,
                              struct x86_insn *insn)
{
    unsigned int i = 0, rex = 0;
    bool opsize = false;
    uint8_t opc;

    memset(insn, 0, sizeof(*insn));
    insn->seg = X86_SEG_NONE;

    /* Prefixes; a REX counts only directly before the opcode. */
    for ( ;; i++ )
    {
        int seg;

        if ( i >= X86_MAX_INSN_LEN )
            return X86_DECODE_UNKNOWN;
        if ( i >= avail )
            goto short_read;
        if ( (buf[i] & 0xf0) == 0x40 )
        {
            rex = buf[i];
            continue;
        }
        seg = legacy_prefix(buf[i]);
        if ( seg == -2 )
            break;
        rex = 0;                        /* a REX before a prefix is void */
        if ( seg != X86_SEG_NONE )
            insn->seg = seg;
        else if ( buf[i] == 0x66 )
            opsize = true;
        else if ( buf[i] == 0x67 )
            insn->addr32 = true;
        else if ( buf[i] == 0xf2 || buf[i] == 0xf3 )
            insn->rep = true;
    }

    opc = buf[i++];
    if ( opc != 0x0f )
    {
        if ( !decode_onebyte(opc, opsize, insn) )
            return X86_DECODE_UNKNOWN;
        if ( insn->op == X86_OP_IN || insn->op == X86_OP_OUT )
        {
            if ( insn->port_imm )
            {
                if ( i >= X86_MAX_INSN_LEN )
                    return X86_DECODE_UNKNOWN;
                if ( i >= avail )
                    goto short_read;
                insn->imm8 = buf[i++];
            }
        }
        insn->len = i;
        return X86_DECODE_OK;
    }

    if ( i >= X86_MAX_INSN_LEN )
        return X86_DECODE_UNKNOWN;
    if ( i >= avail )
        goto short_read;
    opc = buf[i++];
    switch ( opc )
    {
    case 0x06: insn->op = X86_OP_CLTS; break;
    case 0x09: insn->op = X86_OP_WBINVD; break;
    case 0x30: insn->op = X86_OP_WRMSR; break;
    case 0x32: insn->op = X86_OP_RDMSR; break;
    case 0x20 ... 0x23:
    {
        static const enum x86_op mov[] = {
            X86_OP_MOV_FROM_CR, X86_OP_MOV_FROM_DR,
            X86_OP_MOV_TO_CR, X86_OP_MOV_TO_DR,
        };
        uint8_t modrm;

        if ( i >= X86_MAX_INSN_LEN )
            return X86_DECODE_UNKNOWN;
        if ( i >= avail )
            goto short_read;
        /* The mod field is ignored: these always name registers. */
        modrm = buf[i++];
        insn->op = mov[opc - 0x20];
        insn->ctl = ((modrm >> 3) & 7) | (rex & 4 ? 8 : 0);
        insn->gpr = (modrm & 7) | (rex & 1 ? 8 : 0);
        break;
    }
    default:
        return X86_DECODE_UNKNOWN;
    }
    insn->len = i;
    return X86_DECODE_OK;

 short_read:
    insn->len = i;
    return X86_DECODE_SHORT;
}

uint64_t *x86_gpr(struct cpu_user_regs *regs, unsigned int n)
{
    switch ( n & 15 )
    {
    case 0:  return &regs->rax;
    case 1:  return &regs->rcx;
    case 2:  return &regs->rdx;
    case 3:  return &regs->rbx;
    case 4:  return &regs->rsp;
    case 5:  return &regs->rbp;
    case 6:  return &regs->rsi;
    case 7:  return &regs->rdi;
    case 8:  return &regs->r8;
    case 9:  return &regs->r9;
    case 10: return &regs->r10;
    case 11: return &regs->r11;
    case 12: return &regs->r12;
    case 13: return &regs->r13;
    case 14: return &regs->r14;
    default: return &regs->r15;
    }
}
