/*
 * Unit tests of the ring-0 frame allocator (hypervisor/mm/frame_alloc.c):
 * free/reserve accounting, allocation order, exhaustion and the checks
 * that catch a double free.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "frame_alloc.h"

static int setup(void **state)
{
    (void)state;
    frames_reset();
    return 0;
}

static void starts_with_nothing_free(void **state)
{
    (void)state;
    assert_int_equal(frames_free_count(), 0);
    assert_true(frame_alloc() == INVALID_MFN);
    assert_int_equal(frames_max_pfn(), 0);
}

static void free_then_reserve_accounts_exactly(void **state)
{
    (void)state;
    frames_free_range(256, 1280);
    assert_int_equal(frames_free_count(), 1024);
    assert_int_equal(frames_max_pfn(), 1280);
    frames_reserve_range(512, 520);
    assert_int_equal(frames_free_count(), 1016);
    /* Freeing or reserving twice changes nothing. */
    frames_free_range(256, 300);
    frames_reserve_range(512, 520);
    assert_int_equal(frames_free_count(), 1016);
    assert_false(frame_is_free(515));
    assert_true(frame_is_free(520));
}

static void allocates_lowest_then_exhausts(void **state)
{
    (void)state;
    frames_free_range(100, 103);
    assert_int_equal(frame_alloc(), 100);
    assert_int_equal(frame_alloc(), 101);
    assert_int_equal(frame_alloc(), 102);
    assert_true(frame_alloc() == INVALID_MFN);
    frame_free(101);
    assert_int_equal(frames_free_count(), 1);
    assert_int_equal(frame_alloc(), 101);
}

static void range_past_the_end_is_clipped(void **state)
{
    (void)state;
    frames_free_range(MAX_FRAMES - 2, MAX_FRAMES + 100);
    assert_int_equal(frames_free_count(), 2);
    frames_reserve_range(MAX_FRAMES - 1, ~0UL);
    assert_int_equal(frames_free_count(), 1);
    assert_false(frame_is_free(MAX_FRAMES + 5));
}

static void double_free_is_caught(void **state)
{
    (void)state;
    frames_free_range(10, 11);
    expect_assert_failure(frame_free(10));
    expect_assert_failure(frame_free(MAX_FRAMES));
    assert_int_equal(frames_free_count(), 1);
}

static void wraps_around_the_hint(void **state)
{
    unsigned long a, b;

    (void)state;
    frames_free_range(0, 64);
    frames_free_range(MAX_FRAMES - 64, MAX_FRAMES);
    for ( unsigned int i = 0; i < 64; i++ )
        frame_alloc();
    a = frame_alloc();                  /* the hint has moved up */
    assert_true(a >= MAX_FRAMES - 64);
    for ( unsigned int i = 0; i < 63; i++ )
        b = frame_alloc();
    (void)b;
    assert_int_equal(frames_free_count(), 0);
    frame_free(3);
    assert_int_equal(frame_alloc(), 3);  /* found after wrapping */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(starts_with_nothing_free, setup),
        cmocka_unit_test_setup(free_then_reserve_accounts_exactly, setup),
        cmocka_unit_test_setup(allocates_lowest_then_exhausts, setup),
        cmocka_unit_test_setup(range_past_the_end_is_clipped, setup),
        cmocka_unit_test_setup(double_free_is_caught, setup),
        cmocka_unit_test_setup(wraps_around_the_hint, setup),
    };

    return cmocka_run_group_tests_name("frame_alloc", tests, NULL, NULL);
}
