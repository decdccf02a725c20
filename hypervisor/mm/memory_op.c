/*
 * memory_op (common/memory.c and arch/x86/mm.c): the M2P location, the
 * largest machine frame, memory maps, reservation queries, and changing a
 * reservation, for oneself or, by the control domain, for another
 * domain.  Extent lists are guest memory, read and written one entry at
 * a time; a domain never gets more than max_pages.
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/memory.h>
#include "boot.h"
#include "domain.h"
#include "errno.h"
#include "frame_alloc.h"
#include "guest_access.h"
#include "hypercall.h"
#include "layout.h"
#include "m2p.h"
#include "mm.h"
#include "page.h"
#include "xenheap.h"

/* cmd's low bits select the op, the rest resume a batch (Xen-internal). */
#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK     ((1UL << MEMOP_EXTENT_SHIFT) - 1)

/* The BIOS E820 entry the memory-map calls exchange (20 bytes, packed). */
struct e820entry
{
    uint64_t addr, size;
    uint32_t type;
} __attribute__((packed));
#define E820MAX 1024                    /* Xen's limit for a domain's map */
#define E820_PAGES(nr) XENHEAP_PAGES((nr) * sizeof(struct e820entry))

/*
 * The domain a memory_op names (Xen's rcu_lock_domain_by_any_id and
 * XSM_TARGET check): oneself, or anyone for the control domain.
 */
static struct domain *memop_target(domid_t domid, long *err)
{
    struct domain *curr = current->domain;
    struct domain *d = domid == DOMID_SELF ? curr : get_domain_by_id(domid);

    *err = -ESRCH;
    if ( !d )
        return NULL;
    *err = -EPERM;
    return d == curr || is_control_domain(curr) ? d : NULL;
}

static long reservation_op(unsigned int op, unsigned long arg)
{
    const struct domain *d;
    domid_t domid;
    long rc;

    if ( copy_from_guest(&domid, arg, 1) )
        return -EFAULT;
    if ( !(d = memop_target(domid, &rc)) )
        return rc;
    switch ( op )
    {
    case XENMEM_current_reservation:
        return (long)d->tot_pages;
    case XENMEM_maximum_reservation:
        return (long)d->max_pages;
    default:                            /* XENMEM_maximum_gpfn */
        return (long)d->max_pages - 1;
    }
}

/* Largest extent order a caller may ask for (Xen's max_order()). */
static unsigned int max_order(const struct domain *curr)
{
    return is_control_domain(curr) ? CTLDOM_MAX_ORDER : DOMU_MAX_ORDER;
}

/* 2^order zeroed contiguous frames owned by d (Xen's assign_pages rules). */
static unsigned long alloc_extent(struct domain *d, unsigned int order)
{
    unsigned long n = 1UL << order, mfn;

    if ( d->state >= DOMSTATE_dying || d->tot_pages + n > d->max_pages ||
         (mfn = n == 1 ? frame_alloc() : frames_alloc_contig(n)) ==
         INVALID_MFN )
        return INVALID_MFN;
    for ( unsigned long i = 0; i < n; i++ )
    {
        memset(frame_virt(mfn + i), 0, PAGE_SIZE);
        assign_page(d, mfn + i, false);
    }
    d->tot_pages += n;
    return mfn;
}

/*
 * Give back a frame of d (Xen's guest_remove_page, PV: the gmfn is the
 * mfn).  Only a frame nobody references beyond its allocation: a frame
 * still mapped, typed or pinned is refused, where Xen would defer.
 */
static bool remove_page(struct domain *d, unsigned long mfn)
{
    struct page_info *pg = mfn_to_page(mfn);

    if ( !mfn_owned_by(d, mfn) || (pg->flags & PGF_xen_heap) ||
         pg->count != 1 || pg->type_count )
        return false;
    memset(frame_virt(mfn), 0, PAGE_SIZE);
    m2p_set(mfn, INVALID_M2P_ENTRY);
    d->tot_pages--;
    put_page(pg);
    return true;
}

/* One extent i of a reservation change; false stops the batch there. */
static bool reservation_extent(unsigned int op, struct domain *d,
                               const struct xen_memory_reservation *r,
                               unsigned long i)
{
    unsigned long list = (unsigned long)r->extent_start.p;
    unsigned long n = 1UL << r->extent_order, mfn;
    xen_pfn_t gpfn = 0;

    if ( op != XENMEM_increase_reservation || list )
        if ( copy_from_guest_offset(&gpfn, list, i, 1) )
            return false;
    if ( op == XENMEM_decrease_reservation )
    {
        for ( unsigned long j = 0; j < n; j++ )
            if ( gpfn + j < gpfn || !remove_page(d, gpfn + j) )
                return false;
        return true;
    }
    if ( (mfn = alloc_extent(d, r->extent_order)) == INVALID_MFN )
        return false;
    if ( op == XENMEM_populate_physmap )
        for ( unsigned long j = 0; j < n; j++ )
            m2p_set(mfn + j, gpfn + j);
    /* Inform the domain of the new extent's machine address. */
    if ( list && copy_to_guest_offset(list, i, &(xen_pfn_t){ mfn }, 1) )
        return false;
    return true;
}

/*
 * increase_reservation, decrease_reservation, populate_physmap.  As in
 * Xen every failure, a bad domain or a refused permission included,
 * shows only as the count of extents done, which is the return value.
 */
