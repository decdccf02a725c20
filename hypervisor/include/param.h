/*
 * Ring-0 tunables, one per line (xv6 param.h style).  Nothing else in the
 * hypervisor hard-codes a size or a limit.
 */
#ifndef PVX_PARAM_H
#define PVX_PARAM_H

#define NR_CPUS             8      /* physical CPUs driven (<= 64: cpumask) */
#define STACK_SIZE          32768  /* per-CPU block: IST stacks + stack     */
#define IST_STACK_SIZE      4096   /* each of the #DF/NMI/#MC/#DB stacks    */
#define AP_BOOT_TIMEOUT_MS  1000   /* an AP that is not up by then is left  */
#define LOCK_SPINS          1000   /* hv_lock spins before it halts         */
#define TRAMPOLINE_PHYS     0x8000 /* AP real-mode entry (SIPI vector 8)    */
#define DIRECTMAP_GIB       4      /* RAM reachable through the directmap   */
#define MAX_MODULES         8      /* multiboot2 modules remembered         */
#define CMDLINE_MAX         1024   /* hypervisor and module command lines   */
#define CONRING_SIZE        16384  /* console ring (readconsole), power of 2 */
#define SERIAL_RX_SIZE      256    /* serial input buffer for console_io    */
#define SERIAL_POLL_NS      5000000UL /* serial input poll period: 5 ms */
#define CONSOLE_CHUNK       256    /* bytes copied per console_io step      */
#define DOM0_RESERVE_MIN_MB 16     /* RAM kept back from a default dom0     */
#define DOM0_RESERVE_MAX_MB 128    /* ... at most (Xen keeps 1/16 <= 128M)  */
#define PIT_CALIBRATE_MS    50     /* PIT window used to time TSC and LAPIC */
#define DOMAIN_MAX_VCPUS    8      /* vCPUs per domain (multi-vCPU guests)  */
#define DOMU_MAX_ORDER      9      /* memory_op extent order, a domU (Xen's)*/
#define CTLDOM_MAX_ORDER    12     /* ... the control domain (Xen's)        */
#define NR_EVTCHN_PORTS     4096   /* 2-level ABI, 64-bit: 64 x 64 bits     */
#define EVTCHNS_PER_BUCKET  64     /* ports made valid at a time (Xen's)    */
#define POLL_MAX_PORTS      128    /* SCHEDOP_poll nr_ports limit (Xen's)   */
#define GNTTAB_MAX_FRAMES   64     /* grant frames a domain may have (Xen's)*/
#define GNTTAB_MAX_MAPTRACK_FRAMES 64 /* pages of mapping handles per domain */
#define PV_PERIODIC_NS      10000000UL  /* PV vCPUs start with 10 ms ticks */
#define HUGE_TIMEOUT_NS     100000000UL /* far-off set_timer_op -> 100 ms  */
#define XEN_MAJOR           4      /* version reported by xen_version       */
#define XEN_MINOR           17
#define XEN_EXTRAVERSION    "-pvx"

#endif /* PVX_PARAM_H */
