/*
 * plugins/keepalived/io.c — one node's VRRP state from the machine.
 *
 * Dumps: keepalived 2.2 writes a dump by creating a temporary file,
 * renaming it into place and only then writing it, so the file can be seen
 * fresh and still empty. We therefore watch the dump directory with
 * inotify *before* signalling and take the file only after a close-after-
 * write event for its name, and we check its mtime is not older than the
 * signal (a stale file is never taken as fresh). Without inotify we poll
 * for an mtime past the signal and a size that stays put.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "keepalived.h"

double ka_mono_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double ka_wall_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* /proc/PID/stat: "PID (comm) S ..."; 1 when alive, not a zombie and
 * named keepalived. */
static int pid_is_keepalived(long pid)
{
    char path[64], *b = NULL, *open_p, *close_p, err[128];
    size_t len;
    int ok = 0;

    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    if (ka_read_file(path, 4096, &b, &len, err, sizeof err) < 0)
        return 0;
    open_p = strchr(b, '(');
    close_p = strrchr(b, ')');
    if (open_p && close_p && close_p > open_p && close_p[1] == ' ' && close_p[2] != 'Z' &&
        close_p[2] != 'X' && (size_t)(close_p - open_p - 1) == strlen("keepalived") &&
        memcmp(open_p + 1, "keepalived", strlen("keepalived")) == 0)
        ok = 1;
    free(b);
    return ok;
}

int ka_pid_running(const char *pid_file, long *pid, char *err, size_t errlen)
{
    char *b = NULL, *end;
    size_t len;
    long p;
    int rc;

    if (ka_read_file(pid_file, 64, &b, &len, err, errlen) < 0) {
        /* keepalived removes its pid file on a clean stop. */
        if (errno == ENOENT) {
            snprintf(err, errlen, "keepalived not running (no pid file %s)", pid_file);
            return 0;
        }
        return -1;
    }
    errno = 0;
    p = strtol(b, &end, 10);
    while (*end == '\n' || *end == ' ')
        end++;
    if (errno || end == b || *end != '\0' || p <= 0 || p > INT_MAX) {
        snprintf(err, errlen, "%s: not a pid file", pid_file);
        rc = -1;
    } else if (!pid_is_keepalived(p)) {
        snprintf(err, errlen,
                 "keepalived not running (pid %ld from %s is "
                 "not a running keepalived)",
                 p, pid_file);
        rc = 0;
    } else {
        *pid = p;
        rc = 1;
    }
    free(b);
    return rc;
}

static int parse_into(const char *path,
                      int (*parse)(const char *, size_t, struct ka_view *, char *, size_t),
                      struct ka_view *view, char *err, size_t errlen)
{
    char *b = NULL, msg[256];
    size_t len;
    int rc = -1;

    if (ka_read_file(path, KA_MAX_FILE, &b, &len, err, errlen) < 0)
        return -1;
    if (parse(b, len, view, msg, sizeof msg) < 0) {
        /* A long path may cut the message: the path comes first. */
        if (snprintf(err, errlen, "%s: %s", path, msg) < 0)
            err[0] = '\0';
        goto out;
    }
    rc = 0;
out:
    free(b);
    return rc;
}

/* A dump file we wait for. */
struct wanted {
    const char *name;
    char path[PATH_MAX];
    int done;
};

static int fresh(const char *path, const struct timespec *since)
{
    struct stat st;

    if (stat(path, &st) < 0)
        return 0;
    return st.st_mtim.tv_sec > since->tv_sec ||
           (st.st_mtim.tv_sec == since->tv_sec && st.st_mtim.tv_nsec >= since->tv_nsec);
}

static int all_done(const struct wanted *w, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!w[i].done)
            return 0;
    return 1;
}

static int wait_inotify(int ifd, struct wanted *w, size_t n, const struct timespec *since,
                        double deadline)
{
    char ev_buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    const struct inotify_event *ev;
    struct pollfd pfd = {.fd = ifd, .events = POLLIN};
    double left;
    ssize_t r;
    size_t i;
    char *p;

    while (!all_done(w, n)) {
        left = deadline - ka_mono_now();
        if (left <= 0)
            return -1;
        if (poll(&pfd, 1, (int)(left * 1000) + 1) < 0 && errno != EINTR)
            return -1;
        r = read(ifd, ev_buf, sizeof ev_buf);
        if (r <= 0)
            continue;
        for (p = ev_buf; p < ev_buf + r; p += sizeof *ev + ev->len) {
            ev = (const struct inotify_event *)p;
            if (!(ev->mask & IN_CLOSE_WRITE) || ev->len == 0)
                continue;
            for (i = 0; i < n; i++)
                if (strcmp(ev->name, w[i].name) == 0 && fresh(w[i].path, since))
                    w[i].done = 1;
        }
    }
    return 0;
}

