/*
 * domctl conformance: the control domain builds, inspects and destroys a
 * domain as Xen's toolstack does (xen/common/domctl.c, sysctl.c, memory.c,
 * arch/x86/mm.c): createdomain, max_vcpus, max_mem, populate_physmap, a
 * foreign mmu_update, getdomaininfo, pause/unpause, destroydomain; the
 * free-page count survives 20 create/destroy cycles.  Started unprivileged
 * (pv-shim), every control operation is refused with -EPERM.
 */
#define __XEN_TOOLS__ 1                 /* domctl.h and sysctl.h are tools' */
#include <test.h>
#include <events.h>
#include <guest_mm.h>
#include <xen/xen.h>
#include <xen/domctl.h>
#include <xen/memory.h>
#include <xen/sysctl.h>

const char test_title[] = "domctl: domain lifecycle from the control domain";

#define NR_FRAMES   16                  /* populated per domain */
#define MAX_KB      (32 * 4)            /* max_mem: room for 32 frames */
#define CYCLES      20

static uint8_t scratch[4096] __attribute__((aligned(4096)));
static xen_pfn_t frames[64];

static inline long hypercall_domctl(struct xen_domctl *op)
{
    return HYPERCALL1(long, __HYPERVISOR_domctl, op);
}

static inline long hypercall_sysctl(struct xen_sysctl *op)
{
    return HYPERCALL1(long, __HYPERVISOR_sysctl, op);
}

static long domctl(uint32_t cmd, domid_t dom, struct xen_domctl *op)
{
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = dom;
    return hypercall_domctl(op);
}

static long create(domid_t want, uint32_t max_vcpus, uint32_t flags,
                   domid_t *got)
{
    struct xen_domctl op = { .u.createdomain = {
        .max_vcpus = max_vcpus, .flags = flags, .max_evtchn_port = 1023,
        .max_grant_frames = 32, .max_maptrack_frames = 1024,
        .grant_opts = XEN_DOMCTL_GRANT_version(1) } };
    long rc = domctl(XEN_DOMCTL_createdomain, want, &op);

    *got = op.domain;
    return rc;
}

static long info(domid_t dom, struct xen_domctl_getdomaininfo *i)
{
    struct xen_domctl op = { 0 };
    long rc = domctl(XEN_DOMCTL_getdomaininfo, dom, &op);

    *i = op.u.getdomaininfo;
    return rc;
}

static long simple(uint32_t cmd, domid_t dom)
{
    struct xen_domctl op = { 0 };

    return domctl(cmd, dom, &op);
}

static long set_max(domid_t dom, uint32_t vcpus, uint64_t kb)
{
    struct xen_domctl op = { .u.max_vcpus.max = vcpus };
    long rc = domctl(XEN_DOMCTL_max_vcpus, dom, &op);

    op.u.max_mem.max_memkb = kb;
    return rc ?: domctl(XEN_DOMCTL_max_mem, dom, &op);
}

static long reservation(unsigned int cmd, domid_t dom, unsigned int nr)
{
    struct xen_memory_reservation r = { .nr_extents = nr, .domid = dom };

    set_xen_guest_handle(r.extent_start, frames);
    return hypercall_memory_op(cmd, &r);
}

static long physinfo(struct xen_sysctl_physinfo *pi)
{
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_physinfo,
                             .interface_version =
                                 XEN_SYSCTL_INTERFACE_VERSION };
    long rc = hypercall_sysctl(&op);

    *pi = op.u.physinfo;
    return rc;
}

/* The BIOS E820 entry the memory-map calls exchange. */
struct e820 {
    uint64_t addr, size;
    uint32_t type;
} __attribute__((packed));

static long set_map(domid_t dom, unsigned int nr)
{
    static struct e820 map[2] = { { 0, 0xa0000, 1 },
                                  { 0x100000, 0x1f00000, 1 } };
    struct xen_foreign_memory_map f = { .domid = dom,
                                        .map.nr_entries = nr };

    set_xen_guest_handle(f.map.buffer, map);
    return hypercall_memory_op(XENMEM_set_memory_map, &f);
}

