/*
 * Unit tests of PV page-table validation (hypervisor/mm/pagetable.c and
 * frame_table.c) over a fake machine of NFRAMES frames.  Every rule has an
 * allowed and a refused case, and after every test an audit recomputes
 * each frame's counts from the entries that really exist.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "descriptor.h"
#include "domain.h"
#include "errno.h"
#include "frame_alloc.h"
#include "pagetable.h"
#include "x86.h"

#define NFRAMES 64
#define P   _PAGE_PRESENT
#define RW  _PAGE_RW

static _Alignas(4096) uint64_t mem[NFRAMES][512];
static struct page_info table[NFRAMES];
static struct domain dom, other;
static unsigned long next_free;
/* Base-pointer references held outside any table (like guest_table). */
static unsigned long roots[8];
static unsigned int nr_roots;

void *frame_virt(unsigned long mfn)
{
    return mem[mfn];
}

/* The fake machine has device memory right after its RAM. */
bool mfn_is_mmio(unsigned long mfn)
{
    return mfn >= NFRAMES && mfn < NFRAMES + 16;
}

void pt_init_xen_l4_slots(uint64_t *l4)
{
    for ( unsigned int s = 256; s <= 271; s++ )
        l4[s] = 0xdead000 | P;          /* ring 0's, never validated */
}

static unsigned long new_frame(struct domain *d)
{
    unsigned long mfn = next_free++;

    assert_true(mfn < NFRAMES);
    memset(mem[mfn], 0, sizeof(mem[mfn]));
    assign_page(d, mfn, false);
    return mfn;
}

static uint64_t pte(unsigned long mfn, uint64_t flags)
{
    return ((uint64_t)mfn << 12) | flags;
}

static int setup(void **state)
{
    (void)state;
    memset(table, 0, sizeof(table));
    frames_reset();
    frame_table_attach(table, NFRAMES);
    next_free = 1;                      /* frame 0 stays unowned */
    nr_roots = 0;
    dom = (struct domain){ .domid = 1 };
    other = (struct domain){ .domid = 2 };
    return 0;
}

/* Recompute every count from the tables that hold references. */
static int audit(void **state)
{
    uint32_t count[NFRAMES] = { 0 }, types[NFRAMES] = { 0 };

    (void)state;
    for ( unsigned long m = 0; m < NFRAMES; m++ )
    {
        const struct page_info *pg = &table[m];

        if ( !pg->owner )
            continue;
        count[m]++;                                 /* allocation */
        if ( pg->flags & PGF_pinned )
        {
            count[m]++;
            types[m]++;
        }
        if ( !pg->type_count || pg->type < PGT_l1_page_table ||
             pg->type > PGT_l4_page_table )
            continue;
        assert_true(pg->flags & PGF_validated);
        for ( unsigned int i = 0; i < 512; i++ )
        {
            uint64_t e = mem[m][i];
            unsigned long t = (e & PADDR_MASK) >> 12;

            if ( !(e & P) || (pg->type == 4 && !is_guest_l4_slot(i)) )
                continue;
            assert_true(t < NFRAMES);
            if ( pg->type == 1 )
            {
                count[t]++;
                types[t] += (e & RW) ? 1 : 0;
                assert_true(!(e & RW) || table[t].type == PGT_writable_page);
            }
            else if ( t != m || (e & RW) )  /* not a read-only self map */
            {
                count[t]++;
                types[t]++;
                assert_int_equal(table[t].type, pg->type - 1);
            }
        }
    }
    for ( unsigned int r = 0; r < nr_roots; r++ )
    {
        count[roots[r]]++;
        types[roots[r]]++;
    }
    for ( unsigned long m = 0; m < NFRAMES; m++ )
    {
        if ( !table[m].owner )
            continue;
        if ( count[m] != table[m].count || types[m] != table[m].type_count )
            fail_msg("frame %lu: count %u (expected %u), type_count %u "
                     "(expected %u)", m, table[m].count, count[m],
                     table[m].type_count, types[m]);
    }
    return 0;
}

