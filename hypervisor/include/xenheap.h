/*
 * Page-granular memory for the hypervisor's own objects (struct domain):
 * zeroed, physically contiguous frames from the frame allocator, owned by
 * nobody in the frame table, so no guest can map them.
 */
#ifndef PVX_XENHEAP_H
#define PVX_XENHEAP_H

#include "lib.h"
#include "layout.h"

/* nr zeroed contiguous frames, or NULL when none are free. */
void *alloc_xenheap_pages(unsigned long nr);
/* Give back what alloc_xenheap_pages(nr) returned. */
void free_xenheap_pages(void *va, unsigned long nr);
#define XENHEAP_PAGES(size) (((size) + PAGE_SIZE - 1) >> PAGE_SHIFT)

#endif /* PVX_XENHEAP_H */
