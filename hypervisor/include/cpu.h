/*
 * Per-CPU state (Xen's struct cpu_info and get_cpu_info()): each CPU owns
 * one STACK_SIZE-aligned block holding its IST stacks, its hypervisor
 * stack and, at the very top, its cpu_info, whose last member is the
 * interrupted guest's frame.  Any code on any of the CPU's stacks finds
 * its cpu_info by rounding %rsp up, so nothing per CPU needs %gs (which
 * belongs to the guest).
 */
#ifndef PVX_CPU_H
#define PVX_CPU_H

#include "lib.h"
#include <xen/xen.h>
#include "param.h"

struct vcpu;

struct cpu_info
{
    /*
     * The guest frame comes first, so the stack below it never reaches
     * the fields above.  The CPU pushes the hardware part of the frame at
     * TSS.RSP0 = &guest_regs.es, which must be 16-byte aligned because
     * the CPU aligns RSP0 down before pushing.
     */
    struct cpu_user_regs guest_regs;
    unsigned int processor_id;          /* index into cpu_stacks[] */
    unsigned int apic_id;
    struct vcpu *current_vcpu;          /* `current' */
    bool in_multicall;                  /* multicall.c */
    bool timer_irq;                     /* the LAPIC timer fired */
    uint8_t lock_depth;                 /* hv_lock: taken on this CPU */
    /* SYSCALL entry parks the guest %rsp here (entry.S: the last 8). */
    uint64_t syscall_scratch;
};

struct cpu_stack
{
    uint8_t ist[4][IST_STACK_SIZE];     /* #DF, NMI, #MC, #DB */
    uint8_t stack[STACK_SIZE - 4 * IST_STACK_SIZE - sizeof(struct cpu_info)];
    struct cpu_info info;
} __attribute__((aligned(16)));         /* STACK_SIZE: pvx.lds places it */

extern struct cpu_stack cpu_stacks[NR_CPUS];

static inline struct cpu_info *get_cpu_info(void)
{
    unsigned long sp;

    asm ( "mov %%rsp, %0" : "=r" (sp) );
    return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1 -
                               sizeof(struct cpu_info));
}

static inline unsigned int smp_processor_id(void)
{
    return get_cpu_info()->processor_id;
}

static inline struct cpu_user_regs *guest_cpu_user_regs(void)
{
    return &get_cpu_info()->guest_regs;
}

static inline bool guest_mode(const struct cpu_user_regs *regs)
{
    return (regs->cs & 3) != 0;
}

/* desc.c: this CPU's GDT, TSS and IDT, its SYSCALL entry points. */
void desc_init(unsigned int cpu);
const uint8_t *gdt_reserved_pages(unsigned int cpu);
void gdt_init(void);                    /* the guest-visible GDT areas */
void gdt_init_cpu(unsigned int cpu);    /* ... this CPU loads its own */
void syscall_init(unsigned int cpu);

/* entry.S */
extern const uint8_t entry_stubs[];     /* 256 stubs, 16 bytes apart */
extern const uint8_t syscall_stubs[];   /* per CPU, SYSCALL_STUB_SIZE apart */
extern const uint8_t syscall_stubs_compat[];
#define SYSCALL_STUB_SIZE 32
noreturn void enter_guest(struct cpu_user_regs *regs);
/* Copy n bytes; returns the number NOT copied (a fault stops it). */
size_t raw_copy(void *dst, const void *src, size_t n);

/* traps.c */
void do_trap(struct cpu_user_regs *regs);
void show_registers(const struct cpu_user_regs *regs);
const char *vector_name(unsigned int vec);

#endif /* PVX_CPU_H */