/* An L4 -> L3 -> L2 -> L1 chain mapping data RW at VA 0; returns the L4. */
static unsigned long build_chain(unsigned long *l1, unsigned long *data)
{
    unsigned long l4 = new_frame(&dom), l3 = new_frame(&dom);
    unsigned long l2 = new_frame(&dom);

    *l1 = new_frame(&dom);
    *data = new_frame(&dom);
    mem[l4][0] = pte(l3, P | RW);
    mem[l3][0] = pte(l2, P | RW);
    mem[l2][0] = pte(*l1, P | RW);
    mem[*l1][0] = pte(*data, P | RW);
    return l4;
}

static void l1_maps_own_frame_writable(void **state)
{
    unsigned long l1 = new_frame(&dom), data = new_frame(&dom);

    (void)state;
    mem[l1][3] = pte(data, P | RW);
    assert_int_equal(get_page_and_type(&table[l1], &dom, PGT_l1_page_table),
                     0);
    roots[nr_roots++] = l1;
    assert_int_equal(table[data].type, PGT_writable_page);
    assert_true(mem[l1][3] & _PAGE_USER);   /* forced for ring-3 kernels */
}

static void l1_may_not_map_a_page_table_writable(void **state)
{
    unsigned long l1 = new_frame(&dom), l1b = new_frame(&dom);

    (void)state;
    assert_int_equal(get_page_and_type(&table[l1b], &dom, PGT_l1_page_table),
                     0);
    roots[nr_roots++] = l1b;
    mem[l1][0] = pte(l1b, P | RW);
    assert_int_equal(get_page_and_type(&table[l1], &dom, PGT_l1_page_table),
                     -EBUSY);
    mem[l1][0] = pte(l1b, P);               /* read-only is fine */
    assert_int_equal(get_page_and_type(&table[l1], &dom, PGT_l1_page_table),
                     0);
    roots[nr_roots++] = l1;
}

static void l1_may_not_map_foreign_or_free_frames(void **state)
{
    unsigned long l1 = new_frame(&dom), theirs = new_frame(&other);

    (void)state;
    mem[l1][0] = pte(theirs, P);
    assert_int_equal(get_page_type(&table[l1], PGT_l1_page_table), -EBUSY);
    mem[l1][0] = pte(0, P);                 /* frame 0: nobody's */
    assert_int_equal(get_page_type(&table[l1], PGT_l1_page_table), -EBUSY);
    mem[l1][0] = pte(NFRAMES + 1, P);       /* device memory */
    assert_int_equal(get_page_type(&table[l1], PGT_l1_page_table), -EPERM);
    mem[l1][0] = 0;
    assert_int_equal(get_page_type(&table[l1], PGT_l1_page_table), 0);
    put_page_type(&table[l1]);
}

static void device_memory_only_for_the_privileged(void **state)
{
    unsigned long l1 = new_frame(&dom);

    (void)state;
    dom.is_privileged = true;
    mem[l1][0] = pte(NFRAMES + 1, P | RW | _PAGE_PCD);
    mem[l1][1] = pte(1UL << 30, P);         /* neither RAM nor a device */
    assert_int_equal(get_page_type(&table[l1], PGT_l1_page_table), -EPERM);
    mem[l1][1] = 0;
    assert_int_equal(get_page_type(&table[l1], PGT_l1_page_table), 0);
    put_page_type(&table[l1]);
}

static void cache_attributes_only_for_the_privileged(void **state)
{
    unsigned long l1 = new_frame(&dom), data = new_frame(&dom);

    (void)state;
    mem[l1][0] = pte(data, P | _PAGE_PCD);
    assert_int_equal(get_page_type(&table[l1], PGT_l1_page_table), -EINVAL);
    dom.is_privileged = true;
    assert_int_equal(get_page_type(&table[l1], PGT_l1_page_table), 0);
    put_page_type(&table[l1]);
}

static void superpages_are_refused(void **state)
{
    unsigned long l2 = new_frame(&dom), l1 = new_frame(&dom);

    (void)state;
    mem[l2][0] = pte(l1, P | _PAGE_PSE);
    assert_int_equal(get_page_type(&table[l2], PGT_l2_page_table), -EINVAL);
    mem[l2][0] = pte(l1, P | RW);
    assert_int_equal(get_page_type(&table[l2], PGT_l2_page_table), 0);
    assert_int_equal(table[l1].type, PGT_l1_page_table);
    put_page_type(&table[l2]);
    assert_int_equal(table[l1].type_count, 0);    /* released with it */
}

