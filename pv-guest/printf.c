/*
 * Formatted output for the PV kernel core: a small vsnprintf (%s %c %d %i
 * %u %x %X %p %%, flags '-' '0' '#', width and %s precision, either may be
 * '*', length l/ll/z) and printk()/vprintk() on top of console_write().
 * Output is truncated to the buffer and NUL-terminated; the return value
 * is the full length.
 */
#include <stdbool.h>

#include <pv-guest/lib.h>
#include <pv-guest/param.h>

struct out {
    char *buf;
    size_t size;
    size_t len;             /* characters produced, even past size */
};

static void put(struct out *o, char c)
{
    if ( o->len + 1 < o->size )
        o->buf[o->len] = c;
    o->len++;
}

static void pad(struct out *o, char c, int n)
{
    while ( n-- > 0 )
        put(o, c);
}

struct spec {
    bool left;              /* '-' */
    bool zero;              /* '0' */
    bool alt;               /* '#' */
    int width;
    int prec;               /* -1: none */
};

static void put_str(struct out *o, const char *s, const struct spec *sp)
{
    size_t n, i;

    if ( !s )
        s = "(null)";
    n = strnlen(s, sp->prec < 0 ? (size_t)-1 : (size_t)sp->prec);

    if ( !sp->left )
        pad(o, ' ', sp->width - (int)n);
    for ( i = 0; i < n; i++ )
        put(o, s[i]);
    if ( sp->left )
        pad(o, ' ', sp->width - (int)n);
}

static void put_num(struct out *o, unsigned long long v, bool neg,
                    unsigned int base, bool upper, const struct spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, prefix = 0, fill;
    bool zero = !v;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while ( v );

    if ( neg )
        prefix = 1;
    else if ( sp->alt && base == 16 && !zero )    /* C: no "0x" for 0 */
        prefix = 2;
    fill = sp->width - n - prefix;

    if ( !sp->left && !sp->zero )
        pad(o, ' ', fill);
    if ( neg )
        put(o, '-');
    else if ( prefix )
    {
        put(o, '0');
        put(o, upper ? 'X' : 'x');
    }
    if ( !sp->left && sp->zero )
        pad(o, '0', fill);
    while ( n )
        put(o, tmp[--n]);
    if ( sp->left )
        pad(o, ' ', fill);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
    struct out o = { .buf = buf, .size = size, .len = 0 };

    for ( ; *fmt; fmt++ )
    {
        struct spec sp = { .prec = -1 };
        unsigned int lng = 0;
        unsigned long long u;
        long long s;

        if ( *fmt != '%' )
        {
            put(&o, *fmt);
            continue;
        }

        for ( ;; )
        {
            fmt++;
            if ( *fmt == '-' )
                sp.left = true;
            else if ( *fmt == '0' )
                sp.zero = true;
            else if ( *fmt == '#' )
                sp.alt = true;
            else
                break;
        }
        if ( *fmt == '*' )
        {
            sp.width = va_arg(args, int);
            fmt++;
        }
        for ( ; *fmt >= '0' && *fmt <= '9'; fmt++ )
            sp.width = sp.width * 10 + (*fmt - '0');
        if ( *fmt == '.' && fmt[1] == '*' )
        {
            sp.prec = va_arg(args, int);
            fmt += 2;
        }
        else if ( *fmt == '.' )
            for ( sp.prec = 0, fmt++; *fmt >= '0' && *fmt <= '9'; fmt++ )
                sp.prec = sp.prec * 10 + (*fmt - '0');
        for ( ; *fmt == 'l' || *fmt == 'z'; fmt++ )
            lng++;

        switch ( *fmt )
        {
        case 's':
            put_str(&o, va_arg(args, const char *), &sp);
            break;

        case 'c':
            pad(&o, ' ', sp.left ? 0 : sp.width - 1);
            put(&o, (char)va_arg(args, int));
            pad(&o, ' ', sp.left ? sp.width - 1 : 0);
            break;

        case 'd':
        case 'i':
            s = lng ? va_arg(args, long long) : va_arg(args, int);
            u = s < 0 ? -(unsigned long long)s : (unsigned long long)s;
            put_num(&o, u, s < 0, 10, false, &sp);
            break;

        case 'u':
        case 'x':
        case 'X':
            u = lng ? va_arg(args, unsigned long long)
                    : va_arg(args, unsigned int);
            put_num(&o, u, false, *fmt == 'u' ? 10 : 16, *fmt == 'X', &sp);
            break;

        case 'p':
            sp.alt = true;
            put_num(&o, (unsigned long)va_arg(args, void *), false, 16,
                    false, &sp);
            break;

        case '%':
            put(&o, '%');
            break;

        default:            /* Unknown conversion: show it verbatim. */
            put(&o, '%');
            if ( !*fmt )
                goto out;
            put(&o, *fmt);
            break;
        }
    }

 out:
    if ( size )
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list args;
    int n;

    va_start(args, fmt);
    n = vsnprintf(buf, size, fmt, args);
    va_end(args);
    return n;
}

void vprintk(const char *fmt, va_list args)
{
    char buf[PRINTK_BUF_SIZE];
    int n = vsnprintf(buf, sizeof(buf), fmt, args);

    console_write(buf, n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1);
}

void printk(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vprintk(fmt, args);
    va_end(args);
}
