/*
 * plugins/haproxy/io_socket.c — `show stat` on HAProxy's stats socket (see
 * haproxy.h).
 *
 * Plain sockets with poll() against one deadline, so a frozen HAProxy
 * costs at most the time budget and never blocks the probe.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "haproxy.h"

#define SHOW_STAT "show stat\n"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Milliseconds to wait in poll() before `deadline`; 0 when spent. */
static int wait_ms(double deadline)
{
    double left = deadline - now();

    if (left <= 0)
        return 0;
    return left > 3600 ? 3600000 : (int)(left * 1000.0) + 1;
}

/* Wait until fd is ready for `events` or the deadline passes. Returns 0
 * when ready, -1 with errno (ETIMEDOUT at the deadline). */
static int wait_io(int fd, short events, double deadline)
{
    struct pollfd p = {fd, events, 0};
    int r;

    do
        r = poll(&p, 1, wait_ms(deadline));
    while (r < 0 && errno == EINTR);
    if (r == 0)
        errno = ETIMEDOUT;
    return r > 0 ? 0 : -1;
}

/* Split "tcp:host:port" / "tcp:[v6]:port" into host and port. */
static int split_tcp(const char *spec, char *host, size_t hostlen, char *port, size_t portlen)
{
    const char *hp = spec + 4, *colon, *hs = hp;
    size_t hl;

    if (*hp == '[') {
        const char *close = strchr(hp, ']');

        if (!close || close[1] != ':')
            return -1;
        hs = hp + 1;
        hl = (size_t)(close - hs);
        colon = close + 1;
    } else {
        colon = strrchr(hp, ':');
        if (!colon)
            return -1;
        hl = (size_t)(colon - hp);
    }
    if (hl == 0 || hl >= hostlen || strlen(colon + 1) == 0 || strlen(colon + 1) >= portlen ||
        strspn(colon + 1, "0123456789") != strlen(colon + 1))
        return -1;
    memcpy(host, hs, hl);
    host[hl] = '\0';
    snprintf(port, portlen, "%s", colon + 1);
    return atoi(port) > 0 && atoi(port) < 65536 ? 0 : -1;
}

int hap_socket_check(const char *spec, char *err, size_t errlen)
{
    char host[256], port[8];

    if (strncmp(spec, "unix:", 5) == 0) {
        size_t n = strlen(spec + 5);

        if (n == 0 || n >= sizeof((struct sockaddr_un *)0)->sun_path) {
            snprintf(err, errlen,
                     "socket '%s': a unix socket path must have "
                     "1 to %zu bytes",
                     spec, sizeof((struct sockaddr_un *)0)->sun_path - 1);
            return -1;
        }
        return 0;
    }
    if (strncmp(spec, "tcp:", 4) == 0) {
        if (split_tcp(spec, host, sizeof host, port, sizeof port) < 0) {
            snprintf(err, errlen,
                     "socket '%s': expected tcp:HOST:PORT or "
                     "tcp:[IPV6]:PORT with a port 1..65535",
                     spec);
            return -1;
        }
        return 0;
    }
    snprintf(err, errlen, "socket '%s': expected unix:/PATH or tcp:HOST:PORT", spec);
    return -1;
}

