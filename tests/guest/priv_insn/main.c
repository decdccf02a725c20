/*
 * priv_insn conformance: the privileged instructions a PV kernel still
 * executes and the hypercalls next to them: rdmsr/wrmsr (segment bases,
 * PAT, EFER, APIC_BASE, #GP for the rest), mov from CR0/CR3/CR4,
 * set_segment_base and set/get_debugreg.  Expectations are Xen 4.17's
 * pv/emul-priv-op.c and pv/misc-hypercalls.c, checked with run-on-xen.
 */
#include <test.h>
#include <pv-guest/param.h>

const char test_title[] = "priv_insn: MSRs, CRs, segment bases, debugregs";

#define MSR_FS_BASE        0xc0000100
#define MSR_GS_BASE        0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102
#define MSR_EFER           0xc0000080
#define MSR_APIC_BASE      0x0000001b
#define MSR_PAT            0x00000277
#define MSR_MTRRcap        0x000000fe

/* rdmsr/wrmsr that report a fault instead of dying: true if no fault. */
static bool rdmsr_safe(uint32_t msr, uint64_t *val)
{
    uint32_t lo = 0, hi = 0;

    trap_last.vector = X86_NR_EXC;
    asm volatile ("1: rdmsr\n2:\n\t" ASM_EXTABLE(1b, 2b)
                  : "+a" (lo), "+d" (hi) : "c" (msr) : "memory");
    *val = ((uint64_t)hi << 32) | lo;
    return trap_last.vector == X86_NR_EXC;
}

static bool wrmsr_safe(uint32_t msr, uint64_t val)
{
    trap_last.vector = X86_NR_EXC;
    asm volatile ("1: wrmsr\n2:\n\t" ASM_EXTABLE(1b, 2b)
                  :: "c" (msr), "a" ((uint32_t)val),
                     "d" ((uint32_t)(val >> 32)) : "memory");
    return trap_last.vector == X86_NR_EXC;
}

static void expect_gp(const char *what, bool ok)
{
    if ( ok || trap_last.vector != X86_EXC_GP || trap_last.error_code )
        xtf_failure("Fail: %s: no #GP(0)\n", what);
    else
        printk("  %-32s #GP(0)\n", what);
}

static void test_msrs(void)
{
    static int tls;
    uint64_t v = 0, efer = 0;

    if ( !wrmsr_safe(MSR_FS_BASE, (unsigned long)&tls) ||
         !rdmsr_safe(MSR_FS_BASE, &v) )
        xtf_failure("Fail: FS_BASE round trip faulted\n");
    xtf_expect_hex("FS_BASE round trip", v, (unsigned long)&tls);
    if ( !wrmsr_safe(MSR_SHADOW_GS_BASE, 0x1000) ||
         !rdmsr_safe(MSR_SHADOW_GS_BASE, &v) )
        xtf_failure("Fail: SHADOW_GS_BASE round trip faulted\n");
    xtf_expect_hex("SHADOW_GS_BASE round trip", v, 0x1000);
    if ( !wrmsr_safe(MSR_GS_BASE, 0x2000) || !rdmsr_safe(MSR_GS_BASE, &v) )
        xtf_failure("Fail: GS_BASE round trip faulted\n");
    xtf_expect_hex("GS_BASE round trip", v, 0x2000);
    expect_gp("wrmsr FS_BASE non-canonical",
              wrmsr_safe(MSR_FS_BASE, 0x8000000000000000UL));

    rdmsr_safe(MSR_PAT, &v);
    xtf_expect_hex("PAT (Xen's)", v, 0x0000050100070406UL);
    rdmsr_safe(MSR_APIC_BASE, &v);
    xtf_expect_hex("APIC_BASE", v, 0xfee00900UL);
    rdmsr_safe(MSR_EFER, &efer);
    xtf_expect_hex("EFER LME|LMA|SCE", efer & 0x501, 0x501);
    if ( !wrmsr_safe(MSR_EFER, efer) )
        xtf_failure("Fail: writing EFER's own value faulted\n");
    expect_gp("wrmsr EFER changed", wrmsr_safe(MSR_EFER, efer ^ 1));
    expect_gp("rdmsr MTRRcap", rdmsr_safe(MSR_MTRRcap, &v));
    expect_gp("rdmsr 0x12345678", rdmsr_safe(0x12345678, &v));
    expect_gp("wrmsr PAT", wrmsr_safe(MSR_PAT, 0x0007040600070406UL));
}

