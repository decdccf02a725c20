/*
 * xl shutdown/reboot -w inside dom0's one event loop (xl's
 * wait_for_domain_deaths): the prompt stays away until every domain
 * waited for has shut down (-w) or is gone (-w -w).  Typed input goes to
 * xl_wait_input meanwhile, where Ctrl-C stops waiting.
 */
#ifndef DOM0_XL_WAIT_H
#define DOM0_XL_WAIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xen/xen.h>

/* Wait for these domains: their shutdown, or with death their end. */
void xl_wait_start(const domid_t *doms, unsigned int n, bool death);
bool xl_wait_active(void);
/* On VIRQ_DOM_EXC, before xl acts on domains that shut down. */
void xl_wait_check(void);
/* Typed bytes while waiting: Ctrl-C stops the wait. */
void xl_wait_input(const char *buf, size_t n);
/* True once after a wait ended (every domain, or Ctrl-C). */
bool xl_wait_finished(void);

#endif /* DOM0_XL_WAIT_H */
