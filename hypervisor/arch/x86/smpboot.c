/*
 * Starting the application processors (Xen's smpboot.c): for each local
 * APIC the MADT lists, the BSP prepares the CPU's block (cpu_info, idle
 * vCPU, scheduler state), sends INIT-SIPI-SIPI to the real-mode
 * trampoline copied below 1 MiB and waits for the AP to say it is up.
 * Runs while the identity map (which the trampoline needs) still exists.
 */
#include "apic.h"
#include "boot.h"
#include "cpu.h"
#include "fpu.h"
#include "emulate.h"
#include "layout.h"
#include "machine.h"
#include "sched.h"
#include "smp.h"
#include "x86.h"

extern const uint8_t trampoline_start[], trampoline_end[], tramp_efer[];
unsigned long ap_stack_top;             /* trampoline.S loads %rsp here */
static volatile bool ap_up;
noreturn void start_secondary(void);

static void delay_us(uint64_t us)
{
    uint64_t end = now_ns() + us * 1000;

    while ( now_ns() < end )
        cpu_relax();
}

/* The AP, on its own stack, with the BSP waiting for ap_up. */
noreturn void start_secondary(void)
{
    unsigned int cpu = smp_processor_id();

    desc_init(cpu);                     /* its GDT, TSS (its IST stacks) */
    gdt_init_cpu(cpu);                  /* ... then its GDT area */
    cpu_features_init();                /* SMEP, NX, CR0.WP */
    syscall_init(cpu);                  /* its SYSCALL stubs */
    fpu_init();                         /* OSFXSR, a clean FPU */
    msr_init();                         /* PAT = Xen's */
    apic_init_secondary();              /* LAPIC on, timer one-shot */
    cpumask_set(cpu, &cpu_online_map);  /* IPIs may come now */
    __atomic_store_n(&ap_up, true, __ATOMIC_RELEASE);
    hv_lock();                          /* the BSP drops it at dom0 entry */
    sched_start();                      /* idle until given a vCPU */
}

static bool boot_one(unsigned int cpu, unsigned int apic)
{
    struct cpu_info *ci = &cpu_stacks[cpu].info;
    uint64_t deadline;

    ci->processor_id = cpu;
    ci->apic_id = apic;
    sched_init_cpu(cpu);                /* its idle vCPU is `current' */
    ap_stack_top = (unsigned long)&cpu_stacks[cpu + 1] - CPU_INFO_MAX;
    ap_up = false;
    apic_send_init(apic);
    delay_us(10000);
    apic_send_sipi(apic, TRAMPOLINE_PHYS);
    delay_us(200);
    apic_send_sipi(apic, TRAMPOLINE_PHYS);  /* ignored if it started */
    deadline = now_ns() + AP_BOOT_TIMEOUT_MS * 1000000UL;
    while ( !__atomic_load_n(&ap_up, __ATOMIC_ACQUIRE) )
        if ( now_ns() > deadline )
            return false;
    return true;
}

void smp_boot_cpus(void)
{
    unsigned int bsp = apic_id(), cpu = 1;
    unsigned int limit = opts.max_cpus ? MIN(opts.max_cpus, NR_CPUS)
                                       : NR_CPUS;
    uint8_t *tramp = maddr_to_virt(TRAMPOLINE_PHYS);

    cpu_stacks[0].info.apic_id = bsp;
    memcpy(tramp, trampoline_start, trampoline_end - trampoline_start);
    /* The AP's EFER is the BSP's (LME, NXE, SCE): the tables use NX. */
    *(uint32_t *)(tramp + (tramp_efer - trampoline_start)) =
        (uint32_t)rdmsr(MSR_EFER) & ~EFER_LMA;
    for ( unsigned int i = 0; i < acpi_nr_cpus && cpu < limit; i++ )
    {
        unsigned int apic = acpi_apic_ids[i];

        if ( apic == bsp )
            continue;
        if ( !boot_one(cpu, apic) )
        {
            /* It may still start late, on this slot's stack: no more. */
            pr_warn("CPU%u (APIC id %u) did not start\n", cpu, apic);
            break;
        }
        pr_info("CPU%u up (APIC id %u)\n", cpu, apic);
        cpu++;
    }
    pr_info("smp: %u CPU%s online\n", num_online_cpus(),
            num_online_cpus() > 1 ? "s" : "");
}
