/*
 * dom0's files: the cpio archive GRUB loaded as boot module 2 (start_info
 * mod_start/mod_len), read through dom0/archive.c.  Kernels live under
 * boot/, configs under etc/xen/, auto-started configs under
 * etc/xen/auto/.
 */
#ifndef DOM0_SHELL_FILES_H
#define DOM0_SHELL_FILES_H

#include <stddef.h>

/* 0, -ENOENT (no such file) or -EINVAL (a malformed archive, printed). */
int files_get(const char *path, const void **data, size_t *len);

typedef void (*files_fn)(const char *path, size_t len, void *arg);
/* Every regular file, in archive order; 0 or -EINVAL (printed). */
int files_foreach(files_fn fn, void *arg);

#endif /* DOM0_SHELL_FILES_H */
