/*
 * xenstored core: Xen's xenstore wire protocol (xen/io/xs_wire.h) over
 * byte streams.  The transport (Unix socket on the host, a domain's ring
 * page in dom0) owns the bytes; the core trusts nothing in them.
 */
#ifndef XENSTORED_H
#define XENSTORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Quotas for unprivileged domains: C xenstored 4.17's defaults. */
#define XS_QUOTA_NODES       1000 /* nodes owned per domain (-E) */
#define XS_QUOTA_WATCHES     128  /* watches per domain (-W) */
#define XS_QUOTA_TRANS       10   /* open transactions per connection (-t) */
#define XS_QUOTA_TRANS_NODES 1024 /* nodes touched per transaction */
#define XS_QUOTA_PERMS       5    /* permission entries per node (-A) */
#define XS_QUOTA_NODE_SIZE   2048 /* record: header+perms+data+children */
#define XS_QUOTA_EVENTS      1024 /* unread watch events per connection */

struct xs_store;
struct xs_conn;

/* The environment provides allocation (xs_alloc returns NULL on failure). */
void *xs_alloc(size_t size);
void xs_free(void *p);

/* A store holds the tree "/", "/tool", "/tool/xenstored"; NULL: no memory. */
struct xs_store *xs_store_new(void);
void xs_store_free(struct xs_store *s);

/* A connection speaks for one domain; domain 0 is privileged. */
struct xs_conn *xs_conn_new(struct xs_store *s, unsigned int domid);
void xs_conn_free(struct xs_conn *c);

/* Feed received bytes; complete requests are answered at once. */
void xs_conn_input(struct xs_conn *c, const void *buf, size_t len);
/* Bytes queued for the peer: copy up to max of them out, return how many. */
size_t xs_conn_output(struct xs_conn *c, void *buf, size_t max);
bool xs_conn_output_pending(const struct xs_conn *c);
/* A protocol violation or RELEASE: flush the output, then close. */
bool xs_conn_broken(const struct xs_conn *c);
/* Bytes that complete the request being received (header or payload):
 * a transport that feeds no more than this serves one request at a time. */
size_t xs_conn_input_want(const struct xs_conn *c);
/* Forget watches, transactions, queued output and any partial request. */
void xs_conn_reset(struct xs_conn *c);

/*
 * The environment's side of INTRODUCE and RELEASE (dom0 maps the ring
 * and binds the port).  introduce returns 0 or a positive errno, which
 * is the answer; it runs for every INTRODUCE of a domain other than 0,
 * also of one already introduced (C xenstored then resets its ring).
 * release runs once the core has dropped the domain.  NULL: no hook.
 */
struct xs_hooks {
    int (*introduce)(void *arg, unsigned int domid, unsigned long mfn,
                     unsigned int port);
    void (*release)(void *arg, unsigned int domid);
    void *arg;
};
void xs_store_set_hooks(struct xs_store *s, const struct xs_hooks *h);
bool xs_domain_introduced(struct xs_store *s, unsigned int domid);
/* Fire "@introduceDomain" or "@releaseDomain" (a domain shut down). */
void xs_fire_special(struct xs_store *s, const char *name);

/*
 * ring.c: a domain's xenstore page (xen/io/xs_wire.h).  xs_ring_serve
 * moves replies and watch events of c into rsp and, while c owes the
 * guest nothing, request bytes from req into c, one request at a time.
 * Sets *notify when an index moved.  Returns XENSTORE_ERROR_NONE, or the
 * error it wrote into intf->error (bad indexes, a protocol violation):
 * the ring must not be served again.  A guest asking to reconnect gets
 * its connection reset and the ring cleared first.
 */
struct xenstore_domain_interface;
unsigned int xs_ring_serve(struct xenstore_domain_interface *intf,
                           struct xs_conn *c, bool *notify);
/* INTRODUCE of a ring: features, empty reply ring, connected. */
void xs_ring_introduce(struct xenstore_domain_interface *intf,
                       struct xs_conn *c, bool *notify);

#endif /* XENSTORED_H */
