/*
 * Unit tests of the dom0 builder's pure half (dom0/builder/image.c): the
 * plan's refusals with their reasons, and the written image checked page
 * by page: kernel bytes at their addresses, bss zero, ramdisk, p2m,
 * start_info, and page tables that map [v_start, v_end) onto the p2m with
 * the tables themselves read-only.  Images are assembled in memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <xen/elfnote.h>
#include <dom0/image.h>

#define IMG_SIZE    8192
#define VBASE       0xffffffff80000000UL
#define KB          8192                /* guest memory in KiB */

/* Debian's glibc has no strlcpy; image.c uses ring 0's. */
size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);

    if ( size )
    {
        size_t k = n < size - 1 ? n : size - 1;

        memcpy(dst, src, k);
        dst[k] = '\0';
    }
    return n;
}

static _Alignas(8) uint8_t img[IMG_SIZE];

/* A pv-guest-like kernel: text at VBASE + 1 MiB, 0x800 bytes of file in
 * 0x3000 of memory, notes VIRT_BASE, PADDR_OFFSET, ENTRY, HYPERCALL_PAGE,
 * and Linux's INIT_P2M when p2m_base is not 0. */
static size_t make_kernel_p2m(uint64_t p2m_base)
{
    Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
    Elf64_Phdr *ph = (Elf64_Phdr *)(img + sizeof(*eh));
    uint8_t *note = img + 0x400;
    size_t off = 0;

    memset(img, 0, sizeof(img));
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_X86_64;
    eh->e_entry = VBASE + 0x100000;
    eh->e_phoff = sizeof(*eh);
    eh->e_phentsize = sizeof(*ph);
    eh->e_phnum = 2;
    ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = 0x1000,
                          .p_vaddr = VBASE + 0x100000, .p_paddr = 0x100000,
                          .p_filesz = 0x800, .p_memsz = 0x3000 };
    memset(img + 0x1000, 0xab, 0x800);

#define NOTE(type, ptr, len)                                            \
    do {                                                                \
        uint32_t h[3] = { 4, (len), (type) };                           \
        memcpy(note + off, h, 12);                                      \
        memcpy(note + off + 12, "Xen", 4);                              \
        memcpy(note + off + 16, (ptr), (len));                          \
        off += 16 + (((len) + 3) & ~3u);                                \
    } while ( 0 )
    {
        uint64_t vb = VBASE, po = 0, hp = VBASE + 0x101000;

        NOTE(XEN_ELFNOTE_GUEST_OS, "PVX", 4);
        NOTE(XEN_ELFNOTE_LOADER, "generic", 8);
        NOTE(XEN_ELFNOTE_XEN_VERSION, "xen-3.0", 8);
        NOTE(XEN_ELFNOTE_VIRT_BASE, &vb, 8);
        NOTE(XEN_ELFNOTE_PADDR_OFFSET, &po, 8);
        NOTE(XEN_ELFNOTE_HYPERCALL_PAGE, &hp, 8);
        if ( p2m_base )
            NOTE(XEN_ELFNOTE_INIT_P2M, &p2m_base, 8);
    }
#undef NOTE
    ph[1] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = 0x400,
                          .p_filesz = off };
    return sizeof(img);
}

static size_t make_kernel(void)
{
    return make_kernel_p2m(0);
}

static struct build_spec spec(size_t len, unsigned long kb)
{
    return (struct build_spec){ .name = "t", .kernel = img,
                                .kernel_len = len, .cmdline = "role=a",
                                .mem_kb = kb, .vcpus = 1 };
}

static void refusals_name_the_problem(void **state)
{
    struct image_plan p;
    struct build_spec s;
    const char *err;

    (void)state;
    s = spec(make_kernel(), 512);
    assert_string_equal(image_plan(&s, &p), "memory: less than 1 MiB");
    s = spec(make_kernel(), 2UL << 20);
    assert_string_equal(image_plan(&s, &p), "memory: more than 1 GiB");
    s = spec(make_kernel(), 1024);      /* a 4 MiB region in 1 MiB */
    err = image_plan(&s, &p);
    assert_non_null(err);
    assert_non_null(strstr(err, "memory: 1024 KiB"));
    s = spec(0, KB);
    assert_string_equal(image_plan(&s, &p), "kernel: empty image");
    s = spec(make_kernel(), KB);
    img[0] = 'X';
    err = image_plan(&s, &p);
    assert_non_null(err);
    assert_non_null(strstr(err, "kernel: not an ELF64"));
    s = spec(make_kernel(), KB);
    s.ramdisk_len = 10;
    assert_string_equal(image_plan(&s, &p), "ramdisk: no data");
}

