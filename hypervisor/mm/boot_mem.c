/*
 * From the multiboot memory map to free frames.  The low 1 MiB (firmware),
 * the hypervisor image, the boot info and every module stay reserved; mem=
 * caps what is used, as Xen's option does.
 */
#include "boot.h"
#include "frame_alloc.h"
#include "layout.h"
#include "mm.h"
#include "x86.h"

extern char _start[], _end[];
static unsigned long max_ram_pfn;

static void reserve_bytes(uint64_t start, uint64_t end)
{
    frames_reserve_range(start >> PAGE_SHIFT, ROUNDUP(end, PAGE_SIZE) >>
                                              PAGE_SHIFT);
}

void mm_init(void)
{
    uint64_t limit = (uint64_t)DIRECTMAP_GIB << 30;
    uint64_t ignored = 0;

    if ( opts.mem_limit && opts.mem_limit < limit )
        limit = opts.mem_limit;
    frames_reset();
    for ( unsigned int i = 0; i < boot_info.nr_ram; i++ )
    {
        uint64_t s = MAX(boot_info.ram[i].start, 0x100000UL);
        uint64_t e = MIN(boot_info.ram[i].end, limit);

        if ( boot_info.ram[i].end > limit )
            ignored += boot_info.ram[i].end -
                       MAX(boot_info.ram[i].start, limit);
        s = ROUNDUP(s, PAGE_SIZE);
        e = ROUNDDOWN(e, PAGE_SIZE);
        if ( s < e )
            frames_free_range(s >> PAGE_SHIFT, e >> PAGE_SHIFT);
    }
    max_ram_pfn = frames_max_pfn();
    reserve_bytes((uint64_t)_start - XEN_VIRT_START,
                  (uint64_t)_end - XEN_VIRT_START);
    reserve_bytes(boot_info.mbi.start, boot_info.mbi.end);
    for ( unsigned int i = 0; i < boot_info.nr_modules; i++ )
        reserve_bytes(boot_info.mods[i].start, boot_info.mods[i].end);

    if ( !frames_free_count() )
        fatal("multiboot: no usable memory (%u RAM ranges%s)",
              boot_info.nr_ram, opts.mem_limit ? ", after mem=" : "");
    if ( ignored )
        pr_warn("mm: %lu MiB of RAM above the %lu MiB limit ignored\n",
                ignored >> 20, limit >> 20);
    pr_info("mm: %lu MiB free of %lu MiB RAM\n",
            frames_free_count() >> 8, max_ram_pfn >> 8);
}

unsigned long max_page(void)
{
    return max_ram_pfn;
}

void mm_drop_identity_map(void)
{
    idle_pg_table[0] = 0;
    write_cr3(read_cr3());
}
