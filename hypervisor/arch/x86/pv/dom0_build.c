/*
 * The PV dom0 builder (xen/arch/x86/pv/dom0_build.c in miniature): module 1
 * is the kernel, module 2 the ramdisk.  The layout comes from
 * dom0_compute_layout; this file allocates frames, fills the p2m, loads the
 * segments by p_paddr, writes start_info, shared_info, the hypercall page
 * and the bootstrap page tables (page-table pages mapped read-only), and
 * enters the kernel in ring 3 with %rsi = start_info.
 */
#include "lib.h"
#include <xen/xen.h>
#include "apic.h"
#include "boot.h"
#include "console_ring.h"
#include "cpu.h"
#include "dom0_build.h"
#include "dom0_layout.h"
#include "frame_alloc.h"
#include "layout.h"
#include "m2p.h"
#include "mm.h"
#include "page.h"
#include "sched.h"
#include "smp.h"
#include "vtime.h"
#include "x86.h"

#define L1_PROT (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_USER)
#define TBL_PROT (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | \
                  _PAGE_USER)

/* The frames holding dom0's p2m, so pfn_to_mfn works while it is built. */
static unsigned long p2m_frames[MAX_FRAMES / 512 + 1];

static unsigned long pfn_to_mfn(const struct dom0_layout *l,
                                unsigned long pfn)
{
    const unsigned long *p2m = mfn_to_virt(p2m_frames[pfn / 512]);

    BUG_ON(pfn >= l->nr_pages);
    return p2m[pfn % 512];
}

static void *pfn_to_virt(const struct dom0_layout *l, unsigned long pfn)
{
    return mfn_to_virt(pfn_to_mfn(l, pfn));
}

static unsigned long alloc_zeroed(void)
{
    unsigned long mfn = frame_alloc();

    if ( mfn == INVALID_MFN )
        fatal("dom0 kernel: does not fit in dom0 memory (out of frames)");
    memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
    return mfn;
}

/* A zeroed frame owned by d at pfn, with its M2P entry. */
static unsigned long alloc_guest_frame(struct domain *d, unsigned long pfn)
{
    unsigned long mfn = alloc_zeroed();

    assign_page(d, mfn, false);
    m2p_set(mfn, pfn);
    return mfn;
}

/* Give dom0 its frames; the p2m's own frames come first so it can fill. */
static void populate(struct domain *d, const struct dom0_layout *l)
{
    unsigned long first = l->p2m_pfn;
    unsigned long n_p2m = ROUNDUP(l->nr_pages, 512UL) / 512;

    for ( unsigned long i = 0; i < n_p2m; i++ )
        p2m_frames[i] = alloc_guest_frame(d, first + i);
    for ( unsigned long pfn = 0; pfn < l->nr_pages; pfn++ )
    {
        unsigned long *p2m = mfn_to_virt(p2m_frames[pfn / 512]);
        bool is_p2m = pfn >= first && pfn - first < n_p2m;

        p2m[pfn % 512] = is_p2m ? p2m_frames[pfn - first]
                                : alloc_guest_frame(d, pfn);
    }
    /* The padding after nr_pages reads as INVALID (Linux writes it too). */
    for ( unsigned long pfn = l->nr_pages; pfn % 512; pfn++ )
        ((unsigned long *)mfn_to_virt(p2m_frames[pfn / 512]))[pfn % 512] =
            INVALID_MFN;
}

/* Copy len bytes (src NULL: zeroes) to pseudo-physical address pa. */
static void write_pseudophys(const struct dom0_layout *l, uint64_t pa,
                             const void *src, uint64_t len)
{
    while ( len )
    {
        uint64_t off = pa & (PAGE_SIZE - 1);
        uint64_t n = MIN(len, PAGE_SIZE - off);
        uint8_t *dst = (uint8_t *)pfn_to_virt(l, pa >> PAGE_SHIFT) + off;

        if ( src )
        {
            memcpy(dst, src, n);
            src = (const uint8_t *)src + n;
        }
        else
            memset(dst, 0, n);
        pa += n;
        len -= n;
    }
}