static void failed_validation_rolls_back_exactly(void **state)
{
    unsigned long l1 = new_frame(&dom), a = new_frame(&dom);
    unsigned long b = new_frame(&dom), theirs = new_frame(&other);

    (void)state;
    mem[l1][0] = pte(a, P | RW);
    mem[l1][1] = pte(b, P);
    mem[l1][2] = pte(theirs, P);            /* the bad one, last */
    assert_int_equal(get_page_type(&table[l1], PGT_l1_page_table), -EBUSY);
    assert_int_equal(table[l1].type_count, 0);
    assert_int_equal(table[a].count, 1);
    assert_int_equal(table[a].type_count, 0);
    assert_int_equal(table[b].count, 1);
}

static void bad_table_deep_in_a_hierarchy_is_refused(void **state)
{
    unsigned long l1, data, l4 = build_chain(&l1, &data);
    unsigned long theirs = new_frame(&other);

    (void)state;
    mem[l1][5] = pte(theirs, P);
    assert_int_equal(get_page_and_type(&table[l4], &dom, PGT_l4_page_table),
                     -EBUSY);
    for ( unsigned long m = 1; m < next_free; m++ )
        assert_int_equal(table[m].type_count, 0);
    mem[l1][5] = 0;
    assert_int_equal(get_page_and_type(&table[l4], &dom, PGT_l4_page_table),
                     0);
    roots[nr_roots++] = l4;
    assert_true(mem[l4][256] & P);          /* hypervisor slots filled */
}

static void writable_frame_cannot_become_a_table(void **state)
{
    unsigned long l1 = new_frame(&dom), victim = new_frame(&dom);

    (void)state;
    mem[l1][0] = pte(victim, P | RW);
    assert_int_equal(get_page_type(&table[l1], PGT_l1_page_table), 0);
    assert_int_equal(get_page_type(&table[victim], PGT_l1_page_table),
                     -EINVAL);  /* a frame with another type: Xen's too */
    assert_int_equal(pt_update_entry(&table[l1], 0, pte(victim, P), false),
                     0);
    assert_int_equal(get_page_type(&table[victim], PGT_l1_page_table), 0);
    put_page_type(&table[victim]);
    put_page_type(&table[l1]);
}

static void recursive_l4_only_read_only(void **state)
{
    unsigned long l1, data, l4 = build_chain(&l1, &data);

    (void)state;
    mem[l4][510] = pte(l4, P | RW);         /* XSA-182: writable self map */
    assert_int_equal(get_page_and_type(&table[l4], &dom, PGT_l4_page_table),
                     -EINVAL);
    mem[l4][510] = pte(l4, P);
    assert_int_equal(get_page_and_type(&table[l4], &dom, PGT_l4_page_table),
                     0);
    roots[nr_roots++] = l4;
    /* Turning RW on in isolation must not slip through a fast path. */
    assert_int_equal(pt_update_entry(&table[l4], 510, pte(l4, P | RW),
                                     false), -EINVAL);
    assert_int_equal(mem[l4][510] & RW, 0);
}

static void hypervisor_slots_are_not_the_guests(void **state)
{
    unsigned long l1, data, l4 = build_chain(&l1, &data);

    (void)state;
    assert_int_equal(get_page_and_type(&table[l4], &dom, PGT_l4_page_table),
                     0);
    roots[nr_roots++] = l4;
    assert_int_equal(pt_update_entry(&table[l4], 256, 0, false), -EINVAL);
    assert_int_equal(pt_update_entry(&table[l4], 271, 0, false), -EINVAL);
    assert_int_equal(pt_update_entry(&table[l4], 255, 0, false), 0);
}

