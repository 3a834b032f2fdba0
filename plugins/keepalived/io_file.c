/*
 * plugins/keepalived/io_file.c — whole-file read with a size cap and atomic
 * replace (shared by the plugin and hascout-keepalived-notify).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keepalived.h"

int ka_read_file(const char *path, size_t max, char **buf, size_t *len, char *err, size_t errlen)
{
    struct stat st;
    char *b = NULL;
    size_t used = 0;
    ssize_t r;
    int fd, rc = -1;

    *buf = NULL;
    *len = 0;
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) {
        int e = errno; /* callers tell ENOENT apart */

        snprintf(err, errlen, "%s: %s", path, strerror(e));
        errno = e;
        return -1;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", path);
        goto out;
    }
    b = malloc(max + 1);
    if (!b) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto out;
    }
    while ((r = read(fd, b + used, max + 1 - used)) != 0) {
        if (r < 0) {
            if (errno == EINTR)
                continue;
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            goto out;
        }
        used += (size_t)r;
        if (used > max) {
            snprintf(err, errlen, "%s: larger than %zu bytes", path, max);
            goto out;
        }
    }
    b[used] = '\0';
    *buf = b;
    *len = used;
    b = NULL;
    rc = 0;
out:
    free(b);
    close(fd);
    return rc;
}

int ka_write_atomic(const char *path, const char *text, size_t len, char *err, size_t errlen)
{
    char tmp[4096];
    int fd = -1, closed, rc = -1;

    if (snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= (int)sizeof tmp) {
        snprintf(err, errlen, "%s: path too long", path);
        return -1;
    }
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    /* keepalived runs notify scripts with umask 077; a monitor running as
     * another user must still read the file. */
    if (fd < 0 || fchmod(fd, 0644) < 0 || write(fd, text, len) != (ssize_t)len || fsync(fd) < 0) {
        snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        goto out;
    }
    closed = close(fd);
    fd = -1;
    if (closed < 0 || rename(tmp, path) < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    if (rc < 0)
        unlink(tmp);
    return rc;
}