/* The same, at a virtual address inside the bootstrap region. */
static void write_guest(const struct dom0_layout *l, uint64_t va,
                        const void *src, uint64_t len)
{
    write_pseudophys(l, va - l->v_start, src, len);
}

static void load_kernel(const struct dom0_layout *l,
                        const struct xen_elf_info *elf, const uint8_t *img)
{
    uint64_t virt_offset = elf->virt_base - elf->paddr_offset;

    for ( unsigned int i = 0; i < elf->nr_loads; i++ )
    {
        const struct elf_segment *s = &elf->loads[i];

        write_guest(l, s->paddr + virt_offset, img + s->offset, s->filesz);
        write_guest(l, s->paddr + virt_offset + s->filesz, NULL,
                    s->memsz - s->filesz);
    }
}

/* Map va to mfn under l4, new tables taken in order from pfns [*next, end). */
static void map_page(const struct dom0_layout *l, uint64_t *l4, uint64_t va,
                     unsigned long mfn, uint64_t prot, unsigned long *next,
                     unsigned long end)
{
    uint64_t *t = l4;

    for ( int shift = 39; shift > 12; shift -= 9 )
    {
        uint64_t *e = &t[(va >> shift) & 511];

        if ( !(*e & _PAGE_PRESENT) )
        {
            BUG_ON(*next >= end);           /* layout counted too few */
            *e = ((uint64_t)pfn_to_mfn(l, (*next)++) << PAGE_SHIFT) |
                 TBL_PROT;
        }
        t = maddr_to_virt(*e & PADDR_MASK);
    }
    t[(va >> 12) & 511] = ((uint64_t)mfn << PAGE_SHIFT) | prot;
}

/*
 * Map [v_start, v_end) onto pfns 0.. with 4 KiB pages.  Tables are taken
 * in order from the page-table area; the first is the L4.  Page-table
 * pages are mapped read-only, as a PV guest may never write them directly.
 * With INIT_P2M the p2m gets its own mapping, with its own tables.
 */
static unsigned long build_pagetables(const struct dom0_layout *l)
{
    unsigned long next = layout_pfn(l, l->vpt_start);
    unsigned long pt_first = next, pt_end = layout_pfn(l, l->vpt_end);
    unsigned long l4_mfn = pfn_to_mfn(l, next++);
    uint64_t *l4 = mfn_to_virt(l4_mfn);

    for ( unsigned int s = HV_FIRST_L4_SLOT; s <= HV_LAST_L4_SLOT; s++ )
        l4[s] = idle_pg_table[s];
    for ( uint64_t va = l->v_start; va < l->v_end; va += PAGE_SIZE )
    {
        unsigned long pfn = layout_pfn(l, va);

        map_page(l, l4, va, pfn_to_mfn(l, pfn),
                 pfn >= pt_first && pfn < pt_end ? L1_PROT & ~_PAGE_RW
                                                 : L1_PROT,
                 &next, pt_end);
    }
    next = l->p2m_tables_pfn;
    for ( unsigned long i = 0; l->nr_p2m_frames &&
                               l->p2m_pfn + i < l->p2m_tables_pfn; i++ )
        map_page(l, l4, l->vphysmap_start + i * PAGE_SIZE,
                 pfn_to_mfn(l, l->p2m_pfn + i), L1_PROT, &next,
                 l->p2m_pfn + l->nr_p2m_frames);
    return l4_mfn;
}

/*
 * Type and pin the bootstrap tables through the same validation every
 * guest table gets (Linux unpins this L4 later, so it must be pinned), and
 * take the reference the vCPU's base pointer holds.
 */
static void pin_bootstrap_tables(struct domain *d, unsigned long l4_mfn)
{
    struct page_info *l4 = mfn_to_page(l4_mfn);

    if ( get_page_and_type(l4, d, PGT_l4_page_table) ||
         get_page_and_type(l4, d, PGT_l4_page_table) )
        panic("dom0_build: bootstrap page tables fail validation");
    l4->flags |= PGF_pinned;
}

