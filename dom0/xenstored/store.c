/*
 * xenstored core: the node store.  The global store is a hash of node
 * records by path; a transaction sees it through copies of the nodes it
 * touched (struct xs_tx_node), applied at commit by transaction.c.
 */
#include "xs_core.h"

#define INITIAL_BUCKETS 256

static unsigned int hash(const char *path, unsigned int nbuckets)
{
    uint32_t h = 2166136261u; /* FNV-1a */

    for ( ; *path; path++ )
        h = (h ^ (unsigned char)*path) * 16777619u;
    return h & (nbuckets - 1);
}

struct xs_node *xs_node_new(const char *path, const void *data,
                            unsigned int datalen, const char *children,
                            unsigned int childlen,
                            const struct xs_permissions *perms,
                            unsigned int nperms)
{
    size_t plen = strlen(path) + 1;
    size_t psz = nperms * sizeof(*perms);
    struct xs_node *n = xs_alloc(sizeof(*n) + psz + plen + datalen + 1 +
                                 childlen);

    if ( !n )
        return NULL;
    n->hnext = NULL;
    n->gen = 0;
    n->nperms = nperms;
    n->perms = (struct xs_permissions *)(n + 1);
    memcpy(n->perms, perms, psz);
    n->path = (char *)n->perms + psz;
    memcpy(n->path, path, plen);
    n->data = n->path + plen;
    n->datalen = datalen;
    memcpy(n->data, data, datalen);
    n->data[datalen] = 0;
    n->children = n->data + datalen + 1;
    n->childlen = childlen;
    memcpy(n->children, children, childlen);
    return n;
}

struct xs_node *xs_node_clone(const struct xs_node *n)
{
    struct xs_node *c = xs_node_new(n->path, n->data, n->datalen,
                                    n->children, n->childlen, n->perms,
                                    n->nperms);

    if ( c )
        c->gen = n->gen;
    return c;
}

/* C xenstored's record size, against XS_QUOTA_NODE_SIZE. */
unsigned int xs_node_size(unsigned int nperms, unsigned int datalen,
                          unsigned int childlen)
{
    return XS_RECORD_HDR + nperms * sizeof(struct xs_permissions) +
           datalen + childlen;
}

bool xs_unprivileged(const struct xs_conn *c)
{
    return c->domid != 0;
}

struct xs_domain *xs_domain_get(struct xs_store *s, unsigned int domid,
                                bool create)
{
    struct xs_domain *d;

    for ( d = s->domains; d; d = d->next )
        if ( d->domid == domid )
            return d;
    if ( !create || !(d = xs_alloc(sizeof(*d))) )
        return NULL;
    memset(d, 0, sizeof(*d));
    d->domid = domid;
    d->next = s->domains;
    s->domains = d;
    return d;
}

static void account(struct xs_store *s, const struct xs_node *n, int delta)
{
    struct xs_domain *d = xs_domain_get(s, n->perms[0].id, delta > 0);

    if ( d )
        d->nodes += delta;
}

struct xs_node *xs_store_lookup(struct xs_store *s, const char *path)
{
    struct xs_node *n = s->buckets[hash(path, s->nbuckets)];

    while ( n && !xs_streq(n->path, path) )
        n = n->hnext;
    return n;
}

/* Doubling is best effort: without memory the chains just grow. */
static void grow(struct xs_store *s)
{
    unsigned int nb = s->nbuckets * 2;
    struct xs_node **b = xs_alloc(nb * sizeof(*b));

    if ( !b )
        return;
    memset(b, 0, nb * sizeof(*b));
    for ( unsigned int i = 0; i < s->nbuckets; i++ )
        while ( s->buckets[i] )
        {
            struct xs_node *n = s->buckets[i];
            unsigned int h = hash(n->path, nb);

            s->buckets[i] = n->hnext;
            n->hnext = b[h];
            b[h] = n;
        }
    xs_free(s->buckets);
    s->buckets = b;
    s->nbuckets = nb;
}

/* Insert or replace n (taking it over), keeping the owners' counts. */
void xs_store_set(struct xs_store *s, struct xs_node *n)
{
    struct xs_node **pp = &s->buckets[hash(n->path, s->nbuckets)];
    bool added;

    while ( *pp && !xs_streq((*pp)->path, n->path) )
        pp = &(*pp)->hnext;
    added = !*pp;
    if ( *pp )
    {
        struct xs_node *old = *pp;

        n->hnext = old->hnext;
        account(s, old, -1);
        xs_free(old);
    }
    else
    {
        n->hnext = NULL;
        s->nnodes++;
    }
    *pp = n;
    account(s, n, 1);
    /* Only on insertion: replacing must not move nodes under a walker. */
    if ( added && s->nnodes > 2 * s->nbuckets )
        grow(s);
}

void xs_store_del(struct xs_store *s, const char *path)
{
    struct xs_node **pp = &s->buckets[hash(path, s->nbuckets)];

    while ( *pp && !xs_streq((*pp)->path, path) )
        pp = &(*pp)->hnext;
    if ( *pp )
    {
        struct xs_node *old = *pp;

        *pp = old->hnext;
        s->nnodes--;
        account(s, old, -1);
        xs_free(old);
    }
}

