/*
 * Unit tests of the PV CPUID policy (hypervisor/arch/x86/pv/cpuid.c):
 * what the filter hides and forces on raw leaves with every bit set, the
 * range rules, Xen's hypervisor leaves, and the forced-emulation prefix
 * path with the instruction fetch and the injections stubbed here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "cpuid.h"
#include "domain.h"
#include "emulate.h"

static const struct cpuid_ctx ctx = {
    .host_max_basic = 0x16,
    .host_max_extd = 0x80000021,
    .host_itsc = true,
    .tsc_khz = 2000000,
    .tsc_mul = 0x80000000,
    .tsc_shift = -1,
    .maddr_bits = 32,
};

static struct cpuid_leaf filter(uint32_t leaf, uint32_t sub,
                                const struct cpuid_ctx *c)
{
    struct cpuid_leaf r = { ~0u, ~0u, ~0u, ~0u };

    cpuid_pv_filter(leaf, sub, &r, c);
    return r;
}

#define BIT(n) (1u << (n))

static void test_leaf1(void **state)
{
    struct cpuid_ctx hw = ctx;
    struct cpuid_leaf r = filter(1, 0, &ctx);

    assert_true(r.c & BIT(31));                 /* HYPERVISOR */
    assert_false(r.c & BIT(5));                 /* VMX */
    assert_false(r.c & BIT(3));                 /* MONITOR */
    assert_false(r.c & BIT(17));                /* PCID */
    assert_false(r.c & BIT(21));                /* x2APIC */
    assert_false(r.c & BIT(24));                /* TSC_DEADLINE */
    assert_false(r.c & (BIT(26) | BIT(27) | BIT(28)));  /* XSAVE, AVX */
    assert_false(r.c & BIT(7));                 /* EIST: hwdom only */
    assert_true(r.c & BIT(0));                  /* SSE3 */
    assert_int_equal(r.b >> 24, 0);             /* APIC ID */
    assert_true(r.d & BIT(0));                  /* FPU */
    assert_true(r.d & BIT(25));                 /* SSE */
    assert_false(r.d & BIT(12));                /* MTRR */
    assert_false(r.d & (BIT(3) | BIT(13) | BIT(17)));   /* PSE PGE PSE36 */

    hw.hwdom_kernel = true;                     /* Xen's dom0 leaks */
    r = filter(1, 0, &hw);
    assert_true(r.d & BIT(12));
    assert_true(r.c & BIT(7));
}

static void test_leaf7(void **state)
{
    struct cpuid_leaf r = filter(7, 0, &ctx);

    assert_int_equal(r.a, 1);                   /* max subleaf clamped */
    assert_false(r.b & BIT(0));                 /* FSGSBASE */
    assert_false(r.b & BIT(7));                 /* SMEP */
    assert_false(r.b & BIT(10));                /* INVPCID */
    assert_false(r.b & BIT(20));                /* SMAP */
    assert_false(r.b & BIT(5));                 /* AVX2 */
    assert_true(r.b & BIT(3));                  /* BMI1 */
    assert_false(r.c & BIT(16));                /* LA57 */
    assert_false(r.c & (BIT(2) | BIT(3)));      /* UMIP PKU */
    assert_false(r.d & (BIT(26) | BIT(27) | BIT(29) | BIT(31)));
    assert_true(r.d & BIT(10));                 /* MD_CLEAR */

    r = filter(7, 1, &ctx);
    assert_int_equal(r.a, 0x1c00);
    assert_int_equal(r.b | r.c | r.d, 0);
    r = filter(7, 2, &ctx);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
}

static void test_ranges(void **state)
{
    struct cpuid_ctx small = ctx;
    struct cpuid_leaf r;

    r = filter(0, 0, &ctx);
    assert_int_equal(r.a, 0xd);
    r = filter(0x14, 0, &ctx);                  /* beyond the policy */
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = filter(5, 0, &ctx);                     /* MONITOR leaf */
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = filter(0xd, 0, &ctx);                   /* XSAVE hidden */
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = filter(0x80000000, 0, &ctx);
    assert_int_equal(r.a, 0x80000008);
    r = filter(0x80000021, 0, &ctx);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = filter(0x8000000a, 0, &ctx);            /* SVM leaf */
    assert_int_equal(r.a | r.b | r.c | r.d, 0);

    small.host_max_basic = 4;
    small.host_max_extd = 0x80000004;
    r = filter(7, 0, &small);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = filter(0x80000008, 0, &small);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = filter(0x50000000, 0, &ctx);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
}

