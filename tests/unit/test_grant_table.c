/*
 * Unit tests of grant tables v1 (hypervisor/common/grant_table.c,
 * grant_map.c, grant_copy.c) over a fake machine: the pin state machine
 * on shared entries, the references each mapping kind holds (XSA-224,
 * XSA-234), copy bounds, and what gnttab_release_mappings leaves behind.
 * The PTE side (arch/x86/pv/grant_pte.c) is replaced by a recorder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "domain.h"
#include "frame_alloc.h"
#include "grant_table.h"
#include "pagetable.h"
#include "x86.h"

#define NFRAMES   96
#define FIRST_HV  48                    /* frames from here are ring 0's */

static _Alignas(4096) uint64_t mem[NFRAMES][512];
static struct page_info table[NFRAMES];
static struct domain granter, mapper;
static struct vcpu mapper_vcpu;
static unsigned long next_free;
static unsigned int ptes_live;          /* grant PTEs the recorder holds */
struct vcpu *current;

void *frame_virt(unsigned long mfn)
{
    return mem[mfn];
}

bool mfn_is_mmio(unsigned long mfn)
{
    return false;
}

void pt_init_xen_l4_slots(uint64_t *l4)
{
}

struct domain *get_domain_by_id(domid_t id)
{
    return id == granter.domid ? &granter
         : id == mapper.domid  ? &mapper : NULL;
}

/* A vanished granter behind a live handle cannot happen here. */
void domain_crash(struct domain *d, const char *fmt, ...)
{
    fail_msg("domain_crash of d%u", d->domid);
    abort();
}

/* The PTE recorder: address 0xbad is "no L1 there". */
int create_grant_pv_mapping(uint64_t addr, unsigned long mfn,
                            unsigned int flags)
{
    if ( addr == 0xbad )
        return GNTST_general_error;
    ptes_live++;
    return GNTST_okay;
}

int replace_grant_pv_mapping(uint64_t addr, unsigned long mfn,
                             unsigned int flags)
{
    if ( addr == 0xbad )
        return GNTST_general_error;
    ptes_live--;
    return GNTST_okay;
}

static unsigned long new_frame(struct domain *d)
{
    unsigned long mfn = next_free++;

    assert_true(mfn < FIRST_HV);
    memset(mem[mfn], 0, sizeof(mem[mfn]));
    assign_page(d, mfn, false);
    return mfn;
}

static int setup(void **state)
{
    (void)state;
    memset(table, 0, sizeof(table));
    frames_reset();
    frames_free_range(FIRST_HV, NFRAMES);
    frame_table_attach(table, NFRAMES);
    next_free = 1;
    ptes_live = 0;
    memset(&granter, 0, sizeof(granter));
    memset(&mapper, 0, sizeof(mapper));
    granter.domid = 1;
    mapper.domid = 2;
    mapper_vcpu.domain = &mapper;
    current = &mapper_vcpu;             /* the mapper makes the calls */
    assert_int_equal(gnttab_grow_table(&granter, 0), 0);
    assert_int_equal(gnttab_grow_table(&mapper, 0), 0);
    return 0;
}

/* Everything is back: no pins, no flags in use, no extra references. */
static int teardown(void **state)
{
    (void)state;
    for ( grant_ref_t r = 0; r < nr_grant_entries(&granter); r++ )
    {
        assert_int_equal(active_entry(&granter, r)->pin, 0);
        assert_int_equal(shared_entry(&granter, r)->flags &
                         (GTF_reading | GTF_writing), 0);
    }
    for ( unsigned long mfn = 1; mfn < next_free; mfn++ )
    {
        assert_int_equal(table[mfn].count, 1);
        assert_int_equal(table[mfn].type_count, 0);
    }
    assert_int_equal(ptes_live, 0);
    grant_table_destroy(&granter);
    grant_table_destroy(&mapper);
    return 0;
}

static unsigned long grant(grant_ref_t ref, domid_t to, uint16_t flags)
{
    unsigned long mfn = new_frame(&granter);
    grant_entry_v1_t *e = shared_entry(&granter, ref);

    e->domid = to;
    e->frame = (uint32_t)mfn;
    e->flags = flags;
    return mfn;
}

