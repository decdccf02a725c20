/*
 * CPUID for PV guests (Xen 4.17 cpuid.c, cpu-policy.c, traps.c
 * cpuid_hypervisor_leaves) and the forced-emulation prefix that reaches
 * it (pv/emul-inv-op.c).  Feature words are the host's ANDed with Xen's
 * PV default ('A') masks, less what PVX cannot back yet: XSAVE and
 * everything built on it (no xsetbv emulation), FSGSBASE (CR4.FSGSBASE
 * stays clear) and the SPEC_CTRL/PRED_CMD family (MSRs not emulated).
 */
#include "cpuid.h"
#include "apic.h"
#include "domain.h"
#include "emulate.h"
#include "param.h"
#include "pv.h"
#include "x86.h"
#include <xen/arch-x86/cpuid.h>

#define BIT(n) (1u << (n))

/* leaf 1 edx: FPU DE TSC MSR PAE MCE CX8 APIC SEP MCA CMOV PAT CLFLUSH
 * ACPI MMX FXSR SSE SSE2 SS HTT (Xen's word 0). */
#define PV_1D   0x1fc9cbf5u
/* leaf 1 ecx: SSE3 PCLMULQDQ SSSE3 CX16 SSE4_1 SSE4_2 MOVBE POPCNT AESNI
 * RDRAND; HYPERVISOR is forced on. */
#define PV_1C   0x42d82203u
/* 0x80000001 edx: SYSCALL NX MMXEXT FFXSR RDTSCP LM 3DNOWEXT 3DNOW, and
 * on AMD the copies of leaf 1 edx bits (CPUID_COMMON_1D_FEATURES). */
#define PV_E1D  0xea500800u
#define COMMON_1D 0x0183f3ffu
/* 0x80000001 ecx: LAHF_LM CMP_LEGACY ABM SSE4A MISALIGNSSE 3DNOWPREFETCH
 * TBM DBEXT (no SVM, no XOP/FMA4). */
#define PV_E1C  0x042001e3u
/* 7.0 ebx: BMI1 ERMS RTM BMI2 RDSEED ADX CLFLUSHOPT CLWB SHA (no
 * FSGSBASE, SMEP, SMAP, INVPCID, AVX2, AVX-512). */
#define PV_7B0  0x218c0b08u
/* 7.0 ecx: PREFETCHWT1 GFNI RDPID CLDEMOTE (no UMIP, PKU, LA57). */
#define PV_7C0  0x02400101u
/* 7.0 edx: FSRM MD_CLEAR SERIALIZE. */
#define PV_7D0  0x00004410u
/* 7.1 eax: FZRM FSRS FSRCS. */
#define PV_7A1  0x00001c00u
/* 0x80000008 ebx: CLZERO RSTR_FP_ERR_PTRS SSB_NO BTC_NO. */
#define PV_E8B  0x24000005u

#define X86_FEATURE_MTRR_D       BIT(12)
#define X86_FEATURE_EIST_C       BIT(7)
#define X86_FEATURE_HYPERVISOR_C BIT(31)

#define MAX_BASIC 0xdu                  /* CPUID_GUEST_NR_BASIC - 1 */
#define MAX_EXTD  0x80000008u

bool cpuid_pv_in_range(uint32_t leaf, const struct cpuid_ctx *ctx)
{
    if ( leaf <= MAX_BASIC )
        return leaf <= ctx->host_max_basic;
    if ( leaf >= 0x40000000 && leaf <= 0x400001ff )
        return true;
    if ( leaf >= 0x80000000 && leaf <= MAX_EXTD )
        return leaf <= ctx->host_max_extd;
    return false;
}

static void hypervisor_leaf(uint32_t idx, uint32_t subleaf,
                            struct cpuid_leaf *res,
                            const struct cpuid_ctx *ctx)
{
    switch ( idx )
    {
    case 0:
        res->a = 0x40000000 + XEN_CPUID_MAX_NUM_LEAVES;
        res->b = XEN_CPUID_SIGNATURE_EBX;
        res->c = XEN_CPUID_SIGNATURE_ECX;
        res->d = XEN_CPUID_SIGNATURE_EDX;
        break;
    case 1:
        res->a = (XEN_MAJOR << 16) | XEN_MINOR;
        break;
    case 2:
        res->a = 1;                     /* hypercall pages */
        res->b = 0x40000000;            /* ... and their MSR */
        res->c = XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD;
        break;
    case 3:                             /* TSC: native, tsc_mode 0 */
        if ( subleaf == 0 )
        {
            res->a = (ctx->host_itsc ? 2 : 0) | (ctx->host_rdtscp ? 4 : 0);
            res->c = ctx->tsc_khz;
        }
        else if ( subleaf == 1 )
        {
            res->c = ctx->tsc_mul;
            res->d = (uint32_t)(int32_t)ctx->tsc_shift;
        }
        else if ( subleaf == 2 )
            res->a = ctx->tsc_khz;
        break;
    case 5:                             /* PV: machine address width */
        if ( subleaf == 0 )
            res->b = ctx->maddr_bits;
        break;
    }
}

