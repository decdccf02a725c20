/*
 * Guest side of the x86-64 PV hypercall interface: HYPERCALLn macros that
 * call through the hypercall page, and typed hypercall_<name>() wrappers.
 * Trusts the hypervisor to have filled hypercall_page (HYPERCALL_PAGE note)
 * and the Xen public headers for every number and structure.
 *
 * Register convention (64-bit PV, Xen's xen/arch/x86/x86_64/entry.S):
 *   %rax  hypercall number on entry, result on return (0 or -XEN_Exxx)
 *   %rdi, %rsi, %rdx, %r10, %r8   arguments 1 to 5
 *   %rcx, %r11   clobbered by the `syscall` instruction; the page's stubs
 *                push and pop them, a bare `syscall` (Linux 6.1) loses them
 * Stub i lives at hypercall_page + i * 32.  The argument registers are
 * treated as clobbered: debug builds of Xen poison them on return.
 * __HYPERVISOR_iret never returns and is entered only from assembly.
 */
#ifndef HYPERCALLS_HYPERCALL_H
#define HYPERCALLS_HYPERCALL_H

#include <stdint.h>

#include <xen/xen.h>
#include <xen/callback.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/memory.h>
#include <xen/physdev.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/version.h>

/* Filled in by the domain builder; 128 stubs of 32 bytes each. */
extern uint8_t hypercall_page[4096];

#define HYPERCALL_STUB "call hypercall_page + %c[stub]"

#define HYPERCALL0(type, nr)                                            \
    ({                                                                  \
        long res_;                                                      \
        asm volatile (HYPERCALL_STUB                                    \
                      : "=a" (res_)                                     \
                      : [stub] "i" ((nr) * 32)                          \
                      : "rcx", "r11", "memory");                        \
        (type)res_;                                                     \
    })

#define HYPERCALL1(type, nr, a1)                                        \
    ({                                                                  \
        long res_, a1_ = (long)(a1);                                    \
        asm volatile (HYPERCALL_STUB                                    \
                      : "=a" (res_), "+D" (a1_)                         \
                      : [stub] "i" ((nr) * 32)                          \
                      : "rcx", "r11", "memory");                        \
        (type)res_;                                                     \
    })

#define HYPERCALL2(type, nr, a1, a2)                                    \
    ({                                                                  \
        long res_, a1_ = (long)(a1), a2_ = (long)(a2);                  \
        asm volatile (HYPERCALL_STUB                                    \
                      : "=a" (res_), "+D" (a1_), "+S" (a2_)             \
                      : [stub] "i" ((nr) * 32)                          \
                      : "rcx", "r11", "memory");                        \
        (type)res_;                                                     \
    })

#define HYPERCALL3(type, nr, a1, a2, a3)                                \
    ({                                                                  \
        long res_, a1_ = (long)(a1), a2_ = (long)(a2);                  \
        long a3_ = (long)(a3);                                          \
        asm volatile (HYPERCALL_STUB                                    \
                      : "=a" (res_), "+D" (a1_), "+S" (a2_),            \
                        "+d" (a3_)                                      \
                      : [stub] "i" ((nr) * 32)                          \
                      : "rcx", "r11", "memory");                        \
        (type)res_;                                                     \
    })

/* %r10 and %r8 have no constraint letter: bind them as register vars. */
#define HYPERCALL4(type, nr, a1, a2, a3, a4)                            \
    ({                                                                  \
        long res_, a1_ = (long)(a1), a2_ = (long)(a2);                  \
        long a3_ = (long)(a3);                                          \
        register long a4_ asm ("r10") = (long)(a4);                     \
        asm volatile (HYPERCALL_STUB                                    \
                      : "=a" (res_), "+D" (a1_), "+S" (a2_),            \
                        "+d" (a3_), "+r" (a4_)                          \
                      : [stub] "i" ((nr) * 32)                          \
                      : "rcx", "r11", "memory");                        \
        (type)res_;                                                     \
    })

#define HYPERCALL5(type, nr, a1, a2, a3, a4, a5)                        \
    ({                                                                  \
        long res_, a1_ = (long)(a1), a2_ = (long)(a2);                  \
        long a3_ = (long)(a3);                                          \
        register long a4_ asm ("r10") = (long)(a4);                     \
        register long a5_ asm ("r8") = (long)(a5);                      \
        asm volatile (HYPERCALL_STUB                                    \
                      : "=a" (res_), "+D" (a1_), "+S" (a2_),            \
                        "+d" (a3_), "+r" (a4_), "+r" (a5_)              \
                      : [stub] "i" ((nr) * 32)                          \
                      : "rcx", "r11", "memory");                        \
        (type)res_;                                                     \
    })

/* Typed wrappers, one per hypercall, in __HYPERVISOR_ number order. */

