/*
 * Heap of the PV kernel core.  Small blocks (header included, up to 2
 * KiB) come from power-of-two free lists carved out of whole pages; a
 * larger block is pages of ours mapped at consecutive addresses through
 * the vmap window, its page list kept in a small block.  Pages of small
 * blocks are kept for reuse, never given back.
 */
#include <pv-guest/heap.h>
#include <pv-guest/lib.h>
#include <pv-guest/mm.h>

#define HDR_SIZE     16u
#define MIN_SHIFT    5u                 /* 32-byte blocks */
#define MAX_SHIFT    11u                /* 2048-byte blocks */
#define NR_CLASSES   (MAX_SHIFT - MIN_SHIFT + 1)
#define BIG_MAX      252u               /* pages: its record stays small */
#define MAGIC_USED   0x68656170u        /* "heap" */
#define MAGIC_FREE   0x66726565u        /* "free" */

struct hdr {
    uint32_t magic;
    uint32_t shift;                     /* class, or 0: large block */
    struct big *big;                    /* large block: its record */
};

struct big {
    unsigned int n;
    size_t size;                        /* bytes asked for */
    void *pages[];                      /* n pages behind the mapping */
};

struct free_block {
    struct hdr h;
    struct free_block *next;
};

static struct free_block *free_lists[NR_CLASSES];
static size_t in_use;

BUILD_BUG_ON(sizeof(struct hdr) != HDR_SIZE);

size_t heap_in_use(void)
{
    return in_use;
}

static void *small_alloc(unsigned int shift)
{
    struct free_block **fl = &free_lists[shift - MIN_SHIFT], *b;
    uint8_t *page;

    if ( !*fl )
    {
        if ( !(page = page_alloc()) )
            return NULL;
        for ( size_t off = 0; off < PAGE_SIZE; off += 1u << shift )
        {
            b = (struct free_block *)(page + off);
            b->h.magic = MAGIC_FREE;
            b->h.shift = shift;
            b->next = *fl;
            *fl = b;
        }
    }
    b = *fl;
    *fl = b->next;
    b->h.magic = MAGIC_USED;
    b->h.big = NULL;
    in_use += 1u << shift;
    return (uint8_t *)b + HDR_SIZE;
}

static void *big_alloc(size_t size)
{
    unsigned int n = (size + HDR_SIZE + PAGE_SIZE - 1) / PAGE_SIZE, i;
    xen_pfn_t *mfns;
    struct big *big;
    struct hdr *h = NULL;

    if ( size > BIG_MAX * PAGE_SIZE - HDR_SIZE )
        return NULL;
    big = malloc(sizeof(*big) + n * sizeof(void *));
    mfns = malloc(n * sizeof(*mfns));
    for ( i = 0; big && mfns && i < n; i++ )
    {
        if ( !(big->pages[i] = page_alloc()) )
            break;
        mfns[i] = virt_to_mfn(big->pages[i]);
    }
    if ( big && mfns && i == n )
        h = foreign_map(DOMID_SELF, mfns, n);
    free(mfns);
    if ( !h )
    {
        while ( big && i-- )
            page_free(big->pages[i]);
        free(big);
        return NULL;
    }
    big->n = n;
    big->size = size;
    h->magic = MAGIC_USED;
    h->shift = 0;
    h->big = big;
    in_use += n * PAGE_SIZE;
    return (uint8_t *)h + HDR_SIZE;
}

void *malloc(size_t size)
{
    unsigned int shift = MIN_SHIFT;

    if ( !size )
        return NULL;
    if ( size > (1u << MAX_SHIFT) - HDR_SIZE )
        return big_alloc(size);
    while ( (1u << shift) - HDR_SIZE < size )
        shift++;
    return small_alloc(shift);
}

void *calloc(size_t n, size_t size)
{
    void *p;

    if ( size && n > (size_t)-1 / size )
        return NULL;
    if ( (p = malloc(n * size)) )
        memset(p, 0, n * size);
    return p;
}

/* The header of a block malloc handed out, or NULL (reported). */
static struct hdr *block_hdr(void *p, const char *who)
{
    struct hdr *h = (struct hdr *)((uint8_t *)p - HDR_SIZE);

    if ( ((unsigned long)p & (HDR_SIZE - 1)) || h->magic != MAGIC_USED ||
         (h->shift && (h->shift < MIN_SHIFT || h->shift > MAX_SHIFT)) )
    {
        printk("%s: %p is not a live heap block\n", who, p);
        return NULL;
    }
    return h;
}

static size_t capacity(const struct hdr *h)
{
    return h->shift ? (1u << h->shift) - HDR_SIZE : h->big->size;
}

void free(void *p)
{
    struct hdr *h;
    struct big *big;

    if ( !p || !(h = block_hdr(p, "free")) )
        return;
    if ( h->shift )
    {
        struct free_block *b = (struct free_block *)h;

        b->h.magic = MAGIC_FREE;
        b->next = free_lists[h->shift - MIN_SHIFT];
        free_lists[h->shift - MIN_SHIFT] = b;
        in_use -= 1u << h->shift;
        return;
    }
    big = h->big;
    h->magic = MAGIC_FREE;
    foreign_unmap(h, big->n);
    for ( unsigned int i = 0; i < big->n; i++ )
        page_free(big->pages[i]);
    in_use -= big->n * PAGE_SIZE;
    free(big);
}

void *realloc(void *p, size_t size)
{
    struct hdr *h;
    void *q;

    if ( !p )
        return malloc(size);
    if ( !(h = block_hdr(p, "realloc")) )
        return NULL;
    if ( size && size <= capacity(h) && (h->shift || size > capacity(h) / 2) )
        return p;
    if ( !size )
    {
        free(p);
        return NULL;
    }
    if ( !(q = malloc(size)) )
        return NULL;
    memcpy(q, p, capacity(h) < size ? capacity(h) : size);
    free(p);
    return q;
}
