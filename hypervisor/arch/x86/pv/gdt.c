/*
 * The guest's GDT (xen/arch/x86/pv/descriptor-tables.c): the CPU's GDT
 * lives at GDT_VIRT_START, 14 pages the guest fills with set_gdt (frames
 * typed PGT_seg_desc_page, so never writable by the guest) followed by
 * the 2 pages of Xen's reserved selectors.  Unused guest pages map a zero
 * frame, whose not-present descriptors fault on use.  One area per CPU
 * (GDT_VIRT_START + cpu * 64 KiB), holding the running vCPU's frames: a
 * context switch rewrites its 14 guest PTEs (gdt_load_vcpu), set_gdt on
 * another vCPU only records.
 */
#include "lib.h"
#include <xen/xen.h>
#include "cpu.h"
#include "descriptor.h"
#include "domain.h"
#include "errno.h"
#include "frame_alloc.h"
#include "guest_access.h"
#include "hypercall.h"
#include "layout.h"
#include "mm.h"
#include "x86.h"

#define GDT_PAGES 16
#define PTE_RO    (_PAGE_PRESENT | _PAGE_NX)
#define PTE_RW    (_PAGE_PRESENT | _PAGE_RW | _PAGE_NX)

static uint64_t *gdt_pte[NR_CPUS][GDT_PAGES];
static unsigned long zero_mfn;

static unsigned long gdt_area(unsigned int cpu)
{
    return GDT_VIRT_START + cpu * GDT_PAGES * PAGE_SIZE;
}

/* Every CPU's area, so the page tables exist before an AP starts. */
void gdt_init(void)
{
    zero_mfn = frame_alloc();
    if ( zero_mfn == INVALID_MFN )
        panic("gdt_init: no frame for the zero page");
    memset(mfn_to_virt(zero_mfn), 0, PAGE_SIZE);
    for ( unsigned int cpu = 0; cpu < NR_CPUS; cpu++ )
    {
        const uint8_t *reserved = gdt_reserved_pages(cpu);

        for ( unsigned int i = 0; i < GDT_PAGES; i++ )
        {
            uint64_t *pte = hv_l1e(gdt_area(cpu) + i * PAGE_SIZE,
                                   _PAGE_PRESENT | _PAGE_RW);

            gdt_pte[cpu][i] = pte;
            if ( i < FIRST_RESERVED_GDT_PAGE )
                *pte = ((uint64_t)zero_mfn << PAGE_SHIFT) | PTE_RO;
            else
                *pte = virt_to_maddr(reserved + (i - FIRST_RESERVED_GDT_PAGE)
                                     * PAGE_SIZE) | PTE_RW;
        }
    }
    gdt_init_cpu(0);
}

void gdt_init_cpu(unsigned int cpu)
{
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) r = {
        GDT_PAGES * PAGE_SIZE - 1, gdt_area(cpu) };

    asm volatile ( "lgdt %0" :: "m" (r) );
}

/* The 14 guest pages of this CPU's area: v's frames, the zero frame. */
void gdt_load_vcpu(const struct vcpu *v)
{
    uint64_t **pte = gdt_pte[smp_processor_id()];

    for ( unsigned int i = 0; i < FIRST_RESERVED_GDT_PAGE; i++ )
        *pte[i] = v->gdt_frames[i]
                      ? ((uint64_t)v->gdt_frames[i] << PAGE_SHIFT) | PTE_RW
                      : ((uint64_t)zero_mfn << PAGE_SHIFT) | PTE_RO;
}

static void gdt_destroy(struct vcpu *v)
{
    for ( unsigned int i = 0; i < FIRST_RESERVED_GDT_PAGE; i++ )
    {
        if ( v->gdt_frames[i] )
            put_page_and_type(mfn_to_page(v->gdt_frames[i]));
        v->gdt_frames[i] = 0;
    }
    v->gdt_ents = 0;
}

/* frames[] holds (entries + 511) / 512 guest-supplied frame numbers. */
long pv_set_gdt(struct vcpu *v, const unsigned long *frames,
                unsigned int entries)
{
    unsigned int n = (entries + 511) / 512, i;

    if ( entries > FIRST_RESERVED_GDT_ENTRY )
        return -EINVAL;
    for ( i = 0; i < n; i++ )
        if ( get_page_and_type(mfn_to_page(frames[i]), v->domain,
                               PGT_seg_desc_page) )
            goto fail;
    gdt_destroy(v);
    for ( i = 0; i < n; i++ )
        v->gdt_frames[i] = frames[i];
    v->gdt_ents = entries;
    if ( v == current )
    {
        gdt_load_vcpu(v);
        flush_tlb();
    }
    return 0;

 fail:
    while ( i-- > 0 )
        put_page_and_type(mfn_to_page(frames[i]));
    return -EINVAL;
}

long do_set_gdt(unsigned long frame_list, unsigned int entries)
{
    unsigned long frames[FIRST_RESERVED_GDT_PAGE];
    unsigned int n = (entries + 511) / 512;

    if ( entries > FIRST_RESERVED_GDT_ENTRY )
        return -EINVAL;
    if ( copy_from_guest_raw(frames, frame_list, n * sizeof(frames[0])) )
        return -EFAULT;
    return pv_set_gdt(current, frames, entries);
}

long do_update_descriptor(uint64_t maddr, uint64_t desc)
{
    struct domain *d = current->domain;
    unsigned long mfn = maddr >> PAGE_SHIFT;
    struct page_info *pg = mfn_to_page(mfn);
    enum page_type type;

    /* Aligned, or it would straddle two descriptors. */
    if ( (maddr & 7) || !check_descriptor(&desc) || !get_page(pg, d) )
        return -EINVAL;
    /* A descriptor page stays one; any other frame must be writable. */
    type = pg->type_count && pg->type == PGT_seg_desc_page
           ? PGT_seg_desc_page : PGT_writable_page;
    if ( get_page_type(pg, type) )
    {
        put_page(pg);
        return -EINVAL;
    }
    ((uint64_t *)frame_virt(mfn))[(maddr & ~PAGE_MASK) / 8] = desc;
    put_page_and_type(pg);
    return 0;
}
