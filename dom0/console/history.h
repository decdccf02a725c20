/*
 * A bounded output history: the last CONSOLED_HISTORY bytes a guest
 * wrote, addressed by the count of bytes ever written, so readers keep
 * their own cursors.  Pure C, no allocation (tests/unit runs it).
 */
#ifndef CONSOLE_HISTORY_H
#define CONSOLE_HISTORY_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of output kept per domain (a power of two). */
#define CONSOLED_HISTORY 16384

struct history {
    uint64_t head;                      /* bytes ever appended */
    char buf[CONSOLED_HISTORY];
};

void history_append(struct history *h, const char *s, size_t n);
/* Copy from *cursor (raised to the oldest byte kept) up to n bytes. */
size_t history_read(const struct history *h, uint64_t *cursor, char *out,
                    size_t n);

#endif /* CONSOLE_HISTORY_H */
