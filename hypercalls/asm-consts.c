/*
 * Exports Xen ABI constants that live in C-only public headers (e.g.
 * <xen/sched.h>, which has no __ASSEMBLY__ guard) to assembly sources.
 * Compiled with -S only; build.mk turns each "->NAME VALUE" marker into
 * `#define ASM_NAME VALUE` in hypercalls/asm-consts.h (Linux asm-offsets).
 */
#include <stddef.h>
#include <stdint.h>

#include <xen/xen.h>
#include <xen/sched.h>
#include <xen/event_channel.h>
#include <xen/io/console.h>

#define DEFINE(name, value) \
    asm volatile ("\n.ascii \"->" #name " %c0\"" :: "i" (value))

void asm_consts(void);

void asm_consts(void)
{
    DEFINE(SCHEDOP_shutdown, SCHEDOP_shutdown);
    DEFINE(SHUTDOWN_poweroff, SHUTDOWN_poweroff);
    DEFINE(EVTCHNOP_send, EVTCHNOP_send);
    DEFINE(SIF_INITDOMAIN, SIF_INITDOMAIN);
    DEFINE(SI_console_mfn, offsetof(start_info_t, console.domU.mfn));
    DEFINE(SI_console_evtchn, offsetof(start_info_t, console.domU.evtchn));
    DEFINE(SI_flags, offsetof(start_info_t, flags));
    DEFINE(XENCONS_out, offsetof(struct xencons_interface, out));
    DEFINE(XENCONS_out_cons, offsetof(struct xencons_interface, out_cons));
    DEFINE(XENCONS_out_prod, offsetof(struct xencons_interface, out_prod));
}
