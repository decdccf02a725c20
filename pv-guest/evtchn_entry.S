/*
 * void entry_EVTCHN(void): the event callback (CALLBACKTYPE_event), calling
 * void do_upcall(void).  Saves the caller-saved registers around the C
 * call and returns through the iret hypercall, whose frame restores the
 * upcall mask from RFLAGS.IF.  Trusts Xen's 64-bit PV bounce frame: RCX,
 * R11, RIP, CS, RFLAGS, RSP, SS, low to high, with no error code.
 */
#include <xen/xen.h>

    .text
    .globl entry_EVTCHN
    .type entry_EVTCHN, @function
entry_EVTCHN:
    pop     %rcx
    pop     %r11
    push    %rdi
    push    %rsi
    push    %rdx
    push    %rcx
    push    %rax
    push    %r8
    push    %r9
    push    %r10
    push    %r11
    push    %rbp
    mov     %rsp, %rbp
    and     $~15, %rsp              /* the ABI's alignment at a call */
    cld
    call    do_upcall
    mov     %rbp, %rsp
    pop     %rbp
    pop     %r11
    pop     %r10
    pop     %r9
    pop     %r8
    pop     %rax
    pop     %rcx
    pop     %rdx
    pop     %rsi
    pop     %rdi
    /* iret flags 0; the stub pushes %rcx, %r11, %rax above them. */
    push    $0
    jmp     hypercall_page + __HYPERVISOR_iret * 32
    .size entry_EVTCHN, . - entry_EVTCHN
