/* trust.c — hs_trust_path: ownership and mode of a path and of every
 * directory above it, after resolving symlinks.
 *
 * Checking the resolved path is enough: once every directory from / down to
 * the object is writable only by root or us (or is sticky, so others cannot
 * rename our entries), nobody else can swap any component between this check
 * and the caller's open. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/trust.h"

static int trusted_owner(uid_t uid)
{
    return uid == 0 || uid == getuid();
}

/* "uid 65534 (nobody)" into buf. */
static void owner_name(uid_t uid, char *buf, size_t len)
{
    struct passwd pw, *res = NULL;
    char pwbuf[1024];
    if (getpwuid_r(uid, &pw, pwbuf, sizeof pwbuf, &res) == 0 && res)
        snprintf(buf, len, "uid %u (%s)", (unsigned)uid, res->pw_name);
    else
        snprintf(buf, len, "uid %u", (unsigned)uid);
}

/* The owner and mode rule for one component: 0, or -1 with the reason.
 * `is_ancestor` allows a sticky group/world-writable directory. */
static int check_one(const char *p, const struct stat *st, int is_ancestor, char *why, size_t len)
{
    char who[300];
    if (!trusted_owner(st->st_uid)) {
        owner_name(st->st_uid, who, sizeof who);
        snprintf(why, len, "%s is owned by %s, not by root or uid %u", p, who, (unsigned)getuid());
        return -1;
    }
    if ((st->st_mode & (S_IWGRP | S_IWOTH)) && !(is_ancestor && (st->st_mode & S_ISVTX))) {
        snprintf(why, len, "%s is writable by %s (mode %04o)", p,
                 (st->st_mode & S_IWOTH) ? "others" : "its group", (unsigned)(st->st_mode & 07777));
        return -1;
    }
    return 0;
}

int hs_trust_path(const char *path, int want_dir, char *why, size_t len)
{
    char *real = NULL;
    struct stat lst, st;
    int was_link, rc = -1;
    char who[300];

    if (!why || len == 0)
        return -1;
    why[0] = '\0';
    was_link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
    real = realpath(path, NULL);
    if (!real) {
        snprintf(why, len, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (stat(real, &st) < 0) {
        snprintf(why, len, "%s: %s", real, strerror(errno));
        goto out;
    }
    if (want_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
        snprintf(why, len, "%s%s%s is not a %s", path, was_link ? " -> " : "", was_link ? real : "",
                 want_dir ? "directory" : "regular file");
        goto out;
    }
    if (was_link && !trusted_owner(st.st_uid)) {
        /* the reason a reader most needs: the name they gave is not the file */
        owner_name(st.st_uid, who, sizeof who);
        snprintf(why, len, "%s is a symlink to %s, owned by %s, not by root or uid %u", path, real,
                 who, (unsigned)getuid());
        goto out;
    }
    if (check_one(real, &st, 0, why, len) < 0)
        goto out;
    /* every directory above, up to / (realpath left no "..", "." or links) */
    for (char *slash = strrchr(real, '/'); slash; slash = strrchr(real, '/')) {
        if (slash == real) {
            real[1] = '\0';
            slash = NULL;
        } else {
            *slash = '\0';
        }
        if (lstat(real, &st) < 0) {
            snprintf(why, len, "%s: %s", real, strerror(errno));
            goto out;
        }
        if (check_one(real, &st, 1, why, len) < 0)
            goto out;
        if (!slash)
            break;
    }
    rc = 0;
out:
    free(real);
    return rc;
}

int hs_state_open(const char *path, int flags, unsigned mode, hs_error *err)
{
    struct stat st;
    int fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, (mode_t)mode), e;

    if (fd < 0) {
        e = errno;
        if (e == ELOOP)
            hs_error_set(err, "%s is a symbolic link: refused", path);
        else
            hs_error_set(err, "%s: %s", path, strerror(e));
        errno = e;
        return -1;
    }
    if (fstat(fd, &st) < 0) {
        e = errno;
        hs_error_set(err, "%s: %s", path, strerror(e));
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) {
        e = EINVAL;
        hs_error_set(err, "%s is not a regular file (%s): refused", path,
                     S_ISFIFO(st.st_mode)   ? "a FIFO"
                     : S_ISDIR(st.st_mode)  ? "a directory"
                     : S_ISSOCK(st.st_mode) ? "a socket"
                                            : "a device");
        goto fail;
    }
    /* O_NONBLOCK only guarded the open; regular files ignore it, but say so */
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
        e = errno;
        hs_error_set(err, "%s: %s", path, strerror(e));
        goto fail;
    }
    return fd;
fail:
    close(fd);
    errno = e;
    return -1;
}
