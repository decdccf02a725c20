/*
 * Ring 0's view of machine memory: the directmap, the frame table's
 * storage, and the hypervisor slots every guest L4 receives.
 */
#include "boot.h"
#include "domain.h"
#include "frame_alloc.h"
#include "layout.h"
#include "mm.h"
#include "page.h"
#include "pagetable.h"
#include "smp.h"
#include "x86.h"

extern uint64_t boot_pd[];

static uint64_t *alloc_table(void)
{
    unsigned long mfn = frame_alloc();

    if ( mfn == INVALID_MFN )
        panic("map_hv_page: out of memory for page tables");
    memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
    return mfn_to_virt(mfn);
}

/*
 * The L1 entry for va in the hypervisor's own tables (idle_pg_table),
 * creating intermediate tables with table_flags.  Only for the reserved
 * slots, whose tables every guest L4 shares.
 */
uint64_t *hv_l1e(uint64_t va, uint64_t table_flags)
{
    uint64_t *t = idle_pg_table;

    BUG_ON(va < HV_RESERVED_START || va >= HV_RESERVED_END);
    for ( int shift = 39; shift > 12; shift -= 9 )
    {
        uint64_t *e = &t[(va >> shift) & 511];

        if ( !(*e & _PAGE_PRESENT) )
            *e = virt_to_maddr(alloc_table()) | table_flags;
        t = maddr_to_virt(*e & PADDR_MASK);
    }
    return &t[(va >> 12) & 511];
}

void *frame_virt(unsigned long mfn)
{
    return mfn_to_virt(mfn);
}

void frame_table_init(void)
{
    unsigned long nr = max_page();
    unsigned long n = ROUNDUP(nr * sizeof(struct page_info), PAGE_SIZE) >>
                      PAGE_SHIFT;
    unsigned long first = frames_alloc_contig(n);

    if ( first == INVALID_MFN )
        panic("frame_table_init: no %lu contiguous frames", n);
    memset(mfn_to_virt(first), 0, n << PAGE_SHIFT);
    frame_table_attach(mfn_to_virt(first), nr);
    pr_info("frame table: %lu frames, %lu KiB\n", nr, n * 4);
}

void pt_init_xen_l4_slots(uint64_t *l4)
{
    for ( unsigned int s = HV_FIRST_L4_SLOT; s <= HV_LAST_L4_SLOT; s++ )
        l4[s] = idle_pg_table[s];
}

/*
 * Device memory: outside every RAM range, and not the interrupt
 * controllers ring 0 drives itself (local APIC, IO-APIC), which Xen also
 * keeps from dom0.
 */
bool mfn_is_mmio(unsigned long mfn)
{
    uint64_t pa = (uint64_t)mfn << PAGE_SHIFT;

    if ( mfn >= (1UL << 40) )           /* beyond 52-bit physical */
        return false;
    if ( pa == (rdmsr(MSR_APIC_BASE) & PADDR_MASK) ||
         (pa >> 20) == 0xfec )          /* IO-APIC window 0xfec00000 */
        return false;
    for ( unsigned int i = 0; i < boot_info.nr_ram; i++ )
        if ( pa >= ROUNDDOWN(boot_info.ram[i].start, PAGE_SIZE) &&
             pa < boot_info.ram[i].end )
            return false;
    return true;
}

void directmap_make_uncached(uint64_t pa)
{
    /* boot_pd is the directmap's flat array of 2 MiB entries. */
    BUG_ON(pa >= ((uint64_t)DIRECTMAP_GIB << 30));
    boot_pd[pa >> 21] |= _PAGE_PCD | _PAGE_PWT;
    invlpg((unsigned long)maddr_to_virt(ROUNDDOWN(pa, 1UL << 21)));
}

/*
 * The tables that changed are the current domain's: this CPU and every
 * other one that has them loaded flush before the caller goes on to
 * release what the old entries held (TLB shootdown, smp.c).
 */
void flush_tlb(void)
{
    cpumask_t mask = current->domain->dirty_cpumask;

    cpumask_set(smp_processor_id(), &mask);
    flush_tlb_mask(mask);
    tlb_flush_needed = false;
}
