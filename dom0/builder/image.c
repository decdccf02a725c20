/*
 * Domain image planning and writing (see image.h), after libxenguest's
 * xg_dom_x86.c for PV64: the ELF parser and the start-of-day arithmetic
 * are ring 0's own (hypervisor/common/elf.c, dom0_layout.c, compiled
 * again for dom0).  The kernel and ramdisk are untrusted bytes: elf.c
 * checks every offset, and nothing here reads past what it validated.
 */
#include "lib.h"
#include <xen/xen.h>

#include <dom0/image.h>

#define PTE_P       0x001UL
#define PTE_RW      0x002UL
#define PTE_US      0x004UL
#define PTE_A       0x020UL
#define PTE_D       0x040UL
#define PTE_ADDR    0x000ffffffffff000UL
/* As Xen's dom0 builder and libxenguest: leaves RW, tables read-only. */
#define L1_PROT     (PTE_P | PTE_RW | PTE_A | PTE_US)
#define TBL_PROT    (PTE_P | PTE_RW | PTE_A | PTE_D | PTE_US)

#define PAGE        4096UL

const char *image_plan(const struct build_spec *s, struct image_plan *p)
{
    static char why[160];
    unsigned long extra;        /* ramdisk pages + the xenstore page */
    const char *err;

    memset(p, 0, sizeof(*p));
    p->nr_pages = s->mem_kb / 4;
    if ( p->nr_pages < IMAGE_MIN_PAGES )
        return "memory: less than 1 MiB";
    if ( p->nr_pages > IMAGE_MAX_PAGES )
        return "memory: more than 1 GiB";
    if ( !s->kernel || !s->kernel_len )
        return "kernel: empty image";
    if ( s->ramdisk_len && !s->ramdisk )
        return "ramdisk: no data";

    err = elf_xen_parse(s->kernel, s->kernel_len, &p->elf);
    if ( err )
    {
        snprintf(why, sizeof(why), "kernel: %s", err);
        return why;
    }
    /* The ramdisk is always mapped: start_info's mod_start is a VA. */
    p->elf.unmapped_initrd = false;

    /*
     * dom0_layout places kernel, initrd, p2m, start_info, console page,
     * page tables and stack; the xenstore page rides after the ramdisk so
     * that it, too, sits below the page tables, where guests expect it.
     */
    if ( s->ramdisk_len > (1UL << 30) )
        return "ramdisk: larger than 1 GiB";
    extra = ROUNDUP(s->ramdisk_len, PAGE) + PAGE;
    err = dom0_compute_layout(&p->elf, extra, p->nr_pages, true, &p->l);
    if ( err )
    {
        snprintf(why, sizeof(why), "memory: %lu KiB: kernel and ramdisk %s",
                 s->mem_kb, err);
        return why;
    }

    p->region_pages = (p->l.v_end - p->l.v_start) / PAGE;
    p->p2m_area_pages = p->l.nr_p2m_frames;     /* 0 without INIT_P2M */
    p->store_pfn = layout_pfn(&p->l, p->l.vinitrd_start) +
                   ROUNDUP(s->ramdisk_len, PAGE) / PAGE;
    p->console_pfn = layout_pfn(&p->l, p->l.vconsole_start);
    p->start_info_pfn = layout_pfn(&p->l, p->l.vstartinfo_start);
    p->l4_pfn = layout_pfn(&p->l, p->l.vpt_start);
    p->hypercall_pfn = p->elf.has_hypercall_page
                       ? layout_pfn(&p->l, p->elf.hypercall_page) : ~0UL;
    return NULL;
}

/*
 * The guest memory image_write sees: the region (pfn 0 at offset 0) and,
 * with INIT_P2M, the p2m area (pfn l.p2m_pfn at offset 0: the p2m's
 * frames, then the tables that map it).  next: the next unused table.
 */
struct writer {
    const struct image_plan *p;
    uint8_t *region, *p2m_area;
    const xen_pfn_t *p2m;
    unsigned long next, next_end;
};

static uint8_t *page_of(const struct writer *w, unsigned long pfn)
{
    if ( pfn < w->p->region_pages )
        return w->region + pfn * PAGE;
    BUG_ON(pfn < w->p->l.p2m_pfn ||
           pfn - w->p->l.p2m_pfn >= w->p->p2m_area_pages);
    return w->p2m_area + (pfn - w->p->l.p2m_pfn) * PAGE;
}

static void load_kernel(const struct image_plan *p, const uint8_t *img,
                        uint8_t *region)
{
    uint64_t virt_offset = p->elf.virt_base - p->elf.paddr_offset;

    /* elf.c checked each segment against the image, and the layout put
     * [virt_kstart, virt_kend) inside the region. */
    for ( unsigned int i = 0; i < p->elf.nr_loads; i++ )
    {
        const struct elf_segment *seg = &p->elf.loads[i];
        uint64_t at = seg->paddr + virt_offset - p->l.v_start;

        memcpy(region + at, img + seg->offset, seg->filesz);
    }
}

/* The pfn of a table this builder wrote: in the region's table area or,
 * with INIT_P2M, among the p2m's own tables. */
