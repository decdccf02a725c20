/*
 * Unit tests of the trapped page-table store decoder and its arithmetic
 * (hypervisor/arch/x86/pv/ptwr_decode.c), using the instruction bytes
 * Linux's PTE helpers really emit, and refusals for everything else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "ptwr.h"

#define CF 0x001
#define ZF 0x040

static struct ptwr_insn decode_ok(const uint8_t *b, unsigned int n)
{
    struct ptwr_insn in;

    assert_int_equal(ptwr_decode(b, n, &in), 0);
    assert_int_equal(in.len, n);
    return in;
}

static void mov_store_64(void **state)
{
    static const uint8_t b[] = { 0x48, 0x89, 0x37 };    /* mov %rsi,(%rdi) */
    struct ptwr_insn in = decode_ok(b, sizeof(b));
    struct ptwr_state st = { .src_reg = 0x1234567000000067UL };
    uint64_t v;
    bool store;

    (void)state;
    assert_int_equal(in.op, PTWR_MOV);
    assert_int_equal(in.bytes, 8);
    assert_int_equal(in.reg, 6);
    assert_int_equal(ptwr_execute(&in, 0, &st, &v, &store), 0);
    assert_true(store);
    assert_int_equal(v, 0x1234567000000067UL);
}

static void mov_imm_with_displacement(void **state)
{
    /* movq $0, 0x10(%rdi,%rax,8): SIB + disp8 + imm32 */
    static const uint8_t b[] = { 0x48, 0xc7, 0x44, 0xc7, 0x10, 0, 0, 0, 0 };
    struct ptwr_insn in = decode_ok(b, sizeof(b));

    (void)state;
    assert_true(in.has_imm);
    assert_int_equal(in.imm, 0);
}

static void xchg_returns_old(void **state)
{
    static const uint8_t b[] = { 0x48, 0x87, 0x07 };    /* xchg %rax,(%rdi) */
    struct ptwr_insn in = decode_ok(b, sizeof(b));
    struct ptwr_state st = { .src_reg = 0 };
    uint64_t v;
    bool store;

    (void)state;
    assert_int_equal(in.op, PTWR_XCHG);
    assert_int_equal(ptwr_execute(&in, 0xabc067, &st, &v, &store), 0);
    assert_int_equal(v, 0);
    assert_int_equal(st.src_reg, 0xabc067);
}

static void lock_cmpxchg_both_ways(void **state)
{
    /* lock cmpxchg %rsi,(%rdi) */
    static const uint8_t b[] = { 0xf0, 0x48, 0x0f, 0xb1, 0x37 };
    struct ptwr_insn in = decode_ok(b, sizeof(b));
    struct ptwr_state st = { .src_reg = 5, .rax = 7 };
    uint64_t v;
    bool store;

    (void)state;
    assert_int_equal(ptwr_execute(&in, 7, &st, &v, &store), 0);
    assert_true(store);
    assert_int_equal(v, 5);
    assert_true(st.rflags & ZF);
    st.rax = 9;
    assert_int_equal(ptwr_execute(&in, 7, &st, &v, &store), 0);
    assert_false(store);
    assert_false(st.rflags & ZF);
    assert_int_equal(st.rax, 7);
}

static void lock_andb_clears_rw(void **state)
{
    static const uint8_t b[] = { 0xf0, 0x80, 0x27, 0xfd };  /* andb $~2 */
    struct ptwr_insn in = decode_ok(b, sizeof(b));
    struct ptwr_state st = { 0 };
    uint64_t v;
    bool store;

    (void)state;
    assert_int_equal(in.op, PTWR_AND);
    assert_int_equal(in.bytes, 1);
    assert_int_equal(ptwr_execute(&in, 0x67, &st, &v, &store), 0);
    assert_int_equal(v, 0x65);
}

static void lock_btr_sets_carry(void **state)
{
    /* lock btrq $5,(%rdi) and lock btr %rax,(%rdi) */
    static const uint8_t imm[] = { 0xf0, 0x48, 0x0f, 0xba, 0x37, 0x05 };
    static const uint8_t reg[] = { 0xf0, 0x48, 0x0f, 0xb3, 0x07 };
    struct ptwr_insn in = decode_ok(imm, sizeof(imm));
    struct ptwr_state st = { 0 };
    uint64_t v;
    bool store;

    (void)state;
    assert_int_equal(ptwr_execute(&in, 0x67, &st, &v, &store), 0);
    assert_int_equal(v, 0x47);
    assert_true(st.rflags & CF);
    in = decode_ok(reg, sizeof(reg));
    st.src_reg = 64;                    /* beyond the operand: refused */
    assert_int_equal(ptwr_execute(&in, 0x67, &st, &v, &store), -1);
    st.src_reg = 1;
    assert_int_equal(ptwr_execute(&in, 0x67, &st, &v, &store), 0);
    assert_int_equal(v, 0x65);
}

static void byte_registers_without_rex(void **state)
{
    static const uint8_t b[] = { 0x88, 0x27 };          /* mov %ah,(%rdi) */
    struct ptwr_insn in = decode_ok(b, sizeof(b));
    struct ptwr_state st = { .src_reg = 0x4200 };
    uint64_t v;
    bool store;

    (void)state;
    assert_int_equal(ptwr_execute(&in, 0, &st, &v, &store), 0);
    assert_int_equal(v, 0x42);
}

static void refuses_other_forms(void **state)
{
    static const uint8_t regdst[] = { 0x48, 0x89, 0xc7 };   /* mov %rax,%rdi */
    static const uint8_t add[] = { 0x48, 0x01, 0x07 };      /* add */
    static const uint8_t shortb[] = { 0x48, 0xc7, 0x07, 0x00 };
    static const uint8_t prefixes[16] = { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                          0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                          0x66, 0x66, 0x89, 0x07 };
    struct ptwr_insn in;

    (void)state;
    assert_int_equal(ptwr_decode(regdst, sizeof(regdst), &in), -1);
    assert_int_equal(ptwr_decode(add, sizeof(add), &in), -1);
    assert_int_equal(ptwr_decode(shortb, sizeof(shortb), &in), -1);
    assert_int_equal(ptwr_decode(prefixes, sizeof(prefixes), &in), -1);
    assert_int_equal(ptwr_decode(add, 0, &in), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mov_store_64),
        cmocka_unit_test(mov_imm_with_displacement),
        cmocka_unit_test(xchg_returns_old),
        cmocka_unit_test(lock_cmpxchg_both_ways),
        cmocka_unit_test(lock_andb_clears_rw),
        cmocka_unit_test(lock_btr_sets_carry),
        cmocka_unit_test(byte_registers_without_rex),
        cmocka_unit_test(refuses_other_forms),
    };

    return cmocka_run_group_tests_name("ptwr_decode", tests, NULL, NULL);
}
