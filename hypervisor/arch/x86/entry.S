/*
 * Entry and exit paths.  Every path builds a struct cpu_user_regs (Xen's
 * public layout, offsets pinned by BUILD_BUG_ON in traps.c) and leaves by
 * IRETQ; SYSRET is never used, so a non-canonical return RIP cannot fault
 * on the guest stack (XSA-7).
 *
 *   void syscall_entry(void)          LSTAR: 64-bit guest SYSCALL
 *   void syscall_entry_compat(void)   CSTAR: SYSCALL from compat mode
 *   entry_stubs[256]                  IDT vectors 0-255
 *   void enter_guest(struct cpu_user_regs *regs)   never returns
 *   size_t raw_copy(void *dst, const void *src, size_t n)
 */
#include "layout.h"
#include "param.h"
#include "x86.h"

#define UREGS_SIZE      200     /* sizeof(struct cpu_user_regs) */
#define UREGS_es        168     /* offsetof(struct cpu_user_regs, es) */
#define UREGS_cs        136     /* offsetof(struct cpu_user_regs, cs) */
#define GUEST_FRAME_TOP (cpu0_stack + STACK_SIZE - UREGS_SIZE + UREGS_es)
#define FLAT_KERNEL_SS  0xe02b
#define FLAT_KERNEL_CS  0xe033

.macro SAVE_ALL
        pushq   %rdi
        pushq   %rsi
        pushq   %rdx
        pushq   %rcx
        pushq   %rax
        pushq   %r8
        pushq   %r9
        pushq   %r10
        pushq   %r11
        pushq   %rbx
        pushq   %rbp
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
.endm

.macro RESTORE_ALL
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbp
        popq    %rbx
        popq    %r11
        popq    %r10
        popq    %r9
        popq    %r8
        popq    %rax
        popq    %rcx
        popq    %rdx
        popq    %rsi
        popq    %rdi
.endm

        .text
/*
 * SYSCALL does not switch stacks: %rsp is still the guest's.  Park it,
 * move onto the guest frame at the top of this CPU's stack and build the
 * frame an interrupt would have built.  IF is clear (FMASK).  A single
 * scratch slot is enough while NR_CPUS is 1.
 */
.macro SYSCALL_FRAME vector
        movq    %rsp, syscall_scratch_rsp(%rip)
        leaq    GUEST_FRAME_TOP(%rip), %rsp
        pushq   $FLAT_KERNEL_SS
        pushq   syscall_scratch_rsp(%rip)
        pushq   %r11                    /* guest RFLAGS */
        pushq   $FLAT_KERNEL_CS
        pushq   %rcx                    /* guest RIP */
        pushq   $0
        movl    $\vector, 4(%rsp)
        SAVE_ALL
        cld
        movq    %rsp, %rdi
.endm

        .global syscall_entry
syscall_entry:
        SYSCALL_FRAME TRAP_syscall
        call    pv_syscall
        jmp     restore_all

        .global syscall_entry_compat
syscall_entry_compat:
        SYSCALL_FRAME (TRAP_syscall | 1)
        call    pv_syscall_compat
        jmp     restore_all

        .global enter_guest
enter_guest:
        movq    %rdi, %rsp
restore_all:
        cli
        testb   $3, UREGS_cs(%rsp)      /* back to a guest? */
        jz      1f
        movq    %rsp, %rdi
        call    pv_exit_to_guest        /* may rewrite the frame */
1:      RESTORE_ALL
        addq    $8, %rsp                /* error_code, entry_vector */
2:      iretq
        .section .extable, "a"
        .balign 8
        .quad   2b, iret_fault
        .previous

/*
 * IRETQ to a guest frame faulted (a CS or SS the guest named that its
 * GDT refuses): the #GP frame overwrote the saved registers, so restart
 * from the guest frame at the top of the stack and let the guest go.
 */
iret_fault:
        leaq    (cpu0_stack + STACK_SIZE - UREGS_SIZE)(%rip), %rsp
        movq    %rsp, %rdi
        call    pv_iret_fault
        jmp     restore_all

/* Vectors: push a zero where the CPU pushes no error code. */
        .balign 16
        .global entry_stubs
entry_stubs:
        .set    vec, 0
        .rept   256
        .balign 16
        .if     vec >= 32 || ((X86_EXC_HAVE_EC >> vec) & 1) == 0
        pushq   $0
        .endif
        movl    $vec, 4(%rsp)
        jmp     common_trap
        .set    vec, vec + 1
        .endr

common_trap:
        SAVE_ALL
        cld
        movq    %rsp, %rdi
        call    do_trap
        jmp     restore_all

/* Returns the bytes left uncopied: a fault in rep movsb resumes at 2. */
        .global raw_copy
raw_copy:
        movq    %rdx, %rcx
1:      rep movsb
2:      movq    %rcx, %rax
        ret
        .section .extable, "a"
        .balign 8
        .quad   1b, 2b
        .previous

        .bss
        .balign 8
syscall_scratch_rsp:
        .quad   0

        .section .note.GNU-stack, "", @progbits