static void updates_move_references(void **state)
{
    unsigned long l1, data, l4 = build_chain(&l1, &data);
    unsigned long data2 = new_frame(&dom);

    (void)state;
    assert_int_equal(get_page_and_type(&table[l4], &dom, PGT_l4_page_table),
                     0);
    roots[nr_roots++] = l4;
    /* A/D only: fast path, same references. */
    assert_int_equal(pt_update_entry(&table[l1], 0,
                                     pte(data, P | RW | _PAGE_ACCESSED),
                                     false), 0);
    assert_int_equal(table[data].type_count, 1);
    /* Remap to another frame read-only: references move. */
    assert_int_equal(pt_update_entry(&table[l1], 0, pte(data2, P), false), 0);
    assert_int_equal(table[data].type_count, 0);
    assert_int_equal(table[data2].count, 2);
    /* preserve_ad keeps the old accessed/dirty bits. */
    mem[l1][0] |= _PAGE_DIRTY;
    assert_int_equal(pt_update_entry(&table[l1], 0, pte(data2, P), true), 0);
    assert_true(mem[l1][0] & _PAGE_DIRTY);
    /* A refused update leaves the entry as it was. */
    assert_int_equal(pt_update_entry(&table[l1], 0, pte(l1, P | RW), false),
                     -EBUSY);
    assert_int_equal(mem[l1][0] & PADDR_MASK, (uint64_t)data2 << 12);
}

static void dropping_the_root_releases_everything(void **state)
{
    unsigned long l1, data, l4 = build_chain(&l1, &data);

    (void)state;
    assert_int_equal(get_page_and_type(&table[l4], &dom, PGT_l4_page_table),
                     0);
    put_page_and_type(&table[l4]);
    for ( unsigned long m = 1; m < next_free; m++ )
    {
        assert_int_equal(table[m].count, 1);
        assert_int_equal(table[m].type_count, 0);
    }
}

static void descriptors_are_checked_and_fixed(void **state)
{
    uint64_t code_dpl0 = 0x00af9a000000ffffUL;     /* 64-bit code, DPL 0 */
    uint64_t tss = 0x0000890000000067UL;           /* a TSS: refused */
    uint64_t gate = 0x0000ec000000e030UL | (0xe030UL << 16); /* call gate */
    uint64_t bad_gate = 0x0000ec00e0000000UL | (0xe0a8UL << 16);

    (void)state;
    assert_true(check_descriptor(&code_dpl0));
    assert_int_equal((code_dpl0 >> 45) & 3, 3);    /* raised to ring 3 */
    assert_false(check_descriptor(&tss));
    assert_true(check_descriptor(&gate));
    assert_int_equal((gate >> 45) & 3, 0);         /* use must fault */
    assert_false(check_descriptor(&bad_gate));     /* Xen-reserved CS */
}

static void descriptor_pages_are_exclusive(void **state)
{
    unsigned long l1 = new_frame(&dom), gdt = new_frame(&dom);

    (void)state;
    mem[gdt][1] = 0x0000890000000067UL;            /* TSS */
    assert_int_equal(get_page_type(&table[gdt], PGT_seg_desc_page), -EINVAL);
    mem[gdt][1] = 0x00af9a000000ffffUL;
    assert_int_equal(get_page_type(&table[gdt], PGT_seg_desc_page), 0);
    assert_int_equal((mem[gdt][1] >> 45) & 3, 3);  /* fixed in place */
    mem[l1][0] = pte(gdt, P | RW);                 /* writable: refused */
    assert_int_equal(get_page_type(&table[l1], PGT_l1_page_table), -EBUSY);
    put_page_type(&table[gdt]);
    assert_int_equal(get_page_type(&table[l1], PGT_l1_page_table), 0);
    put_page_type(&table[l1]);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, audit)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(l1_maps_own_frame_writable),
        T(l1_may_not_map_a_page_table_writable),
        T(l1_may_not_map_foreign_or_free_frames),
        T(device_memory_only_for_the_privileged),
        T(cache_attributes_only_for_the_privileged),
        T(superpages_are_refused),
        T(failed_validation_rolls_back_exactly),
        T(bad_table_deep_in_a_hierarchy_is_refused),
        T(writable_frame_cannot_become_a_table),
        T(recursive_l4_only_read_only),
        T(hypervisor_slots_are_not_the_guests),
        T(updates_move_references),
        T(dropping_the_root_releases_everything),
        T(descriptors_are_checked_and_fixed),
        T(descriptor_pages_are_exclusive),
    };

    return cmocka_run_group_tests_name("pagetable", tests, NULL, NULL);
}
