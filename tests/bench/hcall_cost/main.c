/*
 * hcall_cost: what one PV operation costs the guest, read with RDTSC
 * around ITERS operations (scripts/bench.py runs it under QEMU's -icount
 * shift=0, where a TSC tick is one guest instruction).  Prints one line
 * `bench: <name> <ticks per op> ...` per operation; runs unchanged on PVX
 * and on Xen 4.17.  Trusts the hypervisor only for the ABI it measures.
 */
#include <test.h>
#include <guest_mm.h>
#include <xen/xen.h>

const char test_title[] = "hcall_cost: hypercalls, mmu_update, ptwr, grants";

#define ITERS       1000        /* operations per batch (even: see below) */
#define BATCHES     7           /* a figure is the median batch */
#define CALIB_LOOPS 100000      /* iterations of the 2-instruction loop */


typedef void (*op_fn)(unsigned int i);

static uint8_t page[2][4096] __attribute__((aligned(4096)));
/* Grants: our own table's frame 0, a copy target, a grant mapping VA. */
static uint8_t gt_page[4096] __attribute__((aligned(4096)));
static uint8_t copy_page[4096] __attribute__((aligned(4096)));
static uint8_t map_page[4096] __attribute__((aligned(4096)));
static unsigned long copy_src, copy_dst;
static evtchn_port_t loop_port;     /* one end of a loopback channel */

/* The L1 entry of page[0], its machine address and the two values. */
static volatile uint64_t *l1e;
static uint64_t pte_ma, pte_orig, pte_other;

/*
 * The operations.  Entry writes alternate between two valid values and
 * end (odd i, ITERS even) on the original one; every write changes the
 * entry, so no hypervisor can take a "nothing changed" shortcut.
 */
static uint64_t pte_val(unsigned int i)
{
    return (i & 1) ? pte_orig : pte_other;
}

static long last_rc;        /* the first failure of a checked run */

static void note_rc(long rc)
{
    if ( rc && !last_rc )
        last_rc = rc;
}

static void op_empty(unsigned int i)
{
    asm volatile ( "" ::: "memory" );
}

static void op_null_hypercall(unsigned int i)
{
    note_rc(hypercall_xen_version(XENVER_version, NULL) <= 0);
}

/* A new frame: the old one's reference dropped, the new one validated. */
static void op_mmu_update(unsigned int i)
{
    mmu_update_t req = { .ptr = pte_ma | MMU_NORMAL_PT_UPDATE,
                         .val = pte_val(i) };

    note_rc(hypercall_mmu_update(&req, 1, NULL, DOMID_SELF));
}

/* Only the Accessed bit flips: Xen's fast path, no reference changes. */
static void op_mmu_update_ad(unsigned int i)
{
    mmu_update_t req = { .ptr = pte_ma | MMU_NORMAL_PT_UPDATE,
                         .val = (i & 1) ? pte_orig : pte_orig ^ PTE_A };

    note_rc(hypercall_mmu_update(&req, 1, NULL, DOMID_SELF));
}

static void op_update_va_mapping(unsigned int i)
{
    note_rc(hypercall_update_va_mapping((unsigned long)page[0], pte_val(i),
                                        UVMF_INVLPG | UVMF_LOCAL));
}

/* A plain store into the read-only L1: #PF, decoded and emulated. */
static void op_ptwr(unsigned int i)
{
    *l1e = pte_val(i);
}

/* A whole page between two of our frames: GNTTABOP_copy's throughput. */
static void op_gnttab_copy(unsigned int i)
{
    struct gnttab_copy c = { .len = 4096 };

    c.source.domid = c.dest.domid = DOMID_SELF;
    c.source.u.gmfn = copy_src;
    c.dest.u.gmfn = copy_dst;
    note_rc(hypercall_grant_table_op(GNTTABOP_copy, &c, 1) || c.status);
}

/* Map our own grant (ref 8) and unmap it again: a backend's pair. */
static void op_grant_map_unmap(unsigned int i)
{
    struct gnttab_map_grant_ref m = { .host_addr = (unsigned long)map_page,
                                      .flags = GNTMAP_host_map, .ref = 8 };
    struct gnttab_unmap_grant_ref u = { .host_addr = m.host_addr };

    note_rc(hypercall_grant_table_op(GNTTABOP_map_grant_ref, &m, 1) ||
            m.status);
    u.handle = m.handle;
    note_rc(hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1) ||
            u.status);
}

/* EVTCHNOP_send on an interdomain port bound to our own (masked) port. */
static void op_evtchn_send(unsigned int i)
{
    struct evtchn_send s = { .port = loop_port };

    note_rc(hypercall_event_channel_op(EVTCHNOP_send, &s));
}