/* The transaction's entry for path, made (copying the node) if new. */
static int tx_entry(struct xs_req *r, const char *path,
                    struct xs_tx_node **out)
{
    struct xs_tx *tx = r->tx;
    struct xs_tx_node *e, **pp = &tx->nodes;
    struct xs_node *g;
    size_t len = strlen(path) + 1;

    for ( ; (e = *pp); pp = &e->next )
        if ( xs_streq(e->path, path) )
        {
            *out = e;
            return 0;
        }
    if ( xs_unprivileged(r->conn) && tx->nnodes >= XS_QUOTA_TRANS_NODES )
        return ENOSPC;
    e = xs_alloc(sizeof(*e) + len);
    if ( !e )
        return ENOMEM;
    memset(e, 0, sizeof(*e));
    memcpy(e->path, path, len);
    g = xs_store_lookup(r->conn->store, path);
    e->gen = g ? g->gen : XS_NO_GEN;
    if ( g && !(e->orig = xs_node_clone(g)) )
    {
        xs_free(e);
        return ENOMEM;
    }
    *pp = e;
    tx->nnodes++;
    *out = e;
    return 0;
}

/* The node at path as the request sees it (NULL if none), or an errno. */
int xs_node_find(struct xs_req *r, const char *path, struct xs_node **out)
{
    struct xs_tx_node *e;
    int rc;

    if ( !r->tx )
    {
        *out = xs_store_lookup(r->conn->store, path);
        return 0;
    }
    rc = tx_entry(r, path, &e);
    if ( rc )
        return rc;
    *out = e->modified ? e->cur : e->orig;
    return 0;
}

/* Write n (taken over, freed on error) as the request's new version. */
int xs_node_store(struct xs_req *r, struct xs_node *n)
{
    struct xs_tx_node *e;
    int rc;

    n->gen = ++r->conn->store->gen;
    if ( !r->tx )
    {
        xs_store_set(r->conn->store, n);
        return 0;
    }
    rc = tx_entry(r, n->path, &e);
    if ( rc )
    {
        xs_free(n);
        return rc;
    }
    if ( e->modified )
        xs_free(e->cur);
    e->cur = n;
    e->modified = true;
    return 0;
}

/* Remove one node the request has already found (so no error is left). */
void xs_node_remove(struct xs_req *r, const char *path)
{
    struct xs_tx_node *e;

    if ( !r->tx )
    {
        xs_store_del(r->conn->store, path);
        return;
    }
    if ( tx_entry(r, path, &e) )
        return;
    if ( e->modified )
        xs_free(e->cur);
    e->cur = NULL;
    e->modified = true;
}

struct xs_store *xs_store_new(void)
{
    static const struct xs_permissions dom0_only = { 0, XS_PERM_NONE };
    static const char *const tree[][2] = {
        { "/", "tool" },
        { "/tool", "xenstored" },
        { "/tool/xenstored", "" },
    };
    struct xs_store *s = xs_alloc(sizeof(*s));

    if ( !s )
        return NULL;
    memset(s, 0, sizeof(*s));
    s->nbuckets = INITIAL_BUCKETS;
    s->buckets = xs_alloc(s->nbuckets * sizeof(*s->buckets));
    if ( !s->buckets )
        goto fail;
    memset(s->buckets, 0, s->nbuckets * sizeof(*s->buckets));
    for ( unsigned int i = 0; i < XS_ARRAY_SIZE(tree); i++ )
    {
        const char *child = tree[i][1];
        unsigned int clen = *child ? strlen(child) + 1 : 0;
        struct xs_node *n = xs_node_new(tree[i][0], "", 0, child, clen,
                                        &dom0_only, 1);

        if ( !n )
            goto fail;
        n->gen = ++s->gen;
        xs_store_set(s, n);
    }
    s->special[0] = xs_node_new("@introduceDomain", "", 0, "", 0,
                                &dom0_only, 1);
    s->special[1] = xs_node_new("@releaseDomain", "", 0, "", 0,
                                &dom0_only, 1);
    if ( !s->special[0] || !s->special[1] || !xs_domain_get(s, 0, true) )
        goto fail;
    xs_domain_get(s, 0, false)->introduced = true; /* the store's own */
    return s;

fail:
    xs_store_free(s);
    return NULL;
}

void xs_store_free(struct xs_store *s)
{
    if ( !s )
        return;
    while ( s->conns )
        xs_conn_free(s->conns);
    for ( unsigned int i = 0; s->buckets && i < s->nbuckets; i++ )
        while ( s->buckets[i] )
        {
            struct xs_node *n = s->buckets[i];

            s->buckets[i] = n->hnext;
            xs_free(n);
        }
    while ( s->domains )
    {
        struct xs_domain *d = s->domains;

        s->domains = d->next;
        xs_free(d);
    }
    xs_free(s->special[0]);
    xs_free(s->special[1]);
    xs_free(s->buckets);
    xs_free(s);
}
