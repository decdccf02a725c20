/*
 * The domain builder (libxenguest's job, in dom0): a PV64 guest from an
 * ELF kernel with Xen notes, an optional ramdisk and a command line, laid
 * out as Xen's start of day (kernel, ramdisk, p2m, start_info, xenstore
 * and console pages, page tables, boot stack), left paused.  A kernel
 * with XEN_ELFNOTE_INIT_P2M (Linux) gets its p2m at the note's address,
 * in frames after that region, with their own page tables.
 */
#ifndef DOM0_BUILD_H
#define DOM0_BUILD_H

#include <stddef.h>

#include <xen/xen.h>
#include <xen/event_channel.h>

struct build_spec {
    const char *name;
    const void *kernel; size_t kernel_len;
    const void *ramdisk; size_t ramdisk_len;   /* may be NULL/0 */
    const char *cmdline;
    unsigned long mem_kb; unsigned int vcpus;
};

struct build_result {
    domid_t domid;
    xen_pfn_t store_mfn;    evtchn_port_t store_port;   /* guest's */
    xen_pfn_t console_mfn;  evtchn_port_t console_port; /* guest's */
};

/* Creates the domain paused; on error destroys it, returns -errno and
 * writes a one-line reason into err (e.g. "kernel: not ELF64"). */
int domain_build(const struct build_spec *s, struct build_result *r,
                 char *err, size_t errlen);

#endif /* DOM0_BUILD_H */
