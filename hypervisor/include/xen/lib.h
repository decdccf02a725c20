/*
 * Xen's public hvm/save.h, read with __XEN__ defined (domctl.h includes
 * it), asks for the hypervisor's <xen/lib.h> for BUG(): this is ours.
 */
#ifndef PVX_XEN_LIB_H
#define PVX_XEN_LIB_H

#include "../lib.h"

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)

#endif /* PVX_XEN_LIB_H */