static void test_extended(void **state)
{
    struct cpuid_leaf r = filter(0x80000001, 0, &ctx);

    assert_false(r.c & BIT(2));                 /* SVM */
    assert_false(r.c & (BIT(11) | BIT(16)));    /* XOP FMA4 */
    assert_true(r.d & BIT(29));                 /* LM */
    assert_true(r.d & BIT(11));                 /* SYSCALL */
    assert_true(r.d & BIT(20));                 /* NX */
    assert_false(r.d & BIT(12));                /* MTRR copy */
    r = filter(0x80000008, 0, &ctx);
    assert_false(r.b & BIT(12));                /* IBPB */
    assert_int_equal(r.d, 0);
}

static void test_xen_leaves(void **state)
{
    struct cpuid_leaf r = filter(0x40000000, 0, &ctx);

    assert_int_equal(r.a, 0x40000005);
    assert_memory_equal(&r.b, "XenV", 4);
    assert_memory_equal(&r.c, "MMXe", 4);
    assert_memory_equal(&r.d, "nVMM", 4);
    r = filter(0x40000001, 0, &ctx);
    assert_int_equal(r.a, 0x40011);
    r = filter(0x40000002, 0, &ctx);
    assert_int_equal(r.a, 1);
    assert_int_equal(r.b, 0x40000000);
    assert_int_equal(r.c, 1);
    r = filter(0x40000003, 0, &ctx);
    assert_int_equal(r.a, 2);                   /* host TSC is safe */
    assert_int_equal(r.c, 2000000);
    r = filter(0x40000003, 1, &ctx);
    assert_int_equal(r.c, 0x80000000);
    assert_int_equal(r.d, 0xffffffff);
    r = filter(0x40000003, 2, &ctx);
    assert_int_equal(r.a, 2000000);
    r = filter(0x40000004, 0, &ctx);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = filter(0x40000005, 0, &ctx);
    assert_int_equal(r.b, 32);
    r = filter(0x40000006, 0, &ctx);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = filter(0x40000100, 0, &ctx);            /* no Viridian */
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
}

/* The forced-emulation path, with ring-0 services stubbed. */
static struct vcpu_info vinfo;
static struct domain dom = { .is_privileged = true };
static struct vcpu vcpu = { .domain = &dom, .vcpu_info = &vinfo,
                            .kernel_mode = true };
struct vcpu *current = &vcpu;

static const uint8_t *guest_code;
static unsigned int guest_code_len, pf_count;
static unsigned long pf_addr, done_rip;

uint64_t tsc_khz(void)
{
    return 1000000;
}

unsigned int pv_fetch_insn(unsigned long rip, uint8_t *buf,
                           unsigned int want)
{
    unsigned int n = want < guest_code_len ? want : guest_code_len;

    memcpy(buf, guest_code, n);
    return n;
}

void pv_inject_page_fault(struct cpu_user_regs *regs, uint32_t ec,
                          unsigned long cr2)
{
    pf_count++;
    pf_addr = cr2;
}

void pv_emul_instruction_done(struct cpu_user_regs *regs, unsigned long rip)
{
    done_rip = rip;
    regs->rip = rip;
}

static bool run_fep(const uint8_t *code, unsigned int len,
                    struct cpu_user_regs *regs)
{
    guest_code = code;
    guest_code_len = len;
    pf_count = 0;
    done_rip = 0;
    regs->rip = 0x1000;
    return pv_emulate_invalid_op(regs);
}

static void test_fep(void **state)
{
    static const uint8_t fep[] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2 };
    static const uint8_t nop[] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x90, 0x90 };
    static const uint8_t ud2[] = { 0x0f, 0x0b, 0x90, 0x90, 0x90 };
    struct cpu_user_regs regs = { .rax = 0x40000000 };

    assert_true(run_fep(fep, sizeof(fep), &regs));
    assert_int_equal(done_rip, 0x1007);
    assert_int_equal(regs.rax, 0x40000005);
    assert_int_equal(regs.rbx, 0x566e6558);

    regs.rax = 0x40000000;
    assert_false(run_fep(nop, sizeof(nop), &regs));     /* plain #UD */
    assert_int_equal(done_rip, 0);
    assert_false(run_fep(ud2, sizeof(ud2), &regs));
    assert_int_equal(pf_count, 0);

    /* Fetch faults: #PF at the first byte that could not be read. */
    assert_true(run_fep(fep, 3, &regs));
    assert_int_equal(pf_count, 1);
    assert_int_equal(pf_addr, 0x1003);
    assert_true(run_fep(fep, 6, &regs));
    assert_int_equal(pf_addr, 0x1006);
    assert_int_equal(done_rip, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leaf1),
        cmocka_unit_test(test_leaf7),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_extended),
        cmocka_unit_test(test_xen_leaves),
        cmocka_unit_test(test_fep),
    };

    return cmocka_run_group_tests_name("cpuid", tests, NULL, NULL);
}
