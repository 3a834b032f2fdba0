/* procutil.h — one forked child with a result pipe, a captured
 * stdout/stderr pipe, a deadline and a process group to kill. Used by the
 * probe runner and the plugin inspector; the BDD order race (model/race.c)
 * forks its workers with it too, without the capture and the group. */
#ifndef HS_PROCUTIL_H
#define HS_PROCUTIL_H
#include <stddef.h>
#include <sys/types.h>

struct hs_sandbox;

/* Stray output beyond this is a flood: the child is killed. */
#define HS_OUTPUT_LIMIT (1u << 20)

struct hs_child {
    pid_t pid;                /* 0 inside the child */
    int result_fd;            /* child: write end; parent: read end (-1 when closed) */
    int out_fd;               /* parent: read end of the child's stdout+stderr */
    double started, deadline; /* CLOCK_MONOTONIC seconds */
    char *result;             /* bytes read from result_fd (NUL-terminated), owned */
    size_t rlen, rcap;
    size_t outbytes;   /* stray output seen */
    char outhead[256]; /* its first bytes, for the report */
    int wstatus;
    int reaped, timed_out, overflow, flooded;
    int lost;   /* killed but not reaped in time (D state): given up */
    int worker; /* made by hs_child_worker(): no group of its own */
};

/* Monotonic clock in seconds. */
double hs_now(void);

/* write() all of buf, retrying on EINTR/partial writes. 0 or -1. */
int hs_write_all(int fd, const void *buf, size_t len);

/* How long a killed child may take to be reaped before it is given up. */
#define HS_REAP_WAIT 0.5

/* Fork a child that must finish within `timeout` seconds. In the child,
 * returns 0 with ch->pid == 0: stdin is /dev/null, stdout/stderr go to the
 * capture pipe, the child leads its own process group, signals are reset,
 * and when `sb` is not NULL it has entered that sandbox (dropped to its
 * user, limits set; on failure the child exits 71 with the reason on its
 * captured stderr). It must end with _exit(). In the parent returns 0 with
 * ch->pid > 0, or -1 (errno set) with nothing left behind. */
int hs_child_spawn(struct hs_child *ch, double timeout, const struct hs_sandbox *sb);

/* Fork a worker: a part of this program computing in parallel, not an
 * untrusted probe. As hs_child_spawn() (ch->result_fd to write the result
 * to, then _exit()), except that it stays in the caller's process group so
 * a terminal's Ctrl-C stops it with the caller, keeps the caller's
 * stdin/stdout/stderr (nothing is captured: out_fd is -1) and signal
 * dispositions, and has no deadline (it runs until it ends or is killed).
 * Only the worker itself is killed, by pid. 0 or -1 (errno set) as
 * hs_child_spawn(). */
int hs_child_worker(struct hs_child *ch);

/* Read what is available on the child's pipes (non-blocking), enforcing
 * `limit` bytes on the result (SIZE_MAX: none, only memory) and
 * HS_OUTPUT_LIMIT on output: beyond them the child's process group is
 * killed. */
void hs_child_pump(struct hs_child *ch, size_t limit);

/* Reap the child if it has exited (WNOHANG); kill its group at the
 * deadline, and never wait more than HS_REAP_WAIT for it to die. Returns 1
 * once the child is reaped (or given up) and its pipes are drained. */
int hs_child_poll_done(struct hs_child *ch, size_t limit);

/* Block until hs_child_poll_done() says done. */
void hs_child_collect(struct hs_child *ch, size_t limit);

/* Kill the child's whole process group (a worker alone) with SIGKILL. */
void hs_child_kill(struct hs_child *ch);

/* When the child failed (timed out, killed by a signal, exited without a
 * result, flooded, result too large), write why into `why` and return 1;
 * return 0 when it exited 0 after writing a result. */
int hs_child_failure(const struct hs_child *ch, char *why, size_t len);

/* Close pipes and free buffers (kills and reaps a child still running). */
void hs_child_release(struct hs_child *ch);

/* The pids of this process's children (at most max), from
 * /proc/self/task/PID/children. A subreaper (PR_SET_CHILD_SUBREAPER) sees
 * there the orphaned descendants of its children too. */
size_t hs_children(pid_t *out, size_t max);

/* Kill (SIGKILL, with their process groups) and reap every child of this
 * process not in keep[0..nkeep-1], again and again as orphans come up,
 * for at most max_wait seconds. Returns how many were killed. */
size_t hs_reap_stragglers(const pid_t *keep, size_t nkeep, double max_wait);

#endif
