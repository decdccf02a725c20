/*
 * What the boot loader handed over, copied out of the multiboot2 info into
 * hypervisor memory so nothing later depends on the loader's layout.
 */
#ifndef PVX_BOOT_H
#define PVX_BOOT_H

#include "lib.h"
#include "param.h"

#define MAX_MEM_RANGES 32

struct mem_range
{
    uint64_t start, end;            /* [start, end), bytes */
};

struct boot_module
{
    uint64_t start, end;            /* physical, [start, end) */
    char cmdline[CMDLINE_MAX];
};

struct boot_info
{
    char cmdline[CMDLINE_MAX];
    unsigned int nr_ram;
    struct mem_range ram[MAX_MEM_RANGES];       /* usable (type 1) RAM */
    unsigned int nr_map;
    struct { uint64_t addr, size; uint32_t type; } map[MAX_MEM_RANGES];
    unsigned int nr_modules;
    struct boot_module mods[MAX_MODULES];
    struct mem_range mbi;           /* the info block itself */
    uint64_t rsdp_phys;             /* 0: none */
};

extern struct boot_info boot_info;

/* Parse the multiboot2 info at mbi_phys; fatal() on malformed input. */
void multiboot_parse(uint64_t mbi_phys);

/* Command-line options (Xen's names). */
struct boot_options
{
    uint64_t dom0_mem;              /* bytes, 0: Xen's default */
    uint64_t mem_limit;             /* bytes, 0: no mem= cap */
    bool pv_shim;                   /* first domain as a plain domU */
    bool bench_syscall;             /* bench=syscall: time SYSCALL/SYSRET */
    unsigned int dom0_max_vcpus;    /* 0: one per CPU, as Xen */
    unsigned int max_cpus;          /* maxcpus= (nosmp: 1), 0: all */
};
extern struct boot_options opts;
void cmdline_parse(const char *cmdline);
uint64_t parse_size(const char *s, const char **end);

#endif /* PVX_BOOT_H */
