/*
 * Unit tests of the credit scheduler's accounting (hypervisor/common/
 * sched_credit.c) on a simulated clock: one CPU, a tick every tick_ns,
 * accounting every tslice_ns and a reschedule at the end of each slice
 * or when the scheduler asks, as common/schedule.c drives it.  Checks
 * weights (256:512 gives 1:2 of the CPU within 5 percent), caps, boost
 * on wake-up, yield, that blocked units never run, and (a second CPU)
 * load balancing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "sched_credit.h"

#define MS       1000000ULL
#define NR_UNITS 3

static struct csched_private prv;
static struct csched_pcpu pc;
static struct csched_unit idle, unit[NR_UNITS];
static struct csched_dom dom[NR_UNITS];
static uint64_t ran[NR_UNITS + 1];      /* ns run; [NR_UNITS]: idle */
static uint64_t now, slice_end, next_tick, next_acct;

static unsigned int index_of(const struct csched_unit *svc)
{
    return svc == &idle ? NR_UNITS : (unsigned int)(svc - unit);
}

static void pick(void)
{
    uint64_t slice;
    struct csched_unit *next = csched_schedule(&prv, &pc, now, &slice);

    slice_end = slice ? now + slice : UINT64_MAX;
    (void)next;
}

static int setup(void **state)
{
    (void)state;
    csched_init(&prv, CSCHED_DEFAULT_TSLICE_MS);
    csched_unit_init(&idle, NULL, NULL);
    csched_pcpu_init(&prv, &pc, &idle, 0);
    for ( unsigned int i = 0; i < NR_UNITS; i++ )
    {
        csched_dom_init(&dom[i]);
        csched_unit_init(&unit[i], &dom[i], NULL);
    }
    memset(ran, 0, sizeof(ran));
    now = 0;
    next_tick = prv.tick_ns;
    next_acct = prv.tslice_ns;
    slice_end = UINT64_MAX;
    return 0;
}

/* Advance the clock to `until', serving the earliest event each time. */
static void run_until(uint64_t until)
{
    while ( now < until )
    {
        uint64_t t = until;

        t = next_tick < t ? next_tick : t;
        t = next_acct < t ? next_acct : t;
        t = slice_end < t ? slice_end : t;
        ran[index_of(pc.curr)] += t - now;
        now = t;
        if ( now == next_tick )
        {
            csched_tick(&prv, &pc, now);
            next_tick += prv.tick_ns;
        }
        if ( now == next_acct )
        {
            csched_acct(&prv);
            next_acct += prv.tslice_ns;
        }
        if ( now == slice_end || pc.resched )
            pick();
    }
}

static double share(unsigned int i, uint64_t total)
{
    return (double)ran[i] / (double)total;
}

static void test_weights_1_to_2(void **state)
{
    (void)state;
    assert_int_equal(csched_set_params(&prv, &dom[1], 512, 0xffff), 0);
    csched_wake(&pc, &unit[0]);
    csched_wake(&pc, &unit[1]);
    pick();
    run_until(30000 * MS);
    assert_int_equal(ran[NR_UNITS], 0);         /* never idle */
    /* 1:2 within 5 percent: unit 0 gets 1/3 of the CPU +- 5 % of it. */
    assert_in_range(ran[0] * 1000 / (30000 * MS), 317, 350);
    assert_in_range(ran[1] * 1000 / (30000 * MS), 650, 683);
    print_message("weights 256:512 -> %.3f : %.3f of the CPU\n",
                  share(0, 30000 * MS), share(1, 30000 * MS));
}

static void test_equal_weights(void **state)
{
    (void)state;
    for ( unsigned int i = 0; i < NR_UNITS; i++ )
        csched_wake(&pc, &unit[i]);
    pick();
    run_until(9000 * MS);
    for ( unsigned int i = 0; i < NR_UNITS; i++ )
        assert_in_range(ran[i] * 1000 / (9000 * MS), 317, 350);
}

