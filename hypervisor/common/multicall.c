/*
 * multicall (common/multicall.c): a batch of hypercalls, each result
 * written back into its entry.  The batch ends early, as Xen's does, when
 * an entry changes the guest's privilege (iret, or a switch to user mode:
 * XSA-213), and a multicall may not nest.  Returns 0 or -EFAULT.
 */
#include "lib.h"
#include <xen/xen.h>
#include "cpu.h"
#include "domain.h"
#include "errno.h"
#include "guest_access.h"
#include "hypercall.h"

#define in_multicall (get_cpu_info()->in_multicall)   /* per CPU */

bool hypercall_may_preempt(void)
{
    return !in_multicall;
}

long do_multicall(unsigned long list, unsigned int nr)
{
    struct multicall_entry mc;
    long rc = 0;

    if ( in_multicall )
        return -EINVAL;
    in_multicall = true;
    for ( unsigned int i = 0; i < nr; i++ )
    {
        unsigned long slot = list + (unsigned long)i * sizeof(mc);
        unsigned long args[5];
        bool was_kernel = current->kernel_mode;

        if ( copy_from_guest(&mc, slot, 1) )
        {
            rc = -EFAULT;
            break;
        }
        for ( unsigned int a = 0; a < 5; a++ )
            args[a] = mc.args[a];
        mc.result = (xen_ulong_t)hypercall_dispatch(mc.op, args);
        if ( copy_to_guest_raw(slot + offsetof(struct multicall_entry,
                                               result),
                               &mc.result, sizeof(mc.result)) )
        {
            rc = -EFAULT;
            break;
        }
        if ( mc.op == __HYPERVISOR_iret || current->kernel_mode != was_kernel )
            break;
    }
    in_multicall = false;
    return rc;
}
