/*
 * Tunables and link-time constants of the PV kernel core, one per line.
 * Plain #defines only: included from C, assembly and the linker script.
 */
#ifndef PV_GUEST_PARAM_H
#define PV_GUEST_PARAM_H

/* VA of pseudo-physical frame 0 (VIRT_BASE note), as Linux uses. */
#define PV_VIRT_BASE        0xffffffff80000000

/* Physical load address of the image: 1 MiB, above the legacy hole. */
#define PV_LOAD_PADDR       0x100000

/* Size of the kernel's own stack, which also takes Xen's bounce frames. */
#define PV_STACK_SIZE       (4 * 4096)

/* Longest single printk() line after formatting, in bytes. */
#define PRINTK_BUF_SIZE     512

/*
 * The kernel's L2 table covers PV_VIRT_BASE up to +1 GiB: the direct map of
 * pseudo-physical memory, then a window of this many pages at its top for
 * foreign, grant and shared mappings (mm.c, vmap.c).
 */
#define MM_VMAP_PAGES       32768

/* Frames of our own v1 grant table: 512 entries each (grant.c). */
#define GNTTAB_OWN_FRAMES   1

/* page_alloc_n() buffers alive at once (vmap.c). */
#define MM_MAX_BUFS         8

/* Longest foreign_map() batch handed to one mmu_update hypercall. */
#define MM_UPDATE_BATCH     32

#endif /* PV_GUEST_PARAM_H */
