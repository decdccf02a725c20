/*
 * Events for conformance tests (see events.h): the core's upcall with a
 * fallback that counts each port's events, and the hypercall helpers the
 * tests share.  Trusts the core's shared_info mapping.
 */
#include <test.h>
#include <events.h>

volatile uint8_t port_events[EVTCHN_2L_NR_CHANNELS];

static void count_event(evtchn_port_t port, void *arg)
{
    port_events[port]++;
}

void test_events_init(void)
{
    events_fallback = count_event;
    events_init();
    events_mask(true);
    events_upcalls = 0;
}

long bind_virq_vcpu(uint32_t virq, uint32_t vcpu)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
    long rc = hypercall_event_channel_op(EVTCHNOP_bind_virq, &b);

    return rc ? rc : (long)b.port;
}

long evtchn_bind_ipi(uint32_t vcpu)
{
    struct evtchn_bind_ipi b = { .vcpu = vcpu };
    long rc = hypercall_event_channel_op(EVTCHNOP_bind_ipi, &b);

    return rc ? rc : (long)b.port;
}

/* close, send and unmask all take a bare { port }. */
long evtchn_op_port(unsigned int cmd, evtchn_port_t port)
{
    evtchn_port_t p = port;

    return hypercall_event_channel_op(cmd, &p);
}

bool port_pending(evtchn_port_t port)
{
    return (HYPERVISOR_shared_info->evtchn_pending[port / 64] >>
            (port % 64)) & 1;
}
