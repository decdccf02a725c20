/*
 * x87/SSE state of PV vCPUs (arch/x86/fpu.c): boot set-up, the per-vCPU
 * save area's save and restore for context switches, and #NM under the
 * fpu_taskswitch (virtual CR0.TS) contract.
 */
#ifndef PVX_FPU_H
#define PVX_FPU_H

#include "pv_cpu.h"
#include <xen/xen.h>

/* Boot: CR4.OSFXSR/OSXMMEXCPT, a clean FPU for the first vCPU. */
void fpu_init(void);
/* An area holding the state right after FNINIT with MXCSR's default. */
void fpu_area_init(struct fpu_area *a);
/* Clear what FXRSTOR refuses in an image the guest wrote (MXCSR). */
void fpu_area_sanitise(struct fpu_area *a);
/* The live state into a, and back (a vCPU switch: save prev, load next). */
void fpu_save(struct fpu_area *a);
void fpu_restore(const struct fpu_area *a);
/* #NM from a PV guest. */
void pv_nm_fault(struct cpu_user_regs *regs);

#endif /* PVX_FPU_H */
