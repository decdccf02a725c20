/*
 * xenstored core internals: nodes, transactions, watches, connections.
 * Shared by the core's files only; transports use xenstored.h.  Errors
 * are positive errno values, answered by their xsd_errors name.
 */
#ifndef XS_CORE_H
#define XS_CORE_H

#include "xenstored.h"

#include <errno.h>
#include <xen/xen.h> /* DOMID_SELF, DOMID_FIRST_RESERVED */
#include <xenstore_lib.h> /* struct xs_permissions, XS_PERM_*, xs_wire.h */

/* From the environment (pv-guest's string.c, or libc on the host). */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);

#define XS_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define XS_NO_GEN  UINT64_MAX /* generation of a node that does not exist */
#define XS_DOMID_MAX 0xffffu
/* C xenstored's record header: generation, num_perms, datalen, childlen. */
#define XS_RECORD_HDR 24

struct xs_node {
    struct xs_node *hnext; /* hash chain, in the global store */
    uint64_t gen;          /* store generation of the last change */
    char *path;
    char *data;
    unsigned int datalen;
    char *children; /* names, each NUL-terminated */
    unsigned int childlen;
    unsigned int nperms; /* >= 1; perms[0] is the owner and default */
    struct xs_permissions *perms;
};

/* A node as one transaction sees it: a copy taken at first access. */
struct xs_tx_node {
    struct xs_tx_node *next;
    uint64_t gen;          /* global generation then, or XS_NO_GEN */
    struct xs_node *orig;  /* the global node then, or NULL */
    struct xs_node *cur;   /* once modified: new version, NULL if deleted */
    bool modified, fire, exact;
    char path[];
};

struct xs_tx {
    struct xs_tx *next;
    uint32_t id;
    unsigned int nnodes;
    struct xs_tx_node *nodes;
};

struct xs_watch {
    struct xs_watch *next;
    char *path;            /* absolute, or @special */
    char *token;
    unsigned int strip;    /* chars of implicit prefix to hide, 0: none */
};

struct xs_msg {
    struct xs_msg *next;
    unsigned int len, off;
    bool event;
    unsigned char buf[];   /* struct xsd_sockmsg, then the payload */
};

struct xs_conn {
    struct xs_conn *next;
    struct xs_store *store;
    unsigned int domid;
    bool broken;
    struct xs_watch *watches;
    struct xs_tx *txs;
    unsigned int ntx;
    uint32_t next_txid;
    struct xs_msg *out, **out_tail;
    unsigned int nevents;  /* watch events queued */
    unsigned int in_used;  /* bytes of header + payload received */
    struct xsd_sockmsg hdr;
    char in[XENSTORE_PAYLOAD_MAX + 1]; /* +1: always NUL-terminated */
};

struct xs_domain {
    struct xs_domain *next;
    unsigned int domid;
    unsigned int nodes;    /* nodes it owns in the global store */
    bool introduced;
};

struct xs_store {
    struct xs_node **buckets;
    unsigned int nbuckets, nnodes;
    uint64_t gen;
    struct xs_conn *conns;
    struct xs_domain *domains;
    struct xs_node *special[2]; /* @introduceDomain, @releaseDomain */
    struct xs_hooks hooks;
};

/* One request being served: its connection, transaction and payload. */
struct xs_req {
    struct xs_conn *conn;
    struct xs_tx *tx;      /* NULL outside a transaction */
    uint32_t type;
    char *body;            /* NUL-terminated one past len */
    unsigned int len;
};

/* util.c */
bool xs_streq(const char *a, const char *b);
bool xs_starts(const char *s, const char *prefix);
char *xs_strdup(const char *s);
unsigned int xs_count_strings(const char *buf, unsigned int len);
bool xs_parse_uint(const char *s, unsigned int max, unsigned int *out);
unsigned int xs_fmt_uint(char *buf, uint64_t v);
bool xs_valid_path(const char *path);
char *xs_canonical(struct xs_conn *c, const char *path, unsigned int *strip);
const char *xs_basename(const char *path);
char *xs_parent(const char *path);
char *xs_child_path(const char *dir, const char *name);
bool xs_parse_perms(const char *buf, unsigned int n, struct xs_permissions *p);

/* store.c */
struct xs_node *xs_node_new(const char *path, const void *data,
                            unsigned int datalen, const char *children,
                            unsigned int childlen,
                            const struct xs_permissions *perms,
                            unsigned int nperms);
struct xs_node *xs_node_clone(const struct xs_node *n);
struct xs_node *xs_store_lookup(struct xs_store *s, const char *path);
int xs_node_find(struct xs_req *r, const char *path, struct xs_node **out);
int xs_node_store(struct xs_req *r, struct xs_node *n);
void xs_node_remove(struct xs_req *r, const char *path);
void xs_store_set(struct xs_store *s, struct xs_node *n);
void xs_store_del(struct xs_store *s, const char *path);
struct xs_domain *xs_domain_get(struct xs_store *s, unsigned int domid,
                                bool create);
bool xs_unprivileged(const struct xs_conn *c);
unsigned int xs_node_size(unsigned int nperms, unsigned int datalen,
                          unsigned int childlen);

/* ops.c */
unsigned int xs_perm_for(const struct xs_conn *c, const struct xs_node *n);
int xs_do_node_op(struct xs_req *r);
int xs_remove_tree(struct xs_req *r, const char *root);

/* watch.c */
int xs_do_watch(struct xs_req *r);
int xs_do_unwatch(struct xs_req *r);
void xs_fire(struct xs_req *r, const char *path, bool exact,
             const struct xs_node *old);
void xs_fire_global(struct xs_store *s, const char *path, bool exact,
                    const struct xs_node *old);
void xs_watches_free(struct xs_conn *c);
unsigned int xs_domain_watches(struct xs_store *s, unsigned int domid);
int xs_set_special_perms(struct xs_req *r, const char *name,
                         struct xs_permissions *p, unsigned int n);

/* transaction.c */
int xs_do_tx_start(struct xs_req *r);
int xs_do_tx_end(struct xs_req *r);
struct xs_tx *xs_tx_lookup(struct xs_conn *c, uint32_t id);
void xs_txs_free(struct xs_conn *c);

/* domain.c */
int xs_do_domain_op(struct xs_req *r);

/* conn.c */
int xs_reply(struct xs_req *r, const void *data, unsigned int len);
int xs_reply_ok(struct xs_req *r);
void xs_send_event(struct xs_conn *c, const char *path, const char *token);

#endif /* XS_CORE_H */
