/*
 * libxenstore in dom0: Xen's own <xenstore.h> (Debian libxenstore-dev), so
 * the signatures are Xen's, implemented by dom0/libxs/ over in-process
 * connections to dom0's xenstored.  Provided: xs_open, xs_close, xs_read,
 * xs_write, xs_directory, xs_mkdir, xs_rm, xs_get_permissions,
 * xs_set_permissions, xs_watch, xs_unwatch, xs_read_watch, xs_check_watch,
 * xs_fileno, xs_transaction_start, xs_transaction_end,
 * xs_introduce_domain, xs_release_domain, xs_is_domain_introduced,
 * xs_get_domain_path.  Errors in errno, as libxenstore.
 */
#ifndef DOM0_XENSTORE_H
#define DOM0_XENSTORE_H

#include <xenstore.h>

#endif /* DOM0_XENSTORE_H */
