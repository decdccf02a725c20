/*
 * smp_concurrent conformance: dom0's two vCPUs run at the same time on
 * two physical CPUs.  Neither yields while it waits for the other, so on
 * one CPU each wait would last a whole credit slice (30 ms):
 *  - a counter both increment with lock-prefixed adds ends exact;
 *  - 500 ping-pong round trips through plain memory finish within 10 s
 *    (one CPU would need about 30 s);
 *  - each vCPU reads the other's runstate as running while it runs;
 *  - an event sent to vcpu 1, blocked (its CPU halted), wakes it while
 *    vcpu 0 spins: the wake-up cannot wait for vcpu 0 to stop;
 *  - update_va_mapping with UVMF_ALL on vcpu 0 reaches vcpu 1's TLB: a
 *    page vcpu 1 keeps reading reads the new frame at once;
 *  - XEN_DOMCTL_getvcpucontext of vcpu 1 while it runs returns the
 *    registers it is running with (Xen pauses it to read them), and the
 *    two vCPUs reading each other's context at once both succeed.
 * Skipped with fewer than two CPUs or vCPUs.  Expectations are Xen
 * 4.17's (common/sched/core.c, common/event_channel.c: evtchn_send),
 * checked with run_all.py --xen under QEMU -smp 2.
 */
#define __XEN_TOOLS__ 1                 /* domctl.h is the tools' */
#include <test.h>
#include <events.h>
#include <guest_mm.h>
#include <vcpu1.h>
#include <xen/domctl.h>

const char test_title[] = "smp_concurrent: two vCPUs on two CPUs at once";

#define MS          1000000UL
#define STACK_SIZE  8192
#define ADDS        200000UL
#define ROUNDS      500UL

#define REG_MAGIC   0x5a5a12345678a5a5UL

enum phase { P_IDLE, P_ADD, P_PINGPONG, P_RUNSTATE, P_TLB, P_REGS, P_MUTUAL,
             P_BLOCK, P_DONE };

static volatile enum phase phase;
static volatile unsigned long counter, ping, pong;
static volatile bool added1, saw0_running, ack1;
static volatile unsigned int woken1;
static uint8_t stack1[STACK_SIZE] __attribute__((aligned(16)));
/* The TLB probe: tlb_page[0]'s VA is remapped to [1]'s frame, then [2]'s. */
static uint8_t tlb_page[3][4096] __attribute__((aligned(4096)));
static volatile bool tlb_warm, tlb_req, tlb_done;
static volatile uint64_t tlb_seen;
static volatile bool in_regs, mutual_go, mutual_done;
static volatile long mutual_rc1;
static struct vcpu_guest_context got, got1;
static struct vcpu_guest_context ctxt;

/* XEN_DOMCTL_getvcpucontext of one of our own vCPUs. */
static long get_context(unsigned int vcpu, struct vcpu_guest_context *c)
{
    struct xen_domctl op = {
        .cmd = XEN_DOMCTL_getvcpucontext,
        .interface_version = XEN_DOMCTL_INTERFACE_VERSION,
        .domain = 0,
    };

    op.u.vcpucontext.vcpu = vcpu;
    set_xen_guest_handle(op.u.vcpucontext.ctxt, c);
    return HYPERCALL1(long, __HYPERVISOR_domctl, &op);
}

static bool other_running(unsigned int vcpu)
{
    struct vcpu_runstate_info r;

    return !hypercall_vcpu_op(VCPUOP_get_runstate_info, vcpu, &r) &&
           r.state == RUNSTATE_running;
}

