/*
 * Where a waking vCPU goes (Xen's csched_cpu_pick, without topology):
 * pure, over CPU masks the caller reads under the hypervisor lock, so the
 * host unit test can run it.
 */
#include "sched_place.h"

unsigned int sched_pick_cpu(unsigned int prev, cpumask_t online,
                            cpumask_t idle)
{
    cpumask_t free = cpumask_and(idle, online);
    unsigned int cpu;

    /* Its last CPU, if idle: its cache and timers are there. */
    if ( cpumask_test(prev, &free) )
        return prev;
    /* Else the next idle CPU after it, round the ring. */
    cpu = cpumask_next(prev + 1, &free);
    if ( cpu >= NR_CPUS )
        cpu = cpumask_next(0, &free);
    if ( cpu < NR_CPUS )
        return cpu;
    /* Nothing idle: stay, unless its CPU is gone. */
    if ( cpumask_test(prev, &online) )
        return prev;
    return cpumask_next(0, &online);
}

unsigned int sched_initial_cpu(unsigned int vcpu_id, cpumask_t online)
{
    unsigned int n = cpumask_weight(&online), cpu, i;

    if ( !n )
        return 0;
    /* vCPU i on the (i mod n)-th online CPU: dom0's vCPU i on CPU i. */
    i = vcpu_id % n;
    for_each_cpu ( cpu, &online )
        if ( !i-- )
            break;
    return cpu;
}
