/*
 * void _start(void): the PV entry point (ENTRY note).  Trusts the domain
 * builder for %rsi = VA of start_info and a zeroed .bss (ELF semantics);
 * saves nothing, as nothing ran before it.  Moves onto the core's own
 * stack, which then also receives Xen's bounce frames.
 */
#include <pv-guest/param.h>

    .section .text.head, "ax", @progbits
    .code64
    .globl _start
    .type _start, @function
_start:
    cld
    mov     %rsi, start_info(%rip)
    lea     boot_stack_top(%rip), %rsp
    call    kernel_main

    /* kernel_main() must shut the domain down; returning is a bug. */
    lea     .Lreturned(%rip), %rdi
    xor     %eax, %eax
    call    panic
    .size _start, . - _start

    .section .rodata.str1.1, "aMS", @progbits, 1
.Lreturned:
    .asciz  "kernel_main() returned"

    .section .bss, "aw", @nobits
    .balign 8
    .globl start_info
    .type start_info, @object
start_info:
    .quad   0
    .size start_info, 8

    .balign 4096
boot_stack:
    .skip   PV_STACK_SIZE
boot_stack_top:
