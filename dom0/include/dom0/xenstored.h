/*
 * xenstored in dom0: the core (dom0/xenstored/) serving each introduced
 * domain's ring page and event channel, and dom0's own in-process
 * connections (libxenstore, dom0/include/dom0/xenstore.h).  Single vCPU:
 * call from the main loop, never from an event handler.
 */
#ifndef DOM0_XENSTORED_H
#define DOM0_XENSTORED_H

#include <stdbool.h>

void xenstored_init(void);   /* dom0's own in-process connection */
void xenstored_poll(void);   /* serve every ring with pending work;
                                the main loop calls it after events */
/* On VIRQ_DOM_EXC: getdomaininfo on introduced domains, fire
 * @releaseDomain, drop dead connections. */
void xenstored_domain_exc(void);

/* For libxenstore: the store (NULL before xenstored_init). */
struct xs_store *xenstored_store(void);
/* For libxenstore: serve the rings, then block until an event. */
void xenstored_wait(void);
/* Rings served and ignored for breaking the rules, for tests. */
unsigned int xenstored_rings(unsigned int *ignored);

#endif /* DOM0_XENSTORED_H */
