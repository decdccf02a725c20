/*
 * Events and time for conformance tests, on the pv-guest core's events
 * (pv-guest/events.h): test_events_init() leaves upcalls masked and counts
 * every event the core's upcall sees in port_events, since no test binds
 * a handler.  Plus small hypercall helpers that return the port or -errno.
 */
#ifndef TESTS_GUEST_EVENTS_H
#define TESTS_GUEST_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include <pv-guest/events.h>
#include <pv-guest/mm.h>
#include <xen/xen.h>

/* Events seen per port by the upcall. */
extern volatile uint8_t port_events[EVTCHN_2L_NR_CHANNELS];

/* events_init(), then upcalls masked and events_upcalls counting from 0. */
void test_events_init(void);

/* Small hypercall helpers: the port, or a negative errno. */
long bind_virq_vcpu(uint32_t virq, uint32_t vcpu);
long evtchn_bind_ipi(uint32_t vcpu);
long evtchn_op_port(unsigned int cmd, evtchn_port_t port);
bool port_pending(evtchn_port_t port);

#endif /* TESTS_GUEST_EVENTS_H */
