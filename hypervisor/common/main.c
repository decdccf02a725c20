/*
 * start_pvx: the boot sequence, one ordered list (xv6's main()).  Runs on
 * CPU 0's stack with interrupts off, holding the hypervisor lock; ends by
 * entering dom0.
 */
#include "apic.h"
#include "boot.h"
#include "console.h"
#include "cpu.h"
#include "dom0_build.h"
#include "emulate.h"
#include "fpu.h"
#include "m2p.h"
#include "machine.h"
#include "mm.h"
#include "vtime.h"
#include "page.h"
#include "sched.h"
#include "smp.h"
#include "syscall_bench.h"
#include "x86.h"

noreturn void start_pvx(uint64_t mbi_phys);

void cpu_features_init(void)
{
    uint32_t a, b, c, d;

    cpuid(7, 0, &a, &b, &c, &d);
    if ( b & (1u << 7) )                /* SMEP: never run guest code */
        write_cr4(read_cr4() | X86_CR4_SMEP);
    cpuid(0x80000001, 0, &a, &b, &c, &d);
    if ( d & (1u << 20) )               /* NX for everyone who asks */
        wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
    write_cr0(read_cr0() | X86_CR0_WP | X86_CR0_NE | X86_CR0_MP);
}

noreturn void start_pvx(uint64_t mbi_phys)
{
    hv_lock();                          /* held until dom0 first runs */
    serial_init();                      /* COM1, so everything can talk */
    multiboot_parse(mbi_phys);          /* command line, memory, modules */
    cmdline_parse(boot_info.cmdline);   /* loglvl=, dom0_mem=, mem= */
    printk("PVX hypervisor starting (Xen %d.%d ABI, 64-bit PV)\n",
           XEN_MAJOR, XEN_MINOR);
    pr_info("cmdline: %s\n", boot_info.cmdline);
    desc_init(0);                       /* GDT, TSS, IDT: faults now named */
    cpu_features_init();                /* SMEP, NX, CR0.WP */
    syscall_init(0);                    /* LSTAR/CSTAR: the hypercall path */
    fpu_init();                         /* OSFXSR, a clean FPU for dom0 */
    msr_init();                         /* PAT = Xen's, as PV guests expect */
    mm_init();                          /* free frames from the memory map */
    frame_table_init();                 /* owner, counts, type per frame */
    m2p_init();                         /* machine-to-phys, RO in slot 256 */
    gdt_init();                         /* GDT area: guest pages + Xen's */
    acpi_init(boot_info.rsdp_phys);     /* power-off port for shutdown */
    apic_init();                        /* local APIC, legacy PIC masked */
    time_init();                        /* TSC and LAPIC timer vs the PIT */
    wallclock_init();                   /* CMOS RTC: Unix time at boot */
    sched_init();                       /* credit scheduler, idle vCPU */
    smp_boot_cpus();                    /* APs from the MADT, then idle */
    mm_drop_identity_map();             /* the lower half is the guest's */
    if ( opts.bench_syscall )           /* bench=syscall: make bench */
        syscall_bench();
    console_rx_init();                  /* serial input poll, VIRQ_CONSOLE */
    dom0_construct_and_start();         /* build dom0 and enter it */
}
