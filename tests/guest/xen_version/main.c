/*
 * xen_version conformance: every XENVER_* sub-op that Linux and XTF use,
 * string results zero-padded after the NUL (XSA-122), bad pointers and
 * unknown commands.  Expectations are Xen 4.17's do_xen_version
 * (xen/common/kernel.c) as seen by a PV dom0.
 */
#include <test.h>
#include <xen/features.h>

const char test_title[] = "xen_version: sub-ops, padding and bad arguments";

/* Pre-fill with this so that bytes the hypervisor skipped stand out. */
#define POISON  0xff

/* A string result must end in NUL and leak nothing after it (XSA-122). */
static void check_string(const char *what, const char *s, size_t size)
{
    size_t len = strnlen(s, size), i;

    if ( len == size )
    {
        xtf_failure("Fail: %s: not NUL-terminated\n", what);
        return;
    }
    for ( i = len + 1; i < size; i++ )
        if ( s[i] )
        {
            xtf_failure("Fail: %s: byte %zu after the NUL is %#x\n",
                        what, i, (unsigned char)s[i]);
            return;
        }
    printk("  %-16s \"%s\"\n", what, s);
}

/* Call a string sub-op on a poisoned buffer and check the result. */
static void string_op(const char *what, unsigned int cmd, char *buf,
                      size_t size)
{
    memset(buf, POISON, size);
    xtf_expect(what, hypercall_xen_version(cmd, buf), 0);
    check_string(what, buf, size);
}

static void test_version(void)
{
    long ver = hypercall_xen_version(XENVER_version, NULL);

    /* Major in bits 31:16; this ABI exists since Xen 3.0. */
    if ( ver < (3L << 16) )
        xtf_failure("Fail: XENVER_version: got %#lx\n", ver);
    printk("  version          %ld.%ld\n", ver >> 16, ver & 0xffff);
}

static void test_strings(void)
{
    static xen_extraversion_t extra;
    static xen_compile_info_t ci;
    static xen_capabilities_info_t caps;
    static xen_changeset_info_t chg;
    static xen_commandline_t cmdline;

    string_op("extraversion", XENVER_extraversion, extra, sizeof(extra));
    string_op("changeset", XENVER_changeset, chg, sizeof(chg));
    string_op("commandline", XENVER_commandline, cmdline, sizeof(cmdline));
    string_op("capabilities", XENVER_capabilities, caps, sizeof(caps));

    /* A 64-bit PV guest must be told its own ABI is available. */
    if ( !strstr(caps, "xen-3.0-x86_64") )
        xtf_failure("Fail: capabilities lack \"xen-3.0-x86_64\"\n");

    memset(&ci, POISON, sizeof(ci));
    xtf_expect("compile_info", hypercall_xen_version(XENVER_compile_info, &ci),
               0);
    check_string("compiler", ci.compiler, sizeof(ci.compiler));
    check_string("compile_by", ci.compile_by, sizeof(ci.compile_by));
    check_string("compile_domain", ci.compile_domain,
                 sizeof(ci.compile_domain));
    check_string("compile_date", ci.compile_date, sizeof(ci.compile_date));
}

static void test_platform_parameters(void)
{
    xen_platform_parameters_t pp;

    memset(&pp, POISON, sizeof(pp));
    xtf_expect("platform_parameters",
               hypercall_xen_version(XENVER_platform_parameters, &pp), 0);
    /* 64-bit PV: the start of the hypervisor's reserved range. */
    if ( pp.virt_start != __HYPERVISOR_VIRT_START )
        xtf_failure("Fail: virt_start %#lx, expected %#lx\n",
                    (unsigned long)pp.virt_start, __HYPERVISOR_VIRT_START);
}

