/*
 * evtchn_interdomain conformance: EVTCHNOP_bind_interdomain, send, status
 * and close between two ports of one domain (Xen lets a domain connect to
 * its own unbound port: a loopback channel), and every refusal.
 * Expectations are Xen 4.17's common/event_channel.c (evtchn_bind_
 * interdomain, evtchn_close), checked on real Xen with run-on-xen.
 */
#include <test.h>
#include <events.h>

const char test_title[] = "evtchn_interdomain: bind, send, status, close";

#define NO_DOMAIN 7

static long alloc_unbound(domid_t remote)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF,
                                      .remote_dom = remote };
    long rc = hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &a);

    return rc ? rc : (long)a.port;
}

static long bind(domid_t rdom, evtchn_port_t rport)
{
    struct evtchn_bind_interdomain b = { .remote_dom = rdom,
                                         .remote_port = rport };
    long rc = hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &b);

    return rc ? rc : (long)b.local_port;
}

static struct evtchn_status status(evtchn_port_t port)
{
    struct evtchn_status s = { .dom = DOMID_SELF, .port = port };

    if ( hypercall_event_channel_op(EVTCHNOP_status, &s) )
        xtf_failure("Fail: status of port %u refused\n", port);
    return s;
}

static void clear_pending(evtchn_port_t port)
{
    __atomic_fetch_and(&HYPERVISOR_shared_info->evtchn_pending[port / 64],
                       ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
}

static void test_refusals(void)
{
    long a = alloc_unbound(DOMID_SELF), other = alloc_unbound(5);
    long ipi = evtchn_bind_ipi(0);

    xtf_expect("bind to a domain that does not exist", bind(NO_DOMAIN, a),
               -XEN_ESRCH);
    xtf_expect("bind to a port never allocated", bind(DOMID_SELF, 200),
               -XEN_EINVAL);
    xtf_expect("bind to port 4096", bind(DOMID_SELF, 4096), -XEN_EINVAL);
    xtf_expect("bind to a free port", bind(DOMID_SELF, 60), -XEN_EINVAL);
    xtf_expect("bind to an IPI port", bind(DOMID_SELF, ipi), -XEN_EINVAL);
    xtf_expect("bind to a port awaiting another domain",
               bind(DOMID_SELF, other), -XEN_EINVAL);
    xtf_expect("status of it: still unbound", status(other).status,
               EVTCHNSTAT_unbound);
    xtf_expect("alloc_unbound for no domain",
               hypercall_event_channel_op(EVTCHNOP_alloc_unbound,
                                          &(struct evtchn_alloc_unbound){
                                              .dom = NO_DOMAIN }), -XEN_ESRCH);
    evtchn_op_port(EVTCHNOP_close, a);
    evtchn_op_port(EVTCHNOP_close, other);
    evtchn_op_port(EVTCHNOP_close, ipi);
}

static void test_loopback(void)
{
    long a = alloc_unbound(DOMID_SELF), b, c;
    struct evtchn_status s;

    xtf_expect("send on the unbound port: dropped",
               evtchn_op_port(EVTCHNOP_send, a), 0);
    b = bind(DOMID_SELF, a);
    xtf_expect("bind_interdomain to our own unbound port", b > 0, 1);
    xtf_expect("  the new port starts pending (Xen's fix-up)", port_pending(b),
               1);
    xtf_expect("  the remote one not", port_pending(a), 0);
    s = status(a);
    xtf_expect("status of the remote end", s.status, EVTCHNSTAT_interdomain);
    xtf_expect("  .u.interdomain.dom", s.u.interdomain.dom, 0);
    xtf_expect("  .u.interdomain.port", s.u.interdomain.port, b);
    s = status(b);
    xtf_expect("status of the local end", s.status, EVTCHNSTAT_interdomain);
    xtf_expect("  .u.interdomain.port", s.u.interdomain.port, a);
    xtf_expect("bind to it again: no longer unbound", bind(DOMID_SELF, a),
               -XEN_EINVAL);

    clear_pending(b);
    xtf_expect("send on one end", evtchn_op_port(EVTCHNOP_send, a), 0);
    xtf_expect("  marks the other pending", port_pending(b), 1);
    xtf_expect("  not itself", port_pending(a), 0);
    xtf_expect("send on the other end", evtchn_op_port(EVTCHNOP_send, b), 0);
    xtf_expect("  marks the first pending", port_pending(a), 1);
    clear_pending(a);
    clear_pending(b);
    xtf_expect("bind_vcpu of an interdomain port",
               hypercall_event_channel_op(EVTCHNOP_bind_vcpu,
                                          &(struct evtchn_bind_vcpu){
                                              .port = b, .vcpu = 0 }), 0);

    xtf_expect("close one end", evtchn_op_port(EVTCHNOP_close, a), 0);
    xtf_expect("  it is closed", status(a).status, EVTCHNSTAT_closed);
    s = status(b);
    xtf_expect("  the other is unbound again", s.status, EVTCHNSTAT_unbound);
    xtf_expect("  awaiting the closer (us)", s.u.unbound.dom, 0);
    xtf_expect("send on it: dropped", evtchn_op_port(EVTCHNOP_send, b), 0);
    xtf_expect("  nothing pending", port_pending(a) || port_pending(b), 0);

    c = bind(0, b);                     /* our own domid, not DOMID_SELF */
    xtf_expect("bind again by our own domid", c > 0, 1);
    xtf_expect("close the older end", evtchn_op_port(EVTCHNOP_close, b), 0);
    xtf_expect("  the newer is unbound", status(c).status, EVTCHNSTAT_unbound);
    xtf_expect("close it", evtchn_op_port(EVTCHNOP_close, c), 0);
    xtf_expect("close it again", evtchn_op_port(EVTCHNOP_close, c),
               -XEN_EINVAL);
}

void test_main(void)
{
    if ( !(start_info->flags & SIF_INITDOMAIN) )
        return xtf_skip("Skip: needs to know its domid (runs as dom0)\n");
    test_events_init();
    test_refusals();
    test_loopback();
    xtf_success(NULL);
}
