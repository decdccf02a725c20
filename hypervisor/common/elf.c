/*
 * ELF64 parser for PV kernels.  The image is untrusted: every offset and
 * size is checked against the buffer with overflow-safe arithmetic before
 * it is read, and every refusal names its reason.
 */
#include "elf_image.h"
#include <xen/elfnote.h>
#include <xen/features.h>

#define UNSET ~0UL
#define PT_LOAD 1
#define PT_NOTE 4
#define SHT_NOTE 7

struct ehdr
{
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct phdr
{
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct shdr
{
    uint32_t name, type;
    uint64_t flags, addr, offset, size;
    uint32_t link, info;
    uint64_t addralign, entsize;
};

/* [off, off + len) lies inside a buffer of size bytes. */
static bool in_bounds(uint64_t off, uint64_t len, size_t size)
{
    uint64_t end;

    return !__builtin_add_overflow(off, len, &end) && end <= size;
}

static bool note_number(const uint8_t *desc, uint32_t sz, uint64_t *val)
{
    if ( sz != 1 && sz != 2 && sz != 4 && sz != 8 )
        return false;
    *val = 0;
    memcpy(val, desc, sz);              /* little-endian, any alignment */
    return true;
}

/* The FEATURES string: '|'-separated names, '!' marking required ones.
 * Only the names PVX acts on are recorded. */
static void parse_feature_string(const uint8_t *desc, uint32_t sz,
                                 uint32_t *supported)
{
    static const struct { const char *name; unsigned int bit; } known[] = {
        { "writable_page_tables", XENFEAT_writable_page_tables },
        { "pae_pgdir_above_4gb", XENFEAT_pae_pgdir_above_4gb },
        { "dom0", XENFEAT_dom0 },
    };
    size_t len = strnlen((const char *)desc, sz);

    for ( size_t pos = 0; pos < len; )
    {
        size_t n = 0, skip = desc[pos] == '!';

        while ( pos + n < len && desc[pos + n] != '|' )
            n++;
        for ( unsigned int k = 0; k < ARRAY_SIZE(known); k++ )
            if ( n - skip == strlen(known[k].name) &&
                 !memcmp(desc + pos + skip, known[k].name, n - skip) )
                *supported |= 1u << known[k].bit;
        pos += n + 1;
    }
}

static void note_string(char *dst, size_t max, const uint8_t *desc,
                        uint32_t sz)
{
    size_t n = strnlen((const char *)desc, sz);

    n = MIN(n, max - 1);
    memcpy(dst, desc, n);
    dst[n] = '\0';
}

/* Walk one note area; returns the number of Xen notes, or -1 if corrupt. */
static int parse_notes(const uint8_t *p, uint64_t len, struct xen_elf_info *i)
{
    int found = 0;

    while ( len >= 12 )
    {
        uint32_t hdr[3];                /* namesz, descsz, type */
        uint32_t namesz, descsz, type;
        uint64_t name_len, desc_len;
        const uint8_t *desc;
        uint64_t val;

        memcpy(hdr, p, sizeof(hdr));
        namesz = hdr[0];
        descsz = hdr[1];
        type = hdr[2];
        name_len = ROUNDUP((uint64_t)namesz, 4);
        desc_len = ROUNDUP((uint64_t)descsz, 4);
        desc = p + 12 + name_len;

        if ( 12 + name_len + desc_len > len )
            return -1;
        if ( namesz == 4 && !memcmp(p + 12, "Xen", 4) )
        {
            found++;
            switch ( type )
            {
            case XEN_ELFNOTE_ENTRY:
            case XEN_ELFNOTE_HYPERCALL_PAGE:
            case XEN_ELFNOTE_VIRT_BASE:
            case XEN_ELFNOTE_PADDR_OFFSET:
            case XEN_ELFNOTE_MOD_START_PFN:
            case XEN_ELFNOTE_INIT_P2M:
                if ( !note_number(desc, descsz, &val) )
                    return -1;
                if ( type == XEN_ELFNOTE_ENTRY )
                    i->virt_entry = val;
                else if ( type == XEN_ELFNOTE_HYPERCALL_PAGE )
                {
                    i->hypercall_page = val;
                    i->has_hypercall_page = true;
                }
                else if ( type == XEN_ELFNOTE_VIRT_BASE )
                    i->virt_base = val;
                else if ( type == XEN_ELFNOTE_PADDR_OFFSET )
                    i->paddr_offset = val;
                else if ( type == XEN_ELFNOTE_INIT_P2M )
                    i->p2m_base = val;
                else
                    i->unmapped_initrd = val != 0;
                break;
            case XEN_ELFNOTE_SUPPORTED_FEATURES:
                if ( descsz < 4 )
                    return -1;
                memcpy(&val, desc, 4);
                i->f_supported |= (uint32_t)val;
                i->has_supported_features = true;
                break;
            case XEN_ELFNOTE_FEATURES:
                parse_feature_string(desc, descsz, &i->f_supported);
                break;
            case XEN_ELFNOTE_GUEST_OS:
                note_string(i->guest_os, sizeof(i->guest_os), desc, descsz);
                break;
            case XEN_ELFNOTE_LOADER:
                note_string(i->loader, sizeof(i->loader), desc, descsz);
                break;
            case XEN_ELFNOTE_XEN_VERSION:
                note_string(i->xen_version, sizeof(i->xen_version), desc,
                            descsz);
                break;
            }
        }
        p += 12 + name_len + desc_len;
        len -= 12 + name_len + desc_len;
    }
    return found;
}

static const char *find_notes(const uint8_t *img, size_t size,
                              const struct ehdr *eh, struct xen_elf_info *i)
{
    int found = 0;

    for ( unsigned int n = 0; n < eh->phnum; n++ )
    {
        struct phdr ph_copy, *ph = &ph_copy;
        int r;

        memcpy(ph, img + eh->phoff + n * sizeof(*ph), sizeof(*ph));
        if ( ph->type != PT_NOTE )
            continue;
        if ( !in_bounds(ph->offset, ph->filesz, size) )
            return "PT_NOTE segment lies outside the image";
        if ( (r = parse_notes(img + ph->offset, ph->filesz, i)) < 0 )
            return "malformed ELF note";
        found += r;
    }
    if ( found || !eh->shnum )
        return found ? NULL : "no Xen ELF notes";

    /* No notes in PT_NOTE segments: libelf then tries SHT_NOTE sections. */
    if ( eh->shentsize != sizeof(struct shdr) ||
         !in_bounds(eh->shoff, (uint64_t)eh->shnum * sizeof(struct shdr),
                    size) )
        return "no Xen ELF notes (and a bad section header table)";
    for ( unsigned int n = 0; n < eh->shnum; n++ )
    {
        struct shdr sh_copy, *sh = &sh_copy;
        int r;

        memcpy(sh, img + eh->shoff + n * sizeof(*sh), sizeof(*sh));
        if ( sh->type != SHT_NOTE )
            continue;
        if ( !in_bounds(sh->offset, sh->size, size) )
            return "SHT_NOTE section lies outside the image";
        if ( (r = parse_notes(img + sh->offset, sh->size, i)) < 0 )
            return "malformed ELF note";
        found += r;
    }
    return found ? NULL : "no Xen ELF notes";
}

static const char *collect_loads(const uint8_t *img, size_t size,
                                 const struct ehdr *eh,
                                 struct xen_elf_info *i)
{
    i->pstart = UNSET;
    i->pend = 0;
    for ( unsigned int n = 0; n < eh->phnum; n++ )
    {
        struct phdr ph_copy, *ph = &ph_copy;
        uint64_t end;

        memcpy(ph, img + eh->phoff + n * sizeof(*ph), sizeof(*ph));
        if ( ph->type != PT_LOAD || !ph->memsz )
            continue;
        if ( !in_bounds(ph->offset, ph->filesz, size) )
            return "PT_LOAD segment lies outside the image";
        if ( ph->filesz > ph->memsz ||
             __builtin_add_overflow(ph->paddr, ph->memsz, &end) )
            return "PT_LOAD segment has impossible sizes";
        if ( i->nr_loads == ELF_MAX_LOADS )
            return "too many PT_LOAD segments";
        for ( unsigned int k = 0; k < i->nr_loads; k++ )
            if ( ph->paddr < i->loads[k].paddr + i->loads[k].memsz &&
                 i->loads[k].paddr < end )
                return "PT_LOAD segments overlap";
        i->loads[i->nr_loads++] = (struct elf_segment){
            ph->offset, ph->filesz, ph->memsz, ph->paddr };
        i->pstart = MIN(i->pstart, ph->paddr);
        i->pend = MAX(i->pend, end);
    }
    return i->nr_loads ? NULL : "no PT_LOAD segment";
}

bool elf_dom0_capable(const struct xen_elf_info *i)
{
    return !i->has_supported_features ||
           (i->f_supported & (1u << XENFEAT_dom0));
}

const char *elf_xen_parse(const void *image, size_t size,
                          struct xen_elf_info *i)
{
    const uint8_t *img = image;
    struct ehdr eh_copy, *eh = &eh_copy;
    const char *err;
    uint64_t virt_offset;

    memset(i, 0, sizeof(*i));
    i->virt_base = i->paddr_offset = i->virt_entry = i->p2m_base = UNSET;
    if ( size < sizeof(*eh) )
        return "not an ELF64 x86-64 executable";
    memcpy(eh, img, sizeof(*eh));
    if ( memcmp(eh->ident, "\177ELF", 4) ||
         eh->ident[4] != 2 /* ELFCLASS64 */ ||
         eh->ident[5] != 1 /* little-endian */ ||
         eh->machine != 62 /* EM_X86_64 */ || eh->type != 2 /* ET_EXEC */ )
        return "not an ELF64 x86-64 executable";
    if ( eh->phentsize != sizeof(struct phdr) ||
         !in_bounds(eh->phoff, (uint64_t)eh->phnum * sizeof(struct phdr),
                    size) )
        return "program header table lies outside the image";
    if ( (err = collect_loads(img, size, eh, i)) ||
         (err = find_notes(img, size, eh, i)) )
        return err;

    if ( strncmp(i->loader, "generic", 7) && strncmp(i->guest_os, "linux", 5) )
        return "Xen notes: neither LOADER \"generic\" nor GUEST_OS \"linux\"";
    if ( strncmp(i->xen_version, "xen-3.0", 7) )
        return "Xen notes: XEN_VERSION is not \"xen-3.0\"";
    if ( i->paddr_offset != UNSET && i->virt_base == UNSET )
        return "Xen notes: PADDR_OFFSET set but VIRT_BASE unset";

    /* libelf's defaults and bounds (elf_xen_addr_calc_check). */
    if ( i->virt_base == UNSET )
        i->virt_base = 0;
    if ( i->paddr_offset == UNSET )
        i->paddr_offset = 0;
    if ( i->virt_entry == UNSET )
        i->virt_entry = eh->entry;
    virt_offset = i->virt_base - i->paddr_offset;
    i->virt_kstart = i->pstart + virt_offset;
    i->virt_kend = i->pend + virt_offset;
    if ( i->virt_kstart > i->virt_kend || i->virt_entry < i->virt_kstart ||
         i->virt_entry > i->virt_kend || i->virt_base > i->virt_kstart )
        return "ELF start or entry out of bounds";
    if ( i->p2m_base != UNSET && i->p2m_base >= i->virt_kstart &&
         i->p2m_base < i->virt_kend )
        return "P->M table base inside the kernel image";
    if ( i->has_hypercall_page &&
         (i->hypercall_page < i->virt_kstart ||
          i->hypercall_page + 4096 > i->virt_kend) )
        return "hypercall page outside the kernel image";
    return NULL;
}
