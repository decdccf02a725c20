/*
 * GNTTABOP_map_grant_ref and unmap_grant_ref (Xen 4.17 map_grant_ref,
 * unmap_common, unmap_common_complete): the map-track handles of the
 * mapper, the pins on the granter's entry and the frame references a
 * mapping holds: one general reference per host and per device mapping,
 * plus the writable type for each writable one (XSA-224).  Unmapping
 * undoes what the handle recorded, never what the guest claims (XSA-234).
 */
#include "lib.h"
#include "domain.h"
#include "frame_alloc.h"
#include "grant_table.h"
#include "page.h"

#define MAPTRACK_TAIL UINT32_MAX

/* A free handle of d, growing the map-track by a page when none is. */
static uint32_t get_maptrack_handle(struct domain *d)
{
    struct grant_table *gt = &d->grant_table;
    uint32_t h;

    if ( gt->maptrack_head >= gt->maptrack_limit )
    {
        unsigned int page = gt->maptrack_limit / GNTTAB_MAPTRACK_PER_PAGE;
        unsigned long mfn;

        if ( page == GNTTAB_MAX_MAPTRACK_FRAMES ||
             (mfn = frame_alloc()) == INVALID_MFN )
            return MAPTRACK_TAIL;
        gt->maptrack_mfn[page] = mfn;
        gt->maptrack_head = gt->maptrack_limit;
        gt->maptrack_limit += GNTTAB_MAPTRACK_PER_PAGE;
        for ( h = gt->maptrack_head; h < gt->maptrack_limit; h++ )
        {
            struct grant_mapping *m = maptrack_entry(d, h);

            m->flags = 0;
            m->ref = h + 1 < gt->maptrack_limit ? h + 1 : MAPTRACK_TAIL;
        }
    }
    h = gt->maptrack_head;
    gt->maptrack_head = maptrack_entry(d, h)->ref;
    return h;
}

static void put_maptrack_handle(struct domain *d, uint32_t h)
{
    struct grant_mapping *m = maptrack_entry(d, h);

    m->flags = 0;
    m->ref = d->grant_table.maptrack_head;
    d->grant_table.maptrack_head = h;
}

static unsigned int pin_incr_of(unsigned int flags)
{
    bool ro = flags & GNTMAP_readonly;
    unsigned int incr = 0;

    if ( flags & GNTMAP_device_map )
        incr += ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
    if ( flags & GNTMAP_host_map )
        incr += ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
    return incr;
}

void gnttab_map(struct gnttab_map_grant_ref *op)
{
    struct domain *ld = current->domain, *rd;
    unsigned int pin_incr = pin_incr_of(op->flags);
    unsigned int refcnt = 0, typecnt = 0;
    bool ro = op->flags & GNTMAP_readonly;
    struct page_info *pg;
    struct grant_mapping *mt;
    uint32_t handle;
    int rc;

    if ( !pin_incr )
    {
        op->status = GNTST_bad_gntref;  /* neither host nor device: Xen's */
        return;
    }
    /* DOMID_SELF is not resolved here, as in Xen. */
    if ( !(rd = get_domain_by_id(op->dom)) )
    {
        op->status = GNTST_bad_domain;
        return;
    }
    if ( (handle = get_maptrack_handle(ld)) == MAPTRACK_TAIL )
    {
        op->status = GNTST_no_space;
        return;
    }
    rc = gnttab_pin(rd, op->ref, ld->domid, pin_incr, true, &pg);
    if ( rc != GNTST_okay )
        goto out_handle;
    refcnt++;

    rc = GNTST_general_error;           /* Xen's "could not pin" */
    if ( (op->flags & GNTMAP_device_map) && !ro )
    {
        if ( get_page_type(pg, PGT_writable_page) )
            goto undo;
        typecnt++;
    }
    if ( op->flags & GNTMAP_host_map )
    {
        /* The device mapping holds the reference the pin took. */
        if ( op->flags & GNTMAP_device_map )
        {
            if ( !get_page(pg, rd) )
                goto undo;
            refcnt++;
        }
        if ( !ro )
        {
            if ( get_page_type(pg, PGT_writable_page) )
                goto undo;
            typecnt++;
        }
        rc = create_grant_pv_mapping(op->host_addr, page_to_mfn(pg),
                                     op->flags);
        if ( rc != GNTST_okay )
            goto undo;
    }

    mt = maptrack_entry(ld, handle);
    mt->ref = op->ref;
    mt->domid = op->dom;
    mt->flags = (uint16_t)op->flags;
    op->dev_bus_addr = (uint64_t)page_to_mfn(pg) << PAGE_SHIFT;
    op->handle = handle;
    op->status = GNTST_okay;
    return;

 undo:
    while ( typecnt-- )
        put_page_type(pg);
    while ( refcnt-- )
        put_page(pg);
    gnttab_unpin(rd, op->ref, pin_incr);
 out_handle:
    put_maptrack_handle(ld, handle);
    op->status = (int16_t)rc;
}

