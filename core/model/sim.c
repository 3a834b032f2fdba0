/*
 * core/model/sim.c — see sim.h. The compiled structure (flat arrays, parents
 * in CSR form) is shared read-only by all threads; each replication owns its
 * counters, states and a tournament tree of next transition times (the
 * minimum is always at the root; one transition updates one leaf-to-root
 * path with no swaps).
 */
#include "model/sim.h"
#include "model/progress.h"
#include "model/rng.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DUR_CAP 65536 /* outage durations kept per replication (reservoir) */

typedef struct sim_net {
    int n; /* nodes (model indices) */
    int top;
    unsigned char *op; /* per gate */
    int *k, *kmax, *n_in;
    int *in0, *in1;       /* first two inputs (imply/iff need order) */
    int *par_start, *par; /* CSR parents (gates only) */
    int *post;            /* reachable gates, inputs first */
    int n_post;
    int n_ev;     /* simulated events */
    int *ev_node; /* simulated event → node */
    double *lambda, *mu, *q;
    unsigned char *fixed_state; /* per node: 0/1 for constants/forced */
    unsigned char *is_fixed;
} sim_net;

typedef struct rep_out {
    double downtime, horizon;
    long long outages, events;
    double mean_dur, p50, p95, p99;
    int n_dur;
    int oom;
    double cpu;
} rep_out;

typedef struct sim_shared {
    const sim_net *net;
    const hs_sim_opts *o;
    double horizon;
    rep_out *reps;
    atomic_int next;
    atomic_int done;
    atomic_int oom;
} sim_shared;

static int eval(const sim_net *s, int g, const int *cnt, const unsigned char *st)
{
    int c = cnt[g], n = s->n_in[g];
    switch ((hs_gate_op)s->op[g]) {
    case HS_OP_AND: return c == n;
    case HS_OP_OR: return c > 0;
    case HS_OP_ATLEAST: return c >= s->k[g];
    case HS_OP_NOT: return c == 0;
    case HS_OP_NULL: return c == 1;
    case HS_OP_XOR: return c & 1;
    case HS_OP_NAND: return c < n;
    case HS_OP_NOR: return c == 0;
    case HS_OP_IFF: return c != 1;
    case HS_OP_IMPLY: return !st[s->in0[g]] || st[s->in1[g]];
    case HS_OP_CARD: return c >= s->k[g] && c <= s->kmax[g];
    case HS_OP_TRUE: return 1;
    case HS_OP_FALSE: return 0;
    }
    return 0;
}

static void net_free(sim_net *s)
{
    free(s->op);
    free(s->k);
    free(s->kmax);
    free(s->n_in);
    free(s->in0);
    free(s->in1);
    free(s->par_start);
    free(s->par);
    free(s->post);
    free(s->ev_node);
    free(s->lambda);
    free(s->mu);
    free(s->q);
    free(s->fixed_state);
    free(s->is_fixed);
}

/* The per-node and per-event arrays of S for N nodes; 0 or -1 (out of
 * memory, the caller frees what was made with net_free). */
static int net_alloc(sim_net *s, int n, int n_events)
{
    s->op = calloc((size_t)n, 1);
    s->k = calloc((size_t)n, sizeof(int));
    s->kmax = calloc((size_t)n, sizeof(int));
    s->n_in = calloc((size_t)n, sizeof(int));
    s->in0 = calloc((size_t)n, sizeof(int));
    s->in1 = calloc((size_t)n, sizeof(int));
    s->par_start = calloc((size_t)n + 1, sizeof(int));
    s->ev_node = malloc((size_t)(n_events + 1) * sizeof(int));
    s->lambda = malloc((size_t)(n_events + 1) * sizeof(double));
    s->mu = malloc((size_t)(n_events + 1) * sizeof(double));
    s->q = malloc((size_t)(n_events + 1) * sizeof(double));
    s->fixed_state = calloc((size_t)n, 1);
    s->is_fixed = calloc((size_t)n, 1);
    return !s->op || !s->k || !s->kmax || !s->n_in || !s->in0 || !s->in1 || !s->par_start ||
                   !s->ev_node || !s->lambda || !s->mu || !s->q || !s->fixed_state || !s->is_fixed
               ? -1
               : 0;
}

