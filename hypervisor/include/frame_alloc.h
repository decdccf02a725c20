/*
 * The machine-frame allocator: one bit per frame below the directmap limit,
 * set = in use.  Frames start in use; boot code frees usable RAM and then
 * re-reserves what the image, the boot info and the modules occupy.
 */
#ifndef PVX_FRAME_ALLOC_H
#define PVX_FRAME_ALLOC_H

#include "lib.h"
#include "param.h"

#define MAX_FRAMES     (((unsigned long)DIRECTMAP_GIB << 30) >> 12)
#define INVALID_MFN    (~0UL)

void frames_reset(void);
/* Mark [start, end) free / in use; frames >= MAX_FRAMES are ignored. */
void frames_free_range(unsigned long start, unsigned long end);
void frames_reserve_range(unsigned long start, unsigned long end);
/* One frame, lowest free first from a rotating hint; INVALID_MFN if none. */
unsigned long frame_alloc(void);
void frame_free(unsigned long mfn);
/* n physically contiguous frames, lowest first; INVALID_MFN if none. */
unsigned long frames_alloc_contig(unsigned long n);
bool frame_is_free(unsigned long mfn);
unsigned long frames_free_count(void);
unsigned long frames_max_pfn(void);     /* 1 + highest frame ever freed */

#endif /* PVX_FRAME_ALLOC_H */
