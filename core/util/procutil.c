/* procutil.c — forked children with deadlines and bounded pipes. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/procutil.h"
#include "util/sandbox.h"

double hs_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int hs_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

static void child_setup(int result_w, int out_w)
{
    struct sigaction sa;
    sigset_t none;
    int devnull;

    setpgid(0, 0);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    for (int s = 1; s < NSIG; s++)
        if (s != SIGKILL && s != SIGSTOP)
            sigaction(s, &sa, NULL);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (devnull >= 0) {
        dup2(devnull, 0);
        close(devnull);
    }
    dup2(out_w, 1);
    dup2(out_w, 2);
    close(out_w);
    (void)result_w;
}

/* hs_child_spawn(), or hs_child_worker() when `worker`: then no capture
 * pipe, no group, no child_setup. */
static int spawn(struct hs_child *ch, double timeout, const struct hs_sandbox *sb, int worker)
{
    int rp[2] = {-1, -1}, op[2] = {-1, -1};
    pid_t pid;

    memset(ch, 0, sizeof *ch);
    ch->result_fd = ch->out_fd = -1;
    ch->worker = worker;
    if (pipe2(rp, O_CLOEXEC) < 0)
        return -1;
    if (!worker && pipe2(op, O_CLOEXEC) < 0)
        goto fail;
    /* keep the child's result fd away from 0..2, which child_setup rewires */
    if (rp[1] <= 2) {
        int nfd = fcntl(rp[1], F_DUPFD_CLOEXEC, 3);
        if (nfd < 0)
            goto fail;
        close(rp[1]);
        rp[1] = nfd;
    }
    ch->started = hs_now();
    ch->deadline = ch->started + timeout;
    fflush(NULL);
    pid = fork();
    if (pid < 0)
        goto fail;
    if (pid == 0) {
        close(rp[0]);
        if (!worker) {
            close(op[0]);
            child_setup(rp[1], op[1]);
        }
        ch->pid = 0;
        ch->result_fd = rp[1];
        if (sb) {
            char why[256];
            if (hs_sandbox_enter(sb, why, sizeof why) < 0) {
                /* the parent reports the captured line as the failure */
                dprintf(2, "sandbox: %s\n", why);
                _exit(71);
            }
        }
        return 0;
    }
    /* the parent sets the group too, so a kill right after fork hits it */
    if (!worker) {
        setpgid(pid, pid);
        close(op[1]);
        fcntl(op[0], F_SETFL, O_NONBLOCK);
    }
    close(rp[1]);
    ch->pid = pid;
    ch->result_fd = rp[0];
    ch->out_fd = op[0];
    fcntl(ch->result_fd, F_SETFL, O_NONBLOCK);
    return 0;
fail : {
    int e = errno;
    for (int i = 0; i < 2; i++) {
        if (rp[i] >= 0)
            close(rp[i]);
        if (op[i] >= 0)
            close(op[i]);
    }
    errno = e;
}
    return -1;
}

int hs_child_spawn(struct hs_child *ch, double timeout, const struct hs_sandbox *sb)
{
    return spawn(ch, timeout, sb, 0);
}

int hs_child_worker(struct hs_child *ch)
{
    return spawn(ch, INFINITY, NULL, 1);
}

void hs_child_kill(struct hs_child *ch)
{
    if (ch->pid > 0 && !ch->reaped) {
        /* a worker leads no group of its own */
        if (!ch->worker)
            kill(-ch->pid, SIGKILL);
        kill(ch->pid, SIGKILL);
    }
}

