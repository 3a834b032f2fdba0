/*
 * core/model/race.c — choosing a variable order (see bdd_build.h).
 *
 * No static order wins on every tree, and the good one is often 10 to 100
 * times faster than the others. So every build first tries each strategy
 * under small node budgets, one after the other (most modules finish
 * there), and then, by default, goes on in rounds of fourfold budgets over
 * race_set in this process: deterministic, one core, one BuDDy table at a
 * time (the race below cost cea9601 890 MiB and 1 to 8 s from run to run
 * on two cores; the rounds 200 MiB and 4.5 s CPU on one).
 *
 * With hs_bdd_opts.race it races them for real instead: one child process per core, each
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
#include "util/procutil.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
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

int hs_job_order(hs_build *w, hs_job *j, hs_order order, hs_error *err)
{
    if (hs_circuit_order(w->c, j->roots, j->n_roots, j->stop, order, j->leaves, &j->n_leaves,
                         j->gates, &j->n_gates, err))
        return -1;
    for (int i = 0; i < j->n_leaves; i++)
        j->var_name[i] = w->flat ? i : w->slot_of[j->leaves[i]];
    return 0;
}

static int try_one(hs_build *w, hs_job *j, int si, int limit, hs_error *err)
{
    if (hs_job_order(w, j, strategies[si].order, err))
        return -1;
    return hs_buddy_attempt(w, j, limit, &strategies[si], err);
}

/* --- the forked race ---------------------------------------------------- */

#define MSG_MAGIC 0x48535243 /* "HSRC" */

/* The child's side: build with strategy SI, send the result, exit. */
static void race_child(hs_build *w, hs_job *j, int si, int limit, int fd)
{
    hs_error err = {0};
    hs_bdd *b = w->b;
    w->pr.on = false;
    int base = b->n_nodes;
    int r = try_one(w, j, si, limit, &err);
    if (r != 0)
        _exit(r == 1 ? 1 : 2);
    int32_t head[6] = {MSG_MAGIC, si, j->n_roots, j->n_leaves, base, b->n_nodes - base};
    size_t nn = (size_t)(b->n_nodes - base) * sizeof(int);
    if (hs_write_all(fd, head, sizeof head) ||
        hs_write_all(fd, j->out, (size_t)j->n_roots * sizeof(int)) ||
        hs_write_all(fd, j->leaves, (size_t)j->n_leaves * sizeof(int)) ||
        hs_write_all(fd, j->var_name, (size_t)j->n_leaves * sizeof(int)) ||
        hs_write_all(fd, b->var + base, nn) || hs_write_all(fd, b->lo + base, nn) ||
        hs_write_all(fd, b->hi + base, nn))
        _exit(2);
    _exit(0);
}

typedef struct racer {
    struct hs_child ch; /* released (pid 0, no fds) when the slot is free */
    int pos;            /* its strategy is race_set[pos] */
    bool live;          /* running, or exited but not yet reaped */
} racer;

/* Takes the winner's message into w and j: 0, or -1 + err (malformed, or
 * out of memory). */
