/*
 * Where the guest kernel wants to be entered: the virtual IDT
 * (set_trap_table), the event/failsafe/syscall callbacks (set_callbacks,
 * callback_op), its kernel stack (stack_switch) and its virtual CR0.TS
 * (fpu_taskswitch).  Addresses must be canonical; xen/arch/x86/pv/
 * callback.c and misc-hypercalls.c are the reference.
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/callback.h>
#include "cpu.h"
#include "domain.h"
#include "errno.h"
#include "guest_access.h"
#include "hypercall.h"
#include "x86.h"

long do_set_trap_table(unsigned long traps)
{
    struct vcpu *v = current;
    struct trap_info ti;

    if ( !traps )
    {
        memset(v->trap_ctxt, 0, sizeof(v->trap_ctxt));
        return 0;
    }
    /* Entries before a bad one stay installed, as in Xen. */
    for ( ;; traps += sizeof(ti) )
    {
        if ( copy_from_guest(&ti, traps, 1) )
            return -EFAULT;
        if ( !ti.address )
            return 0;
        if ( !is_canonical(ti.address) )
            return -EINVAL;
        ti.cs = FLAT_KERNEL_CS;         /* the selector is not the guest's */
        v->trap_ctxt[ti.vector] = ti;
    }
}

static long register_callback(struct vcpu *v,
                              const struct callback_register *reg)
{
    bool mask = reg->flags & CALLBACKF_mask_events;

    if ( !is_canonical(reg->address) )
        return -EINVAL;
    switch ( reg->type )
    {
    case CALLBACKTYPE_event:
        v->event_callback = reg->address;
        return 0;
    case CALLBACKTYPE_failsafe:
        v->failsafe_callback = reg->address;
        v->failsafe_disables_events = mask;
        return 0;
    case CALLBACKTYPE_syscall:
        v->syscall_callback = reg->address;
        v->syscall_disables_events = mask;
        return 0;
    case CALLBACKTYPE_syscall32:
    case CALLBACKTYPE_sysenter:
        return 0;                       /* no 32-bit user mode to enter */
    case CALLBACKTYPE_nmi:
        v->trap_ctxt[X86_EXC_NMI].vector = X86_EXC_NMI;
        v->trap_ctxt[X86_EXC_NMI].address = reg->address;
        v->trap_ctxt[X86_EXC_NMI].cs = FLAT_KERNEL_CS;
        return 0;
    }
    return -ENOSYS;
}

long do_set_callbacks(unsigned long event, unsigned long failsafe,
                      unsigned long syscall)
{
    struct callback_register e = { .type = CALLBACKTYPE_event,
                                   .address = event };
    struct callback_register f = { .type = CALLBACKTYPE_failsafe,
                                   .address = failsafe };
    struct callback_register s = { .type = CALLBACKTYPE_syscall,
                                   .address = syscall };

    /* Xen ignores each result here; a non-canonical address is skipped. */
    register_callback(current, &e);
    register_callback(current, &f);
    register_callback(current, &s);
    return 0;
}

long do_callback_op(int cmd, unsigned long arg)
{
    switch ( cmd )
    {
    case CALLBACKOP_register:
    {
        struct callback_register reg;

        if ( copy_from_guest(&reg, arg, 1) )
            return -EFAULT;
        return register_callback(current, &reg);
    }
    case CALLBACKOP_unregister:
    {
        struct callback_unregister unreg;

        if ( copy_from_guest(&unreg, arg, 1) )
            return -EFAULT;
        switch ( unreg.type )
        {
        case CALLBACKTYPE_event:
        case CALLBACKTYPE_failsafe:
        case CALLBACKTYPE_syscall:
        case CALLBACKTYPE_syscall32:
        case CALLBACKTYPE_sysenter:
            return -EINVAL;             /* these cannot be unregistered */
        case CALLBACKTYPE_nmi:
            current->trap_ctxt[X86_EXC_NMI].address = 0;
            return 0;
        }
        return -ENOSYS;
    }
    }
    return unimplemented_subop(__HYPERVISOR_callback_op, (unsigned int)cmd);
}

long do_stack_switch(unsigned long ss, unsigned long esp)
{
    current->kernel_ss = ss | 3;        /* the guest kernel runs in ring 3 */
    current->kernel_sp = esp;
    return 0;
}

long do_fpu_taskswitch(int set)
{
    current->fpu_ts = set != 0;
    /* PVX itself never touches the FPU, so the real TS is the guest's. */
    if ( set )
        write_cr0(read_cr0() | X86_CR0_TS);
    else
        asm volatile ( "clts" );
    return 0;
}
