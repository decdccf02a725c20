/*
 * memory_op conformance: the read-only queries a PV kernel makes at boot
 * (xen/common/memory.c, xen/arch/x86/mm.c): where the M2P is, how much
 * memory the domain has, the largest machine frame, and the memory maps.
 */
#include <test.h>
#include <xen/xen.h>
#include <xen/memory.h>

const char test_title[] = "memory_op: M2P location, reservations, maps";

/* The BIOS E820 entry the memory-map calls exchange. */
struct e820 {
    uint64_t addr, size;
    uint32_t type;
} __attribute__((packed));

static void expect(const char *what, long got, long want)
{
    if ( got != want )
        xtf_failure("%s: got %ld, want %ld", what, got, want);
    else
        printk("  %-46s %ld\n", what, got);
}

void test_main(void)
{
    struct xen_machphys_mapping m = { 0 };
    domid_t self = DOMID_SELF, other = 77;
    struct e820 map[32];
    struct xen_memory_map mm = { .nr_entries = 32 };
    long max_page = hypercall_memory_op(XENMEM_maximum_ram_page, NULL);
    long pages = hypercall_memory_op(XENMEM_current_reservation, &self);

    expect("machphys_mapping", hypercall_memory_op(XENMEM_machphys_mapping,
                                                   &m), 0);
    expect("  ... v_start", m.v_start == 0xffff800000000000UL, 1);
    expect("  ... v_end", m.v_end == 0xffff804000000000UL, 1);
    expect("  ... max_mfn is maximum_ram_page - 1 (dom0)",
           (long)m.max_mfn, max_page - 1);
    expect("machphys_mapping to a bad pointer",
           hypercall_memory_op(XENMEM_machphys_mapping, BAD_PTR_HYPERVISOR),
           -XEN_EFAULT);
    expect("maximum_ram_page covers our frames", max_page > 0 &&
           (unsigned long)max_page > start_info->nr_pages, 1);
    expect("maximum_ram_page with a start extent",
           hypercall_memory_op(XENMEM_maximum_ram_page | (1 << 6), NULL),
           -XEN_EINVAL);
    expect("current_reservation is nr_pages", pages,
           (long)start_info->nr_pages);
    expect("current_reservation of a missing domain",
           hypercall_memory_op(XENMEM_current_reservation, &other),
           -XEN_ESRCH);
    expect("current_reservation from a bad pointer",
           hypercall_memory_op(XENMEM_current_reservation,
                               BAD_PTR_NONCANONICAL), -XEN_EFAULT);
    expect("maximum_reservation >= current",
           hypercall_memory_op(XENMEM_maximum_reservation, &self) >= pages,
           1);
    set_xen_guest_handle(mm.buffer, map);
    expect("memory_map: no map set for this domain",
           hypercall_memory_op(XENMEM_memory_map, &mm), -XEN_ENOSYS);
    expect("machine_memory_map (privileged)",
           hypercall_memory_op(XENMEM_machine_memory_map, &mm), 0);
    expect("  ... has entries", mm.nr_entries > 0 && mm.nr_entries < 32, 1);
    mm.nr_entries = 1;
    expect("machine_memory_map with too small a buffer",
           hypercall_memory_op(XENMEM_machine_memory_map, &mm), -XEN_EINVAL);
    expect("unknown memory_op", hypercall_memory_op(63, NULL), -XEN_ENOSYS);
    xtf_success(NULL);
}
