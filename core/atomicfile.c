/* atomicfile.c — temp + fsync + rename. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "hs_error.h"
#include "procutil.h"

int hs_atomic_write(const char *path, const void *data, size_t len,
                    int private_mode, hs_error *err)
{
    char *tmp = NULL, *dcopy = NULL;
    int fd = -1, dfd = -1, rc = -1;
    size_t n = strlen(path) + 16;

    tmp = malloc(n);
    if (!tmp) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    snprintf(tmp, n, "%s.XXXXXX", path);
    fd = mkstemp(tmp);
    if (fd < 0) {
        hs_error_set(err, "%s: cannot create a temporary file: %s", path, strerror(errno));
        free(tmp);
        tmp = NULL;
        goto out;
    }
    if (fchmod(fd, private_mode ? 0600 : 0644) < 0 ||
        hs_write_all(fd, data, len) < 0 || fsync(fd) < 0) {
        hs_error_set(err, "%s: cannot write: %s", tmp, strerror(errno));
        goto out;
    }
    if (close(fd) < 0) {
        fd = -1;
        hs_error_set(err, "%s: cannot write: %s", tmp, strerror(errno));
        goto out;
    }
    fd = -1;
    if (rename(tmp, path) < 0) {
        hs_error_set(err, "%s: cannot replace: %s", path, strerror(errno));
        goto out;
    }
    /* make the rename itself durable */
    dcopy = strdup(path);
    if (dcopy && (dfd = open(dirname(dcopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0)
        fsync(dfd);
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    if (dfd >= 0)
        close(dfd);
    if (rc < 0 && tmp)
        unlink(tmp);
    free(tmp);
    free(dcopy);
    return rc;
}
