/*
 * A second vCPU for conformance tests: its event callback, which acks
 * what is pending for vCPU 1 and counts (vcpu1_upcalls), the kernel-mode
 * context that starts it on vCPU 0's page tables, and the block-until-
 * upcall loop the tests wake it from.
 */
#ifndef TESTS_GUEST_VCPU1_H
#define TESTS_GUEST_VCPU1_H

#include <xen/xen.h>

extern volatile unsigned int vcpu1_upcalls;

/* c: in kernel mode at entry with stack_top, IF set, our callback. */
void vcpu1_context(struct vcpu_guest_context *c, void (*entry)(void),
                   void *stack_top);

/* On vCPU 1: SCHEDOP_block (events on) until an upcall, then mask. */
void vcpu1_block_until_upcall(void);

#endif /* TESTS_GUEST_VCPU1_H */
