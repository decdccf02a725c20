/*
 * Console ring backend in ring 0 (struct xencons_interface, io/console.h)
 * for a first domain booted without a dom0, like Xen's pv-shim consoled.
 * The page is the guest's and so are its indices: at most one ring's worth
 * is consumed per kick, indices are masked, and nothing is trusted to
 * stay put between reads.
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/io/console.h>
#include "apic.h"
#include "console.h"
#include "console_ring.h"
#include "domain.h"
#include "event.h"
#include "page.h"
#include "timer.h"

#define POLL_NS 20000000UL              /* serial input poll: 20 ms */

static struct domain *ring_dom;
static struct xencons_interface *ring;
static unsigned int ring_port;
static struct timer poll_timer;

/* Serial input into the guest's in[] ring, then an event. */
static void poll_input(void *data)
{
    XENCONS_RING_IDX cons, prod;
    bool any = false;
    int c;

    (void)data;
    cons = ACCESS_ONCE(ring->in_cons);
    prod = ring->in_prod;
    while ( prod - cons < sizeof(ring->in) && (c = serial_getc()) >= 0 )
    {
        ring->in[MASK_XENCONS_IDX(prod, ring->in)] = (char)c;
        prod++;
        any = true;
    }
    if ( any )
    {
        asm volatile ( "" ::: "memory" );    /* data before the index */
        ring->in_prod = prod;
        evtchn_2l_set_pending(domain_vcpu(ring_dom, 0), ring_port);
    }
    set_timer(&poll_timer, now_ns() + POLL_NS);
}

unsigned int console_ring_init(struct domain *d, unsigned long mfn)
{
    evtchn_port_t port;

    /* Hold the frame: it must outlive anything the guest does to it. */
    if ( !get_page(mfn_to_page(mfn), d) ||
         evtchn_alloc_unbound(d, 0, &port) )
        panic("console_ring_init: cannot set up the console ring");
    ring_dom = d;
    ring = frame_virt(mfn);
    ring_port = port;
    init_timer(&poll_timer, poll_input, NULL);
    set_timer(&poll_timer, now_ns() + POLL_NS);
    return port;
}

bool console_ring_kick(struct domain *d, unsigned int port)
{
    char buf[sizeof(ring->out)];
    XENCONS_RING_IDX cons, prod;
    unsigned int n = 0;

    if ( d != ring_dom || port != ring_port )
        return false;
    cons = ring->out_cons;
    prod = ACCESS_ONCE(ring->out_prod);
    asm volatile ( "" ::: "memory" );    /* index before the data */
    while ( cons != prod && n < sizeof(buf) )
        buf[n++] = ring->out[MASK_XENCONS_IDX(cons++, ring->out)];
    ring->out_cons = cons;
    console_guest_write(d->domid, buf, n);
    return true;
}
