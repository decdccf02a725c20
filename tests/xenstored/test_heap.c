/*
 * Unit tests of the pv-guest heap (pv-guest/heap.c, as pvx_malloc...) on
 * the host with ASan/UBSan: page_alloc over aligned_alloc, and a
 * foreign_map of our own frames that returns a fresh region (the heap
 * only uses the mapping, and frees the pages separately).  Every size
 * class, large blocks, realloc, overflow, bad and double frees, reuse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xen/xen.h>

void *pvx_malloc(size_t size);
void *pvx_calloc(size_t n, size_t size);
void *pvx_realloc(void *p, size_t size);
void pvx_free(void *p);
size_t heap_in_use(void);

static long pages_out, maps_out, complaints;
static long fail_pages = -1; /* page_alloc fails after this many */

void *page_alloc(void);
void page_free(void *va);
xen_pfn_t virt_to_mfn(const void *va);
void *foreign_map(domid_t dom, const xen_pfn_t *mfns, unsigned int n);
void foreign_unmap(void *va, unsigned int n);
void printk(const char *fmt, ...);

void *page_alloc(void)
{
    void *p;

    if ( fail_pages == 0 )
        return NULL;
    if ( fail_pages > 0 )
        fail_pages--;
    p = aligned_alloc(4096, 4096);
    memset(p, 0, 4096);
    pages_out++;
    return p;
}

void page_free(void *va)
{
    pages_out--;
    free(va);
}

xen_pfn_t virt_to_mfn(const void *va)
{
    return (uintptr_t)va >> 12;
}

void *foreign_map(domid_t dom, const xen_pfn_t *mfns, unsigned int n)
{
    assert_int_equal(dom, DOMID_SELF);
    maps_out++;
    return aligned_alloc(4096, n * 4096UL);
}

void foreign_unmap(void *va, unsigned int n)
{
    maps_out--;
    free(va);
}

void printk(const char *fmt, ...)
{
    complaints++;
}

static void classes(void **state)
{
    static void *p[2000];
    size_t size = 1;

    for ( unsigned int i = 0; i < 2000; i++, size = size * 3 / 2 + 1 )
    {
        if ( size > 100000 )
            size = 1;
        p[i] = pvx_malloc(size);
        assert_non_null(p[i]);
        assert_int_equal((uintptr_t)p[i] & 15, 0);
        memset(p[i], i & 0xff, size); /* ASan: within its pages */
    }
    for ( unsigned int i = 0; i < 2000; i++ )
        pvx_free(p[i]);
    assert_int_equal(heap_in_use(), 0);
    assert_int_equal(maps_out, 0);
    assert_int_equal(complaints, 0);
    assert_null(pvx_malloc(0));
}

static void big(void **state)
{
    long before = pages_out;
    char *p = pvx_malloc(100000);

    assert_non_null(p);
    memset(p, 1, 100000);
    assert_int_equal(maps_out, 1);
    pvx_free(p);
    assert_int_equal(maps_out, 0);
    assert_int_equal(pages_out, before); /* the pages went back */
    assert_null(pvx_malloc(253 * 4096)); /* beyond the large limit */
    fail_pages = 3;
    assert_null(pvx_malloc(5 * 4096)); /* half-built: nothing leaks */
    fail_pages = -1;
    assert_int_equal(pages_out, before);
}

static void calloc_realloc(void **state)
{
    unsigned char *p = pvx_calloc(10, 10);

    for ( unsigned int i = 0; i < 100; i++ )
        assert_int_equal(p[i], 0);
    memset(p, 7, 100);
    p = pvx_realloc(p, 5000); /* small to large keeps the bytes */
    for ( unsigned int i = 0; i < 100; i++ )
        assert_int_equal(p[i], 7);
    p = pvx_realloc(p, 50); /* large to small */
    assert_int_equal(p[49], 7);
    assert_null(pvx_calloc(SIZE_MAX / 2, 3)); /* n * size overflows */
    assert_null(pvx_realloc(p, 0)); /* frees */
    p = pvx_realloc(NULL, 8);
    assert_non_null(p);
    pvx_free(p);
    assert_int_equal(heap_in_use(), 0);
}

static void bad_frees(void **state)
{
    char *p = pvx_malloc(40);

    complaints = 0;
    pvx_free(p);
    pvx_free(p); /* double free: reported, ignored */
    assert_int_equal(complaints, 1);
    pvx_free(p + 8); /* misaligned */
    assert_int_equal(complaints, 2);
    assert_null(pvx_realloc(p, 100)); /* freed block */
    assert_int_equal(complaints, 3);
    assert_int_equal(heap_in_use(), 0);
}

static void reuse(void **state)
{
    long before;
    void *p;

    pvx_free(pvx_malloc(100));
    before = pages_out;
    for ( unsigned int i = 0; i < 10000; i++ )
    {
        p = pvx_malloc(100);
        pvx_free(p);
    }
    assert_int_equal(pages_out, before); /* freed blocks come back */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(classes),        cmocka_unit_test(big),
        cmocka_unit_test(calloc_realloc), cmocka_unit_test(bad_frees),
        cmocka_unit_test(reuse),
    };

    return cmocka_run_group_tests_name("pv-guest heap", tests, NULL, NULL);
}