static void test_cap(void **state)
{
    (void)state;
    /* Capped at 25 % of a CPU against an uncapped hog. */
    csched_set_params(&prv, &dom[0], 0, 25);
    csched_wake(&pc, &unit[0]);
    csched_wake(&pc, &unit[1]);
    pick();
    run_until(30000 * MS);
    print_message("cap 25 -> %.3f of the CPU\n", share(0, 30000 * MS));
    assert_in_range(ran[0] * 1000 / (30000 * MS), 200, 275);
    /* Alone and capped, the CPU idles rather than exceed the cap. */
    csched_sleep(&pc, &unit[1]);
    memset(ran, 0, sizeof(ran));
    run_until(now + 30000 * MS);
    assert_in_range(ran[0] * 1000 / (30000 * MS), 200, 275);
    assert_true(ran[NR_UNITS] > 0);
}

static void test_block_and_wake(void **state)
{
    (void)state;
    csched_wake(&pc, &unit[0]);
    csched_wake(&pc, &unit[1]);
    pick();
    run_until(300 * MS);
    /* Unit 1 blocks; unit 0 then has the CPU to itself. */
    csched_sleep(&pc, &unit[1]);
    if ( pc.resched )
        pick();
    memset(ran, 0, sizeof(ran));
    run_until(now + 300 * MS);
    assert_int_equal(ran[1], 0);
    assert_int_equal(ran[0], 300 * MS);
    /* A woken unit with credit is boosted and preempts at once. */
    csched_wake(&pc, &unit[1]);
    assert_true(pc.resched);
    assert_int_equal(unit[1].pri, CSCHED_PRI_TS_BOOST);
    pick();
    assert_ptr_equal(pc.curr, &unit[1]);
    /* Everything asleep: the idle unit runs. */
    csched_sleep(&pc, &unit[0]);
    csched_sleep(&pc, &unit[1]);
    pick();
    assert_ptr_equal(pc.curr, &idle);
    memset(ran, 0, sizeof(ran));
    run_until(now + 100 * MS);
    assert_int_equal(ran[NR_UNITS], 100 * MS);
}

static void test_yield(void **state)
{
    (void)state;
    csched_wake(&pc, &unit[0]);
    csched_wake(&pc, &unit[1]);
    pick();
    assert_ptr_equal(pc.curr, &unit[0]);
    /* Yielding puts it behind the other runnable unit... */
    csched_yield(&unit[0]);
    pick();
    assert_ptr_equal(pc.curr, &unit[1]);
    /* ...and alone, a yield keeps the CPU. */
    csched_sleep(&pc, &unit[0]);
    csched_yield(&unit[1]);
    pick();
    assert_ptr_equal(pc.curr, &unit[1]);
}

static void test_remove_and_params(void **state)
{
    struct csched_unit *other;

    (void)state;
    csched_wake(&pc, &unit[0]);
    csched_wake(&pc, &unit[1]);
    pick();
    run_until(200 * MS);
    /* Remove the unit that is not running; the other keeps going. */
    other = pc.curr == &unit[0] ? &unit[1] : &unit[0];
    csched_remove(&prv, &pc, other);
    assert_false(other->on_runq);
    assert_false(other->active);
    memset(ran, 0, sizeof(ran));
    run_until(now + 300 * MS);
    assert_int_equal(ran[index_of(other)], 0);
    /* putinfo: weight 0 and cap 0xffff keep the old values. */
    csched_set_params(&prv, &dom[2], 0, 0xffff);
    assert_int_equal(dom[2].weight, CSCHED_DEFAULT_WEIGHT);
    assert_int_equal(dom[2].cap, 0);
}

/*
 * Load balancing with a second CPU: an idle CPU takes a unit queued on a
 * busy one, never one queued on a CPU that is idle itself (that one runs
 * it), and a CPU with only an OVER unit takes an UNDER one from a peer.
 */
