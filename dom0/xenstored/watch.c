/*
 * xenstored core: watches and their events.  A watch fires for changes
 * to its node and everything below, and for @introduceDomain and
 * @releaseDomain; an event goes only to connections that may read the
 * node or its parent (XSA-115), or that could before a permission change.
 */
#include "xs_core.h"

static struct xs_node *special(struct xs_store *s, const char *name)
{
    for ( unsigned int i = 0; i < XS_ARRAY_SIZE(s->special); i++ )
        if ( xs_streq(s->special[i]->path, name) )
            return s->special[i];
    return NULL;
}

unsigned int xs_domain_watches(struct xs_store *s, unsigned int domid)
{
    unsigned int n = 0;

    for ( struct xs_conn *c = s->conns; c; c = c->next )
        if ( c->domid == domid )
            for ( struct xs_watch *w = c->watches; w; w = w->next )
                n++;
    return n;
}

/* The path as the watcher named it: relative watches see relative. */
static const char *seen_as(const struct xs_watch *w, const char *path)
{
    if ( !w->strip )
        return path;
    path += w->strip;
    return *path == '/' ? path + 1 : path;
}

/* WATCH "path\0token\0": OK, then at once one event for the path. */
int xs_do_watch(struct xs_req *r)
{
    struct xs_conn *c = r->conn;
    const char *token = r->body + strlen(r->body) + 1;
    struct xs_watch *w;
    unsigned int strip;
    char *path;
    int rc;

    if ( xs_count_strings(r->body, r->len) != 2 )
        return EINVAL;
    if ( !(path = xs_canonical(c, r->body, &strip)) )
        return ENOMEM;
    rc = EINVAL;
    if ( path[0] == '@' ? strlen(path) > XENSTORE_REL_PATH_MAX
                        : !xs_valid_path(path) )
        goto fail;
    rc = EEXIST;
    for ( w = c->watches; w; w = w->next )
        if ( xs_streq(w->path, path) && xs_streq(w->token, token) )
            goto fail;
    rc = E2BIG;
    if ( xs_unprivileged(c) &&
         xs_domain_watches(c->store, c->domid) >= XS_QUOTA_WATCHES )
        goto fail;
    rc = ENOMEM;
    if ( !(w = xs_alloc(sizeof(*w))) )
        goto fail;
    if ( !(w->token = xs_strdup(token)) )
    {
        xs_free(w);
        goto fail;
    }
    w->path = path;
    w->strip = strip;
    w->next = c->watches;
    c->watches = w;
    rc = xs_reply_ok(r);
    if ( !rc )
        xs_send_event(c, seen_as(w, w->path), w->token);
    return rc;

fail:
    xs_free(path);
    return rc;
}

static void watch_free(struct xs_watch *w)
{
    xs_free(w->path);
    xs_free(w->token);
    xs_free(w);
}

int xs_do_unwatch(struct xs_req *r)
{
    const char *token = r->body + strlen(r->body) + 1;
    struct xs_watch *w, **pp;
    char *path;

    if ( xs_count_strings(r->body, r->len) != 2 )
        return EINVAL;
    if ( !(path = xs_canonical(r->conn, r->body, NULL)) )
        return ENOMEM;
    for ( pp = &r->conn->watches; (w = *pp); pp = &w->next )
        if ( xs_streq(w->path, path) && xs_streq(w->token, token) )
            break;
    xs_free(path);
    if ( !w )
        return ENOENT;
    *pp = w->next;
    watch_free(w);
    return xs_reply_ok(r);
}

void xs_watches_free(struct xs_conn *c)
{
    while ( c->watches )
    {
        struct xs_watch *w = c->watches;

        c->watches = w->next;
        watch_free(w);
    }
}

/* Is path the watched node or below it? ("/" watches everything.) */
static bool below(const char *path, const char *watched)
{
    size_t len = strlen(watched);

    if ( xs_streq(watched, "/") )
        return true;
    return !strncmp(path, watched, len) &&
           (path[len] == '/' || path[len] == 0);
}

/* May c hear of path: it can read the node (now or before) or its parent. */
static bool permitted(struct xs_conn *c, const char *path,
                      const struct xs_node *old)
{
    struct xs_node *n;
    char *up;
    bool ok;

    if ( old && (xs_perm_for(c, old) & XS_PERM_READ) )
        return true;
    n = xs_store_lookup(c->store, path);
    if ( !n )
        return false;
    if ( xs_perm_for(c, n) & XS_PERM_READ )
        return true;
    if ( xs_streq(path, "/") || !(up = xs_parent(path)) )
        return false;
    n = xs_store_lookup(c->store, up);
    ok = n && (xs_perm_for(c, n) & XS_PERM_READ);
    xs_free(up);
    return ok;
}

void xs_fire_global(struct xs_store *s, const char *path, bool exact,
                    const struct xs_node *old)
{
    struct xs_node *sp = path[0] == '@' ? special(s, path) : NULL;

    if ( path[0] == '@' && !sp )
        return;
    for ( struct xs_conn *c = s->conns; c; c = c->next )
    {
        if ( c->broken || !c->watches )
            continue;
        if ( sp ? !(xs_perm_for(c, sp) & XS_PERM_READ)
                : !permitted(c, path, old) )
            continue;
        for ( struct xs_watch *w = c->watches; w; w = w->next )
            if ( exact ? xs_streq(path, w->path) : below(path, w->path) )
                xs_send_event(c, seen_as(w, path), w->token);
    }
}

/* In a transaction, events wait for the commit (transaction.c). */
void xs_fire(struct xs_req *r, const char *path, bool exact,
             const struct xs_node *old)
{
    if ( !r->tx )
    {
        xs_fire_global(r->conn->store, path, exact, old);
        return;
    }
    for ( struct xs_tx_node *e = r->tx->nodes; e; e = e->next )
        if ( xs_streq(e->path, path) )
        {
            e->exact = e->fire ? e->exact && exact : exact;
            e->fire = true;
            return;
        }
}

/* SET_PERMS on @introduceDomain or @releaseDomain; takes p over. */
int xs_set_special_perms(struct xs_req *r, const char *name,
                         struct xs_permissions *p, unsigned int n)
{
    struct xs_store *s = r->conn->store;
    struct xs_node *sp = special(s, name), *nsp;
    int rc = EINVAL;

    if ( sp && (xs_perm_for(r->conn, sp) & (XS_PERM_WRITE | XS_PERM_OWNER)) !=
                   (XS_PERM_WRITE | XS_PERM_OWNER) )
        rc = EACCES;
    else if ( sp )
        rc = (nsp = xs_node_new(name, "", 0, "", 0, p, n)) ? 0 : ENOMEM;
    xs_free(p);
    if ( rc )
        return rc;
    for ( unsigned int i = 0; i < XS_ARRAY_SIZE(s->special); i++ )
        if ( s->special[i] == sp )
            s->special[i] = nsp;
    xs_free(sp);
    return xs_reply_ok(r);
}
