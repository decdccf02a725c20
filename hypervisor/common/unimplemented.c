/*
 * One warning per unimplemented hypercall or sub-operation, naming it, so
 * a kernel that asks for something PVX lacks leaves a trail on the serial
 * log instead of a silent -ENOSYS.  Names are the __HYPERVISOR_* suffixes
 * of Xen's public xen.h.
 */
#include "lib.h"
#include <xen/xen.h>
#include "domain.h"
#include "errno.h"
#include "hypercall.h"

static const char *const names[] = {
    "set_trap_table", "mmu_update", "set_gdt", "stack_switch",
    "set_callbacks", "fpu_taskswitch", "sched_op_compat", "platform_op",
    "set_debugreg", "get_debugreg", "update_descriptor", "11",
    "memory_op", "multicall", "update_va_mapping", "set_timer_op",
    "event_channel_op_compat", "xen_version", "console_io",
    "physdev_op_compat", "grant_table_op", "vm_assist",
    "update_va_mapping_otherdomain", "iret", "vcpu_op", "set_segment_base",
    "mmuext_op", "xsm_op", "nmi_op", "sched_op", "callback_op",
    "xenoprof_op", "event_channel_op", "physdev_op", "hvm_op", "sysctl",
    "domctl", "kexec_op", "tmem_op", "argo_op", "xenpmu_op", "dm_op",
    "hypfs_op",
};

/* Bit per hypercall (and per small sub-op number) already reported. */
static uint64_t seen_call, seen_subop[ARRAY_SIZE(names)];

static const char *name_of(unsigned long nr)
{
    return nr < ARRAY_SIZE(names) ? names[nr] : "unknown";
}

long unimplemented(unsigned long nr)
{
    if ( nr < 64 && !(seen_call & (1UL << nr)) )
    {
        seen_call |= 1UL << nr;
        pr_warn("d%u: hypercall %lu (%s) not implemented: -ENOSYS\n",
                current->domain->domid, nr, name_of(nr));
    }
    return -ENOSYS;
}

long unimplemented_subop(unsigned long nr, unsigned long subop)
{
    /* Sub-ops from 63 up share a bit: a guest cannot flood the log. */
    uint64_t bit = 1UL << MIN(subop, 63UL);
    bool first = nr < ARRAY_SIZE(names) && !(seen_subop[nr] & bit);

    if ( nr < ARRAY_SIZE(names) )
        seen_subop[nr] |= bit;
    if ( first )
        pr_warn("d%u: %s sub-op %lu not implemented: -ENOSYS\n",
                current->domain->domid, name_of(nr), subop);
    return -ENOSYS;
}
