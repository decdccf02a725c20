/*
 * The hypervisor console: COM1 output with per-line "(PVX) " prefixes and
 * log levels, guest console_io output, and polled serial input.
 */
#ifndef PVX_CONSOLE_H
#define PVX_CONSOLE_H

#include "lib.h"

void serial_init(void);
void serial_putc(char c);
int serial_getc(void);                  /* -1 when nothing is waiting */
/* Poll serial input every SERIAL_POLL_NS, VIRQ_CONSOLE to dom0 on input. */
void console_rx_init(void);

void console_write(const char *s, size_t len);
/* Guest output: dom0 raw, others "(dN) "-prefixed per line, as Xen does. */
void console_guest_write(unsigned int domid, const char *s, size_t len);
/* sysctl readconsole: copy out of the console ring, as Xen's. */
struct xen_sysctl_readconsole;
long read_console_ring(struct xen_sysctl_readconsole *op);

#endif /* PVX_CONSOLE_H */
