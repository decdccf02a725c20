/*
 * Unit tests of interdomain event channels (hypervisor/common/
 * event_channel.c): bind_interdomain between two domains and its
 * refusals, sends that land in the peer's shared_info only, and close or
 * reset of either end leaving the other unbound, awaiting the closer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "domain.h"
#include "errno.h"
#include "event.h"

static struct domain a, b;
static struct vcpu va, vb;
static struct shared_info sa, sb;

/* sched_block.c stand-ins: nothing to wake on the host. */
void vcpu_unblock(struct vcpu *v)
{
    (void)v;
}

void evtchn_check_pollers(struct domain *d, evtchn_port_t port)
{
    (void)d;
    (void)port;
}

static void make_domain(struct domain *d, struct vcpu *v,
                        struct shared_info *si, domid_t id)
{
    memset(d, 0, sizeof(*d));
    memset(v, 0, sizeof(*v));
    memset(si, 0, sizeof(*si));
    d->domid = id;
    d->shared_info = si;
    v->domain = d;
    v->vcpu_info = &si->vcpu_info[0];
    d->vcpu[0] = v;
    d->max_vcpus = 1;
    evtchn_init(d);
}

static int setup(void **state)
{
    (void)state;
    make_domain(&a, &va, &sa, 0);
    make_domain(&b, &vb, &sb, 3);
    return 0;
}

static bool pending(const struct shared_info *si, evtchn_port_t p)
{
    return (si->evtchn_pending[p / 64] >> (p % 64)) & 1;
}

static void clear(struct shared_info *si, evtchn_port_t p)
{
    si->evtchn_pending[p / 64] &= ~(1UL << (p % 64));
}

static struct evtchn_status status_of(struct domain *d, evtchn_port_t p)
{
    struct evtchn_status st = { .port = p };

    assert_int_equal(evtchn_status(d, &st), 0);
    return st;
}

/* b offers a port to a; a binds to it.  Returns a's port via *pa. */
static evtchn_port_t connect(evtchn_port_t *pa)
{
    evtchn_port_t pb;

    assert_int_equal(evtchn_alloc_unbound(&b, a.domid, &pb), 0);
    assert_int_equal(evtchn_bind_interdomain(&a, &b, pb, pa), 0);
    return pb;
}

static void bind_connects_both_ends(void **state)
{
    evtchn_port_t pa, pb = connect(&pa);
    struct evtchn_status st;

    (void)state;
    /* Xen marks the new local port pending: earlier sends were lost. */
    assert_true(pending(&sa, pa));
    assert_false(pending(&sb, pb));
    st = status_of(&a, pa);
    assert_int_equal(st.status, EVTCHNSTAT_interdomain);
    assert_int_equal(st.u.interdomain.dom, 3);
    assert_int_equal(st.u.interdomain.port, pb);
    st = status_of(&b, pb);
    assert_int_equal(st.status, EVTCHNSTAT_interdomain);
    assert_int_equal(st.u.interdomain.dom, 0);
    assert_int_equal(st.u.interdomain.port, pa);
}

static void bind_refusals(void **state)
{
    evtchn_port_t pb, p, pa;

    (void)state;
    assert_int_equal(evtchn_alloc_unbound(&b, 9, &pb), 0);
    assert_int_equal(evtchn_bind_interdomain(&a, &b, pb, &p), -EINVAL);
    assert_int_equal(evtchn_bind_interdomain(&a, &b, 64, &p), -EINVAL);
    assert_int_equal(evtchn_bind_interdomain(&a, &b, 4096, &p), -EINVAL);
    assert_int_equal(evtchn_bind_interdomain(&a, &b, 0, &p), -EINVAL);
    assert_int_equal(evtchn_bind_interdomain(&a, &b, 50, &p), -EINVAL);
    assert_int_equal(evtchn_bind_ipi(&b, 0, &p), 0);
    assert_int_equal(evtchn_bind_interdomain(&a, &b, p, &p), -EINVAL);
    /* Bound once, a port is no longer there to bind to. */
    pb = connect(&pa);
    assert_int_equal(evtchn_bind_interdomain(&a, &b, pb, &p), -EINVAL);
    /* Nothing of a's was used up by the refusals. */
    assert_int_equal(pa, 1);
}

