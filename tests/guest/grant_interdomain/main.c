/*
 * grant_interdomain conformance: dom0 creates a second domain (domctl,
 * populate_physmap), writes grant entries into that domain's table (its
 * frame mapped foreign), maps, copies and unmaps the grants as a backend
 * does, and binds an interdomain event channel to a port it allocated on
 * the domain's behalf.  The domain is destroyed while dom0 still maps its
 * grant: the frame stays usable until the unmap, the peer port turns
 * unbound, and afterwards every frame is free again.  Expectations are
 * Xen 4.17's (common/grant_table.c, common/event_channel.c), checked on
 * real Xen with /work/shared/tools/run-on-xen.
 */
#define __XEN_TOOLS__ 1                 /* domctl.h and sysctl.h are tools' */
#include <test.h>
#include <events.h>
#include <guest_mm.h>
#include <xen/xen.h>
#include <xen/domctl.h>
#include <xen/memory.h>
#include <xen/sysctl.h>

const char test_title[] = "grant_interdomain: grants and ports across domains";

#define NR_FRAMES 4                     /* populated in the domain */

static uint8_t table_va[4096] __attribute__((aligned(4096)));
static uint8_t map_va[4096] __attribute__((aligned(4096)));
static uint8_t dst[4096] __attribute__((aligned(4096)));
static xen_pfn_t frames[NR_FRAMES];
static volatile grant_entry_v1_t *gt;   /* the domain's table, foreign */
static domid_t dom;

#define PEEK(buf, i) (((volatile uint8_t *)(buf))[i])

static long domctl(uint32_t cmd, struct xen_domctl *op)
{
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = dom;
    return HYPERCALL1(long, __HYPERVISOR_domctl, op);
}

static uint64_t free_pages(void)
{
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_physinfo,
                             .interface_version =
                                 XEN_SYSCTL_INTERFACE_VERSION };

    HYPERCALL1(long, __HYPERVISOR_sysctl, &op);
    return op.u.physinfo.free_pages;
}

/* Xen frees a dead domain after an RCU grace period: idle a little. */
static uint64_t free_pages_reaching(uint64_t want)
{
    uint64_t n = free_pages();

    for ( unsigned int i = 0; i < 300 && n < want; i++ )
    {
        struct sched_poll idle = { .timeout = monotonic_ns() + 10000000 };

        hypercall_sched_op(SCHEDOP_poll, &idle);
        n = free_pages();
    }
    return n;
}

static void build_domain(void)
{
    struct xen_domctl op = { .u.createdomain = {
        .max_vcpus = 1, .max_evtchn_port = 1023, .max_grant_frames = 32,
        .max_maptrack_frames = 1024,
        .grant_opts = XEN_DOMCTL_GRANT_version(1) } };
    struct xen_memory_reservation r = { .nr_extents = NR_FRAMES };

    dom = 0;
    xtf_expect("createdomain", domctl(XEN_DOMCTL_createdomain, &op), 0);
    dom = op.domain;
    op.u.max_vcpus.max = 1;
    xtf_expect("max_vcpus", domctl(XEN_DOMCTL_max_vcpus, &op), 0);
    op.u.max_mem.max_memkb = 64 * 4;
    xtf_expect("max_mem", domctl(XEN_DOMCTL_max_mem, &op), 0);
    for ( unsigned int i = 0; i < NR_FRAMES; i++ )
        frames[i] = i;
    r.domid = dom;
    set_xen_guest_handle(r.extent_start, frames);
    xtf_expect("populate_physmap",
               hypercall_memory_op(XENMEM_populate_physmap, &r), NR_FRAMES);
}

