/*
 * Decoder and arithmetic for trapped page-table stores.  Accepted: mov,
 * xchg, cmpxchg, and/or/xor and btr/bts with a memory destination, in any
 * operand size, with the lock, operand-size, segment and REX prefixes.
 * The effective address is not computed here: the fault's CR2 is it.
 */
#include "ptwr.h"

#define FLAG_CF 0x001
#define FLAG_PF 0x004
#define FLAG_AF 0x010
#define FLAG_ZF 0x040
#define FLAG_SF 0x080
#define FLAG_OF 0x800
#define ARITH_FLAGS (FLAG_CF | FLAG_PF | FLAG_AF | FLAG_ZF | FLAG_SF | FLAG_OF)

/* Length of ModRM and what follows it (SIB, displacement); 0 if a register
 * operand (mod 3) or the bytes run out. */
static unsigned int modrm_len(const uint8_t *p, unsigned int avail)
{
    unsigned int mod, rm, n = 1;

    if ( !avail )
        return 0;
    mod = p[0] >> 6;
    rm = p[0] & 7;
    if ( mod == 3 )
        return 0;
    if ( rm == 4 )
    {
        if ( avail < 2 )
            return 0;
        n++;
        if ( mod == 0 && (p[1] & 7) == 5 )
            n += 4;                     /* SIB with no base: disp32 */
    }
    else if ( mod == 0 && rm == 5 )
        n += 4;                         /* RIP-relative disp32 */
    if ( mod == 1 )
        n += 1;
    else if ( mod == 2 )
        n += 4;
    return n <= avail ? n : 0;
}

static uint64_t sign_extend(uint64_t v, unsigned int from_bytes)
{
    unsigned int shift = 64 - from_bytes * 8;

    return (uint64_t)((int64_t)(v << shift) >> shift);
}

static uint64_t read_imm(const uint8_t *p, unsigned int n)
{
    uint64_t v = 0;

    for ( unsigned int i = 0; i < n; i++ )
        v |= (uint64_t)p[i] << (8 * i);
    return sign_extend(v, n);
}

/* One-byte and 0f-prefixed opcodes: (op, byte form, immediate kind). */
static int classify(unsigned int opc, unsigned int reg_field,
                    struct ptwr_insn *in, unsigned int *imm_kind)
{
    *imm_kind = 0;                      /* 0 none, 1 imm8, 2 full imm */
    switch ( opc )
    {
    case 0x88: in->bytes = 1; /* fall through */
    case 0x89: in->op = PTWR_MOV; return 0;
    case 0xc6: in->bytes = 1; /* fall through */
    case 0xc7: in->op = PTWR_MOV; *imm_kind = opc == 0xc6 ? 1 : 2;
               return reg_field == 0 ? 0 : -1;
    case 0x86: in->bytes = 1; /* fall through */
    case 0x87: in->op = PTWR_XCHG; return 0;
    case 0x20: in->bytes = 1; /* fall through */
    case 0x21: in->op = PTWR_AND; return 0;
    case 0x08: in->bytes = 1; /* fall through */
    case 0x09: in->op = PTWR_OR; return 0;
    case 0x30: in->bytes = 1; /* fall through */
    case 0x31: in->op = PTWR_XOR; return 0;
    case 0x80: case 0x81: case 0x83:
        if ( opc == 0x80 )
            in->bytes = 1;
        *imm_kind = opc == 0x81 ? 2 : 1;
        switch ( reg_field )
        {
        case 1: in->op = PTWR_OR; return 0;
        case 4: in->op = PTWR_AND; return 0;
        case 6: in->op = PTWR_XOR; return 0;
        }
        return -1;
    case 0x1b0: in->bytes = 1; /* fall through */
    case 0x1b1: in->op = PTWR_CMPXCHG; return 0;
    case 0x1b3: in->op = PTWR_BTR; return 0;
    case 0x1ab: in->op = PTWR_BTS; return 0;
    case 0x1ba:
        *imm_kind = 1;
        if ( reg_field == 5 || reg_field == 6 )
        {
            in->op = reg_field == 6 ? PTWR_BTR : PTWR_BTS;
            return 0;
        }
        return -1;
    }
    return -1;
}

