/*
 * Grant tables v1 (Xen 4.17 common/grant_table.c): a domain's shared
 * entries (hypervisor frames the domain writes), the active entries ring 0
 * keeps per reference (pin counts split by host/device and read/write),
 * and the map-track handles of the mappings a domain holds.
 * Locking: the hypervisor lock covers all of it (docs/architecture.md,
 * "SMP and lock order"); a split must keep Xen's order: grant table,
 * then active entry, then the map-track free list.
 */
#ifndef PVX_GRANT_TABLE_H
#define PVX_GRANT_TABLE_H

#include "lib.h"
#include <xen/xen.h>
#include <xen/grant_table.h>
#include "layout.h"
#include "param.h"

struct domain;
struct page_info;

/* Pin counts: four 8-bit counters, as Xen's GNTPIN_* (XSA-224/234). */
#define GNTPIN_hstw_inc   (1U << 0)
#define GNTPIN_hstr_inc   (1U << 8)
#define GNTPIN_devw_inc   (1U << 16)
#define GNTPIN_devr_inc   (1U << 24)
#define GNTPIN_hstw_mask  (0xffU << 0)
#define GNTPIN_hstr_mask  (0xffU << 8)
#define GNTPIN_devw_mask  (0xffU << 16)
#define GNTPIN_devr_mask  (0xffU << 24)
/* Counters about to overflow: their top bit (Xen's incr2oflow_mask). */
#define GNTPIN_incr2oflow_mask(inc) ((inc) << 7)

struct active_grant_entry
{
    uint32_t pin;                       /* GNTPIN_* counters */
    domid_t domid;                      /* grantee, valid while pinned */
    unsigned long mfn;                  /* frame, valid while pinned */
};

/* One mapping a domain holds; flags 0 means the handle is free. */
struct grant_mapping
{
    uint32_t ref;                       /* grant ref, or next free handle */
    uint16_t flags;                     /* GNTMAP_host_map|device|readonly */
    domid_t domid;                      /* granting domain */
};

#define GNTTAB_ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(grant_entry_v1_t))
#define GNTTAB_ACTIVE_PER_PAGE   (PAGE_SIZE /                              \
                                  sizeof(struct active_grant_entry))
#define GNTTAB_ACTIVE_PAGES      (GNTTAB_MAX_FRAMES *                     \
                                  GNTTAB_ENTRIES_PER_FRAME /              \
                                  GNTTAB_ACTIVE_PER_PAGE)
#define GNTTAB_MAPTRACK_PER_PAGE (PAGE_SIZE / sizeof(struct grant_mapping))

struct grant_table
{
    unsigned int nr_frames;             /* shared frames in use */
    unsigned long shared_mfn[GNTTAB_MAX_FRAMES];
    unsigned int nr_active;             /* active pages allocated */
    unsigned long active_mfn[GNTTAB_ACTIVE_PAGES];
    unsigned int maptrack_limit;        /* handles [0, this) exist */
    unsigned long maptrack_mfn[GNTTAB_MAX_MAPTRACK_FRAMES];
    uint32_t maptrack_head;             /* first free handle */
};

/* grant_table.c: the table of a domain and its entries' state. */
/* To nr_frames shared frames (at least 1, Xen's initial): 0, -ENOMEM. */
int gnttab_grow_table(struct domain *d, unsigned int nr_frames);
/* Free the active and map-track pages: when d's structure goes. */
void grant_table_destroy(struct domain *d);
unsigned int nr_grant_entries(const struct domain *d);
/* NULL once d's shared frame has gone with its memory (d dying). */
grant_entry_v1_t *shared_entry(const struct domain *d, grant_ref_t ref);
struct active_grant_entry *active_entry(const struct domain *d,
                                        grant_ref_t ref);
struct grant_mapping *maptrack_entry(const struct domain *d,
                                     grant_handle_t handle);
/*
 * Pin entry ref of rd for domain ldom by pin_incr and take one general
 * reference on its frame (*pg): GNTST_okay or a GNTST_ code with nothing
 * taken.  mapping: a map (GTF_sub_page refused) rather than a copy.
 */
int gnttab_pin(struct domain *rd, grant_ref_t ref, domid_t ldom,
               unsigned int pin_incr, bool mapping, struct page_info **pg);
/* Drop pin_incr; clear GTF_reading/GTF_writing once nothing needs them. */
void gnttab_unpin(struct domain *rd, grant_ref_t ref, unsigned int pin_incr);
/* The mapper dies: every handle it holds goes (Xen's name and rules). */
void gnttab_release_mappings(struct domain *d);

/* grant_map.c / grant_copy.c: one operation each, status in the struct. */
void gnttab_map(struct gnttab_map_grant_ref *op);
/* First half of an unmap; gnttab_unmap_complete after the TLB flush. */
struct gnttab_unmap_done
{
    struct domain *rd;                  /* NULL: nothing to complete */
    grant_ref_t ref;
    unsigned int done;                  /* GNTMAP_* flags undone */
    unsigned long mfn;
};
void gnttab_unmap(struct gnttab_unmap_grant_ref *op,
                  struct gnttab_unmap_done *done);
void gnttab_unmap_complete(const struct gnttab_unmap_done *done);
int16_t gnttab_copy_one(const struct gnttab_copy *op);

/* arch/x86/pv/grant_pte.c: the PTE of a host mapping (GNTST_ codes). */
int create_grant_pv_mapping(uint64_t addr, unsigned long mfn,
                            unsigned int flags);
int replace_grant_pv_mapping(uint64_t addr, unsigned long mfn,
                             unsigned int flags);

#endif /* PVX_GRANT_TABLE_H */
