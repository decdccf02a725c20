/*
 * Descriptor tables, per CPU: Xen's reserved GDT entries (selectors 0xe008
 * upwards, which the public ABI fixes) with this CPU's TSS descriptor, the
 * TSS with RSP0 at this CPU's guest frame and IST stacks for #DF, NMI, #MC
 * and #DB, and the SYSCALL MSRs naming this CPU's entry stubs.  The IDT is
 * one, shared and read-only once built.
 */
#include "cpu.h"
#include "layout.h"
#include "lib.h"
#include "x86.h"

#define RSV_ENTRIES  1024                /* Xen's two reserved pages */
#define RSV(sel)     (((sel) >> 3) - FIRST_RESERVED_GDT_ENTRY)
#define IST_DF 1
#define IST_NMI 2
#define IST_MC 3
#define IST_DB 4

struct tss64
{
    uint32_t rsvd0;
    uint64_t rsp[3];
    uint64_t rsvd1;
    uint64_t ist[7];
    uint64_t rsvd2;
    uint16_t rsvd3, iomap_base;
} __attribute__((packed));

struct idt_gate
{
    uint16_t off_lo, sel;
    uint8_t ist, type;
    uint16_t off_mid;
    uint32_t off_hi, rsvd;
};

struct cpu_stack cpu_stacks[NR_CPUS] __attribute__((section(".bss.stacks")));
/*
 * GDT pages 0-13 belong to the guest's set_gdt; 14-15 are ours (the ABI),
 * one pair per CPU since each holds that CPU's TSS descriptor.
 */
static uint64_t gdt_rsv[NR_CPUS][RSV_ENTRIES] __attribute__((aligned(4096)));
static struct idt_gate idt[256] __attribute__((aligned(16)));
static struct tss64 tss[NR_CPUS] __attribute__((aligned(16)));

/*
 * Until gdt_init_cpu maps the full area, the GDT base is placed so that
 * the reserved selectors land in gdt_rsv (Xen's boot GDT does the same);
 * nothing loads a selector below them before then.
 */
static void load_gdt(unsigned int cpu)
{
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) r = {
        (FIRST_RESERVED_GDT_ENTRY + RSV_ENTRIES) * 8 - 1,
        (uint64_t)gdt_rsv[cpu] - FIRST_RESERVED_GDT_ENTRY * 8 };

    asm volatile ( "lgdt %0" :: "m" (r) );
    /* Reload CS through a far return, then the data selectors. */
    asm volatile ( "pushq %0; leaq 1f(%%rip), %%rax; pushq %%rax; lretq; 1:"
                   :: "i" (__HYPERVISOR_CS) : "rax", "memory" );
    asm volatile ( "mov %0, %%ss; mov %1, %%ds; mov %1, %%es"
                   :: "r" (__HYPERVISOR_DS), "r" (0) );
    asm volatile ( "ltr %w0" :: "r" (TSS_SELECTOR) );
}

static void set_gate(unsigned int vec, unsigned int dpl, unsigned int ist)
{
    uint64_t a = (uint64_t)entry_stubs + vec * 16;

    idt[vec] = (struct idt_gate){
        .off_lo = (uint16_t)a, .sel = __HYPERVISOR_CS, .ist = (uint8_t)ist,
        .type = (uint8_t)(0x8e | (dpl << 5)),      /* present, intr gate */
        .off_mid = (uint16_t)(a >> 16), .off_hi = (uint32_t)(a >> 32) };
}

