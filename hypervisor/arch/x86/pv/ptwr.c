/*
 * The trapped-write path (Xen's pv/ro-page-fault.c, ptwr part): a write
 * fault in guest kernel mode on a read-only mapping of one of the guest's
 * own validated L1 tables, with VMASST_TYPE_writable_pagetables on, is
 * decoded (ptwr_decode.c), validated as an mmu_update would be, applied,
 * and the instruction retired.  Anything else is left to the guest's #PF.
 */
#include "lib.h"
#include <xen/xen.h>
#include "cpu.h"
#include "domain.h"
#include "guest_access.h"
#include "layout.h"
#include "mm.h"
#include "pagetable.h"
#include "ptwr.h"
#include "x86.h"

#define PFEC_reserved (1u << 3)
#define PFEC_insn     (1u << 4)

static uint64_t *gpr(struct cpu_user_regs *r, unsigned int n)
{
    uint64_t *const map[16] = {
        &r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi,
        &r->rdi, &r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13,
        &r->r14, &r->r15 };

    return map[n & 15];
}

/* Up to 15 instruction bytes at rip; returns how many could be read. */
static unsigned int fetch(unsigned long rip, uint8_t *buf)
{
    unsigned int first = MIN(15u, (unsigned int)(PAGE_SIZE - (rip & 4095)));

    if ( copy_from_guest_raw(buf, rip, first) )
        return 0;
    if ( first < 15 && !copy_from_guest_raw(buf + first, rip + first,
                                            15 - first) )
        return 15;
    return first;
}

bool ptwr_do_page_fault(struct cpu_user_regs *regs, unsigned long addr)
{
    struct vcpu *v = current;
    struct page_info *l1 = guest_l1_table(v, addr), *pt;
    uint64_t pte, old, val, m, *table;
    unsigned int idx, shift, n;
    struct ptwr_insn in;
    struct ptwr_state st;
    uint8_t buf[15];
    bool store;

    if ( !(v->domain->vm_assist & (1UL << VMASST_TYPE_writable_pagetables)) ||
         !v->kernel_mode || !l1 ||
         (regs->error_code & (PFEC_present | PFEC_write | PFEC_reserved |
                              PFEC_insn)) != (PFEC_present | PFEC_write) )
        return false;
    pte = ((const uint64_t *)frame_virt(page_to_mfn(l1)))[(addr >> 12) & 511];
    if ( (pte & (_PAGE_PRESENT | _PAGE_RW)) != _PAGE_PRESENT )
        return false;
    pt = mfn_to_page((pte & PADDR_MASK) >> PAGE_SHIFT);
    if ( !pt || pt->owner != v->domain || pt->type != PGT_l1_page_table ||
         !pt->type_count )
        return false;                   /* not a page-table write */

    n = fetch(regs->rip, buf);
    if ( ptwr_decode(buf, n, &in) || (addr & (in.bytes - 1)) )
        return false;                   /* only naturally aligned stores */
    table = frame_virt(page_to_mfn(pt));
    idx = (addr & ~PAGE_MASK) / 8;
    shift = (addr & 7) * 8;
    m = in.bytes == 8 ? ~0UL : (1UL << (in.bytes * 8)) - 1;
    old = table[idx];
    st = (struct ptwr_state){ .src_reg = *gpr(regs, in.reg),
                              .rax = regs->rax, .rflags = regs->rflags };
    if ( ptwr_execute(&in, (old >> shift) & m, &st, &val, &store) )
        return false;
    /* A sub-word store becomes a whole entry, validated as one. */
    if ( store && pt_update_entry(pt, idx, (old & ~(m << shift)) |
                                           ((val & m) << shift), false) )
        return false;                   /* refused: the guest sees its #PF */

    if ( in.op == PTWR_XCHG )
        *gpr(regs, in.reg) = st.src_reg;
    regs->rax = st.rax;
    regs->rflags = st.rflags;
    regs->rip += in.len;
    if ( tlb_flush_needed )
        flush_tlb();
    return true;
}
