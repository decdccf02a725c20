/*
 * Credit scheduler accounting (Xen's common/sched/credit.c, re-derived):
 * a running vCPU pays 10 credits per ms; every time slice the credit one
 * slice is worth on every CPU is shared among the domains that ran, by
 * weight, capped by cap; vCPUs with credit (UNDER) run before those
 * without (OVER), a freshly woken one (BOOST) before both.  Pure: no
 * timers, no hardware, time passed in; the caller serialises all calls
 * with the scheduler lock (common/schedule.c).
 */
#include "lib.h"
#include "sched_credit.h"

#define NS_PER_CREDIT (1000000 / CSCHED_CREDITS_PER_MSEC)

/*
 * Invariants: a unit is on at most one run queue, never while it is its
 * CPU's curr, and only on a CPU its cpus allow; the idle unit is never
 * queued (an empty queue means idle);
 * only active units earn credit, and prv->weight is the sum of their
 * domains' weights.  Credits are ints: acct bounds them to +-one slice.
 */
static bool runnable(const struct csched_unit *svc)
{
    return svc->awake && !svc->parked;
}

static bool allowed_on(const struct csched_unit *svc,
                       const struct csched_pcpu *pc)
{
    return pc->cpu < 64 && ((svc->cpus >> pc->cpu) & 1);
}

/* After every unit of priority >= its own: FIFO within a priority. */
static void runq_insert(struct csched_pcpu *pc, struct csched_unit *svc)
{
    struct csched_unit **pp = &pc->runq;

    BUG_ON(svc->on_runq);
    while ( *pp && (*pp)->pri >= svc->pri )
        pp = &(*pp)->runq_next;
    /* A yielding unit goes behind one more, if there is one (Xen). */
    if ( svc->yielding && *pp )
        pp = &(*pp)->runq_next;
    svc->runq_next = *pp;
    *pp = svc;
    svc->on_runq = true;
}

static void runq_remove(struct csched_pcpu *pc, struct csched_unit *svc)
{
    struct csched_unit **pp = &pc->runq;

    while ( *pp != svc )
        pp = &(*pp)->runq_next;
    *pp = svc->runq_next;
    svc->runq_next = NULL;
    svc->on_runq = false;
}

/* Priorities changed in csched_acct: re-queue, stable by priority. */
static void runq_sort(struct csched_pcpu *pc)
{
    struct csched_unit *list = pc->runq, *svc;

    pc->runq = NULL;
    while ( (svc = list) != NULL )
    {
        list = svc->runq_next;
        svc->on_runq = false;
        svc->yielding = false;
        runq_insert(pc, svc);
    }
}

/* Charge the running unit for the time since start_time. */
static void burn_credits(struct csched_unit *svc, uint64_t now)
{
    int64_t delta = (int64_t)now - svc->start_time;
    int64_t credits;

    if ( delta <= 0 )
        return;
    credits = delta / NS_PER_CREDIT;
    svc->credit -= (int)credits;
    /* The remainder below one credit is charged next time. */
    svc->start_time += credits * NS_PER_CREDIT;
}

static void acct_start(struct csched_private *prv, struct csched_unit *svc)
{
    struct csched_dom *sdom = svc->sdom;

    svc->active = true;
    svc->active_next = sdom->active_units;
    sdom->active_units = svc;
    sdom->active_unit_count++;
    prv->weight += sdom->weight;
    if ( !sdom->active )
    {
        sdom->active = true;
        sdom->active_next = prv->active_doms;
        prv->active_doms = sdom;
    }
}

static void acct_stop(struct csched_private *prv, struct csched_unit *svc)
{
    struct csched_dom *sdom = svc->sdom;
    struct csched_unit **pp = &sdom->active_units;
    struct csched_dom **dp = &prv->active_doms;

    while ( *pp != svc )
        pp = &(*pp)->active_next;
    *pp = svc->active_next;
    svc->active = false;
    sdom->active_unit_count--;
    prv->weight -= sdom->weight;
    if ( sdom->active_unit_count )
        return;
    while ( *dp != sdom )
        dp = &(*dp)->active_next;
    *dp = sdom->active_next;
    sdom->active = false;
}

void csched_init(struct csched_private *prv, unsigned int tslice_ms)
{
    memset(prv, 0, sizeof(*prv));
    prv->tslice_ns = tslice_ms * 1000000UL;
    prv->tick_ns = prv->tslice_ns / CSCHED_TICKS_PER_TSLICE;
    prv->credits_per_tslice = CSCHED_CREDITS_PER_MSEC * tslice_ms;
}

void csched_pcpu_init(struct csched_private *prv, struct csched_pcpu *pc,
                      struct csched_unit *idle, unsigned int cpu)
{
    memset(pc, 0, sizeof(*pc));
    pc->cpu = cpu;
    pc->idle = pc->curr = idle;
    idle->pri = CSCHED_PRI_IDLE;
    idle->awake = true;
    pc->next = prv->pcpus;
    prv->pcpus = pc;
    prv->ncpus++;
    prv->credit = prv->credits_per_tslice * prv->ncpus;
}

