/*
 * console_io (drivers/char/console.c's do_console_io): write copies the
 * guest buffer out in bounded chunks; read drains the serial input, which
 * a timer polls from the UART (Xen's ns16550 without an IRQ) and announces
 * to the hardware domain with VIRQ_CONSOLE.
 */
#include "lib.h"
#include <xen/xen.h>
#include "apic.h"
#include "boot.h"
#include "console.h"
#include "domain.h"
#include "errno.h"
#include "event.h"
#include "guest_access.h"
#include "hypercall.h"
#include "param.h"
#include "timer.h"

static long console_write_guest(unsigned long buf, unsigned int count)
{
    char chunk[CONSOLE_CHUNK];

    while ( count )
    {
        unsigned int n = MIN(count, (unsigned int)sizeof(chunk));

        if ( copy_from_guest_raw(chunk, buf, n) )
            return -EFAULT;
        console_guest_write(current->domain->domid, chunk, n);
        buf += n;
        count -= n;
    }
    return 0;
}

/*
 * Serial input waits in a ring until a guest reads it; the consumer index
 * moves only after a successful copy, so a bad buffer loses no input.
 */
static char rx_ring[SERIAL_RX_SIZE];
static unsigned int rx_prod, rx_cons;
static struct timer rx_timer;

/*
 * Move what the UART holds into the ring; true if anything arrived.  A
 * full ring leaves the rest in the UART FIFO (QEMU then holds it back),
 * where Xen's serial_rx drops it: nothing typed ahead is lost.
 */
static bool rx_poll(void)
{
    unsigned int before = rx_prod;
    int c;

    while ( rx_prod - rx_cons < SERIAL_RX_SIZE && (c = serial_getc()) >= 0 )
        rx_ring[rx_prod++ % SERIAL_RX_SIZE] = (char)c;
    return rx_prod != before;
}

/* Timer callback (interrupts off): poll, tell dom0, re-arm. */
static void rx_timer_fn(void *data)
{
    struct domain *hwdom = get_domain_by_id(0);

    (void)data;
    if ( rx_poll() && hwdom && hwdom->state <= DOMSTATE_shutdown )
        send_guest_global_virq(hwdom, VIRQ_CONSOLE);
    set_timer(&rx_timer, now_ns() + SERIAL_POLL_NS);
}

void console_rx_init(void)
{
    /* pv-shim hands the serial line to its console ring instead. */
    if ( opts.pv_shim )
        return;
    init_timer(&rx_timer, rx_timer_fn, NULL);
    set_timer(&rx_timer, now_ns() + SERIAL_POLL_NS);
}

static long console_read_guest(unsigned long buf, unsigned int count)
{
    unsigned int done = 0;

    if ( count > 0x7fffffffu )          /* the result must stay positive */
        return -E2BIG;
    rx_poll();
    while ( done < count && rx_cons != rx_prod )
    {
        unsigned int idx = rx_cons % SERIAL_RX_SIZE;
        unsigned int n = MIN(rx_prod - rx_cons, SERIAL_RX_SIZE - idx);

        n = MIN(n, count - done);
        if ( copy_to_guest_raw(buf + done, &rx_ring[idx], n) )
            return -EFAULT;
        done += n;
        rx_cons += n;
    }
    return done;
}

long do_console_io(unsigned int cmd, unsigned int count, unsigned long buf)
{
    switch ( cmd )
    {
    case CONSOLEIO_write:
        return console_write_guest(buf, count);
    case CONSOLEIO_read:
        return console_read_guest(buf, count);
    }
    return unimplemented_subop(__HYPERVISOR_console_io, cmd);
}
