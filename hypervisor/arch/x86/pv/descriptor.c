/*
 * Guest segment descriptors (Xen's check_descriptor for a 64-bit PV
 * domain).  Present code and data segments are allowed with their DPL
 * raised to 3, the guest kernel's ring; call gates only with a guest
 * code selector, and with DPL 0 so that using one faults into ring 0
 * (its real DPL kept in the selector's RPL).  Everything else (TSS, LDT,
 * interrupt gates) is refused.
 */
#include "descriptor.h"
#include <xen/xen.h>
#include "errno.h"

#define SEG_TYPE (0xfUL << 40)
#define SEG_S    (1UL << 44)
#define SEG_DPL  (3UL << 45)
#define SEG_P    (1UL << 47)
#define TYPE_CALL_GATE (0xcUL << 40)

/* A call gate's target: the flat kernel CS, or a guest GDT/LDT entry. */
static bool gate_selector_ok(unsigned int sel)
{
    return (sel & ~3u) == (FLAT_KERNEL_CS & ~3u) || (sel & 4) ||
           (sel >> 3) < FIRST_RESERVED_GDT_ENTRY;
}

bool check_descriptor(uint64_t *desc)
{
    uint64_t d = *desc;
    unsigned int dpl, cs;

    if ( !(d & SEG_P) )
        return true;                    /* not present: always faults */
    dpl = (unsigned int)((d & SEG_DPL) >> 45);
    if ( dpl < 3 )
        dpl = 3;                        /* the guest kernel is in ring 3 */
    d = (d & ~SEG_DPL) | ((uint64_t)dpl << 45);
    if ( d & SEG_S )
    {
        *desc = d;                      /* code/data: no base/limit checks */
        return true;
    }
    if ( (d & SEG_TYPE) == 0 )
        return true;                    /* upper half of a 16-byte gate */
    if ( (d & SEG_TYPE) != TYPE_CALL_GATE )
        return false;
    cs = (unsigned int)((d >> 16) & 0xffff);
    if ( !gate_selector_ok(cs) )
        return false;
    /* DPL 0 so that use faults; the DPL travels in the selector's RPL. */
    d &= ~SEG_DPL;
    cs = (cs & ~3u) | dpl;
    d = (d & ~0xffff0000UL) | ((uint64_t)cs << 16);
    if ( (d >> 32) & 0xff )             /* reserved bits must be zero */
        return false;
    *desc = d;
    return true;
}

int desc_validate_page(struct page_info *pg)
{
    uint64_t *descs = frame_virt(page_to_mfn(pg));

    for ( unsigned int i = 0; i < 512; i++ )
        if ( !check_descriptor(&descs[i]) )
            return -EINVAL;
    return 0;
}
