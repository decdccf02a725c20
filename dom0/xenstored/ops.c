/*
 * xenstored core: the node requests (READ, WRITE, MKDIR, RM, DIRECTORY,
 * DIRECTORY_PART, GET_PERMS, SET_PERMS) with C xenstored's permission
 * rules and unprivileged quotas.  Every argument is checked before any
 * node changes; a failed request leaves the store as it was.
 */
#include "xs_core.h"

#define PERM_ALL (XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER)

/* Owners and dom0 get everything; others their entry, or the default. */
unsigned int xs_perm_for(const struct xs_conn *c, const struct xs_node *n)
{
    if ( !xs_unprivileged(c) || n->perms[0].id == c->domid )
        return PERM_ALL;
    for ( unsigned int i = 1; i < n->nperms; i++ )
        if ( n->perms[i].id == c->domid )
            return n->perms[i].perms & PERM_ALL;
    return n->perms[0].perms & PERM_ALL;
}

/* The payload is exactly one string. */
static const char *onearg(struct xs_req *r)
{
    if ( !r->len || xs_count_strings(r->body, r->len) != 1 ||
         r->body[r->len - 1] )
        return NULL;
    return r->body;
}

/*
 * The node at a canonical path with access perm.  A missing or
 * forbidden node reads as ENOENT only to those who may see its nearest
 * existing ancestor, EACCES otherwise: names are not leaked.
 */
static int get_node(struct xs_req *r, const char *path, unsigned int perm,
                    struct xs_node **out)
{
    struct xs_node *n, *anc = NULL;
    char *p, *up;
    int rc;

    if ( !xs_valid_path(path) )
        return EINVAL;
    rc = xs_node_find(r, path, &n);
    if ( rc )
        return rc;
    *out = n;
    if ( n )
        return (xs_perm_for(r->conn, n) & perm) == perm ? 0 : EACCES;
    if ( !(p = xs_strdup(path)) )
        return ENOMEM;
    while ( !anc && !xs_streq(p, "/") )
    {
        up = xs_parent(p);
        xs_free(p);
        if ( !(p = up) )
            return ENOMEM;
        if ( (rc = xs_node_find(r, p, &anc)) )
            break;
    }
    xs_free(p);
    if ( rc )
        return rc;
    return anc && (xs_perm_for(r->conn, anc) & perm) ? ENOENT : EACCES;
}

/* Unprivileged records are limited in size, as in C xenstored. */
static int size_ok(struct xs_req *r, const struct xs_node *n)
{
    if ( xs_unprivileged(r->conn) &&
         xs_node_size(n->nperms, n->datalen, n->childlen) >=
             XS_QUOTA_NODE_SIZE )
        return ENOSPC;
    return 0;
}

/* A copy of n with one more child name, or (add false) one fewer. */
static struct xs_node *with_child(const struct xs_node *n, const char *name,
                                  bool add)
{
    unsigned int nl = strlen(name) + 1, off = 0, len = n->childlen;
    struct xs_node *c;
    char *kids = xs_alloc(len + nl);

    if ( !kids )
        return NULL;
    if ( add )
    {
        memcpy(kids, n->children, len);
        memcpy(kids + len, name, nl);
        len += nl;
    }
    else
    {
        len = 0;
        while ( off < n->childlen )
        {
            unsigned int cl = strlen(n->children + off) + 1;

            if ( !xs_streq(n->children + off, name) )
            {
                memcpy(kids + len, n->children + off, cl);
                len += cl;
            }
            off += cl;
        }
    }
    c = xs_node_new(n->path, n->data, n->datalen, kids, len, n->perms,
                    n->nperms);
    xs_free(kids);
    return c;
}

/*
 * Create path and its missing ancestors below the nearest existing one,
 * which lends them its permissions; an unprivileged creator owns them.
 */
