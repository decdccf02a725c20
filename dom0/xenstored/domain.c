/*
 * xenstored core: domain requests.  INTRODUCE and RELEASE come from the
 * control domain's toolstack (conn.c checks the privilege); releasing a
 * domain drops its connections' state, the nodes it owns and its
 * permission entries, so a later domain with its id inherits nothing.
 */
#include "xs_core.h"

/* A one-string payload that is a domain id. */
static int domid_arg(struct xs_req *r, unsigned int *domid)
{
    if ( !r->len || xs_count_strings(r->body, r->len) != 1 ||
         r->body[r->len - 1] ||
         !xs_parse_uint(r->body, XS_DOMID_MAX, domid) )
        return EINVAL;
    return 0;
}

static bool introduced(struct xs_store *s, unsigned int domid)
{
    struct xs_domain *d = xs_domain_get(s, domid, false);

    return d && d->introduced;
}

/* INTRODUCE "domid\0mfn\0port\0": the ring itself is the transport's. */
static int do_introduce(struct xs_req *r)
{
    struct xs_store *s = r->conn->store;
    const char *mfn, *port;
    unsigned int domid, p, m;
    struct xs_domain *d;
    int rc;

    /* Only once three strings are known to be there may we step over. */
    if ( xs_count_strings(r->body, r->len) < 3 )
        return EINVAL;
    mfn = r->body + strlen(r->body) + 1;
    port = mfn + strlen(mfn) + 1;
    if ( !xs_parse_uint(r->body, DOMID_FIRST_RESERVED - 1, &domid) ||
         !xs_parse_uint(mfn, ~0u, &m) || !xs_parse_uint(port, ~0u, &p) ||
         !p )
        return EINVAL;
    if ( !(d = xs_domain_get(s, domid, true)) )
        return ENOMEM;
    if ( domid && s->hooks.introduce &&
         (rc = s->hooks.introduce(s->hooks.arg, domid, m, p)) )
        return rc;
    if ( !d->introduced && domid )
        xs_fire_global(s, "@introduceDomain", true, NULL);
    d->introduced = true;
    return xs_reply_ok(r);
}

/* Drop domid's entries from n's permissions (the owner becomes dom0). */
static void scrub(struct xs_store *s, struct xs_node *n, unsigned int domid,
                  bool global)
{
    struct xs_permissions *p = xs_alloc(n->nperms * sizeof(*p));
    unsigned int k = 1;
    struct xs_node *c;

    if ( !p )
        return;
    p[0] = n->perms[0];
    if ( p[0].id == domid )
        p[0].id = 0;
    for ( unsigned int i = 1; i < n->nperms; i++ )
        if ( n->perms[i].id != domid )
            p[k++] = n->perms[i];
    if ( k == n->nperms && p[0].id == n->perms[0].id )
        ;
    else if ( !global )
    {
        n->nperms = k; /* special nodes: shrink in place */
        memcpy(n->perms, p, k * sizeof(p[0]));
    }
    else if ( (c = xs_node_new(n->path, n->data, n->datalen, n->children,
                               n->childlen, p, k)) )
    {
        c->gen = ++s->gen;
        xs_store_set(s, c);
    }
    xs_free(p);
}

/* Top-most nodes owned by domid: their subtrees go with the domain. */
static int remove_owned(struct xs_req *r, unsigned int domid)
{
    struct xs_store *s = r->conn->store;
    unsigned int n = 0, i, b;
    struct xs_node *x, *up;
    char **roots, *pp;
    int rc = 0;

    for ( i = 0; i < 2; i++ )
    {
        roots = i ? xs_alloc(n * sizeof(*roots) + 1) : NULL;
        if ( i && !roots )
            return ENOMEM;
        n = 0;
        for ( b = 0; b < s->nbuckets; b++ )
            for ( x = s->buckets[b]; x; x = x->hnext )
            {
                if ( x->perms[0].id != domid || xs_streq(x->path, "/") )
                    continue;
                if ( !(pp = xs_parent(x->path)) )
                    rc = ENOMEM;
                up = pp ? xs_store_lookup(s, pp) : NULL;
                xs_free(pp);
                if ( up && up->perms[0].id == domid )
                    continue;
                if ( i )
                    roots[n] = xs_strdup(x->path);
                n++;
            }
    }
    for ( i = 0; i < n; i++ )
    {
        if ( roots[i] && xs_store_lookup(s, roots[i]) )
            rc = xs_remove_tree(r, roots[i]) ? ENOMEM : rc;
        rc = roots[i] ? rc : ENOMEM;
        xs_free(roots[i]);
    }
    xs_free(roots);
    return rc;
}

static int do_release(struct xs_req *r)
{
    struct xs_store *s = r->conn->store;
    unsigned int domid, b;
    struct xs_node *x, *next;
    int rc = domid_arg(r, &domid);

    if ( rc )
        return rc;
    if ( !domid )
        return EINVAL;
    if ( !introduced(s, domid) )
        return ENOENT;
    xs_domain_get(s, domid, false)->introduced = false;
    r->tx = NULL; /* the domain's nodes go from the store itself */
    for ( struct xs_conn *c = s->conns; c; c = c->next )
        if ( c->domid == domid )
        {
            xs_watches_free(c);
            xs_txs_free(c);
            c->broken = true;
        }
    if ( (rc = remove_owned(r, domid)) )
        return rc;
    for ( b = 0; b < s->nbuckets; b++ )
        for ( x = s->buckets[b]; x; x = next )
        {
            next = x->hnext; /* scrub may replace x in place */
            scrub(s, x, domid, true);
        }
    for ( b = 0; b < XS_ARRAY_SIZE(s->special); b++ )
        scrub(s, s->special[b], domid, false);
    if ( s->hooks.release )
        s->hooks.release(s->hooks.arg, domid);
    xs_fire_global(s, "@releaseDomain", true, NULL);
    return xs_reply_ok(r);
}

void xs_store_set_hooks(struct xs_store *s, const struct xs_hooks *h)
{
    s->hooks = *h;
}

bool xs_domain_introduced(struct xs_store *s, unsigned int domid)
{
    return introduced(s, domid);
}

void xs_fire_special(struct xs_store *s, const char *name)
{
    xs_fire_global(s, name, true, NULL);
}

int xs_do_domain_op(struct xs_req *r)
{
    char path[40] = "/local/domain/";
    unsigned int domid, len = strlen(path);
    int rc;

    switch ( r->type )
    {
    case XS_INTRODUCE:
        return do_introduce(r);
    case XS_RELEASE:
        return do_release(r);
    case XS_RESET_WATCHES:
        xs_watches_free(r->conn);
        xs_txs_free(r->conn);
        r->tx = NULL;
        return xs_reply_ok(r);
    }
    if ( (rc = domid_arg(r, &domid)) )
        return rc;
    switch ( r->type )
    {
    case XS_GET_DOMAIN_PATH:
        len += xs_fmt_uint(path + len, domid);
        return xs_reply(r, path, len + 1);
    case XS_IS_DOMAIN_INTRODUCED:
        return xs_reply(r, domid == DOMID_SELF || introduced(r->conn->store,
                                                             domid)
                               ? "T" : "F", 2);
    case XS_RESUME:
        return !domid ? EINVAL
                      : introduced(r->conn->store, domid) ? xs_reply_ok(r)
                                                          : ENOENT;
    }
    return ENOSYS;
}