/* Point the L1 entry of va at mfn of foreigndom fd. */
static long map_at(void *va, unsigned long mfn, domid_t fd)
{
    mmu_update_t req = { .ptr = l1e_maddr((unsigned long)va),
                         .val = pte(mfn, PTE_P | PTE_RW | PTE_A | PTE_D) };
    struct mmuext_op flush = { .cmd = MMUEXT_INVLPG_LOCAL,
                               .arg1.linear_addr = (unsigned long)va };
    long rc = hypercall_mmu_update(&req, 1, NULL, fd);

    hypercall_mmuext_op(&flush, 1, NULL, DOMID_SELF);
    return rc;
}

static void map_their_table(void)
{
    struct gnttab_setup_table s = { .dom = dom, .nr_frames = 1 };
    xen_pfn_t gframe = 0;

    set_xen_guest_handle(s.frame_list, &gframe);
    xtf_expect("setup_table for the domain",
               hypercall_grant_table_op(GNTTABOP_setup_table, &s, 1), 0);
    xtf_expect("  .status", s.status, GNTST_okay);
    xtf_expect("map their grant frame (foreign mmu_update)",
               map_at(table_va, gframe, dom), 0);
    gt = (volatile grant_entry_v1_t *)table_va;
}

static void grant(grant_ref_t ref, domid_t to, unsigned long mfn,
                  uint16_t flags)
{
    gt[ref].domid = to;
    gt[ref].frame = (uint32_t)mfn;
    __sync_synchronize();
    gt[ref].flags = flags;
}

static int16_t map(grant_ref_t ref, unsigned int flags, grant_handle_t *h)
{
    struct gnttab_map_grant_ref m = { .host_addr = (unsigned long)map_va,
                                      .flags = flags, .ref = ref,
                                      .dom = dom };

    if ( hypercall_grant_table_op(GNTTABOP_map_grant_ref, &m, 1) )
        xtf_failure("Fail: map_grant_ref refused outright\n");
    *h = m.handle;
    return m.status;
}

static int16_t unmap(grant_handle_t h)
{
    struct gnttab_unmap_grant_ref u = { .host_addr = (unsigned long)map_va,
                                        .handle = h };

    if ( hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1) )
        xtf_failure("Fail: unmap_grant_ref refused outright\n");
    return u.status;
}

static int16_t copy_from(grant_ref_t ref, domid_t sdom, bool is_gref)
{
    struct gnttab_copy c = {
        .flags = is_gref ? GNTCOPY_source_gref : 0, .len = 16 };

    c.source.domid = sdom;
    if ( is_gref )
        c.source.u.ref = ref;
    else
        c.source.u.gmfn = frames[1];
    c.dest.domid = DOMID_SELF;
    c.dest.u.gmfn = va_to_mfn((unsigned long)dst);
    hypercall_grant_table_op(GNTTABOP_copy, &c, 1);
    return c.status;
}

static struct evtchn_status status(domid_t d, evtchn_port_t port)
{
    struct evtchn_status s = { .dom = d, .port = port };

    if ( hypercall_event_channel_op(EVTCHNOP_status, &s) )
        xtf_failure("Fail: status of d%u port %u refused\n", d, port);
    return s;
}

static long channel(void)
{
    struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = 0 };
    struct evtchn_bind_interdomain b = { .remote_dom = dom };
    struct evtchn_status s;

    xtf_expect("alloc_unbound in the domain, for us",
               hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &a), 0);
    xtf_expect("  their port awaits us", status(dom, a.port).u.unbound.dom, 0);
    b.remote_port = a.port;
    xtf_expect("bind_interdomain to it",
               hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &b), 0);
    s = status(dom, a.port);
    xtf_expect("  their end: interdomain", s.status, EVTCHNSTAT_interdomain);
    xtf_expect("  ... to our port", s.u.interdomain.port, b.local_port);
    s = status(DOMID_SELF, b.local_port);
    xtf_expect("  our end: to their domain", s.u.interdomain.dom, dom);
    xtf_expect("  ... and port", s.u.interdomain.port, a.port);
    xtf_expect("send to them", evtchn_op_port(EVTCHNOP_send, b.local_port), 0);
    xtf_expect("bind again: no longer unbound",
               hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &b),
               -XEN_EINVAL);
    return b.local_port;
}

