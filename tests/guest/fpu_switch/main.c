/*
 * fpu_switch conformance: the fpu_taskswitch / CR0.TS contract as a PV
 * kernel uses it for lazy task switching.  After fpu_taskswitch(1) the
 * next SSE instruction raises #NM in the guest; the hypervisor clears
 * the virtual TS as it bounces it, so the guest's #NM handler saves one
 * task's registers and loads the other's with FXSAVE/FXRSTOR, and each
 * task's values survive the switches.  Expectations are Xen 4.17's
 * traps.c do_device_not_available and pv/misc-hypercalls.c.
 */
#include <test.h>

const char test_title[] = "fpu_switch: #NM after fpu_taskswitch, state kept";

struct fxsave {
    uint8_t b[512];
} __attribute__((aligned(16)));

/* Two guest "tasks", each with its own save area. */
static struct fxsave area[2];
static unsigned int fpu_owner, running, nm_count;
static unsigned long cr0_in_nm;

/* The guest's #NM handler: switch the FPU to the running task. */
static bool nm_handler(struct cpu_user_regs *regs)
{
    nm_count++;
    asm volatile ("mov %%cr0, %0" : "=r" (cr0_in_nm));
    asm volatile ("fxsaveq %0" : "=m" (area[fpu_owner]));
    asm volatile ("fxrstorq %0" :: "m" (area[running]));
    fpu_owner = running;
    return true;                    /* retry the faulting instruction */
}

/* A guest context switch: TS set, the FPU is switched on first use. */
static void switch_to(unsigned int task)
{
    running = task;
    hypercall_fpu_taskswitch(1);
}

static void set_xmm0(uint64_t v)
{
    asm volatile ("movq %0, %%xmm0" :: "r" (v));
}

static uint64_t get_xmm0(void)
{
    uint64_t v;

    asm volatile ("movq %%xmm0, %0" : "=r" (v));
    return v;
}

void test_main(void)
{
    unsigned long cr0;
    uint64_t v;

    /* Task 1 starts from the state task 0 has now. */
    asm volatile ("fxsaveq %0" : "=m" (area[1]));
    trap_set_handler(X86_EXC_NM, nm_handler);

    set_xmm0(0x1111111111111111UL);         /* task 0 */
    switch_to(1);
    asm volatile ("mov %%cr0, %0" : "=r" (cr0));
    if ( !(cr0 & 8) )
        xtf_failure("Fail: CR0.TS clear after fpu_taskswitch(1)\n");
    set_xmm0(0x2222222222222222UL);         /* task 1: #NM first */
    if ( nm_count != 1 )
        xtf_failure("Fail: %u #NM after the first switch\n", nm_count);
    if ( cr0_in_nm & 8 )
        xtf_failure("Fail: CR0.TS still set in the #NM handler\n");

    switch_to(0);
    v = get_xmm0();                         /* task 0: #NM, reload */
    if ( v != 0x1111111111111111UL )
        xtf_failure("Fail: task 0 xmm0 %#lx after switching back\n", v);
    else
        printk("  task 0 xmm0 kept: %#lx\n", v);

    switch_to(1);
    v = get_xmm0();
    if ( v != 0x2222222222222222UL )
        xtf_failure("Fail: task 1 xmm0 %#lx after switching back\n", v);
    else
        printk("  task 1 xmm0 kept: %#lx\n", v);

    if ( nm_count != 3 )
        xtf_failure("Fail: %u #NM for 3 switches\n", nm_count);
    else
        printk("  #NM once per switch, TS clear in the handler\n");

    /* No switch pending: the FPU is used freely. */
    get_xmm0();
    if ( nm_count != 3 )
        xtf_failure("Fail: #NM without fpu_taskswitch(1)\n");
    trap_set_handler(X86_EXC_NM, NULL);

    xtf_success(NULL);
}