static int create_node(struct xs_req *r, const char *path, const char *data,
                       unsigned int datalen)
{
    unsigned int depth = 0, k = 0, i;
    struct xs_node *top = NULL, **recs = NULL;
    struct xs_permissions *perms = NULL;
    char **names;
    int rc = ENOMEM;

    for ( const char *p = path; *p; p++ )
        depth += *p == '/';
    names = xs_alloc(depth * sizeof(*names));
    if ( !names )
        return ENOMEM;
    if ( !(names[k++] = xs_strdup(path)) )
        goto out;
    while ( !top )
    {
        char *up = xs_parent(names[k - 1]);

        if ( !up )
            goto out;
        if ( (rc = xs_node_find(r, up, &top)) || top )
        {
            xs_free(up);
            if ( rc )
                goto out;
            break;
        }
        names[k++] = up;
    }

    rc = ENOSPC;
    if ( xs_unprivileged(r->conn) )
    {
        struct xs_domain *d = xs_domain_get(r->conn->store, r->conn->domid,
                                            false);

        if ( (d ? d->nodes : 0) + k > XS_QUOTA_NODES )
            goto out;
    }
    rc = ENOMEM;
    if ( (recs = xs_alloc((k + 1) * sizeof(*recs))) )
        memset(recs, 0, (k + 1) * sizeof(*recs));
    perms = xs_alloc(top->nperms * sizeof(*perms));
    if ( !perms || !recs )
        goto out;
    memcpy(perms, top->perms, top->nperms * sizeof(*perms));
    if ( xs_unprivileged(r->conn) )
        perms[0].id = r->conn->domid;

    /* recs[k]: top with its new child; recs[i]: names[i], top down. */
    recs[k] = with_child(top, xs_basename(names[k - 1]), true);
    for ( i = 0; i < k; i++ )
    {
        const char *kid = i ? xs_basename(names[i - 1]) : "";
        unsigned int kl = i ? strlen(kid) + 1 : 0;

        recs[i] = xs_node_new(names[i], data, i ? 0 : datalen, kid, kl,
                              perms, top->nperms);
        if ( !recs[i] )
            goto out;
    }
    if ( !recs[k] )
        goto out;
    for ( i = 0; i <= k; i++ )
        if ( (rc = size_ok(r, recs[i])) )
            goto out;
    for ( i = k + 1; i-- > 0; )
    {
        rc = xs_node_store(r, recs[i]);
        recs[i] = NULL;
        if ( rc )
            goto out;
    }

out:
    for ( i = 0; recs && i <= k; i++ )
        xs_free(recs[i]);
    for ( i = 0; i < k; i++ )
        xs_free(names[i]);
    xs_free(names);
    xs_free(recs);
    xs_free(perms);
    return rc;
}

/* WRITE "path\0data" and MKDIR "path\0": create or replace, then fire. */
static int do_write(struct xs_req *r, bool mkdir)
{
    unsigned int off = strlen(r->body) + 1;
    const char *data = r->body + off;
    struct xs_node *n, *c;
    char *path;
    int rc;

    if ( mkdir ? !onearg(r) : !xs_count_strings(r->body, r->len) )
        return EINVAL;
    if ( !(path = xs_canonical(r->conn, r->body, NULL)) )
        return ENOMEM;
    rc = get_node(r, path, XS_PERM_WRITE, &n);
    if ( rc == ENOENT )
        rc = create_node(r, path, data, r->len - off);
    else if ( !rc && mkdir )
        goto out;
    else if ( !rc )
    {
        c = xs_node_new(path, data, r->len - off, n->children, n->childlen,
                        n->perms, n->nperms);
        rc = !c ? ENOMEM : size_ok(r, c);
        if ( !rc )
            rc = xs_node_store(r, c);
        else
            xs_free(c);
    }
    if ( !rc )
        xs_fire(r, path, false, NULL);
out:
    xs_free(path);
    return rc ? rc : xs_reply_ok(r);
}

/*
 * Remove root and everything below it, a leaf at a time, so that the
 * tree stays whole even if memory runs out half-way; each removed node
 * fires its watches while it still exists.
 */
int xs_remove_tree(struct xs_req *r, const char *root)
{
    char *cur = xs_strdup(root), *up;
    struct xs_node *n, *p;
    int rc = 0;

    while ( cur )
    {
        if ( (rc = xs_node_find(r, cur, &n)) )
            break;
        if ( n && n->childlen )
        {
            up = cur;
            cur = xs_child_path(up, n->children);
            xs_free(up);
            continue;
        }
        if ( n )
        {
            xs_fire(r, cur, !xs_streq(cur, root), NULL);
            xs_node_remove(r, cur);
        }
        up = xs_parent(cur);
        if ( !up || (rc = xs_node_find(r, up, &p)) || !p )
        {
            rc = rc ? rc : ENOMEM;
            xs_free(up);
            break;
        }
        n = with_child(p, xs_basename(cur), false);
        if ( !n || (rc = xs_node_store(r, n)) )
        {
            rc = rc ? rc : ENOMEM;
            xs_free(up);
            break;
        }
        if ( xs_streq(cur, root) )
        {
            xs_free(up);
            up = NULL;
        }
        xs_free(cur);
        cur = up;
    }
    xs_free(cur);
    return cur ? (rc ? rc : ENOMEM) : rc;
}

static int do_rm(struct xs_req *r)
{
    struct xs_node *n, *p = NULL;
    char *path, *up;
    int rc;

    if ( !onearg(r) )
        return EINVAL;
    if ( !(path = xs_canonical(r->conn, r->body, NULL)) )
        return ENOMEM;
    rc = get_node(r, path, XS_PERM_WRITE, &n);
    if ( rc == ENOENT )
    {
        /* Already gone is fine, if the parent is there. */
        up = xs_parent(path);
        rc = !up ? ENOMEM : xs_node_find(r, up, &p);
        rc = rc ? rc : (p ? 0 : ENOENT);
        xs_free(up);
    }
    else if ( !rc && xs_streq(path, "/") )
        rc = EINVAL;
    else if ( !rc )
        rc = xs_remove_tree(r, path);
    xs_free(path);
    return rc ? rc : xs_reply_ok(r);
}

