/*
 * FPU/SSE state for PV vCPUs.  Model: eager, as Xen runs by default since
 * the LazyFP leak (XSA-267): the running vCPU's state is always live in
 * the registers and a context switch saves the old vCPU's and loads the
 * new one's, so a guest never sees another's state and #NM belongs to the
 * guest alone.  PVX is built -mno-sse and never touches the FPU itself.
 * FXSAVE, not XSAVE: CR4.OSXSAVE stays clear until xsetbv is emulated, so
 * AVX state cannot exist and CPUID hides XSAVE (cpuid.c).
 */
#include "domain.h"
#include "fpu.h"
#include "hypercall.h"
#include "pv.h"
#include "x86.h"

#define MXCSR_DEFAULT 0x1f80
#define FCW_DEFAULT   0x037f

BUILD_BUG_ON(sizeof(struct fpu_area) != 512);

static uint32_t mxcsr_mask;             /* MXCSR bits this CPU accepts */

void fpu_area_init(struct fpu_area *a)
{
    memset(a, 0, sizeof(*a));
    /* FXSAVE layout: FCW at 0, abridged FTW at 4 (0: all empty),
     * MXCSR at 24 (SDM vol. 1, 10.5.1). */
    a->fxsave[0] = FCW_DEFAULT & 0xff;
    a->fxsave[1] = FCW_DEFAULT >> 8;
    a->fxsave[24] = MXCSR_DEFAULT & 0xff;
    a->fxsave[25] = MXCSR_DEFAULT >> 8;
}

void fpu_save(struct fpu_area *a)
{
    asm volatile ( "fxsaveq %0" : "=m" (*a) );
}

void fpu_restore(const struct fpu_area *a)
{
    asm volatile ( "fxrstorq %0" :: "m" (*a) );
}

void fpu_init(void)
{
    struct fpu_area clean;

    write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
    /* CR0: MP and NE were set by cpu_features_init; EM must be clear. */
    write_cr0(read_cr0() & ~(X86_CR0_EM | X86_CR0_TS));
    /* Whatever firmware left in the registers is not dom0's to see. */
    fpu_area_init(&clean);
    asm volatile ( "fninit" );
    fpu_restore(&clean);
    /* FXSAVE's MXCSR_MASK at 28; 0 means the architectural 0xffbf. */
    fpu_save(&clean);
    memcpy(&mxcsr_mask, &clean.fxsave[28], sizeof(mxcsr_mask));
    if ( !mxcsr_mask )
        mxcsr_mask = 0xffbf;
}

/* A guest-supplied image: FXRSTOR of a reserved MXCSR bit would #GP. */
void fpu_area_sanitise(struct fpu_area *a)
{
    uint32_t mxcsr;

    memcpy(&mxcsr, &a->fxsave[24], sizeof(mxcsr));
    mxcsr &= mxcsr_mask;
    memcpy(&a->fxsave[24], &mxcsr, sizeof(mxcsr));
}

/*
 * #NM: with the eager model the state is always loaded, so the fault can
 * only come from the guest's own virtual TS.  Xen's do_device_not_available
 * clears TS (virtual and real) and bounces #NM, whose handler then saves
 * and loads the guest's task states.
 */
void pv_nm_fault(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;

    asm volatile ( "clts" );
    if ( v->fpu_ts )
    {
        v->fpu_ts = false;
        pv_inject_exception(regs, X86_EXC_NM, false, 0);
    }
}
