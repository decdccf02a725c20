/*
 * void start32(void) -- multiboot2 entry, 32-bit protected mode, no paging.
 * In: %eax = multiboot2 magic, %ebx = physical address of the boot info.
 * Builds the boot page tables (identity + directmap + image, 2 MiB pages),
 * enters long mode, jumps to the image's high mapping and calls
 * start_pvx(mbi_phys).  Saves nothing: there is nothing to return to.
 */
#include "layout.h"
#include "x86.h"
#include "param.h"

#define MB2_MAGIC       0xe85250d6
#define MB2_BOOT_MAGIC  0x36d76289
#define PHYS(x)         ((x) - XEN_VIRT_START)
#define PTE_TABLE       (_PAGE_PRESENT | _PAGE_RW)
#define PTE_2M          (_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE)

        .section .multiboot, "a"
        .balign 8
mb2_header:
        .long MB2_MAGIC
        .long 0                                 /* architecture: i386 */
        .long mb2_header_end - mb2_header
        .long -(MB2_MAGIC + (mb2_header_end - mb2_header))
        .balign 8                               /* entry address tag */
        .short 3, 0
        .long 12
        .long PHYS(start32)
        .balign 8                               /* end tag */
        .short 0, 0
        .long 8
mb2_header_end:

        .section .text.boot, "ax"
        .code32
        .global start32
start32:
        cli
        cld
        movl    $PHYS(boot_stack_top), %esp
        cmpl    $MB2_BOOT_MAGIC, %eax
        jne     .Lno_multiboot
        movl    %ebx, %edi                      /* kept for start_pvx */

        /* Long mode available?  (extended leaf 0x80000001 EDX bit 29) */
        movl    $0x80000000, %eax
        cpuid
        cmpl    $0x80000001, %eax
        jb      .Lno_long_mode
        movl    $0x80000001, %eax
        cpuid
        btl     $29, %edx
        jnc     .Lno_long_mode

        /* PD i maps physical [i GiB, i+1 GiB) with 2 MiB pages. */
        movl    $PHYS(boot_pd), %edx
        xorl    %ecx, %ecx
1:      movl    %ecx, %eax
        shll    $21, %eax
        orl     $PTE_2M, %eax
        movl    %eax, (%edx, %ecx, 8)
        movl    %ecx, %eax
        shrl    $11, %eax                       /* bits 32+ of the address */
        movl    %eax, 4(%edx, %ecx, 8)
        incl    %ecx
        cmpl    $(512 * DIRECTMAP_GIB), %ecx
        jb      1b

        /* L3 of the directmap: DIRECTMAP_GIB PDs. */
        movl    $PHYS(boot_l3_direct), %edx
        movl    $PHYS(boot_pd) + PTE_TABLE, %eax
        xorl    %ecx, %ecx
2:      movl    %eax, (%edx, %ecx, 8)
        addl    $4096, %eax
        incl    %ecx
        cmpl    $DIRECTMAP_GIB, %ecx
        jb      2b

        /* L3 of the image: slot for XEN_VIRT_START -> the first PD. */
        movl    $PHYS(boot_pd) + PTE_TABLE, PHYS(boot_l3_image) + \
                ((XEN_VIRT_START >> 30) & 511) * 8

        /* L4: identity (slot 0, dropped later), image and directmap. */
        movl    $PHYS(boot_l3_direct) + PTE_TABLE, PHYS(idle_pg_table)
        movl    $PHYS(boot_l3_direct) + PTE_TABLE, PHYS(idle_pg_table) + \
                ((DIRECTMAP_VIRT_START >> 39) & 511) * 8
        movl    $PHYS(boot_l3_image) + PTE_TABLE, PHYS(idle_pg_table) + \
                ((XEN_VIRT_START >> 39) & 511) * 8

        /* PAE, then EFER.LME, then paging with write-protect. */
        movl    %cr4, %eax
        orl     $X86_CR4_PAE, %eax
        movl    %eax, %cr4
        movl    $PHYS(idle_pg_table), %eax
        movl    %eax, %cr3
        movl    $MSR_EFER, %ecx
        rdmsr
        orl     $EFER_LME, %eax
        wrmsr
        movl    %cr0, %eax
        orl     $(X86_CR0_PG | X86_CR0_WP | X86_CR0_PE), %eax
        movl    %eax, %cr0

        lgdt    PHYS(boot_gdtr)
        ljmp    $0x08, $PHYS(start64_low)

.Lno_multiboot:
        movl    $PHYS(msg_no_mb), %esi
        jmp     .Learly_fail
.Lno_long_mode:
        movl    $PHYS(msg_no_lm), %esi
.Learly_fail:                                   /* polled COM1, then halt */
        movw    $0x3f8 + 5, %dx
3:      inb     %dx, %al
        testb   $0x20, %al
        jz      3b
        movw    $0x3f8, %dx
        lodsb
        testb   %al, %al
        jz      4f
        outb    %al, %dx
        jmp     .Learly_fail
4:      hlt
        jmp     4b

        .code64
start64_low:
        movabsq $start64_high, %rax
        jmp     *%rax

        .text
start64_high:
        xorl    %eax, %eax
        movl    %eax, %ds
        movl    %eax, %es
        movl    %eax, %ss
        movl    %eax, %fs
        movl    %eax, %gs
        /* CPU 0's block from here on: get_cpu_info() rounds %rsp up. */
        movabsq $(cpu_stacks + STACK_SIZE - CPU_INFO_MAX), %rsp
        /* %rdi still holds the multiboot info's physical address. */
        call    start_pvx
5:      hlt
        jmp     5b

        .section .rodata
msg_no_mb:
        .asciz  "(PVX) FATAL: not started by a multiboot2 loader\r\n"
msg_no_lm:
        .asciz  "(PVX) FATAL: CPU has no long mode\r\n"
        .balign 8
boot_gdt:
        .quad   0
        .quad   0x00af9a000000ffff                  /* 0x08: 64-bit code */
boot_gdt_end:
boot_gdtr:
        .short  boot_gdt_end - boot_gdt - 1
        .long   PHYS(boot_gdt)

        .section .bss.page_aligned, "aw", @nobits
        .balign 4096
        .global idle_pg_table
idle_pg_table:
        .skip   4096
boot_l3_direct:
        .skip   4096
boot_l3_image:
        .skip   4096
        .global boot_pd
boot_pd:
        .skip   4096 * DIRECTMAP_GIB
boot_stack:
        .skip   16384
boot_stack_top:

        .section .note.GNU-stack, "", @progbits
