/*
 * String helpers xl needs that dom0's freestanding core lacks.  Static
 * inline and xl_-prefixed, so the host unit tests can link them beside
 * the C library.
 */
#ifndef DOM0_XL_STR_H
#define DOM0_XL_STR_H

#include <stdbool.h>
#include <stddef.h>

static inline bool xl_streq(const char *a, const char *b)
{
    while ( *a && *a == *b )
    {
        a++;
        b++;
    }
    return *a == *b;
}

/* Copy with truncation; false if src did not fit (dst still terminated). */
static inline bool xl_strlcpy(char *dst, const char *src, size_t size)
{
    size_t i;

    if ( !size )
        return false;
    for ( i = 0; i + 1 < size && src[i]; i++ )
        dst[i] = src[i];
    dst[i] = '\0';
    return !src[i];
}

/*
 * strtoul for base 0 (decimal, 0x hex, 0 octal) on a whole string: false
 * for an empty string, a stray character or overflow.
 */
static inline bool xl_parse_ulong(const char *s, unsigned long *out)
{
    unsigned long v = 0, base = 10, d;
    bool any = false;

    if ( s[0] == '0' && (s[1] == 'x' || s[1] == 'X') )
    {
        base = 16;
        s += 2;
    }
    else if ( s[0] == '0' && s[1] )
        base = 8;
    for ( ; *s; s++ )
    {
        if ( *s >= '0' && *s <= '9' )
            d = (unsigned long)(*s - '0');
        else if ( *s >= 'a' && *s <= 'f' )
            d = (unsigned long)(*s - 'a' + 10);
        else if ( *s >= 'A' && *s <= 'F' )
            d = (unsigned long)(*s - 'A' + 10);
        else
            return false;
        if ( d >= base || v > (~0UL - d) / base )
            return false;
        v = v * base + d;
        any = true;
    }
    *out = v;
    return any;
}

#endif /* DOM0_XL_STR_H */
