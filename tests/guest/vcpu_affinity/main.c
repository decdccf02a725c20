/*
 * vcpu_affinity conformance: XEN_DOMCTL_setvcpuaffinity and
 * getvcpuaffinity as Xen 4.17's vcpu_affinity_domctl answers them
 * (common/sched/core.c, common/bitmap.c): maps of nr_cpu_ids bits, the
 * effective affinity written back, Xen's errnos for a bad vCPU, flags,
 * handle, map or pointer; and the control domain's own running vCPU moved
 * between CPUs by its hard affinity.  Needs two CPUs (QEMU -smp 2).
 */
#include <hypercalls/control.h>         /* first: see there */
#include <test.h>

const char test_title[] = "vcpu_affinity: pinning vCPUs to CPUs";

#define HARD XEN_VCPUAFFINITY_HARD
#define SOFT XEN_VCPUAFFINITY_SOFT
#define MAP_LEN 64                      /* bytes: more than any CPU count */

static uint8_t hard[MAP_LEN], soft[MAP_LEN];
static unsigned int nr_cpus;

/*
 * One affinity call for vcpu of dom; maps of nr_bits, hard[] and soft[]
 * holding what goes in and what comes back.
 */
static long affinity(uint32_t cmd, domid_t dom, uint32_t vcpu, uint32_t flags,
                     uint32_t nr_bits)
{
    struct xen_domctl op = { .u.vcpuaffinity = { .vcpu = vcpu,
                                                 .flags = flags } };

    set_xen_guest_handle(op.u.vcpuaffinity.cpumap_hard.bitmap, hard);
    set_xen_guest_handle(op.u.vcpuaffinity.cpumap_soft.bitmap, soft);
    op.u.vcpuaffinity.cpumap_hard.nr_bits = nr_bits;
    op.u.vcpuaffinity.cpumap_soft.nr_bits = nr_bits;
    return hypercall_domctl(cmd, dom, &op);
}

/* Set hard (and soft) from one byte each, maps of nr_bits. */
static long pin(domid_t dom, uint32_t vcpu, uint32_t flags, uint8_t h,
                uint8_t s, uint32_t nr_bits)
{
    memset(hard, 0xaa, sizeof(hard));
    memset(soft, 0xaa, sizeof(soft));
    hard[0] = h;
    soft[0] = s;
    return affinity(XEN_DOMCTL_setvcpuaffinity, dom, vcpu, flags, nr_bits);
}

static long get(domid_t dom, uint32_t vcpu, uint32_t nr_bits)
{
    memset(hard, 0xaa, sizeof(hard));
    memset(soft, 0xaa, sizeof(soft));
    return affinity(XEN_DOMCTL_getvcpuaffinity, dom, vcpu, HARD | SOFT,
                    nr_bits);
}

/* Bytes [1, n) of map are zero: written, not left as 0xaa. */
static bool rest_zero(const uint8_t *map, unsigned int n)
{
    for ( unsigned int i = 1; i < n; i++ )
        if ( map[i] )
            return false;
    return true;
}

static long vcpu_cpu(domid_t dom, uint32_t vcpu)
{
    struct xen_domctl op = { .u.getvcpuinfo.vcpu = vcpu };
    long rc = hypercall_domctl(XEN_DOMCTL_getvcpuinfo, dom, &op);

    return rc ?: (long)op.u.getvcpuinfo.cpu;
}

static void bad_arguments(domid_t dom)
{
    struct xen_domctl op = { .u.vcpuaffinity = { .vcpu = 0, .flags = HARD } };

    xtf_expect("get, vCPU 2 of 2", get(dom, 2, 8), -XEN_EINVAL);
    xtf_expect("set, no flags", pin(dom, 0, 0, 1, 1, 8), -XEN_EINVAL);
    xtf_expect("set hard, null map", hypercall_domctl(
                   XEN_DOMCTL_setvcpuaffinity, dom, &op), -XEN_EINVAL);
    op.u.vcpuaffinity.flags = SOFT;
    xtf_expect("get soft, null map", hypercall_domctl(
                   XEN_DOMCTL_getvcpuaffinity, dom, &op), -XEN_EINVAL);
    xtf_expect("set hard, only CPU 7 (offline)", pin(dom, 0, HARD, 0x80, 0,
                                                     8), -XEN_EINVAL);
    xtf_expect("set hard, an empty map", pin(dom, 0, HARD, 0, 0, 8),
               -XEN_EINVAL);
    xtf_expect("set hard, nr_bits 0", pin(dom, 0, HARD, 0xff, 0, 0),
               -XEN_EINVAL);
    xtf_expect("set hard, nr_bits 1, bit 1 past it", pin(dom, 0, HARD, 0x02,
                                                         0, 1), -XEN_EINVAL);
    op.u.vcpuaffinity.flags = HARD;
    set_xen_guest_handle(op.u.vcpuaffinity.cpumap_hard.bitmap,
                         BAD_PTR_NONCANONICAL);
    op.u.vcpuaffinity.cpumap_hard.nr_bits = 8;
    xtf_expect("set hard, non-canonical map", hypercall_domctl(
                   XEN_DOMCTL_setvcpuaffinity, dom, &op), -XEN_EFAULT);
    xtf_expect("get hard, non-canonical map", hypercall_domctl(
                   XEN_DOMCTL_getvcpuaffinity, dom, &op), -XEN_EFAULT);
    xtf_expect("get after the refusals", get(dom, 0, 8), 0);
    xtf_expect_hex("  ... hard still CPU 1", hard[0], 0x02);
}

