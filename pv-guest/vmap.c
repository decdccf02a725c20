/*
 * The vmap window at the top of the kernel's 1 GiB: virtual pages for
 * frames that are not ours (another domain's, by foreign mmu_update or by
 * grant).  First fit over a bitmap; L1 tables come from mm.c on demand.
 * Trusts the hypervisor's checks on every frame it is asked to map.
 */
#include <hypercalls/hypercall.h>
#include <pv-guest/lib.h>
#include <pv-guest/mm.h>
#include <pv-guest/param.h>
#include <xen/errno.h>

#define VMAP_BASE   (PV_VIRT_BASE + (1UL << 30) - MM_VMAP_PAGES * PAGE_SIZE)

static uint64_t used[MM_VMAP_PAGES / 64];

BUILD_BUG_ON(MM_VMAP_PAGES % 64);

static bool bit(unsigned int i)
{
    return (used[i / 64] >> (i % 64)) & 1;
}

static void set_bits(unsigned int first, unsigned int n, bool on)
{
    for ( unsigned int i = first; i < first + n; i++ )
        if ( on )
            used[i / 64] |= 1UL << (i % 64);
        else
            used[i / 64] &= ~(1UL << (i % 64));
}

bool vmap_contains(const void *va, unsigned int n)
{
    unsigned long a = (unsigned long)va;

    return a >= VMAP_BASE && !(a & (PAGE_SIZE - 1)) && n &&
           n <= MM_VMAP_PAGES &&
           (a - VMAP_BASE) / PAGE_SIZE <= MM_VMAP_PAGES - n;
}

void *vmap_alloc(unsigned int n)
{
    unsigned int start = 0, run = 0;

    if ( !n || n > MM_VMAP_PAGES )
        return NULL;
    for ( unsigned int i = 0; i < MM_VMAP_PAGES; i++ )
    {
        if ( bit(i) )
        {
            run = 0;
            continue;
        }
        if ( !run++ )
            start = i;
        if ( run == n )
        {
            set_bits(start, n, true);
            return (void *)(VMAP_BASE + start * PAGE_SIZE);
        }
    }
    return NULL;
}

void vmap_free(void *va, unsigned int n)
{
    if ( !vmap_contains(va, n) )
    {
        printk("vmap_free: %p+%u pages is not in the window\n", va, n);
        return;
    }
    set_bits(((unsigned long)va - VMAP_BASE) / PAGE_SIZE, n, false);
}

/*
 * Write val(i) into the L1 entries of n pages from va, in batches, with
 * frames of domain dom.  Returns 0, or -errno with *done entries written.
 */
static long set_range(unsigned long va, const xen_pfn_t *mfns,
                      unsigned int n, domid_t dom, unsigned int *done)
{
    mmu_update_t req[MM_UPDATE_BATCH];
    unsigned int i = 0, k, ok;
    long rc = 0;

    *done = 0;
    while ( i < n )
    {
        for ( k = 0; k < MM_UPDATE_BATCH && i + k < n; k++ )
        {
            rc = mm_l1e_maddr(va + (i + k) * PAGE_SIZE, &req[k].ptr);
            if ( rc )
                return rc;
            req[k].ptr |= MMU_NORMAL_PT_UPDATE;
            req[k].val = mfns ? (mfns[i + k] << 12) | PTE_KERNEL : 0;
        }
        ok = 0;
        rc = hypercall_mmu_update(req, k, &ok, dom);
        *done += ok;
        if ( rc )
            return rc;
        i += k;
    }
    return 0;
}

static void flush_tlb(void)
{
    struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };

    hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

void *foreign_map(domid_t dom, const xen_pfn_t *mfns, unsigned int n)
{
    void *va = vmap_alloc(n);
    unsigned int done, undone;
    long rc;

    if ( !va )
        return NULL;
    rc = set_range((unsigned long)va, mfns, n, dom, &done);
    if ( !rc )
        return va;

    /* Undo the entries written; the window pages stay reserved if not. */
    if ( set_range((unsigned long)va, NULL, done, DOMID_SELF, &undone) )
        printk("foreign_map: cannot undo %u entries\n", done);
    else
        vmap_free(va, n);
    flush_tlb();
    return NULL;
}

