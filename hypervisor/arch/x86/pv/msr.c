/*
 * rdmsr/wrmsr from a PV guest kernel: the MSRs Linux PV touches, with the
 * values and refusals of Xen 4.17's pv/emul-priv-op.c read_msr/write_msr
 * and msr.c.  The guest chooses the MSR index and value; ring 0 only ever
 * reads a real MSR through rdmsr_safe, and writes only segment bases.
 */
#include "domain.h"
#include "emulate.h"
#include "x86.h"

#define MSR_IA32_TSC               0x00000010
#define MSR_IA32_MISC_ENABLE       0x000001a0
#define MSR_IA32_CR_PAT            0x00000277
#define MSR_IA32_PERF_CAPABILITIES 0x00000345

#define MISC_ENABLE_PERF_AVAIL      (1UL << 7)
#define MISC_ENABLE_BTS_UNAVAIL     (1UL << 11)
#define MISC_ENABLE_PEBS_UNAVAIL    (1UL << 12)
#define MISC_ENABLE_MONITOR_ENABLE  (1UL << 18)
#define MISC_ENABLE_XTPR_DISABLE    (1UL << 23)

#define APIC_BASE_BSP    (1UL << 8)
#define APIC_BASE_ENABLE (1UL << 11)
#define APIC_DEFAULT_PHYS_BASE 0xfee00000UL

/* EFER bits a guest may see: SCE LME LMA NXE FFXSE (never SVME). */
#define EFER_GUEST_MASK 0x4d01UL

int rdmsr_safe(uint32_t msr, uint64_t *val)
{
    uint32_t lo, hi;
    int rc = 0;

    /* A #GP on the rdmsr resumes at 2: with rc = -1 (exception table). */
    asm volatile ( "1: rdmsr\n"
                   "2:\n"
                   ".pushsection .text.fixup, \"ax\"\n"
                   "3: movl $-1, %[rc]\n"
                   "   xorl %%eax, %%eax\n"
                   "   xorl %%edx, %%edx\n"
                   "   jmp 2b\n"
                   ".popsection\n"
                   ".pushsection .extable, \"a\"\n"
                   ".balign 8\n"
                   ".quad 1b, 3b\n"
                   ".popsection\n"
                   : "=a" (lo), "=d" (hi), [rc] "+r" (rc) : "c" (msr) );
    *val = ((uint64_t)hi << 32) | lo;
    return rc;
}

void msr_init(void)
{
    /* Entries 0-3 equal the reset value, so PVX's own (PAT-bit-clear)
     * mappings keep their types. */
    wrmsr(MSR_IA32_CR_PAT, XEN_MSR_PAT);
}

static uint64_t guest_misc_enable(uint64_t val)
{
    val &= ~(MISC_ENABLE_PERF_AVAIL | MISC_ENABLE_MONITOR_ENABLE);
    return val | MISC_ENABLE_BTS_UNAVAIL | MISC_ENABLE_PEBS_UNAVAIL |
           MISC_ENABLE_XTPR_DISABLE;
}

static uint64_t guest_efer(void)
{
    return rdmsr(MSR_EFER) & EFER_GUEST_MASK;
}

int pv_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    uint64_t tmp;

    switch ( msr )
    {
    case MSR_APIC_BASE:
        *val = APIC_BASE_ENABLE | APIC_DEFAULT_PHYS_BASE |
               (v->vcpu_id ? 0 : APIC_BASE_BSP);
        return 0;
    case MSR_FS_BASE:
    case MSR_GS_BASE:
        /* Live in hardware; GS_BASE is the kernel's in kernel mode. */
        *val = rdmsr(msr);
        return 0;
    case MSR_SHADOW_GS_BASE:
        *val = v->arch.gs_base_user;
        return 0;
    case MSR_IA32_TSC:
        *val = rdtsc();
        return 0;
    case MSR_EFER:
        *val = guest_efer();
        return 0;
    case MSR_IA32_CR_PAT:
        *val = XEN_MSR_PAT;
        return 0;
    case MSR_IA32_MISC_ENABLE:
        if ( rdmsr_safe(msr, val) )
            break;
        *val = guest_misc_enable(*val);
        return 0;
    case MSR_IA32_PERF_CAPABILITIES:
        *val = 0;                       /* no extra capabilities */
        return 0;
    }

    /*
     * Xen fakes a read of a real MSR as 0 while the guest has no #GP
     * handler to take the fault (e.g. before its trap table is set).
     */
    if ( !v->trap_ctxt[X86_EXC_GP].address && (msr >> 16) != 0x4000 &&
         !rdmsr_safe(msr, &tmp) )
    {
        pr_warn("d%u: faking RDMSR 0x%08x\n", v->domain->domid, msr);
        *val = 0;
        return 0;
    }
    pr_debug("d%u: RDMSR 0x%08x unimplemented\n", v->domain->domid, msr);
    return -1;
}

int pv_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val)
{
    uint64_t tmp;

    switch ( msr )
    {
    case MSR_FS_BASE:
    case MSR_GS_BASE:
    case MSR_SHADOW_GS_BASE:
        if ( !is_canonical(val) )
            return -1;
        wrmsr(msr, val);
        if ( msr == MSR_SHADOW_GS_BASE )
            v->arch.gs_base_user = val;
        return 0;
    case MSR_EFER:
        /* Linux writes back the value it read; any change is refused. */
        return val == guest_efer() ? 0 : -1;
    case MSR_IA32_MISC_ENABLE:
        if ( rdmsr_safe(msr, &tmp) )
            return -1;
        /* A different value is ignored, not refused (Xen's `invalid'). */
        if ( val != guest_misc_enable(tmp) )
            pr_warn("d%u: WRMSR 0x%08x from %#lx to %#lx ignored\n",
                    v->domain->domid, msr, tmp, val);
        return 0;
    }
    pr_debug("d%u: WRMSR 0x%08x val %#lx unimplemented\n",
             v->domain->domid, msr, val);
    return -1;
}
