/*
 * Per-CPU state: the stack whose top holds the interrupted guest's frame
 * (Xen's guest_cpu_user_regs()), the IST stacks, and the entry points that
 * assembly provides.  One CPU for now (NR_CPUS).
 */
#ifndef PVX_CPU_H
#define PVX_CPU_H

#include "lib.h"
#include <xen/xen.h>
#include "param.h"

/*
 * The guest frame sits at the very top of the stack; the CPU pushes the
 * hardware part of it at TSS.RSP0 = &guest_regs.es, which must be 16-byte
 * aligned because the CPU aligns RSP0 down before pushing.
 */
struct cpu_stack
{
    uint8_t stack[STACK_SIZE - sizeof(struct cpu_user_regs)];
    struct cpu_user_regs guest_regs;
} __attribute__((aligned(16)));

extern struct cpu_stack cpu0_stack;

static inline struct cpu_user_regs *guest_cpu_user_regs(void)
{
    return &cpu0_stack.guest_regs;
}

static inline bool guest_mode(const struct cpu_user_regs *regs)
{
    return (regs->cs & 3) != 0;
}

void desc_init(void);
const uint8_t *gdt_reserved_pages(void);
void gdt_init(void);                    /* the guest-visible GDT area */
void syscall_init(void);

/* entry.S */
extern const uint8_t entry_stubs[];     /* 256 stubs, 16 bytes apart */
void syscall_entry(void);
void syscall_entry_compat(void);
noreturn void enter_guest(struct cpu_user_regs *regs);
/* Copy n bytes; returns the number NOT copied (a fault stops it). */
size_t raw_copy(void *dst, const void *src, size_t n);

/* traps.c */
void do_trap(struct cpu_user_regs *regs);
void show_registers(const struct cpu_user_regs *regs);
const char *vector_name(unsigned int vec);

#endif /* PVX_CPU_H */