static void send_reaches_the_peer_only(void **state)
{
    evtchn_port_t pa, pb = connect(&pa);

    (void)state;
    clear(&sa, pa);
    assert_int_equal(evtchn_send(&a, pa), 0);
    assert_true(pending(&sb, pb));
    assert_false(pending(&sa, pa));
    assert_true(sb.vcpu_info[0].evtchn_upcall_pending);
    assert_int_equal(evtchn_send(&b, pb), 0);
    assert_true(pending(&sa, pa));
    /* A masked peer port is marked pending without an upcall. */
    clear(&sb, pb);
    sb.vcpu_info[0].evtchn_upcall_pending = 0;
    sb.evtchn_mask[pb / 64] |= 1UL << (pb % 64);
    assert_int_equal(evtchn_send(&a, pa), 0);
    assert_true(pending(&sb, pb));
    assert_false(sb.vcpu_info[0].evtchn_upcall_pending);
}

static void close_leaves_the_peer_unbound(void **state)
{
    evtchn_port_t pa, pb = connect(&pa), again;
    struct evtchn_status st;

    (void)state;
    assert_int_equal(evtchn_close(&b, pb), 0);
    assert_int_equal(status_of(&b, pb).status, EVTCHNSTAT_closed);
    st = status_of(&a, pa);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 3);
    clear(&sa, pa);
    assert_int_equal(evtchn_send(&a, pa), 0);       /* dropped */
    assert_false(pending(&sb, pb));
    /* a's port now awaits b: b may bind to it. */
    assert_int_equal(evtchn_bind_interdomain(&b, &a, pa, &again), 0);
    assert_int_equal(status_of(&a, pa).u.interdomain.port, again);
    assert_int_equal(evtchn_close(&a, pa), 0);
    assert_int_equal(status_of(&b, again).status, EVTCHNSTAT_unbound);
    assert_int_equal(status_of(&b, again).u.unbound.dom, 0);
}

static void reset_of_a_dying_domain_unbinds_peers(void **state)
{
    evtchn_port_t pa1, pa2;

    (void)state;
    connect(&pa1);
    connect(&pa2);
    assert_int_equal(evtchn_reset(&b), 0);
    assert_int_equal(status_of(&a, pa1).status, EVTCHNSTAT_unbound);
    assert_int_equal(status_of(&a, pa2).status, EVTCHNSTAT_unbound);
    assert_int_equal(status_of(&a, pa2).u.unbound.dom, 3);
}

static void loopback_within_one_domain(void **state)
{
    evtchn_port_t p, q;

    (void)state;
    assert_int_equal(evtchn_alloc_unbound(&a, a.domid, &p), 0);
    assert_int_equal(evtchn_bind_interdomain(&a, &a, p, &q), 0);
    clear(&sa, q);
    assert_int_equal(evtchn_send(&a, q), 0);
    assert_true(pending(&sa, p));
    assert_int_equal(evtchn_bind_vcpu(&a, q, 0), 0);
    assert_int_equal(evtchn_close(&a, q), 0);
    assert_int_equal(status_of(&a, p).status, EVTCHNSTAT_unbound);
    assert_int_equal(evtchn_close(&a, p), 0);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(bind_connects_both_ends),
        T(bind_refusals),
        T(send_reaches_the_peer_only),
        T(close_leaves_the_peer_unbound),
        T(reset_of_a_dying_domain_unbinds_peers),
        T(loopback_within_one_domain),
    };

    return cmocka_run_group_tests_name("evtchn_interdomain", tests, NULL,
                                       NULL);
}
