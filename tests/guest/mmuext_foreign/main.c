/*
 * mmuext_foreign conformance: mmuext_op with a foreigndom, as a domain
 * builder pins a new guest's L4.  Pin and unpin act on the named domain's
 * frames; naming oneself by id or no domain is -ESRCH; a frame of ours
 * under their name is -EINVAL; operations on our own vCPU with a
 * foreigndom are -EPERM; the domain's frames all come back after it goes.
 * Expectations are Xen 4.17's (arch/x86/mm.c: do_mmuext_op,
 * get_pg_owner), checked with /work/shared/tools/run-on-xen.
 */
#include <hypercalls/control.h>         /* first: see there */
#include <test.h>
#include <events.h>

const char test_title[] = "mmuext_foreign: pinning another domain's tables";

#define NR_FRAMES   4

static uint8_t ours[4096] __attribute__((aligned(4096)));

static long ext(unsigned int cmd, unsigned long mfn, domid_t fd)
{
    struct mmuext_op op = { .cmd = cmd, .arg1.mfn = mfn };

    return hypercall_mmuext_op(&op, 1, NULL, fd);
}

static uint64_t free_pages(void)
{
    struct xen_sysctl op = { 0 };

    hypercall_sysctl(XEN_SYSCTL_physinfo, &op);
    return op.u.physinfo.free_pages;
}

void test_main(void)
{
    struct xen_domctl op = { .u.createdomain = {
        .max_vcpus = 1, .max_evtchn_port = 1023, .max_grant_frames = 32,
        .max_maptrack_frames = 1024,
        .grant_opts = XEN_DOMCTL_GRANT_version(1) } };
    struct xen_memory_reservation r = { .nr_extents = NR_FRAMES };
    xen_pfn_t frames[NR_FRAMES];
    uint64_t before = free_pages(), after;
    domid_t dom;

    test_events_init();                 /* the pvclock, for the waits */
    xtf_expect("createdomain", hypercall_domctl(XEN_DOMCTL_createdomain, 0,
                                                &op), 0);
    dom = op.domain;
    op.u.max_mem.max_memkb = NR_FRAMES * 4;
    xtf_expect("max_mem", hypercall_domctl(XEN_DOMCTL_max_mem, dom, &op), 0);
    for ( unsigned int i = 0; i < NR_FRAMES; i++ )
        frames[i] = i;
    r.domid = dom;
    set_xen_guest_handle(r.extent_start, frames);
    xtf_expect("populate_physmap",
               hypercall_memory_op(XENMEM_populate_physmap, &r), NR_FRAMES);

    /* Their frame 0 is zeroed: a valid, empty L4. */
    xtf_expect("PIN_L4 of their frame, foreigndom them",
               ext(MMUEXT_PIN_L4_TABLE, frames[0], dom), 0);
    xtf_expect("  pinned twice", ext(MMUEXT_PIN_L4_TABLE, frames[0], dom),
               -XEN_EINVAL);
    xtf_expect("  PIN_L4 of it as ours (DOMID_SELF)",
               ext(MMUEXT_PIN_L4_TABLE, frames[1], DOMID_SELF), -XEN_EINVAL);
    xtf_expect("PIN_L4 of our frame under their name",
               ext(MMUEXT_PIN_L4_TABLE, virt_to_mfn(ours), dom),
               -XEN_EINVAL);
    xtf_expect("PIN_L1 of their frame 1", ext(MMUEXT_PIN_L1_TABLE, frames[1],
                                              dom), 0);
    xtf_expect("UNPIN their frame 1", ext(MMUEXT_UNPIN_TABLE, frames[1], dom),
               0);
    xtf_expect("  unpinned twice", ext(MMUEXT_UNPIN_TABLE, frames[1], dom),
               -XEN_EINVAL);
    xtf_expect("foreigndom: our own id", ext(MMUEXT_PIN_L4_TABLE, frames[2],
                                             0), -XEN_ESRCH);
    xtf_expect("foreigndom: no such domain",
               ext(MMUEXT_PIN_L4_TABLE, frames[2], 1000), -XEN_ESRCH);
    xtf_expect("TLB_FLUSH_LOCAL with a foreigndom",
               ext(MMUEXT_TLB_FLUSH_LOCAL, 0, dom), -XEN_EPERM);
    xtf_expect("NEW_BASEPTR with a foreigndom",
               ext(MMUEXT_NEW_BASEPTR, frames[0], dom), -XEN_EPERM);

    /* Destroyed with its L4 still pinned: every frame comes back. */
    xtf_expect("destroydomain", hypercall_domctl(XEN_DOMCTL_destroydomain,
                                                 dom, &op), 0);
    after = free_pages();
    for ( unsigned int i = 0; i < 300 && after < before; i++ )
    {
        struct sched_poll idle = { .timeout = monotonic_ns() + 10000000 };

        hypercall_sched_op(SCHEDOP_poll, &idle);
        after = free_pages();
    }
    xtf_expect("free pages back after destroy", after, before);
    xtf_success(NULL);
}
