/*
 * The pure half of the domain builder: parse the kernel, lay the guest out
 * and write its start-of-day image into a buffer that stands for its
 * bootstrap region (pfn 0 at offset 0).  No hypercalls: host unit tests
 * run it under ASan/UBSan with a fake p2m.
 */
#ifndef DOM0_IMAGE_H
#define DOM0_IMAGE_H

#include <stdint.h>

#include <dom0/build.h>
#include "dom0_layout.h"   /* hypervisor/include: shared with ring 0 */

/* Largest guest the builder makes, and the fewest pages it accepts. */
#define IMAGE_MAX_PAGES     (1UL << 18)     /* 1 GiB */
#define IMAGE_MIN_PAGES     256             /* 1 MiB */

struct image_plan {
    struct xen_elf_info elf;
    struct dom0_layout l;
    unsigned long nr_pages;
    unsigned long region_pages;     /* (v_end - v_start) / 4096 */
    unsigned long p2m_area_pages;   /* INIT_P2M: l.nr_p2m_frames, else 0 */
    unsigned long store_pfn, console_pfn, start_info_pfn, l4_pfn;
    unsigned long hypercall_pfn;    /* ~0UL: no HYPERCALL_PAGE note */
};

/* Facts only the hypervisor knows, for start_info. */
struct image_boot {
    uint64_t shared_info_maddr;
    evtchn_port_t store_port, console_port;
};

/* NULL on success, else a one-line reason naming the problem. */
const char *image_plan(const struct build_spec *s, struct image_plan *p);

/*
 * Zero the region, then write kernel segments, ramdisk, p2m, page tables
 * and start_info.  region holds region_pages pages; p2m has nr_pages.
 * With INIT_P2M (p2m_area_pages != 0) p2m_area holds the pages from pfn
 * l.p2m_pfn on: the p2m's frames and the tables mapping it at the note's
 * address; otherwise it is unused (may be NULL).
 */
void image_write(const struct image_plan *p, const struct build_spec *s,
                 const struct image_boot *b, uint8_t *region,
                 uint8_t *p2m_area, const xen_pfn_t *p2m);

#endif /* DOM0_IMAGE_H */
