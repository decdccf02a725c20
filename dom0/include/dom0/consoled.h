/*
 * The console backend in dom0 (xenconsoled's job): per guest, the
 * console ring page (xen/io/console.h) and port, its output kept in a
 * bounded history buffer, input from `xl console`.  Single vCPU: call
 * from the main loop, never from an event handler.
 */
#ifndef DOM0_CONSOLED_H
#define DOM0_CONSOLED_H

#include <stddef.h>
#include <stdint.h>

#include <xen/xen.h>
#include <xen/event_channel.h>

/* Map the guest's console page, bind its port: 0 or -errno (-EEXIST if
 * attached, -ENOSPC beyond CONSOLED_MAX_DOMAINS, -EINVAL bad page). */
int consoled_attach(domid_t dom, xen_pfn_t mfn, evtchn_port_t port);
void consoled_detach(domid_t dom);
/* Output of dom since *cursor (start at 0); advances *cursor.  Bytes
 * that fell out of the history are skipped. */
size_t consoled_read(domid_t dom, uint64_t *cursor, char *buf, size_t n);
/* Input to dom: bytes that fitted in its ring, or -ENOENT. */
int consoled_write(domid_t dom, const char *buf, size_t n);
/* Drain every ring with output; the main loop calls it after events. */
void consoled_poll(void);

#endif /* DOM0_CONSOLED_H */
