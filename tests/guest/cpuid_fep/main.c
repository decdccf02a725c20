/*
 * cpuid_fep conformance: CPUID through the forced-emulation prefix
 * (`ud2; .ascii "xen"; cpuid') returns the PV policy and Xen's leaves,
 * and the prefix before anything but cpuid is a plain #UD.  Expectations
 * are Xen 4.17's pv/emul-inv-op.c, cpuid.c and cpu-policy.c, checked on
 * real Xen with /work/shared/tools/run-on-xen.
 */
#include <test.h>
#include <xen/arch-x86/cpuid.h>

const char test_title[] = "cpuid_fep: forced-emulation CPUID, PV policy";

struct leaf {
    uint32_t a, b, c, d;
};

static struct leaf fep_cpuid(uint32_t leaf, uint32_t subleaf)
{
    struct leaf r;

    asm volatile ("ud2; .ascii \"xen\"; cpuid"
                  : "=a" (r.a), "=b" (r.b), "=c" (r.c), "=d" (r.d)
                  : "a" (leaf), "c" (subleaf));
    return r;
}

static void expect_bit(const char *what, uint32_t reg, unsigned int bit,
                       bool want)
{
    bool set = reg & (1u << bit);

    if ( set != want )
        xtf_failure("Fail: %s is %s\n", what, set ? "set" : "clear");
    else
        printk("  %-28s %s\n", what, set ? "set" : "clear");
}

static void test_xen_leaves(void)
{
    struct leaf r = fep_cpuid(0x40000000, 0);

    xtf_expect_hex("0x40000000 eax (max leaf)", r.a, 0x40000005);
    xtf_expect_hex("0x40000000 ebx \"XenV\"", r.b, XEN_CPUID_SIGNATURE_EBX);
    xtf_expect_hex("0x40000000 ecx \"MMXe\"", r.c, XEN_CPUID_SIGNATURE_ECX);
    xtf_expect_hex("0x40000000 edx \"nVMM\"", r.d, XEN_CPUID_SIGNATURE_EDX);

    r = fep_cpuid(0x40000001, 0);
    xtf_expect_hex("0x40000001 eax (version)", r.a, (4 << 16) | 17);

    r = fep_cpuid(0x40000002, 0);
    xtf_expect_hex("0x40000002 eax (pages)", r.a, 1);
    xtf_expect_hex("0x40000002 ebx (MSR)", r.b, 0x40000000);
    expect_bit("0x40000002 PRESERVE_AD", r.c, 0, true);

    r = fep_cpuid(0x40000003, 2);
    if ( !r.a )
        xtf_failure("Fail: 0x40000003.2 eax: no TSC frequency\n");

    r = fep_cpuid(0x40000004, 0);
    xtf_expect_hex("0x40000004 eax (HVM only)", r.a, 0);
}

static void test_features(void)
{
    struct leaf r = fep_cpuid(1, 0);

    expect_bit("leaf 1 HYPERVISOR", r.c, 31, true);
    expect_bit("leaf 1 VMX", r.c, 5, false);
    expect_bit("leaf 1 MONITOR", r.c, 3, false);
    expect_bit("leaf 1 PCID", r.c, 17, false);
    expect_bit("leaf 1 TSC_DEADLINE", r.c, 24, false);
    expect_bit("leaf 1 FPU", r.d, 0, true);
    expect_bit("leaf 1 SSE2", r.d, 26, true);
    xtf_expect_hex("leaf 1 ebx APIC ID", r.b >> 24, 0);

    r = fep_cpuid(7, 0);
    expect_bit("leaf 7 SMEP", r.b, 7, false);
    expect_bit("leaf 7 SMAP", r.b, 20, false);
    expect_bit("leaf 7 INVPCID", r.b, 10, false);
    expect_bit("leaf 7 LA57", r.c, 16, false);
    expect_bit("leaf 7 PKU", r.c, 3, false);

    r = fep_cpuid(0x80000001, 0);
    expect_bit("0x80000001 SVM", r.c, 2, false);
    expect_bit("0x80000001 LM", r.d, 29, true);
    expect_bit("0x80000001 SYSCALL", r.d, 11, true);

    r = fep_cpuid(0, 0);
    if ( r.a < 1 || r.a > 0xd )
        xtf_failure("Fail: leaf 0 max %#x\n", r.a);
}

/* The prefix before anything but cpuid: #UD at the ud2, nothing run. */
static void test_not_cpuid(void)
{
    unsigned long fault;

    trap_last.vector = X86_NR_EXC;
    asm volatile ("lea 1f(%%rip), %0\n"
                  "1: ud2; .ascii \"xen\"; nop\n"
                  "2:\n\t"
                  ASM_EXTABLE(1b, 2b)
                  : "=&r" (fault) :: "memory");
    if ( trap_last.vector != X86_EXC_UD || trap_last.rip != fault )
        xtf_failure("Fail: prefix + nop: vector %u at %#lx, expected "
                    "#UD at %#lx\n", trap_last.vector, trap_last.rip, fault);
    else
        printk("  prefix + nop: #UD at the ud2\n");
}

void test_main(void)
{
    test_xen_leaves();
    test_features();
    test_not_cpuid();

    xtf_success(NULL);
}