/*
 * start_info: a dom0 gets SIF_PRIVILEGED|SIF_INITDOMAIN; a kernel without
 * dom0 support gets the domU view, its console ring served by ring 0 and
 * no xenstore (store_evtchn 0: Linux then waits for a local one).
 */
static void write_start_info(const struct dom0_layout *l, struct domain *d,
                             unsigned long initrd_len, const char *cmdline,
                             unsigned int console_port)
{
    struct start_info si;

    memset(&si, 0, sizeof(si));
    strlcpy(si.magic, "xen-3.0-x86_64", sizeof(si.magic));
    si.nr_pages = l->nr_pages;
    si.shared_info = (uint64_t)d->shared_info_mfn << PAGE_SHIFT;
    if ( d->is_privileged )
        si.flags = SIF_PRIVILEGED | SIF_INITDOMAIN;
    else
    {
        si.console.domU.mfn = pfn_to_mfn(l, layout_pfn(l, l->vconsole_start));
        si.console.domU.evtchn = console_port;
    }
    si.pt_base = l->vpt_start;
    si.nr_pt_frames = l->nr_pt_pages;
    si.mfn_list = l->vphysmap_start;
    if ( l->nr_p2m_frames )             /* INIT_P2M: frames Linux frees */
    {
        si.first_p2m_pfn = l->p2m_pfn;
        si.nr_p2m_frames = l->nr_p2m_frames;
    }
    if ( initrd_len )
    {
        si.mod_start = l->initrd_unmapped ? l->initrd_pfn : l->vinitrd_start;
        si.mod_len = initrd_len;
        if ( l->initrd_unmapped )
            si.flags |= SIF_MOD_START_PFN;
    }
    strlcpy((char *)si.cmd_line, cmdline, sizeof(si.cmd_line));
    write_guest(l, l->vstartinfo_start, &si, sizeof(si));
}

static unsigned long dom0_nr_pages(void)
{
    unsigned long avail = frames_free_count();
    unsigned long reserve = MIN(MAX(avail / 16, DOM0_RESERVE_MIN_MB << 8),
                                (unsigned long)DOM0_RESERVE_MAX_MB << 8);
    unsigned long want = opts.dom0_mem >> PAGE_SHIFT;

    /* Frames for the p2m (inside dom0), shared_info and slack. */
    reserve = MIN(reserve, avail / 2);
    if ( !want || want > avail - reserve )
    {
        if ( want )
            pr_warn("dom0: dom0_mem=%luM exceeds the %luM available\n",
                    want >> 8, (avail - reserve) >> 8);
        want = avail - reserve;
    }
    return want;
}

/* dom0_max_vcpus=, or one vCPU per physical CPU (Xen's default). */
static unsigned int dom0_max_vcpus(void)
{
    unsigned int n = opts.dom0_max_vcpus ? opts.dom0_max_vcpus
                                         : num_online_cpus();

    return MIN(n, DOMAIN_MAX_VCPUS);
}

