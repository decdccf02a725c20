/*
 * domctl (Xen's common/domctl.c): the control domain acting on domains.
 * Checks in Xen's order: interface version (-EACCES), the target domain
 * (-ESRCH), then the one privilege check (-EPERM); the request is copied
 * in once and every field validated before anything changes.
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/domctl.h>
#include "apic.h"
#include "dom0_build.h"
#include "domain.h"
#include "errno.h"
#include "guest_access.h"
#include "hypercall.h"
#include "page.h"
#include "sched.h"
#include "x86.h"
#include "xenheap.h"

#define CTXT_PAGES XENHEAP_PAGES(sizeof(struct vcpu_guest_context))

/* The createdomain flags Xen 4.17 knows; PVX builds PV guests only. */
#define CDF_KNOWN (XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap |             \
                   XEN_DOMCTL_CDF_s3_integrity | XEN_DOMCTL_CDF_oos_off | \
                   XEN_DOMCTL_CDF_xs_domain | XEN_DOMCTL_CDF_iommu |      \
                   XEN_DOMCTL_CDF_nested_virt | XEN_DOMCTL_CDF_vpmu)

/* Xen's sanitise_domain_config on a host without HVM, IOMMU or vPMU. */
static int check_config(const struct xen_domctl_createdomain *c)
{
    if ( (c->flags & ~CDF_KNOWN) ||
         (c->grant_opts & ~XEN_DOMCTL_GRANT_version_mask) ||
         c->max_vcpus < 1 ||
         (c->flags & (XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap |
                      XEN_DOMCTL_CDF_iommu)) ||
         c->iommu_opts || c->vmtrace_size || (c->flags & XEN_DOMCTL_CDF_vpmu) )
        return -EINVAL;
    /* arch_sanitise_domain_config: vCPU limit, no emulated devices. */
    if ( c->max_vcpus > DOMAIN_MAX_VCPUS ||
         (c->arch.misc_flags & ~XEN_X86_MSR_RELAXED) )
        return -EINVAL;
    return c->arch.emulation_flags ? -EOPNOTSUPP : 0;
}

static long createdomain(struct xen_domctl *op)
{
    struct domain *d;
    domid_t domid;
    int rc;

    if ( (rc = check_config(&op->u.createdomain)) ||
         (rc = domid_alloc(op->domain, &domid)) )
        return rc;
    if ( !(d = domain_create(domid, op->u.createdomain.max_vcpus, 0, &rc)) )
        return rc;
    memcpy(d->handle, op->u.createdomain.handle, sizeof(d->handle));
    printk("d%u created by d%u\n", domid, current->domain->domid);
    op->domain = domid;
    return 0;
}

static uint64_t vcpu_running_time(const struct vcpu *v)
{
    uint64_t t = v->runstate.time[RUNSTATE_running];

    if ( v->runstate.state == RUNSTATE_running && v->is_running )
        t += now_ns() - v->runstate.state_entry_time;
    return t;
}

/* Xen's getdomaininfo(): flags as Xen computes them, bit for bit. */
void getdomaininfo(const struct domain *d,
                   struct xen_domctl_getdomaininfo *info)
{
    uint32_t flags = XEN_DOMINF_blocked;

    memset(info, 0, sizeof(*info));
    info->domain = d->domid;
    info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
    {
        const struct vcpu *v = domain_vcpu((struct domain *)d, i);

        if ( !v )
            continue;
        info->cpu_time += vcpu_running_time(v);
        info->max_vcpu_id = i;
        if ( v->down )
            continue;
        if ( !v->blocked )
            flags &= ~XEN_DOMINF_blocked;
        if ( v->is_running )            /* on any CPU, as Xen's */
            flags |= XEN_DOMINF_running;
        info->nr_online_vcpus++;
    }
    info->flags = (info->nr_online_vcpus ? flags : 0) |
        (d->state == DOMSTATE_dying ? XEN_DOMINF_dying : 0) |
        (d->state == DOMSTATE_shutdown ? XEN_DOMINF_shutdown : 0) |
        (d->controller_pause_count ? XEN_DOMINF_paused : 0) |
        d->shutdown_code << XEN_DOMINF_shutdownshift;
    info->tot_pages = d->tot_pages;
    info->max_pages = d->max_pages;
    info->shared_info_frame = d->shared_info_mfn;   /* PV: gfn == mfn */
    memcpy(info->handle, d->handle, sizeof(info->handle));
}

/* getdomaininfo: the domain asked for or the next one after it. */
static long domctl_getdomaininfo(struct xen_domctl *op, struct domain *d)
{
    if ( !d )
    {
        if ( op->domain >= DOMID_FIRST_RESERVED )
            return -EINVAL;
        if ( !(d = domain_at_or_after(op->domain)) )
            return -ESRCH;
    }
    if ( !is_control_domain(current->domain) )
        return -EPERM;
    getdomaininfo(d, &op->u.getdomaininfo);
    op->domain = op->u.getdomaininfo.domain;
    return 0;
}