/* Give ourselves a map and read it back (a domain may set its own). */
static void own_memory_map(void)
{
    struct e820 got[8] = { { 0 } };
    struct xen_memory_map m = { .nr_entries = 8 };

    set_xen_guest_handle(m.buffer, got);
    xtf_expect("set_memory_map for ourselves", set_map(DOMID_SELF, 2), 0);
    xtf_expect("memory_map returns it", hypercall_memory_op(XENMEM_memory_map,
                                                            &m), 0);
    xtf_expect("  ... two entries", m.nr_entries, 2);
    xtf_expect("  ... the second as set", got[1].addr == 0x100000 &&
               got[1].size == 0x1f00000 && got[1].type == 1, 1);
}

/* Point our scratch page's L1 entry at mfn of foreigndom (or back). */
static long map_scratch(unsigned long mfn, domid_t fd)
{
    mmu_update_t req = { .ptr = l1e_maddr((unsigned long)scratch),
                         .val = pte(mfn, PTE_P | PTE_RW | PTE_A | PTE_D) };
    struct mmuext_op flush = { .cmd = MMUEXT_INVLPG_LOCAL,
                               .arg1.linear_addr = (unsigned long)scratch };
    long rc = hypercall_mmu_update(&req, 1, NULL, fd);

    hypercall_mmuext_op(&flush, 1, NULL, DOMID_SELF);
    return rc;
}

static void populate(domid_t dom)
{
    for ( unsigned int i = 0; i < NR_FRAMES; i++ )
        frames[i] = i;
    xtf_expect("populate_physmap: 16 frames",
               reservation(XENMEM_populate_physmap, dom, NR_FRAMES), NR_FRAMES);
}

/* Map a frame of dom, write through the mapping, put our page back. */
static void check_foreign_map(domid_t dom, unsigned long mfn)
{
    unsigned long own = va_to_mfn((unsigned long)scratch);

    xtf_expect("mmu_update: their frame as ours", map_scratch(mfn, DOMID_SELF),
               -XEN_EBUSY);
    xtf_expect("mmu_update: foreigndom = our own id", map_scratch(mfn, 0),
               -XEN_ESRCH);
    xtf_expect("mmu_update: foreigndom that does not exist",
               map_scratch(mfn, 0x7000), -XEN_ESRCH);
    xtf_expect("mmu_update: their frame, foreigndom", map_scratch(mfn, dom), 0);
    xtf_expect("  ... reads as populated: zeroed", scratch[100], 0);
    scratch[100] = 0x5a;
    xtf_expect("  ... holds what we write", scratch[100], 0x5a);
    xtf_expect("mmu_update: our own frame back", map_scratch(own, DOMID_SELF),
               0);
}

