/*
 * xenstored core: string, number and path helpers.  Inputs are request
 * payloads already NUL-terminated by conn.c; nothing here trusts lengths
 * or contents beyond that.
 */
#include "xs_core.h"

bool xs_streq(const char *a, const char *b)
{
    while ( *a && *a == *b )
    {
        a++;
        b++;
    }
    return *a == *b;
}

bool xs_starts(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

char *xs_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = xs_alloc(n);

    if ( p )
        memcpy(p, s, n);
    return p;
}

/* The number of NUL-terminated strings in buf[0..len). */
unsigned int xs_count_strings(const char *buf, unsigned int len)
{
    unsigned int n = 0;

    for ( unsigned int i = 0; i < len; i++ )
        n += !buf[i];
    return n;
}

/* Strict decimal: digits only, at least one, no overflow beyond max. */
bool xs_parse_uint(const char *s, unsigned int max, unsigned int *out)
{
    unsigned long v = 0;

    if ( !*s )
        return false;
    for ( ; *s; s++ )
    {
        if ( *s < '0' || *s > '9' )
            return false;
        v = v * 10 + (*s - '0');
        if ( v > max )
            return false;
    }
    *out = v;
    return true;
}

/* Decimal into buf (at least 21 bytes), NUL-terminated; returns length. */
unsigned int xs_fmt_uint(char *buf, uint64_t v)
{
    char tmp[20];
    unsigned int n = 0, i;

    do {
        tmp[n++] = '0' + v % 10;
        v /= 10;
    } while ( v );
    for ( i = 0; i < n; i++ )
        buf[i] = tmp[n - 1 - i];
    buf[n] = 0;
    return n;
}

/* Length of a "/local/domain/<id>/" prefix (C xenstored: %5u), or 0. */
static unsigned int local_prefix(const char *path)
{
    static const char pfx[] = "/local/domain/";
    unsigned int i = sizeof(pfx) - 1, digits = 0;

    if ( strncmp(path, pfx, i) )
        return 0;
    while ( path[i] >= '0' && path[i] <= '9' && digits < 5 )
    {
        i++;
        digits++;
    }
    return digits && path[i] == '/' ? i + 1 : 0;
}

/*
 * C xenstored's is_valid_nodename(): absolute, no trailing or double
 * slash, [A-Za-z0-9-/_@] only, and at most XENSTORE_REL_PATH_MAX
 * characters beyond a /local/domain/<id>/ prefix.
 */
bool xs_valid_path(const char *path)
{
    size_t len = strlen(path);

    if ( path[0] != '/' )
        return false;
    if ( len > 1 && path[len - 1] == '/' )
        return false;
    if ( len > local_prefix(path) + XENSTORE_REL_PATH_MAX )
        return false;
    for ( const char *p = path; *p; p++ )
    {
        char ch = *p;

        if ( ch == '/' && p[1] == '/' )
            return false;
        if ( !((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
               (ch >= '0' && ch <= '9') || ch == '-' || ch == '/' ||
               ch == '_' || ch == '@') )
            return false;
    }
    return true;
}

/*
 * A fresh copy of path, relative ones resolved under the connection's
 * /local/domain/<id>; *strip (if asked) gets the length of the prefix
 * that was added, 0 if none.  NULL: no memory.
 */
char *xs_canonical(struct xs_conn *c, const char *path, unsigned int *strip)
{
    char pfx[40] = "/local/domain/";
    unsigned int plen = strlen(pfx), len;
    char *out;

    if ( strip )
        *strip = 0;
    if ( path[0] == '/' || path[0] == '@' )
        return xs_strdup(path);
    plen += xs_fmt_uint(pfx + plen, c->domid);
    len = strlen(path);
    out = xs_alloc(plen + 1 + len + 1);
    if ( !out )
        return NULL;
    memcpy(out, pfx, plen);
    out[plen] = '/';
    memcpy(out + plen + 1, path, len + 1);
    if ( strip )
        *strip = plen;
    return out;
}

/* The last component of a valid path other than "/". */
const char *xs_basename(const char *path)
{
    const char *b = path;

    for ( const char *p = path; *p; p++ )
        if ( *p == '/' )
            b = p + 1;
    return b;
}

/* A fresh copy of the parent of a valid path other than "/". */
char *xs_parent(const char *path)
{
    size_t len = xs_basename(path) - path - 1;
    char *p;

    if ( !len )
        return xs_strdup("/");
    p = xs_alloc(len + 1);
    if ( p )
    {
        memcpy(p, path, len);
        p[len] = 0;
    }
    return p;
}

char *xs_child_path(const char *dir, const char *name)
{
    size_t dl = xs_streq(dir, "/") ? 0 : strlen(dir), nl = strlen(name);
    char *p = xs_alloc(dl + 1 + nl + 1);

    if ( p )
    {
        memcpy(p, dir, dl);
        p[dl] = '/';
        memcpy(p + dl + 1, name, nl + 1);
    }
    return p;
}

/* n strings "r5", "w0", "b7", "n3": access letter then a domain id. */
bool xs_parse_perms(const char *buf, unsigned int n, struct xs_permissions *p)
{
    for ( unsigned int i = 0; i < n; i++, buf += strlen(buf) + 1 )
    {
        switch ( buf[0] )
        {
        case 'n':
            p[i].perms = XS_PERM_NONE;
            break;
        case 'r':
            p[i].perms = XS_PERM_READ;
            break;
        case 'w':
            p[i].perms = XS_PERM_WRITE;
            break;
        case 'b':
            p[i].perms = XS_PERM_READ | XS_PERM_WRITE;
            break;
        default:
            return false;
        }
        if ( !xs_parse_uint(buf + 1, XS_DOMID_MAX, &p[i].id) )
            return false;
    }
    return true;
}
