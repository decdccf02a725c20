/*
 * void _start(void): ring_console.elf, an assembly PV kernel whose Xen
 * notes declare no dom0 support (SUPPORTED_FEATURES without XENFEAT_dom0),
 * as the Debian cloud kernel's do.  It must then be started unprivileged
 * with a console ring: it writes its message into start_info's
 * console.domU ring, kicks the ring's event channel, waits until the
 * backend has consumed it, and powers off.  XTF layout (VA = PA = 1 MiB),
 * bare `syscall` hypercalls; the stack it was given holds the send
 * argument.
 */
#include <xen/xen.h>
#include <xen/elfnote.h>
#include <hypercalls/asm-consts.h>
#include <hypercalls/elfnote.h>

#define M2P 0xffff800000000000

    xen_elfnote XEN_ELFNOTE_GUEST_OS, .asciz, "ring_console"
    xen_elfnote XEN_ELFNOTE_XEN_VERSION, .asciz, "xen-3.0"
    xen_elfnote XEN_ELFNOTE_LOADER, .asciz, "generic"
    xen_elfnote XEN_ELFNOTE_SUPPORTED_FEATURES, .long, 0

    .text
    .code64
    .globl _start
    .type _start, @function
_start:
    /* A privileged start would be wrong: crash rather than print. */
    testq   $ASM_SIF_INITDOMAIN, ASM_SI_flags(%rsi)
    jnz     fail

    /* ring = VA of pfn M2P[console.domU.mfn] (pfn 0 is at VA 0). */
    mov     ASM_SI_console_mfn(%rsi), %rax
    movabs  $M2P, %rbx
    mov     (%rbx, %rax, 8), %rbx
    shl     $12, %rbx
    movl    ASM_SI_console_evtchn(%rsi), %r12d
    test    %r12d, %r12d
    jz      fail

    /* Copy msg into out[], advance out_prod (the ring is 2048 bytes). */
    movl    ASM_XENCONS_out_prod(%rbx), %ecx
    lea     msg(%rip), %rsi
1:  movb    (%rsi), %al
    test    %al, %al
    jz      2f
    mov     %ecx, %edx
    and     $2047, %edx
    movb    %al, ASM_XENCONS_out(%rbx, %rdx)
    inc     %ecx
    inc     %rsi
    jmp     1b
2:  movl    %ecx, ASM_XENCONS_out_prod(%rbx)
    mov     %ecx, %r13d

    /* event_channel_op(EVTCHNOP_send, &{ port }) */
    push    %r12
    mov     $__HYPERVISOR_event_channel_op, %eax
    mov     $ASM_EVTCHNOP_send, %edi
    mov     %rsp, %rsi
    syscall
    test    %rax, %rax
    jnz     fail

    /* The backend must have consumed everything. */
    cmpl    ASM_XENCONS_out_cons(%rbx), %r13d
    jne     fail

    /* sched_op(SCHEDOP_shutdown, &{ SHUTDOWN_poweroff }) */
    mov     $__HYPERVISOR_sched_op, %eax
    mov     $ASM_SCHEDOP_shutdown, %edi
    lea     poweroff(%rip), %rsi
    syscall
fail:
    ud2                             /* no trap table: the domain crashes */
    .size _start, . - _start

    .section .rodata, "a", @progbits
msg:
    .asciz  "ring_console: hello through the console ring\n"
    .balign 4
poweroff:
    .long   ASM_SHUTDOWN_poweroff
