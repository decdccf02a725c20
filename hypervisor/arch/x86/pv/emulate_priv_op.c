/*
 * #GP(0) from a PV guest: fetch the faulting instruction (guest memory,
 * hostile: a fetch fault becomes a #PF for the guest), decode it, and
 * emulate it as Xen's pv/emul-priv-op.c does.  Privileged forms (CR, DR,
 * MSR, clts, wbinvd) need guest kernel mode, which Xen's emulator sees as
 * CPL 0; port I/O and cli/sti need the virtual IOPL or the I/O bitmap.
 */
#include "cpu.h"
#include "domain.h"
#include "emulate.h"
#include "errno.h"
#include "guest_access.h"
#include "hypercall.h"
#include "pv.h"
#include "x86.h"

/* CR4 bits a PV guest owns (Xen's PV_CR4_GUEST_MASK, less TSD, FSGSBASE
 * and OSXSAVE, which PVX's CPUID policy does not offer) and the hardware
 * bits it may see (PV_CR4_GUEST_VISIBLE_MASK). */
#define PV_CR4_GUEST_MASK   X86_CR4_DE
#define PV_CR4_VISIBLE_MASK (X86_CR4_PAE | X86_CR4_MCE | X86_CR4_OSFXSR | \
                             X86_CR4_OSXMMEXCPT)

#define DR_STEP (1UL << 14)

unsigned long pv_guest_cr4(const struct vcpu *v)
{
    return (v->arch.cr4_guest & PV_CR4_GUEST_MASK) |
           (read_cr4() & PV_CR4_VISIBLE_MASK);
}

void pv_inject_page_fault(struct cpu_user_regs *regs, uint32_t ec,
                          unsigned long cr2)
{
    /* pv_page_fault's rule: the user bit reflects guest privilege. */
    ec &= ~PFEC_user_mode;
    if ( !current->kernel_mode )
        ec |= PFEC_user_mode;
    current->vcpu_info->arch.cr2 = cr2;
    pv_inject_exception(regs, X86_EXC_PF, true, ec);
}

void pv_emul_instruction_done(struct cpu_user_regs *regs, unsigned long rip)
{
    regs->rip = rip;
    regs->rflags &= ~X86_EFLAGS_RF;
    /* The emulated instruction retires: a single-step trap follows. */
    if ( regs->rflags & X86_EFLAGS_TF )
    {
        current->arch.dr6 |= DR_STEP;
        pv_inject_exception(regs, X86_EXC_DB, false, 0);
    }
}

unsigned int pv_fetch_insn(unsigned long rip, uint8_t *buf,
                           unsigned int want)
{
    unsigned int i;

    /* Whole range first; byte by byte to find where a fault starts. */
    if ( !copy_from_guest_raw(buf, rip, want) )
        return want;
    for ( i = 0; i < want; i++ )
        if ( copy_from_guest_raw(&buf[i], rip + i, 1) )
            break;
    return i;
}

static bool read_cr(struct vcpu *v, unsigned int cr, unsigned long *val)
{
    switch ( cr )
    {
    case 0:
        *val = (read_cr0() & ~X86_CR0_TS) | (v->fpu_ts ? X86_CR0_TS : 0);
        return true;
    case 2:
        *val = v->vcpu_info->arch.cr2;
        return true;
    case 3:
        /* Not translated: the gfn is the mfn (xen_pfn_to_cr3). */
        *val = v->guest_table << 12;
        return true;
    case 4:
        *val = pv_guest_cr4(v);
        return true;
    }
    return false;
}

