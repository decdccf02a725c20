/*
 * Event channels and time for the PV kernel core: a handler per port run
 * from the event upcall (events masked, on the kernel stack), the channel
 * operations a kernel needs, blocking until an event, and Xen's system
 * time.  Single vCPU (vcpu_info of vCPU 0, or the one registered later).
 */
#ifndef PV_GUEST_EVENTS_H
#define PV_GUEST_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include <xen/xen.h>
#include <xen/event_channel.h>

typedef void (*evtchn_handler_t)(evtchn_port_t port, void *arg);

void events_init(void);             /* callbacks, shared_info mapping */
int evtchn_bind(evtchn_port_t port, evtchn_handler_t fn, void *arg);
void evtchn_unbind(evtchn_port_t port);
void evtchn_notify(evtchn_port_t port);           /* EVTCHNOP_send */
long evtchn_alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *p);
long evtchn_bind_interdomain(domid_t remote, evtchn_port_t rport,
                             evtchn_port_t *local);
long evtchn_bind_virq(uint32_t virq, evtchn_port_t *port);
void evtchn_close(evtchn_port_t port);
/* Handlers may run at any hypercall or instruction once events_init() is
 * done: wait in a loop, `while ( !cond ) events_wait();`. */
void events_wait(void);  /* until a handler ran since its last return */
uint64_t monotonic_ns(void);  /* system time from vcpu_time_info */
/* Seconds since the epoch: shared_info's wallclock plus system time. */
uint64_t wallclock_s(void);
void timer_set(uint64_t deadline_ns);  /* VCPUOP/set_timer_op one-shot */

/*
 * Set by events_init().  events_vcpu is what the upcall reads; a kernel
 * that registers its own vcpu_info (VCPUOP_register_vcpu_info) points it
 * there.  events_fallback, if set, sees ports that have no handler.
 */
extern struct shared_info *HYPERVISOR_shared_info;
extern struct vcpu_info *volatile events_vcpu;
extern evtchn_handler_t events_fallback;
/* Upcalls taken and handlers run, since boot. */
extern volatile unsigned long events_upcalls, events_handled;

/* vcpu_info.evtchn_upcall_mask, as Linux's local_irq_disable/enable. */
void events_mask(bool masked);

#endif /* PV_GUEST_EVENTS_H */