static void test_crs(void)
{
    const unsigned long *mfns = (const unsigned long *)start_info->mfn_list;
    unsigned long l4 = mfns[(start_info->pt_base - PV_VIRT_BASE) >> 12];
    unsigned long cr0, cr3, cr4;

    asm volatile ("mov %%cr0, %0" : "=r" (cr0));
    xtf_expect_hex("CR0 PE|PG", cr0 & 0x80000001UL, 0x80000001UL);
    hypercall_fpu_taskswitch(1);
    asm volatile ("mov %%cr0, %0" : "=r" (cr0));
    xtf_expect_hex("CR0.TS after fpu_taskswitch(1)", cr0 & 8, 8);
    hypercall_fpu_taskswitch(0);
    asm volatile ("mov %%cr0, %0" : "=r" (cr0));
    xtf_expect_hex("CR0.TS after fpu_taskswitch(0)", cr0 & 8, 0);

    asm volatile ("mov %%cr3, %0" : "=r" (cr3));
    xtf_expect_hex("CR3 = initial L4 mfn << 12", cr3, l4 << 12);
    asm volatile ("mov %%cr4, %0" : "=r" (cr4));
    xtf_expect_hex("CR4 PAE|OSFXSR", cr4 & 0x220, 0x220);
}

static void test_segment_base(void)
{
    uint64_t v = 0;

    xtf_expect_hex("set_segment_base(FS)",
                   hypercall_set_segment_base(SEGBASE_FS, 0x3000), 0);
    rdmsr_safe(MSR_FS_BASE, &v);
    xtf_expect_hex("... FS_BASE", v, 0x3000);
    xtf_expect_hex("set_segment_base(GS_USER)",
                   hypercall_set_segment_base(SEGBASE_GS_USER, 0x4000), 0);
    rdmsr_safe(MSR_SHADOW_GS_BASE, &v);
    xtf_expect_hex("... SHADOW_GS_BASE", v, 0x4000);
    xtf_expect_hex("set_segment_base(GS_KERNEL)",
                   hypercall_set_segment_base(SEGBASE_GS_KERNEL, 0x5000), 0);
    rdmsr_safe(MSR_GS_BASE, &v);
    xtf_expect_hex("... GS_BASE", v, 0x5000);
    xtf_expect_hex("set_segment_base(FS, non-canonical)",
                   hypercall_set_segment_base(SEGBASE_FS, 0x8000000000000000UL),
                   (uint64_t)-XEN_EINVAL);
    xtf_expect_hex("set_segment_base(99)", hypercall_set_segment_base(99, 0),
                   (uint64_t)-XEN_EINVAL);
}

static void test_debugreg(void)
{
    static int watched;
    unsigned long addr = (unsigned long)&watched;

    xtf_expect_hex("set_debugreg(0, guest VA)", hypercall_set_debugreg(0, addr),
                   0);
    xtf_expect_hex("get_debugreg(0)", hypercall_get_debugreg(0), addr);
    xtf_expect_hex("set_debugreg(1, hypervisor VA)",
                   hypercall_set_debugreg(1, 0xffff830000000000UL),
                   (uint64_t)-XEN_EPERM);
    xtf_expect_hex("set_debugreg(6, 0)", hypercall_set_debugreg(6, 0), 0);
    xtf_expect_hex("get_debugreg(6)", hypercall_get_debugreg(6), 0xffff0ff0UL);
    xtf_expect_hex("set_debugreg(6, upper half)",
                   hypercall_set_debugreg(6, 1UL << 32), (uint64_t)-XEN_EINVAL);
    xtf_expect_hex("set_debugreg(7, GD)", hypercall_set_debugreg(7, 1UL << 13),
                   (uint64_t)-XEN_EPERM);
    xtf_expect_hex("set_debugreg(7, 0)", hypercall_set_debugreg(7, 0), 0);
    xtf_expect_hex("get_debugreg(7)", hypercall_get_debugreg(7), 0x400);
    xtf_expect_hex("get_debugreg(8)", hypercall_get_debugreg(8),
                   (uint64_t)-XEN_ENODEV);
    xtf_expect_hex("set_debugreg(0, 0)", hypercall_set_debugreg(0, 0), 0);
}

void test_main(void)
{
    test_msrs();
    test_crs();
    test_segment_base();
    test_debugreg();

    xtf_success(NULL);
}
