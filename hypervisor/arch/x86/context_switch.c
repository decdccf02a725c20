/*
 * Switching the CPU from one vCPU to another (Xen's context_switch,
 * paravirt_ctxt_switch_from/to, save_segments, load_segments).  It runs
 * only from schedule() on the way out to a guest, when the guest frame
 * at the top of the stack (TSS.RSP0, the SYSCALL entry) is the whole of
 * the interrupted guest context, so it is copied out and in: one stack
 * per CPU, never one per vCPU.  What is switched, and why:
 *  - the guest frame (general registers, RIP, CS, RFLAGS, RSP, SS);
 *  - the data selectors DS, ES, FS, GS: ring 0 leaves them alone;
 *  - FS base, GS base and the shadow GS base, by guest mode (SWAPGS in
 *    toggle_guest_mode keeps the user base in the shadow in kernel mode);
 *  - CR3: the kernel or the user L4 by guest mode; the idle vCPU runs on
 *    idle_pg_table so no CPU keeps a dead domain's tables loaded;
 *  - the 14 guest PTEs of the GDT area (gdt.c), before any selector load;
 *  - FPU/SSE state, eagerly (fpu.c), then the real CR0.TS = virtual TS;
 *  - DR0-3, DR6, DR7 when either side has breakpoints enabled.
 * Per-vCPU already and so not switched: trap table, callbacks, kernel
 * stack, LDT fields (never loaded into hardware: no LLDT yet), virtual
 * IOPL and I/O bitmap, vcpu_info pointer, timers.  CR4.PGE is off, so the
 * CR3 write also flushes the GDT area's old translations.
 */
#include "lib.h"
#include <xen/xen.h>
#include "cpu.h"
#include "domain.h"
#include "fpu.h"
#include "layout.h"
#include "mm.h"
#include "pv.h"
#include "sched.h"
#include "x86.h"

#define DR7_ACTIVE_MASK 0xffUL          /* L0-3, G0-3 */

/*
 * Load a data selector; one the new GDT/LDT refuses loads NUL instead
 * (Xen's load_segments then calls the failsafe callback; the guest sees
 * a NUL selector here, which faults on use).
 */
#define LOAD_SEG(seg, val)                                              \
    asm volatile ( "1: mov %k0, %%" #seg "\n"                           \
                   "2:\n"                                               \
                   ".pushsection .text.fixup, \"ax\"\n"                 \
                   "3: xorl %k0, %k0\n"                                 \
                   "   jmp 1b\n"                                        \
                   ".popsection\n"                                      \
                   ".pushsection .extable, \"a\"\n"                     \
                   ".balign 8\n"                                        \
                   ".quad 1b, 3b\n"                                     \
                   ".popsection\n"                                      \
                   : : "r" ((unsigned int)(val)) : "memory" )
#define SAVE_SEG(seg, dst) \
    asm volatile ( "mov %%" #seg ", %k0" : "=r" (dst) )

static void write_dr(unsigned long dr0, unsigned long dr1, unsigned long dr2,
                     unsigned long dr3, unsigned long dr6, unsigned long dr7)
{
    asm volatile ( "mov %0, %%db0" :: "r" (dr0) );
    asm volatile ( "mov %0, %%db1" :: "r" (dr1) );
    asm volatile ( "mov %0, %%db2" :: "r" (dr2) );
    asm volatile ( "mov %0, %%db3" :: "r" (dr3) );
    asm volatile ( "mov %0, %%db6" :: "r" (dr6) );
    asm volatile ( "mov %0, %%db7" :: "r" (dr7) );
}

static void save_guest_state(struct vcpu *v, const struct cpu_user_regs *r)
{
    unsigned long gs = rdmsr(MSR_GS_BASE);
    unsigned long shadow = rdmsr(MSR_SHADOW_GS_BASE);
    unsigned int sel;

    v->user_regs = *r;
    SAVE_SEG(ds, sel);
    v->user_regs.ds = (uint16_t)sel;
    SAVE_SEG(es, sel);
    v->user_regs.es = (uint16_t)sel;
    SAVE_SEG(fs, sel);
    v->user_regs.fs = (uint16_t)sel;
    SAVE_SEG(gs, sel);
    v->user_regs.gs = (uint16_t)sel;
    v->arch.fs_base = rdmsr(MSR_FS_BASE);
    v->arch.gs_base_kernel = v->kernel_mode ? gs : shadow;
    v->arch.gs_base_user = v->kernel_mode ? shadow : gs;
    /* FXSAVE under CR0.TS would fault: the guest's TS is in fpu_ts. */
    asm volatile ( "clts" );
    fpu_save(&v->arch.fpu);
    if ( v->arch.dr7 & DR7_ACTIVE_MASK )
        write_dr(0, 0, 0, 0, v->arch.dr6, 0);   /* no stray breakpoints */
}

static void load_guest_state(struct vcpu *v, struct cpu_user_regs *r)
{
    unsigned long table = v->kernel_mode ? v->guest_table
                                         : v->guest_table_user;

    gdt_load_vcpu(v);
    write_cr3((uint64_t)table << PAGE_SHIFT);
    LOAD_SEG(ds, v->user_regs.ds);
    LOAD_SEG(es, v->user_regs.es);
    LOAD_SEG(fs, v->user_regs.fs);
    LOAD_SEG(gs, v->user_regs.gs);
    /* Selector loads set the bases from descriptors; ours come after. */
    wrmsr(MSR_FS_BASE, v->arch.fs_base);
    wrmsr(MSR_GS_BASE, v->kernel_mode ? v->arch.gs_base_kernel
                                      : v->arch.gs_base_user);
    wrmsr(MSR_SHADOW_GS_BASE, v->kernel_mode ? v->arch.gs_base_user
                                             : v->arch.gs_base_kernel);
    asm volatile ( "clts" );
    fpu_restore(&v->arch.fpu);
    if ( v->fpu_ts )
        write_cr0(read_cr0() | X86_CR0_TS);
    if ( v->arch.dr7 & DR7_ACTIVE_MASK )
        write_dr(v->arch.dr[0], v->arch.dr[1], v->arch.dr[2], v->arch.dr[3],
                 v->arch.dr6, v->arch.dr7);
    *r = v->user_regs;
}

/*
 * The dirty masks follow CR3: a CPU is in a domain's mask from loading
 * its tables until loading another's (the CR3 write flushes, CR4.PGE
 * being off), which is what TLB shootdown (smp.c) needs.  is_running
 * drops last, once prev's state is all in memory (vcpu_sleep_sync).
 */
void context_switch(struct vcpu *prev, struct vcpu *next)
{
    struct cpu_user_regs *regs = guest_cpu_user_regs();
    unsigned int cpu = smp_processor_id();

    if ( !is_idle_vcpu(prev) )
        save_guest_state(prev, regs);
    next->is_running = true;
    current = next;
    if ( is_idle_vcpu(next) )
        write_cr3(virt_to_maddr(idle_pg_table));
    else
    {
        cpumask_set(cpu, &next->domain->dirty_cpumask);
        load_guest_state(next, regs);
    }
    if ( prev->domain != next->domain )
        cpumask_unset(cpu, &prev->domain->dirty_cpumask);
    __atomic_store_n(&prev->is_running, false, __ATOMIC_RELEASE);
}
