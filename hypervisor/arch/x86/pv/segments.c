/*
 * set_segment_base and the debug registers (set_debugreg/get_debugreg,
 * and the mov-to/from-DR emulation), after Xen 4.17's
 * pv/misc-hypercalls.c.  Guest values are checked (canonical bases,
 * breakpoint addresses below the hypervisor, DR6/DR7 reserved bits)
 * before any reaches hardware.  One vCPU: its registers are the live ones.
 */
#include "cpu.h"
#include "domain.h"
#include "emulate.h"
#include "errno.h"
#include "hypercall.h"
#include "layout.h"
#include "pv.h"
#include "x86.h"

#define DR_STATUS_RESERVED_ZERO  (~0xffffefffUL)  /* bit 12 */
#define DR_STATUS_RESERVED_ONE   0xffff0ff0UL
#define DR_CONTROL_RESERVED_ZERO (~0xffff27ffUL)  /* bits 11, 12, 14, 15 */
#define DR_CONTROL_RESERVED_ONE  (1UL << 10)
#define DR_GENERAL_DETECT        (1UL << 13)
#define DR7_ACTIVE_MASK          0xffUL           /* L0-3, G0-3 */
#define DR_CONTROL_SHIFT         16
#define DR_IO                    2


long do_set_segment_base(unsigned int which, unsigned long base)
{
    struct vcpu *v = current;
    unsigned int sel;

    switch ( which )
    {
    case SEGBASE_FS:
        if ( !is_canonical(base) )
            return -EINVAL;
        wrmsr(MSR_FS_BASE, base);
        return 0;
    case SEGBASE_GS_USER:
        if ( !is_canonical(base) )
            return -EINVAL;
        wrmsr(MSR_SHADOW_GS_BASE, base);
        v->arch.gs_base_user = base;
        return 0;
    case SEGBASE_GS_KERNEL:
        if ( !is_canonical(base) )
            return -EINVAL;
        wrmsr(MSR_GS_BASE, base);
        return 0;
    case SEGBASE_GS_USER_SEL:
        /*
         * Load the user %gs from the GDT/LDT with the user base in
         * context.  A bad selector loads NUL instead: Linux BUG()s if
         * this fails, so the caller re-reads %gs to detect it (Xen).
         */
        sel = (uint16_t)base;
        if ( sel > 3 )
            sel |= 3;
        asm volatile ( "swapgs\n"
                       "1: mov %k[sel], %%gs\n"
                       "2: swapgs\n"
                       ".pushsection .text.fixup, \"ax\"\n"
                       "3: xorl %k[sel], %k[sel]\n"
                       "   jmp 1b\n"
                       ".popsection\n"
                       ".pushsection .extable, \"a\"\n"
                       ".balign 8\n"
                       ".quad 1b, 3b\n"
                       ".popsection\n"
                       : [sel] "+r" (sel) :: "memory" );
        v->arch.gs_base_user = rdmsr(MSR_SHADOW_GS_BASE);
        return 0;
    }
    return -EINVAL;
}

/* A breakpoint may not name hypervisor addresses (Xen's
 * breakpoint_addr_ok: below the top of the guest's lower half or above
 * the reserved range, like any guest pointer). */
static bool breakpoint_addr_ok(unsigned long addr)
{
    return is_canonical(addr) &&
           (addr < HV_RESERVED_START || addr >= HV_RESERVED_END);
}

static void write_dr(unsigned int reg, unsigned long val)
{
    switch ( reg )
    {
    case 0: asm volatile ( "mov %0, %%db0" :: "r" (val) ); break;
    case 1: asm volatile ( "mov %0, %%db1" :: "r" (val) ); break;
    case 2: asm volatile ( "mov %0, %%db2" :: "r" (val) ); break;
    case 3: asm volatile ( "mov %0, %%db3" :: "r" (val) ); break;
    case 6: asm volatile ( "mov %0, %%db6" :: "r" (val) ); break;
    case 7: asm volatile ( "mov %0, %%db7" :: "r" (val) ); break;
    }
}

long set_debugreg(struct vcpu *v, unsigned int reg, unsigned long value)
{
    unsigned int i;

    switch ( reg )
    {
    case 0 ... 3:
        if ( !breakpoint_addr_ok(value) )
            return -EPERM;
        v->arch.dr[reg] = value;
        write_dr(reg, value);
        return 0;
    case 4:
        if ( v->arch.cr4_guest & X86_CR4_DE )
            return -ENODEV;
        /* fallthrough */
    case 6:
        if ( value != (uint32_t)value )
            return -EINVAL;             /* the upper half is reserved */
        value &= ~DR_STATUS_RESERVED_ZERO;
        value |= DR_STATUS_RESERVED_ONE;
        v->arch.dr6 = value;
        write_dr(6, value);
        return 0;
    case 5:
        if ( v->arch.cr4_guest & X86_CR4_DE )
            return -ENODEV;
        /* fallthrough */
    case 7:
        if ( value != (uint32_t)value )
            return -EINVAL;
        value &= ~DR_CONTROL_RESERVED_ZERO;
        value |= DR_CONTROL_RESERVED_ONE;
        if ( value & DR_GENERAL_DETECT )
            return -EPERM;              /* GD is the hypervisor's */
        /* I/O breakpoints: Xen emulates them under CR4.DE; PVX does not
         * yet, so they are refused as Xen refuses them without DE. */
        if ( value & DR7_ACTIVE_MASK )
            for ( i = DR_CONTROL_SHIFT; i < 32; i += 4 )
                if ( ((value >> i) & 3) == DR_IO )
                    return -EPERM;
        v->arch.dr7 = value;
        write_dr(7, value);
        return 0;
    }
    return -ENODEV;
}

long pv_read_dr(const struct vcpu *v, unsigned int reg, unsigned long *val)
{
    switch ( reg )
    {
    case 0 ... 3:
        *val = v->arch.dr[reg & 3];
        return 0;
    case 4:
        if ( v->arch.cr4_guest & X86_CR4_DE )
            return -ENODEV;
        /* fallthrough */
    case 6:
        *val = v->arch.dr6;
        return 0;
    case 5:
        if ( v->arch.cr4_guest & X86_CR4_DE )
            return -ENODEV;
        /* fallthrough */
    case 7:
        *val = v->arch.dr7;
        return 0;
    }
    return -ENODEV;
}

long do_set_debugreg(int reg, unsigned long value)
{
    return set_debugreg(current, (unsigned int)reg, value);
}

long do_get_debugreg(int reg)
{
    unsigned long val;

    if ( pv_read_dr(current, (unsigned int)reg, &val) )
        return -ENODEV;
    return (long)val;
}

/* #DB from the guest: DR6 becomes the guest's (get_debugreg(6) reads it,
 * as Xen's do_debug keeps v->arch.dr6), then the guest handles it. */
void pv_debug_fault(struct cpu_user_regs *regs)
{
    unsigned long dr6;

    asm volatile ( "mov %%db6, %0" : "=r" (dr6) );
    current->arch.dr6 = dr6;
    pv_inject_exception(regs, X86_EXC_DB, false, 0);
}
