/*
 * Frame ownership, general references and typed references (Xen's
 * get_page/get_page_type).  A frame changes type only when its type count
 * is zero; becoming a page table validates every entry (pagetable.c), and
 * losing the last page-table reference releases what the entries held.
 */
#include "descriptor.h"
#include "domain.h"
#include "errno.h"
#include "frame_alloc.h"
#include "page.h"
#include "pagetable.h"

static struct page_info *frame_table;
static unsigned long frame_table_size;
bool tlb_flush_needed;

void frame_table_attach(struct page_info *table, unsigned long nr_frames)
{
    frame_table = table;
    frame_table_size = nr_frames;
}

struct page_info *mfn_to_page(unsigned long mfn)
{
    return mfn < frame_table_size ? &frame_table[mfn] : NULL;
}

unsigned long page_to_mfn(const struct page_info *pg)
{
    return (unsigned long)(pg - frame_table);
}

bool mfn_owned_by(const struct domain *d, unsigned long mfn)
{
    const struct page_info *pg = mfn_to_page(mfn);

    return pg && d && pg->owner == d && pg->count;
}

void assign_page(struct domain *d, unsigned long mfn, bool xen_heap)
{
    struct page_info *pg = mfn_to_page(mfn);

    BUG_ON(!pg || pg->owner || pg->count);
    *pg = (struct page_info){ .owner = d, .count = 1,
                              .flags = xen_heap ? PGF_xen_heap : 0 };
    d->owned_frames++;
}

bool get_page(struct page_info *pg, const struct domain *d)
{
    if ( !pg || !d || pg->owner != d || !pg->count || pg->count == UINT32_MAX )
        return false;
    pg->count++;
    return true;
}

void put_page(struct page_info *pg)
{
    BUG_ON(!pg->count);
    if ( --pg->count )
        return;
    /* The allocation reference went: the frame is free again. */
    BUG_ON(pg->type_count || (pg->flags & PGF_pinned));
    if ( pg->owner )
        pg->owner->owned_frames--;
    *pg = (struct page_info){ 0 };
    frame_free(page_to_mfn(pg));
}

static bool is_pagetable_type(unsigned int type)
{
    return type >= PGT_l1_page_table && type <= PGT_l4_page_table;
}

int get_page_type(struct page_info *pg, enum page_type type)
{
    int rc;

    if ( pg->type_count )
    {
        if ( pg->type != type || pg->type_count == UINT32_MAX )
            return -EINVAL;
        pg->type_count++;
        return 0;
    }
    if ( pg->type != type )
    {
        /*
         * A frame that was writable may still sit writable in a TLB:
         * before it serves as anything special, the TLB must be flushed.
         */
        if ( type != PGT_writable_page )
            tlb_flush_needed = true;
        pg->type = (uint8_t)type;
        pg->flags &= ~PGF_validated;
    }
    pg->type_count = 1;
    if ( (pg->flags & PGF_validated) ||
         (!is_pagetable_type(type) && type != PGT_seg_desc_page) )
        return 0;
    /* type_count 1 first: validation of a self-map sees the new type. */
    rc = type == PGT_seg_desc_page ? desc_validate_page(pg)
                                   : pt_validate(pg, type);
    if ( rc )
    {
        pg->type_count = 0;
        pg->type = PGT_none;
        return rc;
    }
    pg->flags |= PGF_validated;
    return 0;
}

void put_page_type(struct page_info *pg)
{
    BUG_ON(!pg->type_count);
    if ( --pg->type_count )
        return;
    /* Revalidate on next use: the guest may write it in between. */
    pg->flags &= ~PGF_validated;
    if ( !is_pagetable_type(pg->type) )
        return;
    /* Last page-table use: release everything its entries held. */
    pt_devalidate(pg, pg->type);
}

int get_page_and_type(struct page_info *pg, const struct domain *d,
                      enum page_type type)
{
    int rc;

    if ( !get_page(pg, d) )
        return -EINVAL;
    rc = get_page_type(pg, type);
    if ( rc )
        put_page(pg);
    return rc;
}

void put_page_and_type(struct page_info *pg)
{
    put_page_type(pg);
    put_page(pg);
}