/* Finish a non-blocking connect() before the deadline. */
static int finish_connect(int fd, double deadline)
{
    int soerr = 0;
    socklen_t sl = sizeof soerr;

    if (wait_io(fd, POLLOUT, deadline) < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
        return -1;
    if (soerr) {
        errno = soerr;
        return -1;
    }
    return 0;
}

static int dial(int family, const struct sockaddr *sa, socklen_t salen, double deadline)
{
    int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

    if (fd < 0)
        return -1;
    if (connect(fd, sa, salen) == 0 ||
        ((errno == EINPROGRESS || errno == EAGAIN) && finish_connect(fd, deadline) == 0))
        return fd;
    {
        int saved = errno;

        close(fd);
        errno = saved;
    }
    return -1;
}

static int open_socket(const char *spec, double deadline, char *err, size_t errlen)
{
    char host[256], port[8];
    struct addrinfo hints, *ai = NULL, *a;
    int fd = -1, gai;

    if (strncmp(spec, "unix:", 5) == 0) {
        struct sockaddr_un un;

        memset(&un, 0, sizeof un);
        un.sun_family = AF_UNIX;
        if (strlen(spec + 5) >= sizeof un.sun_path) {
            snprintf(err, errlen, "stats socket %s: path longer than %zu bytes", spec,
                     sizeof un.sun_path - 1);
            return -1;
        }
        memcpy(un.sun_path, spec + 5, strlen(spec + 5) + 1);
        fd = dial(AF_UNIX, (struct sockaddr *)&un, sizeof un, deadline);
        if (fd < 0)
            snprintf(err, errlen, "stats socket %s: %s", spec, strerror(errno));
        return fd;
    }
    split_tcp(spec, host, sizeof host, port, sizeof port);
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    gai = getaddrinfo(host, port, &hints, &ai);
    if (gai != 0) {
        snprintf(err, errlen, "stats socket %s: %s", spec, gai_strerror(gai));
        return -1;
    }
    errno = ENOENT;
    for (a = ai; a && fd < 0; a = a->ai_next)
        fd = dial(a->ai_family, a->ai_addr, a->ai_addrlen, deadline);
    if (fd < 0)
        snprintf(err, errlen, "stats socket %s: %s", spec, strerror(errno));
    freeaddrinfo(ai);
    return fd;
}

static int send_all(int fd, const char *buf, size_t len, double deadline)
{
    while (len > 0) {
        ssize_t n;

        if (wait_io(fd, POLLOUT, deadline) < 0)
            return -1;
        n = send(fd, buf, len, MSG_NOSIGNAL);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n < 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Read until EOF into a growing buffer; returns 0 or -1 with errno (EFBIG
 * for an oversized reply, ETIMEDOUT at the deadline). */
static int recv_all(int fd, double deadline, char **data, size_t *len)
{
    size_t cap = 0;

    for (;;) {
        ssize_t n;

        if (cap - *len < 4096 + 1) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *nd;

            if (ncap > HAP_FETCH_MAX + 1) {
                errno = EFBIG;
                return -1;
            }
            nd = realloc(*data, ncap);
            if (!nd)
                return -1;
            *data = nd;
            cap = ncap;
        }
        if (wait_io(fd, POLLIN, deadline) < 0)
            return -1;
        n = recv(fd, *data + *len, cap - *len - 1, 0);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        *len += (size_t)n;
    }
    (*data)[*len] = '\0';
    return 0;
}

int hap_fetch_socket(const char *spec, double timeout, char **body, size_t *len, char *err,
                     size_t errlen)
{
    double deadline = now() + (timeout > 0 ? timeout : 0);
    char *data = NULL;
    size_t n = 0;
    int fd, rc = -1;

    *body = NULL;
    *len = 0;
    if (hap_socket_check(spec, err, errlen) < 0)
        return -1;
    fd = open_socket(spec, deadline, err, errlen);
    if (fd < 0)
        return -1;
    if (send_all(fd, SHOW_STAT, strlen(SHOW_STAT), deadline) < 0) {
        snprintf(err, errlen, "stats socket %s: sending 'show stat': %s", spec, strerror(errno));
        goto out;
    }
    if (recv_all(fd, deadline, &data, &n) < 0) {
        snprintf(err, errlen, "stats socket %s: reading the reply: %s", spec,
                 errno == EFBIG ? "reply too large" : strerror(errno));
        goto out;
    }
    if (n == 0) {
        snprintf(err, errlen, "stats socket %s: closed without a reply", spec);
        goto out;
    }
    *body = data;
    *len = n;
    data = NULL;
    rc = 0;
out:
    free(data);
    close(fd);
    return rc;
}