static int take_message(hs_build *w, hs_job *j, const racer *r, hs_error *err)
{
    hs_bdd *b = w->b;
    int32_t head[6];
    if (r->ch.rlen < sizeof head)
        return hs_error_fail(err, NULL, 0, "BDD worker sent a malformed result");
    memcpy(head, r->ch.result, sizeof head);
    int n_roots = head[2], n_leaves = head[3], base = head[4], n_new = head[5];
    size_t need =
        sizeof head + ((size_t)n_roots + 2 * (size_t)n_leaves + 3 * (size_t)n_new) * sizeof(int);
    if (head[0] != MSG_MAGIC || n_roots != j->n_roots || base != b->n_nodes || n_leaves < 0 ||
        n_new < 0 || r->ch.rlen != need)
        return hs_error_fail(err, NULL, 0, "BDD worker sent a malformed result");
    if (hs_build_grow(w, base + n_new))
        return hs_error_fail(err, NULL, 0, "out of memory");
    const int *p = (const int *)(const void *)(r->ch.result + sizeof head);
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

/* Kills the racer if it still runs (waiting at most HS_REAP_WAIT for it
 * to die) and frees what its slot held. */
static void stop_racer(racer *r)
{
    hs_child_release(&r->ch);
    r->live = false;
}

/* Starts race_set[POS] in slot R, ending what it held: 0, or -1 when no
 * process could be made. */
static int start_racer(hs_build *w, hs_job *j, racer *r, int pos, int limit)
{
    stop_racer(r);
    if (hs_child_worker(&r->ch) < 0)
        return -1;
    if (r->ch.pid == 0)
        race_child(w, j, race_set[pos], limit, r->ch.result_fd);
    r->pos = pos;
    r->live = true;
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

/* One race of race_forked: its slots and how far through race_set. */
typedef struct race {
    hs_build *w;
    hs_job *j;
    racer rs[N_RACE];
    int n_slots; /* slots in use: one per core, at least two */
    int limit;   /* node limit of each racer */
    int next;    /* position in race_set of the next strategy */
    int live;    /* racers running */
    int winner;  /* slot of the first to finish, -1 none yet */
} race;

/* Wait (at most 100 ms) until a racer has something, and say how the race
 * goes. 0, or -1 + err when poll fails. */
static int race_wait(race *ra, double t0, hs_error *err)
{
    struct pollfd p[N_RACE];
    int np = 0, ms = 100;
    for (int i = 0; i < ra->n_slots; i++) {
        if (!ra->rs[i].live)
            continue;
        if (ra->rs[i].ch.result_fd >= 0)
            p[np++] = (struct pollfd){.fd = ra->rs[i].ch.result_fd, .events = POLLIN};
        else
            ms = 1; /* its pipe closed: it is exiting, reap it soon */
    }
    int pr = poll(p, (nfds_t)np, ms);
    hs_progress_update(&ra->w->pr, "build %d/%d: racing %d orders, %.0f s", ra->w->step + 1,
                       ra->w->n_steps, ra->live, hs_progress_now() - t0);
    if (pr < 0 && errno != EINTR)
        return hs_error_fail(err, NULL, 0, "poll: %s", strerror(errno));
    return 0;
}

/* Reap the racers that ended: the first that succeeded is the winner; one
 * over its limit gives its slot to the next strategy. 0, or -1 + err when a
 * worker failed otherwise. */
static int race_reap(race *ra, hs_error *err)
{
    for (int i = 0; i < ra->n_slots; i++) {
        racer *r = &ra->rs[i];
        char why[128];
        /* the result has no limit but memory: a diagram is
         * 12 bytes a node, up to the node limit */
        if (!r->live || !hs_child_poll_done(&r->ch, SIZE_MAX))
            continue;
        r->live = false;
        ra->live--;
        if (!hs_child_failure(&r->ch, why, sizeof why)) {
            ra->winner = i;
            return 0;
        }
        if (WIFEXITED(r->ch.wstatus) && WEXITSTATUS(r->ch.wstatus) == 2)
            return hs_error_fail(err, NULL, 0,
                                 "BDD construction failed "
                                 "in a worker process");
        /* over the limit: the slot goes to the next strategy */
        if (ra->next < N_RACE && !start_racer(ra->w, ra->j, r, ra->next, ra->limit)) {
            ra->next++;
            ra->live++;
        }
    }
    return 0;
}

/* Nothing won in time: the racer started last gives its slot to the next
 * strategy (see race_set). */
static void race_switch(race *ra)
{
    int last = -1;
    for (int i = 0; i < ra->n_slots; i++)
        if (ra->rs[i].live && (last < 0 || ra->rs[i].pos > ra->rs[last].pos))
            last = i;
    if (last >= 0)
        ra->live--;
    else
        last = 0;
    if (!start_racer(ra->w, ra->j, &ra->rs[last], ra->next, ra->limit))
        ra->live++;
    ra->next++;
}

/* 0 won (j and b filled), 1 no strategy finished within LIMIT, 2 no child
 * process could be made (the caller goes on alone), -1 error. */
static int race_forked(hs_build *w, hs_job *j, int limit, hs_error *err)
{
    race ra = {.w = w, .j = j, .winner = -1};
    int rc = 1;
    /* one racer per core (at least two): more would only share them, and
     * BuDDy is bound by memory more than by the processor */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    ra.n_slots = cores < 2 ? 2 : cores > N_RACE ? N_RACE : (int)cores;
    ra.limit = memory_limit(limit, ra.n_slots);
    for (int i = 0; i < N_RACE; i++)
        ra.rs[i] = (racer){.ch = {.result_fd = -1, .out_fd = -1}};
    for (; ra.next < ra.n_slots; ra.next++, ra.live++)
        if (start_racer(w, j, &ra.rs[ra.next], ra.next, ra.limit))
            break;
    if (ra.live == 0)
        return 2;
    double t0 = hs_progress_now(), t_switch = t0 + RACE_SWITCH_S;
    while (ra.live > 0 && ra.winner < 0) {
        if ((rc = race_wait(&ra, t0, err)) < 0 || (rc = race_reap(&ra, err)) < 0)
            break;
        rc = 1;
        double now = hs_progress_now();
        if (ra.winner < 0 && ra.next < N_RACE && now >= t_switch) {
            race_switch(&ra);
            t_switch = now + RACE_SWITCH_S;
        }
    }
    /* the losers die together, freeing their memory while the winner's
     * diagram is copied */
    for (int i = 0; i < N_RACE; i++)
        if (i != ra.winner)
            hs_child_kill(&ra.rs[i].ch);
    if (ra.winner >= 0)
        rc = take_message(w, j, &ra.rs[ra.winner], err);
    for (int i = 0; i < N_RACE; i++)
        stop_racer(&ra.rs[i]);
    return rc;
}

/* --- rounds ---------------------------------------------------------- */

/* Reorders the strategies SEQ[0..n) for the next round by the gates GOT
 * of their last attempts, most first, ties kept in order (stable): the one
 * that got furthest under the smaller budget is tried first under the
 * larger. das9701 under 1 Mi nodes: large+factor 1603 of 1678 gates,
 * large+sift 1593; under 4 Mi large+factor finishes in 8 s where
 * large+sift, tried first before, took over 20 s to fail. */
static void by_progress(int *seq, int *got, int n)
{
    for (int k = 1; k < n; k++)
        for (int i = k; i > 0 && got[i] > got[i - 1]; i--) {
            int t = seq[i];
            seq[i] = seq[i - 1];
            seq[i - 1] = t;
            t = got[i];
            got[i] = got[i - 1];
            got[i - 1] = t;
        }
}

/* Strategies LIST[0..n) (the previous winner first) under budgets from
 * FROM growing fourfold up to TO, each round's in by_progress() order: 0
 * built, 1 none within TO, -1 error.
 * With SURE (w->capped: no caller's limit; not the cheap rounds, whose
 * small budgets stop most trees early), a round none of whose attempts got
 * through half of the job's gates (in their order, inputs first) ends the
 * rounds: the gates left are the largest, and a fourfold budget has never
 * taken a tree from there to its end (nus9601 stops at 243 of 846 gates
 * under 256 Ki nodes and at 256 of 846 under 4 Mi, after a minute; those
 * that finish were at 95 % or more one round before). The gate counts
 * depend on the job alone: the same tree stops at the same round. With
 * SURE, a strategy whose attempt got through less than half of the gates
 * is left out of the later rounds, the others going on. */
static int rounds(hs_build *w, hs_job *j, const int *list, int n, int from, int to, bool sure,
                  hs_error *err)
{
    int seq[N_STRATEGIES], got[N_STRATEGIES], start = 0;
    for (int k = 0; k < n; k++)
        if (list[k] == w->last_win)
            start = k;
    for (int k = 0; k < n; k++)
        seq[k] = list[(start + k) % n];
    for (int budget = from;; budget = budget > INT_MAX / 4 ? INT_MAX : budget * 4) {
        int limit = budget < to ? budget : to, best = 0;
        for (int k = 0; k < n; k++) {
            int r = try_one(w, j, seq[k], limit, err);
            if (r == 0)
                w->last_win = seq[k];
            if (r <= 0)
                return r;
            got[k] = w->done;
            best = w->done > best ? w->done : best;
        }
        if (limit >= to || (sure && 2 * best < j->n_gates)) {
            w->tried = limit;
            return 1;
        }
        by_progress(seq, got, n);
        /* a strategy left behind at less than half the gates goes no
         * further, for the reason a round does: das9701's small+sift got
         * 688 of 1678 gates under 256 Ki nodes (large+factor 1603) and
         * spent 15 s to fail at 1 Mi */
        while (sure && n > 1 && 2 * got[n - 1] < j->n_gates)
            n--;
    }
}

/* The node budget a job's rounds (or race) stop at: the caller's limit,
 * or without one HS_JOB_CAP_MIN, more for a job with many leaves and gates
 * (whose diagram may be large and easy), never above W's hard limit. It
 * depends on the job alone, so a tree does the same work on every run. */
static int job_cap(const hs_build *w, const hs_job *j)
{
    if (!w->capped)
        return w->hard;
    long long cap = (long long)HS_JOB_CAP_PER * ((long long)j->n_leaves + j->n_gates);
    if (cap < HS_JOB_CAP_MIN)
        cap = HS_JOB_CAP_MIN;
    return cap < w->hard ? (int)cap : w->hard;
}

int hs_race_build(hs_build *w, hs_job *j, hs_error *err)
{
    int first = 16384, r = hs_direct_build(w, j, err);
    if (r <= 0)
        return r;
    if (hs_job_order(w, j, HS_ORDER_DFS, err))
        return -1;
    if (first < 8 * j->n_gates)
        first = 8 * j->n_gates;
    int to = job_cap(w, j);
    if (w->only) {
        int si = w->only - 1;
        r = rounds(w, j, &si, 1, first, to, false, err);
    } else {
        int cheap = first * 4 < to ? first * 4 : to;
        r = rounds(w, j, cheap_set, N_CHEAP, first, cheap, false, err);
        if (r == 1 && cheap < to) {
            r = w->race ? race_forked(w, j, to, err) : 2;
            if (r == 2)
                r = rounds(w, j, race_set, N_RACE, cheap * 4, to, w->capped, err);
        }
    }
    if (r == 1)
        return w->capped ? hs_buddy_fail_cap(w->tried, err) : hs_buddy_fail_limit(err);
    return r;
}
