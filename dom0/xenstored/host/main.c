/*
 * pvx-xenstored for the host: the xenstored core behind Unix sockets, so
 * that Xen's own clients (xenstore-utils, via XENSTORED_PATH) can drive
 * it.  Clients of the main socket are dom0; -D DOMID:PATH adds a socket
 * whose clients speak as that (unprivileged) domain, as over its ring.
 */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "../xenstored.h"

#define MAX_FDS 256

static struct pollfd pfd[MAX_FDS];
static struct xs_conn *conn[MAX_FDS];   /* NULL: a listening socket */
static unsigned int domid_of[MAX_FDS];  /* of a listener's clients */
static const char *paths[MAX_FDS];
static unsigned int nfd, npaths;

void *xs_alloc(size_t size)
{
    return malloc(size);
}

void xs_free(void *p)
{
    free(p);
}

static void cleanup(int sig)
{
    for ( unsigned int i = 0; i < npaths; i++ )
        unlink(paths[i]);
    _exit(sig ? 0 : 1);
}

static void add_fd(int fd, struct xs_conn *c, unsigned int domid)
{
    pfd[nfd].fd = fd;
    pfd[nfd].revents = 0;
    conn[nfd] = c;
    domid_of[nfd++] = domid;
}

static void listen_on(const char *path, unsigned int domid)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if ( fd < 0 || strlen(path) >= sizeof(a.sun_path) )
    {
        fprintf(stderr, "pvx-xenstored: bad socket path %s\n", path);
        cleanup(0);
    }
    strcpy(a.sun_path, path);
    unlink(path);
    if ( bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 16) )
    {
        fprintf(stderr, "pvx-xenstored: %s: %s\n", path, strerror(errno));
        cleanup(0);
    }
    paths[npaths++] = path;
    add_fd(fd, NULL, domid);
}

static void drop(unsigned int i)
{
    close(pfd[i].fd);
    xs_conn_free(conn[i]);
    nfd--;
    pfd[i] = pfd[nfd];
    conn[i] = conn[nfd];
    domid_of[i] = domid_of[nfd];
}

/* One client: write what is queued, read only when nothing is. */
static void serve(unsigned int i)
{
    char buf[4096];
    struct xs_conn *c = conn[i];
    ssize_t n;

    if ( pfd[i].revents & POLLOUT )
    {
        size_t len = xs_conn_output(c, buf, sizeof(buf));

        /* A client that stopped reading loses its replies, not us. */
        if ( len && write(pfd[i].fd, buf, len) != (ssize_t)len )
        {
            drop(i);
            return;
        }
    }
    if ( (pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) &&
         !xs_conn_output_pending(c) )
    {
        n = read(pfd[i].fd, buf, sizeof(buf));
        if ( n <= 0 )
        {
            drop(i);
            return;
        }
        xs_conn_input(c, buf, n);
    }
    if ( xs_conn_broken(c) && !xs_conn_output_pending(c) )
        drop(i);
}

int main(int argc, char **argv)
{
    struct xs_store *s = xs_store_new();
    unsigned int domid;
    int opt, pos;

    while ( (opt = getopt(argc, argv, "D:")) != -1 )
    {
        if ( opt != 'D' || sscanf(optarg, "%u:%n", &domid, &pos) != 1 ||
             !domid || domid >= 0x7ff0 )
            goto usage;
        listen_on(optarg + pos, domid);
    }
    if ( optind != argc - 1 || !s )
        goto usage;
    listen_on(argv[optind], 0);
    signal(SIGTERM, cleanup);
    signal(SIGINT, cleanup);
    signal(SIGPIPE, SIG_IGN);

    for ( ;; )
    {
        /* Replies first: a client is read only once they are sent. */
        for ( unsigned int i = 0; i < nfd; i++ )
            pfd[i].events = conn[i] && xs_conn_output_pending(conn[i])
                                ? POLLOUT : POLLIN;
        if ( poll(pfd, nfd, -1) < 0 && errno != EINTR )
            break;
        for ( unsigned int i = nfd; i-- > 0; )
        {
            if ( !pfd[i].revents )
                continue;
            if ( conn[i] )
            {
                serve(i);
                continue;
            }
            int fd = accept4(pfd[i].fd, NULL, NULL, SOCK_CLOEXEC);
            struct xs_conn *c = fd >= 0 && nfd < MAX_FDS
                                    ? xs_conn_new(s, domid_of[i]) : NULL;

            if ( c )
                add_fd(fd, c, domid_of[i]);
            else if ( fd >= 0 )
                close(fd);
        }
    }
    perror("pvx-xenstored: poll");
    cleanup(0);

usage:
    fprintf(stderr, "usage: pvx-xenstored [-D DOMID:PATH]... SOCKET\n");
    return 2;
}