static struct gnttab_map_grant_ref map_op(grant_ref_t ref, unsigned int f)
{
    struct gnttab_map_grant_ref op = { .host_addr = 0x1000, .flags = f,
                                       .ref = ref, .dom = granter.domid };

    gnttab_map(&op);
    return op;
}

static int16_t unmap_op(grant_handle_t h, uint64_t addr, uint64_t dev)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = addr,
                                         .dev_bus_addr = dev, .handle = h };
    struct gnttab_unmap_done done;

    gnttab_unmap(&op, &done);
    gnttab_unmap_complete(&done);
    return op.status;
}

static void table_frames_are_shared_with_the_domain(void **state)
{
    struct grant_table *gt = &granter.grant_table;

    assert_int_equal(gt->nr_frames, 1);
    assert_ptr_equal(table[gt->shared_mfn[0]].owner, &granter);
    assert_true(table[gt->shared_mfn[0]].flags & PGF_xen_heap);
    assert_int_equal(gnttab_grow_table(&granter, 3), 0);
    assert_int_equal(nr_grant_entries(&granter), 3 * 512);
    /* Never shrinks. */
    assert_int_equal(gnttab_grow_table(&granter, 2), 0);
    assert_int_equal(gt->nr_frames, 3);
}

static void pin_needs_permit_access_for_this_domain(void **state)
{
    struct page_info *pg;
    unsigned long mfn = grant(8, mapper.domid, 0);
    grant_entry_v1_t *e = shared_entry(&granter, 8);

    assert_int_equal(gnttab_pin(&granter, 8, 2, GNTPIN_hstw_inc, true, &pg),
                     GNTST_general_error);
    e->flags = GTF_permit_access;
    e->domid = 3;
    assert_int_equal(gnttab_pin(&granter, 8, 2, GNTPIN_hstw_inc, true, &pg),
                     GNTST_general_error);
    e->domid = 2;
    assert_int_equal(gnttab_pin(&granter, 8, 2, GNTPIN_hstw_inc, true, &pg),
                     GNTST_okay);
    assert_ptr_equal(pg, &table[mfn]);
    assert_int_equal(e->flags, GTF_permit_access | GTF_reading |
                               GTF_writing);
    assert_int_equal(table[mfn].count, 2);
    /* A pinned entry belongs to its grantee alone. */
    assert_int_equal(gnttab_pin(&granter, 8, 3, GNTPIN_hstr_inc, true, &pg),
                     GNTST_general_error);
    gnttab_unpin(&granter, 8, GNTPIN_hstw_inc);
    put_page(&table[mfn]);
    assert_int_equal(e->flags, GTF_permit_access);
}

static void read_only_grants_refuse_write_pins(void **state)
{
    struct page_info *pg;
    grant_entry_v1_t *e = shared_entry(&granter, 9);

    grant(9, mapper.domid, GTF_permit_access | GTF_readonly);
    assert_int_equal(gnttab_pin(&granter, 9, 2, GNTPIN_hstw_inc, true, &pg),
                     GNTST_general_error);
    assert_int_equal(e->flags, GTF_permit_access | GTF_readonly);
    assert_int_equal(gnttab_pin(&granter, 9, 2, GNTPIN_hstr_inc, true, &pg),
                     GNTST_okay);
    assert_int_equal(e->flags, GTF_permit_access | GTF_readonly |
                               GTF_reading);
    gnttab_unpin(&granter, 9, GNTPIN_hstr_inc);
    put_page(pg);
}

