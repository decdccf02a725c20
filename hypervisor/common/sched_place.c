/*
 * Where a waking vCPU goes (Xen's csched_cpu_pick, without topology):
 * pure, over CPU masks the caller reads under the hypervisor lock, so the
 * host unit test can run it.
 */
#include "sched_place.h"

/* prev if free, else the next free CPU after it, round the ring. */
static unsigned int next_free(unsigned int prev, cpumask_t free)
{
    unsigned int cpu;

    if ( cpumask_test(prev, &free) )
        return prev;                    /* its cache and timers are there */
    cpu = cpumask_next(prev + 1, &free);
    return cpu < NR_CPUS ? cpu : cpumask_next(0, &free);
}

/* Xen's balance steps: the soft-affinity set first, then the hard one. */
unsigned int sched_pick_cpu(unsigned int prev, cpumask_t allowed,
                            cpumask_t prefers, cpumask_t idle)
{
    cpumask_t soft = cpumask_and(prefers, allowed);
    unsigned int cpu = next_free(prev, cpumask_and(idle, soft));

    if ( cpu < NR_CPUS )
        return cpu;
    if ( (cpu = next_free(prev, cpumask_and(idle, allowed))) < NR_CPUS )
        return cpu;
    /* Nothing idle: stay, if it may. */
    if ( cpumask_test(prev, &soft) ||
         (cpumask_empty(&soft) && cpumask_test(prev, &allowed)) )
        return prev;
    return cpumask_next(0, cpumask_empty(&soft) ? &allowed : &soft);
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
