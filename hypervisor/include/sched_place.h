/*
 * vCPU placement on physical CPUs (common/sched_place.c): pure functions
 * of CPU masks, tested on the host (unit:sched_place).
 */
#ifndef PVX_SCHED_PLACE_H
#define PVX_SCHED_PLACE_H

#include "cpumask.h"

/*
 * The CPU for a vCPU that wakes and runs nowhere, among `allowed' (its
 * hard affinity and the online CPUs, never empty), trying those it
 * `prefers' (soft affinity) first: prev if it is idle, else the next
 * idle CPU after prev (wrapping); with nothing idle, prev if it may stay,
 * else the first preferred CPU, else the first allowed.
 */
unsigned int sched_pick_cpu(unsigned int prev, cpumask_t allowed,
                            cpumask_t prefers, cpumask_t idle);
/* A new vCPU's first CPU: vCPU i on the (i mod n)-th of n online CPUs. */
unsigned int sched_initial_cpu(unsigned int vcpu_id, cpumask_t online);

#endif /* PVX_SCHED_PLACE_H */