static void bad_refs_and_frames(void **state)
{
    struct page_info *pg;
    grant_entry_v1_t *e = shared_entry(&granter, 10);

    assert_int_equal(gnttab_pin(&granter, 512, 2, GNTPIN_hstr_inc, true,
                                &pg), GNTST_bad_gntref);
    assert_int_equal(gnttab_pin(&granter, 0xffffffffU, 2, GNTPIN_hstr_inc,
                                true, &pg), GNTST_bad_gntref);
    /* A frame of someone else: refused, and the flags are put back. */
    e->domid = 2;
    e->frame = (uint32_t)new_frame(&mapper);
    e->flags = GTF_permit_access;
    assert_int_equal(gnttab_pin(&granter, 10, 2, GNTPIN_hstw_inc, true,
                                &pg), GNTST_bad_page);
    assert_int_equal(e->flags, GTF_permit_access);
    e->frame = NFRAMES + 5;             /* not RAM */
    assert_int_equal(gnttab_pin(&granter, 10, 2, GNTPIN_hstr_inc, true,
                                &pg), GNTST_bad_page);
    /* Sub-page grants cannot be mapped, only copied (Xen's mask). */
    grant(11, 2, GTF_permit_access | GTF_sub_page);
    assert_int_equal(gnttab_pin(&granter, 11, 2, GNTPIN_hstr_inc, true,
                                &pg), GNTST_general_error);
    assert_int_equal(gnttab_pin(&granter, 11, 2, GNTPIN_hstr_inc, false,
                                &pg), GNTST_okay);
    gnttab_unpin(&granter, 11, GNTPIN_hstr_inc);
    put_page(pg);
}

static void write_pins_upgrade_and_flags_follow(void **state)
{
    struct page_info *pg;
    grant_entry_v1_t *e = shared_entry(&granter, 12);

    grant(12, 2, GTF_permit_access);
    assert_int_equal(gnttab_pin(&granter, 12, 2, GNTPIN_hstr_inc, true, &pg),
                     GNTST_okay);
    assert_int_equal(e->flags, GTF_permit_access | GTF_reading);
    assert_int_equal(gnttab_pin(&granter, 12, 2, GNTPIN_devw_inc, true, &pg),
                     GNTST_okay);
    assert_int_equal(e->flags, GTF_permit_access | GTF_reading |
                               GTF_writing);
    gnttab_unpin(&granter, 12, GNTPIN_devw_inc);
    assert_int_equal(e->flags, GTF_permit_access | GTF_reading);
    gnttab_unpin(&granter, 12, GNTPIN_hstr_inc);
    assert_int_equal(e->flags, GTF_permit_access);
    put_page(pg);
    put_page(pg);
}

static void pin_counters_do_not_overflow(void **state)
{
    struct page_info *pg;
    unsigned int i;

    grant(13, 2, GTF_permit_access);
    for ( i = 0; i < 128; i++ )
        assert_int_equal(gnttab_pin(&granter, 13, 2, GNTPIN_hstr_inc, true,
                                    &pg), GNTST_okay);
    assert_int_equal(gnttab_pin(&granter, 13, 2, GNTPIN_hstr_inc, true, &pg),
                     GNTST_general_error);
    while ( i-- )
    {
        gnttab_unpin(&granter, 13, GNTPIN_hstr_inc);
        put_page(pg);
    }
}

/* XSA-224: host and device mappings each hold their own references. */
static void host_and_device_mappings_hold_their_own(void **state)
{
    unsigned long mfn = grant(14, 2, GTF_permit_access);
    struct gnttab_map_grant_ref m =
        map_op(14, GNTMAP_host_map | GNTMAP_device_map);

    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(m.dev_bus_addr, (uint64_t)mfn << 12);
    assert_int_equal(table[mfn].count, 3);
    assert_int_equal(table[mfn].type_count, 2);
    assert_int_equal(active_entry(&granter, 14)->pin,
                     GNTPIN_hstw_inc | GNTPIN_devw_inc);
    assert_int_equal(unmap_op(m.handle, 0x1000, 0), GNTST_okay);
    assert_int_equal(table[mfn].count, 2);
    assert_int_equal(table[mfn].type_count, 1);
    /* The same host unmap again undoes nothing more. */
    assert_int_equal(unmap_op(m.handle, 0x1000, 0), GNTST_okay);
    assert_int_equal(table[mfn].count, 2);
    assert_int_equal(unmap_op(m.handle, 0, 0x5000), GNTST_bad_dev_addr);
    assert_int_equal(unmap_op(m.handle, 0, (uint64_t)mfn << 12),
                     GNTST_okay);
    assert_int_equal(unmap_op(m.handle, 0, (uint64_t)mfn << 12),
                     GNTST_bad_handle);
}

