/*
 * The page allocator of the PV kernel core.  Pseudo-physical frame p lives
 * at PV_VIRT_BASE + p * 4096 (the direct map).  The builder maps the
 * bootstrap region up to its padded end; frames past it get their L1
 * entries, and L1 tables, here when first handed out.  Trusts start_info
 * (p2m, pt_base, nr_pt_frames) and the read-only M2P.
 */
#include <hypercalls/hypercall.h>
#include <pv-guest/lib.h>
#include <pv-guest/mm.h>
#include <pv-guest/param.h>
#include <xen/errno.h>

#define L2_SLOTS        512
#define PAGES_PER_L1    512UL
#define M2P             ((const unsigned long *)MACH2PHYS_VIRT_START)
/* A p2m slot with no frame behind it (Linux INVALID_P2M_ENTRY). */
#define P2M_INVALID     (~0UL)
/* The direct map stops where the vmap window starts. */
#define DIRECT_PAGES    (L2_SLOTS * PAGES_PER_L1 - MM_VMAP_PAGES)

static const xen_pfn_t *p2m;
static unsigned long limit;         /* pfns below this may be handed out */
static unsigned long first_free;    /* first pfn after the boot tables */
static unsigned long mapped_end;    /* [first_free, mapped_end) mapped */
static unsigned long hwm;           /* pfns below were handed out once */
static unsigned long nr_freed;
static void *free_list;             /* freed pages, each holds the next */

/* Our L2 (read-only view) and its frame, for mmu_update on its slots. */
static const volatile uint64_t *l2;
static xen_pfn_t l2_mfn;

