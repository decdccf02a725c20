/*
 * The start-of-day virtual layout of a PV dom0, computed as Xen's
 * dom0_construct does: kernel, initrd, p2m, start_info, page tables, stack,
 * padded to a 4 MiB boundary with at least 512 KiB to spare.  Pure
 * arithmetic over validated ELF facts; host unit tests run it.
 */
#ifndef PVX_DOM0_LAYOUT_H
#define PVX_DOM0_LAYOUT_H

#include "elf_image.h"

struct dom0_layout
{
    uint64_t v_start, v_end;            /* the bootstrap region */
    uint64_t vkern_start, vkern_end;
    uint64_t vinitrd_start, vinitrd_end;    /* empty if none or unmapped */
    uint64_t vphysmap_start, vphysmap_end;
    uint64_t vstartinfo_start, vstartinfo_end;
    uint64_t vconsole_start;            /* console ring page, 0: none */
    uint64_t vpt_start, vpt_end;
    uint64_t vstack_start, vstack_end;
    unsigned long nr_pt_pages;
    unsigned long nr_pages;             /* all of dom0's memory */
    unsigned long initrd_pfn;           /* unmapped initrd: first pfn */
    bool initrd_unmapped;
    /*
     * The p2m's frames start at p2m_pfn.  With INIT_P2M they sit after the
     * region (and the unmapped initrd), mapped at vphysmap_start by their
     * own tables, taken from p2m_tables_pfn on; nr_p2m_frames counts both
     * (start_info's first_p2m_pfn/nr_p2m_frames).  Otherwise they are in
     * the region and nr_p2m_frames is 0.
     */
    unsigned long p2m_pfn, p2m_tables_pfn, nr_p2m_frames;
};

/* pfn of a VA inside the bootstrap region (which maps pfn 0 at v_start). */
static inline unsigned long layout_pfn(const struct dom0_layout *l,
                                       uint64_t va)
{
    return (unsigned long)((va - l->v_start) >> 12);
}

/*
 * NULL on success, else why the kernel cannot be laid out in nr_pages.
 * console_page: a domain without dom0 gets a console ring page after
 * start_info, as libxenguest places it.
 */
const char *dom0_compute_layout(const struct xen_elf_info *elf,
                                uint64_t initrd_len, unsigned long nr_pages,
                                bool console_page, struct dom0_layout *l);

#endif /* PVX_DOM0_LAYOUT_H */
