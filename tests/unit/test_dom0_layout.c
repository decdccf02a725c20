/*
 * Unit tests of the dom0 bootstrap layout (hypervisor/common/dom0_layout.c):
 * Xen's ordering and padding rules, enough page tables for what the region
 * really needs, and refusals when memory or address space runs out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "dom0_layout.h"

#define MB4 (1UL << 22)

/* ELF facts of a kernel at [start, end) mapped from base, entry at start. */
static struct xen_elf_info kernel_at(uint64_t base, uint64_t start,
                                     uint64_t end)
{
    struct xen_elf_info e;

    memset(&e, 0, sizeof(e));
    e.p2m_base = ~0UL;                  /* no INIT_P2M note */
    e.virt_base = base;
    e.virt_kstart = start;
    e.virt_kend = end;
    e.virt_entry = start;
    return e;
}

static struct xen_elf_info linux_like(void)
{
    /* Debian 6.1 cloud kernel */
    struct xen_elf_info e = kernel_at(0xffffffff80000000UL,
                                      0xffffffff81000000UL,
                                      0xffffffff83e00000UL);

    e.virt_entry = 0xffffffff8304e1c0UL;
    return e;
}

/* Page-table pages a region really needs: count distinct tables. */
static unsigned long tables_needed(uint64_t s, uint64_t e)
{
    unsigned long n = 1;                /* the L4 */
    uint64_t last[3] = { ~0UL, ~0UL, ~0UL };

    for ( uint64_t va = s; va != e; va += 4096 )
        for ( int lvl = 0; lvl < 3; lvl++ )
        {
            uint64_t tag = va >> (39 - 9 * lvl);

            if ( tag != last[lvl] )
            {
                last[lvl] = tag;
                n++;
            }
        }
    return n;
}

static void check_invariants(const struct dom0_layout *l)
{
    assert_true(l->v_start <= l->vkern_start);
    assert_true(l->vkern_end <= l->vinitrd_start);
    if ( l->nr_p2m_frames )             /* INIT_P2M: outside the window */
        assert_true(l->vinitrd_end <= l->vstartinfo_start);
    else
    {
        assert_true(l->vinitrd_end <= l->vphysmap_start);
        assert_true(l->vphysmap_start + l->nr_pages * 8 <=
                    l->vstartinfo_start);
    }
    assert_true(l->vstartinfo_end <= l->vpt_start);
    assert_int_equal(l->vpt_end - l->vpt_start, l->nr_pt_pages * 4096);
    assert_int_equal(l->vstack_start, l->vpt_end);
    assert_int_equal(l->vstack_end - l->vstack_start, 4096);
    assert_int_equal(l->v_end % MB4, 0);
    assert_true(l->v_end - l->vstack_end >= (512UL << 10));
    assert_true(tables_needed(l->v_start, l->v_end) <= l->nr_pt_pages);
    assert_true((l->v_end - l->v_start) / 4096 <= l->nr_pages);
}

static void linux_kernel_in_512m(void **state)
{
    struct xen_elf_info e = linux_like();
    struct dom0_layout l;

    (void)state;
    assert_null(dom0_compute_layout(&e, 8 << 20, 131072, false, &l));
    check_invariants(&l);
    assert_int_equal(l.vinitrd_start, 0xffffffff83e00000UL);
    assert_int_equal(l.vinitrd_end, 0xffffffff83e00000UL + (8 << 20));
    assert_int_equal(l.vphysmap_end - l.vphysmap_start, 131072 * 8);
    /* The whole region stays inside the one L2 Linux inherits. */
    assert_true(l.v_end - 0xffffffff80000000UL <= (1UL << 30));
}

static void xtf_kernel_at_zero_base(void **state)
{
    struct xen_elf_info e;
    struct dom0_layout l;

    (void)state;
    e = kernel_at(0, 0x100000, 0x111000);
    assert_null(dom0_compute_layout(&e, 0, 65536, false, &l));
    check_invariants(&l);
    assert_int_equal(l.v_start, 0);
    assert_int_equal(l.vinitrd_start, l.vinitrd_end);
    assert_int_equal(l.v_end, 4 * MB4 / 4);     /* 4 MiB is enough */
}

static void minimum_padding_adds_4m(void **state)
{
    struct xen_elf_info e;
    struct dom0_layout l;

    (void)state;
    /* Pick a kernel end that leaves the stack just below a 4 MiB line. */
    e = kernel_at(0, 0x100000, 0x300000);
    for ( e.virt_kend = 0x300000; e.virt_kend < 0x400000;
          e.virt_kend += 0x1000 )
    {
        assert_null(dom0_compute_layout(&e, 0, 65536, false, &l));
        check_invariants(&l);
    }
}

static void unmapped_initrd_goes_after_the_region(void **state)
{
    struct xen_elf_info e = linux_like();
    struct dom0_layout l;

    (void)state;
    e.unmapped_initrd = true;
    assert_null(dom0_compute_layout(&e, 3 << 20, 131072, false, &l));
    check_invariants(&l);
    assert_true(l.initrd_unmapped);
    assert_int_equal(l.vinitrd_start, l.vinitrd_end);
    assert_int_equal(l.initrd_pfn, (l.v_end - l.v_start) / 4096);
}