/* Which nodes the top reaches (its gates in s->post and their inputs):
 * caller-owned array of s->n flags, NULL when out of memory. */
static char *net_reach(const hs_model *m, const sim_net *s)
{
    char *reach = calloc((size_t)s->n, 1);
    if (!reach)
        return NULL;
    reach[s->top] = 1;
    for (int p = 0; p < s->n_post; p++) {
        const hs_model_node *g = &m->nodes[s->post[p]];
        reach[s->post[p]] = 1;
        for (int i = 0; i < g->n_in; i++)
            reach[g->in[i]] = 1;
    }
    return reach;
}

/* Copy the reachable gates' operators and inputs into S, and build the
 * parent lists (par_start/par, compressed rows) the event loop walks up
 * when an input changes. 0 or -1 (out of memory). */
static int net_wire(const hs_model *m, sim_net *s)
{
    int n = s->n, total_par = 0;
    for (int p = 0; p < s->n_post; p++) {
        int id = s->post[p];
        const hs_model_node *g = &m->nodes[id];
        s->op[id] = (unsigned char)g->op;
        s->k[id] = g->k;
        s->kmax[id] = g->kmax;
        s->n_in[id] = g->n_in;
        s->in0[id] = g->n_in > 0 ? g->in[0] : 0;
        s->in1[id] = g->n_in > 1 ? g->in[1] : 0;
        for (int i = 0; i < g->n_in; i++)
            s->par_start[g->in[i] + 1]++;
        total_par += g->n_in;
    }
    for (int i = 0; i < n; i++)
        s->par_start[i + 1] += s->par_start[i];
    s->par = malloc((size_t)(total_par + 1) * sizeof(int));
    int *fill = malloc((size_t)(n + 1) * sizeof(int));
    if (!s->par || !fill) {
        free(fill);
        return -1;
    }
    memcpy(fill, s->par_start, (size_t)n * sizeof(int));
    for (int p = 0; p < s->n_post; p++) {
        const hs_model_node *g = &m->nodes[s->post[p]];
        for (int i = 0; i < g->n_in; i++)
            s->par[fill[g->in[i]]++] = s->post[p];
    }
    free(fill);
    return 0;
}

/* The reachable leaves: house events and FORCEd events get a fixed state,
 * the other events join the simulated ones with their rates. 0, or -1 +
 * err naming an event without repair rates. */
static int net_leaves(const hs_model *m, const signed char *force, const char *reach, sim_net *s,
                      hs_error *err)
{
    for (int i = 0; i < s->n; i++) {
        const hs_model_node *nd = &m->nodes[i];
        if (!reach[i])
            continue;
        if (nd->kind == HS_NODE_HOUSE) {
            s->is_fixed[i] = 1;
            s->fixed_state[i] = nd->value;
            continue;
        }
        if (nd->kind != HS_NODE_EVENT)
            continue;
        int f = force ? force[nd->event] : -1;
        if (f >= 0) {
            s->is_fixed[i] = 1;
            s->fixed_state[i] = (unsigned char)f;
        } else if (!hs_model_repairable(nd)) {
            return hs_error_fail(err, nd->file, nd->line,
                                 "simulation needs failure and repair rates "
                                 "(mttf/mttr or lambda/mu) for '%s'",
                                 nd->name);
        } else {
            s->ev_node[s->n_ev] = i;
            s->lambda[s->n_ev] = nd->lambda;
            s->mu[s->n_ev] = nd->mu;
            s->q[s->n_ev] = nd->lambda / (nd->lambda + nd->mu);
            s->n_ev++;
        }
    }
    return 0;
}

/* The flat network S (owned by the caller: net_free) that simulates top TOP
 * of M, with FORCE (per event: -1 free, 0/1 fixed; may be NULL). 0, or -1
 * + err with S already freed. */
