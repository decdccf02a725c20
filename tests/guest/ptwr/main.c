/*
 * ptwr conformance: with VMASST_TYPE_writable_pagetables, the kernel may
 * store straight into its own read-only L1 tables, with the instructions
 * Linux uses (mov, xchg, lock cmpxchg, lock and/or, lock btr); each store
 * is validated like an mmu_update, and a refused one reaches the guest as
 * the original write #PF (xen/arch/x86/pv/ro-page-fault.c).
 */
#include <test.h>
#include <guest_mm.h>
#include <xen/xen.h>

const char test_title[] = "ptwr: trapped writes to pinned page tables";


static uint8_t page[2][4096] __attribute__((aligned(4096)));

static void invlpg(unsigned long va)
{
    struct mmuext_op op = { .cmd = MMUEXT_INVLPG_LOCAL,
                            .arg1.linear_addr = va };

    hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static void check(const char *what, bool ok)
{
    if ( !ok )
        xtf_failure("%s", what);
    else
        printk("  %-48s ok\n", what);
}

void test_main(void)
{
    unsigned long va = (unsigned long)page[0];
    volatile uint64_t *p = pte_ptr(va);
    uint64_t orig = *p, other = (orig & ~ADDR_MASK) |
                                ((uint64_t)va_to_mfn((unsigned long)page[1])
                                 << 12);
    uint64_t l1_rw = ((uint64_t)va_to_mfn((unsigned long)p & ~4095UL) << 12)
                     | PTE_P | PTE_RW;
    uint64_t v, expect_rax;
    bool zf, cf;

    page[0][0] = 0x11;
    page[1][0] = 0x22;
    if ( hypercall_vm_assist(VMASST_CMD_enable,
                             VMASST_TYPE_writable_pagetables) )
        return xtf_error("vm_assist writable_pagetables refused");

    /* mov: remap page[0]'s VA onto page[1]'s frame, then back. */
    *p = other;
    invlpg(va);
    check("mov: the new mapping is live", page[0][0] == 0x22);
    *p = orig;
    invlpg(va);
    check("mov: restored", page[0][0] == 0x11 && *p == orig);

    /* xchg: swaps and returns the old entry. */
    v = other;
    asm volatile ( "xchg %0, %1" : "+r" (v), "+m" (*p) :: "memory" );
    invlpg(va);
    check("xchg: old value returned", v == orig && page[0][0] == 0x22);

    /* lock cmpxchg: succeeds with the right comparand, fails otherwise. */
    expect_rax = other;
    asm volatile ( "lock cmpxchg %3, %1; sete %2"
                   : "+a" (expect_rax), "+m" (*p), "=q" (zf)
                   : "r" (orig) : "memory" );
    invlpg(va);
    check("lock cmpxchg: succeeds", zf && *p == orig &&
          page[0][0] == 0x11);
    expect_rax = other;
    asm volatile ( "lock cmpxchg %3, %1; sete %2"
                   : "+a" (expect_rax), "+m" (*p), "=q" (zf)
                   : "r" (0UL) : "memory" );
    check("lock cmpxchg: fails, returns current", !zf &&
          expect_rax == orig && *p == orig);

    /* lock andb / orb on the low byte: RW off and on again. */
    asm volatile ( "lock andb %1, %0" : "+m" (*(volatile uint8_t *)p)
                   : "i" (~(int)PTE_RW & 0xff) : "memory" );
    check("lock andb: RW cleared", (*p & PTE_RW) == 0 &&
          (*p & ADDR_MASK) == (orig & ADDR_MASK));
    asm volatile ( "lock orb %1, %0" : "+m" (*(volatile uint8_t *)p)
                   : "i" ((int)PTE_RW) : "memory" );
    check("lock orb: RW set again", *p == orig);

    /* lock btr of Accessed: CF tells it was set. */
    *p = orig | PTE_A;
    asm volatile ( "lock btrq %2, %0; setc %1"
                   : "+m" (*p), "=q" (cf) : "i" (5) : "memory" );
    check("lock btr: Accessed was set, now clear", cf && !(*p & PTE_A));
    *p = orig;
    invlpg(va);

    /* A refused store: the L1 itself, writable.  The guest gets #PF. */
    trap_last.vector = X86_NR_EXC;
    asm volatile ( "1: movq %1, %0\n\t"
                   "2:\n\t"
                   ASM_EXTABLE(1b, 2b)
                   : "=m" (*p)
                   : "r" (l1_rw) : "memory" );
    check("refused store: #PF reached the guest",
          trap_last.vector == X86_EXC_PF &&
          (trap_last.error_code & (X86_PFEC_PRESENT | X86_PFEC_WRITE)) ==
          (X86_PFEC_PRESENT | X86_PFEC_WRITE));
    check("refused store: entry unchanged", *p == orig);
    check("page still ours", page[0][0] == 0x11);
    xtf_success(NULL);
}
