/*
 * Unit tests of the domid namespace (hypervisor/common/domlist.c): the
 * domain list kept in domid order, hash lookups, Xen's createdomain domid
 * rule (requested id, or the rover wrapping below DOMID_FIRST_RESERVED),
 * and the lifecycle moves domain_state_ok allows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "domain.h"
#include "errno.h"

#define NR_DOMS 6

static struct domain doms[NR_DOMS];

static struct domain *add(unsigned int slot, domid_t id)
{
    doms[slot].domid = id;
    domlist_insert(&doms[slot]);
    return &doms[slot];
}

static void empty_list(void)
{
    while ( domain_list )
        domlist_remove(domain_list);
}

static int setup(void **state)
{
    (void)state;
    empty_list();
    memset(doms, 0, sizeof(doms));
    return 0;
}

static void list_in_domid_order(void **state)
{
    static const domid_t ids[] = { 7, 0, 70, 3, 64 + 7 };   /* 7, 71 share */
    domid_t prev = 0;
    unsigned int n = 0;
    struct domain *d;

    (void)state;
    for ( unsigned int i = 0; i < ARRAY_SIZE(ids); i++ )
        add(i, ids[i]);
    for_each_domain ( d )
    {
        assert_true(n == 0 || d->domid > prev);
        prev = d->domid;
        n++;
    }
    assert_int_equal(n, ARRAY_SIZE(ids));
    for ( unsigned int i = 0; i < ARRAY_SIZE(ids); i++ )
        assert_ptr_equal(get_domain_by_id(ids[i]), &doms[i]);
    assert_null(get_domain_by_id(1));
    assert_null(get_domain_by_id(DOMID_SELF));
    assert_ptr_equal(domain_at_or_after(4), &doms[0]);      /* 7 */
    assert_ptr_equal(domain_at_or_after(8), &doms[2]);      /* 70 */
    assert_null(domain_at_or_after(72));
}

static void remove_keeps_the_rest(void **state)
{
    (void)state;
    add(0, 7);
    add(1, 71);                         /* same hash bucket as 7 */
    add(2, 2);
    domlist_remove(&doms[0]);
    assert_null(get_domain_by_id(7));
    assert_ptr_equal(get_domain_by_id(71), &doms[1]);
    assert_ptr_equal(domain_list, &doms[2]);
    assert_ptr_equal(domain_list->next_in_list, &doms[1]);
    assert_null(doms[1].next_in_list);
    domlist_remove(&doms[1]);
    assert_null(get_domain_by_id(71));
    assert_ptr_equal(domain_list, &doms[2]);
}

static void requested_domids(void **state)
{
    domid_t id = 0;

    (void)state;
    add(0, 0);
    add(1, 5);
    assert_int_equal(domid_alloc(9, &id), 0);
    assert_int_equal(id, 9);
    assert_int_equal(domid_alloc(5, &id), -EEXIST);
    assert_int_equal(domid_alloc(DOMID_FIRST_RESERVED - 1, &id), 0);
    assert_int_equal(id, DOMID_FIRST_RESERVED - 1);
}

/* 0 and reserved ids pick the next free id after the last one picked. */
static void rover_skips_used_and_wraps(void **state)
{
    domid_t id = 0, first;

    (void)state;
    add(0, 0);
    assert_int_equal(domid_alloc(0, &first), 0);
    add(1, first);
    assert_int_equal(domid_alloc(DOMID_SELF, &id), 0);
    assert_int_equal(id, first + 1);
    add(2, (domid_t)(first + 2));       /* taken: the rover steps over */
    assert_int_equal(domid_alloc(DOMID_INVALID, &id), 0);
    assert_int_equal(id, first + 3);
    /* Freed ids are not reused before the rover wraps. */
    domlist_remove(&doms[1]);
    assert_int_equal(domid_alloc(0, &id), 0);
    assert_int_equal(id, first + 4);
    /* Near the top the rover wraps to 1, never to 0 or a reserved id. */
    assert_int_equal(domid_alloc(DOMID_FIRST_RESERVED - 1, &id), 0);
    add(3, id);
    id = 0;
    while ( id < DOMID_FIRST_RESERVED - 2 )
        assert_int_equal(domid_alloc(0, &id), 0);
    assert_int_equal(domid_alloc(0, &id), 0);
    assert_int_equal(id, 1);
}

static void lifecycle_moves(void **state)
{
    (void)state;
    assert_true(domain_state_ok(DOMSTATE_created, DOMSTATE_running));
    assert_true(domain_state_ok(DOMSTATE_created, DOMSTATE_shutdown));
    assert_true(domain_state_ok(DOMSTATE_created, DOMSTATE_dying));
    assert_true(domain_state_ok(DOMSTATE_running, DOMSTATE_shutdown));
    assert_true(domain_state_ok(DOMSTATE_running, DOMSTATE_dying));
    assert_true(domain_state_ok(DOMSTATE_shutdown, DOMSTATE_dying));
    assert_true(domain_state_ok(DOMSTATE_dying, DOMSTATE_dead));
    /* No way back, no skipping the teardown, nothing after death. */
    assert_false(domain_state_ok(DOMSTATE_running, DOMSTATE_running));
    assert_false(domain_state_ok(DOMSTATE_shutdown, DOMSTATE_running));
    assert_false(domain_state_ok(DOMSTATE_dying, DOMSTATE_running));
    assert_false(domain_state_ok(DOMSTATE_dying, DOMSTATE_dying));
    assert_false(domain_state_ok(DOMSTATE_running, DOMSTATE_dead));
    assert_false(domain_state_ok(DOMSTATE_dead, DOMSTATE_created));
    assert_false(domain_state_ok(DOMSTATE_dead, DOMSTATE_dying));
    assert_false(domain_state_ok(DOMSTATE_running, DOMSTATE_created));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(list_in_domid_order, setup),
        cmocka_unit_test_setup(remove_keeps_the_rest, setup),
        cmocka_unit_test_setup(requested_domids, setup),
        cmocka_unit_test_setup(rover_skips_used_and_wraps, setup),
        cmocka_unit_test_setup(lifecycle_moves, setup),
    };

    return cmocka_run_group_tests_name("domlist", tests, NULL, NULL);
}
