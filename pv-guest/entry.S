/*
 * void entry_<vec>(void): exception entry points named in the trap table,
 * calling void do_exception(struct cpu_user_regs *regs).  Saves every GPR
 * into a struct cpu_user_regs on the stack and returns through the iret
 * hypercall.  Trusts Xen's 64-bit PV bounce frame, which on the guest
 * stack is, low to high: RCX, R11, [ERRCODE], RIP, CS, RFLAGS, RSP, SS.
 */
#include <xen/xen.h>
#include <pv-guest/traps.h>

/* Vectors for which the CPU (and so Xen) pushes an error code. */
#define EXC_HAVE_EC ((1 << X86_EXC_DF) | (1 << X86_EXC_TS) | \
                     (1 << X86_EXC_NP) | (1 << X86_EXC_SS) | \
                     (1 << X86_EXC_GP) | (1 << X86_EXC_PF) | \
                     (1 << X86_EXC_AC))

/*
 * Xen enters with SYSRET when it can, so %rcx and %r11 hold the handler's
 * address and flags; their interrupted values sit on top of the frame.
 * Restore them, give every frame an error-code slot, and keep the vector
 * in its upper half (entry_vector in struct cpu_user_regs).
 */
.macro exception_entry name, vec
    .globl entry_\name
    .type entry_\name, @function
entry_\name:
    pop     %rcx
    pop     %r11
    .if !((1 << \vec) & EXC_HAVE_EC)
    push    $0
    .endif
    movl    $\vec, 4(%rsp)
    jmp     handle_exception
    .size entry_\name, . - entry_\name
.endm

    .text
    exception_entry DE, X86_EXC_DE
    exception_entry DB, X86_EXC_DB
    exception_entry NMI, X86_EXC_NMI
    exception_entry BP, X86_EXC_BP
    exception_entry OF, X86_EXC_OF
    exception_entry BR, X86_EXC_BR
    exception_entry UD, X86_EXC_UD
    exception_entry NM, X86_EXC_NM
    exception_entry DF, X86_EXC_DF
    exception_entry TS, X86_EXC_TS
    exception_entry NP, X86_EXC_NP
    exception_entry SS, X86_EXC_SS
    exception_entry GP, X86_EXC_GP
    exception_entry PF, X86_EXC_PF
    exception_entry MF, X86_EXC_MF
    exception_entry AC, X86_EXC_AC
    exception_entry MC, X86_EXC_MC
    exception_entry XM, X86_EXC_XM

/* Push order builds struct cpu_user_regs from rdi (high) to r15 (low). */
handle_exception:
    push    %rdi
    push    %rsi
    push    %rdx
    push    %rcx
    push    %rax
    push    %r8
    push    %r9
    push    %r10
    push    %r11
    push    %rbx
    push    %rbp
    push    %r12
    push    %r13
    push    %r14
    push    %r15

    /* C wants DF clear and a 16-byte aligned call; %rbp is saved above. */
    cld
    mov     %rsp, %rdi
    mov     %rsp, %rbp
    and     $~15, %rsp
    call    do_exception
    mov     %rbp, %rsp

    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbp
    pop     %rbx
    pop     %r11
    pop     %r10
    pop     %r9
    pop     %r8
    pop     %rax
    pop     %rcx
    pop     %rdx
    pop     %rsi
    pop     %rdi
    add     $8, %rsp                /* error_code / entry_vector */

    /*
     * iret hypercall: push flags, jump to its stub, which pushes rcx, r11
     * and rax.  flags = 0 (not VGCF_in_syscall) makes Xen restore %rcx
     * and %r11 from those pushes, i.e. the values just popped.
     */
    push    $0
    jmp     hypercall_page + __HYPERVISOR_iret * 32
    .size handle_exception, . - handle_exception