void csched_dom_init(struct csched_dom *sdom)
{
    memset(sdom, 0, sizeof(*sdom));
    sdom->weight = CSCHED_DEFAULT_WEIGHT;
}

void csched_unit_init(struct csched_unit *svc, struct csched_dom *sdom,
                      void *owner)
{
    memset(svc, 0, sizeof(*svc));
    svc->sdom = sdom;
    svc->owner = owner;
    svc->cpus = ~0ULL;
    svc->pri = CSCHED_PRI_TS_UNDER;
}

void csched_wake(struct csched_pcpu *pc, struct csched_unit *svc)
{
    svc->awake = true;
    svc->pcpu = pc;
    if ( svc->parked || pc->curr == svc || svc->on_runq )
        return;
    /*
     * Boost a waker that still has credit, so I/O-bound vCPUs get the
     * CPU quickly; a parked (capped) one earns no boost (Xen).
     */
    if ( svc->pri == CSCHED_PRI_TS_UNDER )
        svc->pri = CSCHED_PRI_TS_BOOST;
    runq_insert(pc, svc);
    if ( svc->pri > pc->curr->pri )
        pc->resched = true;             /* Xen's tickle */
}

void csched_sleep(struct csched_pcpu *pc, struct csched_unit *svc)
{
    svc->awake = false;
    if ( pc->curr == svc )
        pc->resched = true;
    else if ( svc->on_runq )
        runq_remove(pc, svc);
}

void csched_remove(struct csched_private *prv, struct csched_pcpu *pc,
                   struct csched_unit *svc)
{
    BUG_ON(pc->curr == svc);            /* never the running unit */
    csched_sleep(pc, svc);
    if ( svc->active )
        acct_stop(prv, svc);
}

void csched_yield(struct csched_unit *svc)
{
    svc->yielding = true;
}

void csched_tick(struct csched_private *prv, struct csched_pcpu *pc,
                 uint64_t now)
{
    struct csched_unit *svc = pc->curr;

    if ( svc != pc->idle )
    {
        /* Found running at a tick: it uses the CPU, so no more boost. */
        if ( svc->pri == CSCHED_PRI_TS_BOOST )
            svc->pri = CSCHED_PRI_TS_UNDER;
        burn_credits(svc, now);
        if ( !svc->active )
            acct_start(prv, svc);
    }
    if ( pc->runq_sort_last != prv->runq_sort )
    {
        pc->runq_sort_last = prv->runq_sort;
        runq_sort(pc);
    }
}

/* A unit of a capped domain is over its cap, or back under it. */
static void park(struct csched_unit *svc)
{
    struct csched_pcpu *pc = svc->pcpu;

    svc->parked = true;
    if ( pc && pc->curr == svc )
        pc->resched = true;
    else if ( pc && svc->on_runq )
        runq_remove(pc, svc);
}

static void unpark(struct csched_unit *svc)
{
    struct csched_pcpu *pc = svc->pcpu;

    svc->parked = false;
    if ( pc && svc->awake && pc->curr != svc && !svc->on_runq )
    {
        runq_insert(pc, svc);
        if ( svc->pri > pc->curr->pri )
            pc->resched = true;
    }
}

/* One domain's units: add the credit, then priority, cap, bounds. */
static int acct_units(struct csched_private *prv, struct csched_dom *sdom,
                      uint32_t credit_fair, uint32_t credit_cap)
{
    struct csched_unit *svc, *next;
    int balance = 0;

    for ( svc = sdom->active_units; svc; svc = next )
    {
        next = svc->active_next;
        svc->credit += (int)credit_fair;
        if ( svc->credit < 0 )
        {
            svc->pri = CSCHED_PRI_TS_OVER;
            if ( sdom->cap && svc->credit < -(int)credit_cap &&
                 !svc->parked )
                park(svc);
            if ( svc->credit < -(int)prv->credits_per_tslice )
                svc->credit = -(int)prv->credits_per_tslice;
        }
        else
        {
            svc->pri = CSCHED_PRI_TS_UNDER;
            if ( svc->parked )
                unpark(svc);
            /* Idle for a whole period: stop earning, keep half (Xen). */
            if ( svc->credit > (int)prv->credits_per_tslice )
            {
                acct_stop(prv, svc);
                svc->credit /= 2;
            }
        }
        balance += svc->credit;
    }
    return balance;
}

/*
 * Share one period's credit (credits_per_tslice per CPU) by weight among
 * the domains whose units ran.  A domain gets at most a full period per
 * active unit ("peak"), less under a cap; what it cannot take is handed
 * on to the domains after it in the list, which is why one that could
 * not use its share moves to the head for the next round (Xen).  All
 * arithmetic is unsigned and rounds up, so no domain is starved by
 * truncation; weights are <= 65535 and units few, so nothing overflows.
 */
