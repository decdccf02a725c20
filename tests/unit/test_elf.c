/*
 * Unit tests of the PV kernel ELF parser (hypervisor/common/elf.c): every
 * refusal path with a hostile image, and the libelf address rules for the
 * images that are accepted.  Images are assembled in memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <xen/elfnote.h>
#include "elf_image.h"

#define IMG_SIZE 8192

struct image
{
    _Alignas(8) uint8_t buf[IMG_SIZE];
    Elf64_Ehdr *eh;
    Elf64_Phdr *ph;
    size_t note_off, note_len;
};

/* An ELF64 x86-64 executable: one PT_LOAD, one PT_NOTE, nothing else. */
static void image_init(struct image *im)
{
    memset(im->buf, 0, sizeof(im->buf));
    im->eh = (Elf64_Ehdr *)im->buf;
    memcpy(im->eh->e_ident, ELFMAG, SELFMAG);
    im->eh->e_ident[EI_CLASS] = ELFCLASS64;
    im->eh->e_ident[EI_DATA] = ELFDATA2LSB;
    im->eh->e_type = ET_EXEC;
    im->eh->e_machine = EM_X86_64;
    im->eh->e_entry = 0x100000;
    im->eh->e_phoff = sizeof(Elf64_Ehdr);
    im->eh->e_phentsize = sizeof(Elf64_Phdr);
    im->eh->e_phnum = 2;
    im->ph = (Elf64_Phdr *)(im->buf + im->eh->e_phoff);
    im->ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = 0x1000,
                              .p_vaddr = 0x100000, .p_paddr = 0x100000,
                              .p_filesz = 0x800, .p_memsz = 0x3000 };
    im->note_off = 0x400;
    im->note_len = 0;
    im->ph[1] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = im->note_off };
}

static void add_note(struct image *im, uint32_t type, const void *desc,
                     uint32_t descsz)
{
    uint8_t *p = im->buf + im->note_off + im->note_len;
    uint32_t hdr[3] = { 4, descsz, type };

    memcpy(p, hdr, sizeof(hdr));
    memcpy(p + 12, "Xen", 4);
    memcpy(p + 16, desc, descsz);
    im->note_len += 16 + ((descsz + 3) & ~3u);
    im->ph[1].p_filesz = im->note_len;
}

static void add_str(struct image *im, uint32_t type, const char *s)
{
    add_note(im, type, s, (uint32_t)strlen(s) + 1);
}

static void add_u64(struct image *im, uint32_t type, uint64_t v)
{
    add_note(im, type, &v, sizeof(v));
}

