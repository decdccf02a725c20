/*
 * ELF64 images with Xen notes: parsing and address calculation as Xen's
 * libelf does it (segments by p_paddr, entry from the ENTRY note).  Pure
 * functions over an untrusted byte buffer; host unit tests run them.
 */
#ifndef PVX_ELF_IMAGE_H
#define PVX_ELF_IMAGE_H

#include "lib.h"

#define ELF_MAX_LOADS 16

struct elf_segment
{
    uint64_t offset, filesz, memsz, paddr;
};

struct xen_elf_info
{
    /* From the notes (UNSET where absent, then defaulted as libelf does). */
    uint64_t virt_base, paddr_offset, virt_entry, hypercall_page;
    uint64_t p2m_base;                  /* INIT_P2M, ~0 when absent */
    bool has_hypercall_page, unmapped_initrd;
    /* XENFEAT_* bits from SUPPORTED_FEATURES and the FEATURES string. */
    uint32_t f_supported;
    bool has_supported_features;        /* the SUPPORTED_FEATURES note */
    char guest_os[16], loader[16], xen_version[16];
    /* Derived. */
    uint64_t pstart, pend;              /* p_paddr extent of the PT_LOADs */
    uint64_t virt_kstart, virt_kend;
    unsigned int nr_loads;
    struct elf_segment loads[ELF_MAX_LOADS];
};

/* Xen's rule: a kernel whose SUPPORTED_FEATURES note lacks XENFEAT_dom0
 * cannot be dom0 (its PV shim runs such kernels as plain domains). */
bool elf_dom0_capable(const struct xen_elf_info *info);

/* NULL on success, else a one-line reason naming the problem. */
const char *elf_xen_parse(const void *img, size_t size,
                          struct xen_elf_info *info);

#endif /* PVX_ELF_IMAGE_H */