void desc_init(unsigned int cpu)
{
    uint64_t *rsv = gdt_rsv[cpu];
    struct cpu_stack *cs = &cpu_stacks[cpu];
    uint64_t t = (uint64_t)&tss[cpu];
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) r;

    BUILD_BUG_ON(sizeof(struct cpu_stack) != STACK_SIZE);
    BUILD_BUG_ON(sizeof(struct cpu_info) > CPU_INFO_MAX);   /* head.S */
    /* entry.S: CPU_INFO_SIZE below the top, the scratch in the last 8. */
    BUILD_BUG_ON(sizeof(struct cpu_info) != 232);
    BUILD_BUG_ON(offsetof(struct cpu_info, guest_regs) != 0);
    BUILD_BUG_ON(offsetof(struct cpu_info, syscall_scratch) + 8 !=
                 sizeof(struct cpu_info));
    BUILD_BUG_ON(sizeof(struct cpu_user_regs) != 200);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, es) != 168);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, cs) != 136);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, error_code) != 120);
    BUILD_BUG_ON((offsetof(struct cpu_stack, info.guest_regs) +
                  offsetof(struct cpu_user_regs, es)) % 16);

    /* Xen's reserved entries: the guest ABI names these selectors. */
    rsv[RSV(0xe008)] = 0x00af9b000000ffffUL;    /* ring 0 code, 64 */
    rsv[RSV(0xe010)] = 0x00cf93000000ffffUL;    /* ring 0 data */
    rsv[RSV(0xe023)] = 0x00cffb000000ffffUL;    /* ring 3 code, 32 */
    rsv[RSV(0xe02b)] = 0x00cff3000000ffffUL;    /* ring 3 data */
    rsv[RSV(0xe033)] = 0x00affb000000ffffUL;    /* ring 3 code, 64 */
    rsv[RSV(TSS_SELECTOR)] =
        (sizeof(tss[0]) - 1) | ((t & 0xffffff) << 16) | (0x89UL << 40) |
        (((t >> 24) & 0xff) << 56);
    rsv[RSV(TSS_SELECTOR) + 1] = t >> 32;

    tss[cpu].rsp[0] = (uint64_t)&cs->info.guest_regs.es;
    for ( unsigned int i = 0; i < 4; i++ )
        tss[cpu].ist[i] = (uint64_t)cs->ist[i] + IST_STACK_SIZE;
    tss[cpu].iomap_base = sizeof(tss[0]);   /* no I/O bitmap: #GP */

    if ( cpu == 0 )                     /* the shared IDT, built once */
    {
        for ( unsigned int v = 0; v < 256; v++ )
            set_gate(v, 0, 0);
        set_gate(X86_EXC_BP, 3, 0);     /* int3 and into from the guest */
        set_gate(X86_EXC_OF, 3, 0);
        set_gate(X86_EXC_DF, 0, IST_DF);
        set_gate(X86_EXC_NMI, 0, IST_NMI);
        set_gate(X86_EXC_MC, 0, IST_MC);
        set_gate(X86_EXC_DB, 0, IST_DB);    /* XSA-260: never a guest stack */
    }

    load_gdt(cpu);
    r.limit = sizeof(idt) - 1;
    r.base = (uint64_t)idt;
    asm volatile ( "lidt %0" :: "m" (r) );
}

/* Xen's two reserved GDT pages of a CPU, for the GDT area gdt.c maps. */
const uint8_t *gdt_reserved_pages(unsigned int cpu)
{
    return (const uint8_t *)gdt_rsv[cpu];
}

void syscall_init(unsigned int cpu)
{
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    /* SYSCALL: CS 0xe008, SS 0xe010; SYSRET base 0xe023 (unused). */
    wrmsr(MSR_STAR, ((uint64_t)FLAT_RING3_CS32 << 48) |
                    ((uint64_t)__HYPERVISOR_CS << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_stubs + cpu * SYSCALL_STUB_SIZE);
    wrmsr(MSR_CSTAR,
          (uint64_t)syscall_stubs_compat + cpu * SYSCALL_STUB_SIZE);
    wrmsr(MSR_FMASK, X86_EFLAGS_AC | X86_EFLAGS_VM | X86_EFLAGS_RF |
                     X86_EFLAGS_NT | X86_EFLAGS_DF | X86_EFLAGS_IF |
                     X86_EFLAGS_TF);
    wrmsr(0x174, 0);                    /* SYSENTER_CS 0: SYSENTER -> #GP */
}
