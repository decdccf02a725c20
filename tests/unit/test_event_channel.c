/*
 * Unit tests of the event-channel port logic (hypervisor/common/
 * event_channel.c and event_2l.c): allocation and buckets, the
 * bind/close/status state machine, VIRQ bindings, and the 2-level
 * pending/mask/selector/upcall bit protocol.  The vCPU wakeups the port
 * code asks for are recorded here instead of sched_block.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "domain.h"
#include "errno.h"
#include "event.h"

static struct domain dom;
static struct vcpu vcpu0;
static struct shared_info shinfo;
static unsigned int unblocks, poller_checks;

/* sched_block.c stand-ins: count what the event code asked for. */
void vcpu_unblock(struct vcpu *v)
{
    (void)v;
    unblocks++;
}

void evtchn_check_pollers(struct domain *d, evtchn_port_t port)
{
    (void)d;
    (void)port;
    poller_checks++;
}

static int setup(void **state)
{
    (void)state;
    memset(&dom, 0, sizeof(dom));
    memset(&shinfo, 0, sizeof(shinfo));
    dom.domid = 0;
    dom.shared_info = &shinfo;
    memset(&vcpu0, 0, sizeof(vcpu0));
    vcpu0.domain = &dom;
    vcpu0.vcpu_info = &shinfo.vcpu_info[0];
    dom.vcpu[0] = &vcpu0;
    evtchn_init(&dom);
    unblocks = poller_checks = 0;
    return 0;
}

static bool bit(const xen_ulong_t *w, unsigned int n)
{
    return (w[n / 64] >> (n % 64)) & 1;
}

static struct evtchn_status status_of(evtchn_port_t port)
{
    struct evtchn_status st = { .dom = DOMID_SELF, .port = port };

    assert_int_equal(evtchn_status(&dom, &st), 0);
    return st;
}

static void ports_start_at_one_and_reuse_lowest(void **state)
{
    evtchn_port_t a, b, c;

    (void)state;
    assert_int_equal(evtchn_alloc_unbound(&dom, DOMID_SELF, &a), 0);
    assert_int_equal(evtchn_bind_ipi(&dom, 0, &b), 0);
    assert_int_equal(a, 1);
    assert_int_equal(b, 2);
    assert_int_equal(status_of(a).status, EVTCHNSTAT_unbound);
    assert_int_equal(status_of(a).u.unbound.dom, 0);    /* SELF -> own id */
    assert_int_equal(status_of(b).status, EVTCHNSTAT_ipi);
    assert_int_equal(evtchn_close(&dom, a), 0);
    assert_int_equal(status_of(a).status, EVTCHNSTAT_closed);
    assert_int_equal(evtchn_close(&dom, a), -EINVAL);   /* closed twice */
    assert_int_equal(evtchn_alloc_unbound(&dom, 7, &c), 0);
    assert_int_equal(c, 1);
    assert_int_equal(status_of(c).u.unbound.dom, 7);
}

static void port_zero_is_reserved(void **state)
{
    (void)state;
    assert_int_equal(status_of(0).status, EVTCHNSTAT_closed);
    assert_int_equal(evtchn_close(&dom, 0), -EINVAL);
    assert_int_equal(evtchn_send(&dom, 0), -EINVAL);
    assert_int_equal(evtchn_port_poll(&dom, 0), -EINVAL);
}

