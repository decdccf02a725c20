/*
 * Exceptions raised by a PV guest: decide what the guest sees.  Software
 * interrupts (#GP from an `int $n' the IDT refuses) are let through when
 * the guest's own trap table allows that privilege; page faults carry CR2
 * in vcpu_info and a user bit that reflects guest, not CPU, privilege.
 */
#include "cpu.h"
#include "emulate.h"
#include "fpu.h"
#include "machine.h"
#include "pv.h"
#include "ptwr.h"
#include "x86.h"

/* Xen's permit_softint: DPL 1 or 2 admits the kernel, 3 everyone. */
static bool permit_softint(unsigned int dpl, const struct vcpu *v)
{
    return dpl >= (v->kernel_mode ? 1u : 3u);
}

static void pv_gp_fault(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    uint32_t ec = regs->error_code;

    /* Error code with the IDT bit: a software interrupt `int $n'. */
    if ( (ec & 3) == 2 )
    {
        unsigned int vec = ec >> 3;
        const struct trap_info *ti = &v->trap_ctxt[vec];

        if ( permit_softint(TI_GET_DPL(ti), v) )
        {
            regs->rip += 2;
            pv_inject_exception(regs, vec, false, 0);
            return;
        }
    }
    /* Privileged and I/O instructions (Xen: error code 0 only). */
    if ( ec == 0 && pv_emulate_privileged_op(regs) )
        return;
    pv_inject_exception(regs, X86_EXC_GP, true, ec);
}

static void pv_page_fault(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    unsigned long cr2 = read_cr2();
    uint32_t ec = regs->error_code & ~PFEC_user_mode;

    if ( ptwr_do_page_fault(regs, cr2) )
        return;                         /* a page-table write, emulated */
    if ( !v->kernel_mode )
        ec |= PFEC_user_mode;
    v->vcpu_info->arch.cr2 = cr2;
    pv_inject_exception(regs, X86_EXC_PF, true, ec);
}

void pv_handle_exception(struct cpu_user_regs *regs)
{
    unsigned int vec = regs->entry_vector & 0xff;

    switch ( vec )
    {
    case X86_EXC_GP:
        pv_gp_fault(regs);
        break;
    case X86_EXC_PF:
        pv_page_fault(regs);
        break;
    case X86_EXC_UD:
        if ( !pv_emulate_invalid_op(regs) )
            pv_inject_exception(regs, X86_EXC_UD, false, 0);
        break;
    case X86_EXC_NM:
        pv_nm_fault(regs);
        break;
    case X86_EXC_DB:
        pv_debug_fault(regs);
        break;
    case X86_EXC_NMI:
        break;                          /* no guest NMIs yet */
    case X86_EXC_DF:
    case X86_EXC_MC:
        show_registers(regs);
        panic("%s while running a guest", vector_name(vec));
    default:
        pv_inject_exception(regs, vec, (X86_EXC_HAVE_EC >> vec) & 1,
                            regs->error_code);
        break;
    }
}
