/*
 * Segment descriptors a PV guest supplies (set_gdt, update_descriptor):
 * what is allowed and how it is fixed up, as Xen's check_descriptor.
 * Pure over descriptor values; host unit tests run it.
 */
#ifndef PVX_DESCRIPTOR_H
#define PVX_DESCRIPTOR_H

#include "page.h"

/* Check *desc for a 64-bit PV guest, fixing DPL in place; false: refuse. */
bool check_descriptor(uint64_t *desc);
/* Validate (and fix up) all 512 descriptors of a frame: 0 or -EINVAL. */
int desc_validate_page(struct page_info *pg);

#endif /* PVX_DESCRIPTOR_H */
