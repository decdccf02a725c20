/*
 * Console of the PV kernel core.  The initial domain, or a domain without
 * a console page, uses CONSOLEIO_write/read; any other writes the console
 * ring (xen/io/console.h) that start_info names and notifies its port.
 * dom0's backend may write anything into the page: its index is read once
 * per step and only the distance to ours, clamped, is trusted.
 */
#include <stdbool.h>

#include <hypercalls/hypercall.h>
#include <pv-guest/lib.h>
#include <pv-guest/param.h>
#include <xen/io/console.h>

#define M2P ((const unsigned long *)MACH2PHYS_VIRT_START)
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

/* Yields to wait for room before output is dropped: a backend that never
 * drains must not hang the guest. */
#define CONSOLE_RING_PATIENCE 1000

static inline void mb(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* The ring, or NULL when the console is console_io. */
static struct xencons_interface *ring(void)
{
    static struct xencons_interface *intf;
    static bool looked;

    if ( !looked )
    {
        looked = true;
        if ( !(start_info->flags & SIF_INITDOMAIN) &&
             start_info->console.domU.mfn )
            intf = (void *)(PV_VIRT_BASE +
                            M2P[start_info->console.domU.mfn] * 4096);
    }
    return intf;
}

static void notify(void)
{
    struct evtchn_send send = { .port = start_info->console.domU.evtchn };

    hypercall_event_channel_op(EVTCHNOP_send, &send);
}

void console_write(const char *buf, size_t len)
{
    struct xencons_interface *intf = ring();
    unsigned int patience = CONSOLE_RING_PATIENCE;

    if ( !intf )
    {
        hypercall_console_io(CONSOLEIO_write, len, buf);
        return;
    }
    while ( len )
    {
        XENCONS_RING_IDX cons = READ_ONCE(intf->out_cons);
        XENCONS_RING_IDX prod = READ_ONCE(intf->out_prod);
        size_t done = 0;

        mb();
        if ( (XENCONS_RING_IDX)(prod - cons) > sizeof(intf->out) )
            cons = prod - sizeof(intf->out); /* backend gone wrong */
        while ( done < len &&
                (XENCONS_RING_IDX)(prod - cons) < sizeof(intf->out) )
            intf->out[MASK_XENCONS_IDX(prod++, intf->out)] = buf[done++];
        mb(); /* data before the index */
        WRITE_ONCE(intf->out_prod, prod);
        notify();
        buf += done;
        len -= done;
        if ( len && !done && !patience-- )
            return;
        if ( len && !done )
            hypercall_sched_op(SCHEDOP_yield, NULL);
    }
}

size_t console_read(char *buf, size_t len)
{
    struct xencons_interface *intf = ring();
    XENCONS_RING_IDX cons, prod;
    size_t done = 0;
    long rc;

    if ( !intf )
    {
        rc = hypercall_console_io(CONSOLEIO_read, len, buf);
        return rc > 0 ? rc : 0;
    }
    cons = READ_ONCE(intf->in_cons);
    prod = READ_ONCE(intf->in_prod);
    mb();
    if ( (XENCONS_RING_IDX)(prod - cons) > sizeof(intf->in) )
        cons = prod - sizeof(intf->in);
    while ( done < len && cons != prod )
        buf[done++] = intf->in[MASK_XENCONS_IDX(cons++, intf->in)];
    mb(); /* copied before the backend may reuse the space */
    WRITE_ONCE(intf->in_cons, cons);
    if ( done )
        notify();
    return done;
}
