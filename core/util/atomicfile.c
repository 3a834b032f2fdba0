/* atomicfile.c — write a report to `-o FILE`: temp + fsync + rename for
 * files, in place for the nodes a user may point -o at (a FIFO, /dev/null,
 * a terminal), which a rename would silently replace by a regular file. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/atomicfile.h"
#include "util/error.h"
#include "util/procutil.h"

#define TMP_TAG ".hascout-tmp."
/* A temp file this old has no live writer: a run writes its report, fsyncs
 * and renames within seconds, and the probes' deadlines end long before. */
#define STALE_TMP_AGE 3600

static const char *kind_of(mode_t m)
{
    return S_ISFIFO(m)   ? "a FIFO"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISDIR(m)  ? "a directory"
           : S_ISSOCK(m) ? "a socket"
                         : "not a regular file";
}

/* Write to an existing FIFO or character device without replacing it.
 * `follow` when `path` is a trusted symlink (/dev/stdout); else a symlink
 * swapped in since the lstat is not followed. A FIFO without a reader is
 * an error, not a wait: a cron run must not hang on it. */
static int write_in_place(const char *path, mode_t mode, int follow, const void *data, size_t len,
                          hs_error *err)
{
    struct sigaction ign, old;
    struct stat st;
    int fd = -1, rc = -1, fl;

    if (!S_ISFIFO(mode) && !S_ISCHR(mode)) {
        hs_error_set(err, "%s is %s: refusing to write a report onto it", path, kind_of(mode));
        return -1;
    }
    fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW));
    if (fd < 0) {
        if (errno == ENXIO && S_ISFIFO(mode))
            hs_error_set(err,
                         "%s is a FIFO without a reader: nothing written "
                         "(hascout does not wait for one)",
                         path);
        else
            hs_error_set(err, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (fstat(fd, &st) < 0 || (!S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode))) {
        hs_error_set(err, "%s changed while being opened: nothing written", path);
        goto out;
    }
    /* non-blocking only for the open; a reader that is slow is still a reader */
    if ((fl = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
        hs_error_set(err, "%s: %s", path, strerror(errno));
        goto out;
    }
    /* a reader that goes away is an error to report, not a signal to die of */
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old);
    rc = hs_write_all(fd, data, len);
    if (rc < 0)
        hs_error_set(err, "%s: cannot write: %s", path, strerror(errno));
    sigaction(SIGPIPE, &old, NULL);
out:
    if (fd >= 0 && close(fd) < 0 && rc == 0) {
        hs_error_set(err, "%s: cannot write: %s", path, strerror(errno));
        rc = -1;
    }
    return rc;
}

/* Remove temp files of earlier runs writing `base` into `dir` that were
 * killed before their rename. Safe because only an exact match is touched:
 * ".BASE.hascout-tmp." and mkstemp's six characters, a regular file (not
 * followed), owned by our effective uid, untouched for STALE_TMP_AGE. */
static void remove_stale_temps(const char *dir, const char *base)
{
    size_t plen = strlen(base) + sizeof TMP_TAG + 1;
    char *prefix = malloc(plen);
    DIR *d = NULL;
    struct dirent *e;
    time_t now = time(NULL);

    if (!prefix)
        return;
    snprintf(prefix, plen, ".%s" TMP_TAG, base);
    plen = strlen(prefix);
    if (!(d = opendir(dir)))
        goto out;
    while ((e = readdir(d))) {
        struct stat st;
        const char *x = e->d_name + plen;
        int ok = strncmp(e->d_name, prefix, plen) == 0 && strlen(x) == 6;
        for (int i = 0; ok && i < 6; i++)
            ok = (x[i] >= 'a' && x[i] <= 'z') || (x[i] >= 'A' && x[i] <= 'Z') ||
                 (x[i] >= '0' && x[i] <= '9');
        if (ok && fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(st.st_mode) && st.st_uid == geteuid() && now - st.st_mtime > STALE_TMP_AGE)
            unlinkat(dirfd(d), e->d_name, 0);
    }
out:
    if (d)
        closedir(d);
    free(prefix);
}

/* Temp + fsync + rename of a regular file (or a new one) at `path`. */
static int replace_file(const char *path, const void *data, size_t len, int private_mode,
                        hs_error *err)
{
    char *tmp = NULL, *dcopy = NULL, *bcopy = NULL, *dir, *base;
    int fd = -1, dfd = -1, rc = -1;
    size_t n = strlen(path) + sizeof TMP_TAG + 16;

    tmp = malloc(n);
    dcopy = strdup(path);
    bcopy = strdup(path);
    if (!tmp || !dcopy || !bcopy) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    dir = dirname(dcopy);
    base = basename(bcopy);
    remove_stale_temps(dir, base);
    /* hidden, and named after its output, so a leftover is recognisably ours */
    snprintf(tmp, n, "%s/.%s" TMP_TAG "XXXXXX", dir, base);
    fd = mkstemp(tmp);
    if (fd < 0) {
        hs_error_set(err, "%s: cannot create a temporary file: %s", path, strerror(errno));
        free(tmp);
        tmp = NULL;
        goto out;
    }
    if (fchmod(fd, private_mode ? 0600 : 0644) < 0 || hs_write_all(fd, data, len) < 0 ||
        fsync(fd) < 0) {
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
    if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0)
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
    free(bcopy);
    return rc;
}

int hs_atomic_write(const char *path, const void *data, size_t len, int private_mode, hs_error *err)
{
    struct stat lst, st;
    char *real = NULL;
    int rc;

    if (lstat(path, &lst) < 0 || S_ISREG(lst.st_mode))
        return replace_file(path, data, len, private_mode, err);
    if (!S_ISLNK(lst.st_mode))
        return write_in_place(path, lst.st_mode, 0, data, len, err);
    /* A symlink is followed only when root or we made it (/dev/stdout, a
     * link an admin set up); one planted by another user is replaced
     * itself, as a rename always did, and never written through. */
    if ((lst.st_uid != 0 && lst.st_uid != getuid()) || stat(path, &st) < 0)
        return replace_file(path, data, len, private_mode, err);
    if (!S_ISREG(st.st_mode))
        return write_in_place(path, st.st_mode, 1, data, len, err);
    /* to a regular file: replace that file atomically, keeping the link */
    if (!(real = realpath(path, NULL)))
        return replace_file(path, data, len, private_mode, err);
    rc = replace_file(real, data, len, private_mode, err);
    free(real);
    return rc;
}