/* Our grant table mapped, ref 8 granting copy_page to ourselves (dom0). */
static long grants_init(void)
{
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1 };
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF,
                                      .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain b = { .remote_dom = DOMID_SELF };
    volatile grant_entry_v1_t *gt = (volatile grant_entry_v1_t *)gt_page;
    xen_pfn_t frame = 0;
    long rc;

    set_xen_guest_handle(st.frame_list, &frame);
    if ( (rc = hypercall_grant_table_op(GNTTABOP_setup_table, &st, 1)) ||
         (rc = st.status) ||
         (rc = hypercall_update_va_mapping((unsigned long)gt_page,
                                           pte(frame, PTE_P | PTE_RW |
                                                      PTE_A | PTE_D),
                                           UVMF_INVLPG | UVMF_LOCAL)) )
        return rc;
    copy_src = va_to_mfn((unsigned long)page[1]);
    copy_dst = va_to_mfn((unsigned long)copy_page);
    gt[8].domid = 0;
    gt[8].frame = (uint32_t)copy_dst;
    __sync_synchronize();
    gt[8].flags = GTF_permit_access;
    if ( (rc = hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &a)) )
        return rc;
    b.remote_port = a.port;
    rc = hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &b);
    loop_port = b.local_port;
    return rc;
}

static uint64_t batch(op_fn op)
{
    uint64_t t0 = rdtsc();

    for ( unsigned int i = 0; i < ITERS; i++ )
        op(i);
    return rdtsc() - t0;
}

static void sort(uint64_t *v, unsigned int n)
{
    for ( unsigned int i = 1; i < n; i++ )
        for ( unsigned int j = i; j && v[j - 1] > v[j]; j-- )
        {
            uint64_t t = v[j];

            v[j] = v[j - 1];
            v[j - 1] = t;
        }
}

/* Ticks per op in hundredths, printed as a decimal. */
static void report(const char *name, uint64_t med, uint64_t lo, uint64_t hi)
{
    printk("bench: %s %lu.%02lu (batches %lu.%02lu..%lu.%02lu)\n", name,
           med / 100, med % 100, lo / 100, lo % 100, hi / 100, hi % 100);
}

/*
 * Median over BATCHES of (op batch - empty batch), each batch run once
 * unmeasured first so the figures hold no first-touch costs.
 */
static void measure(const char *name, op_fn op)
{
    uint64_t v[BATCHES];

    last_rc = 0;
    batch(op);
    if ( last_rc )
        return xtf_error("%s: failed (%ld)\n", name, last_rc);
    for ( unsigned int b = 0; b < BATCHES; b++ )
    {
        uint64_t t = batch(op), e = batch(op_empty);

        v[b] = (t > e ? t - e : 0) * 100 / ITERS;
    }
    sort(v, BATCHES);
    report(name, v[BATCHES / 2], v[0], v[BATCHES - 1]);
}

/* The empirical check that a tick is an instruction: 2 per iteration. */
static void calibrate(void)
{
    unsigned long n = CALIB_LOOPS;
    uint64_t t0 = rdtsc(), t;

    asm volatile ( "1: dec %0; jnz 1b" : "+r" (n) );
    t = (rdtsc() - t0) * 100 / (2 * CALIB_LOOPS);
    report("tsc_per_insn", t, t, t);
}

void test_main(void)
{
    unsigned long va = (unsigned long)page[0];
    uint64_t v[BATCHES];

    l1e = pte_ptr(va);
    pte_ma = l1e_maddr(va);
    pte_orig = *l1e;
    pte_other = (pte_orig & ~ADDR_MASK) |
                ((uint64_t)va_to_mfn((unsigned long)page[1]) << 12);
    if ( hypercall_vm_assist(VMASST_CMD_enable,
                             VMASST_TYPE_writable_pagetables) )
        return xtf_error("vm_assist writable_pagetables refused\n");

    if ( !(start_info->flags & SIF_INITDOMAIN) )
        return xtf_skip("Skip: self-grants need our domid (dom0)\n");
    if ( grants_init() )
        return xtf_error("grant table or loopback channel refused\n");

    printk("bench: iterations %u batches %u\n", ITERS, BATCHES);
    calibrate();
    for ( unsigned int b = 0; b < BATCHES; b++ )
        v[b] = batch(op_empty) * 100 / ITERS;
    sort(v, BATCHES);
    report("loop_overhead", v[BATCHES / 2], v[0], v[BATCHES - 1]);

    measure("null_hypercall", op_null_hypercall);
    measure("mmu_update", op_mmu_update);
    measure("mmu_update_ad", op_mmu_update_ad);
    measure("update_va_mapping", op_update_va_mapping);
    measure("ptwr", op_ptwr);
    measure("gnttab_copy", op_gnttab_copy);
    measure("grant_map_unmap", op_grant_map_unmap);
    measure("evtchn_send", op_evtchn_send);

    if ( *l1e != pte_orig )
        return xtf_failure("the L1 entry did not end at its original value");
    xtf_success(NULL);
}
