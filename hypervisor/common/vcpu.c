/*
 * vCPU objects and their bring-up: creation (offline, as Xen creates
 * every vCPU but the first of a PV guest), VCPUOP_initialise with the
 * 64-bit PV checks of Xen 4.17's arch_set_info_guest, VCPUOP_up, _down
 * and _is_up (common/domain.c: common_vcpu_op).  The guest context is
 * hostile: it is copied into a scratch buffer and checked whole before
 * the vCPU changes; frames it names are typed and referenced first.
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/vcpu.h>
#include "domain.h"
#include "errno.h"
#include "fpu.h"
#include "frame_alloc.h"
#include "guest_access.h"
#include "layout.h"
#include "mm.h"
#include "page.h"
#include "pv.h"
#include "sched.h"
#include "vtime.h"
#include "x86.h"

#define VCPU_PAGES  ((sizeof(struct vcpu) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define CTXT_PAGES  ((sizeof(struct vcpu_guest_context) + PAGE_SIZE - 1) >> \
                     PAGE_SHIFT)
#define DR6_DEFAULT 0xffff0ff0UL        /* Xen's X86_DR6_DEFAULT */
#define DR7_DEFAULT 0x00000400UL        /* Xen's X86_DR7_DEFAULT */
#define LDT_MAX_ENTS 8192

struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
    unsigned long mfn;
    struct vcpu *v;

    BUG_ON(id >= DOMAIN_MAX_VCPUS || d->vcpu[id]);
    mfn = frames_alloc_contig(VCPU_PAGES);
    if ( mfn == INVALID_MFN )
        return NULL;
    v = mfn_to_virt(mfn);
    memset(v, 0, VCPU_PAGES * PAGE_SIZE);
    v->domain = d;
    v->vcpu_id = id;
    v->vcpu_info = &d->shared_info->vcpu_info[id];
    v->kernel_mode = true;
    v->down = true;                     /* until VCPUOP_up or the builder */
    v->arch.dr6 = DR6_DEFAULT;
    v->arch.dr7 = DR7_DEFAULT;
    fpu_area_init(&v->arch.fpu);
    if ( id == 0 )
        sched_init_domain(d);
    vcpu_events_init(v);                /* timers, VIRQs, time info */
    sched_vcpu_insert(v);
    d->vcpu[id] = v;
    return v;
}

void vcpu_destroy(struct vcpu *v)
{
    stop_timer(&v->singleshot_timer);
    stop_timer(&v->periodic_timer);
    stop_timer(&v->poll_timer);
    sched_vcpu_remove(v);
    v->domain->vcpu[v->vcpu_id] = NULL;
    for ( unsigned long i = 0; i < VCPU_PAGES; i++ )
        frame_free((virt_to_maddr(v) >> PAGE_SHIFT) + i);
}

static bool addr_ok(unsigned long a)
{
    return is_canonical(a) && (a < HV_RESERVED_START || a >= HV_RESERVED_END);
}

/* Ring-0 selectors become the guest kernel's ring 3 (Xen's fixup_*). */
static uint16_t fixup_sel(uint16_t sel)
{
    return (sel & 3) ? sel : sel | 3;
}

/* Everything arch_set_info_guest refuses with -EINVAL before acting. */
static bool context_ok(const struct vcpu_guest_context *c)
{
    if ( !is_canonical(c->user_regs.rip) || !is_canonical(c->user_regs.rsp) ||
         !is_canonical(c->kernel_sp) ||
         (c->ldt_ents && !is_canonical(c->ldt_base)) ||
         !is_canonical(c->fs_base) || !is_canonical(c->gs_base_kernel) ||
         !is_canonical(c->gs_base_user) ||
         !is_canonical(c->event_callback_eip) ||
         !is_canonical(c->syscall_callback_eip) ||
         !is_canonical(c->failsafe_callback_eip) )
        return false;
    for ( unsigned int i = 0; i < ARRAY_SIZE(c->trap_ctxt); i++ )
        if ( !is_canonical(c->trap_ctxt[i].address) )
            return false;
    if ( !addr_ok(c->ldt_base) || (c->ldt_base & ~PAGE_MASK) ||
         c->ldt_ents > LDT_MAX_ENTS )
        return false;
    if ( (c->gdt_ents + 511) / 512 > FIRST_RESERVED_GDT_PAGE )
        return false;
    /* Started in user mode, it needs a user page table. */
    return (c->flags & VGCF_in_kernel) || c->ctrlreg[1];
}

/* Reference the kernel (and user) L4 the context names, as NEW_BASEPTR. */
static long take_tables(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct domain *d = v->domain;
    unsigned long k = c->ctrlreg[3] >> PAGE_SHIFT, u = c->ctrlreg[1] >>
                                                       PAGE_SHIFT;
    long rc = get_page_and_type(mfn_to_page(k), d, PGT_l4_page_table);

    if ( rc || !u )
        goto out;
    rc = get_page_and_type(mfn_to_page(u), d, PGT_l4_page_table);
    if ( rc )
        put_page_and_type(mfn_to_page(k));
 out:
    if ( rc )
        return rc;
    v->guest_table = k;
    v->guest_table_user = u;
    return 0;
}