void gnttab_unmap(struct gnttab_unmap_grant_ref *op,
                  struct gnttab_unmap_done *done)
{
    struct domain *ld = current->domain, *rd;
    struct grant_mapping *map;
    unsigned int flags;
    unsigned long mfn;
    int rc;

    done->rd = NULL;
    done->done = 0;
    if ( op->handle >= ld->grant_table.maptrack_limit ||
         !((flags = (map = maptrack_entry(ld, op->handle))->flags) &
           (GNTMAP_host_map | GNTMAP_device_map)) )
    {
        op->status = GNTST_bad_handle;
        return;
    }
    /* A granter lives on (dying) while any frame of it is mapped. */
    if ( !(rd = get_domain_by_id(map->domid)) )
    {
        domain_crash(ld, "grant handle %u of a vanished d%u", op->handle,
                     map->domid);
        op->status = GNTST_bad_handle;  /* Xen's "naughty" case */
        return;
    }
    if ( map->ref >= nr_grant_entries(rd) )
    {
        op->status = GNTST_bad_handle;
        return;
    }
    mfn = active_entry(rd, map->ref)->mfn;
    if ( op->dev_bus_addr && (flags & GNTMAP_device_map) &&
         op->dev_bus_addr != (uint64_t)mfn << PAGE_SHIFT )
    {
        op->status = GNTST_bad_dev_addr;
        return;
    }
    if ( op->host_addr && (flags & GNTMAP_host_map) )
    {
        rc = replace_grant_pv_mapping(op->host_addr, mfn, flags);
        if ( rc != GNTST_okay )
        {
            op->status = (int16_t)rc;
            return;
        }
        map->flags &= ~GNTMAP_host_map;
        done->done |= GNTMAP_host_map | (flags & GNTMAP_readonly);
    }
    if ( op->dev_bus_addr && (flags & GNTMAP_device_map) )
    {
        map->flags &= ~GNTMAP_device_map;
        done->done |= GNTMAP_device_map | (flags & GNTMAP_readonly);
    }
    done->rd = rd;
    done->ref = map->ref;
    done->mfn = mfn;
    if ( !(map->flags & (GNTMAP_host_map | GNTMAP_device_map)) )
        put_maptrack_handle(ld, op->handle);
    op->status = GNTST_okay;
}

/* After the TLB flush: the pins, then the references of what went. */
void gnttab_unmap_complete(const struct gnttab_unmap_done *done)
{
    struct page_info *pg = mfn_to_page(done->mfn);
    bool ro = done->done & GNTMAP_readonly;

    if ( !done->rd || !(done->done & (GNTMAP_host_map | GNTMAP_device_map)) )
        return;
    if ( done->done & GNTMAP_device_map )
    {
        gnttab_unpin(done->rd, done->ref, ro ? GNTPIN_devr_inc
                                             : GNTPIN_devw_inc);
        if ( !ro )
            put_page_type(pg);
        put_page(pg);
    }
    if ( done->done & GNTMAP_host_map )
    {
        gnttab_unpin(done->rd, done->ref, ro ? GNTPIN_hstr_inc
                                             : GNTPIN_hstw_inc);
        if ( !ro )
            put_page_type(pg);
        put_page(pg);
    }
}
