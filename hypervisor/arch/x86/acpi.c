/*
 * Just enough ACPI to power off and to find the CPUs: RSDP (from
 * multiboot2) -> RSDT/XSDT -> FADT -> PM1a control port, the S5 sleep type
 * from the DSDT's \_S5 package, and the enabled local APICs of the MADT.
 * Tables are firmware data: every length is checked before use.
 */
#include "layout.h"
#include "machine.h"
#include "param.h"
#include "x86.h"

#define SLP_EN (1u << 13)

struct acpi_header
{
    char sig[4];
    uint32_t length;
    uint8_t rev, checksum;
    char oem[6], oem_table[8];
    uint32_t oem_rev, creator, creator_rev;
} __attribute__((packed));

static uint16_t pm1a_cnt;          /* 0: no ACPI power-off available */
static uint16_t slp_typ_s5;
unsigned int acpi_apic_ids[NR_CPUS];
unsigned int acpi_nr_cpus;         /* 0: no MADT (one CPU, the BSP) */

/* Firmware tables sit in low RAM, which the directmap covers. */
static const void *table(uint64_t pa, size_t min_len)
{
    const struct acpi_header *h;

    if ( !pa || pa + min_len > (uint64_t)DIRECTMAP_GIB << 30 )
        return NULL;
    h = maddr_to_virt(pa);
    if ( h->length < min_len || pa + h->length > (uint64_t)DIRECTMAP_GIB << 30 )
        return NULL;
    return h;
}

/* \_S5 is "Name(_S5_, Package(n) { typ_a, ... })" somewhere in the AML. */
static void find_s5(const struct acpi_header *dsdt)
{
    const uint8_t *p = (const uint8_t *)dsdt, *end = p + dsdt->length;

    for ( p += sizeof(*dsdt); p + 8 < end; p++ )
    {
        if ( memcmp(p, "_S5_", 4) || p[4] != 0x12 )  /* PackageOp */
            continue;
        p += 5;
        p += (*p >> 6) + 2;            /* PkgLength bytes, then NumElements */
        if ( p >= end )
            return;
        if ( *p == 0x0a && p + 1 < end )   /* BytePrefix */
            slp_typ_s5 = p[1];
        else if ( *p == 0x00 || *p == 0x01 )  /* ZeroOp, OneOp */
            slp_typ_s5 = *p;
        return;
    }
}

/*
 * MADT: 44 bytes of header, then entries of (type, length, ...); type 0 is
 * a processor's local APIC: ACPI id, APIC id, flags (bit 0 enabled).  CPUs
 * past NR_CPUS are reported and left alone.
 */
static void parse_madt(const struct acpi_header *madt)
{
    const uint8_t *p = (const uint8_t *)madt + 44;
    const uint8_t *end = (const uint8_t *)madt + madt->length;
    unsigned int skipped = 0;

    for ( ; p + 2 <= end && p[1] >= 2 && p + p[1] <= end; p += p[1] )
    {
        if ( p[0] != 0 || p[1] < 8 || !(p[4] & 1) )
            continue;
        if ( acpi_nr_cpus < NR_CPUS )
            acpi_apic_ids[acpi_nr_cpus++] = p[3];
        else
            skipped++;
    }
    if ( skipped )
        pr_warn("acpi: %u CPUs beyond NR_CPUS=%d left offline\n", skipped,
                NR_CPUS);
}

void acpi_init(uint64_t rsdp_phys)
{
    const uint8_t *rsdp;
    const struct acpi_header *root, *fadt = NULL;
    bool xsdt;
    size_t entry, n;

    if ( !rsdp_phys )
        return;
    rsdp = maddr_to_virt(rsdp_phys);
    xsdt = rsdp[15] >= 2 && *(const uint64_t *)(rsdp + 24);
    root = table(xsdt ? *(const uint64_t *)(rsdp + 24)
                      : *(const uint32_t *)(rsdp + 16), sizeof(*root));
    if ( !root )
        return;
    entry = xsdt ? 8 : 4;
    n = (root->length - sizeof(*root)) / entry;
    for ( size_t i = 0; i < n; i++ )
    {
        const uint8_t *e = (const uint8_t *)(root + 1) + i * entry;
        const struct acpi_header *h =
            table(xsdt ? *(const uint64_t *)e : *(const uint32_t *)e,
                  sizeof(*h));

        if ( h && !fadt && !memcmp(h->sig, "FACP", 4) && h->length >= 68 )
            fadt = h;
        if ( h && !acpi_nr_cpus && !memcmp(h->sig, "APIC", 4) &&
             h->length >= 44 )
            parse_madt(h);
    }
    if ( !fadt )
        return;
    pm1a_cnt = (uint16_t)*(const uint32_t *)((const uint8_t *)fadt + 64);
    root = table(*(const uint32_t *)((const uint8_t *)fadt + 40),
                 sizeof(*root));
    if ( root && !memcmp(root->sig, "DSDT", 4) )
        find_s5(root);
    pr_debug("acpi: PM1a_CNT 0x%x, S5 type %u\n", pm1a_cnt, slp_typ_s5);
}

void acpi_poweroff(void)
{
    if ( pm1a_cnt )
        outw(pm1a_cnt, (uint16_t)((slp_typ_s5 << 10) | SLP_EN));
}