static void test_steal(void **state)
{
    static struct csched_pcpu pc2;
    static struct csched_unit idle2;
    uint64_t slice;

    (void)state;
    csched_unit_init(&idle2, NULL, NULL);
    csched_pcpu_init(&prv, &pc2, &idle2, 1);
    csched_wake(&pc, &unit[0]);
    csched_wake(&pc, &unit[1]);
    /* pc has not run its queue yet: pc2 leaves it alone. */
    assert_ptr_equal(csched_schedule(&prv, &pc2, now, &slice), &idle2);
    assert_int_equal(slice, 0);
    pick();                                     /* pc runs one, queues one */
    assert_ptr_equal(csched_schedule(&prv, &pc2, now, &slice),
                     pc.curr == &unit[0] ? &unit[1] : &unit[0]);
    assert_ptr_equal(pc2.curr->pcpu, &pc2);
    assert_false(pc2.curr->on_runq);
    assert_null(pc.runq);
    assert_int_equal(slice, prv.tslice_ns);

    /* pc2's own unit is OVER; an UNDER one waits on busy pc: take it. */
    pc2.curr->pri = CSCHED_PRI_TS_OVER;
    csched_wake(&pc, &unit[2]);
    unit[2].pri = CSCHED_PRI_TS_UNDER;
    assert_ptr_equal(csched_schedule(&prv, &pc2, now, &slice), &unit[2]);
    assert_true(pc2.runq && pc2.runq->pri == CSCHED_PRI_TS_OVER);
    assert_null(pc.runq);
    /* Nothing better anywhere: pc keeps what it runs. */
    assert_ptr_equal(csched_schedule(&prv, &pc, now, &slice), pc.curr);
}

/*
 * Hard affinity: an idle CPU leaves alone a unit pinned elsewhere, and a
 * running unit whose CPUs no longer include its own is not requeued there
 * but comes out migrating, for the caller to wake on a CPU it may use.
 */
static void test_affinity(void **state)
{
    static struct csched_pcpu pc2;
    static struct csched_unit idle2;
    uint64_t slice;

    (void)state;
    csched_unit_init(&idle2, NULL, NULL);
    csched_pcpu_init(&prv, &pc2, &idle2, 1);
    unit[1].cpus = 1ULL << 0;                   /* pinned to CPU 0 */
    csched_wake(&pc, &unit[0]);
    csched_wake(&pc, &unit[1]);
    pick();
    assert_ptr_equal(pc.curr, &unit[0]);
    assert_int_equal(csched_runq_cpus(&pc), 1ULL << 0);
    assert_ptr_equal(csched_schedule(&prv, &pc2, now, &slice), &idle2);
    assert_true(unit[1].on_runq);
    /* A unit allowed everywhere behind it is still taken. */
    csched_wake(&pc, &unit[2]);
    assert_int_equal(csched_runq_cpus(&pc), ~0ULL);
    assert_ptr_equal(csched_schedule(&prv, &pc2, now, &slice), &unit[2]);
    assert_ptr_equal(pc.runq, &unit[1]);
    assert_null(unit[1].runq_next);

    /* unit[0], running on CPU 0, is re-pinned to CPU 1. */
    unit[0].cpus = 1ULL << 1;
    assert_ptr_equal(csched_schedule(&prv, &pc, now, &slice), &unit[1]);
    assert_true(unit[0].migrating);
    assert_false(unit[0].on_runq);
    assert_null(pc.runq);
    unit[0].migrating = false;
    csched_wake(&pc2, &unit[0]);
    assert_ptr_equal(pc2.runq, &unit[0]);
    assert_ptr_equal(csched_schedule(&prv, &pc2, now, &slice), &unit[0]);
    /* CPU 0 with only an OVER unit takes nothing pinned to CPU 1. */
    unit[1].pri = CSCHED_PRI_TS_OVER;
    unit[2].cpus = 1ULL << 1;
    assert_ptr_equal(pc2.runq, &unit[2]);
    assert_ptr_equal(csched_schedule(&prv, &pc, now, &slice), &unit[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_weights_1_to_2, setup),
        cmocka_unit_test_setup(test_equal_weights, setup),
        cmocka_unit_test_setup(test_cap, setup),
        cmocka_unit_test_setup(test_block_and_wake, setup),
        cmocka_unit_test_setup(test_yield, setup),
        cmocka_unit_test_setup(test_remove_and_params, setup),
        cmocka_unit_test_setup(test_steal, setup),
        cmocka_unit_test_setup(test_affinity, setup),
    };

    return cmocka_run_group_tests_name("sched_credit", tests, NULL, NULL);
}
