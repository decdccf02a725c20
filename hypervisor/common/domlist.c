/*
 * The domid namespace: the list of domains in domid order, a hash for
 * lookups, Xen's domid allocation rule and the lifecycle's allowed moves.
 * Pure bookkeeping (host unit test: test_domlist); trusts its callers to
 * pass domains they own.  Callers hold the hypervisor lock (smp.h), as
 * every path into ring 0 from a guest does.
 */
#include "lib.h"
#include "domain.h"
#include "errno.h"

#define DOMAIN_HASH_SIZE 64             /* power of two */
#define DOMAIN_HASH(id)  ((id) & (DOMAIN_HASH_SIZE - 1))

struct domain *domain_list;
static struct domain *domain_hash[DOMAIN_HASH_SIZE];
static domid_t domid_rover;             /* the last id handed out */

struct domain *get_domain_by_id(domid_t domid)
{
    struct domain *d = domain_hash[DOMAIN_HASH(domid)];

    while ( d && d->domid != domid )
        d = d->next_in_hash;
    return d;
}

struct domain *domain_at_or_after(domid_t domid)
{
    struct domain *d;

    for_each_domain ( d )
        if ( d->domid >= domid )
            return d;
    return NULL;
}

void domlist_insert(struct domain *d)
{
    struct domain **pd = &domain_list;

    BUG_ON(get_domain_by_id(d->domid));
    while ( *pd && (*pd)->domid < d->domid )
        pd = &(*pd)->next_in_list;
    d->next_in_list = *pd;
    *pd = d;
    d->next_in_hash = domain_hash[DOMAIN_HASH(d->domid)];
    domain_hash[DOMAIN_HASH(d->domid)] = d;
}

void domlist_remove(struct domain *d)
{
    struct domain **pd = &domain_list;

    while ( *pd != d )
    {
        BUG_ON(!*pd);
        pd = &(*pd)->next_in_list;
    }
    *pd = d->next_in_list;
    for ( pd = &domain_hash[DOMAIN_HASH(d->domid)]; *pd != d;
          pd = &(*pd)->next_in_hash )
        BUG_ON(!*pd);
    *pd = d->next_in_hash;
    d->next_in_list = d->next_in_hash = NULL;
}

int domid_alloc(domid_t requested, domid_t *domid)
{
    domid_t id = domid_rover;

    if ( requested > 0 && requested < DOMID_FIRST_RESERVED )
    {
        if ( get_domain_by_id(requested) )
            return -EEXIST;
        *domid = requested;
        return 0;
    }
    /* Xen's rover: after the last id handed out, wrapping to 1. */
    for ( unsigned int n = 1; n < DOMID_FIRST_RESERVED; n++ )
    {
        id = id + 1U >= DOMID_FIRST_RESERVED ? 1 : id + 1;
        if ( !get_domain_by_id(id) )
        {
            domid_rover = id;
            *domid = id;
            return 0;
        }
    }
    return -ENOMEM;
}

bool domain_state_ok(enum domain_state from, enum domain_state to)
{
    switch ( to )
    {
    case DOMSTATE_running:              /* first unpause */
        return from == DOMSTATE_created;
    case DOMSTATE_shutdown:             /* a crash may come before a run */
        return from == DOMSTATE_created || from == DOMSTATE_running;
    case DOMSTATE_dying:                /* destroydomain, from anything live */
        return from <= DOMSTATE_shutdown;
    case DOMSTATE_dead:
        return from == DOMSTATE_dying;
    case DOMSTATE_created:
        break;
    }
    return false;
}
