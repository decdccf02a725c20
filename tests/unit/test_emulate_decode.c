/*
 * Unit tests of the PV privileged-instruction decoder
 * (hypervisor/arch/x86/pv/emulate_decode.c): every accepted form, the
 * prefix rules, truncated input (never read past `avail', which ASan
 * checks with exact-size heap copies) and the 15-byte limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "emulate.h"

/* Decode from an exact-size heap copy so any over-read trips ASan. */
static enum x86_decode_rc decode(const uint8_t *bytes, unsigned int n,
                                 struct x86_insn *insn)
{
    uint8_t *buf = malloc(n ? n : 1);
    enum x86_decode_rc rc;

    memcpy(buf, bytes, n);
    rc = x86_decode(buf, n, insn);
    free(buf);
    return rc;
}

#define DECODE(insn, ...) \
    decode((const uint8_t[]){ __VA_ARGS__ }, \
           sizeof((const uint8_t[]){ __VA_ARGS__ }), (insn))

static void test_mov_cr_dr(void **state)
{
    struct x86_insn i;

    assert_int_equal(DECODE(&i, 0x0f, 0x20, 0xc0), X86_DECODE_OK);
    assert_int_equal(i.op, X86_OP_MOV_FROM_CR);
    assert_int_equal(i.ctl, 0);
    assert_int_equal(i.gpr, 0);
    assert_int_equal(i.len, 3);

    /* mov %r15, %cr4: REX.B extends the register operand. */
    assert_int_equal(DECODE(&i, 0x41, 0x0f, 0x22, 0xe7), X86_DECODE_OK);
    assert_int_equal(i.op, X86_OP_MOV_TO_CR);
    assert_int_equal(i.ctl, 4);
    assert_int_equal(i.gpr, 15);
    assert_int_equal(i.len, 4);

    /* REX.R names CR8; the mod field is ignored (always a register). */
    assert_int_equal(DECODE(&i, 0x44, 0x0f, 0x20, 0x03), X86_DECODE_OK);
    assert_int_equal(i.ctl, 8);
    assert_int_equal(i.gpr, 3);

    assert_int_equal(DECODE(&i, 0x0f, 0x21, 0xf8), X86_DECODE_OK);
    assert_int_equal(i.op, X86_OP_MOV_FROM_DR);
    assert_int_equal(i.ctl, 7);
    assert_int_equal(DECODE(&i, 0x0f, 0x23, 0xc1), X86_DECODE_OK);
    assert_int_equal(i.op, X86_OP_MOV_TO_DR);
    assert_int_equal(i.gpr, 1);
}

static void test_msr_and_misc(void **state)
{
    struct x86_insn i;

    assert_int_equal(DECODE(&i, 0x0f, 0x30), X86_DECODE_OK);
    assert_int_equal(i.op, X86_OP_WRMSR);
    assert_int_equal(DECODE(&i, 0x0f, 0x32), X86_DECODE_OK);
    assert_int_equal(i.op, X86_OP_RDMSR);
    assert_int_equal(DECODE(&i, 0x0f, 0x06), X86_DECODE_OK);
    assert_int_equal(i.op, X86_OP_CLTS);
    assert_int_equal(DECODE(&i, 0x0f, 0x09), X86_DECODE_OK);
    assert_int_equal(i.op, X86_OP_WBINVD);
    assert_int_equal(DECODE(&i, 0xfa), X86_DECODE_OK);
    assert_int_equal(i.op, X86_OP_CLI);
    assert_int_equal(DECODE(&i, 0xfb), X86_DECODE_OK);
    assert_int_equal(i.op, X86_OP_STI);

    /* Not emulated: hlt (Xen bounces it), rdtsc/cpuid (native), lgdt. */
    assert_int_equal(DECODE(&i, 0xf4), X86_DECODE_UNKNOWN);
    assert_int_equal(DECODE(&i, 0x0f, 0x31), X86_DECODE_UNKNOWN);
    assert_int_equal(DECODE(&i, 0x0f, 0xa2), X86_DECODE_UNKNOWN);
    assert_int_equal(DECODE(&i, 0x0f, 0x01, 0x10), X86_DECODE_UNKNOWN);
}

