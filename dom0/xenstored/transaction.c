/*
 * xenstored core: transactions.  A transaction works on copies of the
 * nodes it touches, each stamped with the global generation it saw; the
 * commit fails with EAGAIN if any of them changed since, and otherwise
 * applies every modified copy and fires the watches it held back.
 */
#include "xs_core.h"

static void tx_free(struct xs_tx *tx)
{
    while ( tx->nodes )
    {
        struct xs_tx_node *e = tx->nodes;

        tx->nodes = e->next;
        xs_free(e->orig);
        if ( e->modified )
            xs_free(e->cur);
        xs_free(e);
    }
    xs_free(tx);
}

struct xs_tx *xs_tx_lookup(struct xs_conn *c, uint32_t id)
{
    struct xs_tx *tx = c->txs;

    while ( tx && tx->id != id )
        tx = tx->next;
    return tx;
}

void xs_txs_free(struct xs_conn *c)
{
    while ( c->txs )
    {
        struct xs_tx *tx = c->txs;

        c->txs = tx->next;
        tx_free(tx);
    }
    c->ntx = 0;
}

int xs_do_tx_start(struct xs_req *r)
{
    struct xs_conn *c = r->conn;
    struct xs_tx *tx;
    char id[24];
    int rc;

    if ( r->tx )
        return EBUSY; /* no nesting */
    if ( xs_unprivileged(c) && c->ntx >= XS_QUOTA_TRANS )
        return ENOSPC;
    if ( !(tx = xs_alloc(sizeof(*tx))) )
        return ENOMEM;
    memset(tx, 0, sizeof(*tx));
    do {
        tx->id = c->next_txid++;
    } while ( !tx->id || xs_tx_lookup(c, tx->id) );
    rc = xs_reply(r, id, xs_fmt_uint(id, tx->id) + 1);
    if ( rc )
    {
        xs_free(tx);
        return rc;
    }
    tx->next = c->txs;
    c->txs = tx;
    c->ntx++;
    return 0;
}

/* Would committing leave an unprivileged domain over its node quota? */
static bool over_quota(struct xs_conn *c, struct xs_tx *tx)
{
    struct xs_domain *d = xs_domain_get(c->store, c->domid, false);
    long delta = 0;

    if ( !xs_unprivileged(c) )
        return false;
    for ( struct xs_tx_node *e = tx->nodes; e; e = e->next )
    {
        struct xs_node *g = xs_store_lookup(c->store, e->path);

        if ( !e->modified )
            continue;
        delta -= g && g->perms[0].id == c->domid;
        delta += e->cur && e->cur->perms[0].id == c->domid;
    }
    return delta > 0 && (d ? d->nodes : 0) + delta > XS_QUOTA_NODES;
}

static int commit(struct xs_conn *c, struct xs_tx *tx)
{
    struct xs_store *s = c->store;
    struct xs_tx_node *e;

    for ( e = tx->nodes; e; e = e->next )
    {
        struct xs_node *g = xs_store_lookup(s, e->path);

        if ( (g ? g->gen : XS_NO_GEN) != e->gen )
            return EAGAIN;
    }
    if ( over_quota(c, tx) )
        return ENOSPC;
    for ( e = tx->nodes; e; e = e->next )
    {
        if ( !e->modified )
            continue;
        if ( e->cur )
        {
            e->cur->gen = ++s->gen;
            xs_store_set(s, e->cur);
        }
        else
            xs_store_del(s, e->path);
        e->modified = false;
        e->cur = NULL;
    }
    for ( e = tx->nodes; e; e = e->next )
        if ( e->fire )
            xs_fire_global(s, e->path, e->exact, e->orig);
    return 0;
}

/* TRANSACTION_END "T\0" commits, "F\0" abandons; either way it ends. */
int xs_do_tx_end(struct xs_req *r)
{
    struct xs_conn *c = r->conn;
    struct xs_tx **pp, *tx = r->tx;
    int rc = 0;

    if ( r->len != 2 || r->body[1] ||
         (r->body[0] != 'T' && r->body[0] != 'F') )
        return EINVAL;
    if ( !tx )
        return ENOENT;
    for ( pp = &c->txs; *pp != tx; pp = &(*pp)->next )
        ;
    *pp = tx->next;
    c->ntx--;
    r->tx = NULL;
    if ( r->body[0] == 'T' )
        rc = commit(c, tx);
    tx_free(tx);
    return rc ? rc : xs_reply_ok(r);
}
