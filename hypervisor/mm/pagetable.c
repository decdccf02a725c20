/*
 * The rules that keep a PV guest inside its own memory (Xen's
 * get_page_from_l?e / mod_l?_entry).  An L1 entry may map a frame the
 * domain owns, writable only if that frame can take the writable type
 * (so never a page table); L2-L4 entries must reference validated tables
 * one level down, or, read-only, the table itself (a recursive entry).
 * Superpages and the hypervisor's L4 slots are refused outright.
 */
#include "domain.h"
#include "errno.h"
#include "layout.h"
#include "pagetable.h"
#include "x86.h"

#define PAGE_AVAIL      0xe00UL                 /* bits 9-11 */
#define PAGE_AVAIL_HIGH (0x7ffUL << 52)         /* bits 52-62 */
#define PAGE_PAT        0x080UL                 /* PAT bit of an L1 entry */
#define CACHE_ATTRS     (_PAGE_PWT | _PAGE_PCD | PAGE_PAT)
/* Bits a guest may set in any entry (Xen's base_disallow_mask inverse). */
#define BASE_ALLOWED    (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER |        \
                         _PAGE_ACCESSED | _PAGE_DIRTY | PAGE_AVAIL |    \
                         PAGE_AVAIL_HIGH | _PAGE_NX | PADDR_MASK)
/* Bits an update may change without revalidation (Xen's whitelist). */
#define FASTPATH_BITS   (_PAGE_NX | PAGE_AVAIL_HIGH | PAGE_AVAIL |      \
                         _PAGE_GLOBAL | _PAGE_DIRTY | _PAGE_ACCESSED |  \
                         _PAGE_USER)

static uint64_t allowed_bits(unsigned int level, const struct domain *d)
{
    if ( level > 1 )
        return BASE_ALLOWED;
    /* Cache attributes only for the domain that drives devices. */
    return BASE_ALLOWED | _PAGE_GLOBAL | (d->is_privileged ? CACHE_ATTRS : 0);
}

static struct page_info *entry_page(uint64_t e)
{
    return mfn_to_page((e & PADDR_MASK) >> PAGE_SHIFT);
}

/* A read-only entry of a level-N table pointing at that same table. */
static bool is_self_map(uint64_t e, const struct page_info *table)
{
    return !(e & _PAGE_RW) && entry_page(e) == table;
}

/*
 * Take what entry e of a level-N table of d needs; 0 or -EINVAL.  An L1
 * entry maps a frame of pg_owner: d itself, or the domain a privileged
 * caller named as foreigndom (Xen's pg_owner), to build or inspect it.
 */
static int get_entry_refs(uint64_t e, unsigned int level,
                          struct page_info *table, const struct domain *d,
                          const struct domain *pg_owner)
{
    struct page_info *pg;
    int rc;

    if ( !(e & _PAGE_PRESENT) )
        return 0;
    if ( e & ~allowed_bits(level, d) )
        return -EINVAL;                 /* incl. PSE: no superpages */
    pg = entry_page(e);
    if ( level == 1 )
    {
        /* Not RAM at all: device memory, for the privileged domain only. */
        if ( !pg )
            return d->is_privileged &&
                   mfn_is_mmio((e & PADDR_MASK) >> PAGE_SHIFT) ? 0 : -EPERM;
        /* Someone else's, nobody's, or not able to be writable: Xen's
         * "could not pin" is -EBUSY. */
        if ( !get_page(pg, pg_owner) )
            return -EBUSY;
        if ( (e & _PAGE_RW) && get_page_type(pg, PGT_writable_page) )
        {
            put_page(pg);
            return -EBUSY;
        }
        return 0;
    }
    /* A child's own refusal propagates; -EINVAL may be a self map. */
    rc = get_page_and_type(pg, d, (enum page_type)(level - 1));
    return rc == -EINVAL && is_self_map(e, table) ? 0 : rc;
}

static void put_entry_refs(uint64_t e, unsigned int level,
                           struct page_info *table)
{
    struct page_info *pg = entry_page(e);

    if ( !(e & _PAGE_PRESENT) || !pg )     /* absent, or device memory */
        return;
    if ( level == 1 )
    {
        if ( e & _PAGE_RW )
            put_page_type(pg);
        put_page(pg);
    }
    else if ( !is_self_map(e, table) )
        put_page_and_type(pg);
}

void pt_put_l1e(uint64_t e)
{
    put_entry_refs(e, 1, NULL);         /* level 1 never looks at table */
}

/* The guest kernel runs in ring 3: present entries always carry USER. */
static uint64_t adjust_guest_entry(uint64_t e)
{
    return (e & _PAGE_PRESENT) ? e | _PAGE_USER : e;
}

int pt_validate(struct page_info *pg, enum page_type type)
{
    unsigned int level = (unsigned int)type;
    uint64_t *t = frame_virt(page_to_mfn(pg));
    const struct domain *d = pg->owner;
    int rc = 0;
    unsigned int i;

    for ( i = 0; i < 512; i++ )
    {
        if ( level == 4 && !is_guest_l4_slot(i) )
            continue;
        rc = get_entry_refs(t[i], level, pg, d, d);
        if ( rc )
            break;
        t[i] = adjust_guest_entry(t[i]);
    }
    if ( rc )
    {
        while ( i-- > 0 )               /* undo exactly what was taken */
            if ( level != 4 || is_guest_l4_slot(i) )
                put_entry_refs(t[i], level, pg);
        return rc;
    }
    if ( level == 4 )
        pt_init_xen_l4_slots(t);
    return 0;
}

void pt_devalidate(struct page_info *pg, enum page_type type)
{
    unsigned int level = (unsigned int)type;
    uint64_t *t = frame_virt(page_to_mfn(pg));

    for ( unsigned int i = 0; i < 512; i++ )
        if ( level != 4 || is_guest_l4_slot(i) )
            put_entry_refs(t[i], level, pg);
    if ( level > 1 )
        tlb_flush_needed = true;        /* XSA-286: no stale upper levels */
}

int pt_update_entry(struct page_info *pg, unsigned int idx, uint64_t val,
                    bool preserve_ad)
{
    return pt_update_entry_foreign(pg, idx, val, preserve_ad, pg->owner);
}

int pt_update_entry_foreign(struct page_info *pg, unsigned int idx,
                            uint64_t val, bool preserve_ad,
                            const struct domain *pg_owner)
{
    unsigned int level = pg->type;
    uint64_t *e = (uint64_t *)frame_virt(page_to_mfn(pg)) + (idx & 511);
    uint64_t old = *e;
    int rc;

    BUG_ON(level < 1 || level > 4 || !(pg->flags & PGF_validated));
    if ( level == 4 && !is_guest_l4_slot(idx) )
        return -EINVAL;                 /* the hypervisor's own slots */
    if ( preserve_ad )
        val |= old & (_PAGE_ACCESSED | _PAGE_DIRTY);
    if ( (val & _PAGE_PRESENT) && (val & ~allowed_bits(level, pg->owner)) )
        return -EINVAL;
    val = adjust_guest_entry(val);

    /* Same frame, only whitelisted bits changing: no new references. */
    if ( (old & val & _PAGE_PRESENT) &&
         !((old ^ val) & ~FASTPATH_BITS) )
    {
        *e = val;
        return 0;
    }
    rc = get_entry_refs(val, level, pg, pg->owner, pg_owner);
    if ( rc )
        return rc;
    *e = val;
    put_entry_refs(old, level, pg);
    if ( level > 1 )
        tlb_flush_needed = true;
    return 0;
}
