/*
 * Bitmap frame allocator.  Invariant: free_count equals the number of clear
 * bits below MAX_FRAMES; freeing a free frame or reserving past the end is a
 * caller bug and is caught, never silently absorbed.
 */
#include "frame_alloc.h"

#define BITS_PER_WORD 64

static uint64_t bitmap[MAX_FRAMES / BITS_PER_WORD];
static unsigned long free_count, next_hint, max_pfn;

static bool test_bit(unsigned long n)
{
    return bitmap[n / BITS_PER_WORD] & (1UL << (n % BITS_PER_WORD));
}

static void set_used(unsigned long n, bool used)
{
    uint64_t bit = 1UL << (n % BITS_PER_WORD);

    if ( used == test_bit(n) )
        return;
    if ( used )
    {
        bitmap[n / BITS_PER_WORD] |= bit;
        free_count--;
    }
    else
    {
        bitmap[n / BITS_PER_WORD] &= ~bit;
        free_count++;
    }
}

void frames_reset(void)
{
    memset(bitmap, 0xff, sizeof(bitmap));
    free_count = next_hint = max_pfn = 0;
}

void frames_free_range(unsigned long start, unsigned long end)
{
    end = MIN(end, MAX_FRAMES);
    for ( unsigned long n = start; n < end; n++ )
        set_used(n, false);
    if ( end > start && end > max_pfn )
        max_pfn = end;
}

void frames_reserve_range(unsigned long start, unsigned long end)
{
    end = MIN(end, MAX_FRAMES);
    for ( unsigned long n = start; n < end; n++ )
        set_used(n, true);
}

unsigned long frame_alloc(void)
{
    if ( !free_count )
        return INVALID_MFN;
    for ( unsigned long i = 0; i < MAX_FRAMES / BITS_PER_WORD; i++ )
    {
        unsigned long w = (next_hint / BITS_PER_WORD + i) %
                          (MAX_FRAMES / BITS_PER_WORD);

        if ( bitmap[w] != ~0UL )
        {
            unsigned long n = w * BITS_PER_WORD +
                              (unsigned long)__builtin_ctzl(~bitmap[w]);

            set_used(n, true);
            next_hint = n + 1 < MAX_FRAMES ? n + 1 : 0;
            return n;
        }
    }
    panic("frame_alloc: free_count %lu but no free bit", free_count);
    return INVALID_MFN;
}

unsigned long frames_alloc_contig(unsigned long n)
{
    unsigned long run = 0;

    if ( !n || n > free_count )
        return INVALID_MFN;
    for ( unsigned long f = 0; f < MAX_FRAMES; f++ )
    {
        /* A word with no free frame ends any run: skip it whole. */
        if ( f % BITS_PER_WORD == 0 && bitmap[f / BITS_PER_WORD] == ~0UL )
        {
            run = 0;
            f += BITS_PER_WORD - 1;
            continue;
        }
        run = test_bit(f) ? 0 : run + 1;
        if ( run == n )
        {
            frames_reserve_range(f + 1 - n, f + 1);
            return f + 1 - n;
        }
    }
    return INVALID_MFN;
}

void frame_free(unsigned long mfn)
{
    BUG_ON(mfn >= MAX_FRAMES || !test_bit(mfn));
    set_used(mfn, false);
}

bool frame_is_free(unsigned long mfn)
{
    return mfn < MAX_FRAMES && !test_bit(mfn);
}

unsigned long frames_free_count(void)
{
    return free_count;
}

unsigned long frames_max_pfn(void)
{
    return max_pfn;
}