/* vCPU 1: follows the phases vcpu 0 sets, never yielding. */
static void __attribute__((noreturn, used)) vcpu1_main(void)
{
    for ( ;; )
    {
        switch ( phase )
        {
        case P_ADD:
            if ( added1 )
                break;
            for ( unsigned long i = 0; i < ADDS; i++ )
                asm volatile ( "lock addq $1, %0" : "+m" (counter) );
            added1 = true;
            break;
        case P_PINGPONG:
            if ( ping == pong + 1 )
                pong = ping;
            break;
        case P_RUNSTATE:
            if ( !ack1 && other_running(0) )
                saw0_running = true;
            ack1 = true;
            break;
        case P_TLB:
        {
            volatile uint64_t *x = (volatile uint64_t *)tlb_page[0];

            /* Keep the translation hot; once asked, one fresh read. */
            if ( *x == 0xaaaa )
                tlb_warm = true;
            if ( tlb_req && !tlb_done )
            {
                tlb_seen = *x;
                tlb_done = true;
            }
            break;
        }
        case P_REGS:
            /* Spin with a marker in %r12 until the phase changes. */
            in_regs = true;
            asm volatile ( "mov %1, %%r12\n"
                           "1: cmpl %2, %0\n"
                           "   je 1b"
                           :: "m" (phase), "r" (REG_MAGIC), "i" (P_REGS)
                           : "r12", "memory" );
            break;
        case P_MUTUAL:
            if ( mutual_go && !mutual_done )
            {
                mutual_rc1 = get_context(0, &got1);
                mutual_done = true;
            }
            break;
        case P_BLOCK:
            vcpu1_block_until_upcall();
            woken1++;
            phase = P_DONE;
            break;
        default:
            break;
        }
    }
}

/* Wait without yielding for *flag, at most ms of system time. */
static bool wait_for(volatile bool *flag, unsigned long ms)
{
    uint64_t end = monotonic_ns() + ms * MS;

    while ( !*flag )
        if ( monotonic_ns() > end )
            return false;
    return true;
}

static void start_vcpu1(void)
{
    vcpu1_context(&ctxt, vcpu1_main, stack1 + STACK_SIZE);
    xtf_expect("initialise vcpu 1",
               hypercall_vcpu_op(VCPUOP_initialise, 1, &ctxt), 0);
    xtf_expect("up vcpu 1", hypercall_vcpu_op(VCPUOP_up, 1, NULL), 0);
}

static void test_atomic_counter(void)
{
    phase = P_ADD;
    for ( unsigned long i = 0; i < ADDS; i++ )
        asm volatile ( "lock addq $1, %0" : "+m" (counter) );
    if ( !wait_for(&added1, 10000) )
        xtf_failure("Fail: vcpu 1 did not finish its adds in 10 s\n");
    xtf_expect("both vCPUs' lock-prefixed adds", counter, 2 * ADDS);
}

static void test_pingpong(void)
{
    uint64_t t0 = monotonic_ns(), end = t0 + 10000 * MS;

    phase = P_PINGPONG;
    while ( ping < ROUNDS && monotonic_ns() < end )
    {
        if ( pong == ping )
            ping = ping + 1;
    }
    while ( pong != ping && monotonic_ns() < end )
        ;
    printk("  %lu round trips in %lu ms\n", pong,
           (unsigned long)((monotonic_ns() - t0) / MS));
    xtf_expect("ping-pong round trips without yielding", pong, ROUNDS);
}

static void test_runstate(void)
{
    bool saw1_running = false;

    phase = P_RUNSTATE;
    /* vcpu 1 runs now: give it up to 1 s to be seen running. */
    for ( uint64_t end = monotonic_ns() + 1000 * MS;
          !saw1_running && monotonic_ns() < end; )
        saw1_running = other_running(1);
    xtf_expect("vcpu 0 sees vcpu 1 running", saw1_running, 1);
    if ( !wait_for(&ack1, 1000) )
        xtf_failure("Fail: vcpu 1 did not look at vcpu 0's runstate\n");
    xtf_expect("vcpu 1 sees vcpu 0 running", saw0_running, 1);
}

