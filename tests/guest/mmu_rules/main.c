/*
 * mmu_rules conformance: the page-table rules a PV guest cannot break
 * (xen/arch/x86/mm.c): no writable mapping of a page table, of a frame the
 * guest does not own, or of its own L4 through a recursive entry (XSA-182);
 * a table with a bad entry cannot be pinned and leaves no references
 * behind; batches report how far they got; the M2P is readable.
 */
#include <test.h>
#include <guest_mm.h>
#include <xen/xen.h>

const char test_title[] = "mmu_rules: page-table validation and batches";

#define SELF_SLOT   255UL               /* unused by the kernel mapping */

static uint8_t scratch[2][4096] __attribute__((aligned(4096)));
/* A batch long enough that the hypervisor preempts and continues it. */
#define LONG_BATCH 3000
static mmu_update_t long_batch[LONG_BATCH];

/* A frame in RAM that is certainly not ours (not in our p2m). */
static unsigned long foreign_mfn(void)
{
    const unsigned long *p2m = (const unsigned long *)start_info->mfn_list;

    for ( unsigned long mfn = 0x200; ; mfn++ )
    {
        unsigned long i;

        for ( i = 0; i < start_info->nr_pages && p2m[i] != mfn; i++ )
            ;
        if ( i == start_info->nr_pages )
            return mfn;
    }
}

