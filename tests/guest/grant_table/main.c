/*
 * grant_table conformance: grant tables v1 within one domain, which may
 * grant to itself: setup_table, query_size, set_version, map and unmap of
 * its own grants into its page tables, copy, and every refusal with its
 * GNTST_ status (XSA-224/227/234/316 classes).  Expectations are Xen
 * 4.17's common/grant_table.c and arch/x86/pv/grant_table.c, checked on
 * real Xen with /work/shared/tools/run-on-xen.
 */
#include <test.h>
#include <guest_mm.h>

const char test_title[] = "grant_table: v1 setup, self-grant map/unmap/copy";

#define GNTMAP_HOST_RW  (GNTMAP_host_map)
#define GNTMAP_HOST_RO  (GNTMAP_host_map | GNTMAP_readonly)
#define NO_DOMAIN       7                   /* no such domain here */

static uint8_t gt_page[4096] __attribute__((aligned(4096)));
static uint8_t data[4096] __attribute__((aligned(4096)));
static uint8_t copy_dst[4096] __attribute__((aligned(4096)));
static uint8_t map_at[3][4096] __attribute__((aligned(4096)));
/* Past one hypercall's batch of 512: the call is continued. */
#define LONG_BATCH 600
static struct gnttab_copy long_batch[LONG_BATCH];
static volatile grant_entry_v1_t *gt;       /* our table, through gt_page */
/* Views the compiler cannot cache: the same frame under several VAs. */
#define PEEK(buf, i) (((volatile uint8_t *)(buf))[i])
static domid_t self;                        /* our own domid: 0 as dom0 */

static long query(domid_t dom, struct gnttab_query_size *q)
{
    q->dom = dom;
    return hypercall_grant_table_op(GNTTABOP_query_size, q, 1);
}

static long setup(domid_t dom, unsigned int nr, xen_pfn_t *list,
                  int16_t *status)
{
    struct gnttab_setup_table s = { .dom = dom, .nr_frames = nr };
    long rc;

    set_xen_guest_handle(s.frame_list, list);
    rc = hypercall_grant_table_op(GNTTABOP_setup_table, &s, 1);
    *status = s.status;
    return rc;
}

/* map_grant_ref of one entry: the status, the handle through *h. */
static int16_t map(domid_t dom, grant_ref_t ref, unsigned int flags,
                   uint64_t addr, grant_handle_t *h)
{
    struct gnttab_map_grant_ref m = { .host_addr = addr, .flags = flags,
                                      .ref = ref, .dom = dom };
    long rc = hypercall_grant_table_op(GNTTABOP_map_grant_ref, &m, 1);

    /* XSA-316: failures are per-entry statuses, never the return value. */
    if ( rc )
        xtf_failure("Fail: map_grant_ref returned %ld\n", rc);
    if ( h )
        *h = m.handle;
    return m.status;
}

static int16_t unmap(grant_handle_t h, uint64_t addr, uint64_t dev)
{
    struct gnttab_unmap_grant_ref u = { .host_addr = addr,
                                        .dev_bus_addr = dev, .handle = h };
    long rc = hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1);

    if ( rc )
        xtf_failure("Fail: unmap_grant_ref returned %ld\n", rc);
    return u.status;
}

static void grant(grant_ref_t ref, domid_t dom, unsigned long mfn,
                  uint16_t flags)
{
    gt[ref].domid = dom;
    gt[ref].frame = (uint32_t)mfn;
    __sync_synchronize();                   /* flags last, as Linux does */
    gt[ref].flags = flags;
}