static void ports_become_valid_a_bucket_at_a_time(void **state)
{
    struct evtchn_status st = { .dom = DOMID_SELF };
    evtchn_port_t p;

    (void)state;
    st.port = EVTCHNS_PER_BUCKET - 1;
    assert_int_equal(evtchn_status(&dom, &st), 0);
    st.port = EVTCHNS_PER_BUCKET;
    assert_int_equal(evtchn_status(&dom, &st), -EINVAL);
    assert_int_equal(evtchn_unmask(&dom, EVTCHNS_PER_BUCKET), -EINVAL);
    for ( unsigned int i = 1; i <= EVTCHNS_PER_BUCKET; i++ )
        assert_int_equal(evtchn_bind_ipi(&dom, 0, &p), 0);
    assert_int_equal(p, EVTCHNS_PER_BUCKET);
    assert_int_equal(evtchn_status(&dom, &st), 0);
    st.port = 2 * EVTCHNS_PER_BUCKET - 1;
    assert_int_equal(evtchn_status(&dom, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_closed);
    st.port = 2 * EVTCHNS_PER_BUCKET;
    assert_int_equal(evtchn_status(&dom, &st), -EINVAL);
}

static void exhaustion_is_enospc(void **state)
{
    evtchn_port_t p = 0;

    (void)state;
    for ( unsigned int i = 1; i < NR_EVTCHN_PORTS; i++ )
        assert_int_equal(evtchn_alloc_unbound(&dom, DOMID_SELF, &p), 0);
    assert_int_equal(p, NR_EVTCHN_PORTS - 1);
    assert_int_equal(evtchn_alloc_unbound(&dom, DOMID_SELF, &p), -ENOSPC);
    assert_int_equal(evtchn_bind_ipi(&dom, 0, &p), -ENOSPC);
    assert_int_equal(evtchn_close(&dom, 100), 0);
    assert_int_equal(evtchn_bind_ipi(&dom, 0, &p), 0);
    assert_int_equal(p, 100);
    assert_int_equal(evtchn_reset(&dom), 0);
    assert_int_equal(status_of(NR_EVTCHN_PORTS - 1).status,
                     EVTCHNSTAT_closed);
    assert_int_equal(status_of(0).status, EVTCHNSTAT_closed);
    assert_int_equal(evtchn_bind_ipi(&dom, 0, &p), 0);
    assert_int_equal(p, 1);
}

static void bind_virq_rules(void **state)
{
    evtchn_port_t p, q;
    struct evtchn_status st;

    (void)state;
    assert_int_equal(evtchn_bind_virq(&dom, NR_VIRQS, 0, &p), -EINVAL);
    assert_int_equal(evtchn_bind_virq(&dom, ~0u, 0, &p), -EINVAL);
    /* Global VIRQs belong to vCPU 0; per-vCPU ones need the vCPU. */
    assert_int_equal(evtchn_bind_virq(&dom, VIRQ_CONSOLE, 1, &p), -EINVAL);
    assert_int_equal(evtchn_bind_virq(&dom, VIRQ_TIMER, 1, &p), -ENOENT);
    assert_int_equal(evtchn_bind_virq(&dom, VIRQ_TIMER, 0, &p), 0);
    assert_int_equal(evtchn_bind_virq(&dom, VIRQ_TIMER, 0, &q), -EEXIST);
    st = status_of(p);
    assert_int_equal(st.status, EVTCHNSTAT_virq);
    assert_int_equal(st.u.virq, VIRQ_TIMER);
    assert_int_equal(st.vcpu, 0);
    assert_int_equal(evtchn_send(&dom, p), -EINVAL);    /* not sendable */
    assert_int_equal(evtchn_bind_vcpu(&dom, p, 0), -EINVAL);
    assert_int_equal(evtchn_close(&dom, p), 0);
    assert_int_equal(evtchn_bind_virq(&dom, VIRQ_TIMER, 0, &q), 0);
    assert_int_equal(q, p);
    assert_int_equal(evtchn_bind_virq(&dom, VIRQ_CONSOLE, 0, &q), 0);
    assert_int_equal(evtchn_bind_vcpu(&dom, q, 0), 0);
    assert_int_equal(evtchn_bind_vcpu(&dom, q, 1), -ENOENT);
}

static void virq_delivery_follows_the_binding(void **state)
{
    evtchn_port_t p;

    (void)state;
    send_guest_vcpu_virq(&vcpu0, VIRQ_TIMER);      /* unbound: lost */
    assert_int_equal(shinfo.evtchn_pending[0], 0);
    assert_int_equal(evtchn_bind_virq(&dom, VIRQ_TIMER, 0, &p), 0);
    send_guest_vcpu_virq(&vcpu0, VIRQ_TIMER);
    assert_true(bit(shinfo.evtchn_pending, p));
    assert_int_equal(evtchn_port_poll(&dom, p), 1);
    assert_int_equal(evtchn_bind_virq(&dom, VIRQ_CONSOLE, 0, &p), 0);
    send_guest_global_virq(&dom, VIRQ_CONSOLE);
    assert_true(bit(shinfo.evtchn_pending, p));
}

static void send_sets_pending_selector_and_upcall_once(void **state)
{
    struct vcpu_info *vi = &shinfo.vcpu_info[0];
    evtchn_port_t p;

    (void)state;
    for ( unsigned int i = 0; i < 70; i++ )             /* reach word 1 */
        assert_int_equal(evtchn_bind_ipi(&dom, 0, &p), 0);
    assert_int_equal(evtchn_send(&dom, p), 0);
    assert_true(bit(shinfo.evtchn_pending, p));
    assert_int_equal(vi->evtchn_pending_sel, 1UL << (p / 64));
    assert_int_equal(vi->evtchn_upcall_pending, 1);
    assert_int_equal(unblocks, 1);
    assert_int_equal(poller_checks, 1);
    /* Already pending: nothing new happens, not even a poller check. */
    assert_int_equal(evtchn_send(&dom, p), 0);
    assert_int_equal(unblocks, 1);
    assert_int_equal(poller_checks, 1);
    /* The guest acked the upcall but not the port: no second kick. */
    vi->evtchn_upcall_pending = 0;
    vi->evtchn_pending_sel = 0;
    assert_int_equal(evtchn_send(&dom, p), 0);
    assert_int_equal(vi->evtchn_upcall_pending, 0);
    /* Closing clears pending, so a re-bound port starts quiet. */
    assert_int_equal(evtchn_close(&dom, p), 0);
    assert_false(bit(shinfo.evtchn_pending, p));
}

static void masked_port_waits_for_unmask(void **state)
{
    struct vcpu_info *vi = &shinfo.vcpu_info[0];
    evtchn_port_t p;

    (void)state;
    assert_int_equal(evtchn_bind_ipi(&dom, 0, &p), 0);
    shinfo.evtchn_mask[0] |= 1UL << p;
    assert_int_equal(evtchn_send(&dom, p), 0);
    assert_true(bit(shinfo.evtchn_pending, p));
    assert_int_equal(vi->evtchn_pending_sel, 0);
    assert_int_equal(vi->evtchn_upcall_pending, 0);
    assert_int_equal(poller_checks, 1);         /* pollers see masked ports */
    assert_int_equal(evtchn_unmask(&dom, p), 0);
    assert_false(bit(shinfo.evtchn_mask, p));
    assert_int_equal(vi->evtchn_pending_sel, 1);
    assert_int_equal(vi->evtchn_upcall_pending, 1);
    assert_int_equal(unblocks, 1);
    /* Unmasking what is not masked, or not pending, raises nothing. */
    vi->evtchn_upcall_pending = 0;
    vi->evtchn_pending_sel = 0;
    assert_int_equal(evtchn_unmask(&dom, p), 0);
    assert_int_equal(vi->evtchn_upcall_pending, 0);
    shinfo.evtchn_pending[0] = 0;
    shinfo.evtchn_mask[0] |= 1UL << p;
    assert_int_equal(evtchn_unmask(&dom, p), 0);
    assert_int_equal(vi->evtchn_upcall_pending, 0);
    assert_int_equal(unblocks, 1);
}

static void unbound_send_is_dropped(void **state)
{
    evtchn_port_t p;

    (void)state;
    assert_int_equal(evtchn_alloc_unbound(&dom, DOMID_SELF, &p), 0);
    assert_int_equal(evtchn_send(&dom, p), 0);
    assert_false(bit(shinfo.evtchn_pending, p));
    assert_int_equal(evtchn_port_poll(&dom, p), 0);
    assert_int_equal(evtchn_send(&dom, EVTCHNS_PER_BUCKET), -EINVAL);
    assert_int_equal(evtchn_send(&dom, 5), -EINVAL);    /* free port */
    assert_int_equal(evtchn_port_poll(&dom, 5), -EINVAL);
}

static void fifo_only_ops(void **state)
{
    (void)state;
    assert_int_equal(evtchn_set_priority(&dom, 1), -ENOSYS);
    assert_int_equal(evtchn_set_priority(&dom, NR_EVTCHN_PORTS), -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(ports_start_at_one_and_reuse_lowest, setup),
        cmocka_unit_test_setup(port_zero_is_reserved, setup),
        cmocka_unit_test_setup(ports_become_valid_a_bucket_at_a_time, setup),
        cmocka_unit_test_setup(exhaustion_is_enospc, setup),
        cmocka_unit_test_setup(bind_virq_rules, setup),
        cmocka_unit_test_setup(virq_delivery_follows_the_binding, setup),
        cmocka_unit_test_setup(send_sets_pending_selector_and_upcall_once,
                               setup),
        cmocka_unit_test_setup(masked_port_waits_for_unmask, setup),
        cmocka_unit_test_setup(unbound_send_is_dropped, setup),
        cmocka_unit_test_setup(fifo_only_ops, setup),
    };

    return cmocka_run_group_tests_name("event_channel", tests, NULL, NULL);
}