int ptwr_decode(const uint8_t *buf, unsigned int avail, struct ptwr_insn *in)
{
    unsigned int i = 0, opc, ml, imm_kind, imm_n;
    bool opsize16 = false, rex_w = false, rex_r = false;

    memset(in, 0, sizeof(*in));
    avail = MIN(avail, 15u);
    for ( ; i < avail; i++ )            /* legacy prefixes */
    {
        uint8_t b = buf[i];

        if ( b == 0x66 )
            opsize16 = true;
        else if ( b != 0xf0 && b != 0x2e && b != 0x3e && b != 0x26 &&
                  b != 0x36 && b != 0x64 && b != 0x65 && b != 0x67 )
            break;
    }
    if ( i < avail && (buf[i] & 0xf0) == 0x40 )     /* REX, last prefix */
    {
        in->rex = true;
        rex_w = buf[i] & 8;
        rex_r = buf[i] & 4;
        i++;
    }
    if ( i >= avail )
        return -1;
    opc = buf[i++];
    if ( opc == 0x0f )
    {
        if ( i >= avail )
            return -1;
        opc = 0x100 | buf[i++];
    }
    if ( i >= avail )
        return -1;
    in->bytes = rex_w ? 8 : opsize16 ? 2 : 4;
    if ( classify(opc, (buf[i] >> 3) & 7, in, &imm_kind) )
        return -1;
    in->reg = ((buf[i] >> 3) & 7) | (rex_r ? 8 : 0);
    if ( !(ml = modrm_len(buf + i, avail - i)) )
        return -1;                      /* register destination, or short */
    i += ml;
    imm_n = imm_kind == 1 ? 1 : imm_kind == 2 ? MIN(in->bytes, 4u) : 0;
    if ( imm_n )
    {
        if ( i + imm_n > avail )
            return -1;
        in->has_imm = true;
        in->imm = read_imm(buf + i, imm_n);
        i += imm_n;
    }
    in->len = i;
    return 0;
}

static uint64_t mask_of(unsigned int bytes)
{
    return bytes == 8 ? ~0UL : (1UL << (bytes * 8)) - 1;
}

static uint64_t parity_flag(uint64_t v)
{
    return __builtin_parity((unsigned int)(v & 0xff)) ? 0 : FLAG_PF;
}

/* Flags of a logic result: CF = OF = 0, SF/ZF/PF from the result. */
static uint64_t logic_flags(uint64_t r, unsigned int bytes)
{
    return (r ? 0 : FLAG_ZF) | ((r >> (bytes * 8 - 1)) & 1 ? FLAG_SF : 0) |
           parity_flag(r);
}

/* Flags of a - b (cmpxchg's compare). */
static uint64_t sub_flags(uint64_t a, uint64_t b, unsigned int bytes)
{
    uint64_t m = mask_of(bytes), r = (a - b) & m;
    unsigned int top = bytes * 8 - 1;
    uint64_t f = logic_flags(r, bytes);

    if ( b > a )
        f |= FLAG_CF;
    if ( (((a ^ b) & (a ^ r)) >> top) & 1 )
        f |= FLAG_OF;
    if ( (a ^ b ^ r) & 0x10 )
        f |= FLAG_AF;
    return f;
}

/* Register reg as an operand of size bytes (AH..BH without REX). */
static uint64_t reg_operand(const struct ptwr_insn *in, uint64_t full)
{
    if ( in->bytes == 1 && !in->rex && in->reg >= 4 && in->reg < 8 )
        return (full >> 8) & 0xff;
    return full & mask_of(in->bytes);
}

/* Write v into register reg as an instruction of that size would. */
static uint64_t reg_result(const struct ptwr_insn *in, uint64_t full,
                           uint64_t v)
{
    if ( in->bytes == 1 && !in->rex && in->reg >= 4 && in->reg < 8 )
        return (full & ~0xff00UL) | ((v & 0xff) << 8);
    if ( in->bytes == 4 )
        return v & 0xffffffffUL;        /* 32-bit writes zero-extend */
    return (full & ~mask_of(in->bytes)) | (v & mask_of(in->bytes));
}

int ptwr_execute(const struct ptwr_insn *in, uint64_t old,
                 struct ptwr_state *st, uint64_t *val, bool *store)
{
    uint64_t m = mask_of(in->bytes);
    uint64_t src = in->has_imm ? in->imm & m : reg_operand(in, st->src_reg);
    unsigned int bit;

    old &= m;
    *store = true;
    switch ( in->op )
    {
    case PTWR_MOV:
        *val = src;
        return 0;
    case PTWR_XCHG:
        *val = src;
        st->src_reg = reg_result(in, st->src_reg, old);
        return 0;
    case PTWR_CMPXCHG:
        st->rflags = (st->rflags & ~ARITH_FLAGS) |
                     sub_flags(st->rax & m, old, in->bytes);
        if ( (st->rax & m) == old )
        {
            *val = src;
            return 0;
        }
        *store = false;
        *val = old;
        st->rax = in->bytes == 4 ? old : (st->rax & ~m) | old;
        return 0;
    case PTWR_AND:
    case PTWR_OR:
    case PTWR_XOR:
        *val = in->op == PTWR_AND ? old & src :
               in->op == PTWR_OR ? old | src : old ^ src;
        st->rflags = (st->rflags & ~ARITH_FLAGS) | logic_flags(*val, in->bytes);
        return 0;
    case PTWR_BTR:
    case PTWR_BTS:
        /* A register bit offset may address beyond the operand: refuse. */
        if ( !in->has_imm && src >= in->bytes * 8UL )
            return -1;
        bit = (unsigned int)(src & (in->bytes * 8 - 1));
        st->rflags = (st->rflags & ~(uint64_t)FLAG_CF) |
                     ((old >> bit) & 1 ? FLAG_CF : 0);
        *val = in->op == PTWR_BTR ? old & ~(1UL << bit) : old | (1UL << bit);
        return 0;
    }
    return -1;
}
