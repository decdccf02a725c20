/*
 * The console ring (xen/io/console.h) as the domains test uses it: the
 * guest writes out[] and reads in[], dom0 the reverse.  Each side owns
 * one index per direction; the other's index is read once per call and
 * only the difference is trusted, clamped to the ring size.
 */
#ifndef DOMAINS_RING_H
#define DOMAINS_RING_H

#include <stddef.h>

#include <xen/xen.h>
#include <xen/io/console.h>

/* Append up to n bytes to buf[size]; returns how many fitted. */
static inline size_t ring_put(volatile char *buf, size_t size,
                              volatile XENCONS_RING_IDX *cons,
                              volatile XENCONS_RING_IDX *prod,
                              const char *s, size_t n)
{
    XENCONS_RING_IDX c = *cons, p = *prod;
    size_t done = 0;

    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    while ( done < n && (XENCONS_RING_IDX)(p - c) < size )
        buf[p++ & (size - 1)] = s[done++];
    __atomic_thread_fence(__ATOMIC_SEQ_CST);    /* data before index */
    *prod = p;
    return done;
}

/* Take up to max bytes from buf[size]; returns how many. */
static inline size_t ring_get(volatile char *buf, size_t size,
                              volatile XENCONS_RING_IDX *cons,
                              volatile XENCONS_RING_IDX *prod,
                              char *out, size_t max)
{
    XENCONS_RING_IDX c = *cons, p = *prod;
    size_t done = 0;

    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if ( (XENCONS_RING_IDX)(p - c) > size )     /* a peer gone wrong */
        c = p - size;
    while ( done < max && c != p )
        out[done++] = buf[c++ & (size - 1)];
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    *cons = c;
    return done;
}

#define RING_OUT(r) (r)->out, sizeof((r)->out), &(r)->out_cons, &(r)->out_prod
#define RING_IN(r)  (r)->in, sizeof((r)->in), &(r)->in_cons, &(r)->in_prod

/* The value after "key=" in s, or def. */
static inline unsigned long param(const char *s, const char *key,
                                  unsigned long def)
{
    size_t k = strlen(key);

    for ( ; *s; s++ )
    {
        unsigned long v = 0;

        if ( strncmp(s, key, k) || s[k] != '=' ||
             s[k + 1] < '0' || s[k + 1] > '9' )
            continue;
        for ( s += k + 1; *s >= '0' && *s <= '9'; s++ )
            v = v * 10 + (*s - '0');
        return v;
    }
    return def;
}

#endif /* DOMAINS_RING_H */