static grant_handle_t grants(void)
{
    grant_handle_t h;

    grant(8, 0, frames[1], GTF_permit_access);
    grant(9, 0x7000, frames[1], GTF_permit_access);
    xtf_expect("map a grant to another domain", map(9, GNTMAP_host_map, &h),
               GNTST_general_error);
    xtf_expect("map their grant to us", map(8, GNTMAP_host_map, &h),
               GNTST_okay);
    xtf_expect("  their entry: reading|writing", gt[8].flags,
               GTF_permit_access | GTF_reading | GTF_writing);
    PEEK(map_va, 3) = 0x77;
    xtf_expect("copy from their grant", copy_from(8, dom, true), GNTST_okay);
    xtf_expect("  sees our write", PEEK(dst, 3), 0x77);
    xtf_expect("copy from their frame by number",
               copy_from(0, dom, false), GNTST_permission_denied);
    xtf_expect("copy from their frame as ours",
               copy_from(0, DOMID_SELF, false), GNTST_bad_page);
    xtf_expect("unmap", unmap(h), GNTST_okay);
    xtf_expect("  their entry back", gt[8].flags, GTF_permit_access);
    xtf_expect("map it again, to hold it across their death",
               map(8, GNTMAP_host_map, &h), GNTST_okay);
    return h;
}

/*
 * Our own grant table and first map-track page come into being on first
 * use and stay: use them once before counting free pages.
 */
static void warm_up(void)
{
    struct gnttab_setup_table s = { .dom = DOMID_SELF, .nr_frames = 1 };
    struct gnttab_map_grant_ref m = { .host_addr = (unsigned long)map_va,
                                      .flags = GNTMAP_host_map, .ref = 8 };
    xen_pfn_t gframe = 0;

    set_xen_guest_handle(s.frame_list, &gframe);
    hypercall_grant_table_op(GNTTABOP_setup_table, &s, 1);
    xtf_expect("warm-up: our own table mapped", map_at(table_va, gframe,
                                                       DOMID_SELF), 0);
    gt = (volatile grant_entry_v1_t *)table_va;
    grant(8, 0, va_to_mfn((unsigned long)dst), GTF_permit_access);
    hypercall_grant_table_op(GNTTABOP_map_grant_ref, &m, 1);
    xtf_expect("warm-up: a self-grant mapped", m.status, GNTST_okay);
    dom = 0;
    xtf_expect("warm-up: and unmapped", unmap(m.handle), GNTST_okay);
    gt[8].flags = 0;
}

void test_main(void)
{
    uint64_t before;
    grant_handle_t h;
    long port;

    if ( !(start_info->flags & SIF_PRIVILEGED) )
        return xtf_skip("Skip: needs the control domain\n");
    test_events_init();                      /* pvclock_ns */
    warm_up();
    before = free_pages_reaching(0);
    build_domain();
    map_their_table();
    port = channel();
    h = grants();

    xtf_expect("our own page back where their table was",
               map_at(table_va, va_to_mfn((unsigned long)table_va),
                      DOMID_SELF), 0);
    xtf_expect("destroydomain while we map their grant",
               ({ struct xen_domctl op = { 0 };
                  domctl(XEN_DOMCTL_destroydomain, &op); }), 0);
    xtf_expect("  their frame still reads through our mapping",
               PEEK(map_va, 3), 0x77);
    xtf_expect("  our port: unbound", status(DOMID_SELF, port).status,
               EVTCHNSTAT_unbound);
    xtf_expect("  ... awaiting them", status(DOMID_SELF, port).u.unbound.dom,
               dom);
    xtf_expect("unmap after their death", unmap(h), GNTST_okay);
    xtf_expect("close our port", evtchn_op_port(EVTCHNOP_close, port), 0);
    xtf_expect("every frame free again",
               (long)(free_pages_reaching(before) - before), 0);
    xtf_success(NULL);
}