static void lifecycle(void)
{
    struct xen_domctl_getdomaininfo i;
    struct xen_domctl op = { 0 };
    domid_t dom, again;

    xtf_expect("createdomain", create(0, 1, 0, &dom), 0);
    xtf_expect("  ... got a domid", dom > 0 && dom < DOMID_FIRST_RESERVED, 1);
    xtf_expect("createdomain with its id again", create(dom, 1, 0, &again),
               -XEN_EEXIST);
    xtf_expect("getdomaininfo", info(dom, &i), 0);
    xtf_expect("  ... domain", i.domain, dom);
    xtf_expect("  ... paused, nothing else",
               i.flags & (XEN_DOMINF_paused | XEN_DOMINF_running |
                          XEN_DOMINF_blocked | XEN_DOMINF_dying |
                          XEN_DOMINF_shutdown), XEN_DOMINF_paused);
    xtf_expect("  ... no pages", (long)i.tot_pages, 0);
    op.u.getvcpuinfo.vcpu = 0;
    xtf_expect("getvcpuinfo before max_vcpus",
               domctl(XEN_DOMCTL_getvcpuinfo, dom, &op), -XEN_ESRCH);
    xtf_expect("max_vcpus other than createdomain's", set_max(dom, 2, MAX_KB),
               -XEN_EINVAL);
    xtf_expect("max_vcpus and max_mem", set_max(dom, 1, MAX_KB), 0);
    op.u.getvcpuinfo.vcpu = 0;
    xtf_expect("getvcpuinfo", domctl(XEN_DOMCTL_getvcpuinfo, dom, &op), 0);
    xtf_expect("  ... vCPU 0 offline", op.u.getvcpuinfo.online, 0);
    op.u.getvcpuinfo.vcpu = 1;
    xtf_expect("getvcpuinfo past max_vcpus",
               domctl(XEN_DOMCTL_getvcpuinfo, dom, &op), -XEN_EINVAL);

    populate(dom);
    xtf_expect("set_memory_map for it", set_map(dom, 2), 0);
    xtf_expect("  ... M2P of the first frame", M2P[frames[0]], 0);
    xtf_expect("  ... M2P of the last frame", M2P[frames[NR_FRAMES - 1]],
               NR_FRAMES - 1);
    check_foreign_map(dom, frames[3]);
    xtf_expect("populate_physmap past max_mem: stops at it",
               reservation(XENMEM_populate_physmap, dom, 20), 16);
    xtf_expect("getdomaininfo: tot_pages", info(dom, &i) ?: (long)i.tot_pages,
               32);
    xtf_expect("  ... max_pages", (long)i.max_pages, MAX_KB / 4);
    xtf_expect("decrease_reservation: one frame",
               reservation(XENMEM_decrease_reservation, dom, 1), 1);
    xtf_expect("  ... again: no longer theirs",
               reservation(XENMEM_decrease_reservation, dom, 1), 0);
    xtf_expect("increase_reservation: one frame",
               reservation(XENMEM_increase_reservation, dom, 1), 1);
    xtf_expect("current_reservation", hypercall_memory_op(
                   XENMEM_current_reservation, &dom), 32);

    xtf_expect("pausedomain", simple(XEN_DOMCTL_pausedomain, dom), 0);
    xtf_expect("unpausedomain", simple(XEN_DOMCTL_unpausedomain, dom), 0);
    xtf_expect("  ... still paused (created paused)",
               info(dom, &i) ?: !!(i.flags & XEN_DOMINF_paused), 1);
    xtf_expect("unpausedomain: creation finished",
               simple(XEN_DOMCTL_unpausedomain, dom), 0);
    xtf_expect("  ... not paused", info(dom, &i) ?: !!(i.flags &
                                                       XEN_DOMINF_paused), 0);
    xtf_expect("unpausedomain once too often",
               simple(XEN_DOMCTL_unpausedomain, dom), -XEN_EINVAL);
    xtf_expect("pausedomain of ourselves", simple(XEN_DOMCTL_pausedomain, 0),
               -XEN_EINVAL);
    xtf_expect("destroydomain of ourselves",
               simple(XEN_DOMCTL_destroydomain, 0),
               -XEN_EINVAL);
    xtf_expect("destroydomain", simple(XEN_DOMCTL_destroydomain, dom), 0);
    xtf_expect("  ... then getdomaininfo does not find it",
               info(dom, &i) == -XEN_ESRCH || i.domain != dom, 1);
    xtf_expect("  ... nor destroydomain", simple(XEN_DOMCTL_destroydomain, dom),
               -XEN_ESRCH);
}

/*
 * Destroyed while we map one of its frames, a domain lingers, dying, as
 * long as the mapping does, then goes.
 */
static void zombie(void)
{
    struct xen_domctl_getdomaininfo i;
    domid_t dom;

    xtf_expect("zombie: createdomain", create(0, 1, 0, &dom), 0);
    xtf_expect("  ... max_vcpus and max_mem", set_max(dom, 1, MAX_KB), 0);
    populate(dom);
    xtf_expect("  ... map one of its frames", map_scratch(frames[2], dom), 0);
    xtf_expect("  ... destroydomain", simple(XEN_DOMCTL_destroydomain, dom), 0);
    xtf_expect("  ... still there, dying", info(dom, &i) ?: i.domain == dom &&
               (i.flags & XEN_DOMINF_dying), 1);
    xtf_expect("  ... destroydomain again",
               simple(XEN_DOMCTL_destroydomain, dom),
               0);
    xtf_expect("  ... our frame back", map_scratch(
                   va_to_mfn((unsigned long)scratch), DOMID_SELF), 0);
    xtf_expect("  ... then gone",
               info(dom, &i) == -XEN_ESRCH || i.domain != dom,
               1);
}