static void apply_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    v->user_regs = c->user_regs;
    v->user_regs.cs = fixup_sel(c->user_regs.cs);
    v->user_regs.ss = fixup_sel(c->user_regs.ss);
    /* IOPL is virtual; real interrupts stay enabled (Xen). */
    v->arch.iopl = c->user_regs.rflags & X86_EFLAGS_IOPL;
    v->user_regs.rflags = (c->user_regs.rflags & ~X86_EFLAGS_IOPL) |
                          X86_EFLAGS_IF | X86_EFLAGS_MBS;
    v->kernel_mode = c->flags & VGCF_in_kernel;
    memcpy(v->trap_ctxt, c->trap_ctxt, sizeof(v->trap_ctxt));
    for ( unsigned int i = 0; i < ARRAY_SIZE(v->trap_ctxt); i++ )
        v->trap_ctxt[i].cs = fixup_sel(c->trap_ctxt[i].cs);
    v->ldt_ents = c->ldt_ents;
    v->ldt_base = c->ldt_ents ? c->ldt_base : 0;
    v->kernel_ss = fixup_sel(c->kernel_ss);
    v->kernel_sp = c->kernel_sp;
    v->event_callback = c->event_callback_eip;
    v->failsafe_callback = c->failsafe_callback_eip;
    v->syscall_callback = c->syscall_callback_eip;
    v->failsafe_disables_events = c->flags & VGCF_failsafe_disables_events;
    v->syscall_disables_events = c->flags & VGCF_syscall_disables_events;
    v->arch.fs_base = c->fs_base;
    v->arch.gs_base_kernel = c->gs_base_kernel;
    v->arch.gs_base_user = c->gs_base_user;
    v->fpu_ts = c->ctrlreg[0] & X86_CR0_TS;
    if ( c->flags & VGCF_I387_VALID )
    {
        memcpy(&v->arch.fpu, &c->fpu_ctxt, sizeof(v->arch.fpu));
        fpu_area_sanitise(&v->arch.fpu);
    }
}

/*
 * VCPUOP_initialise, once per vCPU.  Debug registers and CR4 in the
 * context are not applied (a new vCPU gets DR6/DR7 defaults), nor is
 * vm_assist (only vCPU 0's counts in Xen, and it is always initialised).
 */
static long vcpu_initialise(struct vcpu *v, unsigned long arg)
{
    /*
     * Order: copy, check everything, take the GDT and L4 references (each
     * undone on a later failure), and only then touch v, so a refused
     * context leaves the vCPU exactly as it was.  The 5 KiB context is
     * too big for the hypervisor stack, hence the scratch frames.
     */
    unsigned long mfn = frames_alloc_contig(CTXT_PAGES);
    struct vcpu_guest_context *c;
    long rc;

    if ( mfn == INVALID_MFN )
        return -ENOMEM;
    c = mfn_to_virt(mfn);
    rc = -EFAULT;
    if ( copy_from_guest(c, arg, 1) )
        goto out;
    rc = -EEXIST;
    if ( v->is_initialised )
        goto out;
    rc = -EINVAL;
    if ( !context_ok(c) )
        goto out;
    rc = pv_set_gdt(v, c->gdt_frames, c->gdt_ents);
    if ( rc )
        goto out;
    rc = take_tables(v, c);
    if ( rc )
    {
        pv_set_gdt(v, c->gdt_frames, 0);
        goto out;
    }
    apply_context(v, c);
    v->is_initialised = true;
    v->down = !(c->flags & VGCF_online);
    sched_vcpu_wake(v);
 out:
    for ( unsigned long i = 0; i < CTXT_PAGES; i++ )
        frame_free(mfn + i);
    return rc;
}

/* VCPUOP_initialise, _up, _down, _is_up for vCPU v of the caller. */
long vcpu_updown_op(int cmd, struct vcpu *v, unsigned long arg)
{
    struct domain *d = v->domain;
    unsigned int others_up = 0;

    switch ( cmd )
    {
    case VCPUOP_initialise:
        return vcpu_initialise(v, arg);
    case VCPUOP_up:
        if ( !v->is_initialised )
            return -EINVAL;
        v->down = false;
        sched_vcpu_wake(v);
        return 0;
    case VCPUOP_down:
        for ( unsigned int i = 0; i < DOMAIN_MAX_VCPUS; i++ )
            if ( i != v->vcpu_id && d->vcpu[i] && !d->vcpu[i]->down )
                others_up++;
        /* The last vCPU going down powers the domain off (Xen). */
        if ( !others_up )
        {
            domain_shutdown(d, SHUTDOWN_poweroff);
            return 0;
        }
        v->down = true;
        sched_vcpu_sleep(v);
        return 0;
    case VCPUOP_is_up:
        return !v->down;
    }
    return -ENOSYS;
}