static void test_sizes_and_version(void)
{
    struct gnttab_query_size q;
    struct gnttab_set_version v = { .version = 3 };
    struct gnttab_get_version gv = { .dom = DOMID_SELF };
    struct gnttab_get_status_frames sf = { .dom = DOMID_SELF };
    static uint64_t status_frame[1];
    long rc;

    xtf_expect("query_size(DOMID_SELF)", query(DOMID_SELF, &q), 0);
    xtf_expect("  .status", q.status, GNTST_okay);
    xtf_expect("  .nr_frames (Xen's initial 1)", q.nr_frames, 1);
    xtf_expect("  .max_nr_frames (Xen's default 64)", q.max_nr_frames, 64);
    xtf_expect("query_size(own domid)", query(self, &q), 0);
    xtf_expect("query_size of no domain: rc", query(NO_DOMAIN, &q), 0);
    xtf_expect("  .status", q.status, GNTST_bad_domain);
    xtf_expect("query_size with count 2",
               hypercall_grant_table_op(GNTTABOP_query_size, &q, 2),
               -XEN_EINVAL);
    xtf_expect("set_version 3", hypercall_grant_table_op(GNTTABOP_set_version,
                                                         &v, 1), -XEN_EINVAL);
    v.version = 1;
    xtf_expect("set_version 1 (current)",
               hypercall_grant_table_op(GNTTABOP_set_version, &v, 1), 0);
    /* PVX offers v1 only: Xen with gnttab=max-ver:1 says -ENOSYS. */
    v.version = 2;
    rc = hypercall_grant_table_op(GNTTABOP_set_version, &v, 1);
    if ( rc == 0 )
    {
        printk("  set_version 2: 0 (v2 enabled: this is Xen); back to 1\n");
        v.version = 1;
        xtf_expect("set_version 1 again",
                   hypercall_grant_table_op(GNTTABOP_set_version, &v, 1), 0);
    }
    else
        xtf_expect("set_version 2 (v2 not offered)", rc, -XEN_ENOSYS);
    xtf_expect("get_version(DOMID_SELF)",
               hypercall_grant_table_op(GNTTABOP_get_version, &gv, 1), 0);
    xtf_expect("  .version", gv.version, 1);
    gv.dom = NO_DOMAIN;
    xtf_expect("get_version of no domain",
               hypercall_grant_table_op(GNTTABOP_get_version, &gv, 1),
               -XEN_ESRCH);
    sf.nr_frames = 0;
    xtf_expect("get_status_frames, 0 frames (v1)",
               hypercall_grant_table_op(GNTTABOP_get_status_frames, &sf, 1), 0);
    xtf_expect("  .status", sf.status, GNTST_okay);
    sf.nr_frames = 1;
    set_xen_guest_handle(sf.frame_list, status_frame);
    xtf_expect("get_status_frames, 1 frame (v1 has none): rc",
               hypercall_grant_table_op(GNTTABOP_get_status_frames, &sf, 1), 0);
    xtf_expect("  .status", sf.status, GNTST_general_error);
    xtf_expect("unknown command 99", hypercall_grant_table_op(99, &v, 1),
               -XEN_ENOSYS);
    xtf_expect("continuation bits on map_grant_ref",
               hypercall_grant_table_op(GNTTABOP_map_grant_ref | (1U << 12),
                                        &v, 0), -XEN_EINVAL);
    xtf_expect("negative count", hypercall_grant_table_op(GNTTABOP_copy, &v,
                                                          0x80000000U),
               -XEN_EINVAL);
}

static void test_setup(void)
{
    xen_pfn_t frames[2] = { 0, 0 };
    struct gnttab_query_size q;
    int16_t st;

    xtf_expect("setup_table 1 frame", setup(DOMID_SELF, 1, frames, &st), 0);
    xtf_expect("  .status", st, GNTST_okay);
    xtf_expect("setup_table 2 frames (grows)", setup(self, 2, frames, &st), 0);
    xtf_expect("  .status", st, GNTST_okay);
    query(DOMID_SELF, &q);
    xtf_expect("  query_size .nr_frames", q.nr_frames, 2);
    xtf_expect("setup_table 65 frames: rc", setup(DOMID_SELF, 65, frames, &st),
               0);
    xtf_expect("  .status (beyond max_nr_frames)", st, GNTST_general_error);
    xtf_expect("setup_table of no domain: rc", setup(NO_DOMAIN, 1, frames, &st),
               0);
    xtf_expect("  .status", st, GNTST_bad_domain);
    xtf_expect("setup_table, frame_list in Xen's range",
               setup(DOMID_SELF, 1, BAD_PTR_HYPERVISOR, &st), -XEN_EFAULT);
    xtf_expect("setup_table with count 2",
               hypercall_grant_table_op(GNTTABOP_setup_table, &q, 2),
               -XEN_EINVAL);

    /* Our own view of frame 0 of the table, as Linux maps it. */
    xtf_expect("map frame 0 of the table writable",
               hypercall_update_va_mapping((unsigned long)gt_page,
                                           pte(frames[0], PTE_P | PTE_RW |
                                               PTE_A | PTE_D), UVMF_INVLPG),
               0);
    gt = (volatile grant_entry_v1_t *)gt_page;
}

