/*
 * bench=syscall: a bare SYSCALL/SYSRET round trip measured once at boot,
 * the yardstick make bench divides hypercall costs by.  Off by default.
 */
#ifndef PVX_SYSCALL_BENCH_H
#define PVX_SYSCALL_BENCH_H

/* The DPL-3 gate ring 3 leaves the benchmark through (bench IDT only). */
#define SYSCALL_BENCH_VECTOR  0x80
/* Round trips per loop iteration of the ring-3 code. */
#define SYSCALL_BENCH_UNROLL  16

#ifndef __ASSEMBLER__
#include "lib.h"

/* Measure and print "bench: syscall_sysret <TSC ticks per round trip>". */
void syscall_bench(void);

/* syscall_bench_entry.S */
uint64_t syscall_bench_enter(uint64_t rip, uint64_t rsp, uint64_t loops);
void syscall_bench_sysret(void);
void syscall_bench_exit(void);
extern const uint8_t syscall_bench_user[], syscall_bench_user_end[];
#endif

#endif /* PVX_SYSCALL_BENCH_H */
