/*
 * The 2-level event ABI (Xen's common/event_2l.c): pending and mask
 * bitmaps in shared_info, the selector and upcall flag in vcpu_info.  All
 * of it is guest-writable memory, so every update is one atomic bit
 * operation and the order below is the protocol the guest relies on.
 */
#include "lib.h"
#include <xen/xen.h>
#include "domain.h"
#include "event.h"

#define BITS_PER_WORD (sizeof(xen_ulong_t) * 8)

static bool test_and_set(xen_ulong_t *words, unsigned int bit)
{
    xen_ulong_t m = 1UL << (bit % BITS_PER_WORD);

    return __atomic_fetch_or(&words[bit / BITS_PER_WORD], m,
                             __ATOMIC_SEQ_CST) & m;
}

static bool test_and_clear(xen_ulong_t *words, unsigned int bit)
{
    xen_ulong_t m = 1UL << (bit % BITS_PER_WORD);

    return __atomic_fetch_and(&words[bit / BITS_PER_WORD], ~m,
                              __ATOMIC_SEQ_CST) & m;
}

static bool test(const xen_ulong_t *words, unsigned int bit)
{
    return (__atomic_load_n(&words[bit / BITS_PER_WORD], __ATOMIC_SEQ_CST)
            >> (bit % BITS_PER_WORD)) & 1;
}

void vcpu_mark_events_pending(struct vcpu *v)
{
    if ( !__atomic_exchange_n(&v->vcpu_info->evtchn_upcall_pending, 1,
                              __ATOMIC_SEQ_CST) )
        vcpu_unblock(v);                /* Xen's vcpu_kick */
}

bool local_events_need_delivery(const struct vcpu *v)
{
    const struct vcpu_info *vi = v->vcpu_info;

    return vi->evtchn_upcall_pending && !vi->evtchn_upcall_mask;
}

void evtchn_2l_set_pending(struct vcpu *v, evtchn_port_t port)
{
    struct domain *d = v->domain;
    struct shared_info *s = d->shared_info;

    if ( test_and_set(s->evtchn_pending, port) )
        return;                         /* already pending: nothing new */
    if ( !test(s->evtchn_mask, port) &&
         !test_and_set(&v->vcpu_info->evtchn_pending_sel,
                       port / BITS_PER_WORD) )
        vcpu_mark_events_pending(v);
    evtchn_check_pollers(d, port);
}

void evtchn_2l_clear_pending(struct domain *d, evtchn_port_t port)
{
    test_and_clear(d->shared_info->evtchn_pending, port);
}

void evtchn_2l_unmask(struct vcpu *v, evtchn_port_t port)
{
    struct shared_info *s = v->domain->shared_info;

    if ( test_and_clear(s->evtchn_mask, port) &&
         test(s->evtchn_pending, port) &&
         !test_and_set(&v->vcpu_info->evtchn_pending_sel,
                       port / BITS_PER_WORD) )
        vcpu_mark_events_pending(v);
}

bool evtchn_2l_is_pending(const struct domain *d, evtchn_port_t port)
{
    return test(d->shared_info->evtchn_pending, port);
}