/* A page whose VA briefly shows a new page-table frame to clear it. */
static uint8_t scratch[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static void *pfn_va(unsigned long pfn)
{
    return (void *)(PV_VIRT_BASE + pfn * PAGE_SIZE);
}

/* Works before mm_init(): the conformance kernels use it alone. */
xen_pfn_t virt_to_mfn(const void *va)
{
    const xen_pfn_t *map = (const xen_pfn_t *)start_info->mfn_list;

    return map[((unsigned long)va - PV_VIRT_BASE) / PAGE_SIZE];
}

/* A page-table frame of the bootstrap region, through the direct map. */
static const volatile uint64_t *table_va(uint64_t entry)
{
    return pfn_va(M2P[(entry & PTE_ADDR_MASK) >> 12]);
}

static long set_entry(uint64_t maddr, uint64_t val, domid_t dom)
{
    mmu_update_t req = { .ptr = maddr | MMU_NORMAL_PT_UPDATE, .val = val };

    return hypercall_mmu_update(&req, 1, NULL, dom);
}

/*
 * A frame for a new L1 table: a freed page (mapped) or the next unused
 * pfn (mapped if below mapped_end).  *mapped says which.
 */
static long take_frame(bool *mapped)
{
    if ( free_list )
    {
        void *p = free_list;

        free_list = *(void **)p;
        nr_freed--;
        *mapped = true;
        return ((unsigned long)p - PV_VIRT_BASE) / PAGE_SIZE;
    }
    while ( hwm < limit && p2m[hwm] == P2M_INVALID )
        hwm++;
    if ( hwm >= limit )
        return -1;
    *mapped = hwm < mapped_end;
    return hwm++;
}

/* Give L2 slot an empty L1 table if it has none.  0 or -errno. */
static int l1_ensure(unsigned int slot)
{
    unsigned long pfn;
    xen_pfn_t mfn;
    bool mapped;
    long rc;

    if ( l2[slot] & PTE_P )
        return 0;
    rc = take_frame(&mapped);
    if ( rc < 0 )
        return -XEN_ENOMEM;
    pfn = rc;
    mfn = p2m[pfn];

    /* Xen refuses an L1 frame that is still mapped writable anywhere. */
    if ( mapped )
    {
        memset(pfn_va(pfn), 0, PAGE_SIZE);
        rc = hypercall_update_va_mapping((unsigned long)pfn_va(pfn),
                                         (mfn << 12) | (PTE_KERNEL & ~PTE_RW),
                                         UVMF_INVLPG);
    }
    else
    {
        rc = hypercall_update_va_mapping((unsigned long)scratch,
                                         (mfn << 12) | PTE_KERNEL,
                                         UVMF_INVLPG);
        if ( !rc )
            memset(scratch, 0, PAGE_SIZE);
        if ( hypercall_update_va_mapping((unsigned long)scratch,
                                         (virt_to_mfn(scratch) << 12) |
                                         PTE_KERNEL, UVMF_INVLPG) )
            panic("mm: cannot restore the scratch page");
    }
    if ( !rc )
        rc = set_entry((l2_mfn << 12) + slot * 8, (mfn << 12) | PTE_KERNEL,
                       DOMID_SELF);
    if ( rc )
        printk("mm: new L1 table for slot %u: error %ld\n", slot, rc);
    /* A frame that failed stays taken: Xen's view of it is unknown. */
    return rc;
}

/* Machine address of the L1 entry for va (in the kernel's 1 GiB). */
int mm_l1e_maddr(unsigned long va, uint64_t *maddr)
{
    unsigned long off = va - PV_VIRT_BASE;
    unsigned int slot = off / (PAGES_PER_L1 * PAGE_SIZE);
    int rc;

    if ( va < PV_VIRT_BASE || slot >= L2_SLOTS )
        return -XEN_EINVAL;
    rc = l1_ensure(slot);
    if ( rc )
        return rc;
    *maddr = (l2[slot] & PTE_ADDR_MASK) + (off / PAGE_SIZE % PAGES_PER_L1) * 8;
    return 0;
}

static bool pfn_mapped_at_boot(unsigned long pfn)
{
    unsigned long off = pfn * PAGE_SIZE;
    uint64_t l2e = l2[off >> 21];

    return (l2e & PTE_P) && (table_va(l2e)[(off >> 12) & 511] & PTE_P);
}

void mm_init(void)
{
    const volatile uint64_t *l4 = (const uint64_t *)start_info->pt_base;
    const volatile uint64_t *l3;
    unsigned long va = PV_VIRT_BASE;

    p2m = (const xen_pfn_t *)start_info->mfn_list;
    l3 = table_va(l4[(va >> 39) & 511]);
    l2_mfn = (l3[(va >> 30) & 511] & PTE_ADDR_MASK) >> 12;
    l2 = table_va(l3[(va >> 30) & 511]);

    /* Everything up to the boot page tables is in use (Xen's layout);
     * the boot stack after them is not: head.S has its own. */
    first_free = (start_info->pt_base - PV_VIRT_BASE) / PAGE_SIZE +
                 start_info->nr_pt_frames;
    limit = start_info->nr_pages < DIRECT_PAGES ? start_info->nr_pages
                                                : DIRECT_PAGES;
    if ( first_free > limit )
        panic("mm_init: boot tables end at pfn %lu, past %lu pages",
              first_free, limit);
    for ( mapped_end = first_free;
          mapped_end < limit && pfn_mapped_at_boot(mapped_end); )
        mapped_end++;
    hwm = first_free;
}

unsigned long mm_free_pages(void)
{
    return nr_freed + (limit - hwm);
}

void *page_alloc(void)
{
    void *p;

    if ( free_list )
    {
        p = free_list;
        free_list = *(void **)p;
        nr_freed--;
        memset(p, 0, PAGE_SIZE);
        return p;
    }

    for ( ;; )
    {
        unsigned long pfn;
        uint64_t maddr;

        while ( hwm < limit && p2m[hwm] == P2M_INVALID )
            hwm++;
        if ( hwm >= limit )
            return NULL;
        pfn = hwm;
        if ( pfn < mapped_end )
            break;
        /* May take hwm itself for the table: then look again. */
        if ( mm_l1e_maddr((unsigned long)pfn_va(pfn), &maddr) )
            return NULL;
        if ( hwm != pfn )
            continue;
        if ( set_entry(maddr, (p2m[pfn] << 12) | PTE_KERNEL, DOMID_SELF) )
            return NULL;
        break;
    }
    p = pfn_va(hwm++);
    memset(p, 0, PAGE_SIZE);
    return p;
}

void page_free(void *va)
{
    unsigned long pfn = ((unsigned long)va - PV_VIRT_BASE) / PAGE_SIZE;

    if ( !va )
        return;
    if ( (unsigned long)va < PV_VIRT_BASE || ((unsigned long)va & 4095) ||
         pfn < first_free || pfn >= hwm )
    {
        printk("page_free: %p is not a page from page_alloc\n", va);
        return;
    }
    *(void **)va = free_list;
    free_list = va;
    nr_freed++;
}
