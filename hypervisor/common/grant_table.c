/*
 * The grant table of a domain (Xen 4.17 common/grant_table.c, v1 only):
 * its shared frames, owned by the hypervisor and shared writable with the
 * domain as shared_info is; the active entries behind them; and the pin
 * state machine map and copy share.  The shared entries are guest memory
 * the granter may rewrite at any moment: each is read once, checked, and
 * changed only by compare-and-exchange.
 */
#include "lib.h"
#include "domain.h"
#include "errno.h"
#include "frame_alloc.h"
#include "grant_table.h"
#include "page.h"

/* Xen retries a racing granter this often before giving up. */
#define SET_STATUS_RETRIES 5

static unsigned long alloc_cleared_frame(void)
{
    unsigned long mfn = frame_alloc();

    if ( mfn != INVALID_MFN )
        memset(frame_virt(mfn), 0, PAGE_SIZE);
    return mfn;
}

int gnttab_grow_table(struct domain *d, unsigned int nr_frames)
{
    struct grant_table *gt = &d->grant_table;
    unsigned int acts;

    /* A table has Xen's INITIAL_NR_GRANT_FRAMES (1) from first use on. */
    nr_frames = MAX(nr_frames, 1U);
    acts = nr_frames * GNTTAB_ENTRIES_PER_FRAME / GNTTAB_ACTIVE_PER_PAGE;
    BUG_ON(nr_frames > GNTTAB_MAX_FRAMES);
    while ( gt->nr_active < acts )
    {
        unsigned long mfn = alloc_cleared_frame();

        if ( mfn == INVALID_MFN )
            return -ENOMEM;
        gt->active_mfn[gt->nr_active++] = mfn;
    }
    while ( gt->nr_frames < nr_frames )
    {
        unsigned long mfn = alloc_cleared_frame();

        if ( mfn == INVALID_MFN )
            return -ENOMEM;
        assign_page(d, mfn, true);      /* the domain may map it */
        gt->shared_mfn[gt->nr_frames++] = mfn;
    }
    return 0;
}

/*
 * The shared frames are d's (xen_heap): they go with d's memory.  The
 * active entries outlive that while another domain maps d's grants.
 */
void grant_table_destroy(struct domain *d)
{
    struct grant_table *gt = &d->grant_table;
    unsigned int i;

    for ( i = 0; i < gt->nr_active; i++ )
        frame_free(gt->active_mfn[i]);
    for ( i = 0; i < gt->maptrack_limit / GNTTAB_MAPTRACK_PER_PAGE; i++ )
        frame_free(gt->maptrack_mfn[i]);
    memset(gt, 0, sizeof(*gt));
}

unsigned int nr_grant_entries(const struct domain *d)
{
    return d->grant_table.nr_frames * GNTTAB_ENTRIES_PER_FRAME;
}

/*
 * Callers have checked ref < nr_grant_entries(d).  NULL once the frame is
 * no longer d's: a dying domain's shared frames go with its memory while
 * its active entries live on for the mappings that remain, and a freed
 * frame may already serve someone else (XSA-255/379: never write it).
 */
grant_entry_v1_t *shared_entry(const struct domain *d, grant_ref_t ref)
{
    unsigned long mfn =
        d->grant_table.shared_mfn[ref / GNTTAB_ENTRIES_PER_FRAME];
    const struct page_info *pg = mfn_to_page(mfn);
    grant_entry_v1_t *f;

    if ( !mfn_owned_by(d, mfn) || !(pg->flags & PGF_xen_heap) )
        return NULL;
    f = frame_virt(mfn);
    return &f[ref % GNTTAB_ENTRIES_PER_FRAME];
}

struct active_grant_entry *active_entry(const struct domain *d,
                                        grant_ref_t ref)
{
    struct active_grant_entry *a = frame_virt(
        d->grant_table.active_mfn[ref / GNTTAB_ACTIVE_PER_PAGE]);

    return &a[ref % GNTTAB_ACTIVE_PER_PAGE];
}

/* Callers have checked handle < maptrack_limit. */
struct grant_mapping *maptrack_entry(const struct domain *d,
                                     grant_handle_t handle)
{
    struct grant_mapping *m = frame_virt(
        d->grant_table.maptrack_mfn[handle / GNTTAB_MAPTRACK_PER_PAGE]);

    return &m[handle % GNTTAB_MAPTRACK_PER_PAGE];
}

/*
 * Xen's _set_status_v1: set GTF_reading (and GTF_writing) in the shared
 * entry.  An unpinned entry must permit access to ldom; a write pin must
 * not meet GTF_readonly.  The flags and domid are one 32-bit word, so
 * one cmpxchg both checks and sets them.
 */