static void test_map_unmap(void)
{
    unsigned long a0 = (unsigned long)map_at[0];
    unsigned long a1 = (unsigned long)map_at[1];
    unsigned long data_mfn = va_to_mfn((unsigned long)data);
    grant_handle_t h, h2;

    for ( unsigned int i = 0; i < sizeof(data); i++ )
        data[i] = (uint8_t)i;
    grant(8, self, data_mfn, GTF_permit_access);
    grant(9, self, data_mfn, GTF_permit_access | GTF_readonly);
    grant(10, NO_DOMAIN, data_mfn, GTF_permit_access);
    grant(11, self, data_mfn, 0);

    xtf_expect("map ref 8 rw at a VA", map(self, 8, GNTMAP_HOST_RW, a0, &h),
               GNTST_okay);
    xtf_expect("  entry flags: reading|writing set", gt[8].flags,
               GTF_permit_access | GTF_reading | GTF_writing);
    xtf_expect("  read through the mapping", PEEK(map_at[0], 77), 77);
    PEEK(map_at[0], 5) = 0xa5;
    xtf_expect("  write through it reaches the frame", PEEK(data, 5), 0xa5);
    /* XENFEAT_gnttab_map_avail_bits: GNTMAP bits 16-18 are PTE bits 9-11. */
    xtf_expect("  PTE: present, writable, avail bits 0",
               *pte_ptr(a0) & (PTE_P | PTE_RW | 0xe00), PTE_P | PTE_RW);
    xtf_expect("map ref 8 again at another VA, avail bits 5",
               map(self, 8, GNTMAP_HOST_RW | (5U << _GNTMAP_guest_avail0), a1,
                   &h2), GNTST_okay);
    xtf_expect("  PTE avail bits", (*pte_ptr(a1) >> 9) & 7, 5);
    xtf_expect("  PTE frame", (*pte_ptr(a1) & ADDR_MASK) >> 12, data_mfn);
    xtf_expect("unmap it", unmap(h2, a1, 0), GNTST_okay);
    xtf_expect("  PTE gone", *pte_ptr(a1), 0);
    xtf_expect("unmap at another VA: PTE does not match",
               unmap(h, a1, 0), GNTST_general_error);
    xtf_expect("unmap", unmap(h, a0, 0), GNTST_okay);
    xtf_expect("  entry flags back to permit_access", gt[8].flags,
               GTF_permit_access);
    xtf_expect("unmap the same handle again", unmap(h, a0, 0),
               GNTST_bad_handle);
    xtf_expect("unmap handle 0xffffffff", unmap(0xffffffffU, a0, 0),
               GNTST_bad_handle);

    xtf_expect("map DOMID_SELF (not resolved by map)",
               map(DOMID_SELF, 8, GNTMAP_HOST_RW, a0, NULL), GNTST_bad_domain);
    xtf_expect("map no domain", map(NO_DOMAIN, 8, GNTMAP_HOST_RW, a0, NULL),
               GNTST_bad_domain);
    xtf_expect("map without host_map or device_map",
               map(self, 8, 0, a0, NULL), GNTST_bad_gntref);
    xtf_expect("map ref 1024 (past 2 frames)",
               map(self, 1024, GNTMAP_HOST_RW, a0, NULL), GNTST_bad_gntref);
    xtf_expect("map ref 10 (granted to another domain)",
               map(self, 10, GNTMAP_HOST_RW, a0, NULL), GNTST_general_error);
    xtf_expect("map ref 11 (no GTF_permit_access)",
               map(self, 11, GNTMAP_HOST_RW, a0, NULL), GNTST_general_error);
    xtf_expect("map read-only grant writable",
               map(self, 9, GNTMAP_HOST_RW, a0, NULL), GNTST_general_error);
    xtf_expect("  entry flags untouched", gt[9].flags,
               GTF_permit_access | GTF_readonly);
    xtf_expect("map at an unmapped VA",
               map(self, 8, GNTMAP_HOST_RW, 0x1000, NULL), GNTST_general_error);
    /* XSA-227: a misaligned PTE address must never be written. */
    xtf_expect("map contains_pte, misaligned PTE address",
               map(self, 8, GNTMAP_HOST_RW | GNTMAP_contains_pte,
                   l1e_maddr(a0) + 3, NULL), GNTST_general_error);
    xtf_expect("  entry flags still clear", gt[8].flags, GTF_permit_access);

    /* XSA-234: a read-only handle cannot take down a writable PTE. */
    xtf_expect("map ref 9 read-only", map(self, 9, GNTMAP_HOST_RO, a0, &h),
               GNTST_okay);
    xtf_expect("  entry flags: reading only", gt[9].flags,
               GTF_permit_access | GTF_readonly | GTF_reading);
    xtf_expect("map ref 8 rw by PTE address",
               map(self, 8, GNTMAP_HOST_RW | GNTMAP_contains_pte, l1e_maddr(a1),
                   &h2), GNTST_okay);
    xtf_expect("  read through it", PEEK(map_at[1], 6), 6);
    xtf_expect("read-only handle on the writable PTE",
               unmap(h, a1, 0), GNTST_general_error);
    xtf_expect("unmap ref 9", unmap(h, a0, 0), GNTST_okay);
    xtf_expect("unmap ref 8 by PTE address", unmap(h2, l1e_maddr(a1), 0),
               GNTST_okay);
    xtf_expect("  ref 9 flags", gt[9].flags, GTF_permit_access | GTF_readonly);
    xtf_expect("  ref 8 flags", gt[8].flags, GTF_permit_access);

    /* XSA-224: host and device mappings hold their own references. */
    xtf_expect("map ref 8 host+device", map(self, 8, GNTMAP_HOST_RW |
                                            GNTMAP_device_map, a0, &h),
               GNTST_okay);
    xtf_expect("unmap host only", unmap(h, a0, 0), GNTST_okay);
    xtf_expect("  still writing (device map)", gt[8].flags,
               GTF_permit_access | GTF_reading | GTF_writing);
    xtf_expect("unmap device, wrong bus address",
               unmap(h, 0, 0x1000), GNTST_bad_dev_addr);
    xtf_expect("unmap device", unmap(h, 0, (uint64_t)data_mfn << 12),
               GNTST_okay);
    xtf_expect("  flags clear", gt[8].flags, GTF_permit_access);
    xtf_expect("  handle gone", unmap(h, 0, (uint64_t)data_mfn << 12),
               GNTST_bad_handle);
}