static long domctl_getvcpuinfo(struct xen_domctl_getvcpuinfo *info,
                               struct domain *d)
{
    const struct vcpu *v;

    if ( info->vcpu >= d->max_vcpus )
        return -EINVAL;
    if ( !(v = domain_vcpu(d, info->vcpu)) )
        return -ESRCH;
    info->online = !v->down;
    info->blocked = v->blocked;
    info->running = v->is_running;
    info->cpu_time = vcpu_running_time(v);
    info->cpu = v->processor;
    return 0;
}

/* createdomain fixed the count; this creates the vCPUs, offline. */
static long domctl_max_vcpus(struct domain *d, uint32_t max)
{
    if ( d == current->domain || max != d->max_vcpus )
        return -EINVAL;
    for ( unsigned int i = 0; i < max; i++ )
        if ( !domain_vcpu(d, i) && !vcpu_create(d, i) )
            return -ENOMEM;
    return 0;
}

/* Credit weight and cap (Xen's sched_adjust): the only scheduler. */
static long domctl_scheduler_op(struct domain *d,
                                struct xen_domctl_scheduler_op *s,
                                bool *copyback)
{
    bool put = s->cmd == XEN_DOMCTL_SCHEDOP_putinfo;

    if ( s->sched_id != XEN_SCHEDULER_CREDIT ||
         (!put && s->cmd != XEN_DOMCTL_SCHEDOP_getinfo) )
        return -EINVAL;
    *copyback = !put;
    return sched_credit_op(d, put, &s->u.credit.weight, &s->u.credit.cap);
}

/*
 * A builder's first context for a vCPU of another domain: the checks and
 * references of VCPUOP_initialise (vcpu.c), its frames d's own.  Xen also
 * re-applies a context to an initialised vCPU and resets one for a NULL
 * context; here both are refused (-EEXIST, -EINVAL).
 */
static long domctl_setvcpucontext(struct domain *d,
                                  const struct xen_domctl_vcpucontext *c)
{
    struct vcpu *v;

    if ( d == current->domain || c->vcpu >= d->max_vcpus ||
         !(v = domain_vcpu(d, c->vcpu)) || !c->ctxt.p )
        return -EINVAL;
    return vcpu_updown_op(VCPUOP_initialise, v, (unsigned long)c->ctxt.p);
}

/*
 * Xen's arch_get_info_guest for a 64-bit PV vCPU that is not running.
 * CR0 carries only the guest's TS (Xen adds the host's other bits).
 */
static void get_context(const struct vcpu *v, struct vcpu_guest_context *c)
{
    memcpy(&c->fpu_ctxt, &v->arch.fpu, sizeof(v->arch.fpu));
    c->flags = VGCF_i387_valid | (v->down ? 0 : VGCF_online) |
               (v->kernel_mode ? VGCF_in_kernel : 0) |
               (v->failsafe_disables_events
                ? VGCF_failsafe_disables_events : 0) |
               (v->syscall_disables_events
                ? VGCF_syscall_disables_events : 0);
    c->user_regs = v->user_regs;
    c->user_regs.rflags |= v->arch.iopl;
    memcpy(c->trap_ctxt, v->trap_ctxt, sizeof(c->trap_ctxt));
    c->ldt_base = v->ldt_base;
    c->ldt_ents = v->ldt_ents;
    for ( unsigned int i = 0; i < FIRST_RESERVED_GDT_PAGE; i++ )
        c->gdt_frames[i] = v->gdt_frames[i];
    c->gdt_ents = v->gdt_ents;
    c->kernel_ss = v->kernel_ss;
    c->kernel_sp = v->kernel_sp;
    c->ctrlreg[0] = v->fpu_ts ? X86_CR0_TS : 0;
    c->ctrlreg[1] = v->guest_table_user << PAGE_SHIFT;
    c->ctrlreg[3] = v->guest_table << PAGE_SHIFT;
    c->ctrlreg[4] = v->arch.cr4_guest;
    for ( unsigned int i = 0; i < 4; i++ )
        c->debugreg[i] = v->arch.dr[i];
    c->debugreg[6] = v->arch.dr6;
    c->debugreg[7] = v->arch.dr7;
    c->event_callback_eip = v->event_callback;
    c->failsafe_callback_eip = v->failsafe_callback;
    c->syscall_callback_eip = v->syscall_callback;
    c->vm_assist = v->domain->vm_assist;
    c->fs_base = v->arch.fs_base;
    c->gs_base_kernel = v->arch.gs_base_kernel;
    c->gs_base_user = v->arch.gs_base_user;
}