static int net_build(const hs_model *m, int top, const signed char *force, sim_net *s,
                     hs_error *err)
{
    int *uses = NULL;
    char *reach = NULL;
    int rc = -1;
    memset(s, 0, sizeof *s);
    s->n = m->n_nodes;
    s->top = m->tops[top].node;
    if (net_alloc(s, s->n, m->n_events))
        goto oom;
    /* The top's reachable gates, via a temporary one-top view. */
    hs_model view = *m;
    hs_model_top t1 = m->tops[top];
    view.tops = &t1;
    view.n_tops = 1;
    if (hs_model_postorder(&view, &s->post, &s->n_post, &uses, err))
        goto out;
    if (!(reach = net_reach(m, s)) || net_wire(m, s))
        goto oom;
    rc = net_leaves(m, force, reach, s, err);
    goto out;
oom:
    hs_error_fail(err, NULL, 0, "out of memory");
out:
    free(reach);
    free(uses);
    if (rc)
        net_free(s);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double quantile(const double *sorted, int n, double p)
{
    if (n <= 0)
        return NAN;
    double h = (n - 1) * p;
    int i = (int)h;
    if (i >= n - 1)
        return sorted[n - 1];
    return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
}

/* One worker's replication context: the shared network, the horizon and
 * the seed, and working memory sized for the network that the worker
 * reuses from one replication to the next. */
typedef struct rep_ctx {
    const sim_net *s;
    double H; /* horizon, hours */
    uint64_t seed;
    int P;             /* tournament leaves: a power of two >= n_ev */
    int *cnt;          /* per gate: inputs currently true */
    unsigned char *st; /* per node: current state */
    double *next;      /* per simulated event: next transition time */
    int *tree;         /* tournament tree over next[], root at 1 */
    int *stack;        /* propagation work list; grows on demand */
    int stack_cap;
    double *dur; /* outage durations (reservoir of DUR_CAP) */
    hs_rng rng;
} rep_ctx;

/* The top's outages as they happen. */
typedef struct outage_tally {
    int down;
    double since, downtime;
    long long outages, n_seen;
    int n_dur;
} outage_tally;

/* Winner (earlier transition) of tournament node i's two children. */
static inline int tree_winner(const sim_net *s, const double *next, const int *tree, int i)
{
    int a = tree[2 * i], b = tree[2 * i + 1];
    double ta = a < s->n_ev ? next[a] : INFINITY;
    double tb = b < s->n_ev ? next[b] : INFINITY;
    return ta <= tb ? a : b;
}

/* Draws every event's initial state and first transition, then derives
 * the gates: leaves feed their parents' counters, then the gates in
 * post-order (inputs first). The draws' order fixes the results of a seed. */
static void rep_start(rep_ctx *c, int r)
{
    const sim_net *s = c->s;
    int *cnt = c->cnt;
    unsigned char *st = c->st;
    hs_rng_seed(&c->rng, c->seed, (uint64_t)r);
    memset(cnt, 0, (size_t)s->n * sizeof *cnt);
    memset(st, 0, (size_t)s->n);
    for (int i = 0; i < s->n; i++)
        if (s->is_fixed[i])
            st[i] = s->fixed_state[i];
    for (int e = 0; e < s->n_ev; e++) {
        int down = hs_rng_uniform(&c->rng) <= s->q[e];
        st[s->ev_node[e]] = (unsigned char)down;
        double rate = down ? s->mu[e] : s->lambda[e];
        c->next[e] = -log(hs_rng_uniform(&c->rng)) / rate;
    }
    for (int i = 0; i < s->n; i++)
        if (st[i] && s->op[i] == 0 && s->n_in[i] == 0)
            for (int j = s->par_start[i]; j < s->par_start[i + 1]; j++)
                cnt[s->par[j]]++;
    for (int p = 0; p < s->n_post; p++) {
        int g = s->post[p];
        st[g] = (unsigned char)eval(s, g, cnt, st);
        if (st[g])
            for (int j = s->par_start[g]; j < s->par_start[g + 1]; j++)
                cnt[s->par[j]]++;
    }
    for (int i = 0; i < c->P; i++)
        c->tree[c->P + i] = i;
    for (int i = c->P - 1; i >= 1; i--)
        c->tree[i] = tree_winner(s, c->next, c->tree, i);
}

/* Doubles the propagation work list; NULL (the old one kept) when out of
 * memory. Kept out of line: the hot loop of propagate() never grows it
 * once it has the network's size. */
static int *grow_stack(rep_ctx *c)
{
    int *grown = realloc(c->stack, (size_t)c->stack_cap * 2 * sizeof *c->stack);
    if (!grown)
        return NULL;
    c->stack = grown;
    c->stack_cap *= 2;
    return grown;
}

/* Node NODE took state NS: each changed node adjusts its parents' counters
 * until no gate changes. Entries carry the new state (node * 2 + state): a
 * gate may flip twice before it is popped, and each flip must reach the
 * parents. The work list is used through locals (see replicate()). -1 on
 * out of memory. */
static int propagate(rep_ctx *c, int node, unsigned char ns)
{
    const sim_net *s = c->s;
    int *cnt = c->cnt;
    unsigned char *st = c->st;
    int *stack = c->stack, cap = c->stack_cap, sp = 0;
    stack[sp++] = node * 2 + ns; /* cap >= 1: sized n + 16 */
    while (sp > 0) {
        int x = stack[--sp];
        int d = (x & 1) ? 1 : -1;
        x >>= 1;
        for (int j = s->par_start[x]; j < s->par_start[x + 1]; j++) {
            int g = s->par[j];
            cnt[g] += d;
            unsigned char gs = (unsigned char)eval(s, g, cnt, st);
            if (gs == st[g])
                continue;
            st[g] = gs;
            if (sp == cap) {
                if (!(stack = grow_stack(c)))
                    return -1;
                cap = c->stack_cap;
            }
            stack[sp++] = g * 2 + gs;
        }
    }
    return 0;
}

/* The top is NOW at time T: counts an outage's start, or at its end adds
 * its length to the downtime and to the reservoir of durations DUR
 * (uniform over all outages once more than DUR_CAP were seen; RNG picks). */
static inline void tally_top(double *dur, hs_rng *rng, outage_tally *o, int now, double t)
{
    if (now == o->down)
        return;
    o->down = now;
    if (now) {
        o->outages++;
        o->since = t;
        return;
    }
    double len = t - o->since;
    o->downtime += len;
    o->n_seen++;
    if (o->n_dur < DUR_CAP) {
        dur[o->n_dur++] = len;
    } else {
        uint64_t j = hs_rng_next(rng) % (uint64_t)o->n_seen;
        if (j < DUR_CAP)
            dur[j] = len;
    }
}

static void rep_summarise(rep_ctx *c, const outage_tally *o, long long events, rep_out *out)
{
    double *dur = c->dur;
    int n_dur = o->n_dur;
    double sum = 0, downtime = o->downtime;
    if (o->down)
        downtime += c->H - o->since; /* still down at the horizon */
    out->downtime = downtime;
    out->horizon = c->H;
    out->outages = o->outages;
    out->events = events;
    out->n_dur = n_dur;
    for (int i = 0; i < n_dur; i++)
        sum += dur[i];
    out->mean_dur = o->n_seen ? sum / n_dur : NAN;
    qsort(dur, (size_t)n_dur, sizeof *dur, cmp_double);
    out->p50 = quantile(dur, n_dur, 0.50);
    out->p95 = quantile(dur, n_dur, 0.95);
    out->p99 = quantile(dur, n_dur, 0.99);
}

/* Replication R over the context's horizon: the earliest transition (the
 * tournament's root) flips its event, the change propagates up, the top's
 * outages are tallied, and the event's path to the root is replayed. The
 * loop's state is held in locals, not read through C: a store into st (an
 * unsigned char array) may alias anything, so every field read through a
 * pointer would be loaded again after each one (measured: +9 % instructions
 * in the simulation's hot loop). */
static void replicate(rep_ctx *c, int r, rep_out *out)
{
    const sim_net *s = c->s;
    rep_start(c, r);
    unsigned char *st = c->st;
    double *next = c->next;
    int *tree = c->tree;
    const int P = c->P, top = s->top, n_ev = s->n_ev;
    const double H = c->H;
    hs_rng rng = c->rng;
    outage_tally o = {.down = st[top]};
    o.outages = o.down ? 1 : 0;
    long long events = 0;
    for (;;) {
        int e = tree[1];
        if (e >= n_ev)
            break;
        double t = next[e];
        if (t >= H)
            break;
        events++;
        int node = s->ev_node[e];
        unsigned char ns = !st[node];
        st[node] = ns;
        next[e] = t - log(hs_rng_uniform(&rng)) / (ns ? s->mu[e] : s->lambda[e]);
        if (propagate(c, node, ns)) {
            out->oom = 1;
            return;
        }
        tally_top(c->dur, &rng, &o, st[top], t);
        for (int i = (P + e) >> 1; i >= 1; i >>= 1)
            tree[i] = tree_winner(s, next, tree, i);
    }
    rep_summarise(c, &o, events, out);
}

static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Per-thread working memory on cache lines of its own: the counters and
 * states of a small model fit in one line, and two threads writing the
 * same line (malloc may place their small blocks side by side) ran 2.7
 * times slower each (web_stack.conf, 2 threads). */
static void *line_alloc(size_t size)
{
    return aligned_alloc(64, (size + 63) / 64 * 64);
}

static void *worker(void *arg)
{
    sim_shared *sh = arg;
    const sim_net *s = sh->net;
    rep_ctx c = {.s = s, .H = sh->horizon, .seed = sh->o->seed, .P = 1};
    while (c.P < s->n_ev)
        c.P *= 2;
    c.cnt = line_alloc((size_t)s->n * sizeof *c.cnt);
    c.st = line_alloc((size_t)s->n + 1);
    c.next = line_alloc((size_t)(s->n_ev + 1) * sizeof *c.next);
    c.tree = line_alloc((size_t)(2 * c.P) * sizeof *c.tree);
    c.stack_cap = s->n + 16;
    c.stack = line_alloc((size_t)c.stack_cap * sizeof *c.stack);
    c.dur = line_alloc(DUR_CAP * sizeof *c.dur);
    if (!c.cnt || !c.st || !c.next || !c.tree || !c.stack || !c.dur) {
        atomic_store(&sh->oom, 1);
        goto out;
    }
    hs_progress pr;
    bool first = sh->o->progress && atomic_load(&sh->done) == 0;
    hs_progress_start(&pr, first, "simulate");
    for (;;) {
        int r = atomic_fetch_add(&sh->next, 1);
        if (r >= sh->o->replications)
            break;
        double c0 = thread_cpu();
        replicate(&c, r, &sh->reps[r]);
        if (sh->reps[r].oom)
            atomic_store(&sh->oom, 1);
        sh->reps[r].cpu = thread_cpu() - c0;
        int d = atomic_fetch_add(&sh->done, 1) + 1;
        hs_progress_update(&pr, "replication %d/%d", d, sh->o->replications);
    }
    hs_progress_end(&pr);
out:
    free(c.cnt);
    free(c.st);
    free(c.next);
    free(c.tree);
    free(c.stack);
    free(c.dur);
    return NULL;
}

double hs_t975(int df)
{
    static const double t[] = {0,      12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646,
                               2.3060, 2.2622,  2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314,
                               2.1199, 2.1098,  2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687,
                               2.0639, 2.0595,  2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
    if (df < 1)
        return NAN;
    if (df <= 30)
        return t[df];
    /* Cornish-Fisher expansion around z = 1.959964. */
    double z = 1.959964, d = df;
    return z + (z * z * z + z) / (4 * d) + (5 * pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * d * d);
}

static hs_ci ci_of(const double *v, int n)
{
    hs_ci c = {NAN, NAN, NAN, 0};
    double sum = 0, ss = 0;
    int k = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(v[i])) {
            sum += v[i];
            k++;
        }
    c.n = k;
    if (k == 0)
        return c;
    c.mean = sum / k;
    for (int i = 0; i < n; i++)
        if (!isnan(v[i]))
            ss += (v[i] - c.mean) * (v[i] - c.mean);
    if (k < 2)
        return c;
    double h = hs_t975(k - 1) * sqrt(ss / (k - 1)) / sqrt((double)k);
    c.lo = c.mean - h;
    c.hi = c.mean + h;
    return c;
}

/* Options O with the defaults filled in (replications, threads), or -1 +
 * err when out of range. */
static int sim_opts_settle(hs_sim_opts *o, hs_error *err)
{
    if (o->replications == 0)
        o->replications = 32;
    if (o->replications < 2 || o->replications > 1000000)
        return hs_error_fail(err, NULL, 0, "replications must be between 2 and 1000000");
    if (!(o->years > 0) || !isfinite(o->years) || o->years > 1e12)
        return hs_error_fail(err, NULL, 0, "years must be a positive number");
    if (o->threads <= 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        o->threads = c > 0 ? (int)c : 1;
    }
    if (o->threads > o->replications)
        o->threads = o->replications;
    if (o->threads > 256)
        o->threads = 256;
    return 0;
}

/* Run the workers: this thread and up to THREADS-1 more (TID holds their
 * ids). Returns how many took part; fewer when pthread_create failed,
 * which only costs speed since the replications are shared out. */
static int sim_threads(sim_shared *sh, int threads, pthread_t *tid)
{
    int started = 1;
    for (int i = 1; i < threads; i++) {
        if (pthread_create(&tid[i], NULL, worker, sh) != 0)
            break;
        started++;
    }
    worker(sh);
    for (int i = 1; i < started; i++)
        pthread_join(tid[i], NULL);
    return started;
}

/* Totals and the per-replication confidence intervals into OUT; V is
 * scratch for R values. */
static void sim_summarise(const sim_shared *sh, int R, double *v, hs_sim_result *out)
{
    double yr = sh->horizon / 8760.0;
    for (int r = 0; r < R; r++) {
        out->outages += sh->reps[r].outages;
        out->events += sh->reps[r].events;
        out->cpu_s += sh->reps[r].cpu;
    }
#define CI(field, expr)                                                                            \
    do {                                                                                           \
        for (int r = 0; r < R; r++) {                                                              \
            const rep_out *x = &sh->reps[r];                                                       \
            (void)x;                                                                               \
            v[r] = (expr);                                                                         \
        }                                                                                          \
        out->field = ci_of(v, R);                                                                  \
    } while (0)
    CI(unavailability, x->downtime / x->horizon);
    CI(outages_per_year, (double)x->outages / yr);
    CI(downtime_h_per_year, x->downtime / yr);
    CI(mean_outage_h, x->mean_dur);
    CI(p50_h, x->p50);
    CI(p95_h, x->p95);
    CI(p99_h, x->p99);
#undef CI
    out->replications = R;
    out->events_per_cpu_s = out->cpu_s > 0 ? out->events / out->cpu_s : NAN;
}

int hs_sim_run(const hs_model *m, int top, const hs_sim_opts *opts, hs_sim_result *out,
               hs_error *err)
{
    hs_sim_opts o = *opts;
    sim_net net;
    int rc = -1;
    double *v = NULL;
    pthread_t *tid = NULL;
    sim_shared sh;
    memset(&sh, 0, sizeof sh);
    memset(out, 0, sizeof *out);
    if (sim_opts_settle(&o, err))
        return -1;
    if (net_build(m, top, o.force, &net, err))
        return -1;
    sh.net = &net;
    sh.o = &o;
    sh.horizon = o.years * 8760.0 / o.replications;
    sh.reps = calloc((size_t)o.replications, sizeof *sh.reps);
    v = calloc((size_t)o.replications, sizeof *v);
    tid = calloc((size_t)o.threads, sizeof *tid);
    if (!sh.reps || !v || !tid) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    double t0 = hs_progress_now();
    int started = sim_threads(&sh, o.threads, tid);
    out->wall_s = hs_progress_now() - t0;
    if (atomic_load(&sh.oom) || atomic_load(&sh.done) != o.replications) {
        hs_error_fail(err, NULL, 0, "out of memory in the simulation");
        goto out;
    }
    sim_summarise(&sh, o.replications, v, out);
    out->years = o.years;
    out->threads = started;
    rc = 0;
out:
    free(sh.reps);
    free(v);
    free(tid);
    net_free(&net);
    return rc;
}
