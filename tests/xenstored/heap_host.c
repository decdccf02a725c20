/*
 * pv-guest/heap.c built for the host under other names, so that it does
 * not replace the C library's (and ASan's) malloc in test_heap.
 */
#define malloc pvx_malloc
#define calloc pvx_calloc
#define realloc pvx_realloc
#define free pvx_free
#include "../../pv-guest/heap.c"
