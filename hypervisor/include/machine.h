/*
 * Ending the run: the reason reaches QEMU's exit status through
 * isa-debug-exit (status = 2 * code + 1) or, for a clean power-off, ACPI S5
 * (status 0).  Tests rely on these numbers.
 */
#ifndef PVX_MACHINE_H
#define PVX_MACHINE_H

#include "lib.h"

enum exit_code
{
    EXIT_POWEROFF = 0,        /* ACPI S5: QEMU exits 0 */
    EXIT_REBOOT   = 1,        /* status 3 */
    EXIT_SUSPEND  = 2,        /* status 5 */
    EXIT_CRASH    = 3,        /* status 7: dom0 crashed */
    EXIT_WATCHDOG = 4,        /* status 9 */
    EXIT_FATAL    = 16,       /* status 33: refused to boot */
    EXIT_PANIC    = 17,       /* status 35: a bug in PVX */
};

void acpi_init(uint64_t rsdp_phys);
/* The MADT's enabled local APIC ids, BSP first as firmware lists it. */
extern unsigned int acpi_apic_ids[];
extern unsigned int acpi_nr_cpus;
void acpi_poweroff(void);
noreturn void machine_exit(enum exit_code code);

#endif /* PVX_MACHINE_H */
