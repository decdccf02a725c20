/*
 * xenbus client of the PV kernel core: requests to xenstored over the
 * domain's store page and port from start_info (xen/io/xs_wire.h), as
 * Mini-OS's and Linux's xenbus do.  Relative paths are under the
 * domain's home, /local/domain/<domid>.  Needs events_init() and the
 * heap; not for event handlers.  Errors are negative Xen errnos.
 */
#ifndef PV_GUEST_XENBUS_H
#define PV_GUEST_XENBUS_H

#include <stdbool.h>
#include <stdint.h>

/* A transaction id, or XBT_NIL: none (each request stands alone). */
typedef uint32_t xenbus_transaction_t;
#define XBT_NIL ((xenbus_transaction_t)0)

int xenbus_init(void);      /* 0, or -ENODEV without a store page */
/* *value: malloc'd, NUL-terminated; returns its length or -errno. */
int xenbus_read(xenbus_transaction_t t, const char *path, char **value);
int xenbus_write(xenbus_transaction_t t, const char *path,
                 const char *value);
int xenbus_rm(xenbus_transaction_t t, const char *path);
/* *names: malloc'd vector, one block (free(*names)); returns the count. */
int xenbus_directory(xenbus_transaction_t t, const char *path,
                     char ***names);
int xenbus_transaction_start(xenbus_transaction_t *t);
/* Commit, or abort; -EAGAIN: another change conflicted, start again. */
int xenbus_transaction_end(xenbus_transaction_t t, bool abort);
int xenbus_watch(const char *path, const char *token);
int xenbus_unwatch(const char *path, const char *token);
/* The next watch event; path and token are one malloc'd block (free
 * *path).  -EAGAIN if none and !block. */
int xenbus_read_watch(char **path, char **token, bool block);

#endif /* PV_GUEST_XENBUS_H */
