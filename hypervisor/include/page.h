/*
 * The frame table: for every machine frame its owner, a general reference
 * count and a type with its own count (Xen's count_info/type_info).
 * Invariants (checked by frame_audit in the unit tests):
 *  - count = 1 (allocation) + typed uses + mappings + pins + base pointers;
 *  - a frame has one type at a time and changes it only at type_count 0;
 *  - PGT_l1..l4 and PGT_seg_desc frames are never mapped writable.
 */
#ifndef PVX_PAGE_H
#define PVX_PAGE_H

#include "lib.h"

struct domain;

enum page_type
{
    PGT_none,
    PGT_l1_page_table,
    PGT_l2_page_table,
    PGT_l3_page_table,
    PGT_l4_page_table,
    PGT_seg_desc_page,
    PGT_writable_page,
};

#define PGF_validated 0x01      /* contents checked for the current type */
#define PGF_pinned    0x02      /* MMUEXT_PIN_*: holds one type reference */
#define PGF_xen_heap  0x04      /* hypervisor frame shared with its owner */

struct page_info
{
    struct domain *owner;       /* NULL: free or the hypervisor's own */
    uint32_t count;             /* general references */
    uint32_t type_count;        /* references of the current type */
    uint8_t type;               /* enum page_type */
    uint8_t flags;              /* PGF_* */
};

/* The table and its size; ring 0 sets them up in frame_table_init. */
void frame_table_attach(struct page_info *table, unsigned long nr_frames);
void frame_table_init(void);
/* Directmap view of a frame (a function so host tests can fake memory). */
void *frame_virt(unsigned long mfn);

struct page_info *mfn_to_page(unsigned long mfn);      /* NULL if none */
unsigned long page_to_mfn(const struct page_info *pg);
bool mfn_owned_by(const struct domain *d, unsigned long mfn);

/* Give a free frame to d (count 1), or a hypervisor frame shared with d. */
void assign_page(struct domain *d, unsigned long mfn, bool xen_heap);

bool get_page(struct page_info *pg, const struct domain *d);
void put_page(struct page_info *pg);
/* 0, or -EINVAL when the frame holds another type or fails validation. */
int get_page_type(struct page_info *pg, enum page_type type);
void put_page_type(struct page_info *pg);
int get_page_and_type(struct page_info *pg, const struct domain *d,
                      enum page_type type);
void put_page_and_type(struct page_info *pg);

/* Set when a type change must not leave stale writable TLB entries. */
extern bool tlb_flush_needed;

#endif /* PVX_PAGE_H */