/* A builder's first vCPU context: page tables of the domain's own. */
static void vcpu_context(void)
{
    static struct vcpu_guest_context c;
    struct xen_domctl_getdomaininfo i;
    struct xen_domctl op = { 0 };
    domid_t dom;

    xtf_expect("setvcpucontext: createdomain", create(0, 1, 0, &dom), 0);
    xtf_expect("  ... max_vcpus and max_mem", set_max(dom, 1, MAX_KB), 0);
    populate(dom);
    c.flags = VGCF_in_kernel | VGCF_online;
    c.user_regs.cs = FLAT_KERNEL_CS;
    c.user_regs.ss = FLAT_KERNEL_SS;
    c.user_regs.rip = 0xffffffff80001000UL;
    c.user_regs.rsp = c.kernel_sp = 0xffffffff80003000UL;
    c.kernel_ss = FLAT_KERNEL_SS;
    set_xen_guest_handle(op.u.vcpucontext.ctxt, &c);
    op.u.vcpucontext.vcpu = 1;
    xtf_expect("  ... vCPU past max_vcpus",
               domctl(XEN_DOMCTL_setvcpucontext, dom, &op), -XEN_EINVAL);
    op.u.vcpucontext.vcpu = 0;
    xtf_expect("  ... for ourselves", domctl(XEN_DOMCTL_setvcpucontext, 0, &op),
               -XEN_EINVAL);
    xtf_expect("getvcpucontext before one is set",
               domctl(XEN_DOMCTL_getvcpucontext, dom, &op), -XEN_ENODATA);
    xtf_expect("getvcpucontext of our running vCPU",
               domctl(XEN_DOMCTL_getvcpucontext, 0, &op), -XEN_EINVAL);
    c.ctrlreg[3] = (uint64_t)va_to_mfn((unsigned long)scratch) << 12;
    xtf_expect("  ... an L4 of ours, not theirs",
               domctl(XEN_DOMCTL_setvcpucontext, dom, &op), -XEN_EINVAL);
    c.ctrlreg[3] = (uint64_t)frames[0] << 12;    /* zeroed: a valid L4 */
    xtf_expect("  ... an empty L4 of theirs",
               domctl(XEN_DOMCTL_setvcpucontext, dom, &op), 0);
    op.u.getvcpuinfo.vcpu = 0;
    xtf_expect("  ... vCPU 0 online", domctl(XEN_DOMCTL_getvcpuinfo, dom, &op)
               ?: op.u.getvcpuinfo.online, 1);
    xtf_expect("  ... one vCPU online", info(dom, &i) ?: i.nr_online_vcpus, 1);
    memset(&c, 0, sizeof(c));
    set_xen_guest_handle(op.u.vcpucontext.ctxt, &c);
    op.u.vcpucontext.vcpu = 0;
    xtf_expect("getvcpucontext", domctl(XEN_DOMCTL_getvcpucontext, dom, &op),
               0);
    xtf_expect("  ... rip, rsp, kernel_sp, cr3 as set",
               c.user_regs.rip == 0xffffffff80001000UL &&
               c.user_regs.rsp == 0xffffffff80003000UL &&
               c.kernel_sp == 0xffffffff80003000UL &&
               c.ctrlreg[3] == (uint64_t)frames[0] << 12, 1);
    xtf_expect("  ... online, in kernel",
               c.flags & (VGCF_online | VGCF_in_kernel),
               VGCF_online | VGCF_in_kernel);
    xtf_expect("  ... destroydomain (still paused)",
               simple(XEN_DOMCTL_destroydomain, dom), 0);
}