void cpuid_pv_filter(uint32_t leaf, uint32_t subleaf, struct cpuid_leaf *res,
                     const struct cpuid_ctx *ctx)
{
    const struct cpuid_leaf raw = *res;

    memset(res, 0, sizeof(*res));
    if ( !cpuid_pv_in_range(leaf, ctx) )
        return;                         /* the AMD model: zeros */
    if ( leaf >= 0x40000000 && leaf < 0x80000000 )
    {
        if ( leaf - 0x40000000 <= XEN_CPUID_MAX_NUM_LEAVES )
            hypervisor_leaf(leaf - 0x40000000, subleaf, res, ctx);
        return;
    }

    switch ( leaf )
    {
    case 0x0:
        *res = raw;
        res->a = MIN(raw.a, MAX_BASIC);
        break;
    case 0x1:
        res->a = raw.a;
        res->b = raw.b & 0x00ffffffu;   /* no APIC ID */
        res->c = (raw.c & PV_1C) | X86_FEATURE_HYPERVISOR_C;
        res->d = raw.d & PV_1D;
        /* Xen's leaks into the hardware domain's kernel. */
        if ( ctx->hwdom_kernel )
        {
            res->c |= raw.c & X86_FEATURE_EIST_C;
            res->d |= raw.d & X86_FEATURE_MTRR_D;
        }
        break;
    case 0x2: case 0x4:                 /* cache descriptors */
        *res = raw;
        break;
    case 0x7:
        if ( subleaf == 0 )
        {
            res->a = MIN(raw.a, 1u);
            res->b = raw.b & PV_7B0;
            res->c = raw.c & PV_7C0;
            res->d = raw.d & PV_7D0;
        }
        else if ( subleaf == 1 && raw.a != 0 )
            res->a = raw.a & PV_7A1;
        break;
    case 0xb:                           /* topology, no x2APIC IDs */
        *res = raw;
        res->d = 0;
        break;
    case 0x80000000:
        *res = raw;
        res->a = MIN(raw.a, MAX_EXTD);
        break;
    case 0x80000001:
        res->a = raw.a;
        res->c = raw.c & PV_E1C;
        res->d = raw.d & (PV_E1D | (PV_1D & COMMON_1D));
        break;
    case 0x80000002 ... 0x80000006:     /* brand string, caches */
        *res = raw;
        break;
    case 0x80000008:
        res->a = raw.a;                 /* address sizes */
        res->b = raw.b & PV_E8B;
        res->c = raw.c;
        break;
    }
    /* Others (MONITOR, power, PMU, XSAVE, SVM...) stay zero for PV. */
}

void guest_cpuid(uint32_t leaf, uint32_t subleaf, struct cpuid_leaf *res)
{
    const struct vcpu *v = current;
    const struct vcpu_time_info *t = &v->vcpu_info->time;
    struct cpuid_ctx ctx = {
        .hwdom_kernel = v->domain->is_privileged && v->kernel_mode,
        .tsc_khz = (uint32_t)tsc_khz(),
        .tsc_mul = t->tsc_to_system_mul,
        .tsc_shift = t->tsc_shift,
        .maddr_bits = 30 + __builtin_ctz(DIRECTMAP_GIB),
    };
    struct cpuid_leaf tmp;

    cpuid(0, 0, &ctx.host_max_basic, &tmp.b, &tmp.c, &tmp.d);
    cpuid(0x80000000, 0, &ctx.host_max_extd, &tmp.b, &tmp.c, &tmp.d);
    if ( ctx.host_max_extd >= 0x80000007 )
    {
        cpuid(0x80000007, 0, &tmp.a, &tmp.b, &tmp.c, &tmp.d);
        ctx.host_itsc = tmp.d & BIT(8);
    }
    cpuid(0x80000001, 0, &tmp.a, &tmp.b, &tmp.c, &tmp.d);
    ctx.host_rdtscp = tmp.d & BIT(27);

    memset(res, 0, sizeof(*res));
    /* Raw host values, except for the leaves Xen itself defines. */
    if ( cpuid_pv_in_range(leaf, &ctx) &&
         (leaf < 0x40000000u || leaf >= 0x80000000u) )
        cpuid(leaf, subleaf, &res->a, &res->b, &res->c, &res->d);
    cpuid_pv_filter(leaf, subleaf, res, &ctx);
}

/*
 * #UD: `ud2; .ascii "xen"; cpuid' is emulated in any guest mode (PVX has
 * no CPUID faulting); anything else after the signature is a plain #UD.
 * A fetch fault is a #PF at the first unreadable byte, as in Xen.
 */
bool pv_emulate_invalid_op(struct cpu_user_regs *regs)
{
    static const uint8_t sig[7] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2 };
    uint8_t buf[sizeof(sig)];
    struct cpuid_leaf res;
    unsigned int got;

    got = pv_fetch_insn(regs->rip, buf, sizeof(buf));
    /* Signature (5 bytes), then the instruction (2), fetched apart. */
    if ( got < 5 )
        goto fault;
    if ( memcmp(buf, sig, 5) )
        return false;
    if ( got < sizeof(sig) )
        goto fault;
    if ( memcmp(buf + 5, sig + 5, 2) )
        return false;

    guest_cpuid((uint32_t)regs->rax, (uint32_t)regs->rcx, &res);
    regs->rax = res.a;
    regs->rbx = res.b;
    regs->rcx = res.c;
    regs->rdx = res.d;
    pv_emul_instruction_done(regs, regs->rip + sizeof(sig));
    return true;

 fault:
    pv_inject_page_fault(regs, 0, regs->rip + got);
    return true;
}
