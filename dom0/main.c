/*
 * dom0: checks its boot contract (exceptions bounce to its handlers and
 * return), starts its services (memory, events, xenstored, the console
 * backend, xl), creates the guests of etc/xen/auto/ and runs the prompt
 * in one event loop.  Trusts only the pv-guest core; input typed at the
 * prompt and guests' rings are untrusted.
 */
#include <hypercalls/hypercall.h>
#include <pv-guest/events.h>
#include <pv-guest/lib.h>
#include <pv-guest/mm.h>
#include <pv-guest/traps.h>
#include <dom0/consoled.h>
#include <dom0/xenstored.h>
#include <xen/xen.h>

#include "shell/files.h"
#include "shell/shell.h"
#include "xl/xl.h"
#include "xl/xl_console.h"
#include "xl/xl_wait.h"

#define AUTO_DIR "etc/xen/auto/"    /* xendomains' auto-start configs */

static unsigned int int3_hits;
static unsigned long int3_rip;

static void __attribute__((noreturn)) fail(const char *what)
{
    printk("PVX dom0: FAILED: %s\n", what);
    shutdown(SHUTDOWN_crash);
}

static void print_start_info(void)
{
    const start_info_t *si = start_info;

    printk("start_info at %p:\n", si);
    printk("  magic        %.32s\n", si->magic);
    printk("  nr_pages     %lu\n", si->nr_pages);
    printk("  shared_info  %#lx (machine address)\n", si->shared_info);
    printk("  flags        %#x\n", si->flags);
    printk("  pt_base      %#lx\n", si->pt_base);
    printk("  nr_pt_frames %lu\n", si->nr_pt_frames);
    printk("  mfn_list     %#lx\n", si->mfn_list);
    printk("  mod_start    %#lx\n", si->mod_start);
    printk("  mod_len      %lu\n", si->mod_len);
    printk("  cmd_line     \"%.*s\"\n", (int)sizeof(si->cmd_line),
           (const char *)si->cmd_line);
}

static void print_version(void)
{
    xen_extraversion_t extra;
    long ver = hypercall_xen_version(XENVER_version, NULL);
    long rc = hypercall_xen_version(XENVER_extraversion, extra);

    if ( ver < 0 )
        fail("XENVER_version");
    if ( rc )
        fail("XENVER_extraversion");
    printk("hypervisor version %ld.%ld%.*s\n", ver >> 16, ver & 0xffff,
           (int)sizeof(extra), extra);
}

static bool dom0_int3(struct cpu_user_regs *regs)
{
    int3_hits++;
    int3_rip = regs->rip;
    return true;
}

/* #BP is a trap: the handler runs, the frame's RIP is past the int3. */
static void check_int3(void)
{
    unsigned long after;

    trap_set_handler(X86_EXC_BP, dom0_int3);
    asm volatile ("lea 1f(%%rip), %0\n\t"
                  "int3\n"
                  "1:"
                  : "=r" (after) :: "memory");

    if ( int3_hits != 1 )
        fail("int3 handler did not run exactly once");
    if ( int3_rip != after )
        fail("int3 frame RIP is not the next instruction");
    printk("int3: handler ran, resumed at %#lx\n", after);
}

/* A read of VA 0, outside the bootstrap mapping, faults; fix it up. */
static void check_page_fault(void)
{
    unsigned long val = 0, rip;

    asm volatile ("lea 1f(%%rip), %[rip]\n"
                  "1: mov (%[addr]), %[val]\n"
                  "2:\n\t"
                  ASM_EXTABLE(1b, 2b)
                  : [rip] "=&r" (rip), [val] "+r" (val)
                  : [addr] "r" (0UL)
                  : "memory");

    if ( trap_last.vector != X86_EXC_PF )
        fail("no #PF on reading VA 0");
    if ( trap_last.rip != rip )
        fail("#PF frame RIP is not the faulting instruction");
    if ( trap_last.error_code & (X86_PFEC_PRESENT | X86_PFEC_WRITE |
                                 X86_PFEC_USER) )
        fail("#PF error code is not 'kernel read, not present'");
    printk("#PF: error code %#x at %#lx, fixed up\n",
           trap_last.error_code, trap_last.rip);
}

