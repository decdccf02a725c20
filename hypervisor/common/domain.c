/*
 * Domain lifecycle and per-domain settings: shutdown, crash and vm_assist.
 * With dom0 the only domain, its end is the machine's: the reason goes to
 * QEMU's exit status, as Xen's hardware-domain shutdown halts the host.
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/sched.h>
#include "cpu.h"
#include "domain.h"
#include "errno.h"
#include "hypercall.h"
#include "machine.h"

#define DOMAIN_HASH_SIZE 64             /* power of two */
#define DOMAIN_HASH(id)  ((id) & (DOMAIN_HASH_SIZE - 1))

struct domain *domain_list;
static struct domain *domain_hash[DOMAIN_HASH_SIZE];

struct domain *get_domain_by_id(domid_t domid)
{
    struct domain *d = domain_hash[DOMAIN_HASH(domid)];

    while ( d && d->domid != domid )
        d = d->next_in_hash;
    return d;
}

/* Link d into the list (kept in domid order) and its hash bucket. */
void domlist_insert(struct domain *d)
{
    struct domain **pd = &domain_list;

    BUG_ON(get_domain_by_id(d->domid));
    while ( *pd && (*pd)->domid < d->domid )
        pd = &(*pd)->next_in_list;
    d->next_in_list = *pd;
    *pd = d;
    d->next_in_hash = domain_hash[DOMAIN_HASH(d->domid)];
    domain_hash[DOMAIN_HASH(d->domid)] = d;
}

static const char *const reasons[] = {
    [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
    [SHUTDOWN_suspend] = "suspend", [SHUTDOWN_crash] = "crash",
    [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

noreturn void domain_shutdown(struct domain *d, unsigned int reason)
{
    static const enum exit_code codes[] = {
        [SHUTDOWN_poweroff] = EXIT_POWEROFF, [SHUTDOWN_reboot] = EXIT_REBOOT,
        [SHUTDOWN_suspend] = EXIT_SUSPEND, [SHUTDOWN_crash] = EXIT_CRASH,
        [SHUTDOWN_watchdog] = EXIT_WATCHDOG,
        [SHUTDOWN_soft_reset] = EXIT_REBOOT,
    };
    bool known = reason < ARRAY_SIZE(codes);

    d->is_shutting_down = true;
    d->shutdown_code = reason;
    printk("d%u shut down: %s (reason %u)\n", d->domid,
           known ? reasons[reason] : "unknown, restarting", reason);
    /* Unknown reasons restart, as Xen's hardware-domain shutdown does. */
    machine_exit(known ? codes[reason] : EXIT_REBOOT);
}

noreturn void domain_crash(struct domain *d, const char *fmt, ...)
{
    char why[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    printk("dom%u crashed: %s\n", d->domid, why);
    show_registers(guest_cpu_user_regs());
    d->is_shutting_down = true;
    d->shutdown_code = SHUTDOWN_crash;
    machine_exit(EXIT_CRASH);
}

/* The VMASST types a 64-bit PV guest may enable (PV64_VM_ASSIST_MASK). */
#define PV64_VM_ASSIST_MASK \
    ((1UL << VMASST_TYPE_4gb_segments) |                    \
     (1UL << VMASST_TYPE_4gb_segments_notify) |             \
     (1UL << VMASST_TYPE_writable_pagetables) |             \
     (1UL << VMASST_TYPE_pae_extended_cr3) |                \
     (1UL << VMASST_TYPE_architectural_iopl) |              \
     (1UL << VMASST_TYPE_runstate_update_flag) |            \
     (1UL << VMASST_TYPE_m2p_strict))

long do_vm_assist(unsigned int cmd, unsigned int type)
{
    struct domain *d = current->domain;

    if ( type >= 64 || !(PV64_VM_ASSIST_MASK & (1UL << type)) )
        return -EINVAL;
    switch ( cmd )
    {
    case VMASST_CMD_enable:
        d->vm_assist |= 1UL << type;
        return 0;
    case VMASST_CMD_disable:
        d->vm_assist &= ~(1UL << type);
        return 0;
    }
    return -ENOSYS;
}