static void writes_a_bootable_image(void **state)
{
    static const char rd[] = "ramdisk bytes";
    struct build_spec s = spec(make_kernel(), KB);
    struct image_boot b = { .shared_info_maddr = 0x1234000,
                            .store_port = 2, .console_port = 1 };
    struct image_plan p;
    xen_pfn_t *p2m;
    uint8_t *region;
    const start_info_t *si;
    unsigned long pt0, pt1;

    (void)state;
    s.ramdisk = rd;
    s.ramdisk_len = sizeof(rd);
    assert_null(image_plan(&s, &p));
    assert_int_equal(p.nr_pages, KB / 4);
    assert_true(p.region_pages <= p.nr_pages);
    p2m = malloc(p.nr_pages * sizeof(*p2m));
    for ( unsigned long i = 0; i < p.nr_pages; i++ )
        p2m[i] = 0x50000 + 3 * i;       /* distinct, not contiguous */
    region = malloc(p.region_pages * 4096);
    memset(region, 0xcc, p.region_pages * 4096);
    image_write(&p, &s, &b, region, NULL, p2m);

    /* Kernel at its paddr, bss zero, ramdisk after it. */
    assert_int_equal(region[0x100000], 0xab);
    assert_int_equal(region[0x1007ff], 0xab);
    assert_int_equal(region[0x100800], 0);
    assert_int_equal(region[0x102fff], 0);
    assert_memory_equal(region + (p.l.vinitrd_start - VBASE), rd,
                        sizeof(rd));
    assert_int_equal(p.hypercall_pfn, 0x101);
    /* The xenstore page sits between ramdisk and start_info. */
    assert_true(p.store_pfn * 4096 >= p.l.vinitrd_start - VBASE +
                sizeof(rd));
    assert_true(p.store_pfn < p.start_info_pfn);

    si = (const start_info_t *)(region + p.start_info_pfn * 4096);
    assert_string_equal(si->magic, "xen-3.0-x86_64");
    assert_int_equal(si->nr_pages, p.nr_pages);
    assert_int_equal(si->shared_info, 0x1234000);
    assert_int_equal(si->flags, 0);
    assert_int_equal(si->store_mfn, p2m[p.store_pfn]);
    assert_int_equal(si->store_evtchn, 2);
    assert_int_equal(si->console.domU.mfn, p2m[p.console_pfn]);
    assert_int_equal(si->console.domU.evtchn, 1);
    assert_int_equal(si->pt_base, p.l.vpt_start);
    assert_int_equal(si->mfn_list, p.l.vphysmap_start);
    assert_int_equal(si->mod_start, p.l.vinitrd_start);
    assert_int_equal(si->mod_len, sizeof(rd));
    assert_string_equal((const char *)si->cmd_line, "role=a");
    assert_memory_equal(region + (p.l.vphysmap_start - VBASE), p2m,
                        p.nr_pages * sizeof(*p2m));

    /* Walk every page of the region through the written tables. */
    pt0 = p.l4_pfn;
    pt1 = pt0 + p.l.nr_pt_pages;
    for ( uint64_t va = p.l.v_start; va < p.l.v_end; va += 4096 )
    {
        unsigned long table = p.l4_pfn, pfn = (va - VBASE) / 4096;
        uint64_t e = 0;

        for ( int shift = 39; shift >= 12; shift -= 9 )
        {
            e = ((uint64_t *)(region + table * 4096))[(va >> shift) & 511];
            assert_true(e & 1);
            if ( shift == 12 )
                break;
            table = ~0UL;
            for ( unsigned long t = pt0; t < pt1; t++ )
                if ( (uint64_t)p2m[t] << 12 == (e & 0x000ffffffffff000UL) )
                    table = t;
            assert_true(table != ~0UL);
        }
        assert_int_equal(e >> 12, p2m[pfn]);
        assert_int_equal(!!(e & 2), !(pfn >= pt0 && pfn < pt1));
    }
    free(region);
    free(p2m);
}

/*
 * Walk va through the written tables to its L1 entry.  Tables must be
 * pages the builder owns: the region's table area or, with INIT_P2M, the
 * p2m area's tables.
 */
static uint64_t walk(const struct image_plan *p, uint8_t *region,
                     uint8_t *area, const xen_pfn_t *p2m, uint64_t va)
{
    unsigned long table = p->l4_pfn;
    unsigned long pt0 = p->l4_pfn, pt1 = pt0 + p->l.nr_pt_pages;
    unsigned long at0 = p->l.p2m_tables_pfn;
    unsigned long at1 = p->l.p2m_pfn + p->p2m_area_pages;
    uint64_t e = 0;

    for ( int shift = 39; shift >= 12; shift -= 9 )
    {
        uint8_t *page = table < p->region_pages
                        ? region + table * 4096
                        : area + (table - p->l.p2m_pfn) * 4096;

        e = ((uint64_t *)page)[(va >> shift) & 511];
        assert_true(e & 1);
        if ( shift == 12 )
            break;
        table = ~0UL;
        for ( unsigned long t = 0; t < p->nr_pages; t++ )
            if ( (uint64_t)p2m[t] << 12 == (e & 0x000ffffffffff000UL) )
                table = t;
        assert_true((table >= pt0 && table < pt1) ||
                    (p->p2m_area_pages && table >= at0 && table < at1));
    }
    return e;
}