/* A word of dom0's command line (start_info's, bounded by its size). */
static bool cmdline_word(const char *word)
{
    const char *c = (const char *)start_info->cmd_line;
    size_t len = strnlen(c, sizeof(start_info->cmd_line));
    size_t n = strlen(word);

    for ( size_t i = 0; i + n <= len; i++ )
        if ( (i == 0 || c[i - 1] == ' ') && !strncmp(c + i, word, n) &&
             (i + n == len || c[i + n] == ' ') )
            return true;
    return false;
}

static volatile bool dom_exc_kick;

/*
 * Handlers run from the upcall: note the work, the loop does it.  Serial
 * input is drained on every pass, so VIRQ_CONSOLE only has to wake it.
 */
static void on_console(evtchn_port_t port, void *arg)
{
}

static void on_dom_exc(evtchn_port_t port, void *arg)
{
    dom_exc_kick = true;
}

static void bind_virq(uint32_t virq, evtchn_handler_t fn, const char *what)
{
    evtchn_port_t port;

    if ( evtchn_bind_virq(virq, &port) || evtchn_bind(port, fn, NULL) )
        fail(what);
}

/* Serial input: to the attached guest console, else to the prompt. */
static void serve_console(void)
{
    char buf[64];
    long n;

    while ( (n = hypercall_console_io(CONSOLEIO_read, sizeof(buf), buf)) >
            0 )
    {
        if ( xl_console_active() )
            xl_console_input(buf, (size_t)n);
        else if ( xl_wait_active() )
            xl_wait_input(buf, (size_t)n);
        else
            shell_input(buf, (size_t)n);
    }
}

static void autostart_one(const char *path, size_t len, void *arg)
{
    if ( !strncmp(path, AUTO_DIR, sizeof(AUTO_DIR) - 1) )
        xl_create_from_file(path, false);
}

void kernel_main(void)
{
    unsigned long seen;
    bool prompt;

    /* The banner is the first console output: boot tests wait for it. */
    printk("PVX dom0: hello from the PV kernel (tsc=%lu)\n", rdtsc());

    print_start_info();             /* what the domain builder handed over */
    print_version();                /* XENVER_version, XENVER_extraversion */
    traps_init();                   /* trap table via set_trap_table */
    check_int3();                   /* #BP bounces and returns */
    check_page_fault();             /* #PF bounces, extable fixup */
    printk("PVX dom0: all checks passed\n");
    if ( cmdline_word("poweroff") )     /* boot tests: checks, then off */
        shutdown(SHUTDOWN_poweroff);

    mm_init();                      /* page allocator, foreign mappings */
    events_init();                  /* upcall, shared_info */
    xenstored_init();               /* the store, dom0's own connection */
    xl_init();                      /* xl's handle, Domain-0's entries */
    bind_virq(VIRQ_CONSOLE, on_console, "bind VIRQ_CONSOLE");
    bind_virq(VIRQ_DOM_EXC, on_dom_exc, "bind VIRQ_DOM_EXC");
    files_foreach(autostart_one, NULL);     /* as xendomains does */
    shell_prompt();

    for ( ;; )
    {
        seen = events_handled;
        serve_console();
        xenstored_poll();
        consoled_poll();
        prompt = xl_wait_finished();    /* Ctrl-C ended `xl shutdown -w` */
        if ( dom_exc_kick )
        {
            dom_exc_kick = false;
            xenstored_domain_exc();
            xl_wait_check();            /* before xl acts on the domains */
            prompt |= xl_domain_exc() != 0;
            prompt |= xl_wait_finished();
        }
        /* Redraw after xl's messages, unless the prompt is not ours. */
        if ( prompt && !xl_console_active() && !xl_wait_active() )
            shell_reprompt();
        xl_console_pump();
        /* Ctrl-] or the guest's death ended `xl console`: prompt again. */
        if ( xl_console_detached() )
            shell_prompt();
        /* Masked, nothing can run between the check and the block. */
        events_mask(true);
        if ( events_handled == seen )
            events_wait();
        else
            events_mask(false);
    }
}
