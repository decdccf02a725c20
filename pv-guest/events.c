/*
 * Event channels of the PV kernel core (2-level ABI): shared_info mapped
 * over a page of the image, the upcall that acks pending unmasked ports
 * and runs their handlers (Linux's xen_evtchn_do_upcall loop), the
 * channel hypercalls, and events_wait.  Trusts shared_info's layout; a
 * port number from anywhere is clamped before it indexes the table.
 */
#include <hypercalls/hypercall.h>
#include <pv-guest/events.h>
#include <pv-guest/lib.h>
#include <pv-guest/mm.h>
#include <xen/errno.h>

#define NR_PORTS    EVTCHN_2L_NR_CHANNELS
#define WORD_BITS   (sizeof(xen_ulong_t) * 8)

struct shared_info *HYPERVISOR_shared_info;
struct vcpu_info *volatile events_vcpu;
evtchn_handler_t events_fallback;
volatile unsigned long events_upcalls, events_handled;

static struct {
    evtchn_handler_t fn;
    void *arg;
} handlers[NR_PORTS];

/* Its frame is given up: the VA shows shared_info from events_init on. */
static uint8_t shared_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

void entry_EVTCHN(void);
void do_upcall(void);

static void dispatch(evtchn_port_t port)
{
    evtchn_handler_t fn = handlers[port].fn;

    if ( fn )
    {
        fn(port, handlers[port].arg);
        events_handled++;
    }
    else if ( events_fallback )
        events_fallback(port, NULL);
}

/* Called from entry_EVTCHN with events masked. */
void do_upcall(void)
{
    struct shared_info *s = HYPERVISOR_shared_info;

    events_upcalls++;
    do {
        struct vcpu_info *v = events_vcpu;
        xen_ulong_t sel;

        v->evtchn_upcall_pending = 0;
        sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0,
                                  __ATOMIC_SEQ_CST);
        while ( sel )
        {
            unsigned int w = __builtin_ctzl(sel);
            xen_ulong_t bits = s->evtchn_pending[w] & ~s->evtchn_mask[w];

            sel &= sel - 1;
            while ( bits )
            {
                unsigned int b = __builtin_ctzl(bits);

                bits &= bits - 1;
                /* Ack before the handler: a new send during it counts. */
                __atomic_fetch_and(&s->evtchn_pending[w], ~(1UL << b),
                                   __ATOMIC_SEQ_CST);
                dispatch(w * WORD_BITS + b);
            }
        }
    } while ( events_vcpu->evtchn_upcall_pending );
}

void events_mask(bool masked)
{
    __atomic_store_n(&events_vcpu->evtchn_upcall_mask, masked,
                     __ATOMIC_SEQ_CST);
    /* Unmasked with an event pending: any hypercall delivers it. */
    if ( !masked && events_vcpu->evtchn_upcall_pending )
        hypercall_xen_version(XENVER_version, NULL);
}

void events_init(void)
{
    struct callback_register cb = {
        .type = CALLBACKTYPE_event,
        .address = (unsigned long)entry_EVTCHN,
    };
    long rc;

    rc = hypercall_update_va_mapping((unsigned long)shared_page,
                                     start_info->shared_info | PTE_KERNEL,
                                     UVMF_INVLPG);
    if ( rc )
        panic("events_init: mapping shared_info: %ld", rc);
    HYPERVISOR_shared_info = (struct shared_info *)shared_page;
    events_vcpu = &HYPERVISOR_shared_info->vcpu_info[0];
    rc = hypercall_callback_op(CALLBACKOP_register, &cb);
    if ( rc )
        panic("events_init: event callback: %ld", rc);
    events_mask(false);
}

static long port_op(unsigned int cmd, evtchn_port_t port)
{
    evtchn_port_t p = port;     /* close, send, unmask take { port } */

    return hypercall_event_channel_op(cmd, &p);
}

int evtchn_bind(evtchn_port_t port, evtchn_handler_t fn, void *arg)
{
    if ( port >= NR_PORTS || !fn )
        return -XEN_EINVAL;
    if ( handlers[port].fn )
        return -XEN_EEXIST;
    handlers[port].arg = arg;
    __atomic_store_n(&handlers[port].fn, fn, __ATOMIC_SEQ_CST);
    /* Unmasking re-raises an event that came before the handler. */
    return port_op(EVTCHNOP_unmask, port);
}

void evtchn_unbind(evtchn_port_t port)
{
    if ( port >= NR_PORTS )
        return;
    __atomic_fetch_or(&HYPERVISOR_shared_info->evtchn_mask[port / WORD_BITS],
                      1UL << (port % WORD_BITS), __ATOMIC_SEQ_CST);
    handlers[port].fn = NULL;
    handlers[port].arg = NULL;
}

void evtchn_notify(evtchn_port_t port)
{
    long rc = port_op(EVTCHNOP_send, port);

    if ( rc )
        printk("evtchn_notify: port %u: error %ld\n", port, rc);
}

long evtchn_alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *p)
{
    struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote };
    long rc = hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &a);

    if ( !rc )
        *p = a.port;
    return rc;
}

long evtchn_bind_interdomain(domid_t remote, evtchn_port_t rport,
                             evtchn_port_t *local)
{
    struct evtchn_bind_interdomain b = { .remote_dom = remote,
                                         .remote_port = rport };
    long rc = hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &b);

    if ( !rc )
        *local = b.local_port;
    return rc;
}

long evtchn_bind_virq(uint32_t virq, evtchn_port_t *port)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = 0 };
    long rc = hypercall_event_channel_op(EVTCHNOP_bind_virq, &b);

    if ( !rc )
        *port = b.port;
    return rc;
}

void evtchn_close(evtchn_port_t port)
{
    long rc;

    evtchn_unbind(port);
    rc = port_op(EVTCHNOP_close, port);
    if ( rc )
        printk("evtchn_close: port %u: error %ld\n", port, rc);
}

/*
 * Return once a handler has run since the last return (at once if one
 * already has): a caller that checked its condition, found nothing, and
 * then calls here cannot sleep through an event that arrived in between.
 * SCHEDOP_block unmasks and blocks in one step, so none is lost there.
 */
void events_wait(void)
{
    static unsigned long seen;

    for ( ;; )
    {
        events_mask(true);
        if ( events_handled != seen )
            break;
        hypercall_sched_op(SCHEDOP_block, NULL);
        events_mask(false);
    }
    seen = events_handled;
    events_mask(false);
}
