/*
 * spin: a domU that never blocks, on the pv-guest core.  The xl system
 * test runs it to see CPU time accrue, stop while paused and resume, and
 * to give the credit scheduler's weights something to divide.
 */
#include <pv-guest/lib.h>

void kernel_main(void)
{
    printk("spin: running\n");
    for ( ;; )
        asm volatile ( "pause" );
}
