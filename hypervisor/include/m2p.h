/*
 * The machine-to-phys table: one unsigned long per machine frame, written
 * by the hypervisor (builder, MMU_MACHPHYS_UPDATE) and mapped read-only for
 * guests at XENMEM_machphys_mapping's v_start.  Guests own the entries of
 * their frames, so ring 0 never trusts what it reads there.
 */
#ifndef PVX_M2P_H
#define PVX_M2P_H

#include "lib.h"

#define INVALID_M2P_ENTRY (~0UL)        /* a frame no guest pfn maps */

void m2p_init(void);
void m2p_set(unsigned long mfn, unsigned long pfn);

#endif /* PVX_M2P_H */
