/*
 * Xen's errno values under their plain names (EFAULT, ENOSYS...), taken
 * from the public header through its documented XEN_ERRNO() hook, so the
 * numbers have a single source of truth.
 */
#ifndef PVX_ERRNO_H
#define PVX_ERRNO_H

#include "lib.h"

#define XEN_ERRNO(name, value) name = value,
enum pvx_errno
{
#include <xen/errno.h>
};

#endif /* PVX_ERRNO_H */
