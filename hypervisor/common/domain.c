/*
 * Domain lifecycle (Xen's common/domain.c): creation paused, the
 * toolstack's pause count, shutdown and crash, destruction; vm_assist.
 * The hardware domain's end is the machine's (the reason goes to QEMU's
 * exit status, as Xen halts the host); any other domain just stops, and
 * dom0 hears of it through VIRQ_DOM_EXC.
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/sched.h>
#include "cpu.h"
#include "domain.h"
#include "errno.h"
#include "frame_alloc.h"
#include "hypercall.h"
#include "machine.h"
#include "page.h"
#include "sched.h"
#include "vtime.h"
#include "xenheap.h"

#define DOMAIN_PAGES XENHEAP_PAGES(sizeof(struct domain))
#define SHUTDOWN_CODE_INVALID (~0U)     /* Xen's: no shutdown yet */

static const char *const reasons[] = {
    [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
    [SHUTDOWN_suspend] = "suspend", [SHUTDOWN_crash] = "crash",
    [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

static bool is_hardware_domain(const struct domain *d)
{
    return d->domid == 0;
}

/* shared_info: hypervisor memory the guest may map (PGF_xen_heap). */
static int shared_info_alloc(struct domain *d)
{
    unsigned long mfn = frame_alloc();

    if ( mfn == INVALID_MFN )
        return -ENOMEM;
    memset(frame_virt(mfn), 0, PAGE_SIZE);
    assign_page(d, mfn, true);
    d->shared_info_mfn = mfn;
    d->shared_info = frame_virt(mfn);
    for ( unsigned int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++ )
        d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
    return 0;
}

struct domain *domain_create(domid_t domid, unsigned int max_vcpus,
                             unsigned int cdf, int *err)
{
    struct domain *d = alloc_xenheap_pages(DOMAIN_PAGES);

    BUG_ON(max_vcpus < 1 || max_vcpus > DOMAIN_MAX_VCPUS ||
           get_domain_by_id(domid));
    if ( !d )
    {
        *err = -ENOMEM;
        return NULL;
    }
    if ( (*err = shared_info_alloc(d)) )
    {
        free_xenheap_pages(d, DOMAIN_PAGES);
        return NULL;
    }
    d->domid = domid;
    d->is_privileged = cdf & CDF_privileged;
    d->max_vcpus = max_vcpus;
    d->state = DOMSTATE_created;
    d->controller_pause_count = 1;      /* the toolstack unpauses it */
    d->shutdown_code = SHUTDOWN_CODE_INVALID;
    evtchn_init(d);                     /* port 0 reserved */
    update_domain_wallclock_time(d);
    domlist_insert(d);
    return d;
}

/* What vcpu_runnable() reads changed: the scheduler follows. */
static void sched_follow(struct domain *d)
{
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
    {
        struct vcpu *v = domain_vcpu(d, i);

        if ( v && domain_runnable(d) )
            sched_vcpu_wake(v);
        else if ( v )
            sched_vcpu_sleep(v);
    }
}

/*
 * Return once no vCPU of d (not the caller's domain) runs on any CPU
 * (Xen's vcpu_sleep_sync per vCPU).  The wait drops the hypervisor lock,
 * so d is looked up again by its id after each: false if another CPU
 * destroyed it meanwhile.  d's vCPUs never wait for the caller, so even a
 * wait cut short (the caller paused meanwhile) is simply taken again.
 */
static bool domain_sync(struct domain *d)
{
    domid_t domid = d->domid;

    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
    {
        struct vcpu *v = domain_vcpu(d, i);

        while ( v && v->is_running && v != current )
        {
            vcpu_sleep_sync(v);
            if ( get_domain_by_id(domid) != d )
                return false;
        }
    }
    return true;
}

int domain_pause(struct domain *d)
{
    /* Xen's limit: 255 toolstack pauses, so the count cannot overflow. */
    if ( d->controller_pause_count >= 255 )
        return -EOVERFLOW;
    d->controller_pause_count++;
    sched_follow(d);
    domain_sync(d);                     /* paused means off every CPU */
    return 0;
}

int domain_unpause(struct domain *d)
{
    if ( !d->controller_pause_count )
        return -EINVAL;
    /* Creation is finished when the count first drops to 0. */
    if ( !--d->controller_pause_count && d->state == DOMSTATE_created )
        d->state = DOMSTATE_running;
    sched_follow(d);
    return 0;
}

/* Tell the hardware domain's VIRQ_DOM_EXC handler (Xen's global virq). */
static void notify_dom_exc(void)
{
    struct domain *hwdom = get_domain_by_id(0);

    if ( hwdom && hwdom->state <= DOMSTATE_shutdown )
        send_guest_global_virq(hwdom, VIRQ_DOM_EXC);
}

bool domain_reap(struct domain *d)
{
    BUG_ON(d->state != DOMSTATE_dying);
    if ( d->owned_frames )
        return false;
    d->state = DOMSTATE_dead;
    domlist_remove(d);
    grant_table_destroy(d);             /* active and map-track pages */
    domain_free_memory_map(d);
    free_xenheap_pages(d, DOMAIN_PAGES);
    return true;
}

/*
 * Xen frees a dying domain when its last frame goes; here the control
 * plane looks before each operation, so a domain it sees is one whose
 * frames someone still maps.
 */
void domain_reap_zombies(void)
{
    struct domain *d = domain_list, *next;

    for ( ; d; d = next )
    {
        next = d->next_in_list;
        if ( d->state == DOMSTATE_dying )
            domain_reap(d);
    }
}

void domain_destroy(struct domain *d)
{
    BUG_ON(!domain_state_ok(d->state, DOMSTATE_dying) ||
           d == current->domain);
    d->state = DOMSTATE_dying;
    /*
     * Off every CPU before anything goes: no CPU may keep its tables in
     * CR3 or its frame live.  Meanwhile another CPU sees it dying (a
     * second destroy does nothing) with its frames in use (not reaped).
     */
    sched_follow(d);
    domain_sync(d);
    evtchn_reset(d);                    /* every port closed */
    gnttab_release_mappings(d);         /* what it mapped of others */
    domain_relinquish_memory(d);
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
        if ( domain_vcpu(d, i) )
            vcpu_destroy(domain_vcpu(d, i));   /* and its timers */
    printk("d%u destroyed%s\n", d->domid,
           d->owned_frames ? ", frames still mapped elsewhere" : "");
    domain_reap(d);
    notify_dom_exc();
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    static const enum exit_code codes[] = {
        [SHUTDOWN_poweroff] = EXIT_POWEROFF, [SHUTDOWN_reboot] = EXIT_REBOOT,
        [SHUTDOWN_suspend] = EXIT_SUSPEND, [SHUTDOWN_crash] = EXIT_CRASH,
        [SHUTDOWN_watchdog] = EXIT_WATCHDOG,
        [SHUTDOWN_soft_reset] = EXIT_REBOOT,
    };
    bool known = reason < ARRAY_SIZE(codes);

    if ( d->is_shutting_down )          /* the first reason stands */
        return;
    BUG_ON(d->state == DOMSTATE_dying);
    d->is_shutting_down = true;
    d->shutdown_code = reason;
    printk("d%u shut down: %s (reason %u)\n", d->domid,
           known ? reasons[reason] : "unknown", reason);
    /* Unknown reasons restart, as Xen's hardware-domain shutdown does. */
    if ( is_hardware_domain(d) )
        machine_exit(known ? codes[reason] : EXIT_REBOOT);
    BUG_ON(!domain_state_ok(d->state, DOMSTATE_shutdown));
    d->state = DOMSTATE_shutdown;
    sched_follow(d);
    notify_dom_exc();
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
    char why[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    printk("dom%u crashed: %s\n", d->domid, why);
    if ( d == current->domain )
        show_registers(guest_cpu_user_regs());
    domain_shutdown(d, SHUTDOWN_crash);
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