/* No inotify: an mtime past the signal and a size unchanged across two
 * polls 20 ms apart. */
static int wait_polling(struct wanted *w, size_t n, const struct timespec *since, double deadline)
{
    struct timespec pause = {0, 20 * 1000 * 1000};
    off_t last[4] = {-1, -1, -1, -1};
    struct stat st;
    size_t i;

    while (!all_done(w, n)) {
        if (ka_mono_now() > deadline)
            return -1;
        nanosleep(&pause, NULL);
        for (i = 0; i < n && i < 4; i++) {
            if (w[i].done || !fresh(w[i].path, since) || stat(w[i].path, &st) < 0)
                continue;
            if (st.st_size > 0 && st.st_size == last[i])
                w[i].done = 1;
            last[i] = st.st_size;
        }
    }
    return 0;
}

/* Signal keepalived and wait for fresh, complete dumps named in w. */
static int signal_and_wait(long pid, const int *sigs, struct wanted *w, size_t n, const char *dir,
                           double deadline, char *err, size_t errlen)
{
    struct timespec since;
    int ifd, rc = -1;
    size_t i;

    for (i = 0; i < n; i++)
        snprintf(w[i].path, sizeof w[i].path, "%s/%s", dir, w[i].name);
    ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (ifd >= 0 && inotify_add_watch(ifd, dir, IN_CLOSE_WRITE) < 0) {
        snprintf(err, errlen, "dump_dir %s: %s", dir, strerror(errno));
        goto out;
    }
    /* The filesystem stamps files with the coarse clock: compare with it. */
    clock_gettime(CLOCK_REALTIME_COARSE, &since);
    for (i = 0; i < n; i++)
        if (kill((pid_t)pid, sigs[i]) < 0) {
            snprintf(err, errlen, "cannot signal keepalived pid %ld: %s", pid, strerror(errno));
            goto out;
        }
    if ((ifd >= 0 ? wait_inotify(ifd, w, n, &since, deadline)
                  : wait_polling(w, n, &since, deadline)) < 0) {
        for (i = 0; i < n && w[i].done; i++)
            ;
        snprintf(err, errlen,
                 "no fresh %s in %s before the deadline "
                 "(does keepalived's TMPDIR match dump_dir?)",
                 w[i < n ? i : 0].name, dir);
        goto out;
    }
    rc = 0;
out:
    if (ifd >= 0)
        close(ifd);
    return rc;
}

static int read_dump(const struct ka_node_cfg *cfg, long pid, double deadline,
                     struct ka_node_obs *obs)
{
    struct wanted w[2];
    int sigs[2];

    memset(w, 0, sizeof w);
    if (cfg->format == KA_FORMAT_JSON) {
        w[0].name = cfg->json_file;
        sigs[0] = cfg->json_signal;
        if (signal_and_wait(pid, sigs, w, 1, cfg->dump_dir, deadline, obs->why, sizeof obs->why) <
            0)
            return -1;
        return parse_into(w[0].path, ka_parse_json, &obs->view, obs->why, sizeof obs->why);
    }
    w[0].name = cfg->data_file;
    w[1].name = cfg->stats_file;
    sigs[0] = SIGUSR1;
    sigs[1] = SIGUSR2;
    if (signal_and_wait(pid, sigs, w, 2, cfg->dump_dir, deadline, obs->why, sizeof obs->why) < 0 ||
        parse_into(w[0].path, ka_parse_data, &obs->view, obs->why, sizeof obs->why) < 0 ||
        parse_into(w[1].path, ka_parse_stats, &obs->view, obs->why, sizeof obs->why) < 0)
        return -1;
    return 0;
}

void ka_read_node(const struct ka_node_cfg *cfg, double deadline, struct ka_node_obs *obs)
{
    char ignored[256];
    long pid = 0;
    double until;
    int rc;

    if (cfg->pid_file) {
        obs->running = ka_pid_running(cfg->pid_file, &pid, obs->why, sizeof obs->why);
        if (obs->running < 0)
            return;
    }
    if (cfg->method == KA_METHOD_STATE_FILE) {
        /* Even for a stopped keepalived the file names its instances. */
        rc = parse_into(cfg->state_file, ka_parse_state_file, &obs->view,
                        obs->running == 0 ? ignored : obs->why, sizeof ignored);
        obs->readable = rc == 0 && obs->running != 0;
        return;
    }
    if (obs->running != 1)
        return;
    until = ka_mono_now() + cfg->dump_timeout;
    if (until > deadline)
        until = deadline;
    if (read_dump(cfg, pid, until, obs) < 0) {
        ka_view_free(&obs->view);
        return;
    }
    obs->readable = 1;
}