/* Reads: READ, DIRECTORY, GET_PERMS. */
static int do_get(struct xs_req *r)
{
    char buf[XS_QUOTA_PERMS * 8], *out;
    struct xs_node *n;
    char *path;
    unsigned int len = 0;
    int rc;

    if ( !onearg(r) )
        return EINVAL;
    if ( !(path = xs_canonical(r->conn, r->body, NULL)) )
        return ENOMEM;
    rc = get_node(r, path, XS_PERM_READ, &n);
    xs_free(path);
    if ( rc )
        return rc;
    if ( r->type == XS_READ )
        return xs_reply(r, n->data, n->datalen);
    if ( r->type == XS_DIRECTORY )
        return xs_reply(r, n->children, n->childlen);
    /* GET_PERMS: "b0\0r5\0": at most 7 bytes each, dom0 may set many. */
    out = n->nperms * 8 > sizeof(buf) ? xs_alloc(n->nperms * 8) : buf;
    if ( !out )
        return ENOMEM;
    for ( unsigned int i = 0; i < n->nperms; i++ )
    {
        static const char letter[] = "nrwb";

        out[len++] = letter[n->perms[i].perms & 3];
        len += xs_fmt_uint(out + len, n->perms[i].id) + 1;
    }
    rc = xs_reply(r, out, len);
    if ( out != buf )
        xs_free(out);
    return rc;
}

/*
 * DIRECTORY_PART "path\0offset\0": the node's generation, then as many
 * whole child names from offset as fit; an extra NUL marks the end.
 */
static int do_directory_part(struct xs_req *r)
{
    char out[XENSTORE_PAYLOAD_MAX];
    unsigned int off, glen, len = 0;
    struct xs_node *n;
    char *path;
    int rc;

    if ( xs_count_strings(r->body, r->len) != 2 ||
         !xs_parse_uint(r->body + strlen(r->body) + 1, ~0u, &off) )
        return EINVAL;
    if ( !(path = xs_canonical(r->conn, r->body, NULL)) )
        return ENOMEM;
    rc = get_node(r, path, XS_PERM_READ, &n);
    xs_free(path);
    if ( rc )
        return rc;
    glen = xs_fmt_uint(out, n->gen) + 1;
    while ( off + len < n->childlen )
    {
        unsigned int cl = strlen(n->children + off + len) + 1;

        if ( glen + len + cl + 1 > sizeof(out) )
            break;
        len += cl;
    }
    memcpy(out + glen, n->children + (off < n->childlen ? off : 0), len);
    if ( off + len >= n->childlen )
        out[glen + len++] = 0;
    return xs_reply(r, out, glen + len);
}

/* SET_PERMS "path\0perm\0perm...": owner (or dom0) only; dom0 may
 * give a node away. */
static int do_set_perms(struct xs_req *r)
{
    unsigned int np = xs_count_strings(r->body, r->len);
    struct xs_permissions *perms;
    struct xs_node *n, *c;
    char *path = NULL;
    int rc;

    if ( np-- < 2 )
        return EINVAL;
    if ( xs_unprivileged(r->conn) && np > XS_QUOTA_PERMS )
        return ENOSPC;
    if ( !(perms = xs_alloc(np * sizeof(*perms))) )
        return ENOMEM;
    rc = EINVAL;
    if ( !xs_parse_perms(r->body + strlen(r->body) + 1, np, perms) )
        goto out;
    if ( r->body[0] == '@' )
    {
        rc = xs_set_special_perms(r, r->body, perms, np);
        perms = NULL;
        goto out;
    }
    rc = ENOMEM;
    if ( !(path = xs_canonical(r->conn, r->body, NULL)) )
        goto out;
    rc = get_node(r, path, XS_PERM_WRITE | XS_PERM_OWNER, &n);
    if ( !rc && xs_unprivileged(r->conn) && perms[0].id != n->perms[0].id )
        rc = EPERM;
    if ( rc )
        goto out;
    c = xs_node_new(path, n->data, n->datalen, n->children, n->childlen,
                    perms, np);
    rc = !c ? ENOMEM : size_ok(r, c);
    if ( rc )
    {
        xs_free(c);
        goto out;
    }
    /* Watchers who lose access still hear of it: fire with the old. */
    n = xs_node_clone(n);
    rc = n ? xs_node_store(r, c) : ENOMEM;
    if ( !rc )
        xs_fire(r, path, false, n);
    else if ( !n )
        xs_free(c);
    xs_free(n);
out:
    xs_free(perms);
    xs_free(path);
    return rc ? rc : xs_reply_ok(r);
}

int xs_do_node_op(struct xs_req *r)
{
    switch ( r->type )
    {
    case XS_READ:
    case XS_DIRECTORY:
    case XS_GET_PERMS:
        return do_get(r);
    case XS_DIRECTORY_PART:
        return do_directory_part(r);
    case XS_WRITE:
        return do_write(r, false);
    case XS_MKDIR:
        return do_write(r, true);
    case XS_RM:
        return do_rm(r);
    case XS_SET_PERMS:
        return do_set_perms(r);
    }
    return ENOSYS;
}
