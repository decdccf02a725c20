/*
 * Checked copies between ring 0 and the current guest's address space.
 * The range check is overflow-safe and covers the whole range, not just
 * its start (XSA-212); the copy itself runs under an exception-table
 * fixup, so a guest page that is absent or read-only ends in -EFAULT.
 */
#include "cpu.h"
#include "errno.h"
#include "guest_access.h"
#include "layout.h"

#define GUEST_LOW_END 0x0000800000000000UL     /* end of the lower half */

bool guest_range_ok(unsigned long va, size_t len)
{
    unsigned long last;

    if ( !len )
        return true;
    if ( __builtin_add_overflow(va, len - 1, &last) )
        return false;
    return last < GUEST_LOW_END || va >= HV_RESERVED_END;
}

long copy_from_guest_raw(void *dst, unsigned long gva, size_t len)
{
    if ( !guest_range_ok(gva, len) || raw_copy(dst, (const void *)gva, len) )
    {
        memset(dst, 0, len);
        return -EFAULT;
    }
    return 0;
}

long copy_to_guest_raw(unsigned long gva, const void *src, size_t len)
{
    if ( !guest_range_ok(gva, len) || raw_copy((void *)gva, src, len) )
        return -EFAULT;
    return 0;
}