static long remap(unsigned long va, unsigned long mfn)
{
    return hypercall_update_va_mapping(va, pte(mfn, PTE_P | PTE_RW | PTE_A |
                                                    PTE_D),
                                       UVMF_INVLPG | UVMF_ALL);
}

static void test_tlb_shootdown(void)
{
    unsigned long x = (unsigned long)tlb_page[0];
    uint64_t orig = *pte_ptr(x);

    *(volatile uint64_t *)tlb_page[1] = 0xaaaa;
    *(volatile uint64_t *)tlb_page[2] = 0xbbbb;
    xtf_expect("map the probe page to frame A",
               remap(x, va_to_mfn((unsigned long)tlb_page[1])), 0);
    phase = P_TLB;
    if ( !wait_for(&tlb_warm, 1000) )
        xtf_failure("Fail: vcpu 1 never read frame A\n");
    xtf_expect("remap it to frame B (UVMF_INVLPG | UVMF_ALL)",
               remap(x, va_to_mfn((unsigned long)tlb_page[2])), 0);
    tlb_req = true;
    if ( !wait_for(&tlb_done, 1000) )
        xtf_failure("Fail: vcpu 1 did not read the probe page again\n");
    xtf_expect_hex("vcpu 1 reads frame B, not a stale A", tlb_seen, 0xbbbb);
    phase = P_IDLE;
    xtf_expect("restore the probe page",
               hypercall_update_va_mapping(x, orig, UVMF_INVLPG | UVMF_ALL),
               0);
}

static void test_getvcpucontext(void)
{
    long rc0;

    phase = P_REGS;
    if ( !wait_for(&in_regs, 1000) )
        xtf_failure("Fail: vcpu 1 did not reach its marker loop\n");
    xtf_expect("getvcpucontext of running vcpu 1", get_context(1, &got), 0);
    xtf_expect_hex("  its live %r12, not a stale one", got.user_regs.r12,
                   REG_MAGIC);
    /* Each pauses the other: neither may wait for the other forever. */
    phase = P_MUTUAL;
    mutual_go = true;
    rc0 = get_context(1, &got);
    if ( !wait_for(&mutual_done, 5000) )
        xtf_failure("Fail: vcpu 1's getvcpucontext of vcpu 0 never ended\n");
    xtf_expect("both read each other's context at once", rc0 == 0 &&
               mutual_rc1 == 0, 1);
    phase = P_IDLE;
}

static void test_remote_wake(void)
{
    struct vcpu_runstate_info r;
    long port = evtchn_bind_ipi(1);
    uint64_t end;

    xtf_expect("bind_ipi to vcpu 1", port > 0, 1);
    phase = P_BLOCK;
    end = monotonic_ns() + 1000 * MS;
    do
        hypercall_vcpu_op(VCPUOP_get_runstate_info, 1, &r);
    while ( r.state != RUNSTATE_blocked && monotonic_ns() < end );
    xtf_expect("vcpu 1 blocked", r.state, RUNSTATE_blocked);
    xtf_expect("send the IPI event",
               evtchn_op_port(EVTCHNOP_send, (evtchn_port_t)port), 0);
    /* vcpu 0 keeps its CPU: only a wake-up IPI gets vcpu 1 going. */
    end = monotonic_ns() + 1000 * MS;
    while ( !woken1 && monotonic_ns() < end )
        ;
    xtf_expect("vcpu 1 woke while vcpu 0 spun", woken1, 1);
}

void test_main(void)
{
    long up1 = hypercall_vcpu_op(VCPUOP_is_up, 1, NULL);

    events_init();
    if ( up1 < 0 )
        return xtf_skip("Skip: dom0 has one vCPU (one CPU)\n");
    start_vcpu1();
    test_atomic_counter();
    test_pingpong();
    test_runstate();
    test_tlb_shootdown();
    test_getvcpucontext();
    test_remote_wake();
    hypercall_vcpu_op(VCPUOP_down, 1, NULL);
    xtf_success(NULL);
}
