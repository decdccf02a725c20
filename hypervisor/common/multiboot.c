/*
 * Multiboot2 info parsing.  The loader is trusted to be a loader, not to be
 * bug-free: every tag is bounds-checked against the info's total size, and
 * lists longer than our tables are cut with a warning.
 */
#include "boot.h"
#include "layout.h"

#define MB2_TAG_END      0
#define MB2_TAG_CMDLINE  1
#define MB2_TAG_MODULE   3
#define MB2_TAG_MMAP     6
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15
#define E820_RAM         1

struct boot_info boot_info;

struct mb2_tag
{
    uint32_t type, size;
};

static void copy_string(char *dst, const char *src, size_t max_src)
{
    size_t n = strnlen(src, max_src);

    n = MIN(n, (size_t)CMDLINE_MAX - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void parse_mmap(const uint8_t *tag, uint32_t size)
{
    uint32_t entry_size = *(const uint32_t *)(tag + 8);

    if ( entry_size < 24 || size < 16 )
        fatal("multiboot: malformed memory map tag");
    for ( uint32_t off = 16; off + 24 <= size; off += entry_size )
    {
        const uint8_t *e = tag + off;
        uint64_t addr = *(const uint64_t *)e, len = *(const uint64_t *)(e + 8);
        uint32_t type = *(const uint32_t *)(e + 16);

        if ( boot_info.nr_map < MAX_MEM_RANGES )
        {
            boot_info.map[boot_info.nr_map].addr = addr;
            boot_info.map[boot_info.nr_map].size = len;
            boot_info.map[boot_info.nr_map++].type = type;
        }
        if ( type != E820_RAM || !len || addr + len < addr )
            continue;
        if ( boot_info.nr_ram == MAX_MEM_RANGES )
        {
            pr_warn("multiboot: more than %d RAM ranges, rest ignored\n",
                    MAX_MEM_RANGES);
            break;
        }
        boot_info.ram[boot_info.nr_ram].start = addr;
        boot_info.ram[boot_info.nr_ram++].end = addr + len;
    }
}

void multiboot_parse(uint64_t mbi_phys)
{
    const uint8_t *mbi = maddr_to_virt(mbi_phys);
    uint32_t total = *(const uint32_t *)mbi;

    if ( total < 16 || mbi_phys + total > (uint64_t)DIRECTMAP_GIB << 30 )
        fatal("multiboot: info block of %u bytes unusable", total);
    boot_info.mbi.start = mbi_phys;
    boot_info.mbi.end = mbi_phys + total;

    for ( uint32_t off = 8; off + sizeof(struct mb2_tag) <= total; )
    {
        const struct mb2_tag *tag = (const void *)(mbi + off);
        const uint8_t *body = (const uint8_t *)tag + 8;

        if ( tag->size < 8 || tag->size > total - off )
            fatal("multiboot: tag %u at offset %u overruns the info",
                  tag->type, off);
        switch ( tag->type )
        {
        case MB2_TAG_END:
            return;
        case MB2_TAG_CMDLINE:
            copy_string(boot_info.cmdline, (const char *)body, tag->size - 8);
            break;
        case MB2_TAG_MODULE:
        {
            struct boot_module *m = &boot_info.mods[boot_info.nr_modules];

            if ( tag->size < 16 )
                fatal("multiboot: short module tag");
            if ( boot_info.nr_modules == MAX_MODULES )
            {
                pr_warn("multiboot: more than %d modules, rest ignored\n",
                        MAX_MODULES);
                break;
            }
            m->start = *(const uint32_t *)body;
            m->end = *(const uint32_t *)(body + 4);
            if ( m->end < m->start )
                fatal("multiboot: module %u ends before it starts",
                      boot_info.nr_modules);
            copy_string(m->cmdline, (const char *)body + 8, tag->size - 16);
            boot_info.nr_modules++;
            break;
        }
        case MB2_TAG_MMAP:
            parse_mmap((const uint8_t *)tag, tag->size);
            break;
        case MB2_TAG_ACPI_OLD:
        case MB2_TAG_ACPI_NEW:
            /* The tag holds a copy of the RSDP; prefer the ACPI 2.0 one. */
            if ( !boot_info.rsdp_phys || tag->type == MB2_TAG_ACPI_NEW )
                boot_info.rsdp_phys = mbi_phys + off + 8;
            break;
        }
        off += ROUNDUP(tag->size, 8u);
    }
}
