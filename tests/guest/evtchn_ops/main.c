/*
 * evtchn_ops conformance: event-channel ports inside one domain and every
 * refusal, without touching shared_info.  Expectations are Xen 4.17's
 * common/event_channel.c (2-level ABI; ports valid 64 at a time), checked
 * on real Xen with /work/shared/tools/run-on-xen.
 */
#include <test.h>
#include <events.h>

const char test_title[] = "evtchn_ops: alloc, bind, close, status, errors";

static long status(domid_t dom, evtchn_port_t port, struct evtchn_status *s)
{
    s->dom = dom;
    s->port = port;
    return hypercall_event_channel_op(EVTCHNOP_status, s);
}

static long alloc_unbound(domid_t dom, domid_t remote)
{
    struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote };
    long rc = hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &a);

    return rc ? rc : (long)a.port;
}

static void test_alloc_and_status(void)
{
    struct evtchn_status s;
    long a, b;

    a = alloc_unbound(DOMID_SELF, DOMID_SELF);
    xtf_expect("alloc_unbound: first port", a, 1);
    xtf_expect("status of it", status(DOMID_SELF, a, &s), 0);
    xtf_expect("  .status", s.status, EVTCHNSTAT_unbound);
    xtf_expect("  .u.unbound.dom (DOMID_SELF -> 0)", s.u.unbound.dom, 0);
    b = alloc_unbound(0, 5);
    xtf_expect("alloc_unbound: next port", b, 2);
    status(0, b, &s);
    xtf_expect("  remote dom kept as given", s.u.unbound.dom, 5);
    xtf_expect("send on unbound: dropped", evtchn_op_port(EVTCHNOP_send, b), 0);
    xtf_expect("close", evtchn_op_port(EVTCHNOP_close, a), 0);
    status(DOMID_SELF, a, &s);
    xtf_expect("  then status closed", s.status, EVTCHNSTAT_closed);
    xtf_expect("close again", evtchn_op_port(EVTCHNOP_close, a), -XEN_EINVAL);
    xtf_expect("lowest free port reused", alloc_unbound(DOMID_SELF, 0), a);
    xtf_expect("alloc_unbound for dom 1 (none)", alloc_unbound(1, 0),
               -XEN_ESRCH);
    xtf_expect("status of dom 1 (none)", status(1, a, &s), -XEN_ESRCH);
    evtchn_op_port(EVTCHNOP_close, a);
    evtchn_op_port(EVTCHNOP_close, b);
}

static void test_reserved_and_invalid(void)
{
    struct evtchn_status s;

    xtf_expect("status port 0 (reserved)", status(DOMID_SELF, 0, &s), 0);
    xtf_expect("  .status", s.status, EVTCHNSTAT_closed);
    xtf_expect("close port 0", evtchn_op_port(EVTCHNOP_close, 0), -XEN_EINVAL);
    xtf_expect("send port 0", evtchn_op_port(EVTCHNOP_send, 0), -XEN_EINVAL);
    xtf_expect("status port 63 (valid, free)", status(DOMID_SELF, 63, &s), 0);
    xtf_expect("status port 64 (never allocated)",
               status(DOMID_SELF, 64, &s), -XEN_EINVAL);
    xtf_expect("status port 4096", status(DOMID_SELF, 4096, &s), -XEN_EINVAL);
    xtf_expect("close port 4096", evtchn_op_port(EVTCHNOP_close, 4096),
               -XEN_EINVAL);
    xtf_expect("send port 4096", evtchn_op_port(EVTCHNOP_send, 4096),
               -XEN_EINVAL);
    xtf_expect("unmask port 4096", evtchn_op_port(EVTCHNOP_unmask, 4096),
               -XEN_EINVAL);
    xtf_expect("unmask a free port", evtchn_op_port(EVTCHNOP_unmask, 10), 0);
    xtf_expect("unknown command 99", hypercall_event_channel_op(99, &s),
               -XEN_ENOSYS);
    xtf_expect("status, bad pointer",
               hypercall_event_channel_op(EVTCHNOP_status, BAD_PTR_HYPERVISOR),
               -XEN_EFAULT);
    xtf_expect("send, non-canonical pointer",
               hypercall_event_channel_op(EVTCHNOP_send, BAD_PTR_NONCANONICAL),
               -XEN_EFAULT);
}