static void close_fd(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

void hs_child_pump(struct hs_child *ch, size_t limit)
{
    char buf[4096];
    ssize_t r;

    /* Results are small: grow from 4 KiB, reading straight into the
     * buffer, so a run of many children does not fault in fresh pages. */
    while (ch->result_fd >= 0) {
        if (ch->rlen + 1024 + 1 > ch->rcap) {
            size_t ncap = ch->rcap ? ch->rcap * 2 : 4096;
            char *n = realloc(ch->result, ncap);
            if (!n) {
                ch->overflow = 1;
                hs_child_kill(ch);
                close_fd(&ch->result_fd);
                break;
            }
            ch->result = n;
            ch->rcap = ncap;
        }
        r = read(ch->result_fd, ch->result + ch->rlen, ch->rcap - ch->rlen - 1);
        if (r > 0) {
            ch->rlen += (size_t)r;
            ch->result[ch->rlen] = '\0';
            if (ch->rlen > limit) {
                ch->overflow = 1;
                hs_child_kill(ch);
                close_fd(&ch->result_fd);
            }
            continue;
        }
        if (r == 0 || (errno != EAGAIN && errno != EINTR))
            close_fd(&ch->result_fd);
        break;
    }
    while (ch->out_fd >= 0) {
        r = read(ch->out_fd, buf, sizeof buf);
        if (r > 0) {
            size_t have = strlen(ch->outhead);
            if (have + 1 < sizeof ch->outhead) {
                size_t take = sizeof ch->outhead - 1 - have;
                if (take > (size_t)r)
                    take = (size_t)r;
                memcpy(ch->outhead + have, buf, take);
                ch->outhead[have + take] = '\0';
            }
            ch->outbytes += (size_t)r;
            if (ch->outbytes > HS_OUTPUT_LIMIT) {
                ch->flooded = 1;
                hs_child_kill(ch);
                close_fd(&ch->out_fd);
            }
            continue;
        }
        if (r == 0 || (errno != EAGAIN && errno != EINTR))
            close_fd(&ch->out_fd);
        break;
    }
}

/* Reap ch after SIGKILL, waiting at most `max_wait` seconds: a child in
 * uninterruptible sleep (D state, a hung NFS or device read) may not die
 * for minutes, and the run must not wait on it. A child not reaped in time
 * is given up (ch->lost): the subreaper sweep collects it later. */
static void reap_bounded(struct hs_child *ch, double max_wait)
{
    double end = hs_now() + max_wait;
    useconds_t nap = 200;
    /* A pidfd (Linux 5.3) turns readable the moment the child is reapable:
     * a large one (the BDD race's workers) takes tens of ms to die, and
     * the naps alone would overshoot that by up to one nap. One wait on
     * it, then the naps, in case it is not there or the wait is cut. */
    int pfd = -1;
#ifdef SYS_pidfd_open
    pfd = (int)syscall(SYS_pidfd_open, ch->pid, 0);
#endif
    for (;;) {
        pid_t w = waitpid(ch->pid, &ch->wstatus, WNOHANG);
        double left = end - hs_now();
        if (w == ch->pid || (w < 0 && errno != EINTR))
            break;
        if (left <= 0) {
            ch->lost = 1;
            ch->wstatus = SIGKILL; /* as WIFSIGNALED reads it */
            break;
        }
        if (pfd >= 0) {
            struct pollfd pf = {.fd = pfd, .events = POLLIN};
            poll(&pf, 1, (int)(left * 1000) + 1);
            close_fd(&pfd);
            continue;
        }
        usleep(nap);
        if (nap < 20000)
            nap *= 2;
    }
    close_fd(&pfd);
    ch->reaped = 1;
}

int hs_child_poll_done(struct hs_child *ch, size_t limit)
{
    hs_child_pump(ch, limit);
    if (!ch->reaped) {
        pid_t w = waitpid(ch->pid, &ch->wstatus, WNOHANG);
        if (w == ch->pid)
            ch->reaped = 1;
        else if (w < 0 && errno == ECHILD)
            ch->reaped = 1;
    }
    if (!ch->reaped && hs_now() >= ch->deadline) {
        ch->timed_out = 1;
        hs_child_kill(ch);
        reap_bounded(ch, HS_REAP_WAIT);
    }
    if (ch->reaped) {
        /* whatever is still in the pipes was written before the exit;
         * a grandchild holding them open must not keep us waiting */
        hs_child_pump(ch, limit);
        if (!ch->worker)
            kill(-ch->pid, SIGKILL);
        close_fd(&ch->result_fd);
        close_fd(&ch->out_fd);
        return 1;
    }
    return 0;
}

void hs_child_collect(struct hs_child *ch, size_t limit)
{
    while (!hs_child_poll_done(ch, limit)) {
        struct pollfd pf[2];
        int n = 0, ms;
        double left = ch->deadline - hs_now();
        if (ch->result_fd >= 0)
            pf[n++] = (struct pollfd){.fd = ch->result_fd, .events = POLLIN};
        if (ch->out_fd >= 0)
            pf[n++] = (struct pollfd){.fd = ch->out_fd, .events = POLLIN};
        ms = left <= 0 ? 0 : left > 0.1 ? 100 : (int)(left * 1000) + 1;
        if (n == 0 || poll(pf, (nfds_t)n, ms) < 0)
            usleep(5000);
    }
}

int hs_child_failure(const struct hs_child *ch, char *why, size_t len)
{
    if (ch->timed_out) {
        snprintf(why, len, "timed out after %.1f s", ch->deadline - ch->started);
        return 1;
    }
    if (ch->flooded) {
        snprintf(why, len, "plugin flooded its output (more than %u bytes to stdout/stderr)",
                 HS_OUTPUT_LIMIT);
        return 1;
    }
    if (ch->overflow) {
        snprintf(why, len, "result too large (limit reached)");
        return 1;
    }
    if (WIFSIGNALED(ch->wstatus)) {
        int sig = WTERMSIG(ch->wstatus);
        snprintf(why, len, "plugin crashed: killed by signal %d (%s)", sig, strsignal(sig));
        return 1;
    }
    if (WIFEXITED(ch->wstatus) && WEXITSTATUS(ch->wstatus) != 0) {
        snprintf(why, len, "plugin exited with status %d before returning a result",
                 WEXITSTATUS(ch->wstatus));
        return 1;
    }
    if (ch->rlen == 0) {
        snprintf(why, len, "plugin exited without returning a result");
        return 1;
    }
    return 0;
}

void hs_child_release(struct hs_child *ch)
{
    if (ch->pid > 0 && !ch->reaped) {
        hs_child_kill(ch);
        reap_bounded(ch, HS_REAP_WAIT);
    }
    close_fd(&ch->result_fd);
    close_fd(&ch->out_fd);
    free(ch->result);
    ch->result = NULL;
    ch->rlen = ch->rcap = 0;
}

size_t hs_children(pid_t *out, size_t max)
{
    char path[64];
    FILE *f;
    size_t n = 0;
    long pid;

    /* the main thread's list: the runner and the probe host fork from it */
    snprintf(path, sizeof path, "/proc/self/task/%ld/children", (long)getpid());
    f = fopen(path, "re");
    if (!f)
        return 0;
    while (n < max && fscanf(f, "%ld", &pid) == 1)
        if (pid > 0)
            out[n++] = (pid_t)pid;
    fclose(f);
    return n;
}

static int kept(pid_t p, const pid_t *keep, size_t nkeep)
{
    for (size_t i = 0; i < nkeep; i++)
        if (keep[i] == p)
            return 1;
    return 0;
}

size_t hs_reap_stragglers(const pid_t *keep, size_t nkeep, double max_wait)
{
    pid_t kids[256];
    size_t n, killed = 0;
    double end = hs_now() + max_wait;
    useconds_t nap = 200;

    for (;;) {
        size_t left = 0;
        n = hs_children(kids, sizeof kids / sizeof kids[0]);
        for (size_t i = 0; i < n; i++) {
            int st;
            if (kept(kids[i], keep, nkeep))
                continue;
            /* its group too: an escaped descendant that made its own
             * session leads a group its own children share */
            kill(-kids[i], SIGKILL);
            kill(kids[i], SIGKILL);
            killed++;
            if (waitpid(kids[i], &st, WNOHANG) != kids[i])
                left++;
        }
        if (left == 0 || hs_now() >= end)
            break;
        usleep(nap);
        if (nap < 20000)
            nap *= 2;
    }
    return killed;
}