static int16_t copy(unsigned int flags, domid_t sdom, unsigned long src,
                    uint16_t soff, domid_t ddom, unsigned long dst,
                    uint16_t doff, uint16_t len)
{
    struct gnttab_copy c = { .flags = flags, .len = len };
    long rc;

    c.source.domid = sdom;
    c.source.offset = soff;
    c.dest.domid = ddom;
    c.dest.offset = doff;
    if ( flags & GNTCOPY_source_gref )
        c.source.u.ref = (grant_ref_t)src;
    else
        c.source.u.gmfn = src;
    if ( flags & GNTCOPY_dest_gref )
        c.dest.u.ref = (grant_ref_t)dst;
    else
        c.dest.u.gmfn = dst;
    rc = hypercall_grant_table_op(GNTTABOP_copy, &c, 1);
    if ( rc )
        xtf_failure("Fail: copy returned %ld\n", rc);
    return c.status;
}

static void test_copy(void)
{
    unsigned long data_mfn = va_to_mfn((unsigned long)data);
    unsigned long dst_mfn = va_to_mfn((unsigned long)copy_dst);
    unsigned long l1_mfn = l1e_maddr((unsigned long)data) >> 12;

    xtf_expect("copy gref 8 -> own gmfn", copy(GNTCOPY_source_gref, self, 8,
                                               100, DOMID_SELF, dst_mfn, 200,
                                               50),
               GNTST_okay);
    xtf_expect("  bytes arrived",
               PEEK(copy_dst, 200) == 100 && PEEK(copy_dst, 249) == 149, 1);
    xtf_expect("  entry flags clear after", gt[8].flags, GTF_permit_access);
    xtf_expect("copy own gmfn -> gref 8 (DOMID_SELF)",
               copy(GNTCOPY_dest_gref, DOMID_SELF, dst_mfn, 200, DOMID_SELF, 8,
                    0, 1), GNTST_okay);
    xtf_expect("  byte arrived", PEEK(data, 0), 100);
    xtf_expect("copy into read-only grant 9",
               copy(GNTCOPY_dest_gref, DOMID_SELF, dst_mfn, 0, self, 9, 0, 1),
               GNTST_general_error);
    xtf_expect("copy from read-only grant 9", copy(GNTCOPY_source_gref, self, 9,
                                                   0, DOMID_SELF, dst_mfn, 0,
                                                   1),
               GNTST_okay);
    xtf_expect("copy crossing the page end", copy(0, DOMID_SELF, data_mfn, 4000,
                                                  DOMID_SELF, dst_mfn, 0, 100),
               GNTST_bad_copy_arg);
    xtf_expect("copy gmfn naming a domain id",
               copy(0, self, data_mfn, 0, DOMID_SELF, dst_mfn, 0, 1),
               GNTST_permission_denied);
    xtf_expect("copy from no domain's grant",
               copy(GNTCOPY_source_gref, NO_DOMAIN, 8, 0, DOMID_SELF, dst_mfn,
                    0, 1), GNTST_bad_domain);
    xtf_expect("copy bad gref 1024", copy(GNTCOPY_source_gref, self, 1024, 0,
                                          DOMID_SELF, dst_mfn, 0, 1),
               GNTST_bad_gntref);
    xtf_expect("copy from gref granted elsewhere",
               copy(GNTCOPY_source_gref, self, 10, 0, DOMID_SELF, dst_mfn,
                    0, 1), GNTST_general_error);
    xtf_expect("copy into own page table", copy(0, DOMID_SELF, data_mfn, 0,
                                                DOMID_SELF, l1_mfn, 0, 8),
               GNTST_general_error);
    xtf_expect("copy from a frame we do not own",
               copy(0, DOMID_SELF, 0x10, 0, DOMID_SELF, dst_mfn, 0, 1),
               GNTST_bad_page);
    xtf_expect("copy count 0", hypercall_grant_table_op(GNTTABOP_copy, NULL, 0),
               0);
    for ( unsigned int i = 0; i < LONG_BATCH; i++ )
    {
        long_batch[i].source.u.gmfn = data_mfn;
        long_batch[i].source.domid = DOMID_SELF;
        long_batch[i].source.offset = (uint16_t)i;
        long_batch[i].dest.u.gmfn = dst_mfn;
        long_batch[i].dest.domid = DOMID_SELF;
        long_batch[i].dest.offset = (uint16_t)(LONG_BATCH - 1 - i);
        long_batch[i].len = 1;
        long_batch[i].status = 99;
    }
    xtf_expect("copy batch of 600 (continued)",
               hypercall_grant_table_op(GNTTABOP_copy, long_batch, LONG_BATCH),
               0);
    xtf_expect("  last status", long_batch[LONG_BATCH - 1].status, GNTST_okay);
    xtf_expect("  last byte (reversed)", PEEK(copy_dst, 0), 599 & 0xff);
    xtf_expect("copy array in Xen's range",
               hypercall_grant_table_op(GNTTABOP_copy, BAD_PTR_HYPERVISOR, 1),
               -XEN_EFAULT);
}

void test_main(void)
{
    self = start_info->flags & SIF_INITDOMAIN ? 0 : DOMID_SELF;
    if ( self == DOMID_SELF )
        return xtf_skip("Skip: needs to know its domid (runs as dom0)\n");
    test_sizes_and_version();
    test_setup();
    test_map_unmap();
    test_copy();
    xtf_success(NULL);
}
