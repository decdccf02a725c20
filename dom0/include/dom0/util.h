/*
 * The C library dom0's pure code (archive, builder) is written against:
 * the pv-guest core's in dom0, the host's in tests/unit (PVX_HOST_TEST),
 * so the same sources run under ASan/UBSan.
 */
#ifndef DOM0_UTIL_H
#define DOM0_UTIL_H

#ifdef PVX_HOST_TEST
#include <stdio.h>
#include <string.h>
#else
#include <pv-guest/lib.h>
#endif

#endif /* DOM0_UTIL_H */
