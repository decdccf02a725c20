/*
 * pv_core conformance: the pv-guest core's memory and event services as
 * dom0 uses them.  Pages past the bootstrap region (new L1 tables), a
 * foreign mapping of our own frames, a grant of our page mapped back and
 * its end of access refused while mapped, a loopback interdomain channel
 * with a handler and events_wait, and a one-shot timer on VIRQ_TIMER.
 * Expectations are Xen 4.17's, checked with /work/shared/tools/run-on-xen.
 */
#include <test.h>
#include <pv-guest/events.h>
#include <pv-guest/mm.h>

const char test_title[] = "pv_core: page allocator, mappings, grants, events";

/* Enough pages to need L1 tables past Xen's 4 MiB-rounded region. */
#define NR_ALLOC 1500

static void *pages[NR_ALLOC];

static void test_alloc(void)
{
    unsigned long before = mm_free_pages(), n;
    unsigned int i, bad = 0;

    for ( i = 0; i < NR_ALLOC; i++ )
    {
        uint64_t *p = page_alloc();

        if ( !p )
            break;
        for ( n = 0; n < PAGE_SIZE / 8; n++ )
            bad += p[n] != 0;
        p[0] = i;                   /* writable, and distinct below */
        p[511] = ~(uint64_t)i;
        pages[i] = p;
    }
    xtf_expect("pages allocated", i, NR_ALLOC);
    xtf_expect("  words not zeroed", bad, 0);
    for ( i = 0; i < NR_ALLOC; i++ )
        bad += ((uint64_t *)pages[i])[0] != i ||
               ((uint64_t *)pages[i])[511] != ~(uint64_t)i;
    xtf_expect("  pages that lost their contents", bad, 0);
    for ( i = 0; i < NR_ALLOC; i++ )
        page_free(pages[i]);
    /* New L1 tables keep their frames for good. */
    n = mm_free_pages();
    if ( n > before || before - n > NR_ALLOC / 512 + 2 )
        xtf_failure("Fail: free pages %lu before, %lu after\n", before, n);
    else
        xtf_success("  free pages %lu before, %lu after\n", before, n);
    page_free((void *)0x1234);      /* refused with a message */
}

static void test_foreign_map(void)
{
    uint64_t *a = page_alloc(), *b = page_alloc();
    xen_pfn_t mfns[2] = { virt_to_mfn(a), virt_to_mfn(b) };
    /* A page-table frame cannot be mapped writable: the first is undone. */
    xen_pfn_t bad[2] = { mfns[0], virt_to_mfn((void *)start_info->pt_base) };
    uint64_t *m;

    a[3] = 0xa5a5;
    m = foreign_map(DOMID_SELF, mfns, 2);
    xtf_expect("foreign_map of two of our frames", m != NULL, 1);
    if ( !m )
        return;
    xtf_expect_hex("  first page seen", m[3], 0xa5a5);
    m[512 + 7] = 0x5a5a;
    xtf_expect_hex("  write lands in the second", b[7], 0x5a5a);
    foreign_unmap(m, 2);
    xtf_expect("foreign_map with a page-table frame",
               foreign_map(DOMID_SELF, bad, 2) == NULL, 1);
    xtf_expect("foreign_map of a domain that does not exist",
               foreign_map(4000, mfns, 1) == NULL, 1);
    xtf_expect("foreign_map of 0 frames", foreign_map(DOMID_SELF, mfns, 0)
               == NULL, 1);
    page_free(a);
    page_free(b);
}

static void test_grants(void)
{
    domid_t self = 0;
    uint64_t *page = page_alloc();
    grant_handle_t h;
    uint64_t *m;
    int ref;

    xtf_expect("grant_access of an unaligned address",
               grant_access(self, (char *)page + 8, false), -XEN_EINVAL);
    ref = grant_access(self, page, false);
    xtf_expect("grant_access gives a ref past the reserved ones",
               ref >= GNTTAB_NR_RESERVED_ENTRIES, 1);
    page[0] = 0x600d;
    m = grant_map(self, ref, false, &h);
    xtf_expect("grant_map of our own grant", m != NULL, 1);
    if ( m )
    {
        xtf_expect_hex("  contents", m[0], 0x600d);
        m[1] = 0xfeed;
        xtf_expect_hex("  write through the grant", page[1], 0xfeed);
        xtf_expect("grant_end_access while mapped", grant_end_access(ref),
                   -XEN_EBUSY);
        grant_unmap(m, h);
    }
    xtf_expect("grant_map of a ref never granted",
               grant_map(self, ref + 1, true, &h) == NULL, 1);
    xtf_expect("grant_end_access after the unmap", grant_end_access(ref), 0);
    xtf_expect("grant_end_access again", grant_end_access(ref), -XEN_EINVAL);
    page_free(page);
}

static volatile unsigned int hits;
static volatile evtchn_port_t hit_port;

static void on_event(evtchn_port_t port, void *arg)
{
    hits += (uintptr_t)arg;
    hit_port = port;
}

static void test_events(void)
{
    evtchn_port_t a, b, t;
    uint64_t t0, t1;

    xtf_expect("alloc_unbound for ourselves",
               evtchn_alloc_unbound(DOMID_SELF, 0, &a), 0);
    xtf_expect("bind_interdomain to it", evtchn_bind_interdomain(0, a, &b), 0);
    xtf_expect("bind a handler", evtchn_bind(b, on_event, (void *)1), 0);
    xtf_expect("bind it twice", evtchn_bind(b, on_event, NULL), -XEN_EEXIST);
    xtf_expect("bind port 4096", evtchn_bind(4096, on_event, NULL),
               -XEN_EINVAL);
    evtchn_notify(a);
    while ( !hits )                 /* it may already have run */
        events_wait();
    xtf_expect("handler ran once", hits, 1);
    xtf_expect("  on the bound port", hit_port, b);
    evtchn_unbind(b);
    evtchn_notify(a);               /* masked now: no handler runs */
    xtf_expect("  not after unbind", hits, 1);
    evtchn_close(b);
    evtchn_close(a);

    xtf_expect("bind VIRQ_TIMER", evtchn_bind_virq(VIRQ_TIMER, &t), 0);
    xtf_expect("  handler", evtchn_bind(t, on_event, (void *)10), 0);
    /* PV vCPUs start with a 10 ms periodic VIRQ_TIMER (Xen's default):
     * stop it, or a tick inside the 2 ms looks like an early one-shot. */
    xtf_expect("  stop the periodic timer",
               hypercall_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
    t0 = monotonic_ns();
    timer_set(t0 + 2000000);        /* 2 ms */
    while ( hits < 11 )
        events_wait();
    t1 = monotonic_ns();
    xtf_expect("timer handler ran", hits, 11);
    xtf_expect("  not before the deadline", t1 >= t0 + 2000000, 1);
    evtchn_close(t);
}

void test_main(void)
{
    mm_init();
    events_init();
    test_alloc();
    test_foreign_map();
    test_grants();
    test_events();
}