void foreign_unmap(void *va, unsigned int n)
{
    unsigned int done;
    long rc;

    if ( !vmap_contains(va, n) )
    {
        printk("foreign_unmap: %p+%u pages is not a mapping\n", va, n);
        return;
    }
    rc = set_range((unsigned long)va, NULL, n, DOMID_SELF, &done);
    flush_tlb();
    if ( rc )
        printk("foreign_unmap: %p: error %ld after %u pages\n", va, rc, done);
    else
        vmap_free(va, n);
}

void *grant_map(domid_t dom, grant_ref_t ref, bool readonly,
                grant_handle_t *handle)
{
    void *va = vmap_alloc(1);
    struct gnttab_map_grant_ref m = {
        .host_addr = (unsigned long)va,
        .flags = GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0),
        .ref = ref,
        .dom = dom,
    };
    uint64_t maddr;
    long rc;

    if ( !va )
        return NULL;
    /* Xen writes the PTE behind host_addr: its L1 table must exist. */
    rc = mm_l1e_maddr((unsigned long)va, &maddr);
    if ( !rc )
        rc = hypercall_grant_table_op(GNTTABOP_map_grant_ref, &m, 1);
    if ( rc || m.status != GNTST_okay )
    {
        vmap_free(va, 1);
        return NULL;
    }
    *handle = m.handle;
    return va;
}

void grant_unmap(void *va, grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref u = {
        .host_addr = (unsigned long)va,
        .handle = handle,
    };
    long rc;

    if ( !vmap_contains(va, 1) )
    {
        printk("grant_unmap: %p is not a grant mapping\n", va);
        return;
    }
    rc = hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1);
    if ( rc || u.status != GNTST_okay )
        printk("grant_unmap: %p handle %u: rc %ld status %d\n", va, handle,
               rc, u.status);
    else
        vmap_free(va, 1);
}

/* page_alloc_n's buffers: where each is and the pages behind it. */
static struct {
    void *va;
    unsigned int n;
    void **pages;           /* a page of page pointers */
} bufs[MM_MAX_BUFS];

void *page_alloc_n(unsigned int n)
{
    unsigned int slot, i;
    xen_pfn_t *mfns;
    void **pages;
    void *va = NULL;

    if ( !n || n > PAGE_SIZE / sizeof(void *) )
        return NULL;
    for ( slot = 0; slot < MM_MAX_BUFS && bufs[slot].va; slot++ )
        ;
    if ( slot == MM_MAX_BUFS )
        return NULL;
    pages = page_alloc();
    mfns = page_alloc();
    for ( i = 0; pages && mfns && i < n; i++ )
    {
        if ( !(pages[i] = page_alloc()) )
            break;
        mfns[i] = virt_to_mfn(pages[i]);
    }
    if ( pages && mfns && i == n )
        va = foreign_map(DOMID_SELF, mfns, n);
    page_free(mfns);
    if ( !va )
    {
        while ( pages && i-- )
            page_free(pages[i]);
        page_free(pages);
        return NULL;
    }
    bufs[slot].va = va;
    bufs[slot].n = n;
    bufs[slot].pages = pages;
    return va;
}

void page_free_n(void *va)
{
    unsigned int slot, i;

    for ( slot = 0; slot < MM_MAX_BUFS && bufs[slot].va != va; slot++ )
        ;
    if ( !va || slot == MM_MAX_BUFS )
    {
        printk("page_free_n: %p is not from page_alloc_n\n", va);
        return;
    }
    foreign_unmap(va, bufs[slot].n);
    for ( i = 0; i < bufs[slot].n; i++ )
        page_free(bufs[slot].pages[i]);
    page_free(bufs[slot].pages);
    bufs[slot].va = NULL;
}
