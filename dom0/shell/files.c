/*
 * dom0's archive as files (see files.h).  The archive's bytes are checked
 * by dom0/archive.c; this only adapts it for the shell and xl, and says
 * once what is wrong with a malformed one.
 */
#include "files.h"

#include <pv-guest/lib.h>
#include <dom0/archive.h>
#include <xen/errno.h>

#define S_IFMT  0170000
#define S_IFREG 0100000

static struct archive archive(void)
{
    /* No module: an empty archive (every lookup is -ENOENT). */
    struct archive a = {
        .base = (const uint8_t *)start_info->mod_start,
        .len = start_info->mod_start ? start_info->mod_len : 0,
    };

    return a;
}

int files_get(const char *path, const void **data, size_t *len)
{
    struct archive a = archive();
    struct archive_entry e;
    char err[96];
    int rc;

    if ( !a.len )
        return -XEN_ENOENT;
    rc = archive_lookup(&a, path, &e, err, sizeof(err));
    if ( rc == -XEN_EINVAL )
        printk("dom0: archive: %s\n", err);
    if ( rc )
        return rc;
    *data = e.data;
    *len = e.size;
    return 0;
}

int files_foreach(files_fn fn, void *arg)
{
    struct archive a = archive();
    struct archive_entry e;
    size_t pos = 0;
    char err[96];
    int rc;

    if ( !a.len )
        return 0;
    while ( (rc = archive_next(&a, &pos, &e, err, sizeof(err))) == 1 )
        if ( (e.mode & S_IFMT) == S_IFREG )
            fn(e.name, e.size, arg);
    if ( rc < 0 )
        printk("dom0: archive: %s\n", err);
    return rc < 0 ? rc : 0;
}
