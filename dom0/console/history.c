/*
 * Console output history: a ring of the last CONSOLED_HISTORY bytes.
 * Appending overwrites the oldest bytes, so a guest that floods costs a
 * fixed amount of memory; readers that fall behind lose the oldest.
 */
#include "history.h"

#define MASK(i) ((i) & (CONSOLED_HISTORY - 1))

_Static_assert(!(CONSOLED_HISTORY & (CONSOLED_HISTORY - 1)),
               "CONSOLED_HISTORY must be a power of two");

void history_append(struct history *h, const char *s, size_t n)
{
    if ( n > CONSOLED_HISTORY ) /* only the tail can be kept */
    {
        h->head += n - CONSOLED_HISTORY;
        s += n - CONSOLED_HISTORY;
        n = CONSOLED_HISTORY;
    }
    for ( size_t i = 0; i < n; i++ )
        h->buf[MASK(h->head + i)] = s[i];
    h->head += n;
}

size_t history_read(const struct history *h, uint64_t *cursor, char *out,
                    size_t n)
{
    uint64_t c = *cursor;
    size_t done = 0;

    if ( c > h->head ) /* a cursor from the future: nothing yet */
        c = h->head;
    if ( h->head - c > CONSOLED_HISTORY )
        c = h->head - CONSOLED_HISTORY;
    while ( done < n && c < h->head )
        out[done++] = h->buf[MASK(c++)];
    *cursor = c;
    return done;
}
