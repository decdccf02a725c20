/*
 * Entry and exit paths.  Every path builds a struct cpu_user_regs (Xen's
 * public layout, offsets pinned by BUILD_BUG_ON in traps.c) and leaves by
 * IRETQ; SYSRET is never used, so a non-canonical return RIP cannot fault
 * on the guest stack (XSA-7).
 *
 *   syscall_stubs[NR_CPUS]            LSTAR: 64-bit guest SYSCALL, per CPU
 *   syscall_stubs_compat[NR_CPUS]     CSTAR: SYSCALL from compat mode
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
/* The top of CPU n's block: its cpu_info, which opens with the frame. */
#define CPU_TOP(n)      (cpu_stacks + ((n) + 1) * STACK_SIZE)
#define CPU_INFO_SIZE   232     /* sizeof(struct cpu_info) */
#define FRAME_es_OFF    (CPU_INFO_SIZE - UREGS_es)  /* es below the top */
#define SCRATCH_OFF     8                           /* syscall_scratch */
#define SYSCALL_STUB_SIZE 32
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
 * SYSCALL does not switch stacks: %rsp is still the guest's, and every
 * other register is live.  Each CPU's LSTAR/CSTAR points at its own stub,
 * which parks %rsp in that CPU's cpu_info, moves onto its guest frame and
 * builds the frame an interrupt would have built.  IF is clear (FMASK).
 */
.macro SYSCALL_STUB cpu, target
        .balign SYSCALL_STUB_SIZE
        movq    %rsp, (CPU_TOP(\cpu) - SCRATCH_OFF)(%rip)
        leaq    (CPU_TOP(\cpu) - FRAME_es_OFF)(%rip), %rsp
        jmp     \target
.endm

        .balign SYSCALL_STUB_SIZE
        .global syscall_stubs
syscall_stubs:
        .set    cpu, 0
        .rept   NR_CPUS
        SYSCALL_STUB cpu, syscall_common
        .set    cpu, cpu + 1
        .endr

        .balign SYSCALL_STUB_SIZE
        .global syscall_stubs_compat
syscall_stubs_compat:
        .set    cpu, 0
        .rept   NR_CPUS
        SYSCALL_STUB cpu, syscall_common_compat
        .set    cpu, cpu + 1
        .endr

/* %rsp = &frame.es; the scratch slot ends cpu_info. */
.macro SYSCALL_FRAME vector
        pushq   $FLAT_KERNEL_SS
        pushq   (FRAME_es_OFF + 8 - SCRATCH_OFF)(%rsp)  /* guest %rsp */
        pushq   %r11                    /* guest RFLAGS */
        pushq   $FLAT_KERNEL_CS
        pushq   %rcx                    /* guest RIP */
        pushq   $0
        movl    $\vector, 4(%rsp)
        SAVE_ALL
        cld
        call    hv_lock                 /* from a guest: take the lock */
        movq    %rsp, %rdi
.endm

syscall_common:
        SYSCALL_FRAME TRAP_syscall
        call    pv_syscall
        jmp     restore_all

syscall_common_compat:
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
        orq     $(STACK_SIZE - 1), %rsp
        subq    $(CPU_INFO_SIZE - 1), %rsp       /* the frame opens cpu_info */
        call    hv_lock                 /* released on the way out */
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
        .if     vec >= 32 || ((X86_EXC_HAVE_EC >> (vec & 31)) & 1) == 0
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

        .section .note.GNU-stack, "", @progbits
