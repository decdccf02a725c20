/*
 * Polled 16550 UART on COM1, 115200 8n1.  Output waits for the transmit
 * holding register; input is read only when a guest asks (console_io).
 */
#include "console.h"
#include "x86.h"

#define COM1 0x3f8
#define UART_LSR_DR   0x01     /* receive data ready */
#define UART_LSR_THRE 0x20     /* transmit holding register empty */

void serial_init(void)
{
    outb(COM1 + 1, 0x00);      /* no UART interrupts */
    outb(COM1 + 3, 0x80);      /* DLAB on */
    outb(COM1 + 0, 0x01);      /* divisor 1: 115200 baud */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);      /* 8n1, DLAB off */
    outb(COM1 + 2, 0xc7);      /* FIFOs on, cleared */
    outb(COM1 + 4, 0x03);      /* DTR, RTS */
}

void serial_putc(char c)
{
    if ( c == '\n' )
        serial_putc('\r');
    while ( !(inb(COM1 + 5) & UART_LSR_THRE) )
        cpu_relax();
    outb(COM1, (uint8_t)c);
}

int serial_getc(void)
{
    if ( !(inb(COM1 + 5) & UART_LSR_DR) )
        return -1;
    return inb(COM1);
}