noreturn void dom0_construct_and_start(void)
{
    const struct boot_module *kmod = &boot_info.mods[0];
    const struct boot_module *imod = &boot_info.mods[1];
    uint64_t initrd_len = boot_info.nr_modules > 1 ? imod->end - imod->start
                                                   : 0;
    struct xen_elf_info elf;
    struct dom0_layout l;
    struct domain *d;
    struct vcpu *v;
    struct cpu_user_regs *regs;
    unsigned int console_port = 0;
    const char *err;
    bool as_dom0;
    int rc;

    if ( !boot_info.nr_modules )
        fatal("dom0 kernel: no module given (module2 in grub.cfg)");
    if ( (err = elf_xen_parse(maddr_to_virt(kmod->start),
                              kmod->end - kmod->start, &elf)) )
        fatal("dom0 kernel: %s", err);
    /*
     * Run the kernel as a plain domU, as Xen's PV shim does, when asked to
     * (pv-shim: Debian's cloud kernel claims dom0 support in its notes but
     * is built without it) or when its notes deny dom0 support.
     */
    as_dom0 = elf_dom0_capable(&elf) && !opts.pv_shim;
    if ( !as_dom0 )
        printk("dom0: %s: running it unprivileged with a ring-0 console, "
               "as Xen's PV shim does\n", opts.pv_shim
               ? "pv-shim" : "kernel without dom0 support");
    if ( (err = dom0_compute_layout(&elf, initrd_len, dom0_nr_pages(),
                                    !as_dom0, &l)) )
        fatal("dom0 kernel: %s (kernel 0x%lx-0x%lx, %lu MiB of memory)", err,
              elf.virt_kstart, elf.virt_kend, l.nr_pages >> 8);

    printk("dom0: %s kernel, entry 0x%lx, %lu MiB\n",
           elf.guest_os[0] ? elf.guest_os : "PV", elf.virt_entry,
           l.nr_pages >> 8);
    printk(" kernel   0x%016lx-0x%016lx\n", l.vkern_start, l.vkern_end);
    printk(" initrd   0x%016lx-0x%016lx%s\n", l.vinitrd_start,
           l.vinitrd_end, l.initrd_unmapped ? " (unmapped)" : "");
    printk(" p2m      0x%016lx-0x%016lx\n", l.vphysmap_start, l.vphysmap_end);
    printk(" start    0x%016lx-0x%016lx\n", l.vstartinfo_start,
           l.vstartinfo_end);
    printk(" ptables  0x%016lx-0x%016lx (%lu)\n", l.vpt_start, l.vpt_end,
           l.nr_pt_pages);
    printk(" stack    0x%016lx-0x%016lx\n", l.vstack_start, l.vstack_end);
    printk(" end      0x%016lx\n", l.v_end);

    /* shared_info, event channels; vCPU 0 with its vcpu_time_info. */
    if ( !(d = domain_create(0, dom0_max_vcpus(), as_dom0 ? CDF_privileged
                                                          : 0, &rc)) )
        fatal("dom0: cannot create the domain (error %d)", rc);
    if ( !(v = vcpu_create(d, 0)) )
        fatal("dom0: no memory for vCPU 0");
    /* The others wait offline for VCPUOP_initialise and VCPUOP_up. */
    for ( unsigned int i = 1; i < d->max_vcpus; i++ )
        if ( !vcpu_create(d, i) )
            fatal("dom0: no memory for vCPU %u", i);
    d->tot_pages = d->max_pages = l.nr_pages;
    populate(d, &l);
    d->shared_info->arch.max_pfn = d->tot_pages;

    load_kernel(&l, &elf, maddr_to_virt(kmod->start));
    if ( initrd_len )
        write_pseudophys(&l, l.initrd_unmapped
                             ? (uint64_t)l.initrd_pfn << PAGE_SHIFT
                             : l.vinitrd_start - l.v_start,
                         maddr_to_virt(imod->start), initrd_len);
    if ( !as_dom0 )
        console_port = console_ring_init(d, pfn_to_mfn(&l, layout_pfn(&l,
                                                       l.vconsole_start)));
    write_start_info(&l, d, initrd_len, kmod->cmdline, console_port);
    if ( elf.has_hypercall_page )
        hypercall_page_init(pfn_to_virt(&l, layout_pfn(&l,
                                                    elf.hypercall_page)));
    v->guest_table = build_pagetables(&l);
    pin_bootstrap_tables(d, v->guest_table);

    /* vCPU 0 starts in kernel mode on the boot stack; the rest are down. */
    regs = &v->user_regs;
    memset(regs, 0, sizeof(*regs));
    regs->rip = elf.virt_entry;
    regs->rsp = l.vstack_end;
    regs->rsi = l.vstartinfo_start;
    regs->rflags = X86_EFLAGS_IF | X86_EFLAGS_MBS;
    regs->cs = FLAT_KERNEL_CS;
    regs->ss = FLAT_KERNEL_SS;
    v->kernel_ss = FLAT_KERNEL_SS;
    v->kernel_sp = l.vstack_end;
    domain_unpause(d);                  /* created paused, as every domain */

    v->is_initialised = true;
    v->down = false;
    sched_vcpu_wake(v);

    printk("dom0: starting at 0x%lx, %lu frames free\n", regs->rip,
           frames_free_count());
    sched_start();
}
