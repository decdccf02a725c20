/*
 * GNTTABOP_copy (Xen 4.17 gnttab_copy_one): copy bytes between two frames,
 * each named by a grant reference of another domain (pinned for the copy
 * alone) or, for the caller only, by its own frame number.  Every status
 * is Xen's, in Xen's order: domains, source, destination, then bounds.
 */
#include "lib.h"
#include "domain.h"
#include "grant_table.h"
#include "page.h"

struct copy_buf
{
    struct domain *d;
    struct page_info *pg;               /* one general reference held */
    grant_ref_t ref;
    bool have_grant, have_type;
};

static struct domain *domain_by_any_id(domid_t id)
{
    return id == DOMID_SELF ? current->domain : get_domain_by_id(id);
}

/* Only the caller's own frames may be named by number. */
static int lock_domain(domid_t id, bool is_gref, struct copy_buf *b)
{
    if ( id != DOMID_SELF && !is_gref )
        return GNTST_permission_denied;
    return (b->d = domain_by_any_id(id)) ? GNTST_okay : GNTST_bad_domain;
}

static int claim(const struct gnttab_copy_ptr *p, bool is_gref, bool ro,
                 struct copy_buf *b)
{
    int rc;

    if ( is_gref )
    {
        rc = gnttab_pin(b->d, p->u.ref, current->domain->domid,
                        ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc, false,
                        &b->pg);
        if ( rc != GNTST_okay )
            return rc;
        b->ref = p->u.ref;
        b->have_grant = true;
    }
    else
    {
        /* PV: the gmfn is a machine frame the domain must own. */
        b->pg = mfn_to_page(p->u.gmfn);
        if ( !get_page(b->pg, b->d) )
        {
            b->pg = NULL;
            return GNTST_bad_page;
        }
    }
    if ( !ro )
    {
        if ( get_page_type(b->pg, PGT_writable_page) )
            return GNTST_general_error; /* e.g. a page table */
        b->have_type = true;
    }
    return GNTST_okay;
}

static void release(struct copy_buf *b, bool ro)
{
    if ( b->have_grant )
        gnttab_unpin(b->d, b->ref, ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc);
    if ( b->have_type )
        put_page_type(b->pg);
    if ( b->pg )
        put_page(b->pg);
}

int16_t gnttab_copy_one(const struct gnttab_copy *op)
{
    struct copy_buf src = { 0 }, dst = { 0 };
    bool src_gref = op->flags & GNTCOPY_source_gref;
    bool dst_gref = op->flags & GNTCOPY_dest_gref;
    int rc;

    if ( (rc = lock_domain(op->source.domid, src_gref, &src)) ||
         (rc = lock_domain(op->dest.domid, dst_gref, &dst)) ||
         (rc = claim(&op->source, src_gref, true, &src)) ||
         (rc = claim(&op->dest, dst_gref, false, &dst)) )
        goto out;
    /* 16-bit operands: the sums cannot wrap. */
    if ( op->source.offset + op->len > PAGE_SIZE ||
         op->dest.offset + op->len > PAGE_SIZE )
    {
        rc = GNTST_bad_copy_arg;
        goto out;
    }
    memcpy((char *)frame_virt(page_to_mfn(dst.pg)) + op->dest.offset,
           (char *)frame_virt(page_to_mfn(src.pg)) + op->source.offset,
           op->len);
 out:
    release(&dst, false);
    release(&src, true);
    return (int16_t)rc;
}
