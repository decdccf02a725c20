/*
 * domain_build (see build.h): the hypercall half of the builder, in
 * libxl/libxenguest's order: createdomain, max_vcpus, max_mem, populate,
 * upcalls masked in shared_info, the image written through a foreign
 * mapping, event channels unbound in the guest for dom0 (console,
 * xenstore), the grant table seeded, hypercall page, L4 pinned with the
 * guest as foreign domain, vCPU 0's context.  Any failure destroys the
 * domain, so nothing is left behind.
 */
#include <hypercalls/control.h>
#include <pv-guest/events.h>
#include <pv-guest/lib.h>
#include <pv-guest/mm.h>
#include <pv-guest/param.h>
#include <xen/errno.h>

#include <dom0/build.h>
#include <dom0/image.h>

#define P2M_PER_PAGE    (PAGE_SIZE / sizeof(xen_pfn_t))
/* The most guest pages the builder maps at once: the vmap window less
 * what dom0's rings and grant mappings may hold meanwhile. */
#define BUILD_MAP_PAGES (MM_VMAP_PAGES - MM_VMAP_PAGES / 4)

struct ctx {
    const struct build_spec *s;
    struct image_plan plan;
    domid_t dom;
    bool created;
    xen_pfn_t *p2m;
    char *err;
    size_t errlen;
};

static int fail(struct ctx *c, long rc, const char *what)
{
    snprintf(c->err, c->errlen, "%s: error %ld", what, rc);
    return rc < 0 ? (int)rc : -XEN_EINVAL;
}

static long domctl(struct ctx *c, uint32_t cmd, struct xen_domctl *op)
{
    return hypercall_domctl(cmd, c->dom, op);
}

static int create(struct ctx *c)
{
    struct xen_domctl op = { .u.createdomain = {
        .max_vcpus = c->s->vcpus, .max_evtchn_port = 1023,
        .max_grant_frames = 32, .max_maptrack_frames = 1024,
        .grant_opts = XEN_DOMCTL_GRANT_version(1) } };
    long rc;

    c->dom = 0;                 /* 0: let the hypervisor pick the domid */
    rc = domctl(c, XEN_DOMCTL_createdomain, &op);
    if ( rc )
        return fail(c, rc, "createdomain");
    c->dom = op.domain;
    c->created = true;
    op.u.max_vcpus.max = c->s->vcpus;
    if ( (rc = domctl(c, XEN_DOMCTL_max_vcpus, &op)) )
        return fail(c, rc, "max_vcpus");
    op.u.max_mem.max_memkb = c->s->mem_kb;
    if ( (rc = domctl(c, XEN_DOMCTL_max_mem, &op)) )
        return fail(c, rc, "max_mem");
    return 0;
}

/* Every pfn gets a frame; Xen writes each frame over its pfn in p2m. */
static int populate(struct ctx *c)
{
    unsigned long n = c->plan.nr_pages, i, chunk;
    long rc;

    for ( i = 0; i < n; i++ )
        c->p2m[i] = i;
    for ( i = 0; i < n; i += chunk )
    {
        struct xen_memory_reservation r = { .domid = c->dom };

        chunk = n - i < P2M_PER_PAGE ? n - i : P2M_PER_PAGE;
        r.nr_extents = chunk;
        set_xen_guest_handle(r.extent_start, &c->p2m[i]);
        rc = hypercall_memory_op(XENMEM_populate_physmap, &r);
        if ( rc != (long)chunk )
        {
            snprintf(c->err, c->errlen, "memory: only %lu of %lu pages "
                     "available", i + (rc > 0 ? rc : 0), n);
            return -XEN_ENOMEM;
        }
    }
    return 0;
}

/*
 * libxenguest's shared_info hook: the guest starts with every vCPU's
 * upcalls masked (Xen leaves them open), so an event that arrives before
 * it has registered a callback stays pending instead of crashing it.
 */
