/*
 * A hostile guest for the xenstore system test: it makes one honest
 * request over xenbus, then writes a request producer index 64 KiB ahead
 * of the consumer and notifies.  dom0's xenstored must set the ring's
 * error field and stop serving it, and keep serving everyone else.
 */
#include <pv-guest/events.h>
#include <pv-guest/heap.h>
#include <pv-guest/lib.h>
#include <pv-guest/mm.h>
#include <pv-guest/param.h>
#include <pv-guest/xenbus.h>
#include <xen/io/xs_wire.h>

#define M2P ((const unsigned long *)MACH2PHYS_VIRT_START)
#define WAIT_NS 30000000000ULL

static volatile unsigned long ticks;

static void on_tick(evtchn_port_t port, void *arg)
{
    ticks++;
}

void kernel_main(void)
{
    volatile struct xenstore_domain_interface *intf;
    evtchn_port_t timer_port;
    uint64_t end;
    char *name = NULL;
    int rc;

    mm_init();
    events_init();
    if ( evtchn_bind_virq(VIRQ_TIMER, &timer_port) ||
         evtchn_bind(timer_port, on_tick, NULL) || xenbus_init() )
        panic("evil: no timer or no xenstore");
    rc = xenbus_read(XBT_NIL, "name", &name);
    printk("evil: honest read of my name: %d '%s'\n", rc, name ? name : "");
    free(name);

    intf = (void *)(PV_VIRT_BASE + M2P[start_info->store_mfn] * PAGE_SIZE);
    intf->req_prod = intf->req_cons + 0x10000;
    evtchn_notify(start_info->store_evtchn);
    printk("evil: scribbled req_prod\n");

    end = monotonic_ns() + WAIT_NS;
    while ( !intf->error && monotonic_ns() < end )
    {
        timer_set(monotonic_ns() + 10000000);
        events_wait();
    }
    printk("evil: error field %u\n", intf->error);
    for ( ;; )
        events_wait();
}