static long reservation_change(unsigned int op, unsigned long start,
                               unsigned long arg)
{
    struct xen_memory_reservation r;
    struct domain *d;
    unsigned long i;
    unsigned int bits;
    long err;

    if ( copy_from_guest(&r, arg, 1) ||
         r.nr_extents > (UINT32_MAX >> MEMOP_EXTENT_SHIFT) ||
         start >= r.nr_extents || !(d = memop_target(r.domid, &err)) )
        return (long)start;
    /*
     * Every frame is below the directmap limit: an address width that
     * covers it is met; narrower ones, NUMA nodes and populate-on-demand
     * are not offered.
     */
    bits = XENMEMF_get_address_bits(r.mem_flags);
    if ( (r.mem_flags & ~XENMEMF_address_bits(0xff)) ||
         (bits && (bits >= 64 ||
                   (1UL << bits) < (max_page() << PAGE_SHIFT))) ||
         r.extent_order > max_order(current->domain) ||
         ((op != XENMEM_increase_reservation ||
           r.extent_start.p) &&
          !guest_range_ok((unsigned long)r.extent_start.p,
                          r.nr_extents * sizeof(xen_pfn_t))) )
        return (long)start;
    for ( i = start; i < r.nr_extents; i++ )
    {
        if ( i != start && (i - start) % HYPERCALL_BATCH == 0 &&
             hypercall_may_preempt() )
            return hypercall_continue(__HYPERVISOR_memory_op,
                                      op | (i << MEMOP_EXTENT_SHIFT), arg,
                                      0, 0);
        if ( !reservation_extent(op, d, &r, i) )
            break;
    }
    return (long)i;
}

/*
 * XENMEM_set_memory_map: the toolstack gives a domain (or a domain
 * itself) the map XENMEM_memory_map returns, in frames of its own.  A map
 * that cannot be read whole leaves the old one, as Xen.
 */
static long set_memory_map(unsigned long arg)
{
    struct xen_foreign_memory_map fmap;
    struct e820entry *map = NULL;
    unsigned int nr;
    struct domain *d;
    long rc;

    if ( copy_from_guest(&fmap, arg, 1) )
        return -EFAULT;
    if ( (nr = fmap.map.nr_entries) > E820MAX )
        return -EINVAL;
    if ( !(d = memop_target(fmap.domid, &rc)) )
        return rc;
    if ( nr && !(map = alloc_xenheap_pages(E820_PAGES(nr))) )
        return -ENOMEM;
    if ( nr && copy_from_guest_raw(map, (unsigned long)fmap.map.buffer.p,
                                   nr * sizeof(*map)) )
    {
        free_xenheap_pages(map, E820_PAGES(nr));
        return -EFAULT;
    }
    domain_free_memory_map(d);
    d->e820 = map;
    d->nr_e820 = nr;
    return 0;
}

void domain_free_memory_map(struct domain *d)
{
    if ( d->nr_e820 )
        free_xenheap_pages(d->e820, E820_PAGES(d->nr_e820));
    d->e820 = NULL;
    d->nr_e820 = 0;
}

/* XENMEM_memory_map: the map set for the caller, -ENOSYS if none. */
static long memory_map(unsigned long arg)
{
    const struct domain *d = current->domain;
    struct xen_memory_map map;

    if ( copy_from_guest(&map, arg, 1) )
        return -EFAULT;
    /* Without one Xen answers -ENOSYS; Linux then uses nr_pages. */
    if ( !d->nr_e820 )
        return -ENOSYS;
    map.nr_entries = MIN(map.nr_entries, d->nr_e820);
    if ( copy_to_guest_raw((unsigned long)map.buffer.p, d->e820,
                           map.nr_entries * sizeof(struct e820entry)) ||
         copy_to_guest(arg, &map, 1) )
        return -EFAULT;
    return 0;
}

/* The host's E820 map, for the privileged domain. */
static long machine_memory_map(unsigned long arg)
{
    struct xen_memory_map map;
    struct e820entry e;

    if ( !current->domain->is_privileged )
        return -EPERM;
    if ( copy_from_guest(&map, arg, 1) )
        return -EFAULT;
    if ( map.nr_entries < boot_info.nr_map + 1 )
        return -EINVAL;                 /* Xen wants room for one more */
    for ( unsigned int i = 0; i < boot_info.nr_map; i++ )
    {
        e.addr = boot_info.map[i].addr;
        e.size = boot_info.map[i].size;
        e.type = boot_info.map[i].type;
        if ( copy_to_guest_offset((unsigned long)map.buffer.p, i, &e, 1) )
            return -EFAULT;
    }
    map.nr_entries = boot_info.nr_map;
    return copy_to_guest(arg, &map, 1);
}

long do_memory_op(unsigned long cmd, unsigned long arg)
{
    unsigned int op = cmd & MEMOP_CMD_MASK;
    unsigned long start_extent = cmd >> MEMOP_EXTENT_SHIFT;

    switch ( op )
    {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        return reservation_change(op, start_extent, arg);
    case XENMEM_maximum_ram_page:
        return start_extent ? -EINVAL : (long)max_page();
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
    case XENMEM_maximum_gpfn:
        return start_extent ? -EINVAL : reservation_op(op, arg);
    case XENMEM_machphys_mapping:
    {
        struct xen_machphys_mapping m = {
            .v_start = RO_MPT_VIRT_START, .v_end = RO_MPT_VIRT_END,
            .max_mfn = current->domain->is_privileged
                       ? max_page() - 1
                       : ((RO_MPT_VIRT_END - RO_MPT_VIRT_START) / 8) - 1 };

        return copy_to_guest(arg, &m, 1);
    }
    case XENMEM_memory_map:
        return memory_map(arg);
    case XENMEM_set_memory_map:
        return set_memory_map(arg);
    case XENMEM_machine_memory_map:
        return machine_memory_map(arg);
    }
    return unimplemented_subop(__HYPERVISOR_memory_op, op);
}
