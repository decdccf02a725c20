/*
 * cpio "newc" reader (see archive.h): 110-byte ASCII headers of 8-digit
 * hex fields, then the name, then the data, each padded to 4 bytes.  The
 * archive is untrusted; positions are compared against the length before
 * any read, so no sum can run past it or wrap.
 */
#include <xen/errno.h>

#include <dom0/archive.h>
#include <dom0/util.h>

#define HDR_LEN     110
#define S_IFMT      0170000
#define S_IFREG     0100000

/* Field i of the header at h (0: ino ... 6: filesize ... 11: namesize). */
static int field(const uint8_t *h, unsigned int i, uint32_t *val)
{
    uint32_t v = 0;

    for ( unsigned int k = 0; k < 8; k++ )
    {
        uint8_t c = h[6 + i * 8 + k];

        if ( c >= '0' && c <= '9' )
            v = v * 16 + (c - '0');
        else if ( c >= 'A' && c <= 'F' )
            v = v * 16 + (c - 'A' + 10);
        else if ( c >= 'a' && c <= 'f' )
            v = v * 16 + (c - 'a' + 10);
        else
            return -1;
    }
    *val = v;
    return 0;
}

static size_t align4(size_t x)
{
    return (x + 3) & ~(size_t)3;
}

static int bad(char *err, size_t errlen, const char *what, size_t pos)
{
    snprintf(err, errlen, "archive: %s at offset %zu", what, pos);
    return -XEN_EINVAL;
}

int archive_next(const struct archive *a, size_t *pos,
                 struct archive_entry *e, char *err, size_t errlen)
{
    size_t p = *pos, name_at, data_at;
    const uint8_t *h;
    uint32_t mode, size, namesize;

    if ( p > a->len || a->len - p < HDR_LEN )
        return bad(err, errlen, "truncated header (no TRAILER!!!)", p);
    h = a->base + p;
    if ( memcmp(h, "070701", 6) && memcmp(h, "070702", 6) )
        return bad(err, errlen, "bad magic (not a newc cpio archive)", p);
    if ( field(h, 1, &mode) || field(h, 6, &size) ||
         field(h, 11, &namesize) )
        return bad(err, errlen, "header field not hex", p);

    name_at = p + HDR_LEN;
    if ( namesize < 2 || a->len - name_at < namesize ||
         a->base[name_at + namesize - 1] != '\0' ||
         strnlen((const char *)a->base + name_at, namesize) !=
             namesize - 1 )
        return bad(err, errlen, "bad file name", p);
    data_at = align4(name_at + namesize);
    if ( data_at > a->len || a->len - data_at < size )
        return bad(err, errlen, "file data past the end", p);

    e->name = (const char *)a->base + name_at;
    e->data = a->base + data_at;
    e->size = size;
    e->mode = mode;
    if ( !strcmp(e->name, "TRAILER!!!") )
        return 0;
    *pos = align4(data_at + size);
    return 1;
}

static const char *strip(const char *s)
{
    for ( ;; )
    {
        if ( s[0] == '/' )
            s++;
        else if ( s[0] == '.' && s[1] == '/' )
            s += 2;
        else
            return s;
    }
}

int archive_lookup(const struct archive *a, const char *path,
                   struct archive_entry *e, char *err, size_t errlen)
{
    const char *want = strip(path);
    size_t pos = 0;
    int rc;

    while ( (rc = archive_next(a, &pos, e, err, errlen)) > 0 )
        if ( (e->mode & S_IFMT) == S_IFREG && !strcmp(strip(e->name), want) )
            return 0;
    if ( rc == 0 )
    {
        snprintf(err, errlen, "archive: no file %s", want);
        return -XEN_ENOENT;
    }
    return rc;
}
