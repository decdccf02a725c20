/*
 * The slice of libxenctrl xl needs: domctl and sysctl calls with the 4.17
 * interface versions, returning 0 or a negative Xen errno.  Buffers handed
 * to the hypervisor live in dom0's own memory.
 */
#ifndef DOM0_XL_XC_H
#define DOM0_XL_XC_H

#ifndef __XEN_TOOLS__
#define __XEN_TOOLS__ 1
#endif
#include <stdint.h>
#include <xen/xen.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>

typedef struct xen_domctl_getdomaininfo xc_dominfo_t;

long xc_domain_getinfo(domid_t dom, xc_dominfo_t *info);
/* Up to max domains with domid >= first; the count or -errno. */
long xc_domain_getinfolist(domid_t first, unsigned int max,
                           xc_dominfo_t *info);
long xc_domain_pause(domid_t dom);
long xc_domain_unpause(domid_t dom);
long xc_domain_destroy(domid_t dom);
long xc_vcpu_getinfo(domid_t dom, uint32_t vcpu,
                     struct xen_domctl_getvcpuinfo *out);
long xc_sched_credit_get(domid_t dom, unsigned int *weight,
                         unsigned int *cap);
long xc_sched_credit_set(domid_t dom, unsigned int weight, unsigned int cap);
/*
 * A vCPU's hard and soft affinity (NULL: not this one) as 64-bit maps,
 * bit n for CPU n; set writes back what the hypervisor will use.  flags:
 * more XEN_VCPUAFFINITY_* (FORCE).
 */
long xc_vcpu_setaffinity(domid_t dom, uint32_t vcpu, uint64_t *hard,
                         uint64_t *soft, uint32_t flags);
long xc_vcpu_getaffinity(domid_t dom, uint32_t vcpu, uint64_t *hard,
                         uint64_t *soft);
long xc_physinfo(struct xen_sysctl_physinfo *pi);
long xc_sched_id(uint32_t *id);
/* XEN_SYSCTL_readconsole: *count in/out; *index in/out if incremental. */
long xc_readconsole(char *buf, uint32_t *count, uint32_t *index,
                    int incremental, int clear);
/* Xen's error text for a negative errno ("No such process"...). */
const char *xc_strerror(long rc);

#endif /* DOM0_XL_XC_H */
