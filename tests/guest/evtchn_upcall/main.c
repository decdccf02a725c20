/*
 * evtchn_upcall conformance: the 2-level delivery protocol.  A send sets
 * the pending bit, the selector and upcall_pending; the upcall arrives on
 * the way out of the next hypercall once unmasked; a masked port waits
 * for EVTCHNOP_unmask; VCPUOP_register_vcpu_info moves vcpu_info into a
 * guest frame with everything marked pending (Xen 4.17 common/domain.c:
 * map_vcpu_info, common/event_2l.c).  Checked on real Xen with run-on-xen.
 */
#include <test.h>
#include <events.h>

const char test_title[] = "evtchn_upcall: pending bits, upcalls, vcpu_info";

static uint8_t vi_page[4096] __attribute__((aligned(4096)));

static long register_vcpu_info(unsigned long mfn, unsigned int offset)
{
    struct vcpu_register_vcpu_info r = { .mfn = mfn, .offset = offset };

    return hypercall_vcpu_op(VCPUOP_register_vcpu_info, 0, &r);
}

static void test_send(evtchn_port_t p)
{
    unsigned long word = 1UL << (p / 64);

    xtf_expect("send while upcalls masked", evtchn_op_port(EVTCHNOP_send, p),
               0);
    xtf_expect("  port pending", port_pending(p), 1);
    xtf_expect("  selector bit", !!(events_vcpu->evtchn_pending_sel & word), 1);
    xtf_expect("  upcall_pending", events_vcpu->evtchn_upcall_pending, 1);
    xtf_expect("  no upcall yet", events_upcalls, 0);
    events_mask(false);
    xtf_expect("unmask upcalls + hypercall: one upcall", events_upcalls, 1);
    xtf_expect("  the port was seen", port_events[p], 1);
    xtf_expect("  and acked", port_pending(p), 0);
    xtf_expect("send with upcalls open", evtchn_op_port(EVTCHNOP_send, p), 0);
    xtf_expect("  upcall on that hypercall's return", events_upcalls, 2);
    xtf_expect("  the port was seen", port_events[p], 2);
}

static void test_masked_port(evtchn_port_t p)
{
    struct shared_info *s = HYPERVISOR_shared_info;

    __atomic_fetch_or(&s->evtchn_mask[p / 64], 1UL << (p % 64),
                      __ATOMIC_SEQ_CST);
    xtf_expect("send to a masked port", evtchn_op_port(EVTCHNOP_send, p), 0);
    xtf_expect("  port pending", port_pending(p), 1);
    xtf_expect("  no upcall", events_upcalls, 2);
    xtf_expect("  upcall_pending stays clear",
               events_vcpu->evtchn_upcall_pending, 0);
    xtf_expect("EVTCHNOP_unmask", evtchn_op_port(EVTCHNOP_unmask, p), 0);
    xtf_expect("  mask bit cleared",
               (s->evtchn_mask[p / 64] >> (p % 64)) & 1, 0);
    xtf_expect("  upcall on the unmask's return", events_upcalls, 3);
    xtf_expect("  the port was seen", port_events[p], 3);
    xtf_expect("unmask with nothing pending",
               evtchn_op_port(EVTCHNOP_unmask, p),
               0);
    xtf_expect("  no upcall", events_upcalls, 3);
}

static void test_register_vcpu_info(evtchn_port_t p)
{
    struct vcpu_info *vi = (struct vcpu_info *)(vi_page + 64);
    struct vcpu_info *old = events_vcpu;
    unsigned long mfn = virt_to_mfn(vi_page);
    unsigned int before;

    events_mask(true);
    xtf_expect("register: offset past the page",
               register_vcpu_info(mfn, 4096 - 32), -XEN_ENXIO);
    xtf_expect("register: misaligned offset", register_vcpu_info(mfn, 4),
               -XEN_ENXIO);
    xtf_expect("register: a page-table frame",
               register_vcpu_info(virt_to_mfn((void *)start_info->pt_base), 0),
               -XEN_EINVAL);
    xtf_expect("register: a frame not ours", register_vcpu_info(0, 0),
               -XEN_EINVAL);
    xtf_expect("register: bad pointer",
               hypercall_vcpu_op(VCPUOP_register_vcpu_info, 0,
                                 BAD_PTR_HYPERVISOR), -XEN_EFAULT);
    xtf_expect("register: vcpu 1000", hypercall_vcpu_op(
                   VCPUOP_register_vcpu_info, 1000, NULL), -XEN_ENOENT);
    xtf_expect("register: our frame, offset 64", register_vcpu_info(mfn, 64),
               0);
    events_vcpu = vi;
    xtf_expect("  pending_sel all ones", vi->evtchn_pending_sel == ~0UL, 1);
    xtf_expect("  upcall_pending", vi->evtchn_upcall_pending, 1);
    xtf_expect("  upcall_mask copied", vi->evtchn_upcall_mask, 1);
    xtf_expect("  time copied, version even", vi->time.version & 1, 0);
    xtf_expect("  tsc_to_system_mul", vi->time.tsc_to_system_mul,
               old->time.tsc_to_system_mul);
    xtf_expect("  system_time set", vi->time.system_time != 0, 1);
    xtf_expect("register a second time", register_vcpu_info(mfn, 128),
               -XEN_EINVAL);
    before = events_upcalls;
    events_mask(false);
    xtf_expect("unmask: the spurious upcall", events_upcalls, before + 1);
    old->evtchn_pending_sel = 0;
    xtf_expect("send after the move", evtchn_op_port(EVTCHNOP_send, p), 0);
    xtf_expect("  upcall through the new vcpu_info", events_upcalls, before + 2);
    xtf_expect("  the port was seen", port_events[p], 4);
    xtf_expect("  old copy untouched", old->evtchn_pending_sel, 0);
}

void test_main(void)
{
    long p;

    test_events_init();
    p = evtchn_bind_ipi(0);
    if ( p < 0 )
        return xtf_error("Error: bind_ipi: %ld\n", p);
    test_send(p);
    test_masked_port(p);
    test_register_vcpu_info(p);
    evtchn_op_port(EVTCHNOP_close, p);
    xtf_success(NULL);
}
