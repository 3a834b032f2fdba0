/*
 * plugins/keepalived/notify.c — hascout-keepalived-notify: keeps a state
 * file of keepalived's VRRP instances (state, priority, transition count,
 * time of the last change) for the keepalived plugin's `state_file` method.
 *
 *   As a notify script (keepalived appends TYPE NAME STATE PRIORITY):
 *     notify "/usr/bin/hascout-keepalived-notify /var/lib/hascout/ka.state"
 *   Draining vrrp_notify_fifo (keepalived appends the FIFO's path):
 *     vrrp_notify_fifo /run/keepalived/vrrp.fifo
 *     vrrp_notify_fifo_script "/usr/bin/hascout-keepalived-notify --fifo /var/lib/hascout/ka.state"
 *
 * Each update is: lock STATE_FILE.lock, read the file, change one
 * instance, write a temporary file (mode 0644, keepalived runs scripts
 * with umask 077) and rename it over the state file, so a reader only ever
 * sees a whole file. Exit codes: 0 done, 1 bad event or I/O error, 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "keepalived.h"

#define LINE_MAX_LEN 4096

static volatile sig_atomic_t stop_requested;

static void on_term(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void usage(FILE *to)
{
    fprintf(to, "usage: hascout-keepalived-notify STATE_FILE TYPE NAME STATE [PRIORITY]\n"
                "       hascout-keepalived-notify --fifo STATE_FILE FIFO\n"
                "Records keepalived VRRP instance states in STATE_FILE for hascout.\n");
}

static double wall_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read the current state file into v; a missing or unreadable one starts
 * afresh (said on stderr), so one bad write never blocks recording. */
static void load(const char *path, struct ka_view *v)
{
    char *b = NULL, why[512];
    size_t len;

    if (ka_read_file(path, KA_MAX_FILE, &b, &len, why, sizeof why) < 0) {
        if (errno != ENOENT)
            fprintf(stderr, "hascout-keepalived-notify: %s; starting afresh\n", why);
        return;
    }
    if (ka_parse_state_file(b, len, v, why, sizeof why) < 0) {
        fprintf(stderr, "hascout-keepalived-notify: %s: %s; starting afresh\n", path, why);
        ka_view_free(v);
    }
    free(b);
}

/* Record one event in the state file. 0 or -1. */
static int apply(const char *path, const struct ka_event *ev)
{
    struct ka_view v;
    struct ka_instance *in;
    char lock[4096], why[256], *text = NULL;
    int lfd = -1, len, rc = -1;
    size_t cap;

    ka_view_init(&v);
    if (snprintf(lock, sizeof lock, "%s.lock", path) >= (int)sizeof lock) {
        fprintf(stderr, "hascout-keepalived-notify: path too long\n");
        return -1;
    }
    /* keepalived runs one script per instance, possibly at once. */
    lfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (lfd < 0 || flock(lfd, LOCK_EX) < 0) {
        fprintf(stderr, "hascout-keepalived-notify: %s: %s\n", lock, strerror(errno));
        goto out;
    }
    load(path, &v);
    in = ka_view_find(&v, ev->name);
    if (!in) {
        in = ka_view_add(&v, ev->name, strlen(ev->name), why, sizeof why);
        if (!in) {
            fprintf(stderr, "hascout-keepalived-notify: %s\n", why);
            goto out;
        }
        in->transitions = 0;
    }
    if (in->state != ev->state) {
        in->transitions = in->transitions < 0 ? 1 : in->transitions + 1;
        in->last_transition = wall_now();
        in->state = ev->state;
    }
    if (ev->priority >= 0)
        in->priority = ev->priority;
    cap = 64 + v.n * (KA_NAME_MAX + 64);
    text = malloc(cap);
    if (!text || (len = ka_format_state_file(&v, text, cap)) < 0) {
        fprintf(stderr, "hascout-keepalived-notify: out of memory\n");
        goto out;
    }
    rc = ka_write_atomic(path, text, (size_t)len, why, sizeof why);
    if (rc < 0)
        fprintf(stderr, "hascout-keepalived-notify: %s\n", why);
    if (rc == 0 && isatty(2))
        fprintf(stderr, "%s: %s %s (priority %ld, %ld transitions)\n", path, in->name,
                ka_state_name(in->state), in->priority, in->transitions);
out:
    free(text);
    ka_view_free(&v);
    if (lfd >= 0)
        close(lfd);
    return rc;
}

static int apply_line(const char *path, const char *line, size_t len)
{
    struct ka_event ev;
    char why[256];

    if (ka_parse_event(line, len, &ev, why, sizeof why) < 0) {
        fprintf(stderr, "hascout-keepalived-notify: bad event \"%.*s\": %s\n",
                (int)(len > 80 ? 80 : len), line, why);
        return -1;
    }
    return ev.is_instance ? apply(path, &ev) : 0;
}

/* Drain the FIFO line by line until SIGTERM, or until the keepalived that
 * started us is gone (we are orphaned and see end-of-file). */
static int drain(const char *path, const char *fifo)
{
    char buf[LINE_MAX_LEN], chunk[1024];
    size_t used = 0, i;
    int fd = -1, skipping = 0;
    pid_t parent = getppid();
    ssize_t r;

    while (!stop_requested) {
        if (fd < 0) {
            fd = open(fifo, O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                if (errno == EINTR)
                    continue;
                fprintf(stderr, "hascout-keepalived-notify: %s: %s\n", fifo, strerror(errno));
                return 1;
            }
        }
        r = read(fd, chunk, sizeof chunk);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            close(fd);
            fd = -1;
            if (getppid() != parent || r < 0)
                break;
            continue;
        }
        for (i = 0; i < (size_t)r; i++) {
            if (chunk[i] != '\n') {
                if (used < sizeof buf)
                    buf[used++] = chunk[i];
                else
                    skipping = 1;
                continue;
            }
            if (skipping)
                fprintf(stderr,
                        "hascout-keepalived-notify: line longer than "
                        "%d bytes ignored\n",
                        LINE_MAX_LEN);
            else if (used > 0)
                apply_line(path, buf, used);
            used = 0;
            skipping = 0;
        }
    }
    if (fd >= 0)
        close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    struct sigaction sa;
    char line[LINE_MAX_LEN];
    size_t used = 0;
    int i, n;

    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "--fifo") == 0) {
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_term;
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        return drain(argv[2], argv[3]);
    }
    if (argc < 5 || argc > 6 || argv[1][0] == '-') {
        usage(stderr);
        return 2;
    }
    /* Rebuild the event line from keepalived's arguments. */
    for (i = 2; i < argc; i++) {
        n = snprintf(line + used, sizeof line - used, "%s%s", i > 2 ? " " : "", argv[i]);
        if (n < 0 || (size_t)n >= sizeof line - used) {
            fprintf(stderr, "hascout-keepalived-notify: arguments too long\n");
            return 1;
        }
        used += (size_t)n;
    }
    return apply_line(argv[1], line, used) < 0 ? 1 : 0;
}