static int mask_upcalls(struct ctx *c, xen_pfn_t frame)
{
    struct shared_info *si = foreign_map(c->dom, &frame, 1);

    if ( !si )
        return fail(c, -XEN_ENOMEM, "mapping shared_info");
    memset(si, 0, sizeof(*si));
    for ( unsigned int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++ )
        si->vcpu_info[i].evtchn_upcall_mask = 1;
    foreign_unmap(si, 1);
    return 0;
}

static int write_image(struct ctx *c, struct build_result *r)
{
    struct image_boot b = { 0 };
    struct xen_domctl op = { 0 };
    uint8_t *region, *p2m_area = NULL;
    long rc;

    if ( (rc = evtchn_alloc_unbound(c->dom, 0, &b.console_port)) )
        return fail(c, rc, "console event channel");
    if ( (rc = evtchn_alloc_unbound(c->dom, 0, &b.store_port)) )
        return fail(c, rc, "xenstore event channel");
    if ( (rc = domctl(c, XEN_DOMCTL_getdomaininfo, &op)) )
        return fail(c, rc, "getdomaininfo");
    b.shared_info_maddr = (uint64_t)op.u.getdomaininfo.shared_info_frame
                          << 12;

    if ( (rc = mask_upcalls(c, op.u.getdomaininfo.shared_info_frame)) )
        return rc;
    region = foreign_map(c->dom, c->p2m, c->plan.region_pages);
    if ( !region )
        return fail(c, -XEN_ENOMEM, "mapping the new domain's memory");
    if ( c->plan.p2m_area_pages &&
         !(p2m_area = foreign_map(c->dom, c->p2m + c->plan.l.p2m_pfn,
                                  c->plan.p2m_area_pages)) )
    {
        foreign_unmap(region, c->plan.region_pages);
        return fail(c, -XEN_ENOMEM, "mapping the new domain's p2m");
    }
    image_write(&c->plan, c->s, &b, region, p2m_area, c->p2m);
    foreign_unmap(region, c->plan.region_pages);
    if ( p2m_area )
        foreign_unmap(p2m_area, c->plan.p2m_area_pages);

    r->store_mfn = c->p2m[c->plan.store_pfn];
    r->store_port = b.store_port;
    r->console_mfn = c->p2m[c->plan.console_pfn];
    r->console_port = b.console_port;
    return 0;
}

/* libxl's gnttab_seed: the console and xenstore pages granted to dom0. */
static int seed_grants(struct ctx *c, const struct build_result *r)
{
    struct gnttab_setup_table st = { .dom = c->dom, .nr_frames = 1 };
    grant_entry_v1_t *gt;
    xen_pfn_t frame;
    long rc;

    set_xen_guest_handle(st.frame_list, &frame);
    rc = hypercall_grant_table_op(GNTTABOP_setup_table, &st, 1);
    if ( rc || st.status != GNTST_okay )
        return fail(c, rc ? rc : st.status, "grant table setup");
    if ( !(gt = foreign_map(c->dom, &frame, 1)) )
        return fail(c, -XEN_ENOMEM, "mapping the grant table");
    gt[GNTTAB_RESERVED_CONSOLE].domid = 0;
    gt[GNTTAB_RESERVED_CONSOLE].frame = r->console_mfn;
    gt[GNTTAB_RESERVED_XENSTORE].domid = 0;
    gt[GNTTAB_RESERVED_XENSTORE].frame = r->store_mfn;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    gt[GNTTAB_RESERVED_CONSOLE].flags = GTF_permit_access;
    gt[GNTTAB_RESERVED_XENSTORE].flags = GTF_permit_access;
    foreign_unmap(gt, 1);
    return 0;
}

