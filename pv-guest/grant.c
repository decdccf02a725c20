/*
 * Our own grant table (v1, GNTTAB_OWN_FRAMES frames), mapped on first use
 * in the vmap window.  Refs below GNTTAB_NR_RESERVED_ENTRIES stay the
 * toolstack's (console, xenstore).  The granted domain changes only the
 * GTF_reading/GTF_writing bits; ending access is Linux's cmpxchg on flags.
 */
#include <hypercalls/hypercall.h>
#include <pv-guest/lib.h>
#include <pv-guest/mm.h>
#include <pv-guest/param.h>
#include <xen/errno.h>

#define NR_REFS     (GNTTAB_OWN_FRAMES * PAGE_SIZE / sizeof(grant_entry_v1_t))

static volatile grant_entry_v1_t *table;
static uint64_t in_use[(NR_REFS + 63) / 64];

static long table_init(void)
{
    xen_pfn_t frames[GNTTAB_OWN_FRAMES];
    struct gnttab_setup_table s = {
        .dom = DOMID_SELF,
        .nr_frames = GNTTAB_OWN_FRAMES,
    };
    long rc;

    set_xen_guest_handle(s.frame_list, frames);
    rc = hypercall_grant_table_op(GNTTABOP_setup_table, &s, 1);
    if ( rc || s.status != GNTST_okay )
    {
        printk("grant table: setup_table: rc %ld status %d\n", rc, s.status);
        return -XEN_ENOMEM;
    }
    table = foreign_map(DOMID_SELF, frames, GNTTAB_OWN_FRAMES);
    return table ? 0 : -XEN_ENOMEM;
}

int grant_access(domid_t dom, void *va, bool readonly)
{
    unsigned long a = (unsigned long)va;
    grant_ref_t ref;

    if ( a < PV_VIRT_BASE || (a & (PAGE_SIZE - 1)) ||
         a >= PV_VIRT_BASE + start_info->nr_pages * PAGE_SIZE )
        return -XEN_EINVAL;
    if ( !table && table_init() )
        return -XEN_ENOMEM;

    for ( ref = GNTTAB_NR_RESERVED_ENTRIES; ref < NR_REFS; ref++ )
        if ( !((in_use[ref / 64] >> (ref % 64)) & 1) )
            break;
    if ( ref == NR_REFS )
        return -XEN_ENOSPC;
    in_use[ref / 64] |= 1UL << (ref % 64);

    table[ref].domid = dom;
    table[ref].frame = virt_to_mfn(va);
    /* The entry must be whole before Xen can see it permitted. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    table[ref].flags = GTF_permit_access | (readonly ? GTF_readonly : 0);
    return ref;
}

int grant_end_access(grant_ref_t ref)
{
    uint16_t flags;

    if ( ref < GNTTAB_NR_RESERVED_ENTRIES || ref >= NR_REFS ||
         !((in_use[ref / 64] >> (ref % 64)) & 1) )
        return -XEN_EINVAL;

    /* Clear flags only if no mapping appeared meanwhile (TOCTOU). */
    do {
        flags = table[ref].flags;
        if ( flags & (GTF_reading | GTF_writing) )
            return -XEN_EBUSY;
    } while ( !__atomic_compare_exchange_n(&table[ref].flags, &flags, 0,
                                           false, __ATOMIC_SEQ_CST,
                                           __ATOMIC_SEQ_CST) );

    in_use[ref / 64] &= ~(1UL << (ref % 64));
    return 0;
}
