/*
 * ctxsw: what a vCPU context switch costs.  dom0 runs with two vCPUs on
 * one physical CPU (scripts/bench.py: QEMU -smp 1, dom0_max_vcpus=2,
 * -icount shift=0 so a TSC tick is one guest instruction).  vcpu 1 loops
 * on SCHEDOP_yield; so does vcpu 0, timed, so each of its yields is two
 * switches (to vcpu 1 and back) and two yield hypercalls.  Prints
 * `bench: ctxsw_yield <ticks per switch>` and the null yield (nothing else
 * runnable) for comparison; runs unchanged on PVX and Xen 4.17.
 */
#include <test.h>
#include <events.h>

const char test_title[] = "ctxsw: SCHEDOP_yield ping-pong of two vCPUs";

#define ITERS       1000        /* vcpu 0 yields per batch */
#define BATCHES     7           /* a figure is the median batch */
#define STACK_SIZE  8192

static volatile unsigned long yields1;
static uint8_t stack1[STACK_SIZE] __attribute__((aligned(16)));
static struct vcpu_guest_context ctxt;

static void __attribute__((noreturn, used)) vcpu1_main(void)
{
    for ( ;; )
    {
        yields1++;
        hypercall_sched_op(SCHEDOP_yield, NULL);
    }
}

static void sort(uint64_t *v, unsigned int n)
{
    for ( unsigned int i = 1; i < n; i++ )
        for ( unsigned int j = i; j && v[j - 1] > v[j]; j-- )
        {
            uint64_t t = v[j];

            v[j] = v[j - 1];
            v[j - 1] = t;
        }
}

/* Ticks per unit in hundredths, over `units' per batch of ITERS yields. */
static void measure(const char *name, unsigned int units)
{
    uint64_t v[BATCHES];

    for ( unsigned int b = 0; b < BATCHES; b++ )
    {
        uint64_t t0 = rdtsc();

        for ( unsigned int i = 0; i < ITERS; i++ )
            hypercall_sched_op(SCHEDOP_yield, NULL);
        v[b] = (rdtsc() - t0) * 100 / units;
    }
    sort(v, BATCHES);
    printk("bench: %s %lu.%02lu (batches %lu.%02lu..%lu.%02lu)\n", name,
           v[BATCHES / 2] / 100, v[BATCHES / 2] % 100, v[0] / 100,
           v[0] % 100, v[BATCHES - 1] / 100, v[BATCHES - 1] % 100);
}

void test_main(void)
{
    unsigned long y;

    if ( hypercall_vcpu_op(VCPUOP_is_up, 1, NULL) < 0 )
        return xtf_skip("Skip: needs dom0_max_vcpus=2\n");
    /* Alone on the CPU first: a yield that switches nothing. */
    measure("yield_alone", ITERS);

    ctxt.flags = VGCF_in_kernel;
    ctxt.user_regs.rip = (unsigned long)vcpu1_main;
    ctxt.user_regs.rsp = (unsigned long)stack1 + STACK_SIZE - 8;
    ctxt.user_regs.cs = FLAT_KERNEL_CS;
    ctxt.user_regs.ss = FLAT_KERNEL_SS;
    ctxt.user_regs.rflags = 0x200;
    ctxt.kernel_ss = FLAT_KERNEL_SS;
    ctxt.kernel_sp = ctxt.user_regs.rsp;
    ctxt.ctrlreg[3] = xen_pfn_to_cr3(virt_to_mfn((void *)start_info->pt_base));
    if ( hypercall_vcpu_op(VCPUOP_initialise, 1, &ctxt) ||
         hypercall_vcpu_op(VCPUOP_up, 1, NULL) )
        return xtf_error("vcpu 1 would not start\n");
    hypercall_sched_op(SCHEDOP_yield, NULL);    /* let it reach its loop */

    y = yields1;
    measure("ctxsw_yield", 2 * ITERS);
    /* Every timed yield must have let vcpu 1 run once (two switches). */
    y = yields1 - y;
    printk("bench: vcpu1_yields %lu.00 (of %u timed)\n", y, BATCHES * ITERS);
    if ( y < BATCHES * ITERS * 9 / 10 )
        return xtf_failure("Fail: vcpu 1 ran %lu times for %u yields: "
                           "the yields did not switch\n", y, BATCHES * ITERS);
    hypercall_vcpu_op(VCPUOP_down, 1, NULL);
    xtf_success(NULL);
}
