/*
 * xl's table rows, formatted as tools/xl prints them (xl_info.c list and
 * uptime, xl_vcpu.c, xl_sched.c), from the domctl structures.  Pure C:
 * the host unit tests check the columns.  Seconds print as xl's "%8.1f"
 * without floating point (dom0 is built -mno-sse).
 */
#ifndef DOM0_XL_FMT_H
#define DOM0_XL_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef __XEN_TOOLS__
#define __XEN_TOOLS__ 1                 /* domctl.h is the tools' header */
#endif
#include <xen/xen.h>
#include <xen/domctl.h>

/* A formatted map of up to 64 CPUs ("0,2,4,...,62" is the longest). */
#define XL_CPUMAP_LEN 128

/* Each returns the length vsnprintf would have written; rows end in \n. */
int xl_fmt_list_header(char *buf, size_t size);
int xl_fmt_list_row(char *buf, size_t size, const char *name,
                    const struct xen_domctl_getdomaininfo *info);
int xl_fmt_vcpu_header(char *buf, size_t size);
/* hard and soft: the vCPU's affinity maps, nr_cpus bits of each shown. */
int xl_fmt_vcpu_row(char *buf, size_t size, const char *name, domid_t domid,
                    const struct xen_domctl_getvcpuinfo *v, uint64_t hard,
                    uint64_t soft, unsigned int nr_cpus);
/* xl's print_bitmap of nr_cpus bits: "all", "none" or "0,2-3". */
int xl_fmt_cpumap(char *buf, size_t size, uint64_t map, unsigned int nr_cpus);
int xl_fmt_sched_credit_header(char *buf, size_t size);
int xl_fmt_sched_credit_row(char *buf, size_t size, const char *name,
                            domid_t domid, unsigned int weight,
                            unsigned int cap);
int xl_fmt_uptime_header(char *buf, size_t size);
int xl_fmt_uptime_row(char *buf, size_t size, const char *name,
                      domid_t domid, uint64_t seconds);
/* xl's preserve suffix for a time: strftime "-%Y%m%dT%H%MZ" in UTC. */
int xl_fmt_utc_suffix(char *buf, size_t size, uint64_t epoch_s);
/* "%W.1f" of ns / 1e9, rounded to nearest tenth, right-aligned in width. */
int xl_fmt_seconds(char *buf, size_t size, int width, uint64_t ns);

#endif /* DOM0_XL_FMT_H */