static void test_features(void)
{
    xen_feature_info_t fi = { .submap_idx = 0 };
    uint32_t must = (1U << XENFEAT_mmu_pt_update_preserve_ad) |
                    (1U << XENFEAT_gnttab_map_avail_bits);
    bool dom0 = start_info->flags & SIF_INITDOMAIN;

    xtf_expect("get_features(0)",
               hypercall_xen_version(XENVER_get_features, &fi), 0);
    printk("  features[0]      %#x\n", fi.submap);

    /* Linux 6.1 panics without bits 5 and 7 (drivers/xen/features.c). */
    if ( (fi.submap & must) != must )
        xtf_failure("Fail: submap 0 %#x lacks bits 5 and 7\n", fi.submap);
    if ( !(fi.submap & (1U << XENFEAT_dom0)) != !dom0 )
        xtf_failure("Fail: XENFEAT_dom0 %s but SIF_INITDOMAIN %s\n",
                    (fi.submap & (1U << XENFEAT_dom0)) ? "set" : "clear",
                    dom0 ? "set" : "clear");

    /* Only submap 0 exists in 4.17; the rest are -EINVAL. */
    fi.submap_idx = 1;
    xtf_expect("get_features(1)",
               hypercall_xen_version(XENVER_get_features, &fi), -XEN_EINVAL);
    fi.submap_idx = ~0U;
    xtf_expect("get_features(~0)",
               hypercall_xen_version(XENVER_get_features, &fi), -XEN_EINVAL);
}

static void test_pagesize(void)
{
    char buf[8];

    xtf_expect("pagesize", hypercall_xen_version(XENVER_pagesize, NULL), 4096);
    /* Xen 4.17 insists on a NULL argument here. */
    xtf_expect("pagesize with a buffer",
               hypercall_xen_version(XENVER_pagesize, buf), -XEN_EINVAL);
}

static void test_guest_handle(void)
{
    xen_domain_handle_t h;
    unsigned int i;

    memset(h, POISON, sizeof(h));
    xtf_expect("guest_handle", hypercall_xen_version(XENVER_guest_handle, h),
               0);
    printk("  guest_handle     ");
    for ( i = 0; i < sizeof(h); i++ )
        printk("%02x%s", h[i], (i == 3 || i == 5 || i == 7 || i == 9) ?
               "-" : "");
    printk("\n");

    /* Nothing gives dom0 a UUID: its handle is all zeroes. */
    for ( i = 0; i < sizeof(h); i++ )
        if ( (start_info->flags & SIF_INITDOMAIN) && h[i] )
        {
            xtf_failure("Fail: dom0 handle is not the nil UUID\n");
            break;
        }
}

static void test_build_id(void)
{
    static union {
        xen_build_id_t id;
        uint8_t raw[sizeof(xen_build_id_t) + 256];
    } b;
    long sz = hypercall_xen_version(XENVER_build_id, NULL);

    if ( sz == -XEN_ENODATA )
    {
        printk("  build_id         none (-ENODATA)\n");
        return;
    }
    if ( sz <= 0 || sz > 256 )
    {
        xtf_failure("Fail: build_id size %ld\n", sz);
        return;
    }

    b.id.len = 0;
    xtf_expect("build_id, len 0",
               hypercall_xen_version(XENVER_build_id, &b), -XEN_EINVAL);
    b.id.len = sz - 1;
    xtf_expect("build_id, short buffer",
               hypercall_xen_version(XENVER_build_id, &b), -XEN_ENOBUFS);
    b.id.len = sz;
    xtf_expect("build_id", hypercall_xen_version(XENVER_build_id, &b), sz);
    printk("  build_id         %ld bytes, starts %02x%02x%02x%02x\n", sz,
           b.id.buf[0], b.id.buf[1], b.id.buf[2], b.id.buf[3]);
}

static void test_bad_arguments(void)
{
    static const unsigned int cmds[] = {
        XENVER_extraversion, XENVER_compile_info, XENVER_capabilities,
        XENVER_changeset, XENVER_platform_parameters, XENVER_get_features,
        XENVER_guest_handle, XENVER_commandline, XENVER_build_id,
    };
    static const unsigned int unknown[] = { 11, 0x100, 0x7fffffff, ~0U };
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(cmds); i++ )
    {
        long rc = hypercall_xen_version(cmds[i], BAD_PTR_NONCANONICAL);
        long rc2 = hypercall_xen_version(cmds[i], BAD_PTR_HYPERVISOR);

        if ( rc != -XEN_EFAULT || rc2 != -XEN_EFAULT )
            xtf_failure("Fail: cmd %u with bad pointers: %ld, %ld, "
                        "expected -EFAULT\n", cmds[i], rc, rc2);
    }

    for ( i = 0; i < ARRAY_SIZE(unknown); i++ )
        xtf_expect("unknown command",
                   hypercall_xen_version(unknown[i], NULL), -XEN_ENOSYS);
}

void test_main(void)
{
    test_version();
    test_strings();
    test_platform_parameters();
    test_features();
    test_pagesize();
    test_guest_handle();
    test_build_id();
    test_bad_arguments();

    xtf_success(NULL);
}
