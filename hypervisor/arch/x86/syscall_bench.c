/*
 * bench=syscall: the cost of a bare SYSCALL/SYSRET round trip on this CPU,
 * measured by ring-3 code in a temporary user mapping, so make bench can
 * express hypercall costs as multiples of it.  For the length of the run
 * it borrows L4 slot 0 (empty once the identity map is gone), LSTAR and the
 * IDT, and restores all three; runs before dom0 exists, interrupts off.
 */
#include "frame_alloc.h"
#include "layout.h"
#include "mm.h"
#include "syscall_bench.h"
#include "x86.h"

#define USER_VA     0x400000UL      /* slot 0: L3[0], L2[2], L1[0] */
#define LOOPS       4096UL          /* of SYSCALL_BENCH_UNROLL trips */
#define USER_TABLE  (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER)

struct desc_ptr
{
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

/* A copy of the IDT plus one DPL-3 exit gate: 256 gates of 16 bytes. */
static uint64_t bench_idt[512] __attribute__((aligned(16)));

static void set_exit_gate(void)
{
    uint64_t a = (uint64_t)syscall_bench_exit;

    /* Present, DPL 3, 64-bit interrupt gate, no IST: lands at RSP0. */
    bench_idt[2 * SYSCALL_BENCH_VECTOR] =
        (a & 0xffff) | ((uint64_t)__HYPERVISOR_CS << 16) |
        (0xeeUL << 40) | (((a >> 16) & 0xffff) << 48);
    bench_idt[2 * SYSCALL_BENCH_VECTOR + 1] = a >> 32;
}

/* L3, L2 and L1 for USER_VA, then the page holding the ring-3 code. */
static uint64_t run(const unsigned long mfn[4])
{
    uint64_t *l3 = mfn_to_virt(mfn[0]), *l2 = mfn_to_virt(mfn[1]);
    uint64_t *l1 = mfn_to_virt(mfn[2]), lstar = rdmsr(MSR_LSTAR), ticks;
    struct desc_ptr idt, bench = { sizeof(bench_idt) - 1,
                                   (uint64_t)bench_idt };
    unsigned long flags;

    for ( unsigned int i = 0; i < 4; i++ )
        memset(mfn_to_virt(mfn[i]), 0, PAGE_SIZE);
    memcpy(mfn_to_virt(mfn[3]), syscall_bench_user,
           syscall_bench_user_end - syscall_bench_user);
    l3[0] = (mfn[1] << PAGE_SHIFT) | USER_TABLE;
    l2[(USER_VA >> 21) & 511] = (mfn[2] << PAGE_SHIFT) | USER_TABLE;
    l1[(USER_VA >> 12) & 511] = (mfn[3] << PAGE_SHIFT) | _PAGE_PRESENT |
                                _PAGE_USER;     /* read-only, executable */

    /*
     * A copy of the live IDT rather than an edit of it: every other vector
     * (NMI and #DF with their IST stacks) stays as it is, and putting the
     * original back is one LIDT.
     */
    asm volatile ( "pushfq; popq %0; cli; sidt %1"
                   : "=r" (flags), "=m" (idt) :: "memory" );
    BUG_ON(idt.limit + 1 != sizeof(bench_idt));
    memcpy(bench_idt, (const void *)idt.base, sizeof(bench_idt));
    set_exit_gate();

    idle_pg_table[0] = (mfn[0] << PAGE_SHIFT) | USER_TABLE;
    asm volatile ( "lidt %0" :: "m" (bench) : "memory" );
    wrmsr(MSR_LSTAR, (uint64_t)syscall_bench_sysret);

    /* Ring 3 uses no stack; RSP0 (the guest frame, unused before dom0)
     * takes the exit gate's frame, which syscall_bench_exit drops. */
    ticks = syscall_bench_enter(USER_VA, USER_VA + PAGE_SIZE, LOOPS);

    wrmsr(MSR_LSTAR, lstar);
    asm volatile ( "lidt %0" :: "m" (idt) : "memory" );
    idle_pg_table[0] = 0;
    write_cr3(read_cr3());              /* drop the user TLB entries */
    asm volatile ( "pushq %0; popfq" :: "r" (flags) : "memory", "cc" );
    return ticks;
}

void syscall_bench(void)
{
    unsigned long mfn[4], n = LOOPS * SYSCALL_BENCH_UNROLL;
    uint64_t ticks;

    BUG_ON(idle_pg_table[0]);           /* slot 0 must be free to borrow */
    for ( unsigned int i = 0; i < 4; i++ )
        if ( (mfn[i] = frame_alloc()) == INVALID_MFN )
            panic("syscall_bench: out of memory");
    ticks = run(mfn);
    for ( unsigned int i = 0; i < 4; i++ )
        frame_free(mfn[i]);

    /* Net of the loop around the round trips (syscall_bench_entry.S). */
    printk("bench: syscall_sysret %lu.%02lu (%lu round trips, %lu ticks)\n",
           ticks / n, ticks * 100 / n % 100, n, ticks);
}
