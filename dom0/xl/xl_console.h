/*
 * xl console inside dom0's one event loop: while attached, serial input
 * goes to the guest (Ctrl-] detaches, as xenconsole's escape) and the
 * guest's output to the serial line.  The loop asks xl_console_active()
 * to know where typed bytes go.
 */
#ifndef DOM0_XL_CONSOLE_H
#define DOM0_XL_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xen/xen.h>

#define XL_CONSOLE_ESCAPE   0x1d        /* Ctrl-] */

bool xl_console_active(void);
/* Attach to dom; its output since creation or the last detach follows. */
int xl_console_attach(domid_t dom);
/* Typed bytes while attached; false once Ctrl-] has detached. */
bool xl_console_input(const char *buf, size_t n);
/* Copy the guest's new output to the serial line; detach if it died. */
void xl_console_pump(void);
/* True once after each detach (Ctrl-] or the domain's end). */
bool xl_console_detached(void);
/* The domain is going away: detach if attached to it. */
void xl_console_gone(domid_t dom);

#endif /* DOM0_XL_CONSOLE_H */
