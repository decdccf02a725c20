/*
 * machine_exit: stop the machine and hand the reason to QEMU.  A clean
 * power-off goes through ACPI S5 (QEMU exits 0); every other reason, or a
 * machine without ACPI, is written to the isa-debug-exit port.
 */
#include "apic.h"
#include "machine.h"
#include "x86.h"

#define DEBUG_EXIT_PORT 0xf4

void machine_exit(enum exit_code code)
{
    local_irq_disable();
    if ( code == EXIT_POWEROFF )
    {
        uint64_t t0 = rdtsc();

        /* QEMU acts on S5 asynchronously: give it a second to do so. */
        acpi_poweroff();
        while ( tsc_khz() && rdtsc() - t0 < tsc_khz() * 1000 )
            cpu_relax();
    }
    outl(DEBUG_EXIT_PORT, (uint32_t)code);
    for ( ;; )                          /* not under QEMU: just stop */
        halt();
}
