/* lock.c — flock(2) on a lock file in the state directory. flock locks
 * die with the process, so a killed run never leaves a stale lock. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "app/lock.h"
#include "util/procutil.h"
#include "util/trust.h"

int hs_mkdirs(const char *dir)
{
    char buf[4096];
    size_t len = strlen(dir);
    if (len == 0 || len >= sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, dir, len + 1);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0750) < 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    if (mkdir(buf, 0750) < 0 && errno != EEXIST)
        return -1;
    return 0;
}

char *hs_default_state_dir(void)
{
    const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char buf[4096];
    if (access("/var/lib", W_OK) == 0)
        return strdup("/var/lib/hascout");
    if (x && *x)
        snprintf(buf, sizeof buf, "%s/hascout", x);
    else if (home && *home)
        snprintf(buf, sizeof buf, "%s/.local/state/hascout", home);
    else
        snprintf(buf, sizeof buf, "/tmp/hascout-%u", (unsigned)getuid());
    return strdup(buf);
}

/* Errors that mean "this directory cannot be written", not "something is wrong". */
static int unwritable(int e)
{
    return e == EROFS || e == EACCES || e == EPERM;
}

int hs_lock_take(const char *dir, int wait, double timeout, hs_error *err)
{
    char path[4200], why[1024];
    int fd;
    double end = hs_now() + timeout;

    if (hs_mkdirs(dir) < 0) {
        int e = errno;
        hs_error_set(err, "state directory %s: %s", dir, strerror(e));
        return unwritable(e) ? -3 : -1;
    }
    if (hs_trust_path(dir, 1, why, sizeof why) < 0) {
        hs_error_set(err, "state directory refused: %s", why);
        return -1;
    }
    snprintf(path, sizeof path, "%s/hascout.lock", dir);
    fd = hs_state_open(path, O_RDWR | O_CREAT, 0640, err);
    if (fd < 0 && unwritable(errno)) {
        /* flock needs no write access: an existing lock file still locks */
        hs_error rerr;
        int rfd = hs_state_open(path, O_RDONLY, 0, &rerr);
        if (rfd < 0 && errno != ENOENT) {
            if (err)
                *err = rerr;
            return -1;
        }
        if (rfd < 0)
            return -3;
        fd = rfd;
    }
    if (fd < 0)
        return -1;
    for (;;) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            return fd;
        if (errno != EWOULDBLOCK && errno != EINTR) {
            hs_error_set(err, "lock file %s: %s", path, strerror(errno));
            close(fd);
            return -1;
        }
        if (!wait || hs_now() >= end) {
            close(fd);
            return -2;
        }
        usleep(50000);
    }
}