/* A built but never run domain: its vCPUs move at once. */
static void other_domain(void)
{
    uint8_t all = (uint8_t)((1U << nr_cpus) - 1);
    struct xen_domctl op = { .u.createdomain = {
        .max_vcpus = 2, .max_evtchn_port = 1023, .max_grant_frames = 4,
        .max_maptrack_frames = 16,
        .grant_opts = XEN_DOMCTL_GRANT_version(1) } };
    domid_t dom;

    xtf_expect("createdomain", hypercall_domctl(XEN_DOMCTL_createdomain, 0,
                                                &op), 0);
    dom = op.domain;
    xtf_expect("get before max_vcpus", get(dom, 0, 8), -XEN_ESRCH);
    op.u.max_vcpus.max = 2;
    xtf_expect("max_vcpus 2", hypercall_domctl(XEN_DOMCTL_max_vcpus, dom,
                                               &op), 0);

    xtf_expect("get, maps of 32 bits", get(dom, 0, 32), 0);
    xtf_expect_hex("  ... hard: every CPU", hard[0], all);
    xtf_expect_hex("  ... soft: every CPU", soft[0], all);
    xtf_expect("  ... bytes past nr_cpu_ids zeroed",
               rest_zero(hard, 4) && rest_zero(soft, 4), 1);
    xtf_expect("  ... nothing past the map", hard[4] == 0xaa, 1);
    xtf_expect("get, maps of 512 bits", get(dom, 1, 512), 0);
    xtf_expect("  ... all 64 bytes written", rest_zero(hard, MAP_LEN), 1);

    xtf_expect("set hard to CPU 1", pin(dom, 0, HARD, 0x02, 0, 16), 0);
    xtf_expect_hex("  ... effective hard", hard[0], 0x02);
    xtf_expect("  ... rest zeroed", rest_zero(hard, 2), 1);
    xtf_expect("  ... vCPU 0 now on CPU 1", vcpu_cpu(dom, 0), 1);
    bad_arguments(dom);

    xtf_expect("set hard to 0xff", pin(dom, 0, HARD, 0xff, 0, 8), 0);
    xtf_expect_hex("  ... effective: the online CPUs", hard[0], all);
    xtf_expect("set hard, nr_bits 1 of 0xff", pin(dom, 0, HARD, 0xff, 0, 1),
               0);
    xtf_expect_hex("  ... effective: CPU 0", hard[0], 0x01);
    xtf_expect("  ... vCPU 0 now on CPU 0", vcpu_cpu(dom, 0), 0);

    xtf_expect("set hard CPU 1, soft CPU 0", pin(dom, 1, HARD | SOFT, 0x02,
                                                 0x01, 8), 0);
    xtf_expect_hex("  ... effective hard", hard[0], 0x02);
    xtf_expect_hex("  ... effective soft: none (outside hard)", soft[0], 0);
    xtf_expect("get", get(dom, 1, 8), 0);
    xtf_expect_hex("  ... hard as set", hard[0], 0x02);
    xtf_expect_hex("  ... soft as set", soft[0], 0x01);
    xtf_expect("set soft alone to every CPU", pin(dom, 1, SOFT, 0, 0xff, 8),
               0);
    xtf_expect_hex("  ... effective soft: within hard", soft[0], 0x02);
    xtf_expect("FORCE alone (no pin override to undo)",
               pin(dom, 1, XEN_VCPUAFFINITY_FORCE, 0, 0, 8), 0);
    xtf_expect("get", get(dom, 1, 8), 0);
    xtf_expect_hex("  ... hard unchanged", hard[0], 0x02);

    op = (struct xen_domctl){ 0 };
    xtf_expect("destroydomain", hypercall_domctl(XEN_DOMCTL_destroydomain,
                                                 dom, &op), 0);
}

/* Our own vCPU 0, running: it is on CPU n when the call returns. */
static void move_self(void)
{
    for ( unsigned int n = 2; n-- > 0; )
    {
        volatile unsigned long spin = 0;

        xtf_expect(n ? "pin our vCPU 0 to CPU 1" : "pin our vCPU 0 to CPU 0",
                   pin(0, 0, HARD, (uint8_t)(1U << n), 0, 8), 0);
        xtf_expect("  ... getvcpuinfo says that CPU", vcpu_cpu(0, 0), n);
        while ( spin < 1000000 )        /* a tick or two there */
            spin++;
        xtf_expect("  ... and still after a while", vcpu_cpu(0, 0), n);
    }
    xtf_expect("unpin our vCPU 0", pin(0, 0, HARD, 0xff, 0, 8), 0);
}

void test_main(void)
{
    struct xen_sysctl op = { 0 };

    if ( hypercall_sysctl(XEN_SYSCTL_physinfo, &op) )
    {
        xtf_error("physinfo failed");
        return;
    }
    nr_cpus = op.u.physinfo.max_cpu_id + 1;
    if ( nr_cpus != 2 )
    {
        xtf_skip("needs exactly 2 CPUs (QEMU -smp 2), has %u", nr_cpus);
        return;
    }
    other_domain();
    move_self();
    xtf_success(NULL);
}
