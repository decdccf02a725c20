/*
 * Application-processor start (Xen's trampoline.S in miniature).
 *   trampoline_start..trampoline_end: copied to TRAMPOLINE_PHYS by
 *     smpboot.c; the SIPI starts it in real mode at CS:IP = 0800:0000.
 *     It loads a flat GDT, enters protected mode, turns on PAE, loads
 *     idle_pg_table (whose slot 0 still identity-maps low memory), sets
 *     EFER from the BSP's and enters long mode.
 *   ap_start64: the high half; %rsp = ap_stack_top, then
 *     noreturn void start_secondary(void).
 * Saves nothing: the AP has no context before this.
 */
#include "layout.h"
#include "param.h"
#include "x86.h"

#define PHYS(x)   ((x) - XEN_VIRT_START)
#define TRAMP(x)  ((x) - trampoline_start + TRAMPOLINE_PHYS)

        .section .rodata
        .balign 16
        .global trampoline_start, trampoline_end
        .code16
trampoline_start:
        cli
        xorw    %ax, %ax
        movw    %ax, %ds
        lgdtl   TRAMP(tramp_gdtr)
        movl    %cr0, %eax
        orl     $X86_CR0_PE, %eax
        movl    %eax, %cr0
        ljmpl   $0x08, $TRAMP(tramp32)

        .code32
tramp32:
        movw    $0x10, %ax
        movw    %ax, %ds
        movw    %ax, %es
        movw    %ax, %ss
        movl    %cr4, %eax
        orl     $X86_CR4_PAE, %eax
        movl    %eax, %cr4
        movl    $PHYS(idle_pg_table), %eax
        movl    %eax, %cr3
        movl    $MSR_EFER, %ecx
        movl    TRAMP(tramp_efer), %eax
        xorl    %edx, %edx
        wrmsr
        movl    %cr0, %eax
        orl     $(X86_CR0_PG | X86_CR0_WP | X86_CR0_PE), %eax
        movl    %eax, %cr0
        ljmpl   $0x18, $TRAMP(tramp64)

        .code64
tramp64:
        movabsq $ap_start64, %rax
        jmp     *%rax

        .balign 8
tramp_gdt:
        .quad   0
        .quad   0x00cf9a000000ffff              /* 0x08: 32-bit code */
        .quad   0x00cf92000000ffff              /* 0x10: data */
        .quad   0x00af9a000000ffff              /* 0x18: 64-bit code */
tramp_gdt_end:
tramp_gdtr:
        .short  tramp_gdt_end - tramp_gdt - 1
        .long   TRAMP(tramp_gdt)
        .global tramp_efer
tramp_efer:                                     /* smpboot.c: the BSP's */
        .long   0
trampoline_end:

        .text
ap_start64:
        xorl    %eax, %eax
        movl    %eax, %ds
        movl    %eax, %es
        movl    %eax, %ss
        movl    %eax, %fs
        movl    %eax, %gs
        movq    ap_stack_top(%rip), %rsp
        call    start_secondary
1:      hlt
        jmp     1b

        .section .note.GNU-stack, "", @progbits