static void console_page_follows_start_info(void **state)
{
    struct xen_elf_info e = linux_like();
    struct dom0_layout l;

    (void)state;
    assert_null(dom0_compute_layout(&e, 0, 131072, true, &l));
    check_invariants(&l);
    assert_int_equal(l.vconsole_start, (l.vstartinfo_end + 4095) & ~4095UL);
    assert_true(l.vpt_start >= l.vconsole_start + 4096);
    assert_null(dom0_compute_layout(&e, 0, 131072, false, &l));
    assert_int_equal(l.vconsole_start, 0);
}

static void init_p2m_moves_the_p2m_out_of_the_window(void **state)
{
    struct xen_elf_info e = linux_like();
    struct dom0_layout l, plain;

    (void)state;
    assert_null(dom0_compute_layout(&e, 0, 131072, false, &plain));
    e.p2m_base = 0x8000000000UL;        /* Linux's INIT_P2M, L4 slot 1 */
    assert_null(dom0_compute_layout(&e, 0, 131072, false, &l));
    check_invariants(&l);
    assert_int_equal(l.vphysmap_start, 0x8000000000UL);
    assert_int_equal(l.vphysmap_end - l.vphysmap_start, 131072 * 8);
    assert_true(l.vstartinfo_start < plain.vstartinfo_start);
    /* 256 p2m frames, then one L3, one L2 and one L1 to map them. */
    assert_int_equal(l.p2m_pfn, (l.v_end - l.v_start) / 4096);
    assert_int_equal(l.p2m_tables_pfn, l.p2m_pfn + 256);
    assert_int_equal(l.nr_p2m_frames, 256 + 3);
    assert_int_equal(plain.nr_p2m_frames, 0);
    assert_int_equal(plain.p2m_pfn, (plain.vphysmap_start -
                                     plain.v_start) / 4096);
}

static void init_p2m_must_not_collide(void **state)
{
    struct xen_elf_info e = linux_like();
    struct dom0_layout l;

    (void)state;
    e.p2m_base = 0xffffffffc0000000UL;  /* the kernel's own L4 slot */
    assert_non_null(dom0_compute_layout(&e, 0, 131072, false, &l));
    e.p2m_base = 0x8000000123UL;        /* not page aligned */
    assert_non_null(dom0_compute_layout(&e, 0, 131072, false, &l));
    e.p2m_base = 0xffff800000000000UL;  /* the hypervisor's range */
    assert_non_null(dom0_compute_layout(&e, 0, 131072, false, &l));
}

static void too_little_memory_is_refused(void **state)
{
    struct xen_elf_info e = linux_like();
    struct dom0_layout l;

    (void)state;
    assert_string_equal(dom0_compute_layout(&e, 0, 16000, false, &l),
                        "does not fit in dom0 memory");
    e.unmapped_initrd = true;
    /* Region fits in 20000 pages but not with a 64 MiB initrd after it. */
    assert_null(dom0_compute_layout(&e, 0, 20000, false, &l));
    assert_string_equal(dom0_compute_layout(&e, 64 << 20, 20000, false, &l),
                        "does not fit in dom0 memory");
}

static void wrapping_region_is_refused(void **state)
{
    struct xen_elf_info e;
    struct dom0_layout l;

    (void)state;
    e = kernel_at(0xfffffffffff00000UL, 0xfffffffffff00000UL,
                  0xffffffffffffe000UL);
    assert_string_equal(dom0_compute_layout(&e, 1 << 20, 1 << 20, false, &l),
                        "does not fit in dom0 memory (the region wraps past "
                        "2^64)");
}

static void hypervisor_range_is_refused(void **state)
{
    struct xen_elf_info e;
    struct dom0_layout l;

    (void)state;
    e = kernel_at(0xffff800000000000UL,         /* Xen's own slot 256 */
                  0xffff800000100000UL, 0xffff800000110000UL);
    assert_non_null(dom0_compute_layout(&e, 0, 65536, false, &l));
    /* A kernel straddling the top of the lower half is refused too. */
    e = kernel_at(0x00007fffffe00000UL, 0x00007fffffe00000UL,
                  0x00007ffffff00000UL);
    assert_non_null(dom0_compute_layout(&e, 0, 65536, false, &l));
}

static void impossible_sizes_are_refused(void **state)
{
    struct xen_elf_info e = linux_like();
    struct dom0_layout l;

    (void)state;
    assert_non_null(dom0_compute_layout(&e, ~0UL, 131072, false, &l));
    assert_non_null(dom0_compute_layout(&e, 0, ~0UL, false, &l));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(linux_kernel_in_512m),
        cmocka_unit_test(xtf_kernel_at_zero_base),
        cmocka_unit_test(minimum_padding_adds_4m),
        cmocka_unit_test(unmapped_initrd_goes_after_the_region),
        cmocka_unit_test(console_page_follows_start_info),
        cmocka_unit_test(init_p2m_moves_the_p2m_out_of_the_window),
        cmocka_unit_test(init_p2m_must_not_collide),
        cmocka_unit_test(too_little_memory_is_refused),
        cmocka_unit_test(wrapping_region_is_refused),
        cmocka_unit_test(hypervisor_range_is_refused),
        cmocka_unit_test(impossible_sizes_are_refused),
    };

    return cmocka_run_group_tests_name("dom0_layout", tests, NULL, NULL);
}
