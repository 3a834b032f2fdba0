/*
 * core/model/race.c — choosing a variable order by racing them (see
 * bdd_build.h).
 *
 * No static order wins on every tree, and the good one is often 10 to 100
 * times faster than the others. So every build first tries each strategy
 * under small node budgets, one after the other (most modules finish
 * there), and then races them for real: one child process per core, each
 * with one strategy up to the node limit; the first to finish sends its
 * diagram back through a pipe and the others are killed. A racer that
 * reaches the limit, or the one started last when nothing has won within
 * RACE_SWITCH_S, gives its core to the next strategy of race_set. Racing
 * costs about one best strategy's time on a machine with as many cores as
 * racers, where rounds of growing budgets would restart every loser from
 * scratch. Where processes cannot be made, the rounds go on up to the node
 * limit.
 */
#include "model/bdd_build.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Indexed by hs_bdd_opts.only_order - 1 (and the CLI's --var-order). */
static const hs_strategy strategies[] = {
    {"large", HS_ORDER_LARGE_FIRST, false, false},
    {"small", HS_ORDER_SMALL_FIRST, false, false},
    {"dfs", HS_ORDER_DFS, false, false},
    {"shared", HS_ORDER_SHARED_FIRST, false, false},
    {"large+sift", HS_ORDER_LARGE_FIRST, true, false},
    {"small+sift", HS_ORDER_SMALL_FIRST, true, false},
    {"dfs+sift", HS_ORDER_DFS, true, false},
    {"shared+sift", HS_ORDER_SHARED_FIRST, true, false},
    {"large+factor", HS_ORDER_LARGE_FIRST, false, true},
    {"small+factor", HS_ORDER_SMALL_FIRST, false, true},
    {"dfs+factor", HS_ORDER_DFS, false, true},
    {"shared+factor", HS_ORDER_SHARED_FIRST, false, true},
};
#define N_STRATEGIES ((int)(sizeof strategies / sizeof strategies[0]))

/* The race, in the order racers are started (as many at once as there are
 * cores, at least two): on the Aralia trees that need more than the small
 * budgets, the first two with sifting win within 1 s, except das9701
 * (bench/), which only the third finishes (3 s alone). Factoring slows
 * others down, edf9202 from 0.03 to 2.7 s, so it is not the default.
 * Indices into strategies[]. */
static const int race_set[] = {4, 5, 8};
#define N_RACE ((int)(sizeof race_set / sizeof race_set[0]))

/* Seconds after which, with no winner yet, the racer started last makes
 * way for the next of race_set. */
#define RACE_SWITCH_S 1.0

/* Before racing, every static order alone under a small budget: most
 * modules are small and finish here without a process being made. */
static const int cheap_set[] = {1, 2, 0};
#define N_CHEAP ((int)(sizeof cheap_set / sizeof cheap_set[0]))

int hs_bdd_strategy_count(void)
{
    return N_STRATEGIES;
}

const char *hs_bdd_strategy_name(int i)
{
    return i >= 1 && i <= N_STRATEGIES ? strategies[i - 1].name : NULL;
}

int hs_job_order(hs_build *w, hs_job *j, hs_order order, hs_model_error *err)
{
    if (hs_circuit_order(w->c, j->roots, j->n_roots, j->stop, order,
                         j->leaves, &j->n_leaves, j->gates, &j->n_gates,
                         err))
        return -1;
    for (int i = 0; i < j->n_leaves; i++)
        j->var_name[i] = w->flat ? i : w->slot_of[j->leaves[i]];
    return 0;
}

static int try_one(hs_build *w, hs_job *j, int si, int limit,
                   hs_model_error *err)
{
    if (hs_job_order(w, j, strategies[si].order, err))
        return -1;
    return hs_buddy_attempt(w, j, limit, &strategies[si], err);
}

/* --- the forked race ---------------------------------------------------- */

#define MSG_MAGIC 0x48535243 /* "HSRC" */

