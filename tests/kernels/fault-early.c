/*
 * fault-early.elf: a valid PV kernel on the pv-guest core that reads an
 * unmapped address before it has installed any trap table.  With no
 * handler to bounce to, the hypervisor must crash the domain and say why
 * (Xen 4.17: "Unhandled page fault" and "Hardware Dom0 crashed").
 */
#include <pv-guest/lib.h>

void kernel_main(void)
{
    printk("fault-early: reading VA 0 with no trap table\n");

    /* In asm: a C NULL dereference would let gcc emit ud2 instead. */
    asm volatile ("mov (%0), %%rax" :: "r" (0UL) : "rax", "memory");

    printk("fault-early: FAILED: the read of VA 0 returned\n");
}
