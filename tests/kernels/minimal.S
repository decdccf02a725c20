/*
 * void _start(void): minimal.elf, a second PV kernel independent of the
 * pv-guest core.  XTF-style image (VA = PA = 1 MiB, no VIRT_BASE, no ENTRY
 * note, entry from e_entry) with no hypercall page: like Linux 6.1 it
 * makes each hypercall with a bare `syscall` (%rax = number, args in %rdi,
 * %rsi, %rdx; %rcx and %r11 are lost).  Saves nothing and uses no stack.
 */
#include <xen/xen.h>
#include <hypercalls/asm-consts.h>
#include <hypercalls/elfnote.h>

    xen_elfnote XEN_ELFNOTE_GUEST_OS, .asciz, "minimal"
    xen_elfnote XEN_ELFNOTE_GUEST_VERSION, .asciz, "0"
    xen_elfnote XEN_ELFNOTE_XEN_VERSION, .asciz, "xen-3.0"
    xen_elfnote XEN_ELFNOTE_LOADER, .asciz, "generic"
    xen_elfnote XEN_ELFNOTE_FEATURES, .asciz, \
        "!writable_page_tables|pae_pgdir_above_4gb"

    .text
    .code64
    .globl _start
    .type _start, @function
_start:
    /* console_io(CONSOLEIO_write, len, msg) */
    mov     $__HYPERVISOR_console_io, %eax
    mov     $CONSOLEIO_write, %edi
    mov     $(msg_end - msg), %esi
    lea     msg(%rip), %rdx
    syscall

    /* sched_op(SCHEDOP_shutdown, &{ SHUTDOWN_poweroff }) */
    mov     $__HYPERVISOR_sched_op, %eax
    mov     $ASM_SCHEDOP_shutdown, %edi
    lea     poweroff(%rip), %rsi
    syscall

    /* Not reached; with no trap table a #UD makes the hypervisor crash us. */
    ud2
    .size _start, . - _start

    .section .rodata, "a", @progbits
msg:
    .ascii  "minimal: hello from an independent PV kernel\n"
msg_end:

    /* struct sched_shutdown: a single unsigned int, the reason. */
    .balign 4
poweroff:
    .long   ASM_SHUTDOWN_poweroff
