/*
 * vcpu_sched conformance: a second vCPU brought up with VCPUOP_initialise
 * and VCPUOP_up (its own stack, entry point and event callback), both
 * vCPUs making progress, SCHEDOP_yield, SCHEDOP_block woken by an IPI
 * event channel, VCPUOP_down and up again, runstate times that add up.
 * Checks hold on one CPU (PVX) and on two (Xen under QEMU -smp 2).
 * Expectations are Xen 4.17's (common/domain.c: common_vcpu_op,
 * arch/x86/domain.c: arch_set_info_guest), checked with run-on-xen.
 */
#include <test.h>
#include <events.h>
#include <vcpu1.h>

const char test_title[] = "vcpu_sched: second vCPU, yield, block, down";

#define MS          1000000UL
#define STACK_SIZE  8192

static volatile unsigned long count0, count1;
static volatile unsigned int woken1;
static volatile bool block_now;
static uint8_t stack1[STACK_SIZE] __attribute__((aligned(16)));
static struct vcpu_guest_context ctxt;
static evtchn_port_t ipi;

/* vCPU 1: count; when asked, block with events enabled until woken. */
static void __attribute__((noreturn, used)) vcpu1_main(void)
{
    for ( ;; )
    {
        if ( block_now )
        {
            vcpu1_block_until_upcall();
            block_now = false;
            woken1++;
        }
        count1++;
    }
}

static void check(const char *what, bool ok)
{
    if ( !ok )
        xtf_failure("Fail: %s\n", what);
    else
        printk("  %-46s ok\n", what);
}

static struct vcpu_runstate_info runstate(unsigned int vcpu)
{
    struct vcpu_runstate_info r;

    if ( hypercall_vcpu_op(VCPUOP_get_runstate_info, vcpu, &r) )
        xtf_error("Error: get_runstate_info(%u)\n", vcpu);
    return r;
}

static uint64_t total(const struct vcpu_runstate_info *r)
{
    return r->time[0] + r->time[1] + r->time[2] + r->time[3];
}

/* Spin for ms milliseconds of system time, counting. */
static void spin(unsigned long ms)
{
    uint64_t end = monotonic_ns() + ms * MS;

    while ( monotonic_ns() < end )
        count0++;
}

