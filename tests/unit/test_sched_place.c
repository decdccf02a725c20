/*
 * Unit tests of CPU masks (hypervisor/include/cpumask.h) and vCPU
 * placement (hypervisor/common/sched_place.c): a waking vCPU keeps an
 * idle CPU, else takes the next idle one round the ring, else stays; new
 * vCPUs spread one per online CPU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "cpumask.h"
#include "sched_place.h"

static cpumask_t mask_of(uint64_t bits)
{
    return (cpumask_t){ bits };
}

static void cpumask_ops(void **state)
{
    cpumask_t m = mask_of(0);
    unsigned int cpu, n = 0, seen[NR_CPUS];

    (void)state;
    assert_true(cpumask_empty(&m));
    cpumask_set(1, &m);
    cpumask_set(3, &m);
    cpumask_set(NR_CPUS, &m);           /* out of range: ignored */
    assert_int_equal(m.bits, 0xa);
    assert_true(cpumask_test(3, &m));
    assert_false(cpumask_test(2, &m));
    assert_false(cpumask_test(NR_CPUS + 5, &m));
    assert_int_equal(cpumask_weight(&m), 2);
    assert_int_equal(cpumask_next(0, &m), 1);
    assert_int_equal(cpumask_next(2, &m), 3);
    assert_int_equal(cpumask_next(4, &m), NR_CPUS);
    assert_int_equal(cpumask_next(64, &m), NR_CPUS);
    for_each_cpu ( cpu, &m )
        seen[n++] = cpu;
    assert_int_equal(n, 2);
    assert_int_equal(seen[0], 1);
    assert_int_equal(seen[1], 3);
    cpumask_unset(1, &m);
    assert_int_equal(m.bits, 0x8);
    assert_int_equal(cpumask_and(mask_of(0xc), mask_of(0x6)).bits, 0x4);
    assert_int_equal(cpumask_andnot(mask_of(0xc), mask_of(0x6)).bits, 0x8);
}

/* Allowed everywhere it may run, with no preference among them. */
static unsigned int pick(unsigned int prev, uint64_t allowed, uint64_t idle)
{
    return sched_pick_cpu(prev, mask_of(allowed), mask_of(allowed),
                          mask_of(idle));
}

static void pick_keeps_an_idle_cpu(void **state)
{
    (void)state;
    assert_int_equal(pick(1, 0x3, 0x3), 1);
    assert_int_equal(pick(0, 0x1, 0x1), 0);
}

static void pick_moves_to_the_next_idle_cpu(void **state)
{
    (void)state;
    /* CPU 0 busy, 1 idle: move. */
    assert_int_equal(pick(0, 0x3, 0x2), 1);
    /* From 2, the next idle CPU round the ring of 4 is 0 (3 is busy). */
    assert_int_equal(pick(2, 0xf, 0x3), 0);
    /* From 1, 3 comes before 0. */
    assert_int_equal(pick(1, 0xf, 0x9), 3);
    /* An idle CPU that is not online does not count. */
    assert_int_equal(pick(0, 0x3, 0x4), 0);
}

static void pick_stays_when_all_busy(void **state)
{
    (void)state;
    assert_int_equal(pick(1, 0x3, 0), 1);
    /* Its CPU is not online (never started): the first that is. */
    assert_int_equal(pick(5, 0x6, 0), 1);
}

/* Hard affinity bounds the choice; soft affinity orders it. */
static void pick_keeps_to_affinity(void **state)
{
    (void)state;
    /* Pinned to CPU 1: idle CPU 0 and its own CPU 0 do not count. */
    assert_int_equal(sched_pick_cpu(0, mask_of(0x2), mask_of(0x2),
                                    mask_of(0x3)), 1);
    assert_int_equal(sched_pick_cpu(0, mask_of(0x2), mask_of(0x2),
                                    mask_of(0x1)), 1);
    /* Prefers 2 or 3: idle 3 before idle 1, idle 1 before busy 2. */
    assert_int_equal(sched_pick_cpu(0, mask_of(0xf), mask_of(0xc),
                                    mask_of(0xa)), 3);
    assert_int_equal(sched_pick_cpu(0, mask_of(0xf), mask_of(0xc),
                                    mask_of(0x2)), 1);
    /* All busy: to the first preferred CPU, unless prev is one. */
    assert_int_equal(sched_pick_cpu(0, mask_of(0xf), mask_of(0xc),
                                    mask_of(0)), 2);
    assert_int_equal(sched_pick_cpu(3, mask_of(0xf), mask_of(0xc),
                                    mask_of(0)), 3);
    /* A soft affinity outside the hard one is ignored. */
    assert_int_equal(sched_pick_cpu(0, mask_of(0x6), mask_of(0x1),
                                    mask_of(0)), 1);
    assert_int_equal(sched_pick_cpu(2, mask_of(0x6), mask_of(0x1),
                                    mask_of(0)), 2);
}

static void initial_spreads_vcpus(void **state)
{
    (void)state;
    assert_int_equal(sched_initial_cpu(0, mask_of(0x3)), 0);
    assert_int_equal(sched_initial_cpu(1, mask_of(0x3)), 1);
    assert_int_equal(sched_initial_cpu(2, mask_of(0x3)), 0);
    /* Online CPUs 1, 4, 6: vCPU i on the (i mod 3)-th of them. */
    assert_int_equal(sched_initial_cpu(0, mask_of(0x52)), 1);
    assert_int_equal(sched_initial_cpu(1, mask_of(0x52)), 4);
    assert_int_equal(sched_initial_cpu(5, mask_of(0x52)), 6);
    assert_int_equal(sched_initial_cpu(3, mask_of(0)), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cpumask_ops),
        cmocka_unit_test(pick_keeps_an_idle_cpu),
        cmocka_unit_test(pick_moves_to_the_next_idle_cpu),
        cmocka_unit_test(pick_stays_when_all_busy),
        cmocka_unit_test(pick_keeps_to_affinity),
        cmocka_unit_test(initial_spreads_vcpus),
    };

    return cmocka_run_group_tests_name("sched_place", tests, NULL, NULL);
}