static int boot_vcpu(struct ctx *c)
{
    const struct image_plan *p = &c->plan;
    static struct vcpu_guest_context v;   /* large: not on the stack */
    struct xen_domctl op = { 0 };
    struct mmuext_op pin = { .cmd = MMUEXT_PIN_L4_TABLE };
    long rc;

    if ( p->hypercall_pfn != ~0UL )
    {
        op.u.hypercall_init.gmfn = c->p2m[p->hypercall_pfn];
        if ( (rc = domctl(c, XEN_DOMCTL_hypercall_init, &op)) )
            return fail(c, rc, "hypercall page");
    }
    pin.arg1.mfn = c->p2m[p->l4_pfn];
    if ( (rc = hypercall_mmuext_op(&pin, 1, NULL, c->dom)) )
        return fail(c, rc, "pinning the page tables");

    memset(&v, 0, sizeof(v));
    v.flags = VGCF_in_kernel | VGCF_online;
    v.user_regs.rip = p->elf.virt_entry;
    v.user_regs.rsp = p->l.vstack_end;
    v.user_regs.rsi = p->l.vstartinfo_start;
    v.user_regs.rflags = 1 << 9;                /* IF */
    v.user_regs.cs = FLAT_KERNEL_CS;
    v.user_regs.ss = FLAT_KERNEL_SS;
    v.user_regs.ds = v.user_regs.es = FLAT_KERNEL_DS;
    v.user_regs.fs = v.user_regs.gs = FLAT_KERNEL_DS;
    v.kernel_ss = FLAT_KERNEL_SS;
    v.kernel_sp = p->l.vstack_end;
    v.debugreg[6] = 0xffff0ff0;                 /* X86_DR6_DEFAULT */
    v.debugreg[7] = 0x00000400;                 /* X86_DR7_DEFAULT */
    v.ctrlreg[3] = (uint64_t)c->p2m[p->l4_pfn] << 12;
    memset(&op, 0, sizeof(op));
    op.u.vcpucontext.vcpu = 0;
    set_xen_guest_handle(op.u.vcpucontext.ctxt, &v);
    if ( (rc = domctl(c, XEN_DOMCTL_setvcpucontext, &op)) )
        return fail(c, rc, "setvcpucontext");
    return 0;
}

int domain_build(const struct build_spec *s, struct build_result *r,
                 char *err, size_t errlen)
{
    struct ctx c = { .s = s, .err = err, .errlen = errlen };
    const char *why;
    int rc;

    if ( !s->vcpus || s->vcpus > 128 )
    {
        snprintf(err, errlen, "vcpus: %u is not 1 to 128", s->vcpus);
        return -XEN_EINVAL;
    }
    if ( (why = image_plan(s, &c.plan)) )
    {
        snprintf(err, errlen, "%s", why);
        return -XEN_EINVAL;
    }
    /* Both mappings at once, with room left for dom0's own (rings). */
    if ( c.plan.region_pages + c.plan.p2m_area_pages > BUILD_MAP_PAGES )
    {
        snprintf(err, errlen, "kernel and ramdisk: %lu pages to map, more "
                 "than %lu", c.plan.region_pages + c.plan.p2m_area_pages,
                 (unsigned long)BUILD_MAP_PAGES);
        return -XEN_E2BIG;
    }
    c.p2m = page_alloc_n((c.plan.nr_pages + P2M_PER_PAGE - 1) /
                         P2M_PER_PAGE);
    if ( !c.p2m )
    {
        snprintf(err, errlen, "dom0: no memory for the p2m");
        return -XEN_ENOMEM;
    }

    memset(r, 0, sizeof(*r));
    if ( !(rc = create(&c)) && !(rc = populate(&c)) &&
         !(rc = write_image(&c, r)) && !(rc = seed_grants(&c, r)) )
        rc = boot_vcpu(&c);

    page_free_n(c.p2m);
    if ( rc && c.created )
    {
        struct xen_domctl op = { 0 };

        domctl(&c, XEN_DOMCTL_destroydomain, &op);
    }
    if ( !rc )
        r->domid = c.dom;
    return rc;
}
