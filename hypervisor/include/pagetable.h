/*
 * PV page-table validation: which entries a guest may hold in a frame of
 * each page-table type, the references those entries take, and the
 * single-entry updates that mmu_update, update_va_mapping and trapped
 * writes perform.  All entry values here are guest-supplied.
 */
#ifndef PVX_PAGETABLE_H
#define PVX_PAGETABLE_H

#include "page.h"

/* Validate every entry of a frame becoming type; undo all on failure. */
int pt_validate(struct page_info *pg, enum page_type type);
void pt_devalidate(struct page_info *pg, enum page_type type);

/*
 * Replace entry idx of the validated table pg with val (MMU_NORMAL_PT_UPDATE
 * semantics; preserve_ad keeps the old A/D bits).  0 or -EINVAL; on error
 * the entry and every count are unchanged.
 */
int pt_update_entry(struct page_info *pg, unsigned int idx, uint64_t val,
                    bool preserve_ad);
/* The same, an L1 entry mapping a frame of pg_owner (checked foreigndom). */
struct domain;
int pt_update_entry_foreign(struct page_info *pg, unsigned int idx,
                            uint64_t val, bool preserve_ad,
                            const struct domain *pg_owner);

/*
 * Release what a present L1 entry held, when create_grant_pv_mapping
 * overwrites it with a grant PTE (whose references the grant code holds).
 */
void pt_put_l1e(uint64_t e);

/* A frame outside RAM that a privileged domain may map (device memory). */
bool mfn_is_mmio(unsigned long mfn);

/* Hypervisor L4 slots 256-271, copied into every validated guest L4. */
void pt_init_xen_l4_slots(uint64_t *l4);
static inline bool is_guest_l4_slot(unsigned int i)
{
    return i < 256 || i > 271;
}

#endif /* PVX_PAGETABLE_H */
