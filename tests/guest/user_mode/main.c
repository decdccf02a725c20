/*
 * user_mode conformance: the 64-bit PV split between guest kernel and
 * guest user.  The kernel installs a user L4 (NEW_USER_BASEPTR), enters
 * user mode with the iret hypercall, and sees user SYSCALLs bounced to its
 * syscall callback on its stack_switch stack and user exceptions bounced
 * with a user CS; iret from there goes back to user mode.
 */
#include <test.h>
#include <guest_mm.h>
#include <xen/xen.h>
#include <xen/callback.h>

const char test_title[] = "user_mode: iret to user, syscall and #BP back";

#define CALL_ECHO   0x1111              /* syscall: return 0x5555 */
#define CALL_EXIT   0x2222              /* syscall: leave user mode */

static uint64_t user_l4[512] __attribute__((aligned(4096)));
uint8_t user_stack[4096] __attribute__((aligned(16)));
static uint8_t kernel_stack[8192] __attribute__((aligned(16)));

/* Filled by the user code and the syscall callback. */
unsigned long user_saw_rax, syscall_count, syscall_cs, syscall_rip;
unsigned long kernel_resume_rsp;
static unsigned long bp_cs, bp_rip;
static unsigned int bp_count;

void user_entry(void);
void syscall_callback(void);
void enter_user(void);

/*
 * User code: echo, then int3, then exit.  Kernel side: the syscall
 * callback's frame is RCX, R11, RIP, CS, RFLAGS, RSP, SS; echo returns
 * to user by the iret hypercall, exit abandons user mode and resumes the
 * kernel where enter_user() was called.
 */
asm (
    ".pushsection .text\n"
    "user_entry:\n\t"
    "mov $" XSTR(CALL_ECHO) ", %rdi\n\t"
    "syscall\n\t"
    "mov %rax, user_saw_rax(%rip)\n\t"
    "int3\n\t"
    "mov $" XSTR(CALL_EXIT) ", %rdi\n\t"
    "syscall\n\t"
    "ud2\n"

    "syscall_callback:\n\t"
    "pop %rcx\n\t"
    "pop %r11\n\t"
    "incq syscall_count(%rip)\n\t"
    "mov 8(%rsp), %rax\n\t"
    "mov %rax, syscall_cs(%rip)\n\t"
    "mov (%rsp), %rax\n\t"
    "mov %rax, syscall_rip(%rip)\n\t"
    "cmp $" XSTR(CALL_EXIT) ", %rdi\n\t"
    "je 1f\n\t"
    "mov $0x5555, %rax\n\t"
    "push $" XSTR(VGCF_in_syscall) "\n\t"
    "jmp hypercall_page + " XSTR(__HYPERVISOR_iret) " * 32\n"
    "1:\n\t"
    "mov kernel_resume_rsp(%rip), %rsp\n\t"
    "ret\n"

    /* void enter_user(void): returns when the user code exits. */
    "enter_user:\n\t"
    "push %rbx\n\t"
    "push %rbp\n\t"
    "push %r12\n\t"
    "push %r13\n\t"
    "push %r14\n\t"
    "push %r15\n\t"
    "lea 2f(%rip), %rax\n\t"
    "push %rax\n\t"                         /* ret target after exit */
    "mov %rsp, kernel_resume_rsp(%rip)\n\t"
    "push $" XSTR(FLAT_USER_SS) "\n\t"
    "lea user_stack+4096(%rip), %rax\n\t"
    "push %rax\n\t"
    "push $0x202\n\t"                       /* IF: events enabled */
    "push $" XSTR(FLAT_USER_CS) "\n\t"
    "lea user_entry(%rip), %rax\n\t"
    "push %rax\n\t"
    "push $0\n\t"                           /* iret flags */
    "jmp hypercall_page + " XSTR(__HYPERVISOR_iret) " * 32\n"
    "2:\n\t"
    "pop %r15\n\t"
    "pop %r14\n\t"
    "pop %r13\n\t"
    "pop %r12\n\t"
    "pop %rbp\n\t"
    "pop %rbx\n\t"
    "ret\n"
    ".popsection\n");

static bool on_breakpoint(struct cpu_user_regs *regs)
{
    bp_count++;
    bp_cs = regs->cs;
    bp_rip = regs->rip;
    return true;                        /* resume after the int3 */
}

void test_main(void)
{
    const uint64_t *kl4 = (const uint64_t *)start_info->pt_base;
    unsigned long l4_mfn = va_to_mfn((unsigned long)user_l4);
    struct callback_register cb = {
        .type = CALLBACKTYPE_syscall, .address = 0x8000000000000000UL };
    struct callback_unregister unreg = { .type = CALLBACKTYPE_syscall };
    struct mmuext_op op = { .cmd = MMUEXT_NEW_USER_BASEPTR,
                            .arg1.mfn = l4_mfn };

    /* The user L4 shares the kernel's guest slots (all mapped USER). */
    for ( unsigned int i = 0; i < 256; i++ )
        user_l4[i] = kl4[i];
    user_l4[511] = kl4[511];
    xtf_expect_hex("make the user L4 read-only",
                   hypercall_update_va_mapping((unsigned long)user_l4,
                                               ((uint64_t)l4_mfn << 12) |
                                               PTE_P | PTE_A, UVMF_INVLPG),
                   0);
    xtf_expect_hex("NEW_USER_BASEPTR",
                   hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF),
                   0);
    xtf_expect_hex("callback_op: non-canonical syscall callback",
                   hypercall_callback_op(CALLBACKOP_register, &cb),
                   -XEN_EINVAL);
    xtf_expect_hex("callback_op: the syscall callback cannot be unregistered",
                   hypercall_callback_op(CALLBACKOP_unregister, &unreg),
                   -XEN_EINVAL);
    cb.type = 99;
    cb.address = (unsigned long)syscall_callback;
    xtf_expect_hex("callback_op: unknown type",
                   hypercall_callback_op(CALLBACKOP_register, &cb),
                   -XEN_ENOSYS);
    xtf_expect_hex("set_callbacks (event, failsafe, syscall)",
                   hypercall_set_callbacks(0, 0,
                                           (unsigned long)syscall_callback),
                   0);
    xtf_expect_hex("stack_switch",
                   hypercall_stack_switch(FLAT_KERNEL_SS,
                                          (unsigned long)kernel_stack +
                                          sizeof(kernel_stack)), 0);
    trap_set_handler(X86_EXC_BP, on_breakpoint);

    enter_user();

    xtf_expect_hex("user syscalls bounced to the callback", syscall_count, 2);
    xtf_expect_hex("  ... with a user CS (RPL 3)", syscall_cs & 3, 3);
    xtf_expect_hex("  ... and the user RIP after syscall",
                   syscall_rip > (unsigned long)user_entry &&
                   syscall_rip < (unsigned long)syscall_callback, 1);
    xtf_expect_hex("the echo came back to user mode", user_saw_rax, 0x5555);
    xtf_expect_hex("int3 in user mode bounced once", bp_count, 1);
    xtf_expect_hex("  ... with a user CS (RPL 3)", bp_cs & 3, 3);
    op.arg1.mfn = 0;
    xtf_expect_hex("drop the user L4",
                   hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF),
                   0);
    xtf_success(NULL);
}
