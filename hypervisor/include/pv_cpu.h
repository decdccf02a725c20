/*
 * The emulated CPU a 64-bit PV vCPU sees beyond its registers: guest
 * control-register bits, virtual IOPL and I/O bitmap, debug registers, the
 * user GS base and the FPU save area.  Written only by the emulation and
 * hypercall code after validation; read by context-switch code.
 */
#ifndef PVX_PV_CPU_H
#define PVX_PV_CPU_H

#include <stdint.h>

/* FXSAVE image: x87 + SSE (XSAVE stays hidden, see arch/x86/fpu.c). */
struct fpu_area
{
    uint8_t fxsave[512];
} __attribute__((aligned(16)));

struct pv_cpu_state
{
    unsigned long cr4_guest;        /* guest-owned CR4 bits (CR4.DE) */
    unsigned int iopl;              /* virtual EFLAGS.IOPL, bits 12-13 */
    unsigned long iobmp;            /* PHYSDEVOP_set_iobitmap: guest VA */
    unsigned int iobmp_limit;       /* ... and the ports it covers */
    unsigned long gs_base_user;     /* user GS base, live in SHADOW_GS */
    unsigned long fs_base;          /* saved at a switch; live in the MSR */
    unsigned long gs_base_kernel;   /* ... likewise */
    unsigned long dr[4];            /* set_debugreg: guest addresses */
    unsigned long dr6, dr7;         /* sanitised as Xen's set_debugreg */
    struct fpu_area fpu;            /* saved at a vCPU context switch */
};

#endif /* PVX_PV_CPU_H */
