/*
 * vsnprintf for ring 0: %d %i %u %x %X %p %s %c %%, with l/ll/z sizes,
 * field width, '0', '-' and '#' (0x prefix) flags and precision for
 * strings.  Always
 * NUL-terminates when size > 0; returns the length it wanted to write.
 */
#include "lib.h"

struct out
{
    char *buf;
    size_t size;
    size_t len;
};

static void put(struct out *o, char c)
{
    if ( o->len + 1 < o->size )
        o->buf[o->len] = c;
    o->len++;
}

static void put_num(struct out *o, unsigned long long v, unsigned int base,
                    bool neg, int width, bool zero, bool left, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, pad;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while ( v );
    pad = width - n - (neg ? 1 : 0);
    if ( neg && zero )
        put(o, '-');
    while ( !left && pad-- > 0 )
        put(o, zero ? '0' : ' ');
    if ( neg && !zero )
        put(o, '-');
    while ( n )
        put(o, tmp[--n]);
    while ( left && pad-- > 0 )
        put(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };

    for ( ; *fmt; fmt++ )
    {
        bool zero = false, left = false, alt = false;
        int width = 0, prec = -1, lng = 0;

        if ( *fmt != '%' )
        {
            put(&o, *fmt);
            continue;
        }
        for ( fmt++; *fmt == '0' || *fmt == '-' || *fmt == '#'; fmt++ )
            *fmt == '0' ? (zero = true) :
            *fmt == '-' ? (left = true) : (alt = true);
        for ( ; *fmt >= '0' && *fmt <= '9'; fmt++ )
            width = width * 10 + (*fmt - '0');
        if ( *fmt == '.' )
            for ( prec = 0, fmt++; *fmt >= '0' && *fmt <= '9'; fmt++ )
                prec = prec * 10 + (*fmt - '0');
        for ( ; *fmt == 'l' || *fmt == 'z'; fmt++ )
            lng++;

        switch ( *fmt )
        {
        case 'd': case 'i':
        {
            long long v = lng ? va_arg(ap, long) : va_arg(ap, int);
            /* Negate in unsigned arithmetic: LLONG_MIN must not overflow. */
            unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v
                                           : (unsigned long long)v;

            put_num(&o, mag, 10, v < 0, width, zero, left, false);
            break;
        }
        case 'u': case 'x': case 'X':
        {
            unsigned long long v = lng ? va_arg(ap, unsigned long)
                                       : va_arg(ap, unsigned int);

            if ( alt && *fmt != 'u' && v )  /* C: no prefix for zero */
            {
                put(&o, '0');
                put(&o, *fmt);
                width = width > 2 ? width - 2 : 0;
            }
            put_num(&o, v, *fmt == 'u' ? 10 : 16, false, width, zero, left,
                    *fmt == 'X');
            break;
        }
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            put_num(&o, (unsigned long)va_arg(ap, void *), 16, false, 16,
                    true, false, false);
            break;
        case 's':
        {
            const char *s = va_arg(ap, const char *);
            int n;

            if ( !s )
                s = "(null)";
            n = (int)strnlen(s, prec < 0 ? (size_t)-1 : (size_t)prec);
            while ( !left && width-- > n )
                put(&o, ' ');
            for ( int i = 0; i < n; i++ )
                put(&o, s[i]);
            while ( left && width-- > n )
                put(&o, ' ');
            break;
        }
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case '%':
            put(&o, '%');
            break;
        default:                        /* unknown: print it verbatim */
            put(&o, '%');
            if ( *fmt )
                put(&o, *fmt);
            else
                fmt--;
            break;
        }
    }
    if ( size )
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
