/*
 * Hypervisor objects in whole frames.  The frames stay ownerless in the
 * frame table (get_page refuses them), and are zeroed both ways: a new
 * object starts clean and a freed one leaves nothing behind.
 */
#include "frame_alloc.h"
#include "layout.h"
#include "page.h"
#include "xenheap.h"

void *alloc_xenheap_pages(unsigned long nr)
{
    unsigned long mfn = frames_alloc_contig(nr);
    void *va;

    if ( mfn == INVALID_MFN )
        return NULL;
    va = frame_virt(mfn);
    memset(va, 0, nr * PAGE_SIZE);
    return va;
}

void free_xenheap_pages(void *va, unsigned long nr)
{
    unsigned long mfn = virt_to_maddr(va) >> PAGE_SHIFT;

    memset(va, 0, nr * PAGE_SIZE);
    for ( unsigned long i = 0; i < nr; i++ )
        frame_free(mfn + i);
}