static int write_all(int fd, const void *p, size_t len)
{
    const char *c = p;
    while (len > 0) {
        ssize_t n = write(fd, c, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        c += n;
        len -= (size_t)n;
    }
    return 0;
}

/* The child's side: build with strategy SI, send the result, exit. */
static void race_child(hs_build *w, hs_job *j, int si, int limit, int fd)
{
    hs_model_error err = {0};
    hs_bdd *b = w->b;
    w->pr.on = false;
    int base = b->n_nodes;
    int r = try_one(w, j, si, limit, &err);
    if (r != 0)
        _exit(r == 1 ? 1 : 2);
    int32_t head[6] = {MSG_MAGIC, si, j->n_roots, j->n_leaves, base,
                       b->n_nodes - base};
    size_t nn = (size_t)(b->n_nodes - base) * sizeof(int);
    if (write_all(fd, head, sizeof head) ||
        write_all(fd, j->out, (size_t)j->n_roots * sizeof(int)) ||
        write_all(fd, j->leaves, (size_t)j->n_leaves * sizeof(int)) ||
        write_all(fd, j->var_name, (size_t)j->n_leaves * sizeof(int)) ||
        write_all(fd, b->var + base, nn) || write_all(fd, b->lo + base, nn) ||
        write_all(fd, b->hi + base, nn))
        _exit(2);
    _exit(0);
}

typedef struct racer {
    pid_t pid;
    int fd;
    char *buf;
    size_t len, cap;
    int pos; /* its strategy is race_set[pos] */
    bool done;
} racer;

/* Takes the winner's message into w and j: 0, or -1 + err (malformed, or
 * out of memory). */
static int take_message(hs_build *w, hs_job *j, const racer *r,
                        hs_model_error *err)
{
    hs_bdd *b = w->b;
    int32_t head[6];
    if (r->len < sizeof head)
        return hs_model_fail(err, NULL, 0, "BDD worker sent a malformed result");
    memcpy(head, r->buf, sizeof head);
    int n_roots = head[2], n_leaves = head[3], base = head[4], n_new = head[5];
    size_t need = sizeof head + ((size_t)n_roots + 2 * (size_t)n_leaves +
                                 3 * (size_t)n_new) * sizeof(int);
    if (head[0] != MSG_MAGIC || n_roots != j->n_roots || base != b->n_nodes ||
        n_leaves < 0 || n_new < 0 || r->len != need)
        return hs_model_fail(err, NULL, 0, "BDD worker sent a malformed result");
    if (hs_build_grow(w, base + n_new))
        return hs_model_fail(err, NULL, 0, "out of memory");
    const int *p = (const int *)(const void *)(r->buf + sizeof head);
    memcpy(j->out, p, (size_t)n_roots * sizeof(int));
    p += n_roots;
    memcpy(j->leaves, p, (size_t)n_leaves * sizeof(int));
    p += n_leaves;
    memcpy(j->var_name, p, (size_t)n_leaves * sizeof(int));
    p += n_leaves;
    j->n_leaves = n_leaves;
    memcpy(b->var + base, p, (size_t)n_new * sizeof(int));
    p += n_new;
    memcpy(b->lo + base, p, (size_t)n_new * sizeof(int));
    p += n_new;
    memcpy(b->hi + base, p, (size_t)n_new * sizeof(int));
    b->n_nodes = base + n_new;
    w->last_win = head[1];
    return 0;
}

static int drain(racer *r)
{
    if (r->cap - r->len < 65536) {
        size_t cap = r->cap ? r->cap * 2 : 1 << 17;
        char *buf = realloc(r->buf, cap);
        if (!buf)
            return -1;
        r->buf = buf;
        r->cap = cap;
    }
    ssize_t n = read(r->fd, r->buf + r->len, r->cap - r->len);
    if (n < 0)
        return errno == EINTR || errno == EAGAIN ? 0 : -1;
    r->len += (size_t)n;
    return n == 0 ? 1 : 0;
}

static void stop_racer(racer *r)
{
    if (r->pid > 0) {
        kill(r->pid, SIGKILL);
        while (waitpid(r->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    if (r->fd >= 0)
        close(r->fd);
    free(r->buf);
    *r = (racer){.fd = -1, .done = true};
}

/* Starts race_set[POS] in slot R: 0, or -1 when no process could be
 * made. */
static int start_racer(hs_build *w, hs_job *j, racer *rs, int n_slots, int r,
                       int pos, int limit)
{
    int fds[2];
    if (pipe(fds) < 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        for (int i = 0; i < n_slots; i++)
            if (rs[i].fd >= 0)
                close(rs[i].fd);
        race_child(w, j, race_set[pos], limit, fds[1]);
    }
    close(fds[1]);
    free(rs[r].buf);
    rs[r] = (racer){.pid = pid, .fd = fds[0], .pos = pos};
    return 0;
}

/* BuDDy's memory per node of its table, caches included (nus9601 reached
 * 9.2 GB at its 64 Mi-node limit). */
#define BYTES_PER_NODE 150.0

/* LIMIT, lowered so that all racers together stay within half the
 * machine's memory: two racers at 64 Mi nodes each would need 18 GB. */
static int memory_limit(int limit, int n_slots)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0)
        return limit;
    double fit = (double)pages * (double)page / 2 / n_slots / BYTES_PER_NODE;
    return fit < limit ? (fit < 1 << 20 ? 1 << 20 : (int)fit) : limit;
}

/* 0 won (j and b filled), 1 no strategy finished within LIMIT, 2 no child
 * process could be made (the caller goes on alone), -1 error. */
static int race_forked(hs_build *w, hs_job *j, int limit, hs_model_error *err)
{
    racer rs[N_RACE];
    int rc = 1, winner = -1, next = 0, live = 0;
    /* one racer per core (at least two): more would only share them, and
     * BuDDy is bound by memory more than by the processor */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int n_slots = cores < 2 ? 2 : cores > N_RACE ? N_RACE : (int)cores;
    limit = memory_limit(limit, n_slots);
    for (int i = 0; i < N_RACE; i++)
        rs[i] = (racer){.fd = -1, .done = true};
    for (; next < n_slots; next++, live++)
        if (start_racer(w, j, rs, n_slots, next, next, limit))
            break;
    if (live == 0)
        return 2;
    double t0 = hs_progress_now(), t_switch = t0 + RACE_SWITCH_S;
    while (live > 0 && winner < 0) {
        struct pollfd p[N_RACE];
        int map[N_RACE], np = 0;
        for (int i = 0; i < n_slots; i++)
            if (!rs[i].done) {
                p[np] = (struct pollfd){.fd = rs[i].fd, .events = POLLIN};
                map[np++] = i;
            }
        int pr = poll(p, (nfds_t)np, 100);
        double now = hs_progress_now();
        hs_progress_update(&w->pr, "build %d/%d: racing %d orders, %.0f s",
                           w->step + 1, w->n_steps, live, now - t0);
        if (pr < 0 && errno != EINTR) {
            rc = hs_model_fail(err, NULL, 0, "poll: %s", strerror(errno));
            break;
        }
        for (int q = 0; q < np && pr > 0; q++) {
            if (!(p[q].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            racer *r = &rs[map[q]];
            int d = drain(r);
            if (d == 0)
                continue;
            /* end of the message or a broken pipe: the child is done */
            int st = 0;
            close(r->fd);
            r->fd = -1;
            r->done = true;
            live--;
            while (waitpid(r->pid, &st, 0) < 0 && errno == EINTR)
                ;
            r->pid = 0;
            if (d == 1 && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
                winner = map[q];
                break;
            }
            if (WIFEXITED(st) && WEXITSTATUS(st) == 2) {
                rc = hs_model_fail(err, NULL, 0, "BDD construction failed "
                                                 "in a worker process");
                break;
            }
            /* over the limit: the slot goes to the next strategy */
            if (next < N_RACE && !start_racer(w, j, rs, n_slots, map[q],
                                              next, limit)) {
                next++;
                live++;
            }
        }
        if (winner < 0 && rc >= 0 && next < N_RACE && now >= t_switch) {
            /* Nothing won in time: the racer started last gives its slot
             * to the next one (see race_set) */
            int last = -1;
            for (int i = 0; i < n_slots; i++)
                if (!rs[i].done && (last < 0 || rs[i].pos > rs[last].pos))
                    last = i;
            if (last >= 0) {
                stop_racer(&rs[last]);
                live--;
            } else {
                last = 0;
            }
            if (!start_racer(w, j, rs, n_slots, last, next, limit))
                live++;
            next++;
            t_switch = now + RACE_SWITCH_S;
        }
        if (rc < 0)
            break;
    }
    if (winner >= 0)
        rc = take_message(w, j, &rs[winner], err);
    for (int i = 0; i < N_RACE; i++)
        stop_racer(&rs[i]);
    return rc;
}

/* --- rounds ---------------------------------------------------------- */

/* Strategies LIST[0..n) (the previous winner first) under budgets from
 * FROM growing fourfold up to TO: 0 built, 1 none within TO, -1 error. */
static int rounds(hs_build *w, hs_job *j, const int *list, int n, int from,
                  int to, hs_model_error *err)
{
    int start = 0;
    for (int k = 0; k < n; k++)
        if (list[k] == w->last_win)
            start = k;
    for (int budget = from;; budget = budget > INT_MAX / 4 ? INT_MAX
                                                         : budget * 4) {
        int limit = budget < to ? budget : to;
        for (int k = 0; k < n; k++) {
            int si = list[(start + k) % n];
            int r = try_one(w, j, si, limit, err);
            if (r == 0)
                w->last_win = si;
            if (r <= 0)
                return r;
        }
        if (limit >= to)
            return 1;
    }
}

int hs_race_build(hs_build *w, hs_job *j, hs_model_error *err)
{
    int first = 16384, r;
    if (hs_job_order(w, j, HS_ORDER_DFS, err))
        return -1;
    if (first < 8 * j->n_gates)
        first = 8 * j->n_gates;
    if (w->only) {
        int si = w->only - 1;
        r = rounds(w, j, &si, 1, first, w->hard, err);
    } else {
        int cheap = first * 4 < w->hard ? first * 4 : w->hard;
        r = rounds(w, j, cheap_set, N_CHEAP, first, cheap, err);
        if (r == 1 && cheap < w->hard) {
            r = race_forked(w, j, w->hard, err);
            if (r == 2)
                r = rounds(w, j, race_set, N_RACE, cheap * 4, w->hard, err);
        }
    }
    if (r == 1)
        return hs_buddy_fail_limit(err);
    return r;
}
