/*
 * The batch contract mmu_update and mmuext_op share (xen/arch/x86/mm.c):
 * requests are copied in one at a time and applied in order, the batch
 * stops at the first failure, *pdone counts what was done, and a long
 * batch is continued every HYPERCALL_BATCH requests with the count's
 * MMU_UPDATE_PREEMPTED bit telling the next round to resume the counter.
 */
#include "lib.h"
#include "domain.h"
#include "errno.h"
#include "guest_access.h"
#include "hypercall.h"
#include "mm.h"
#include "page.h"

long mm_batch(unsigned int nr, unsigned long list, size_t size,
              unsigned int count, unsigned long pdone,
              unsigned int foreigndom, mm_batch_fn one)
{
    uint64_t req[4];                    /* the largest request, 32 bytes */
    unsigned int done = 0, i;
    long rc = 0;

    BUG_ON(size > sizeof(req));
    if ( count & MMU_UPDATE_PREEMPTED )
    {
        /* A continued batch: the guest's counter carries the progress. */
        count &= ~MMU_UPDATE_PREEMPTED;
        if ( pdone && copy_from_guest(&done, pdone, 1) )
            return -EFAULT;
    }
    for ( i = 0; i < count; i++ )
    {
        if ( i == HYPERCALL_BATCH && hypercall_may_preempt() )
        {
            rc = hypercall_continue(nr, list + i * size,
                                    (count - i) | MMU_UPDATE_PREEMPTED,
                                    pdone, foreigndom);
            break;
        }
        if ( copy_from_guest_raw(req, list + i * size, size) )
        {
            rc = -EFAULT;
            break;
        }
        rc = one(current, req);
        if ( rc )
            break;
    }
    if ( tlb_flush_needed )
        flush_tlb();
    done += i;
    /* On a continuation the guest's counter carries the progress. */
    if ( pdone && copy_to_guest(pdone, &done, 1) && !rc )
        rc = -EFAULT;
    return rc;
}
