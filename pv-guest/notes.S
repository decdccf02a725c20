/*
 * The Xen ELF notes of every kernel built on the PV core: a Linux-style
 * image (VIRT_BASE, PADDR_OFFSET, ENTRY) that real Xen accepts as dom0.
 * Trusts libelf's rules (xen/common/libelf/libelf-dominfo.c) and Xen
 * 4.17's dom0 builder, which refuses a SUPPORTED_FEATURES note without
 * XENFEAT_dom0 (xen/arch/x86/pv/dom0_build.c).
 */
#include <xen/features.h>
#include <hypercalls/elfnote.h>
#include <pv-guest/param.h>

    xen_elfnote XEN_ELFNOTE_GUEST_OS, .asciz, "PVX"
    xen_elfnote XEN_ELFNOTE_GUEST_VERSION, .asciz, "0"
    /* libelf rejects the image unless this starts with "xen-3.0". */
    xen_elfnote XEN_ELFNOTE_XEN_VERSION, .asciz, "xen-3.0"
    /* LOADER "generic" (or GUEST_OS "linux") is required by libelf. */
    xen_elfnote XEN_ELFNOTE_LOADER, .asciz, "generic"
    xen_elfnote XEN_ELFNOTE_VIRT_BASE, .quad, PV_VIRT_BASE
    /* VA = VIRT_BASE - PADDR_OFFSET + p_paddr for every PT_LOAD. */
    xen_elfnote XEN_ELFNOTE_PADDR_OFFSET, .quad, 0
    xen_elfnote XEN_ELFNOTE_ENTRY, .quad, _start
    xen_elfnote XEN_ELFNOTE_HYPERCALL_PAGE, .quad, hypercall_page
    /* Direct paging: the core never writes a page table itself. */
    xen_elfnote XEN_ELFNOTE_FEATURES, .asciz, \
        "!writable_page_tables|pae_pgdir_above_4gb"
    xen_elfnote XEN_ELFNOTE_SUPPORTED_FEATURES, .long, (1 << XENFEAT_dom0)