void csched_acct(struct csched_private *prv)
{
    uint32_t weight_total = prv->weight, weight_left = weight_total;
    uint32_t credit_total = prv->credit;
    struct csched_dom *sdom, *next;
    int credit_balance = 0;
    bool credit_xtra = false;

    /* Credit left unused last period flows back (balance converges). */
    if ( prv->credit_balance < 0 )
        credit_total -= prv->credit_balance;
    if ( !weight_total )
    {
        prv->credit_balance = 0;
        return;
    }
    for ( sdom = prv->active_doms; sdom; sdom = next )
    {
        uint32_t n = sdom->active_unit_count;
        uint32_t share = sdom->weight * n;
        uint32_t peak = n * prv->credits_per_tslice, cap = 0, fair;

        next = sdom->active_next;
        BUG_ON(share > weight_left);
        weight_left -= share;
        /* More than a full period only when the system is in debt. */
        if ( prv->credit_balance < 0 )
            peak += (-prv->credit_balance * share + weight_total - 1) /
                    weight_total;
        if ( sdom->cap )
        {
            cap = (sdom->cap * prv->credits_per_tslice + 99) / 100;
            peak = MIN(peak, cap);
            cap = (cap + n - 1) / n;    /* per unit */
        }
        fair = (credit_total * share + weight_total - 1) / weight_total;
        if ( fair < peak )
            credit_xtra = true;
        else
        {
            /* What this domain cannot use goes to those after it. */
            if ( weight_left )
                credit_total += ((fair - peak) * weight_total +
                                 weight_left - 1) / weight_left;
            if ( credit_xtra )
            {
                /* Move to the head: the next period it shares first. */
                struct csched_dom **dp = &prv->active_doms;

                while ( *dp != sdom )
                    dp = &(*dp)->active_next;
                *dp = sdom->active_next;
                sdom->active_next = prv->active_doms;
                prv->active_doms = sdom;
            }
            fair = peak;
        }
        credit_balance += acct_units(prv, sdom, (fair + n - 1) / n, cap);
    }
    prv->credit_balance = credit_balance;
    prv->runq_sort++;                   /* each CPU re-sorts at its tick */
}

/*
 * Xen's csched_load_balance, simplified: the best unit queued on another
 * CPU that may run on pc, if it ranks above pri.  Not from an idle CPU,
 * which is about to take its queue itself.  Queued units are not running
 * and their state is saved (all under the scheduler lock), so any CPU
 * their affinity allows may run one.
 */
static struct csched_unit *steal(struct csched_private *prv,
                                 const struct csched_pcpu *pc, int pri)
{
    struct csched_unit *best = NULL;

    for ( const struct csched_pcpu *peer = prv->pcpus; peer;
          peer = peer->next )
    {
        if ( peer == pc || peer->curr == peer->idle )
            continue;
        /* By priority: the first that may come is that queue's best. */
        for ( struct csched_unit *svc = peer->runq;
              svc && svc->pri > (best ? best->pri : pri);
              svc = svc->runq_next )
            if ( allowed_on(svc, pc) )
            {
                best = svc;
                break;
            }
    }
    return best;
}

/*
 * Charge the outgoing unit, requeue it if it may still run (behind its
 * priority class, one further back if it yielded), take the head.  The
 * same unit may come straight back: the caller then switches nothing.
 */
struct csched_unit *csched_schedule(struct csched_private *prv,
                                    struct csched_pcpu *pc, uint64_t now,
                                    uint64_t *slice)
{
    struct csched_unit *curr = pc->curr, *next;

    pc->resched = false;
    if ( curr != pc->idle )
    {
        burn_credits(curr, now);
        /* Keep the uncharged remainder across the gap (Xen's trick). */
        curr->start_time -= (int64_t)now;
        if ( runnable(curr) && allowed_on(curr, pc) )
            runq_insert(pc, curr);
        else if ( runnable(curr) )
            curr->migrating = true;
        curr->yielding = false;
    }
    next = pc->runq;
    if ( !next || next->pri < CSCHED_PRI_TS_UNDER )
        next = steal(prv, pc, next ? next->pri : CSCHED_PRI_IDLE) ?: next;
    if ( next )
    {
        runq_remove(next->pcpu, next);  /* here, or a stolen one's */
        next->start_time += (int64_t)now;
        next->pcpu = pc;
        *slice = prv->tslice_ns;
    }
    else
    {
        next = pc->idle;
        *slice = 0;
    }
    pc->curr = next;
    return next;
}

uint64_t csched_runq_cpus(const struct csched_pcpu *pc)
{
    uint64_t cpus = 0;

    for ( const struct csched_unit *svc = pc->runq; svc;
          svc = svc->runq_next )
        cpus |= svc->cpus;
    return cpus;
}

int csched_set_params(struct csched_private *prv, struct csched_dom *sdom,
                      uint16_t weight, uint16_t cap)
{
    if ( weight )
    {
        if ( sdom->active )
            prv->weight += (weight - sdom->weight) * sdom->active_unit_count;
        sdom->weight = weight;
    }
    if ( cap != (uint16_t)~0U )
        sdom->cap = cap;
    return 0;
}
