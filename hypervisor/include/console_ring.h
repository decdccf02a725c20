/*
 * The console ring of a first domain that is not dom0-capable: ring 0
 * serves it from the serial port, as Xen's PV shim does for the domain it
 * runs.  Output drains on EVTCHNOP_send to the ring's port; serial input
 * is polled and fed into the ring with an event.
 */
#ifndef PVX_CONSOLE_RING_H
#define PVX_CONSOLE_RING_H

#include "lib.h"

struct domain;

/* Serve the ring in frame mfn (owned by d); returns its event port. */
unsigned int console_ring_init(struct domain *d, unsigned long mfn);
/* EVTCHNOP_send on port: true if it was the console ring's, now drained. */
bool console_ring_kick(struct domain *d, unsigned int port);

#endif /* PVX_CONSOLE_RING_H */
