/*
 * xen_version (common/kernel.c's do_xen_version, Xen 4.17 semantics):
 * strings are copied whole with every byte after the NUL zeroed (XSA-122);
 * commandline and build_id are for the privileged domain only.
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/version.h>
#include <xen/features.h>
#include "boot.h"
#include "domain.h"
#include "errno.h"
#include "guest_access.h"
#include "hypercall.h"
#include "param.h"

#ifndef PVX_CHANGESET
#define PVX_CHANGESET "unknown"
#endif

/* The GNU build-id note the linker emits (see pvx.lds). */
extern const uint8_t __note_gnu_build_id_start[], __note_gnu_build_id_end[];

static long copy_string(unsigned long arg, const char *s, size_t size)
{
    char buf[1024];

    BUG_ON(size > sizeof(buf));
    memset(buf, 0, size);
    strlcpy(buf, s, size);
    return copy_to_guest_raw(arg, buf, size);
}

static uint32_t features_submap0(const struct domain *d)
{
    uint32_t m = (1U << XENFEAT_memory_op_vnode_supported) |
                 (1U << XENFEAT_mmu_pt_update_preserve_ad) |
                 (1U << XENFEAT_highmem_assist) |
                 (1U << XENFEAT_gnttab_map_avail_bits) |
                 (1U << XENFEAT_direct_mapped);

    if ( d->vm_assist & (1UL << VMASST_TYPE_pae_extended_cr3) )
        m |= 1U << XENFEAT_pae_pgdir_above_4gb;
    if ( d->is_privileged )
        m |= 1U << XENFEAT_dom0;
    return m;
}

static long build_id(unsigned long arg)
{
    const uint8_t *n = __note_gnu_build_id_start;
    uint32_t namesz, descsz;
    xen_build_id_t hdr;

    if ( __note_gnu_build_id_end - n < 16 )
        return -ENODATA;
    memcpy(&namesz, n, 4);
    memcpy(&descsz, n + 4, 4);
    if ( 12 + ROUNDUP(namesz, 4u) + descsz >
         (size_t)(__note_gnu_build_id_end - n) )
        return -ENODATA;
    if ( !arg )
        return descsz;                  /* size query */
    if ( copy_from_guest(&hdr, arg, 1) )
        return -EFAULT;
    if ( !hdr.len )
        return -EINVAL;
    if ( descsz > hdr.len )
        return -ENOBUFS;
    if ( copy_to_guest_raw(arg + offsetof(xen_build_id_t, buf),
                           n + 12 + ROUNDUP(namesz, 4u), descsz) )
        return -EFAULT;
    return descsz;
}

long do_xen_version(int cmd, unsigned long arg)
{
    const struct domain *d = current->domain;

    switch ( cmd )
    {
    case XENVER_version:
        return (XEN_MAJOR << 16) | XEN_MINOR;
    case XENVER_extraversion:
        return copy_string(arg, XEN_EXTRAVERSION, sizeof(xen_extraversion_t));
    case XENVER_compile_info:
    {
        xen_compile_info_t info;

        memset(&info, 0, sizeof(info));
        strlcpy(info.compiler, "gcc " __VERSION__, sizeof(info.compiler));
        strlcpy(info.compile_by, "pvx", sizeof(info.compile_by));
        strlcpy(info.compile_date, __DATE__, sizeof(info.compile_date));
        return copy_to_guest(arg, &info, 1);
    }
    case XENVER_capabilities:
        return copy_string(arg, "xen-3.0-x86_64",
                           sizeof(xen_capabilities_info_t));
    case XENVER_changeset:
        return copy_string(arg, PVX_CHANGESET, sizeof(xen_changeset_info_t));
    case XENVER_platform_parameters:
    {
        xen_platform_parameters_t p = { .virt_start = HYPERVISOR_VIRT_START };

        return copy_to_guest(arg, &p, 1);
    }
    case XENVER_get_features:
    {
        xen_feature_info_t fi;

        if ( copy_from_guest(&fi, arg, 1) )
            return -EFAULT;
        if ( fi.submap_idx != 0 )
            return -EINVAL;
        fi.submap = features_submap0(d);
        return copy_to_guest(arg, &fi, 1);
    }
    case XENVER_pagesize:
        return arg ? -EINVAL : 4096;
    case XENVER_guest_handle:
    {
        xen_domain_handle_t hdl;

        memset(hdl, 0, sizeof(hdl));    /* dom0 has the null handle */
        return copy_to_guest_raw(arg, hdl, sizeof(hdl));
    }
    case XENVER_commandline:
        if ( !d->is_privileged )
            return copy_to_guest_raw(arg, "<denied>", sizeof("<denied>"));
        return copy_string(arg, boot_info.cmdline, sizeof(xen_commandline_t));
    case XENVER_build_id:
        if ( !d->is_privileged )
            return -EPERM;
        return build_id(arg);
    }
    return unimplemented_subop(__HYPERVISOR_xen_version, (unsigned int)cmd);
}