static long pin(unsigned int cmd, unsigned long mfn)
{
    struct mmuext_op op = { .cmd = cmd, .arg1.mfn = mfn };

    return hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static void writable_page_tables_refused(void)
{
    unsigned long va = (unsigned long)scratch[0];
    uint64_t l1e = l1e_maddr(va);
    unsigned long l1_mfn = l1e >> 12;
    mmu_update_t req = { .ptr = l1e, .val = pte(l1_mfn, PTE_P | PTE_RW) };
    unsigned int done = 99;

    xtf_expect("update_va_mapping: own L1 writable",
               hypercall_update_va_mapping(va, pte(l1_mfn, PTE_P | PTE_RW), 0),
               -XEN_EBUSY);
    xtf_expect("mmu_update: own L1 writable",
               hypercall_mmu_update(&req, 1, &done, DOMID_SELF), -XEN_EBUSY);
    xtf_expect("  ... done", done, 0);
    req.val = pte(l1_mfn, PTE_P);
    xtf_expect("mmu_update: own L1 read-only",
               hypercall_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
    req.val = pte(va_to_mfn(va), PTE_P | PTE_RW | PTE_A | PTE_D);
    xtf_expect("mmu_update: restore the data mapping",
               hypercall_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
    scratch[0][0] = 1;                  /* still writable */
    xtf_expect("update_va_mapping: a foreign frame",
               hypercall_update_va_mapping(va, pte(foreign_mfn(), PTE_P), 0),
               -XEN_EBUSY);
    xtf_expect("update_va_mapping: hypervisor address",
               hypercall_update_va_mapping(0xffff830000000000UL,
                                           pte(va_to_mfn(va), PTE_P), 0),
               -XEN_EINVAL);
}

static void recursive_l4(void)
{
    unsigned long l4_mfn = va_to_mfn(start_info->pt_base);
    mmu_update_t req = { .ptr = pte(l4_mfn, 0) + SELF_SLOT * 8,
                         .val = pte(l4_mfn, PTE_P | PTE_RW) };
    const volatile uint64_t *self = (const uint64_t *)
        ((SELF_SLOT << 39) | (SELF_SLOT << 30) | (SELF_SLOT << 21) |
         (SELF_SLOT << 12));

    xtf_expect("recursive L4 entry, writable (XSA-182)",
               hypercall_mmu_update(&req, 1, NULL, DOMID_SELF), -XEN_EINVAL);
    req.val = pte(l4_mfn, PTE_P);
    xtf_expect("recursive L4 entry, read-only",
               hypercall_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
    if ( (self[511] & ADDR_MASK) !=
         (((const uint64_t *)start_info->pt_base)[511] & ADDR_MASK) )
        xtf_failure("the recursive mapping does not show the L4");
    req.val = pte(l4_mfn, PTE_P | PTE_RW);
    xtf_expect("recursive L4 entry made writable",
               hypercall_mmu_update(&req, 1, NULL, DOMID_SELF), -XEN_EINVAL);
    req.val = 0;
    xtf_expect("recursive L4 entry removed",
               hypercall_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
    req.ptr = pte(l4_mfn, 0) + 256 * 8;
    xtf_expect("L4 slot 256 (the hypervisor's)",
               hypercall_mmu_update(&req, 1, NULL, DOMID_SELF), -XEN_EINVAL);
}

static void pin_rules(void)
{
    unsigned long va = (unsigned long)scratch[1];
    unsigned long mfn = va_to_mfn(va);
    uint64_t *t = (uint64_t *)scratch[1];

    xtf_expect("pin an L1 that is mapped writable",
               pin(MMUEXT_PIN_L1_TABLE, mfn), -XEN_EINVAL);
    t[7] = pte(foreign_mfn(), PTE_P);
    xtf_expect("make the table read-only",
               hypercall_update_va_mapping(va, pte(mfn, PTE_P | PTE_A),
                                           UVMF_INVLPG), 0);
    xtf_expect("pin an L1 with a foreign entry",
               pin(MMUEXT_PIN_L1_TABLE, mfn), -XEN_EBUSY);
    /* No type reference may be left behind: it can be writable again. */
    xtf_expect("writable again after the refused pin",
               hypercall_update_va_mapping(va, pte(mfn, PTE_P | PTE_RW | PTE_A |
                                                    PTE_D), UVMF_INVLPG), 0);
    t[7] = 0;
    xtf_expect("read-only again",
               hypercall_update_va_mapping(va, pte(mfn, PTE_P | PTE_A),
                                           UVMF_INVLPG), 0);
    xtf_expect("pin a clean L1", pin(MMUEXT_PIN_L1_TABLE, mfn), 0);
    xtf_expect("pin it twice", pin(MMUEXT_PIN_L1_TABLE, mfn), -XEN_EINVAL);
    xtf_expect("writable while pinned",
               hypercall_update_va_mapping(va, pte(mfn, PTE_P | PTE_RW), 0),
               -XEN_EBUSY);
    xtf_expect("unpin", pin(MMUEXT_UNPIN_TABLE, mfn), 0);
    xtf_expect("unpin twice", pin(MMUEXT_UNPIN_TABLE, mfn), -XEN_EINVAL);
    xtf_expect("writable after unpin",
               hypercall_update_va_mapping(va, pte(mfn, PTE_P | PTE_RW | PTE_A |
                                                    PTE_D), UVMF_INVLPG), 0);
}

static void batches(void)
{
    unsigned long va = (unsigned long)scratch[0];
    uint64_t l1e = l1e_maddr(va);
    uint64_t good = pte(va_to_mfn(va), PTE_P | PTE_RW | PTE_A | PTE_D);
    mmu_update_t reqs[3] = {
        { .ptr = l1e, .val = good },
        { .ptr = l1e, .val = pte(l1e >> 12, PTE_P | PTE_RW) },
        { .ptr = l1e, .val = good },
    };
    multicall_entry_t mc[3] = {
        { .op = __HYPERVISOR_update_va_mapping, .args = { va, good, 0 } },
        { .op = __HYPERVISOR_update_va_mapping,
          .args = { va, pte(l1e >> 12, PTE_P | PTE_RW), 0 } },
        { .op = __HYPERVISOR_xen_version, .args = { XENVER_version, 0 } },
    };
    unsigned int done = 99;

    xtf_expect("mmu_update batch failing at entry 1",
               hypercall_mmu_update(reqs, 3, &done, DOMID_SELF), -XEN_EBUSY);
    xtf_expect("  ... done", done, 1);
    for ( unsigned int i = 0; i < LONG_BATCH; i++ )
        long_batch[i] = reqs[0];
    long_batch[LONG_BATCH - 1].val = reqs[1].val;   /* last one fails */
    done = 0;
    xtf_expect("mmu_update batch of 3000, last entry bad",
               hypercall_mmu_update(long_batch, LONG_BATCH, &done, DOMID_SELF),
               -XEN_EBUSY);
    xtf_expect("  ... done across continuations", done, LONG_BATCH - 1);
    xtf_expect("multicall with a failing entry", hypercall_multicall(mc, 3), 0);
    xtf_expect("  ... result 0", (long)mc[0].result, 0);
    xtf_expect("  ... result 1", (long)mc[1].result, -XEN_EBUSY);
    xtf_expect("  ... result 2 still ran", (long)mc[2].result >> 16, 4);
}

static void m2p_and_misc(void)
{
    unsigned long va = (unsigned long)scratch[0];
    mmu_update_t req = { .ptr = pte(va_to_mfn(va), MMU_MACHPHYS_UPDATE),
                         .val = (va - VIRT_BASE) >> 12 };
    struct mmuext_op op = { .cmd = MMUEXT_NEW_USER_BASEPTR, .arg1.mfn = 0 };

    xtf_expect("M2P maps our frame back", M2P[va_to_mfn(va)] ==
               (va - VIRT_BASE) >> 12, 1);
    xtf_expect("MMU_MACHPHYS_UPDATE of our frame",
               hypercall_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
    req.ptr = pte(foreign_mfn(), MMU_MACHPHYS_UPDATE);
    xtf_expect("MMU_MACHPHYS_UPDATE of a foreign frame",
               hypercall_mmu_update(&req, 1, NULL, DOMID_SELF), -XEN_EINVAL);
    req.ptr = pte(va_to_mfn(va), 4);
    xtf_expect("mmu_update with command 4",
               hypercall_mmu_update(&req, 1, NULL, DOMID_SELF), -XEN_ENOSYS);
    xtf_expect("NEW_USER_BASEPTR 0", hypercall_mmuext_op(&op, 1, NULL,
                                                         DOMID_SELF), 0);
    op.cmd = MMUEXT_SET_LDT;
    op.arg1.linear_addr = 0;
    op.arg2.nr_ents = 0;
    xtf_expect("SET_LDT 0,0", hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
    op.cmd = MMUEXT_TLB_FLUSH_LOCAL;
    xtf_expect("TLB_FLUSH_LOCAL", hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF),
               0);
    op.cmd = 99;
    xtf_expect("unknown mmuext command", hypercall_mmuext_op(&op, 1, NULL,
                                                             DOMID_SELF),
               -XEN_ENOSYS);
}

void test_main(void)
{
    writable_page_tables_refused();
    recursive_l4();
    pin_rules();
    batches();
    m2p_and_misc();
    xtf_success(NULL);
}
