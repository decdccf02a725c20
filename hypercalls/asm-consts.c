/*
 * Exports Xen ABI constants that live in C-only public headers (e.g.
 * <xen/sched.h>, which has no __ASSEMBLY__ guard) to assembly sources.
 * Compiled with -S only; build.mk turns each "->NAME VALUE" marker into
 * `#define ASM_NAME VALUE` in hypercalls/asm-consts.h (Linux asm-offsets).
 */
#include <stdint.h>

#include <xen/xen.h>
#include <xen/sched.h>

#define DEFINE(name, value) \
    asm volatile ("\n.ascii \"->" #name " %c0\"" :: "i" (value))

void asm_consts(void);

void asm_consts(void)
{
    DEFINE(SCHEDOP_shutdown, SCHEDOP_shutdown);
    DEFINE(SHUTDOWN_poweroff, SHUTDOWN_poweroff);
}