static void test_virq_and_ipi(void)
{
    struct evtchn_status s;
    struct evtchn_bind_vcpu bv;
    long t, c, i;

    xtf_expect("bind_virq NR_VIRQS", bind_virq_vcpu(NR_VIRQS, 0),
               -XEN_EINVAL);
    xtf_expect("bind_virq VIRQ_CONSOLE on vcpu 1 (global)",
               bind_virq_vcpu(VIRQ_CONSOLE, 1), -XEN_EINVAL);
    xtf_expect("bind_virq VIRQ_TIMER on vcpu 1000",
               bind_virq_vcpu(VIRQ_TIMER, 1000), -XEN_ENOENT);
    t = bind_virq_vcpu(VIRQ_TIMER, 0);
    xtf_expect("bind_virq VIRQ_TIMER", t, 1);
    xtf_expect("bind it again", bind_virq_vcpu(VIRQ_TIMER, 0), -XEN_EEXIST);
    status(DOMID_SELF, t, &s);
    xtf_expect("  status", s.status, EVTCHNSTAT_virq);
    xtf_expect("  .u.virq", s.u.virq, VIRQ_TIMER);
    xtf_expect("  .vcpu", s.vcpu, 0);
    xtf_expect("send on a VIRQ port", evtchn_op_port(EVTCHNOP_send, t),
               -XEN_EINVAL);
    bv.port = t;
    bv.vcpu = 0;
    xtf_expect("bind_vcpu of a per-vCPU VIRQ",
               hypercall_event_channel_op(EVTCHNOP_bind_vcpu, &bv),
               -XEN_EINVAL);
    c = bind_virq_vcpu(VIRQ_CONSOLE, 0);
    xtf_expect("bind_virq VIRQ_CONSOLE", c, 2);
    bv.port = c;
    xtf_expect("bind_vcpu of a global VIRQ",
               hypercall_event_channel_op(EVTCHNOP_bind_vcpu, &bv), 0);
    bv.vcpu = 1000;
    xtf_expect("bind_vcpu to vcpu 1000",
               hypercall_event_channel_op(EVTCHNOP_bind_vcpu, &bv),
               -XEN_ENOENT);
    i = evtchn_bind_ipi(0);
    xtf_expect("bind_ipi", i, 3);
    xtf_expect("bind_ipi on vcpu 1000", evtchn_bind_ipi(1000), -XEN_ENOENT);
    status(DOMID_SELF, i, &s);
    xtf_expect("  status", s.status, EVTCHNSTAT_ipi);
    xtf_expect("send on IPI", evtchn_op_port(EVTCHNOP_send, i), 0);
    xtf_expect("close the timer VIRQ", evtchn_op_port(EVTCHNOP_close, t), 0);
    xtf_expect("VIRQ_TIMER binds again", bind_virq_vcpu(VIRQ_TIMER, 0), t);
    evtchn_op_port(EVTCHNOP_close, t);
    evtchn_op_port(EVTCHNOP_close, c);
    evtchn_op_port(EVTCHNOP_close, i);
}

/* XTF xsa-317 style: ports run out at 4096 (2-level, 64-bit). */
static void test_exhaustion(void)
{
    long p = 0, last = 0;
    unsigned int n = 0;

    while ( (p = alloc_unbound(DOMID_SELF, 0)) > 0 )
    {
        last = p;
        n++;
    }
    xtf_expect("ports allocatable", n, 4095);
    xtf_expect("last port", last, 4095);
    xtf_expect("then alloc_unbound", p, -XEN_ENOSPC);
    xtf_expect("and bind_ipi", evtchn_bind_ipi(0), -XEN_ENOSPC);
    for ( evtchn_port_t q = 1; q <= last; q++ )
        evtchn_op_port(EVTCHNOP_close, q);
    xtf_expect("after closing all, first port", alloc_unbound(DOMID_SELF, 0),
               1);
    evtchn_op_port(EVTCHNOP_close, 1);
}

/*
 * FIFO-only operations.  Real Xen 4.17 has FIFO built in and refuses a bad
 * control gfn with -XEN_EINVAL; PVX answers as Xen built without FIFO does
 * (-XEN_EOPNOTSUPP).  Either leaves the guest on the 2-level ABI.
 */
static void test_fifo_ops(void)
{
    struct evtchn_init_control ic = { .control_gfn = ~1UL };
    struct evtchn_expand_array ea = { .array_gfn = 0 };
    struct evtchn_set_priority sp = { .port = 1, .priority = 1 };
    long rc, p;

    rc = hypercall_event_channel_op(EVTCHNOP_init_control, &ic);
    if ( rc != -XEN_EINVAL && rc != -XEN_EOPNOTSUPP )
        xtf_failure("Fail: init_control, bad gfn: got %ld\n", rc);
    printk("  %-46s %ld\n", "init_control, bad gfn", rc);
    xtf_expect("expand_array before init_control",
               hypercall_event_channel_op(EVTCHNOP_expand_array, &ea),
               -XEN_EOPNOTSUPP);
    p = evtchn_bind_ipi(0);
    sp.port = p;
    xtf_expect("set_priority on a 2-level port",
               hypercall_event_channel_op(EVTCHNOP_set_priority, &sp),
               -XEN_ENOSYS);
    sp.port = 4096;
    xtf_expect("set_priority on port 4096",
               hypercall_event_channel_op(EVTCHNOP_set_priority, &sp),
               -XEN_EINVAL);
    evtchn_op_port(EVTCHNOP_close, p);
}

void test_main(void)
{
    test_alloc_and_status();
    test_reserved_and_invalid();
    test_virq_and_ipi();
    test_exhaustion();
    test_fifo_ops();
    xtf_success(NULL);
}
