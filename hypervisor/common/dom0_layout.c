/*
 * dom0 bootstrap layout (xen/arch/x86/pv/dom0_build.c's arithmetic).  All
 * inputs come from a validated ELF and the boot options; every sum that a
 * hostile image could push past 2^64 is checked.
 */
#include "lib.h"
#include <xen/xen.h>
#include "dom0_layout.h"
#include "layout.h"

#define MB4 (1UL << 22)

/* Number of 2^shift-aligned blocks that [lo, hi) touches (Xen's NR()). */
static uint64_t nr_blocks(uint64_t lo, uint64_t hi, unsigned int shift)
{
    uint64_t mask = (1UL << shift) - 1;

    return (((hi + mask) & ~mask) - (lo & ~mask)) >> shift;
}

static bool guest_va_range(uint64_t s, uint64_t e)
{
    return e <= 0x0000800000000000UL || s >= HV_RESERVED_END;
}

/* Checked address arithmetic: a hostile image may aim past 2^64. */
static uint64_t add(uint64_t a, uint64_t b, bool *ok)
{
    uint64_t r;

    if ( __builtin_add_overflow(a, b, &r) )
        *ok = false;
    return r;
}

static uint64_t round_up(uint64_t x, uint64_t align, bool *ok)
{
    return add(x, align - 1, ok) & ~(align - 1);
}

/*
 * INIT_P2M: the p2m gets its own mapping at base, outside the region and
 * in top-level slots of its own, with frames and tables after everything
 * else (Xen's setup_pv_physmap), so the kernel's window stays small.
 */
static const char *place_p2m(uint64_t base, struct dom0_layout *l,
                             uint64_t *need)
{
    uint64_t pages = ROUNDUP(l->nr_pages * sizeof(unsigned long), PAGE_SIZE)
                     >> PAGE_SHIFT;
    uint64_t end, tables;
    bool ok = true;

    end = add(base, pages << PAGE_SHIFT, &ok);
    if ( !ok || (base & ~PAGE_MASK) || !guest_va_range(base, end) )
        return "does not fit in dom0 memory (bad INIT_P2M address)";
    if ( (end - 1) >> 39 >= l->v_start >> 39 &&
         base >> 39 <= (l->v_end - 1) >> 39 )
        return "does not fit in dom0 memory (INIT_P2M shares a top-level "
               "slot with the initial mapping)";
    tables = nr_blocks(base, end, 39) + nr_blocks(base, end, 30) +
             nr_blocks(base, end, 21);
    l->vphysmap_start = base;
    l->vphysmap_end = base + l->nr_pages * sizeof(unsigned long);
    l->p2m_pfn = *need;
    l->p2m_tables_pfn = *need + pages;
    l->nr_p2m_frames = pages + tables;
    *need += pages + tables;
    return NULL;
}

const char *dom0_compute_layout(const struct xen_elf_info *elf,
                                uint64_t initrd_len, unsigned long nr_pages,
                                bool console_page, struct dom0_layout *l)
{
    uint64_t pt_start, need;
    const char *err;
    bool ok = true;

    memset(l, 0, sizeof(*l));
    l->nr_pages = nr_pages;
    l->v_start = elf->virt_base;
    l->vkern_start = elf->virt_kstart;
    l->vkern_end = elf->virt_kend;
    if ( initrd_len > (1UL << 40) || nr_pages > (1UL << 36) )
        return "does not fit in dom0 memory (impossible sizes)";

    l->initrd_unmapped = elf->unmapped_initrd && initrd_len;
    l->vinitrd_start = round_up(l->vkern_end, PAGE_SIZE, &ok);
    l->vinitrd_end = add(l->vinitrd_start,
                         l->initrd_unmapped ? 0 : initrd_len, &ok);
    l->vphysmap_start = round_up(l->vinitrd_end, PAGE_SIZE, &ok);
    l->vphysmap_end = add(l->vphysmap_start, elf->p2m_base == ~0UL ?
                          nr_pages * sizeof(unsigned long) : 0, &ok);
    l->vstartinfo_start = round_up(l->vphysmap_end, PAGE_SIZE, &ok);
    l->vstartinfo_end = add(l->vstartinfo_start,
                            sizeof(struct start_info) +
                            sizeof(struct dom0_vga_console_info), &ok);
    pt_start = round_up(l->vstartinfo_end, PAGE_SIZE, &ok);
    if ( console_page )
    {
        l->vconsole_start = pt_start;
        pt_start = add(pt_start, PAGE_SIZE, &ok);
    }

    /* Page tables map themselves: grow the count until it covers all. */
    for ( l->nr_pt_pages = 2; ok; l->nr_pt_pages++ )
    {
        l->vpt_start = pt_start;
        l->vpt_end = add(pt_start, l->nr_pt_pages * PAGE_SIZE, &ok);
        l->vstack_start = l->vpt_end;
        l->vstack_end = add(l->vstack_start, PAGE_SIZE, &ok);
        l->v_end = round_up(l->vstack_end, MB4, &ok);
        if ( l->v_end - l->vstack_end < (512UL << 10) )
            l->v_end = add(l->v_end, MB4, &ok);   /* >= 512 KiB padding */
        if ( !ok || 1 + nr_blocks(l->v_start, l->v_end, 39) +
                    nr_blocks(l->v_start, l->v_end, 30) +
                    nr_blocks(l->v_start, l->v_end, 21) <= l->nr_pt_pages )
            break;
    }

    if ( !ok )
        return "does not fit in dom0 memory (the region wraps past 2^64)";
    if ( !guest_va_range(l->v_start, l->v_end) )
        return "does not fit in dom0 memory (region overlaps the "
               "hypervisor's virtual range)";
    need = (l->v_end - l->v_start) >> PAGE_SHIFT;
    if ( l->initrd_unmapped )
    {
        l->initrd_pfn = need;
        need += ROUNDUP(initrd_len, PAGE_SIZE) >> PAGE_SHIFT;
    }
    l->p2m_pfn = (l->vphysmap_start - l->v_start) >> PAGE_SHIFT;
    if ( elf->p2m_base != ~0UL && (err = place_p2m(elf->p2m_base, l, &need)) )
        return err;
    if ( need > nr_pages )
        return "does not fit in dom0 memory";
    return NULL;
}
