/*
 * vcpu_op (Xen 4.17 common/domain.c: common_vcpu_op, map_vcpu_info):
 * timers, vcpu_info registration and runstate.  The registered vcpu_info
 * frame must be the caller's own and becomes a writable-typed page we
 * hold a reference on; the runstate area is a guest VA written with
 * checked copies whenever the vCPU's state changes.
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/vcpu.h>
#include "apic.h"
#include "domain.h"
#include "errno.h"
#include "event.h"
#include "frame_alloc.h"
#include "guest_access.h"
#include "hypercall.h"
#include "layout.h"
#include "page.h"
#include "vtime.h"
#include "x86.h"

#define MILLISECS(ms)   ((uint64_t)(ms) * 1000000)
#define STIME_DELTA_MAX (~0UL >> 2)     /* Xen's longest timer period */

/* Xen's update_runstate_area: flag the copy as torn while it is written. */
static void update_runstate_area(struct vcpu *v)
{
    struct vcpu_runstate_info rs = v->runstate;
    unsigned long entry = v->runstate_guest +
        offsetof(struct vcpu_runstate_info, state_entry_time);
    bool flag = v->domain->vm_assist &
                (1UL << VMASST_TYPE_runstate_update_flag);
    uint64_t t;

    /* Only current's address space is loaded (a switch writes both). */
    if ( !v->runstate_guest || v != current )
        return;
    /* In user mode the kernel's area may not be mapped: borrow its L4. */
    if ( !v->kernel_mode )
        write_cr3((uint64_t)v->guest_table << PAGE_SHIFT);
    /* Copies may fail: the guest unmapped its area, which is its loss. */
    if ( flag )
    {
        t = rs.state_entry_time | XEN_RUNSTATE_UPDATE;
        copy_to_guest(entry, &t, 1);
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        rs.state_entry_time |= XEN_RUNSTATE_UPDATE;
    }
    copy_to_guest(v->runstate_guest, &rs, 1);
    if ( flag )
    {
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        t = v->runstate.state_entry_time;
        copy_to_guest(entry, &t, 1);
    }
    if ( !v->kernel_mode )
        write_cr3((uint64_t)v->guest_table_user << PAGE_SHIFT);
}

void vcpu_runstate_change(struct vcpu *v, int new_state)
{
    uint64_t now = now_ns();
    struct vcpu_runstate_info *rs = &v->runstate;

    rs->time[rs->state] += now - rs->state_entry_time;
    rs->state = new_state;
    rs->state_entry_time = now;
    update_runstate_area(v);
}

/* Xen's vcpu_runstate_get: the current state's time runs up to now. */
static void vcpu_runstate_get(const struct vcpu *v,
                              struct vcpu_runstate_info *rs)
{
    *rs = v->runstate;
    rs->time[rs->state] += now_ns() - rs->state_entry_time;
}

static long map_vcpu_info(struct vcpu *v, unsigned long mfn,
                          unsigned int offset)
{
    struct page_info *pg = mfn_to_page(mfn);
    struct vcpu_info *new_info;

    if ( offset > PAGE_SIZE - sizeof(struct vcpu_info) ||
         offset % _Alignof(struct vcpu_info) )
        return -ENXIO;                  /* Xen 4.17's answer, not -EINVAL */
    if ( v->vcpu_info_mfn != INVALID_MFN )
        return -EINVAL;                 /* registered once, for good */
    /* The guest's own frame, never to become a page table meanwhile. */
    if ( !pg || get_page_and_type(pg, v->domain, PGT_writable_page) )
        return -EINVAL;

    new_info = (struct vcpu_info *)((uint8_t *)mfn_to_virt(mfn) + offset);
    memcpy(new_info, v->vcpu_info, sizeof(*new_info));
    v->vcpu_info = new_info;
    v->vcpu_info_mfn = mfn;
    /* Everything pending, so nothing is lost: a spurious upcall at worst. */
    __atomic_store_n(&new_info->evtchn_pending_sel, ~0UL, __ATOMIC_SEQ_CST);
    vcpu_mark_events_pending(v);
    update_vcpu_system_time(v);
    return 0;
}

static long timer_op(int cmd, struct vcpu *v, unsigned long arg)
{
    struct vcpu_set_periodic_timer per;
    struct vcpu_set_singleshot_timer one;

    switch ( cmd )
    {
    case VCPUOP_set_periodic_timer:
        if ( copy_from_guest(&per, arg, 1) )
            return -EFAULT;
        if ( per.period_ns < MILLISECS(1) || per.period_ns > STIME_DELTA_MAX )
            return -EINVAL;
        vcpu_set_periodic_timer(v, per.period_ns);
        return 0;
    case VCPUOP_stop_periodic_timer:
        vcpu_set_periodic_timer(v, 0);
        return 0;
    case VCPUOP_set_singleshot_timer:
        if ( v != current )
            return -EINVAL;
        if ( copy_from_guest(&one, arg, 1) )
            return -EFAULT;
        /* VCPU_SSHOTTMR_future is ignored, as since Xen 4.17.3. */
        vcpu_set_singleshot_timer(v, one.timeout_abs_ns);
        return 0;
    case VCPUOP_stop_singleshot_timer:
        if ( v != current )
            return -EINVAL;
        stop_timer(&v->singleshot_timer);
        return 0;
    }
    return -ENOSYS;
}

long do_vcpu_op(int cmd, unsigned int vcpuid, unsigned long arg)
{
    struct vcpu *v = domain_vcpu(current->domain, vcpuid);
    struct vcpu_register_vcpu_info info;
    struct vcpu_register_runstate_memory_area area;
    struct vcpu_runstate_info rs;

    if ( !v )
        return -ENOENT;
    switch ( cmd )
    {
    case VCPUOP_initialise:
    case VCPUOP_up:
    case VCPUOP_down:
    case VCPUOP_is_up:
        return vcpu_updown_op(cmd, v, arg);     /* vcpu.c */
    case VCPUOP_get_runstate_info:
        vcpu_runstate_get(v, &rs);
        return copy_to_guest(arg, &rs, 1);
    case VCPUOP_register_vcpu_info:
        if ( copy_from_guest(&info, arg, 1) )
            return -EFAULT;
        return map_vcpu_info(v, info.mfn, info.offset);
    case VCPUOP_register_runstate_memory_area:
        if ( copy_from_guest(&area, arg, 1) )
            return -EFAULT;
        if ( !guest_range_ok((unsigned long)area.addr.v, sizeof(rs)) )
            return -EFAULT;
        v->runstate_guest = (unsigned long)area.addr.v;
        update_runstate_area(v);
        return 0;
    }
    return timer_op(cmd, v, arg);
}

void vcpu_events_init(struct vcpu *v)
{
    v->vcpu_info_mfn = INVALID_MFN;
    memset(v->virq_to_evtchn, 0, sizeof(v->virq_to_evtchn));
    memset(&v->runstate, 0, sizeof(v->runstate));
    v->runstate.state = RUNSTATE_running;
    v->runstate.state_entry_time = now_ns();
    v->runstate_guest = 0;
    update_vcpu_system_time(v);
    vcpu_block_init(v);
    vcpu_timers_init(v);
}
