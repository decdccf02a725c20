/*
 * errno for dom0: glibc's <errno.h> (which libxenstore's API uses) reads
 * it through __errno_location(); dom0 has one thread, so one int.
 */
#include <errno.h>

static int dom0_errno;

int *__errno_location(void)
{
    return &dom0_errno;
}
