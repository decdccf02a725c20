/*
 * gdt conformance: set_gdt and update_descriptor
 * (xen/arch/x86/pv/descriptor-tables.c).  Descriptor frames must not be
 * writable, are checked and fixed up (DPL raised to 3), cannot be made
 * writable while in use, and their selectors really load.
 */
#include <test.h>
#include <guest_mm.h>
#include <xen/xen.h>

const char test_title[] = "gdt: set_gdt, update_descriptor, selectors";

#define DATA_DPL0   0x00cf92000000ffffUL    /* flat data, DPL 0 */
#define DATA_DPL3   0x00cff2000000ffffUL
#define TSS_DESC    0x0000890000000067UL

static uint64_t gdt_page[512] __attribute__((aligned(4096)));

static long remap(uint64_t flags)
{
    unsigned long va = (unsigned long)gdt_page;

    return hypercall_update_va_mapping(va, ((uint64_t)va_to_mfn(va) << 12) |
                                       flags, UVMF_INVLPG);
}

void test_main(void)
{
    unsigned long mfn = va_to_mfn((unsigned long)gdt_page);
    xen_ulong_t frames[1] = { mfn };
    uint64_t maddr = ((uint64_t)mfn << 12) + 2 * 8;
    unsigned int sel;

    gdt_page[1] = DATA_DPL0;
    gdt_page[2] = DATA_DPL0;
    xtf_expect("set_gdt on a writable frame",
               HYPERCALL2(long, __HYPERVISOR_set_gdt, frames, 3), -XEN_EINVAL);
    xtf_expect("make the frame read-only", remap(PTE_P | PTE_A), 0);
    xtf_expect("set_gdt with too many entries",
               HYPERCALL2(long, __HYPERVISOR_set_gdt, frames, 7169),
               -XEN_EINVAL);
    xtf_expect("set_gdt", HYPERCALL2(long, __HYPERVISOR_set_gdt, frames, 3), 0);
    xtf_expect("DPL raised to 3 in place", (long)((gdt_page[1] >> 45) & 3), 3);
    asm volatile ( "mov %1, %%ds; mov %%ds, %0" : "=r" (sel) : "r" (0x0b) );
    xtf_expect("entry 1 loads into %ds", sel, 0x0b);
    asm volatile ( "mov %0, %%ds" :: "r" (0) );
    xtf_expect("frame cannot be writable while in the GDT",
               remap(PTE_P | PTE_RW | PTE_A | PTE_D), -XEN_EBUSY);
    xtf_expect("update_descriptor, misaligned",
               HYPERCALL2(long, __HYPERVISOR_update_descriptor, maddr + 4,
                          DATA_DPL3), -XEN_EINVAL);
    xtf_expect("update_descriptor with a TSS",
               HYPERCALL2(long, __HYPERVISOR_update_descriptor, maddr,
                          TSS_DESC), -XEN_EINVAL);
    xtf_expect("update_descriptor",
               HYPERCALL2(long, __HYPERVISOR_update_descriptor, maddr,
                          DATA_DPL3), 0);
    xtf_expect("  ... visible in the frame", gdt_page[2] == DATA_DPL3, 1);
    asm volatile ( "mov %1, %%es; mov %%es, %0" : "=r" (sel) : "r" (0x13) );
    xtf_expect("entry 2 loads into %es", sel, 0x13);
    asm volatile ( "mov %0, %%es" :: "r" (0) );
    xtf_expect("drop the GDT",
               HYPERCALL2(long, __HYPERVISOR_set_gdt, frames, 0),
               0);
    xtf_expect("frame writable again", remap(PTE_P | PTE_RW | PTE_A | PTE_D),
               0);
    xtf_expect("update_descriptor of a writable frame",
               HYPERCALL2(long, __HYPERVISOR_update_descriptor, maddr, 0), 0);
    xtf_success(NULL);
}
