/*
 * The only way ring 0 touches guest memory.  Guest addresses are plain
 * integers (never dereferenced as pointers); a range must lie wholly in
 * guest-owned address space, and a fault during the copy (unmapped, or a
 * write to a read-only page, CR0.WP being set) becomes -EFAULT.
 */
#ifndef PVX_GUEST_ACCESS_H
#define PVX_GUEST_ACCESS_H

#include "lib.h"

/* [va, va + len) is below the canonical hole or above Xen's range. */
bool guest_range_ok(unsigned long va, size_t len);
/* 0 or -EFAULT; on failure dst is zero-filled (no stale data survives). */
long copy_from_guest_raw(void *dst, unsigned long gva, size_t len);
long copy_to_guest_raw(unsigned long gva, const void *src, size_t len);

#define copy_from_guest(dst, gva, nr) \
    copy_from_guest_raw((dst), (gva), sizeof(*(dst)) * (nr))
#define copy_to_guest(gva, src, nr) \
    copy_to_guest_raw((gva), (src), sizeof(*(src)) * (nr))
/* Element idx of an array at gva (the caller bounds idx). */
#define copy_from_guest_offset(dst, gva, idx, nr) \
    copy_from_guest_raw((dst), (gva) + sizeof(*(dst)) * (idx), \
                        sizeof(*(dst)) * (nr))
#define copy_to_guest_offset(gva, idx, src, nr) \
    copy_to_guest_raw((gva) + sizeof(*(src)) * (idx), (src), \
                      sizeof(*(src)) * (nr))

#endif /* PVX_GUEST_ACCESS_H */
