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

void test_main(void)
{
    struct xen_machphys_mapping m = { 0 };
    domid_t self = DOMID_SELF, other = 77;
    struct e820 map[32];
    struct xen_memory_map mm = { .nr_entries = 32 };
    long max_page = hypercall_memory_op(XENMEM_maximum_ram_page, NULL);
    long pages = hypercall_memory_op(XENMEM_current_reservation, &self);

    xtf_expect("machphys_mapping", hypercall_memory_op(XENMEM_machphys_mapping,
                                                       &m), 0);
    xtf_expect("  ... v_start", m.v_start == 0xffff800000000000UL, 1);
    xtf_expect("  ... v_end", m.v_end == 0xffff804000000000UL, 1);
    xtf_expect("  ... max_mfn is maximum_ram_page - 1 (dom0)",
               (long)m.max_mfn, max_page - 1);
    xtf_expect("machphys_mapping to a bad pointer",
               hypercall_memory_op(XENMEM_machphys_mapping, BAD_PTR_HYPERVISOR),
               -XEN_EFAULT);
    xtf_expect("maximum_ram_page covers our frames", max_page > 0 &&
               (unsigned long)max_page > start_info->nr_pages, 1);
    xtf_expect("maximum_ram_page with a start extent",
               hypercall_memory_op(XENMEM_maximum_ram_page | (1 << 6), NULL),
               -XEN_EINVAL);
    xtf_expect("current_reservation is nr_pages", pages,
               (long)start_info->nr_pages);
    xtf_expect("current_reservation of a missing domain",
               hypercall_memory_op(XENMEM_current_reservation, &other),
               -XEN_ESRCH);
    xtf_expect("current_reservation from a bad pointer",
               hypercall_memory_op(XENMEM_current_reservation,
                                   BAD_PTR_NONCANONICAL), -XEN_EFAULT);
    xtf_expect("maximum_reservation >= current",
               hypercall_memory_op(XENMEM_maximum_reservation, &self) >= pages,
               1);
    set_xen_guest_handle(mm.buffer, map);
    xtf_expect("memory_map: no map set for this domain",
               hypercall_memory_op(XENMEM_memory_map, &mm), -XEN_ENOSYS);
    xtf_expect("machine_memory_map (privileged)",
               hypercall_memory_op(XENMEM_machine_memory_map, &mm), 0);
    xtf_expect("  ... has entries", mm.nr_entries > 0 && mm.nr_entries < 32, 1);
    mm.nr_entries = 1;
    xtf_expect("machine_memory_map with too small a buffer",
               hypercall_memory_op(XENMEM_machine_memory_map, &mm),
               -XEN_EINVAL);
    xtf_expect("unknown memory_op", hypercall_memory_op(63, NULL), -XEN_ENOSYS);
    xtf_success(NULL);
}