static void test_initialise(void)
{
    struct vcpu_guest_context bad;

    xtf_expect("is_up vcpu 0", hypercall_vcpu_op(VCPUOP_is_up, 0, NULL), 1);
    xtf_expect("is_up vcpu 1 (never initialised)",
               hypercall_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
    xtf_expect("up vcpu 1 before initialise",
               hypercall_vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL);
    xtf_expect("initialise vcpu 1000",
               hypercall_vcpu_op(VCPUOP_initialise, 1000, &ctxt), -XEN_ENOENT);
    xtf_expect("initialise, bad pointer",
               hypercall_vcpu_op(VCPUOP_initialise, 1, BAD_PTR_HYPERVISOR),
               -XEN_EFAULT);

    /* An FPU image with every MXCSR bit set: reserved ones must not
     * reach FXRSTOR (#GP in the hypervisor). */
    vcpu1_context(&ctxt, vcpu1_main, stack1 + STACK_SIZE);
    ctxt.flags |= VGCF_I387_VALID;
    memset(&ctxt.fpu_ctxt.x[24], 0xff, 4);

    bad = ctxt;
    bad.user_regs.rip = 0x8000000000000000UL;
    xtf_expect("initialise, non-canonical rip",
               hypercall_vcpu_op(VCPUOP_initialise, 1, &bad), -XEN_EINVAL);
    bad = ctxt;
    bad.ldt_ents = 1;
    bad.ldt_base = 0x1234;
    xtf_expect("initialise, unaligned LDT",
               hypercall_vcpu_op(VCPUOP_initialise, 1, &bad), -XEN_EINVAL);
    bad = ctxt;
    bad.flags = 0;
    xtf_expect("initialise in user mode, no user L4",
               hypercall_vcpu_op(VCPUOP_initialise, 1, &bad), -XEN_EINVAL);
    xtf_expect("  still not up", hypercall_vcpu_op(VCPUOP_is_up, 1, NULL), 0);

    xtf_expect("initialise vcpu 1",
               hypercall_vcpu_op(VCPUOP_initialise, 1, &ctxt), 0);
    xtf_expect("initialise vcpu 1 again",
               hypercall_vcpu_op(VCPUOP_initialise, 1, &ctxt), -XEN_EEXIST);
    xtf_expect("  not up without VGCF_online",
               hypercall_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
    spin(20);
    xtf_expect("  and it never ran", count1, 0);
    xtf_expect("up vcpu 1", hypercall_vcpu_op(VCPUOP_up, 1, NULL), 0);
    xtf_expect("  is_up", hypercall_vcpu_op(VCPUOP_is_up, 1, NULL), 1);
}

static void test_progress_and_yield(void)
{
    unsigned long c0 = count0, c1 = count1, n;
    uint64_t end;

    spin(200);
    check("both vCPUs count over 200 ms (time slices)",
          count0 > c0 && count1 > c1);
    /*
     * On one CPU the first yield lets vcpu 1 run.  On two it runs
     * alongside, but QEMU's round-robin TCG (-icount) may not give the
     * second CPU a turn within a few yields: allow 100 ms of them.
     */
    c1 = count1;
    end = monotonic_ns() + 100 * MS;
    for ( n = 0; monotonic_ns() < end && count1 == c1; n++ )
        if ( hypercall_sched_op(SCHEDOP_yield, NULL) )
            break;
    check("yield returns 0 and vcpu 1 runs", count1 != c1);
}

static void test_block_and_ipi(void)
{
    struct vcpu_runstate_info r0, r1;
    uint64_t t0;
    unsigned long c1;
    long port = evtchn_bind_ipi(1);

    check("bind_ipi to vcpu 1", port > 0);
    ipi = (evtchn_port_t)port;
    block_now = true;
    t0 = monotonic_ns();
    while ( runstate(1).state != RUNSTATE_blocked &&
            monotonic_ns() - t0 < 500 * MS )
        hypercall_sched_op(SCHEDOP_yield, NULL);
    r0 = runstate(1);
    xtf_expect("vcpu 1 blocked (SCHEDOP_block)", r0.state, RUNSTATE_blocked);
    c1 = count1;
    spin(50);
    xtf_expect("  it does not count while blocked", count1 - c1, 0);
    r1 = runstate(1);
    check("  its blocked time grew by the 50 ms",
          r1.time[RUNSTATE_blocked] - r0.time[RUNSTATE_blocked] >=
          45 * MS);
    xtf_expect("send the IPI", evtchn_op_port(EVTCHNOP_send, ipi), 0);
    t0 = monotonic_ns();
    while ( !woken1 && monotonic_ns() - t0 < 500 * MS )
        hypercall_sched_op(SCHEDOP_yield, NULL);
    xtf_expect("  vcpu 1 woke and took the upcall", woken1, 1);
    check("  at least one upcall on vcpu 1", vcpu1_upcalls >= 1);
    /* One CPU: vcpu 0 may hold it for more than a slice (credit). */
    c1 = count1;
    spin(200);
    check("  and counts again", count1 != c1);
}

static void test_down_up(void)
{
    struct vcpu_runstate_info r;
    unsigned long c1;

    xtf_expect("down vcpu 1", hypercall_vcpu_op(VCPUOP_down, 1, NULL), 0);
    xtf_expect("  is_up", hypercall_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
    spin(10);
    c1 = count1;
    spin(50);
    xtf_expect("  it stopped counting", count1 - c1, 0);
    r = runstate(1);
    xtf_expect("  runstate offline", r.state, RUNSTATE_offline);
    xtf_expect("up vcpu 1 again", hypercall_vcpu_op(VCPUOP_up, 1, NULL), 0);
    spin(200);
    check("  it resumes where it stopped", count1 != c1);
    xtf_expect("down vcpu 1 for good", hypercall_vcpu_op(VCPUOP_down, 1, NULL),
               0);
}

static void test_runstate_sums(void)
{
    struct vcpu_runstate_info a0, a1, b0, b1;
    uint64_t t0, t1;

    t0 = monotonic_ns();
    a0 = runstate(0);
    a1 = runstate(1);
    spin(100);
    t1 = monotonic_ns();
    b0 = runstate(0);
    b1 = runstate(1);
    /* Every nanosecond is in exactly one state: the sums track time. */
    check("vcpu 0: runstate times grow with system time",
          total(&b0) - total(&a0) >= (t1 - t0) - 5 * MS &&
          total(&b0) - total(&a0) <= (t1 - t0) + 5 * MS);
    check("vcpu 1: likewise, while offline",
          total(&b1) - total(&a1) >= (t1 - t0) - 5 * MS &&
          total(&b1) - total(&a1) <= (t1 - t0) + 5 * MS);
    check("vcpu 1 ran, blocked and was offline",
          b1.time[RUNSTATE_running] && b1.time[RUNSTATE_blocked] &&
          b1.time[RUNSTATE_offline]);
    xtf_expect("vcpu 0 is running", b0.state, RUNSTATE_running);
}

void test_main(void)
{
    test_events_init();
    test_initialise();
    test_progress_and_yield();
    test_block_and_ipi();
    test_down_up();
    test_runstate_sums();
    xtf_success(NULL);
}
