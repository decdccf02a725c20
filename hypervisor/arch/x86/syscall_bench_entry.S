/*
 * Ring transitions of bench=syscall (syscall_bench.c owns the set-up):
 *
 *   uint64_t syscall_bench_enter(uint64_t rip, uint64_t rsp, uint64_t loops)
 *       saves the callee-saved registers and %rsp, IRETQs to ring 3 at
 *       rip/rsp with IF clear and %rdi = loops; returns the %rax ring 3
 *       holds at `int $SYSCALL_BENCH_VECTOR` (through syscall_bench_exit).
 *   syscall_bench_sysret   LSTAR during the run: SYSRETQ and nothing else.
 *   syscall_bench_exit     the bench IDT's DPL-3 gate: discards the frame
 *                          the CPU pushed at TSS.RSP0 and returns.
 *   syscall_bench_user     position-independent ring-3 code, copied into
 *                          a user page; needs no stack: returns the ticks
 *                          of loops * SYSCALL_BENCH_UNROLL round trips.
 */
#include "syscall_bench.h"
#include "x86.h"

#define FLAT_RING3_SS64 0xe02b
#define FLAT_RING3_CS64 0xe033

        .text
        .global syscall_bench_enter
syscall_bench_enter:
        pushq   %rbx
        pushq   %rbp
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        movq    %rsp, bench_saved_rsp(%rip)
        pushq   $FLAT_RING3_SS64
        pushq   %rsi
        pushq   $X86_EFLAGS_MBS         /* IF clear in ring 3 too */
        pushq   $FLAT_RING3_CS64
        pushq   %rdi
        movq    %rdx, %rdi
        iretq

        .global syscall_bench_exit
syscall_bench_exit:
        movq    bench_saved_rsp(%rip), %rsp
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbp
        popq    %rbx
        ret

/* On the ring-3 stack, with FMASK's IF clear; touches no memory. */
        .global syscall_bench_sysret
syscall_bench_sysret:
        sysretq

/*
 * Ring 3: %rdi loops of SYSCALL_BENCH_UNROLL syscalls between two RDTSCs,
 * minus the same loop with no syscall in it, so only the round trips are
 * left; SYSCALL only clobbers %rcx and %r11.  The result leaves in %rax.
 */
        .global syscall_bench_user
syscall_bench_user:
        movq    %rdi, %r8
        rdtsc
        shlq    $32, %rdx
        orq     %rax, %rdx
        movq    %rdx, %rsi
1:
        .rept   SYSCALL_BENCH_UNROLL
        syscall
        .endr
        decq    %rdi
        jnz     1b
        rdtsc
        shlq    $32, %rdx
        orq     %rax, %rdx
        subq    %rsi, %rdx
        movq    %rdx, %r9               /* ticks with the round trips */
        rdtsc
        shlq    $32, %rdx
        orq     %rax, %rdx
        movq    %rdx, %rsi
2:      decq    %r8
        jnz     2b
        rdtsc
        shlq    $32, %rdx
        orq     %rax, %rdx
        subq    %rsi, %rdx              /* ticks of the bare loop */
        movq    %r9, %rax
        subq    %rdx, %rax
        int     $SYSCALL_BENCH_VECTOR
        .global syscall_bench_user_end
syscall_bench_user_end:

        .bss
        .balign 8
bench_saved_rsp:
        .quad   0

        .section .note.GNU-stack, "", @progbits
