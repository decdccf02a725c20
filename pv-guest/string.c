/*
 * String and memory helpers for freestanding guest code; gcc also emits
 * calls to memset/memcpy for structure copies.  Pure functions over
 * caller-supplied buffers, trusted to be large enough.
 */
#include <pv-guest/lib.h>

/* Quadword stores and loads may alias any object (the C rules). */
typedef uint64_t __attribute__((may_alias)) word_t;

/* Quadwords once aligned, then bytes: a page costs 512 stores, not 4096. */
void *memset(void *s, int c, size_t n)
{
    unsigned char *p = s;
    uint64_t v = 0x0101010101010101ULL * (unsigned char)c;

    for ( ; n && ((uintptr_t)p & 7); n-- )
        *p++ = c;
    for ( ; n >= 8; n -= 8, p += 8 )
        *(word_t *)p = v;
    while ( n-- )
        *p++ = c;
    return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ( !(((uintptr_t)d | (uintptr_t)s) & 7) )
        for ( ; n >= 8; n -= 8, d += 8, s += 8 )
            *(word_t *)d = *(const word_t *)s;
    while ( n-- )
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ( d <= s || d >= s + n )
        return memcpy(dst, src, n);
    while ( n-- )                   /* overlapping, dst above: backwards */
        d[n] = s[n];
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for ( ; n; n--, x++, y++ )
        if ( *x != *y )
            return *x - *y;
    return 0;
}

int strcmp(const char *a, const char *b)
{
    for ( ; *a == *b; a++, b++ )
        if ( !*a )
            return 0;
    return (unsigned char)*a - (unsigned char)*b;
}

size_t strlen(const char *s)
{
    const char *p = s;

    while ( *p )
        p++;
    return p - s;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while ( n < max && s[n] )
        n++;
    return n;
}

/* Copies at most size - 1 bytes and always terminates; returns strlen. */
size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);

    if ( size )
    {
        size_t k = n < size - 1 ? n : size - 1;

        memcpy(dst, src, k);
        dst[k] = '\0';
    }
    return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for ( ; n; n--, a++, b++ )
    {
        if ( *a != *b )
            return (unsigned char)*a - (unsigned char)*b;
        if ( !*a )
            break;
    }
    return 0;
}

char *strstr(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);

    for ( ; *haystack; haystack++ )
        if ( !strncmp(haystack, needle, n) )
            return (char *)haystack;
    return n ? NULL : (char *)haystack;
}
