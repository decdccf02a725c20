/*
 * The freestanding string and memory routines ring 0 needs.  gcc may also
 * emit calls to memcpy/memset/memmove/memcmp on its own.
 */
#include "lib.h"

/*
 * Quadwords, then the tail bytes, as Xen's memcpy: a page is 512 string
 * iterations rather than 4096.  Forward only, which memmove relies on
 * when dst is below src (each quadword is read before it is written).
 */
void *memcpy(void *dst, const void *src, size_t n)
{
    void *d = dst;
    size_t q = n / 8;

    asm volatile ( "rep movsq" : "+D" (d), "+S" (src), "+c" (q) :: "memory" );
    n %= 8;
    asm volatile ( "rep movsb" : "+D" (d), "+S" (src), "+c" (n) :: "memory" );
    return dst;
}

/* Quadwords then bytes, as memcpy: scrubbing a page is 512 iterations. */
void *memset(void *dst, int c, size_t n)
{
    void *d = dst;
    size_t q = n / 8;
    uint64_t v = 0x0101010101010101UL * (uint8_t)c;

    asm volatile ( "rep stosq" : "+D" (d), "+c" (q) : "a" (v) : "memory" );
    n %= 8;
    asm volatile ( "rep stosb" : "+D" (d), "+c" (n) : "a" (v) : "memory" );
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ( d <= s || d >= s + n )
        return memcpy(dst, src, n);
    while ( n-- )                       /* overlapping, copy backwards */
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

size_t strlen(const char *s)
{
    size_t n = 0;

    while ( s[n] )
        n++;
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while ( n < max && s[n] )
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    for ( ; *a && *a == *b; a++, b++ )
        ;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for ( ; n && *a && *a == *b; n--, a++, b++ )
        ;
    return n ? (unsigned char)*a - (unsigned char)*b : 0;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if ( size )
    {
        size_t n = len < size - 1 ? len : size - 1;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

unsigned long simple_strtoul(const char *s, const char **end, unsigned int base)
{
    unsigned long v = 0;

    if ( base == 0 )
    {
        base = 10;
        if ( s[0] == '0' && (s[1] == 'x' || s[1] == 'X') )
        {
            base = 16;
            s += 2;
        }
    }
    for ( ;; s++ )
    {
        unsigned int d;

        if ( *s >= '0' && *s <= '9' )
            d = *s - '0';
        else if ( *s >= 'a' && *s <= 'f' )
            d = *s - 'a' + 10;
        else if ( *s >= 'A' && *s <= 'F' )
            d = *s - 'A' + 10;
        else
            break;
        if ( d >= base )
            break;
        v = v * base + d;
    }
    if ( end )
        *end = s;
    return v;
}