/* XSA-234: what goes is what the handle recorded, read-only stays so. */
static void read_only_unmap_never_drops_a_writable_count(void **state)
{
    unsigned long mfn = grant(15, 2, GTF_permit_access);
    struct gnttab_map_grant_ref rw = map_op(15, GNTMAP_host_map);
    struct gnttab_map_grant_ref ro = map_op(15, GNTMAP_host_map |
                                                GNTMAP_readonly);

    assert_int_equal(rw.status, GNTST_okay);
    assert_int_equal(ro.status, GNTST_okay);
    assert_int_not_equal(rw.handle, ro.handle);
    assert_int_equal(table[mfn].type_count, 1);
    assert_int_equal(unmap_op(ro.handle, 0x1000, 0), GNTST_okay);
    assert_int_equal(table[mfn].type_count, 1);
    assert_int_equal(shared_entry(&granter, 15)->flags,
                     GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(unmap_op(rw.handle, 0x1000, 0), GNTST_okay);
}

static void failed_maps_leave_nothing_behind(void **state)
{
    unsigned long mfn = grant(16, 2, GTF_permit_access);
    struct gnttab_map_grant_ref m;

    m = map_op(16, 0);
    assert_int_equal(m.status, GNTST_bad_gntref);
    m = (struct gnttab_map_grant_ref){ .host_addr = 0x1000, .ref = 16,
                                       .flags = GNTMAP_host_map, .dom = 9 };
    gnttab_map(&m);
    assert_int_equal(m.status, GNTST_bad_domain);
    m = (struct gnttab_map_grant_ref){ .host_addr = 0xbad, .ref = 16,
                                       .flags = GNTMAP_host_map,
                                       .dom = granter.domid };
    gnttab_map(&m);
    assert_int_equal(m.status, GNTST_general_error);
    assert_int_equal(table[mfn].count, 1);
    /* A page table cannot be mapped writable through a grant either. */
    table[mfn].type = PGT_l2_page_table;
    table[mfn].type_count = 1;
    m = map_op(16, GNTMAP_host_map);
    assert_int_equal(m.status, GNTST_general_error);
    table[mfn].type_count = 0;
    table[mfn].type = PGT_none;
    assert_int_equal(unmap_op(0, 0x1000, 0), GNTST_bad_handle);
    assert_int_equal(unmap_op(0xffffffffU, 0x1000, 0), GNTST_bad_handle);
}

static void mapper_death_releases_pins(void **state)
{
    unsigned long mfn = grant(17, 2, GTF_permit_access);
    struct gnttab_map_grant_ref h = map_op(17, GNTMAP_host_map);
    struct gnttab_map_grant_ref d = map_op(17, GNTMAP_device_map |
                                               GNTMAP_readonly);

    assert_int_equal(h.status, GNTST_okay);
    assert_int_equal(d.status, GNTST_okay);
    gnttab_release_mappings(&mapper);
    assert_int_equal(active_entry(&granter, 17)->pin, 0);
    assert_int_equal(shared_entry(&granter, 17)->flags, GTF_permit_access);
    /* The host mapping's references are its PTE's: they go with the
     * mapper's page tables, as in Xen for PV. */
    assert_int_equal(table[mfn].count, 2);
    assert_int_equal(table[mfn].type_count, 1);
    put_page_and_type(&table[mfn]);
    ptes_live--;
    assert_int_equal(unmap_op(h.handle, 0x1000, 0), GNTST_bad_handle);
}

/* The granter dies first: its shared frame goes, its active entries stay. */
static void granter_death_keeps_mappings_safe(void **state)
{
    unsigned long mfn = grant(19, 2, GTF_permit_access);
    unsigned long shared = granter.grant_table.shared_mfn[0];
    struct gnttab_map_grant_ref m = map_op(19, GNTMAP_host_map);
    struct page_info *pg;

    assert_int_equal(m.status, GNTST_okay);
    put_page(&table[shared]);           /* relinquish: the frame is freed */
    assert_null(shared_entry(&granter, 19));
    assert_true(frame_is_free(shared));
    assert_int_equal(gnttab_pin(&granter, 19, 2, GNTPIN_hstr_inc, true, &pg),
                     GNTST_general_error);
    /* Someone else gets the frame: nothing may write into it. */
    memset(mem[shared], 0xff, 4096);
    assert_int_equal(unmap_op(m.handle, 0x1000, 0), GNTST_okay);
    assert_int_equal(((uint16_t *)mem[shared])[19 * 4], 0xffff);
    assert_int_equal(table[mfn].count, 1);
    assert_int_equal(active_entry(&granter, 19)->pin, 0);
    /* The teardown audit reads the shared entries: give them back. */
    assert_int_equal(frame_alloc(), shared);
    memset(mem[shared], 0, 4096);
    assign_page(&granter, shared, true);
}

static int16_t copy(unsigned int flags, unsigned long src, uint16_t soff,
                    unsigned long dst, uint16_t doff, uint16_t len)
{
    struct gnttab_copy c = { .flags = flags, .len = len };

    c.source.domid = flags & GNTCOPY_source_gref ? granter.domid
                                                 : DOMID_SELF;
    c.dest.domid = flags & GNTCOPY_dest_gref ? granter.domid : DOMID_SELF;
    c.source.offset = soff;
    c.dest.offset = doff;
    if ( flags & GNTCOPY_source_gref )
        c.source.u.ref = (grant_ref_t)src;
    else
        c.source.u.gmfn = src;
    if ( flags & GNTCOPY_dest_gref )
        c.dest.u.ref = (grant_ref_t)dst;
    else
        c.dest.u.gmfn = dst;
    return gnttab_copy_one(&c);
}

static void copy_checks_bounds_and_rights(void **state)
{
    unsigned long src = grant(18, 2, GTF_permit_access | GTF_readonly);
    unsigned long own = new_frame(&mapper);
    unsigned long theirs = new_frame(&granter);

    memset(mem[src], 0x5a, 4096);
    assert_int_equal(copy(GNTCOPY_source_gref, 18, 4000, own, 10, 96),
                     GNTST_okay);
    assert_int_equal(((uint8_t *)mem[own])[10 + 95], 0x5a);
    assert_int_equal(((uint8_t *)mem[own])[10 + 96], 0);
    assert_int_equal(copy(GNTCOPY_source_gref, 18, 4000, own, 0, 97),
                     GNTST_bad_copy_arg);
    assert_int_equal(copy(GNTCOPY_source_gref, 18, 0, own, 4095, 2),
                     GNTST_bad_copy_arg);
    assert_int_equal(copy(GNTCOPY_dest_gref, own, 0, 18, 0, 1),
                     GNTST_general_error);  /* read-only grant */
    assert_int_equal(copy(0, theirs, 0, own, 0, 1), GNTST_bad_page);
    assert_int_equal(copy(0, own, 0, 0x100000000UL + own, 0, 1),
                     GNTST_bad_page);
    table[own].type = PGT_l1_page_table;    /* a page table: no writes */
    table[own].type_count = 1;
    assert_int_equal(copy(GNTCOPY_source_gref, 18, 0, own, 0, 1),
                     GNTST_general_error);
    table[own].type_count = 0;
    table[own].type = PGT_none;
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(table_frames_are_shared_with_the_domain),
        T(pin_needs_permit_access_for_this_domain),
        T(read_only_grants_refuse_write_pins),
        T(bad_refs_and_frames),
        T(write_pins_upgrade_and_flags_follow),
        T(pin_counters_do_not_overflow),
        T(host_and_device_mappings_hold_their_own),
        T(read_only_unmap_never_drops_a_writable_count),
        T(failed_maps_leave_nothing_behind),
        T(mapper_death_releases_pins),
        T(copy_checks_bounds_and_rights),
        T(granter_death_keeps_mappings_safe),
    };

    return cmocka_run_group_tests_name("grant_table", tests, NULL, NULL);
}
