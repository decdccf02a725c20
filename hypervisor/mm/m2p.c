/*
 * M2P setup: a physically contiguous table (written through the directmap)
 * also mapped read-only and user-accessible in L4 slot 256, which every
 * guest L4 inherits with the other hypervisor slots.
 */
#include "errno.h"
#include "frame_alloc.h"
#include "layout.h"
#include "m2p.h"
#include "mm.h"
#include "page.h"
#include "x86.h"

#define TABLE   (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER)
#define RO_USER (_PAGE_PRESENT | _PAGE_USER | _PAGE_NX)

static unsigned long *m2p;
static unsigned long m2p_entries;

/* Map [va, va + n pages) read-only onto frames first.. in slot 256. */
static void map_ro(uint64_t va, unsigned long first, unsigned long n)
{
    for ( unsigned long i = 0; i < n; i++, va += PAGE_SIZE )
        *hv_l1e(va, TABLE) = ((uint64_t)(first + i) << PAGE_SHIFT) | RO_USER;
}

void m2p_init(void)
{
    unsigned long n;
    unsigned long first;

    m2p_entries = max_page();
    n = ROUNDUP(m2p_entries * sizeof(*m2p), PAGE_SIZE) >> PAGE_SHIFT;
    first = frames_alloc_contig(n);
    if ( first == INVALID_MFN )
        panic("m2p_init: no %lu contiguous frames for the M2P", n);
    m2p = mfn_to_virt(first);
    memset(m2p, 0xff, n << PAGE_SHIFT);       /* INVALID_M2P_ENTRY */
    map_ro(RO_MPT_VIRT_START, first, n);
    pr_info("m2p: %lu entries at 0x%lx\n", m2p_entries, RO_MPT_VIRT_START);
}

void m2p_set(unsigned long mfn, unsigned long pfn)
{
    BUG_ON(mfn >= m2p_entries);
    m2p[mfn] = pfn;
}
