/* util/readfile.c — the one bounded whole-file reader (readfile.h). */
#include "util/readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a non-regular file is, for the message: the user named it. */
static const char *kind(mode_t m)
{
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISCHR(m))
        return "a character device";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a file";
}

/* The limit as a person would write it: our limits are whole MiB. */
static void limit_text(size_t max, char *buf, size_t len)
{
    if (max >= ((size_t)1 << 20) && max % ((size_t)1 << 20) == 0)
        snprintf(buf, len, "%zu MiB", max >> 20);
    else
        snprintf(buf, len, "%zu bytes", max);
}

/* Open PATH for reading into *fd (the caller closes it, also on failure)
 * and check that it is a regular file of at most MAX bytes (LIM: the limit
 * as text); *size gets its size. Returns 0, or an errno value with the
 * message in errbuf. */
static int open_regular(const char *path, size_t max, const char *lim, int *fd, size_t *size,
                        char *errbuf, size_t errlen)
{
    struct stat st;
    int fl, e;
    /* O_NONBLOCK: opening a FIFO without a writer would wait for one */
    *fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (*fd < 0) {
        e = errno;
        snprintf(errbuf, errlen, "%s: cannot open: %s", path, strerror(e));
        return e;
    }
    if (fstat(*fd, &st) < 0) {
        e = errno;
        snprintf(errbuf, errlen, "%s: cannot stat: %s", path, strerror(e));
        return e;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(errbuf, errlen, "%s: is a directory, not a file", path);
        return EISDIR;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(errbuf, errlen, "%s: not a regular file (%s)", path, kind(st.st_mode));
        return EINVAL;
    }
    if ((unsigned long long)st.st_size > max) {
        snprintf(errbuf, errlen, "%s: %lld bytes, larger than the limit of %s", path,
                 (long long)st.st_size, lim);
        return EFBIG;
    }
    /* a mandatory lock would turn a non-blocking read into EAGAIN */
    if ((fl = fcntl(*fd, F_GETFL)) < 0 || fcntl(*fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
        e = errno;
        snprintf(errbuf, errlen, "%s: cannot read: %s", path, strerror(e));
        return e;
    }
    *size = (size_t)st.st_size;
    return 0;
}

/* Read FD to its end into *buf (caller-owned, also on failure; room for a
 * NUL after *used bytes), at most MAX bytes. The size HINT from fstat is
 * only a hint: the file may grow while read, and /proc files say 0; one
 * byte more than it lets the first read(2) past it see EOF. Returns 0, or
 * an errno value with the message in errbuf. */
static int read_all(int fd, const char *path, size_t max, const char *lim, size_t hint, char **buf,
                    size_t *used, char *errbuf, size_t errlen)
{
    size_t cap = hint + 1;
    for (;;) {
        ssize_t r;
        if (!*buf || *used == cap) {
            char *p;
            if (*buf && cap > max) { /* read max + 1 bytes: it grew past the limit */
                snprintf(errbuf, errlen, "%s: larger than the limit of %s", path, lim);
                return EFBIG;
            }
            if (*buf) /* double, from a page on, up to max + 1 */
                cap = cap > max / 2 ? max + 1 : (cap < 2048 ? 4096 : 2 * cap);
            if (cap > max + 1)
                cap = max + 1;
            if (!(p = realloc(*buf, cap + 1))) {
                snprintf(errbuf, errlen, "%s: out of memory reading it", path);
                return ENOMEM;
            }
            *buf = p;
        }
        r = read(fd, *buf + *used, cap - *used);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            snprintf(errbuf, errlen, "%s: read error: %s", path, strerror(e));
            return e;
        }
        if (r == 0)
            return 0;
        *used += (size_t)r;
    }
}

int hs_read_file(const char *path, size_t max, char **out, size_t *len, char *errbuf, size_t errlen)
{
    char *buf = NULL, lim[32];
    size_t used = 0, size = 0;
    int fd, e, rc = -1;

    *out = NULL;
    if (len)
        *len = 0;
    limit_text(max, lim, sizeof lim);
    if ((e = open_regular(path, max, lim, &fd, &size, errbuf, errlen)) != 0 ||
        (e = read_all(fd, path, max, lim, size, &buf, &used, errbuf, errlen)) != 0)
        goto out;
    buf[used] = '\0';
    *out = buf;
    if (len)
        *len = used;
    buf = NULL;
    rc = 0;
out:
    free(buf);
    if (fd >= 0)
        close(fd);
    if (rc < 0)
        errno = e;
    return rc;
}

int hs_read_text(const char *path, size_t max, char **out, char *errbuf, size_t errlen)
{
    size_t len;
    if (hs_read_file(path, max, out, &len, errbuf, errlen) < 0)
        return -1;
    if (memchr(*out, '\0', len)) {
        snprintf(errbuf, errlen, "%s: contains a NUL byte: not a text file", path);
        free(*out);
        *out = NULL;
        errno = EINVAL;
        return -1;
    }
    return 0;
}
