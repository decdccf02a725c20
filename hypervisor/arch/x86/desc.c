/*
 * Descriptor tables: the GDT with Xen's reserved entries (selectors 0xe008
 * upwards, which the public ABI fixes), the TSS with RSP0 at the guest frame
 * and IST stacks for #DF, NMI, #MC and #DB, the IDT, and the SYSCALL MSRs.
 */
#include "cpu.h"
#include "layout.h"
#include "lib.h"
#include "x86.h"

#define GDT_ENTRIES  (FIRST_RESERVED_GDT_ENTRY + 512)
#define RSV(sel)     (((sel) >> 3))
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

struct cpu_stack cpu0_stack;
/* Pages 0-13 belong to the guest's set_gdt; 14-15 are ours (the ABI). */
static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(4096)));
static struct idt_gate idt[256] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(16)));
static uint8_t ist_stacks[4][IST_STACK_SIZE] __attribute__((aligned(16)));

static void load_gdt(void)
{
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) r = {
        sizeof(gdt) - 1, (uint64_t)gdt };

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

void desc_init(void)
{
    uint64_t *rsv = &gdt[FIRST_RESERVED_GDT_ENTRY];
    uint64_t t = (uint64_t)&tss;
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) r;

    BUILD_BUG_ON(sizeof(struct cpu_user_regs) != 200);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, es) != 168);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, cs) != 136);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, error_code) != 120);
    BUILD_BUG_ON((offsetof(struct cpu_stack, guest_regs) +
                  offsetof(struct cpu_user_regs, es)) % 16);

    /* Xen's reserved entries: the guest ABI names these selectors. */
    rsv[RSV(0xe008) & 511] = 0x00af9b000000ffffUL;    /* ring 0 code, 64 */
    rsv[RSV(0xe010) & 511] = 0x00cf93000000ffffUL;    /* ring 0 data */
    rsv[RSV(0xe023) & 511] = 0x00cffb000000ffffUL;    /* ring 3 code, 32 */
    rsv[RSV(0xe02b) & 511] = 0x00cff3000000ffffUL;    /* ring 3 data */
    rsv[RSV(0xe033) & 511] = 0x00affb000000ffffUL;    /* ring 3 code, 64 */
    rsv[RSV(TSS_SELECTOR) & 511] =
        (sizeof(tss) - 1) | ((t & 0xffffff) << 16) | (0x89UL << 40) |
        (((t >> 24) & 0xff) << 56);
    rsv[(RSV(TSS_SELECTOR) & 511) + 1] = t >> 32;

    tss.rsp[0] = (uint64_t)&cpu0_stack.guest_regs.es;
    for ( unsigned int i = 0; i < 4; i++ )
        tss.ist[i] = (uint64_t)ist_stacks[i] + IST_STACK_SIZE;
    tss.iomap_base = sizeof(tss);       /* no I/O bitmap: ring 3 gets #GP */

    for ( unsigned int v = 0; v < 256; v++ )
        set_gate(v, 0, 0);
    set_gate(X86_EXC_BP, 3, 0);         /* int3 and into from the guest */
    set_gate(X86_EXC_OF, 3, 0);
    set_gate(X86_EXC_DF, 0, IST_DF);
    set_gate(X86_EXC_NMI, 0, IST_NMI);
    set_gate(X86_EXC_MC, 0, IST_MC);
    set_gate(X86_EXC_DB, 0, IST_DB);    /* XSA-260: never on a guest stack */

    load_gdt();
    r.limit = sizeof(idt) - 1;
    r.base = (uint64_t)idt;
    asm volatile ( "lidt %0" :: "m" (r) );
}

/* Xen's two reserved GDT pages, for the GDT area gdt.c maps. */
const uint8_t *gdt_reserved_pages(void)
{
    return (const uint8_t *)&gdt[FIRST_RESERVED_GDT_ENTRY];
}

void syscall_init(void)
{
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    /* SYSCALL: CS 0xe008, SS 0xe010; SYSRET base 0xe023 (unused). */
    wrmsr(MSR_STAR, ((uint64_t)FLAT_RING3_CS32 << 48) |
                    ((uint64_t)__HYPERVISOR_CS << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    wrmsr(MSR_CSTAR, (uint64_t)syscall_entry_compat);
    wrmsr(MSR_FMASK, X86_EFLAGS_AC | X86_EFLAGS_VM | X86_EFLAGS_RF |
                     X86_EFLAGS_NT | X86_EFLAGS_DF | X86_EFLAGS_IF |
                     X86_EFLAGS_TF);
    wrmsr(0x174, 0);                    /* SYSENTER_CS 0: SYSENTER -> #GP */
}
