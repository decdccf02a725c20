/*
 * The hypercall table: one entry per __HYPERVISOR_* number, each adapting
 * the five argument registers (%rdi %rsi %rdx %r10 %r8) to its handler's
 * prototype, truncating exactly where Xen's prototypes do.  Dispatch is a
 * bounds check, an index clamp, a NULL check and -ENOSYS.
 */
#include "lib.h"
#include <xen/xen.h>
#include "cpu.h"
#include "domain.h"
#include "errno.h"
#include "hypercall.h"
#include "pv.h"

typedef long (*hypercall_fn_t)(const unsigned long *a);

#define HC(name) static long hc_##name(const unsigned long *a)

HC(set_trap_table)  { return do_set_trap_table(a[0]); }
HC(stack_switch)    { return do_stack_switch(a[0], a[1]); }
HC(set_callbacks)   { return do_set_callbacks(a[0], a[1], a[2]); }
HC(fpu_taskswitch)  { return do_fpu_taskswitch((int)a[0]); }
HC(memory_op)       { return do_memory_op(a[0], a[1]); }
HC(xen_version)     { return do_xen_version((int)a[0], a[1]); }
HC(console_io)      { return do_console_io((unsigned int)a[0],
                                           (unsigned int)a[1], a[2]); }
HC(vm_assist)       { return do_vm_assist((unsigned int)a[0],
                                          (unsigned int)a[1]); }
HC(iret)            { (void)a; return do_iret(); }
HC(sched_op)        { return do_sched_op((int)a[0], a[1]); }
HC(callback_op)     { return do_callback_op((int)a[0], a[1]); }
HC(set_debugreg)    { return do_set_debugreg((int)a[0], a[1]); }
HC(get_debugreg)    { return do_get_debugreg((int)a[0]); }
HC(set_segment_base) { return do_set_segment_base((unsigned int)a[0],
                                                  a[1]); }
HC(physdev_op)      { return do_physdev_op((int)a[0], a[1]); }
HC(mmu_update)      { return do_mmu_update(a[0], (unsigned int)a[1], a[2],
                                           (unsigned int)a[3]); }
HC(update_va_mapping) { return do_update_va_mapping(a[0], a[1], a[2]); }
HC(mmuext_op)       { return do_mmuext_op(a[0], (unsigned int)a[1], a[2],
                                          (unsigned int)a[3]); }
HC(multicall)       { return do_multicall(a[0], (unsigned int)a[1]); }
HC(set_gdt)         { return do_set_gdt(a[0], (unsigned int)a[1]); }
HC(update_descriptor) { return do_update_descriptor(a[0], a[1]); }
HC(set_timer_op)    { return do_set_timer_op((int64_t)a[0]); }
HC(vcpu_op)         { return do_vcpu_op((int)a[0], (unsigned int)a[1],
                                        a[2]); }
HC(event_channel_op) { return do_event_channel_op((int)a[0], a[1]); }
HC(domctl)          { return do_domctl(a[0]); }
HC(sysctl)          { return do_sysctl(a[0]); }
HC(grant_table_op)  { return do_grant_table_op((unsigned int)a[0], a[1],
                                                (unsigned int)a[2]); }

static const hypercall_fn_t hypercall_table[] = {
    [__HYPERVISOR_set_trap_table] = hc_set_trap_table,
    [__HYPERVISOR_stack_switch]   = hc_stack_switch,
    [__HYPERVISOR_set_callbacks]  = hc_set_callbacks,
    [__HYPERVISOR_fpu_taskswitch] = hc_fpu_taskswitch,
    [__HYPERVISOR_memory_op]      = hc_memory_op,
    [__HYPERVISOR_xen_version]    = hc_xen_version,
    [__HYPERVISOR_console_io]     = hc_console_io,
    [__HYPERVISOR_vm_assist]      = hc_vm_assist,
    [__HYPERVISOR_iret]           = hc_iret,
    [__HYPERVISOR_sched_op]       = hc_sched_op,
    [__HYPERVISOR_callback_op]    = hc_callback_op,
    [__HYPERVISOR_set_debugreg]   = hc_set_debugreg,
    [__HYPERVISOR_get_debugreg]   = hc_get_debugreg,
    [__HYPERVISOR_set_segment_base] = hc_set_segment_base,
    [__HYPERVISOR_physdev_op]     = hc_physdev_op,
    [__HYPERVISOR_mmu_update]     = hc_mmu_update,
    [__HYPERVISOR_update_va_mapping] = hc_update_va_mapping,
    [__HYPERVISOR_mmuext_op]      = hc_mmuext_op,
    [__HYPERVISOR_multicall]      = hc_multicall,
    [__HYPERVISOR_set_gdt]        = hc_set_gdt,
    [__HYPERVISOR_update_descriptor] = hc_update_descriptor,
    [__HYPERVISOR_set_timer_op]   = hc_set_timer_op,
    [__HYPERVISOR_vcpu_op]        = hc_vcpu_op,
    [__HYPERVISOR_event_channel_op] = hc_event_channel_op,
    [__HYPERVISOR_domctl]         = hc_domctl,
    [__HYPERVISOR_sysctl]         = hc_sysctl,
    [__HYPERVISOR_grant_table_op] = hc_grant_table_op,
};

long hypercall_continue(unsigned long nr, unsigned long a0, unsigned long a1,
                        unsigned long a2, unsigned long a3)
{
    struct cpu_user_regs *regs = guest_cpu_user_regs();

    regs->rip -= 2;                     /* SYSCALL is 0f 05 */
    regs->rdi = a0;
    regs->rsi = a1;
    regs->rdx = a2;
    regs->r10 = a3;
    return (long)nr;                    /* becomes %rax again */
}

long hypercall_dispatch(unsigned long nr, const unsigned long *args)
{
    hypercall_fn_t fn = NULL;

    if ( nr < ARRAY_SIZE(hypercall_table) )
    {
        /* Clamp the index under speculation too (Spectre v1). */
        nr &= -(unsigned long)(nr < ARRAY_SIZE(hypercall_table));
        fn = hypercall_table[nr];
    }
    if ( !fn )
        return unimplemented(nr);
    return fn(args);
}

void pv_hypercall(struct cpu_user_regs *regs)
{
    const unsigned long args[5] = { regs->rdi, regs->rsi, regs->rdx,
                                    regs->r10, regs->r8 };

    regs->rax = (unsigned long)hypercall_dispatch(regs->rax, args);
}