static void test_port_io(void **state)
{
    struct x86_insn i;

    assert_int_equal(DECODE(&i, 0xe4, 0x80), X86_DECODE_OK);
    assert_int_equal(i.op, X86_OP_IN);
    assert_true(i.port_imm);
    assert_int_equal(i.imm8, 0x80);
    assert_int_equal(i.bytes, 1);
    assert_int_equal(i.len, 2);

    assert_int_equal(DECODE(&i, 0x66, 0xed), X86_DECODE_OK);
    assert_int_equal(i.op, X86_OP_IN);
    assert_false(i.port_imm);
    assert_int_equal(i.bytes, 2);
    assert_int_equal(DECODE(&i, 0xed), X86_DECODE_OK);
    assert_int_equal(i.bytes, 4);
    assert_int_equal(DECODE(&i, 0xe7, 0x70), X86_DECODE_OK);
    assert_int_equal(i.op, X86_OP_OUT);
    assert_int_equal(i.bytes, 4);
    assert_int_equal(DECODE(&i, 0xee), X86_DECODE_OK);
    assert_int_equal(i.op, X86_OP_OUT);
    assert_int_equal(i.bytes, 1);

    assert_int_equal(DECODE(&i, 0xf3, 0x6c), X86_DECODE_OK);
    assert_int_equal(i.op, X86_OP_INS);
    assert_true(i.rep);
    assert_int_equal(DECODE(&i, 0x67, 0xf3, 0x66, 0x6f), X86_DECODE_OK);
    assert_int_equal(i.op, X86_OP_OUTS);
    assert_true(i.addr32);
    assert_int_equal(i.bytes, 2);
    assert_int_equal(i.len, 4);
    assert_int_equal(DECODE(&i, 0x64, 0x6e), X86_DECODE_OK);
    assert_int_equal(i.seg, X86_SEG_FS);
}

static void test_prefix_rules(void **state)
{
    struct x86_insn i;
    uint8_t buf[16];

    /* A REX followed by a legacy prefix is void; 66 still applies. */
    assert_int_equal(DECODE(&i, 0x44, 0x66, 0x0f, 0x20, 0xc0),
                     X86_DECODE_OK);
    assert_int_equal(i.ctl, 0);
    assert_int_equal(DECODE(&i, 0x48, 0x66, 0xed), X86_DECODE_OK);
    assert_int_equal(i.bytes, 2);

    /* 14 prefixes + opcode = 15 bytes: fine.  One more: refused. */
    memset(buf, 0x66, sizeof(buf));
    buf[14] = 0xfa;
    assert_int_equal(decode(buf, 15, &i), X86_DECODE_OK);
    assert_int_equal(i.len, 15);
    buf[14] = 0x66;
    buf[15] = 0xfa;
    assert_int_equal(decode(buf, 16, &i), X86_DECODE_UNKNOWN);
    /* 14 prefixes, then 0f 20 c0 would be 17 bytes. */
    buf[14] = 0x0f;
    buf[15] = 0x20;
    assert_int_equal(decode(buf, 16, &i), X86_DECODE_UNKNOWN);
}

static void test_truncated(void **state)
{
    struct x86_insn i;

    assert_int_equal(decode((const uint8_t[]){ 0 }, 0, &i),
                     X86_DECODE_SHORT);
    assert_int_equal(i.len, 0);
    assert_int_equal(DECODE(&i, 0x0f), X86_DECODE_SHORT);
    assert_int_equal(i.len, 1);
    assert_int_equal(DECODE(&i, 0x0f, 0x22), X86_DECODE_SHORT);
    assert_int_equal(i.len, 2);
    assert_int_equal(DECODE(&i, 0xe6), X86_DECODE_SHORT);
    assert_int_equal(i.len, 1);
    assert_int_equal(DECODE(&i, 0x66, 0x67, 0x41), X86_DECODE_SHORT);
    assert_int_equal(i.len, 3);
}

/* Random bytes, random lengths: no over-read, sane lengths. */
static void test_random(void **state)
{
    uint8_t buf[X86_MAX_INSN_LEN];
    struct x86_insn i;

    srand(1234);
    for ( unsigned int n = 0; n < 200000; n++ )
    {
        unsigned int avail = rand() % (X86_MAX_INSN_LEN + 1);

        for ( unsigned int k = 0; k < avail; k++ )
            buf[k] = rand() % 4 ? rand() : (uint8_t[]){ 0x0f, 0x66, 0x41,
                                                        0xf3 }[rand() % 4];
        switch ( decode(buf, avail, &i) )
        {
        case X86_DECODE_OK:
            assert_true(i.len >= 1 && i.len <= avail);
            assert_true(i.op != X86_OP_NONE);
            assert_true(i.gpr < 16 && i.ctl < 16);
            break;
        case X86_DECODE_SHORT:
            assert_int_equal(i.len, avail);
            break;
        default:
            break;
        }
    }
}

static void test_gpr_map(void **state)
{
    struct cpu_user_regs regs;

    assert_ptr_equal(x86_gpr(&regs, 0), &regs.rax);
    assert_ptr_equal(x86_gpr(&regs, 1), &regs.rcx);
    assert_ptr_equal(x86_gpr(&regs, 4), &regs.rsp);
    assert_ptr_equal(x86_gpr(&regs, 7), &regs.rdi);
    assert_ptr_equal(x86_gpr(&regs, 8), &regs.r8);
    assert_ptr_equal(x86_gpr(&regs, 15), &regs.r15);
    assert_ptr_equal(x86_gpr(&regs, 16), &regs.rax);   /* clamped */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mov_cr_dr),
        cmocka_unit_test(test_msr_and_misc),
        cmocka_unit_test(test_port_io),
        cmocka_unit_test(test_prefix_rules),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_gpr_map),
    };

    return cmocka_run_group_tests_name("emulate_decode", tests, NULL, NULL);
}
