/*
 * dom0's ramdisk: an uncompressed cpio "newc" archive (boot module 2,
 * start_info mod_start/mod_len), read in place.  Guest kernels live under
 * boot/, configs under etc/xen/.  The bytes are untrusted: every header,
 * name and size is checked against the module's length.
 */
#ifndef DOM0_ARCHIVE_H
#define DOM0_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

struct archive {
    const uint8_t *base;
    size_t len;
};

struct archive_entry {
    const char *name;       /* NUL-terminated, inside the archive */
    const void *data;
    size_t size;
    uint32_t mode;          /* st_mode: type and permission bits */
};

/*
 * Walk: *pos starts at 0.  Returns 1 with *e filled, 0 at the trailer, or
 * -errno (-EINVAL) with a one-line reason in err for a malformed archive.
 */
int archive_next(const struct archive *a, size_t *pos,
                 struct archive_entry *e, char *err, size_t errlen);

/*
 * The regular file at path ("boot/a.elf"; a leading "/" or "./" on
 * either side is ignored).  0, -ENOENT if absent, -EINVAL if malformed;
 * err says which.
 */
int archive_lookup(const struct archive *a, const char *path,
                   struct archive_entry *e, char *err, size_t errlen);

#endif /* DOM0_ARCHIVE_H */
