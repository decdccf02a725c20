/*
 * Events and time for conformance tests: shared_info mapped into the
 * kernel, an event callback that acks pending ports and counts them, and
 * the pvclock.  Trusts the hypervisor's vcpu_info and shared_info layout
 * (the Xen public headers); uses only update_va_mapping, callback_op and
 * the read-only p2m to set itself up.
 */
#ifndef TESTS_GUEST_EVENTS_H
#define TESTS_GUEST_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include <xen/xen.h>

/* Set up by events_init(); vcpu_info moves with VCPUOP_register_vcpu_info. */
extern struct shared_info *shared;
extern struct vcpu_info *vcpu0;

/* Upcalls taken, and events seen per port by the callback. */
extern volatile unsigned int upcalls;
extern volatile uint8_t port_events[4096];

/* Map shared_info, register the event callback; upcalls stay masked. */
void events_init(void);
/* vcpu_info.evtchn_upcall_mask, as Linux's irq enable/disable. */
void events_mask(bool masked);

/* System time in ns since the hypervisor booted (pvclock). */
uint64_t pvclock_ns(void);

/* Small hypercall helpers: the port, or a negative errno. */
long evtchn_bind_virq(uint32_t virq, uint32_t vcpu);
long evtchn_bind_ipi(uint32_t vcpu);
long evtchn_op_port(unsigned int cmd, evtchn_port_t port);
bool port_pending(evtchn_port_t port);
/* The machine frame behind a kernel virtual address (the p2m). */
unsigned long virt_to_mfn(const void *va);

#endif /* TESTS_GUEST_EVENTS_H */