static unsigned long table_pfn(const struct writer *w, uint64_t entry)
{
    const struct dom0_layout *l = &w->p->l;
    unsigned long ranges[2][2] = {
        { w->p->l4_pfn, layout_pfn(l, l->vpt_end) },
        { l->p2m_tables_pfn, w->p->p2m_area_pages
                             ? l->p2m_pfn + l->nr_p2m_frames : 0 } };

    for ( unsigned int r = 0; r < 2; r++ )
        for ( unsigned long pfn = ranges[r][0]; pfn < ranges[r][1]; pfn++ )
            if ( (uint64_t)w->p2m[pfn] << 12 == (entry & PTE_ADDR) )
                return pfn;
    panic("image: page-table entry %#lx names no table of ours",
          (unsigned long)entry);
}

/* Map va to pfn's frame; new tables are taken in order from w->next. */
static void map_page(struct writer *w, uint64_t va, unsigned long pfn,
                     uint64_t prot)
{
    unsigned long table = w->p->l4_pfn;
    uint64_t *e;

    for ( int shift = 39; shift > 12; shift -= 9 )
    {
        e = (uint64_t *)page_of(w, table) + ((va >> shift) & 511);
        if ( !(*e & PTE_P) )
        {
            /* dom0_layout counted the tables each mapping needs. */
            BUG_ON(w->next >= w->next_end);
            *e = ((uint64_t)w->p2m[w->next] << 12) | TBL_PROT;
            table = w->next++;
        }
        else
            table = table_pfn(w, *e);
    }
    e = (uint64_t *)page_of(w, table) + ((va >> 12) & 511);
    *e = ((uint64_t)w->p2m[pfn] << 12) | prot;
}

static void write_start_info(const struct image_plan *p,
                             const struct build_spec *s,
                             const struct image_boot *b, uint8_t *region,
                             const xen_pfn_t *p2m)
{
    start_info_t *si = (start_info_t *)(region + p->start_info_pfn * PAGE);

    strlcpy(si->magic, "xen-3.0-x86_64", sizeof(si->magic));
    si->nr_pages = p->nr_pages;
    si->shared_info = b->shared_info_maddr;
    si->flags = 0;                      /* a domU: no SIF_* privileges */
    si->store_mfn = p2m[p->store_pfn];
    si->store_evtchn = b->store_port;
    si->console.domU.mfn = p2m[p->console_pfn];
    si->console.domU.evtchn = b->console_port;
    si->pt_base = p->l.vpt_start;
    si->nr_pt_frames = p->l.nr_pt_pages;
    si->mfn_list = p->l.vphysmap_start;
    if ( p->l.nr_p2m_frames )           /* INIT_P2M: frames Linux frees */
    {
        si->first_p2m_pfn = p->l.p2m_pfn;
        si->nr_p2m_frames = p->l.nr_p2m_frames;
    }
    if ( s->ramdisk_len )
    {
        si->mod_start = p->l.vinitrd_start;
        si->mod_len = s->ramdisk_len;
    }
    if ( s->cmdline )
        strlcpy((char *)si->cmd_line, s->cmdline, sizeof(si->cmd_line));
}

void image_write(const struct image_plan *p, const struct build_spec *s,
                 const struct image_boot *b, uint8_t *region,
                 uint8_t *p2m_area, const xen_pfn_t *p2m)
{
    struct writer w = { .p = p, .region = region, .p2m_area = p2m_area,
                        .p2m = p2m, .next = p->l4_pfn + 1,
                        .next_end = layout_pfn(&p->l, p->l.vpt_end) };
    unsigned long pt_first = p->l4_pfn, pt_end = w.next_end;

    memset(region, 0, p->region_pages * PAGE);
    if ( p->p2m_area_pages )
        memset(p2m_area, 0, p->p2m_area_pages * PAGE);
    load_kernel(p, s->kernel, region);
    if ( s->ramdisk_len )
        memcpy(region + (p->l.vinitrd_start - p->l.v_start), s->ramdisk,
               s->ramdisk_len);
    /* The p2m's frames are contiguous in either memory. */
    memcpy(page_of(&w, p->l.p2m_pfn), p2m, p->nr_pages * sizeof(xen_pfn_t));

    for ( uint64_t va = p->l.v_start; va < p->l.v_end; va += PAGE )
    {
        unsigned long pfn = layout_pfn(&p->l, va);

        map_page(&w, va, pfn, pfn >= pt_first && pfn < pt_end
                              ? L1_PROT & ~PTE_RW : L1_PROT);
    }
    /* INIT_P2M: the p2m at its own address, through its own tables
     * (libxenguest's alloc_p2m_list; Xen's dom0 builder alike). */
    w.next = p->l.p2m_tables_pfn;
    w.next_end = p->l.p2m_pfn + p->l.nr_p2m_frames;
    for ( unsigned long i = 0; p->p2m_area_pages &&
                               p->l.p2m_pfn + i < p->l.p2m_tables_pfn; i++ )
        map_page(&w, p->l.vphysmap_start + i * PAGE, p->l.p2m_pfn + i,
                 L1_PROT);
    write_start_info(p, s, b, region, p2m);
}