static int set_status(grant_entry_v1_t *e,
                      const struct active_grant_entry *act, bool readonly,
                      bool mapping, domid_t ldom)
{
    uint32_t *raw = (uint32_t *)e;
    uint16_t mask = GTF_type_mask | (mapping ? GTF_sub_page : 0);
    uint32_t old = ACCESS_ONCE(*raw);

    BUILD_BUG_ON(offsetof(grant_entry_v1_t, domid) != 2);
    for ( unsigned int tries = 0; ; tries++ )
    {
        uint16_t flags = (uint16_t)old, domid = (uint16_t)(old >> 16);
        uint32_t new, seen;

        if ( !act->pin &&
             ((flags & mask) != GTF_permit_access || domid != ldom) )
            return GNTST_general_error;
        new = old | GTF_reading;
        if ( !readonly )
        {
            if ( flags & GTF_readonly )
                return GNTST_general_error;
            new |= GTF_writing;
        }
        seen = __sync_val_compare_and_swap(raw, old, new);
        if ( seen == old )
            return GNTST_okay;
        if ( tries + 1 == SET_STATUS_RETRIES )
            return GNTST_general_error; /* the granter keeps racing us */
        old = seen;
    }
}

/* Xen's reduce_status_for_pin: the flags follow the remaining pins. */
static void reduce_status(grant_entry_v1_t *e,
                          const struct active_grant_entry *act, bool readonly)
{
    uint16_t clear = act->pin ? 0 : GTF_reading;

    if ( !e )
        return;                         /* the granter's table is gone */

    if ( !readonly && !(act->pin & (GNTPIN_hstw_mask | GNTPIN_devw_mask)) )
        clear |= GTF_writing;
    if ( clear )
        __atomic_fetch_and(&e->flags, (uint16_t)~clear, __ATOMIC_SEQ_CST);
}

static bool pin_is_readonly(unsigned int pin_incr)
{
    return !(pin_incr & (GNTPIN_hstw_inc | GNTPIN_devw_inc));
}

int gnttab_pin(struct domain *rd, grant_ref_t ref, domid_t ldom,
               unsigned int pin_incr, bool mapping, struct page_info **pg)
{
    bool ro = pin_is_readonly(pin_incr);
    struct active_grant_entry *act;
    grant_entry_v1_t *e;
    int rc;

    if ( ref >= nr_grant_entries(rd) )
        return GNTST_bad_gntref;
    if ( !(e = shared_entry(rd, ref)) )
        return GNTST_general_error;     /* a dying granter */
    act = active_entry(rd, ref);
    if ( act->pin && (act->domid != ldom ||
                      (act->pin & GNTPIN_incr2oflow_mask(pin_incr))) )
        return GNTST_general_error;
    if ( act->pin && (ro || (act->pin & (GNTPIN_hstw_mask |
                                         GNTPIN_devw_mask))) )
    {
        /* Already pinned as needed: only a reference on the frame. */
        *pg = mfn_to_page(act->mfn);
        if ( !get_page(*pg, rd) )
            return GNTST_general_error;
        act->pin += pin_incr;
        return GNTST_okay;
    }
    if ( (rc = set_status(e, act, ro, mapping, ldom)) != GNTST_okay )
        return rc;
    if ( !act->pin )
    {
        /* PV: the entry names a machine frame, which rd must own. */
        uint32_t frame = ACCESS_ONCE(e->frame);

        *pg = mfn_to_page(frame);
        if ( !get_page(*pg, rd) )
        {
            reduce_status(e, act, ro);
            return GNTST_bad_page;
        }
        act->domid = ldom;
        act->mfn = frame;
    }
    else if ( !get_page(*pg = mfn_to_page(act->mfn), rd) )
    {
        reduce_status(e, act, ro);
        return GNTST_general_error;
    }
    act->pin += pin_incr;
    return GNTST_okay;
}

void gnttab_unpin(struct domain *rd, grant_ref_t ref, unsigned int pin_incr)
{
    struct active_grant_entry *act = active_entry(rd, ref);

    BUG_ON((act->pin & (pin_incr * 0xff)) < pin_incr);
    act->pin -= pin_incr;
    reduce_status(shared_entry(rd, ref), act, pin_is_readonly(pin_incr));
}

/*
 * The handles d holds go.  As in Xen for PV, the references of a host
 * mapping belong to its PTE and go with d's page tables; device
 * mappings hold theirs here.
 */
void gnttab_release_mappings(struct domain *d)
{
    struct grant_table *gt = &d->grant_table;

    for ( unsigned int h = 0; h < gt->maptrack_limit; h++ )
    {
        struct grant_mapping *map = maptrack_entry(d, h);
        bool ro = map->flags & GNTMAP_readonly;
        struct domain *rd;

        if ( !(map->flags & (GNTMAP_device_map | GNTMAP_host_map)) )
            continue;
        if ( (rd = get_domain_by_id(map->domid)) != NULL )
        {
            struct page_info *pg =
                mfn_to_page(active_entry(rd, map->ref)->mfn);

            if ( map->flags & GNTMAP_device_map )
            {
                gnttab_unpin(rd, map->ref, ro ? GNTPIN_devr_inc
                                              : GNTPIN_devw_inc);
                if ( !ro )
                    put_page_type(pg);
                put_page(pg);
            }
            if ( map->flags & GNTMAP_host_map )
                gnttab_unpin(rd, map->ref, ro ? GNTPIN_hstr_inc
                                              : GNTPIN_hstw_inc);
        }
        map->flags = 0;
    }
}
