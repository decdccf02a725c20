/*
 * x86-64 architectural definitions and privileged-instruction wrappers.
 * Numbers only; no policy.
 */
#ifndef PVX_X86_H
#define PVX_X86_H

#define X86_CR0_PE  (1UL << 0)
#define X86_CR0_MP  (1UL << 1)
#define X86_CR0_EM  (1UL << 2)
#define X86_CR0_TS  (1UL << 3)
#define X86_CR0_NE  (1UL << 5)
#define X86_CR0_WP  (1UL << 16)
#define X86_CR0_PG  (1UL << 31)
#define X86_CR4_DE         (1UL << 3)
#define X86_CR4_PAE        (1UL << 5)
#define X86_CR4_MCE        (1UL << 6)
#define X86_CR4_PGE        (1UL << 7)
#define X86_CR4_OSFXSR     (1UL << 9)
#define X86_CR4_OSXMMEXCPT (1UL << 10)
#define X86_CR4_SMEP       (1UL << 20)

#define MSR_EFER           0xC0000080
#define MSR_STAR           0xC0000081
#define MSR_LSTAR          0xC0000082
#define MSR_CSTAR          0xC0000083
#define MSR_FMASK          0xC0000084
#define MSR_FS_BASE        0xC0000100
#define MSR_GS_BASE        0xC0000101
#define MSR_SHADOW_GS_BASE 0xC0000102
#define MSR_APIC_BASE      0x0000001B
#define EFER_SCE (1UL << 0)
#define EFER_LME (1UL << 8)
#define EFER_NXE (1UL << 11)
#define EFER_LMA (1UL << 10)

#define X86_EFLAGS_CF   0x00000001
#define X86_EFLAGS_MBS  0x00000002   /* must be set */
#define X86_EFLAGS_TF   0x00000100
#define X86_EFLAGS_IF   0x00000200
#define X86_EFLAGS_DF   0x00000400
#define X86_EFLAGS_IOPL 0x00003000
#define X86_EFLAGS_NT   0x00004000
#define X86_EFLAGS_RF   0x00010000
#define X86_EFLAGS_VM   0x00020000
#define X86_EFLAGS_AC   0x00040000
#define X86_EFLAGS_ALL  0x003f7fd5   /* architecturally defined bits */

#define _PAGE_PRESENT  0x001UL
#define _PAGE_RW       0x002UL
#define _PAGE_USER     0x004UL
#define _PAGE_PWT      0x008UL
#define _PAGE_PCD      0x010UL
#define _PAGE_ACCESSED 0x020UL
#define _PAGE_DIRTY    0x040UL
#define _PAGE_PSE      0x080UL
#define _PAGE_GLOBAL   0x100UL
#define _PAGE_NX       (1UL << 63)
#define PADDR_MASK     0x000FFFFFFFFFF000UL

/* Hypervisor selectors: Xen's reserved GDT page (entries 7168+). */
#define __HYPERVISOR_CS 0xe008
#define __HYPERVISOR_DS 0xe010
#define TSS_SELECTOR    0xe040

/* Exception vectors. */
#define X86_EXC_DE 0
#define X86_EXC_DB 1
#define X86_EXC_NMI 2
#define X86_EXC_BP 3
#define X86_EXC_OF 4
#define X86_EXC_BR 5
#define X86_EXC_UD 6
#define X86_EXC_NM 7
#define X86_EXC_DF 8
#define X86_EXC_TS 10
#define X86_EXC_NP 11
#define X86_EXC_SS 12
#define X86_EXC_GP 13
#define X86_EXC_PF 14
#define X86_EXC_MF 16
#define X86_EXC_AC 17
#define X86_EXC_MC 18
#define X86_EXC_XM 19
/* Exceptions that push an error code. */
#define X86_EXC_HAVE_EC ((1 << 8) | (1 << 10) | (1 << 11) | (1 << 12) | \
                         (1 << 13) | (1 << 14) | (1 << 17) | (1 << 21))
#define PFEC_present   (1u << 0)
#define PFEC_write     (1u << 1)
#define PFEC_user_mode (1u << 2)

/* Interrupt vectors PVX programs. */
#define LAPIC_TIMER_VECTOR 0xf0
#define EVENT_CHECK_VECTOR 0xfc         /* IPI: look at softirqs (smp.c) */
#define INVALIDATE_VECTOR  0xfd         /* IPI: flush the TLB (smp.c) */
#define SPURIOUS_VECTOR    0xff
/* entry_vector marker for frames built by the SYSCALL entry. */
#define TRAP_syscall 0x100

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
    asm volatile ( "outb %0, %1" :: "a" (v), "Nd" (port) );
}
static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    asm volatile ( "inb %1, %0" : "=a" (v) : "Nd" (port) );
    return v;
}
static inline void outw(uint16_t port, uint16_t v)
{
    asm volatile ( "outw %0, %1" :: "a" (v), "Nd" (port) );
}
static inline void outl(uint16_t port, uint32_t v)
{
    asm volatile ( "outl %0, %1" :: "a" (v), "Nd" (port) );
}
static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    asm volatile ( "rdmsr" : "=a" (lo), "=d" (hi) : "c" (msr) );
    return ((uint64_t)hi << 32) | lo;
}
static inline void wrmsr(uint32_t msr, uint64_t v)
{
    asm volatile ( "wrmsr" :: "c" (msr), "a" ((uint32_t)v),
                   "d" ((uint32_t)(v >> 32)) );
}
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    asm volatile ( "rdtsc" : "=a" (lo), "=d" (hi) );
    return ((uint64_t)hi << 32) | lo;
}
static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t *a,
                         uint32_t *b, uint32_t *c, uint32_t *d)
{
    asm volatile ( "cpuid" : "=a" (*a), "=b" (*b), "=c" (*c), "=d" (*d)
                   : "a" (leaf), "c" (sub) );
}
#define DEFINE_CR(n) \
    static inline unsigned long read_cr##n(void) \
    { unsigned long v; asm volatile ( "mov %%cr" #n ", %0" : "=r" (v) ); \
      return v; } \
    static inline void write_cr##n(unsigned long v) \
    { asm volatile ( "mov %0, %%cr" #n :: "r" (v) : "memory" ); }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR
static inline void invlpg(unsigned long va)
{
    asm volatile ( "invlpg (%0)" :: "r" (va) : "memory" );
}
static inline void local_irq_disable(void) { asm volatile ( "cli" ); }
static inline void local_irq_enable(void) { asm volatile ( "sti" ); }
static inline void halt(void) { asm volatile ( "hlt" ); }
static inline void cpu_relax(void) { asm volatile ( "pause" ); }
static inline bool is_canonical(uint64_t va)
{
    return (uint64_t)(((int64_t)va << 16) >> 16) == va;
}
#endif

#endif /* PVX_X86_H */
