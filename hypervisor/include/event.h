/*
 * Event channels (Xen's common/event_channel.c and event_2l.c): the port
 * table of a domain and the 2-level pending/mask bitmaps in its
 * shared_info.  Workers take values the hypercall layer has validated.
 */
#ifndef PVX_EVENT_H
#define PVX_EVENT_H

#include "lib.h"
#include <xen/xen.h>
#include <xen/event_channel.h>

struct domain;
struct vcpu;

/* Port states (Xen's ECS_*; pirq still to come). */
enum evtchn_state
{
    ECS_FREE,                           /* available */
    ECS_RESERVED,                       /* port 0, never handed out */
    ECS_UNBOUND,                        /* waiting for a remote domain */
    ECS_INTERDOMAIN,                    /* connected to a remote port */
    ECS_VIRQ,                           /* bound to a virtual IRQ */
    ECS_IPI,                            /* bound to a virtual IPI */
};

struct evtchn
{
    uint8_t state;                      /* enum evtchn_state */
    uint16_t notify_vcpu_id;            /* vCPU that takes the upcall */
    union
    {
        domid_t remote_domid;           /* ECS_UNBOUND */
        uint32_t virq;                  /* ECS_VIRQ */
        struct                          /* ECS_INTERDOMAIN */
        {
            struct domain *remote_dom;  /* lives while the port is bound */
            evtchn_port_t remote_port;
        } interdomain;
    } u;
};

/* Port 0 reserved, the first bucket of ports valid. */
void evtchn_init(struct domain *d);
bool port_is_valid(const struct domain *d, evtchn_port_t port);

/* Workers: 0 or a negative Xen errno; *port receives a new port. */
int evtchn_alloc_unbound(struct domain *d, domid_t remote,
                         evtchn_port_t *port);
int evtchn_bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu,
                     evtchn_port_t *port);
int evtchn_bind_ipi(struct domain *d, uint32_t vcpu, evtchn_port_t *port);
/* Connect a new port of ld to rd's unbound port rport, which awaits ld. */
int evtchn_bind_interdomain(struct domain *ld, struct domain *rd,
                            evtchn_port_t rport, evtchn_port_t *lport);
int evtchn_close(struct domain *d, evtchn_port_t port);
int evtchn_send(struct domain *d, evtchn_port_t port);
int evtchn_status(struct domain *d, struct evtchn_status *status);
int evtchn_bind_vcpu(struct domain *d, evtchn_port_t port, uint32_t vcpu);
int evtchn_unmask(struct domain *d, evtchn_port_t port);
int evtchn_set_priority(struct domain *d, evtchn_port_t port);
int evtchn_reset(struct domain *d);
/* SCHEDOP_poll: 1 pending, 0 not, -EINVAL for a port not in use. */
int evtchn_port_poll(struct domain *d, evtchn_port_t port);

/* Raise a per-vCPU VIRQ (VIRQ_TIMER) or a global one (VIRQ_CONSOLE). */
void send_guest_vcpu_virq(struct vcpu *v, uint32_t virq);
void send_guest_global_virq(struct domain *d, uint32_t virq);

/* event_2l.c: the bitmaps, exactly as Xen's evtchn_2l_* order them. */
void evtchn_2l_set_pending(struct vcpu *v, evtchn_port_t port);
void evtchn_2l_clear_pending(struct domain *d, evtchn_port_t port);
void evtchn_2l_unmask(struct vcpu *v, evtchn_port_t port);
bool evtchn_2l_is_pending(const struct domain *d, evtchn_port_t port);
/* Set evtchn_upcall_pending; kick the vCPU if it was clear. */
void vcpu_mark_events_pending(struct vcpu *v);
/* upcall_pending && !upcall_mask: the guest must get its upcall. */
bool local_events_need_delivery(const struct vcpu *v);

/* sched_block.c: wake a blocked or polling vCPU; interrupt one running
 * on another CPU so that it looks at its events. */
void vcpu_unblock(struct vcpu *v);
void evtchn_check_pollers(struct domain *d, evtchn_port_t port);

#endif /* PVX_EVENT_H */
