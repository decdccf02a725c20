/*
 * memory_op, read-only queries (common/memory.c and arch/x86/mm.c):
 * the M2P location, the largest machine frame, reservations and memory
 * maps.  Changing a reservation arrives with the memory-management work.
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/memory.h>
#include "boot.h"
#include "domain.h"
#include "errno.h"
#include "guest_access.h"
#include "hypercall.h"
#include "layout.h"
#include "mm.h"

/* cmd's low bits select the op, the rest resume a batch (Xen-internal). */
#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK     ((1UL << MEMOP_EXTENT_SHIFT) - 1)

/* The BIOS E820 entry the memory-map calls exchange (20 bytes, packed). */
struct e820entry
{
    uint64_t addr, size;
    uint32_t type;
} __attribute__((packed));

static long reservation_op(unsigned int op, unsigned long arg)
{
    const struct domain *d = current->domain;
    domid_t domid;

    if ( copy_from_guest(&domid, arg, 1) )
        return -EFAULT;
    if ( domid != DOMID_SELF && domid != d->domid )
        return -ESRCH;                  /* the only domain is the caller */
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
    {
        struct xen_memory_map map;

        if ( copy_from_guest(&map, arg, 1) )
            return -EFAULT;
        /* Only XENMEM_set_memory_map (a toolstack, for a domU) gives a
         * domain a map; without one Xen answers -ENOSYS, and Linux then
         * builds its own from nr_pages. */
        return -ENOSYS;
    }
    case XENMEM_machine_memory_map:
        return machine_memory_map(arg);
    }
    return unimplemented_subop(__HYPERVISOR_memory_op, op);
}
