/*
 * dom0, first stage: proves the boot contract from inside the guest.  It
 * prints what the builder handed over, then checks that exceptions bounce
 * to its own handlers and return.  Trusts only the pv-guest core; every
 * value read from start_info is printed, not believed.
 */
#include <hypercalls/hypercall.h>
#include <pv-guest/lib.h>
#include <pv-guest/traps.h>

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

void kernel_main(void)
{
    /* The banner is the first console output: boot tests wait for it. */
    printk("PVX dom0: hello from the PV kernel (tsc=%lu)\n", rdtsc());

    print_start_info();             /* what the domain builder handed over */
    print_version();                /* XENVER_version, XENVER_extraversion */
    traps_init();                   /* trap table via set_trap_table */
    check_int3();                   /* #BP bounces and returns */
    check_page_fault();             /* #PF bounces, extable fixup */

    printk("PVX dom0: all checks passed\n");
    shutdown(SHUTDOWN_poweroff);
}