static inline long hypercall_set_trap_table(const struct trap_info *ti)
{
    return HYPERCALL1(long, __HYPERVISOR_set_trap_table, ti);
}

static inline long hypercall_mmu_update(const mmu_update_t *reqs,
                                        unsigned int count,
                                        unsigned int *done,
                                        domid_t foreigndom)
{
    return HYPERCALL4(long, __HYPERVISOR_mmu_update,
                      reqs, count, done, foreigndom);
}

static inline long hypercall_stack_switch(unsigned long ss,
                                          unsigned long sp)
{
    return HYPERCALL2(long, __HYPERVISOR_stack_switch, ss, sp);
}

static inline long hypercall_set_callbacks(unsigned long event,
                                           unsigned long failsafe,
                                           unsigned long syscall)
{
    return HYPERCALL3(long, __HYPERVISOR_set_callbacks,
                      event, failsafe, syscall);
}

static inline long hypercall_fpu_taskswitch(int set)
{
    return HYPERCALL1(long, __HYPERVISOR_fpu_taskswitch, set);
}

static inline long hypercall_set_debugreg(int reg, unsigned long value)
{
    return HYPERCALL2(long, __HYPERVISOR_set_debugreg, reg, value);
}

/* Returns the register's value, or -XEN_ENODEV for a bad register. */
static inline long hypercall_get_debugreg(int reg)
{
    return HYPERCALL1(long, __HYPERVISOR_get_debugreg, reg);
}

static inline long hypercall_memory_op(unsigned int cmd, void *arg)
{
    return HYPERCALL2(long, __HYPERVISOR_memory_op, cmd, arg);
}

static inline long hypercall_multicall(multicall_entry_t *calls,
                                       unsigned int nr)
{
    return HYPERCALL2(long, __HYPERVISOR_multicall, calls, nr);
}

static inline long hypercall_update_va_mapping(unsigned long va,
                                               uint64_t npte,
                                               unsigned int flags)
{
    return HYPERCALL3(long, __HYPERVISOR_update_va_mapping,
                      va, npte, flags);
}

static inline long hypercall_set_timer_op(uint64_t deadline_ns)
{
    return HYPERCALL1(long, __HYPERVISOR_set_timer_op, deadline_ns);
}

static inline long hypercall_xen_version(unsigned int cmd, void *arg)
{
    return HYPERCALL2(long, __HYPERVISOR_xen_version, cmd, arg);
}

static inline long hypercall_console_io(unsigned int mode,
                                        unsigned int count,
                                        const char *buf)
{
    return HYPERCALL3(long, __HYPERVISOR_console_io, mode, count, buf);
}

static inline long hypercall_vm_assist(unsigned int cmd, unsigned int type)
{
    return HYPERCALL2(long, __HYPERVISOR_vm_assist, cmd, type);
}

static inline long hypercall_vcpu_op(unsigned int cmd, unsigned int vcpu,
                                     void *extra)
{
    return HYPERCALL3(long, __HYPERVISOR_vcpu_op, cmd, vcpu, extra);
}

static inline long hypercall_mmuext_op(const struct mmuext_op *ops,
                                       unsigned int count,
                                       unsigned int *done,
                                       domid_t foreigndom)
{
    return HYPERCALL4(long, __HYPERVISOR_mmuext_op,
                      ops, count, done, foreigndom);
}

static inline long hypercall_sched_op(unsigned int cmd, void *arg)
{
    return HYPERCALL2(long, __HYPERVISOR_sched_op, cmd, arg);
}

static inline long hypercall_set_segment_base(unsigned int which,
                                              unsigned long base)
{
    return HYPERCALL2(long, __HYPERVISOR_set_segment_base, which, base);
}

static inline long hypercall_physdev_op(unsigned int cmd, void *arg)
{
    return HYPERCALL2(long, __HYPERVISOR_physdev_op, cmd, arg);
}

static inline long hypercall_callback_op(unsigned int cmd, const void *arg)
{
    return HYPERCALL2(long, __HYPERVISOR_callback_op, cmd, arg);
}

static inline long hypercall_event_channel_op(unsigned int cmd, void *arg)
{
    return HYPERCALL2(long, __HYPERVISOR_event_channel_op, cmd, arg);
}

static inline long hypercall_grant_table_op(unsigned int cmd, void *uop,
                                            unsigned int count)
{
    return HYPERCALL3(long, __HYPERVISOR_grant_table_op, cmd, uop, count);
}

/* SCHEDOP_shutdown; returns only if the hypervisor refuses. */
static inline long hypercall_shutdown(unsigned int reason)
{
    struct sched_shutdown s = { .reason = reason };

    return hypercall_sched_op(SCHEDOP_shutdown, &s);
}

#endif /* HYPERCALLS_HYPERCALL_H */