/* Not the caller's running vCPU; one that has had a context (-ENODATA). */
static long domctl_getvcpucontext(struct domain *d,
                                  const struct xen_domctl_vcpucontext *vc)
{
    struct vcpu_guest_context *c;
    struct vcpu *v;
    long rc;

    if ( vc->vcpu >= d->max_vcpus || !(v = domain_vcpu(d, vc->vcpu)) ||
         v == current )
        return -EINVAL;
    if ( !v->is_initialised )
        return -ENODATA;
    if ( !(c = alloc_xenheap_pages(CTXT_PAGES)) )
        return -ENOMEM;
    /*
     * Running on another CPU, its registers are only on that CPU: pause
     * it until it is switched out (Xen's vcpu_pause).  The wait drops
     * the hypervisor lock, so d may be gone after it.
     */
    if ( v->is_running )
    {
        domid_t domid = d->domid;
        bool synced;

        v->pause_count++;
        sched_vcpu_sleep(v);
        synced = vcpu_sleep_sync(v);
        if ( get_domain_by_id(domid) != d || domain_vcpu(d, vc->vcpu) != v )
        {
            free_xenheap_pages(c, CTXT_PAGES);
            return -ESRCH;
        }
        if ( synced )
            get_context(v, c);
        v->pause_count--;
        sched_vcpu_wake(v);
        if ( !synced )                  /* we were paused: try again later */
        {
            struct cpu_user_regs *r = guest_cpu_user_regs();

            free_xenheap_pages(c, CTXT_PAGES);
            return hypercall_continue(__HYPERVISOR_domctl, r->rdi, r->rsi,
                                      r->rdx, r->r10);
        }
    }
    else
        get_context(v, c);
    rc = copy_to_guest((unsigned long)vc->ctxt.p, c, 1) ? -EFAULT : 0;
    free_xenheap_pages(c, CTXT_PAGES);
    return rc;
}

/* Xen's arch_do_domctl: the frame must be d's and able to be writable. */
static long domctl_hypercall_init(struct domain *d, unsigned long gmfn)
{
    struct page_info *pg = mfn_to_page(gmfn);      /* NULL if none */

    if ( !pg || get_page_and_type(pg, d, PGT_writable_page) )
        return -EINVAL;
    hypercall_page_init(frame_virt(gmfn));
    put_page_and_type(pg);
    return 0;
}

/* The operations below act on an existing d, for the control domain. */
static long domctl_on(struct xen_domctl *op, struct domain *d, bool *copyback)
{
    switch ( op->cmd )
    {
    case XEN_DOMCTL_destroydomain:
        if ( d == current->domain )
            return -EINVAL;
        if ( d->state != DOMSTATE_dying )       /* a zombie: nothing to do */
            domain_destroy(d);
        return 0;
    case XEN_DOMCTL_pausedomain:
        return d == current->domain ? -EINVAL : domain_pause(d);
    case XEN_DOMCTL_unpausedomain:
        return domain_unpause(d);
    case XEN_DOMCTL_max_mem:
        /* Xen lets max drop below tot_pages: no new pages until below. */
        d->max_pages = op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10);
        return 0;
    case XEN_DOMCTL_max_vcpus:
        return domctl_max_vcpus(d, op->u.max_vcpus.max);
    case XEN_DOMCTL_setvcpucontext:
        return domctl_setvcpucontext(d, &op->u.vcpucontext);
    case XEN_DOMCTL_getvcpucontext:
        *copyback = true;
        return domctl_getvcpucontext(d, &op->u.vcpucontext);
    case XEN_DOMCTL_getvcpuinfo:
        *copyback = true;
        return domctl_getvcpuinfo(&op->u.getvcpuinfo, d);
    case XEN_DOMCTL_scheduler_op:
        return domctl_scheduler_op(d, &op->u.scheduler_op, copyback);
    case XEN_DOMCTL_setvcpuaffinity:
    case XEN_DOMCTL_getvcpuaffinity:
        return domctl_vcpuaffinity(d, op->cmd, &op->u.vcpuaffinity);
    case XEN_DOMCTL_hypercall_init:
        return domctl_hypercall_init(d, op->u.hypercall_init.gmfn);
    }
    return -ENOSYS;
}

long do_domctl(unsigned long arg)
{
    struct xen_domctl op;
    struct domain *d = NULL;
    bool copyback = false;
    long rc;

    if ( copy_from_guest(&op, arg, 1) )
        return -EFAULT;
    if ( op.interface_version != XEN_DOMCTL_INTERFACE_VERSION )
        return -EACCES;
    domain_reap_zombies();
    /* No DOMID_SELF here: Xen's domctl names domains by id only. */
    if ( op.cmd != XEN_DOMCTL_createdomain &&
         !(d = get_domain_by_id(op.domain)) &&
         op.cmd != XEN_DOMCTL_getdomaininfo )
        return -ESRCH;

    if ( op.cmd == XEN_DOMCTL_getdomaininfo )
    {
        rc = domctl_getdomaininfo(&op, d);
        copyback = !rc;
    }
    else if ( !is_control_domain(current->domain) )
        return -EPERM;
    else if ( op.cmd == XEN_DOMCTL_createdomain )
    {
        rc = createdomain(&op);
        copyback = !rc;
    }
    else
        rc = domctl_on(&op, d, &copyback);

    if ( copyback && copy_to_guest(arg, &op, 1) )
        rc = -EFAULT;
    return rc;
}