#define P2M_VA  0x8000000000UL          /* Linux's INIT_P2M: L4 slot 1 */

/* INIT_P2M: the p2m lives after the region, mapped at the note's address
 * by tables of its own; start_info names it and its frames. */
static void init_p2m_maps_the_p2m_outside_the_region(void **state)
{
    struct build_spec s = spec(make_kernel_p2m(P2M_VA), 4 * KB);
    struct image_boot b = { .shared_info_maddr = 0x1234000 };
    struct image_plan p;
    xen_pfn_t *p2m;
    uint8_t *region, *area;
    const start_info_t *si;
    unsigned long p2m_pages;

    (void)state;
    assert_null(image_plan(&s, &p));
    p2m_pages = (p.nr_pages * 8 + 4095) / 4096;
    assert_int_equal(p.l.vphysmap_start, P2M_VA);
    assert_int_equal(p.p2m_area_pages, p.l.nr_p2m_frames);
    assert_int_equal(p.l.p2m_pfn, p.region_pages);    /* right after */
    assert_int_equal(p.l.p2m_tables_pfn, p.l.p2m_pfn + p2m_pages);
    assert_int_equal(p.p2m_area_pages, p2m_pages + 3);  /* L3, L2, L1 */
    assert_true(p.l.p2m_pfn + p.p2m_area_pages <= p.nr_pages);
    /* The region no longer holds the p2m: start_info follows the ramdisk
     * and xenstore page directly. */
    assert_int_equal(p.start_info_pfn, p.store_pfn + 1);

    p2m = malloc(p.nr_pages * sizeof(*p2m));
    for ( unsigned long i = 0; i < p.nr_pages; i++ )
        p2m[i] = 0x90000 + 5 * i;
    region = malloc(p.region_pages * 4096);
    area = malloc(p.p2m_area_pages * 4096);
    memset(region, 0xcc, p.region_pages * 4096);
    memset(area, 0xcc, p.p2m_area_pages * 4096);
    image_write(&p, &s, &b, region, area, p2m);

    si = (const start_info_t *)(region + p.start_info_pfn * 4096);
    assert_int_equal(si->mfn_list, P2M_VA);
    assert_int_equal(si->first_p2m_pfn, p.l.p2m_pfn);
    assert_int_equal(si->nr_p2m_frames, p.p2m_area_pages);
    assert_memory_equal(area, p2m, p.nr_pages * sizeof(*p2m));

    /* Every p2m page at its address, writable; one past it unmapped. */
    for ( unsigned long i = 0; i < p2m_pages; i++ )
    {
        uint64_t e = walk(&p, region, area, p2m, P2M_VA + i * 4096);

        assert_int_equal(e >> 12, p2m[p.l.p2m_pfn + i]);
        assert_true(e & 2);
    }
    assert_int_equal(((uint64_t *)(area + (p.l.p2m_tables_pfn + 2 -
                                           p.l.p2m_pfn) * 4096))[p2m_pages],
                     0);
    /* The region still maps pfn 0.. with its tables read-only. */
    for ( uint64_t va = p.l.v_start; va < p.l.v_end; va += 4096 )
    {
        unsigned long pfn = (va - VBASE) / 4096;
        uint64_t e = walk(&p, region, area, p2m, va);

        assert_int_equal(e >> 12, p2m[pfn]);
        assert_int_equal(!!(e & 2), !(pfn >= p.l4_pfn &&
                                      pfn < p.l4_pfn + p.l.nr_pt_pages));
    }
    free(area);
    free(region);
    free(p2m);
}

/* An INIT_P2M address the layout cannot take is refused by name. */
static void init_p2m_refusals(void **state)
{
    struct image_plan p;
    struct build_spec s;
    const char *err;

    (void)state;
    s = spec(make_kernel_p2m(VBASE + (1UL << 30)), KB);  /* region's slot */
    err = image_plan(&s, &p);
    assert_non_null(err);
    assert_non_null(strstr(err, "INIT_P2M shares a top-level slot"));
    s = spec(make_kernel_p2m(0xffff800000000000UL), KB);  /* Xen's range */
    err = image_plan(&s, &p);
    assert_non_null(err);
    assert_non_null(strstr(err, "bad INIT_P2M address"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refusals_name_the_problem),
        cmocka_unit_test(writes_a_bootable_image),
        cmocka_unit_test(init_p2m_maps_the_p2m_outside_the_region),
        cmocka_unit_test(init_p2m_refusals),
    };

    return cmocka_run_group_tests_name("dom0_image", tests, NULL, NULL);
}