/* The notes every accepted test image carries (XTF-style). */
static void add_basic_notes(struct image *im)
{
    add_str(im, XEN_ELFNOTE_GUEST_OS, "XTF");
    add_str(im, XEN_ELFNOTE_LOADER, "generic");
    add_str(im, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
}

static const char *parse(struct image *im, struct xen_elf_info *info)
{
    return elf_xen_parse(im->buf, IMG_SIZE, info);
}

static void xtf_style_image_is_accepted(void **state)
{
    struct image im;
    struct xen_elf_info info;

    (void)state;
    image_init(&im);
    add_basic_notes(&im);
    add_u64(&im, XEN_ELFNOTE_HYPERCALL_PAGE, 0x101000);
    assert_null(parse(&im, &info));
    assert_int_equal(info.virt_base, 0);
    assert_int_equal(info.virt_entry, 0x100000);    /* e_entry */
    assert_int_equal(info.virt_kstart, 0x100000);
    assert_int_equal(info.virt_kend, 0x103000);
    assert_true(info.has_hypercall_page);
    assert_int_equal(info.hypercall_page, 0x101000);
    assert_int_equal(info.nr_loads, 1);
}

static void linux_style_loads_by_paddr(void **state)
{
    struct image im;
    struct xen_elf_info info;

    (void)state;
    image_init(&im);
    /* vaddr 0 on purpose: Linux's .data..percpu has it; paddr rules. */
    im.ph[0].p_vaddr = 0;
    im.ph[0].p_paddr = 0x1000000;
    add_str(&im, XEN_ELFNOTE_GUEST_OS, "linux");
    add_str(&im, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    add_u64(&im, XEN_ELFNOTE_VIRT_BASE, 0xffffffff80000000UL);
    add_u64(&im, XEN_ELFNOTE_PADDR_OFFSET, 0);
    add_u64(&im, XEN_ELFNOTE_ENTRY, 0xffffffff81000100UL);
    assert_null(parse(&im, &info));
    assert_int_equal(info.virt_kstart, 0xffffffff81000000UL);
    assert_int_equal(info.virt_kend, 0xffffffff81003000UL);
    assert_int_equal(info.virt_entry, 0xffffffff81000100UL);  /* ENTRY */
}

static void refuses_non_elf64(void **state)
{
    struct image im;
    struct xen_elf_info info;

    (void)state;
    image_init(&im);
    add_basic_notes(&im);
    im.eh->e_ident[EI_CLASS] = ELFCLASS32;
    assert_string_equal(parse(&im, &info), "not an ELF64 x86-64 executable");
    im.eh->e_ident[EI_CLASS] = ELFCLASS64;
    im.eh->e_machine = EM_386;
    assert_string_equal(parse(&im, &info), "not an ELF64 x86-64 executable");
    im.eh->e_machine = EM_X86_64;
    im.buf[0] = 'x';
    assert_string_equal(parse(&im, &info), "not an ELF64 x86-64 executable");
    assert_string_equal(elf_xen_parse(im.buf, 10, &info),
                        "not an ELF64 x86-64 executable");
}

static void refuses_missing_notes(void **state)
{
    struct image im;
    struct xen_elf_info info;

    (void)state;
    image_init(&im);
    assert_string_equal(parse(&im, &info), "no Xen ELF notes");
}

static void finds_notes_in_sections(void **state)
{
    struct image im;
    struct xen_elf_info info;
    Elf64_Shdr *sh;

    (void)state;
    image_init(&im);
    add_basic_notes(&im);
    im.ph[1].p_type = PT_NULL;          /* hide the segment */
    im.eh->e_shoff = 0x800;
    im.eh->e_shentsize = sizeof(Elf64_Shdr);
    im.eh->e_shnum = 2;
    sh = (Elf64_Shdr *)(im.buf + 0x800);
    sh[1] = (Elf64_Shdr){ .sh_type = SHT_NOTE, .sh_offset = im.note_off,
                          .sh_size = im.note_len };
    assert_null(parse(&im, &info));
    sh[1].sh_size = IMG_SIZE;           /* runs off the end */
    assert_string_equal(parse(&im, &info),
                        "SHT_NOTE section lies outside the image");
}

static void refuses_bad_segments(void **state)
{
    struct image im;
    struct xen_elf_info info;

    (void)state;
    image_init(&im);
    add_basic_notes(&im);
    im.ph[0].p_offset = ~0UL - 4;       /* offset + filesz wraps */
    assert_string_equal(parse(&im, &info),
                        "PT_LOAD segment lies outside the image");
    im.ph[0].p_offset = 0x1000;
    im.ph[0].p_memsz = 0x400;           /* filesz > memsz */
    assert_string_equal(parse(&im, &info),
                        "PT_LOAD segment has impossible sizes");
    im.ph[0].p_memsz = 0x3000;
    im.ph[0].p_paddr = ~0UL - 0x100;    /* paddr + memsz wraps */
    assert_string_equal(parse(&im, &info),
                        "PT_LOAD segment has impossible sizes");
    im.eh->e_phoff = IMG_SIZE - 8;
    assert_string_equal(parse(&im, &info),
                        "program header table lies outside the image");
}

static void refuses_overlapping_segments(void **state)
{
    struct image im;
    struct xen_elf_info info;

    (void)state;
    image_init(&im);
    im.eh->e_phnum = 3;
    im.ph[2] = im.ph[1];
    im.ph[1] = im.ph[0];
    im.ph[1].p_paddr = 0x102000;        /* inside [0x100000, 0x103000) */
    im.note_len = 0;
    add_basic_notes(&im);
    im.ph[2].p_filesz = im.note_len;
    im.ph[1].p_filesz = 0;
    assert_string_equal(parse(&im, &info), "PT_LOAD segments overlap");
    im.ph[1].p_paddr = 0x103000;        /* adjacent is fine */
    assert_null(parse(&im, &info));
    assert_int_equal(info.nr_loads, 2);
}

static void enforces_libelf_note_rules(void **state)
{
    struct image im;
    struct xen_elf_info info;

    (void)state;
    image_init(&im);
    add_str(&im, XEN_ELFNOTE_GUEST_OS, "Mini-OS");
    add_str(&im, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    assert_string_equal(parse(&im, &info), "Xen notes: neither LOADER "
                        "\"generic\" nor GUEST_OS \"linux\"");

    image_init(&im);
    add_str(&im, XEN_ELFNOTE_LOADER, "generic");
    add_str(&im, XEN_ELFNOTE_XEN_VERSION, "xen-2.0");
    assert_string_equal(parse(&im, &info),
                        "Xen notes: XEN_VERSION is not \"xen-3.0\"");

    image_init(&im);
    add_basic_notes(&im);
    add_u64(&im, XEN_ELFNOTE_PADDR_OFFSET, 0);
    assert_string_equal(parse(&im, &info), "Xen notes: PADDR_OFFSET set but "
                        "VIRT_BASE unset");
}

static void refuses_out_of_bounds_addresses(void **state)
{
    struct image im;
    struct xen_elf_info info;

    (void)state;
    image_init(&im);
    add_basic_notes(&im);
    add_u64(&im, XEN_ELFNOTE_ENTRY, 0x200000);
    assert_string_equal(parse(&im, &info), "ELF start or entry out of bounds");

    image_init(&im);
    add_basic_notes(&im);
    add_u64(&im, XEN_ELFNOTE_HYPERCALL_PAGE, 0x102800);  /* straddles end */
    assert_string_equal(parse(&im, &info),
                        "hypercall page outside the kernel image");
}

static void refuses_corrupt_notes(void **state)
{
    struct image im;
    struct xen_elf_info info;
    uint32_t huge = 0xfffffff0;

    (void)state;
    image_init(&im);
    add_basic_notes(&im);
    memcpy(im.buf + im.note_off + 4, &huge, 4);     /* descsz overruns */
    assert_string_equal(parse(&im, &info), "malformed ELF note");

    image_init(&im);
    add_basic_notes(&im);
    add_note(&im, XEN_ELFNOTE_ENTRY, "abc", 3);     /* not 1/2/4/8 bytes */
    assert_string_equal(parse(&im, &info), "malformed ELF note");
}

static void tolerates_misaligned_tables(void **state)
{
    struct image im;
    struct xen_elf_info info;

    (void)state;
    image_init(&im);
    add_basic_notes(&im);
    /* Move the program headers to an odd offset: no misaligned loads. */
    memmove(im.buf + 0x201, im.ph, 2 * sizeof(Elf64_Phdr));
    im.eh->e_phoff = 0x201;
    assert_null(parse(&im, &info));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(xtf_style_image_is_accepted),
        cmocka_unit_test(linux_style_loads_by_paddr),
        cmocka_unit_test(refuses_non_elf64),
        cmocka_unit_test(refuses_missing_notes),
        cmocka_unit_test(finds_notes_in_sections),
        cmocka_unit_test(refuses_bad_segments),
        cmocka_unit_test(refuses_overlapping_segments),
        cmocka_unit_test(enforces_libelf_note_rules),
        cmocka_unit_test(refuses_out_of_bounds_addresses),
        cmocka_unit_test(refuses_corrupt_notes),
        cmocka_unit_test(tolerates_misaligned_tables),
    };

    return cmocka_run_group_tests_name("elf", tests, NULL, NULL);
}
