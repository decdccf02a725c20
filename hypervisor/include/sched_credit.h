/*
 * The credit scheduler's accounting (common/sched_credit.c), after Xen's
 * common/sched/credit.c: per-vCPU credit, priorities, run queues and the
 * periodic sharing of credit by weight and cap.  Pure logic over these
 * structures and a time the caller passes in, so the host unit test can
 * run it on a simulated clock; common/schedule.c supplies timers and
 * vCPUs.  No locks inside: the caller holds the scheduler lock.
 */
#ifndef PVX_SCHED_CREDIT_H
#define PVX_SCHED_CREDIT_H

#include <stdbool.h>
#include <stdint.h>

#define CSCHED_DEFAULT_WEIGHT    256    /* Xen's */
#define CSCHED_DEFAULT_TSLICE_MS 30     /* a time slice = an accounting */
#define CSCHED_TICKS_PER_TSLICE  3      /* period; ticks charge credit */
#define CSCHED_CREDITS_PER_MSEC  10

/* Priorities, highest first (Xen's CSCHED_PRI_*). */
#define CSCHED_PRI_TS_BOOST      0      /* woken, not yet charged */
#define CSCHED_PRI_TS_UNDER      (-1)   /* has credit */
#define CSCHED_PRI_TS_OVER       (-2)   /* spent its credit */
#define CSCHED_PRI_IDLE          (-64)  /* the idle vCPU */

struct csched_dom;
struct csched_pcpu;

/* Per vCPU (Xen's csched_unit). */
struct csched_unit
{
    struct csched_unit *runq_next;      /* on its CPU's run queue */
    struct csched_unit *active_next;    /* on its domain's active list */
    struct csched_dom *sdom;            /* NULL for an idle vCPU */
    struct csched_pcpu *pcpu;           /* the CPU it last queued on */
    void *owner;                        /* the struct vcpu */
    uint64_t cpus;                      /* bit n: may run on CPU n (hard
                                           affinity; all by default) */
    int64_t start_time;                 /* ns: credit charged up to here */
    int credit;
    int pri;
    bool on_runq, active;
    bool awake;                         /* runnable but for a cap */
    bool parked;                        /* over its domain's cap */
    bool yielding;                      /* SCHEDOP_yield until next pick */
    bool migrating;                     /* descheduled from a CPU its
                                           affinity no longer allows */
};

/* Per domain (Xen's csched_dom). */
struct csched_dom
{
    struct csched_unit *active_units;   /* units earning credit */
    struct csched_dom *active_next;     /* on the scheduler's active list */
    unsigned int active_unit_count;
    uint16_t weight;                    /* relative share, 1..65535 */
    uint16_t cap;                       /* % of one CPU, 0: none */
    bool active;
};

/* Per physical CPU (Xen's csched_pcpu). */
struct csched_pcpu
{
    struct csched_unit *runq;           /* by priority, FIFO within one */
    struct csched_unit *curr;           /* running, possibly the idle unit */
    struct csched_unit *idle;
    struct csched_pcpu *next;           /* on csched_private's list */
    unsigned int cpu;                   /* its number, for affinity */
    uint32_t runq_sort_last;            /* the accounting epoch sorted for */
    bool resched;                       /* curr should be reconsidered */
};

/* The scheduler as a whole (Xen's csched_private). */
struct csched_private
{
    struct csched_pcpu *pcpus;          /* every CPU, for load balancing */
    struct csched_dom *active_doms;
    uint32_t weight;                    /* sum over active units */
    uint32_t credit;                    /* credit per period, all CPUs */
    int credit_balance;
    unsigned int credits_per_tslice;
    unsigned int ncpus;
    uint32_t runq_sort;                 /* accounting epoch */
    uint64_t tslice_ns, tick_ns;
};

void csched_init(struct csched_private *prv, unsigned int tslice_ms);
void csched_pcpu_init(struct csched_private *prv, struct csched_pcpu *pc,
                      struct csched_unit *idle, unsigned int cpu);
void csched_dom_init(struct csched_dom *sdom);
/* sdom NULL: the unit is a CPU's idle unit. */
void csched_unit_init(struct csched_unit *svc, struct csched_dom *sdom,
                      void *owner);

/* The unit may run (Xen's wake: boosted unless parked) / may not. */
void csched_wake(struct csched_pcpu *pc, struct csched_unit *svc);
void csched_sleep(struct csched_pcpu *pc, struct csched_unit *svc);
void csched_remove(struct csched_private *prv, struct csched_pcpu *pc,
                   struct csched_unit *svc);
void csched_yield(struct csched_unit *svc);
/* Every tick_ns on a CPU running a guest: charge and (re)activate it. */
void csched_tick(struct csched_private *prv, struct csched_pcpu *pc,
                 uint64_t now);
/* Every tslice_ns: share the period's credit out by weight and cap. */
void csched_acct(struct csched_private *prv);
/*
 * Pick the next unit; *slice is its time slice, 0 for the idle unit.  A
 * CPU left with nothing better than an OVER unit takes a higher-priority
 * unit queued on a busy CPU whose cpus allow pc (load balancing): the
 * result's pcpu is then pc, and the caller moves its vCPU here.  A
 * running unit that may still run but not on pc (its cpus changed) is
 * not requeued: it comes out `migrating', for the caller to place.
 */
struct csched_unit *csched_schedule(struct csched_private *prv,
                                    struct csched_pcpu *pc, uint64_t now,
                                    uint64_t *slice);
/* The CPUs some unit queued on pc may run on (bit n: CPU n). */
uint64_t csched_runq_cpus(const struct csched_pcpu *pc);
/* XEN_DOMCTL_SCHEDOP_putinfo: weight 0 and cap 0xffff leave a value. */
int csched_set_params(struct csched_private *prv, struct csched_dom *sdom,
                      uint16_t weight, uint16_t cap);

#endif /* PVX_SCHED_CREDIT_H */