static void bad_requests(void)
{
    struct xen_domctl op = { 0 };
    struct xen_domctl_getdomaininfo i;
    struct xen_sysctl sop = { .cmd = XEN_SYSCTL_physinfo };
    domid_t dom;

    op.cmd = XEN_DOMCTL_getdomaininfo;
    op.interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
    xtf_expect("domctl, older interface version", hypercall_domctl(&op),
               -XEN_EACCES);
    sop.interface_version = XEN_SYSCTL_INTERFACE_VERSION + 1;
    xtf_expect("sysctl, newer interface version", hypercall_sysctl(&sop),
               -XEN_EACCES);
    xtf_expect("domctl from a bad pointer",
               hypercall_domctl(BAD_PTR_HYPERVISOR),
               -XEN_EFAULT);
    xtf_expect("createdomain with no vCPUs", create(0, 0, 0, &dom),
               -XEN_EINVAL);
    xtf_expect("createdomain with unknown flags", create(0, 1, 1U << 20, &dom),
               -XEN_EINVAL);
    xtf_expect("getdomaininfo of a reserved id",
               info(DOMID_FIRST_RESERVED, &i), -XEN_EINVAL);
    xtf_expect("getdomaininfo of 0: ourselves", info(0, &i) ?: i.domain, 0);
    xtf_expect("pausedomain of a missing domain",
               simple(XEN_DOMCTL_pausedomain, 0x7000), -XEN_ESRCH);
    xtf_expect("memory_op for a missing domain: nothing done",
               reservation(XENMEM_populate_physmap, 0x7000, 1), 0);
    xtf_expect("set_memory_map for a missing domain", set_map(0x7000, 2),
               -XEN_ESRCH);
    xtf_expect("set_memory_map of 1025 entries", set_map(DOMID_SELF, 1025),
               -XEN_EINVAL);
    own_memory_map();
}

/*
 * Free pages, waiting up to 3 s for them to reach want: Xen frees a
 * destroyed domain's own structures after an RCU grace period, which
 * needs this CPU idle now and then, so poll no port for 10 ms a time.
 */
static uint64_t free_pages(uint64_t want)
{
    struct xen_sysctl_physinfo pi;

    for ( unsigned int n = 0; n < 300; n++ )
    {
        struct sched_poll idle = { .timeout = monotonic_ns() + 10000000 };

        if ( physinfo(&pi) || pi.free_pages >= want )
            break;
        hypercall_sched_op(SCHEDOP_poll, &idle);
    }
    return pi.free_pages;
}

/*
 * Create, fill, map, destroy, CYCLES times: with the domain lifecycle()
 * made, not a frame may be missing from what was free at the start.
 */
static void cycles(uint64_t start)
{
    unsigned int n;
    domid_t dom;

    for ( n = 0; n < CYCLES; n++ )
    {
        if ( create(0, 1, 0, &dom) || set_max(dom, 1, MAX_KB) ||
             reservation(XENMEM_populate_physmap, dom, NR_FRAMES) !=
             NR_FRAMES || map_scratch(frames[1], dom) ||
             map_scratch(va_to_mfn((unsigned long)scratch), DOMID_SELF) ||
             simple(XEN_DOMCTL_destroydomain, dom) )
            break;
    }
    xtf_expect("create/populate/map/destroy cycles", n, CYCLES);
    xtf_expect("  ... free pages as at the start",
               (long)(free_pages(start) - start), 0);
}

static void unprivileged(void)
{
    struct xen_domctl_getdomaininfo i;
    struct xen_sysctl_physinfo pi;
    domid_t dom;

    xtf_expect("createdomain", create(0, 1, 0, &dom), -XEN_EPERM);
    xtf_expect("getdomaininfo of ourselves", info(0, &i), -XEN_EPERM);
    xtf_expect("pausedomain of ourselves", simple(XEN_DOMCTL_pausedomain, 0),
               -XEN_EPERM);
    xtf_expect("destroydomain of a missing domain",
               simple(XEN_DOMCTL_destroydomain, 0x7000), -XEN_ESRCH);
    xtf_expect("sysctl physinfo", physinfo(&pi), -XEN_EPERM);
    xtf_expect("mmu_update naming a missing domain",
               map_scratch(va_to_mfn((unsigned long)scratch), 0x7000),
               -XEN_ESRCH);
    xtf_expect("set_memory_map for a missing domain", set_map(0x7000, 2),
               -XEN_ESRCH);
    own_memory_map();
}

void test_main(void)
{
    uint64_t start;

    if ( !(start_info->flags & SIF_PRIVILEGED) )
    {
        printk("unprivileged: every control operation refused\n");
        unprivileged();
        xtf_success(NULL);
        return;
    }
    test_events_init();                      /* pvclock_ns */
    bad_requests();                     /* gives us a memory map */
    start = free_pages(0);
    lifecycle();
    zombie();
    vcpu_context();
    cycles(start);
    xtf_success(NULL);
}
