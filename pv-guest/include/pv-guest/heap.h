/*
 * The PV kernel core's heap: malloc, calloc, realloc and free over
 * page_alloc, for dom0's services and guest programs.  Single vCPU, not
 * re-entrant: event handlers must not allocate.  Blocks are 16-byte
 * aligned; a bad or repeated free is reported and ignored.
 */
#ifndef PV_GUEST_HEAP_H
#define PV_GUEST_HEAP_H

#include <stddef.h>

void *malloc(size_t size);              /* NULL if none (or size 0) */
void *calloc(size_t n, size_t size);    /* NULL on n * size overflow */
void *realloc(void *p, size_t size);    /* p stays valid on failure */
void free(void *p);

/* Bytes handed out and not freed (header included), for leak checks. */
size_t heap_in_use(void);

#endif /* PV_GUEST_HEAP_H */
