/*
 * Taking a dying domain's memory back (Xen's domain_relinquish_resources):
 * the references its vCPUs hold (base pointers, GDT frames, vcpu_info),
 * its pins, then the allocation reference of every frame it owns, each
 * frame scrubbed first.  Frames another domain still maps stay allocated
 * (owned by the dying domain) until that mapping goes.
 */
#include "domain.h"
#include "frame_alloc.h"
#include "layout.h"
#include "m2p.h"
#include "mm.h"
#include "page.h"

static void put_base(unsigned long *mfn)
{
    if ( *mfn )
        put_page_and_type(mfn_to_page(*mfn));
    *mfn = 0;
}

/* Drop what a vCPU of d holds; it never runs again. */
static void vcpu_relinquish(struct vcpu *v)
{
    struct domain *d = v->domain;

    put_base(&v->guest_table);
    put_base(&v->guest_table_user);
    for ( unsigned int i = 0; i < FIRST_RESERVED_GDT_PAGE; i++ )
        put_base(&v->gdt_frames[i]);
    v->gdt_ents = 0;
    if ( v->vcpu_info_mfn != INVALID_MFN )
    {
        /* Back to the shared_info slot, as Xen's unmap_vcpu_info. */
        v->vcpu_info = &d->shared_info->vcpu_info[v->vcpu_id];
        put_page_and_type(mfn_to_page(v->vcpu_info_mfn));
        v->vcpu_info_mfn = INVALID_MFN;
    }
}

void domain_relinquish_memory(struct domain *d)
{
    unsigned long mfn, top = frames_max_pfn();
    struct page_info *pg;

    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
    {
        struct vcpu *v = domain_vcpu(d, i);

        if ( v && v->domain )           /* created by max_vcpus */
            vcpu_relinquish(v);
    }
    /*
     * Unpinning an L4 releases its whole tree (types only reach zero from
     * the top down, as page-table references form a tree by level); an
     * L1 pinned on its own goes on its own.
     */
    for ( mfn = 0; mfn < top; mfn++ )
    {
        pg = mfn_to_page(mfn);
        if ( pg && pg->owner == d && (pg->flags & PGF_pinned) )
        {
            pg->flags &= ~PGF_pinned;
            put_page_and_type(pg);
        }
    }
    /* The allocation references: scrub and free what nobody else maps. */
    for ( mfn = 0; mfn < top; mfn++ )
    {
        pg = mfn_to_page(mfn);
        if ( !pg || pg->owner != d || !pg->count )
            continue;
        BUG_ON(pg->type_count && pg->type != PGT_writable_page);
        /*
         * A frame another domain still maps (a grant) keeps its contents
         * until that mapping goes, as in Xen; every frame is zeroed again
         * when it is next allocated.
         */
        if ( pg->count == 1 )
            memset(frame_virt(mfn), 0, PAGE_SIZE);
        if ( !(pg->flags & PGF_xen_heap) )
        {
            m2p_set(mfn, INVALID_M2P_ENTRY);
            d->tot_pages--;
        }
        put_page(pg);
    }
    d->shared_info = NULL;
}