static bool write_cr(struct vcpu *v, unsigned int cr, unsigned long val)
{
    switch ( cr )
    {
    case 0:
        /* Only TS may change; anything else is refused (#GP). */
        if ( (val ^ read_cr0()) & ~X86_CR0_TS )
        {
            pr_warn("d%u: attempt to change unmodifiable CR0 flags\n",
                    v->domain->domid);
            return false;
        }
        do_fpu_taskswitch(!!(val & X86_CR0_TS));
        return true;
    case 2:
        v->vcpu_info->arch.cr2 = val;
        return true;
    case 4:
        /* Bits outside the guest's mask are silently discarded. */
        v->arch.cr4_guest = val & PV_CR4_GUEST_MASK;
        return true;
    }
    /* CR3 writes: the guest uses MMUEXT_NEW_BASEPTR (pending here). */
    return false;
}

/* The privileged forms: kernel mode only, as CPL 0 is to Xen's emulator. */
static bool emulate_privileged(struct cpu_user_regs *regs,
                               const struct x86_insn *insn)
{
    struct vcpu *v = current;
    uint64_t *gpr = x86_gpr(regs, insn->gpr);
    uint32_t msr = (uint32_t)regs->rcx;
    unsigned long val;
    uint64_t msr_val;

    switch ( insn->op )
    {
    case X86_OP_CLTS:
        do_fpu_taskswitch(0);
        break;
    case X86_OP_WBINVD:
        /* Only a domain with hardware access may flush caches. */
        if ( v->domain->is_privileged )
            asm volatile ( "wbinvd" ::: "memory" );
        break;
    case X86_OP_MOV_FROM_CR:
        if ( !read_cr(v, insn->ctl, &val) )
            return false;
        *gpr = val;
        break;
    case X86_OP_MOV_TO_CR:
        if ( !write_cr(v, insn->ctl, *gpr) )
            return false;
        break;
    case X86_OP_MOV_FROM_DR:
        if ( pv_read_dr(v, insn->ctl, &val) )
        {
            pv_inject_exception(regs, X86_EXC_UD, false, 0);
            return true;
        }
        *gpr = val;
        break;
    case X86_OP_MOV_TO_DR:
        switch ( set_debugreg(v, insn->ctl, *gpr) )
        {
        case 0:
            break;
        case -ENODEV:
            pv_inject_exception(regs, X86_EXC_UD, false, 0);
            return true;
        default:
            pv_inject_exception(regs, X86_EXC_GP, true, 0);
            return true;
        }
        break;
    case X86_OP_RDMSR:
        if ( pv_rdmsr(v, msr, &msr_val) )
            return false;
        regs->rax = (uint32_t)msr_val;
        regs->rdx = msr_val >> 32;
        break;
    case X86_OP_WRMSR:
        if ( pv_wrmsr(v, msr, ((uint64_t)(uint32_t)regs->rdx << 32) |
                              (uint32_t)regs->rax) )
            return false;
        break;
    default:
        return false;
    }
    pv_emul_instruction_done(regs, regs->rip + insn->len);
    return true;
}

bool pv_emulate_privileged_op(struct cpu_user_regs *regs)
{
    uint8_t buf[X86_MAX_INSN_LEN];
    struct x86_insn insn;
    unsigned int got;

    got = pv_fetch_insn(regs->rip, buf, sizeof(buf));
    switch ( x86_decode(buf, got, &insn) )
    {
    case X86_DECODE_OK:
        break;
    case X86_DECODE_SHORT:
        /* The byte the decoder needed was not readable. */
        pv_inject_page_fault(regs, 0, regs->rip + insn.len);
        return true;
    default:
        return false;
    }

    switch ( insn.op )
    {
    case X86_OP_IN: case X86_OP_OUT: case X86_OP_INS: case X86_OP_OUTS:
        return pv_emulate_io(regs, &insn);
    case X86_OP_CLI:
    case X86_OP_STI:
        /* Xen lets them through as no-ops when IOPL allows them. */
        if ( !pv_iopl_ok(current) )
            return false;
        pv_emul_instruction_done(regs, regs->rip + insn.len);
        return true;
    default:
        if ( !current->kernel_mode )
            return false;
        return emulate_privileged(regs, &insn);
    }
}
