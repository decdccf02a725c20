/*
 * Hypercall handlers, named do_<name> as in Xen.  Guest pointers arrive as
 * unsigned long guest addresses and go only to copy_{from,to}_guest.
 */
#ifndef PVX_HYPERCALL_H
#define PVX_HYPERCALL_H

#include "lib.h"

long do_set_trap_table(unsigned long traps);
long do_stack_switch(unsigned long ss, unsigned long esp);
long do_set_callbacks(unsigned long event, unsigned long failsafe,
                      unsigned long syscall);
long do_fpu_taskswitch(int set);
long do_memory_op(unsigned long cmd, unsigned long arg);
long do_xen_version(int cmd, unsigned long arg);
long do_console_io(unsigned int cmd, unsigned int count, unsigned long buf);
long do_vm_assist(unsigned int cmd, unsigned int type);
long do_iret(void);
long do_sched_op(int cmd, unsigned long arg);
long do_callback_op(int cmd, unsigned long arg);

#endif /* PVX_HYPERCALL_H */
