/*
 * Building dom0 from the boot modules, as Xen's PV dom0 builder does.
 */
#ifndef PVX_DOM0_BUILD_H
#define PVX_DOM0_BUILD_H

#include "domain.h"

/* Builds dom0 and enters it; fatal() with a reason on a bad image. */
noreturn void dom0_construct_and_start(void);
void hypercall_page_init(void *page);

#endif /* PVX_DOM0_BUILD_H */
