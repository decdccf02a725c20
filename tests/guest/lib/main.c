/*
 * Entry of every conformance kernel: sets up the pv-guest core, runs the
 * test's test_main() and reports.  Owns the boot order of a test kernel;
 * trusts the test to report through the verbs in test.h.
 */
#include <test.h>

void kernel_main(void)
{
    printk("--- PVX guest test ---\n");
    printk("Environment: PV 64bit, dom%s\n",
           (start_info->flags & SIF_INITDOMAIN) ? "0" : "U");
    printk("%s\n", test_title);

    traps_init();                   /* trap table via set_trap_table */
    test_main();                    /* the test proper */
    xtf_exit();                     /* "Test result: ..." and power off */
}
