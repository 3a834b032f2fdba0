/*
 * core/model/mcs.c — minimal cut sets: minsol (Rauzy 1993) maps the BDD to
 * a ZBDD of minimal solutions; an order limit truncates inside the recursion
 * (sets that would exceed it are never built), which keeps hard trees cheap.
 */
#include "model/mcs.h"
#include "model/bdd_priv.h"
#include "model/cutsets.h"
#include "model/progress.h"
#include "model/zbdd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Enumerate at most this many sets (for the min-cut upper bound and the
 * ranked list); beyond it the bound is reported as not computed. */
#define ENUM_CAP 2000000L

typedef struct memo {
    int64_t *key;
    int32_t *val;
    int64_t mask, used;
} memo;

typedef struct mcs_ctx {
    const hs_bdd *b;      /* NULL for cut sets from the circuit */
    const int *var_event; /* event of ZBDD variable v; NULL: v itself */
    hs_zbdd z;
    memo mm;
    hs_progress pr;
    /* enumeration */
    const double *q;
    double cutoff;
    int *path;
    int depth;
    hs_cut_set *sets;
    long n_sets, cap_sets;
    int *pool;
    long n_pool, cap_pool;
    double log_mcub; /* Σ log(1 − P(C)) */
    long seen;
    bool oom;
} mcs_ctx;

static int memo_init(memo *m)
{
    m->mask = 4095;
    m->used = 0;
    m->key = malloc(4096 * sizeof *m->key);
    m->val = malloc(4096 * sizeof *m->val);
    if (!m->key || !m->val)
        return -1;
    memset(m->key, 0xff, 4096 * sizeof *m->key);
    return 0;
}

static void memo_free(memo *m)
{
    free(m->key);
    free(m->val);
}

static int32_t *memo_slot(memo *m, int64_t key, bool *found)
{
    uint64_t j = hs_mix64((uint64_t)key) & (uint64_t)m->mask;
    while (m->key[j] >= 0 && m->key[j] != key)
        j = (j + 1) & (uint64_t)m->mask;
    *found = m->key[j] == key;
    return &m->val[j];
}

static int memo_put(memo *m, int64_t key, int32_t val)
{
    if ((m->used + 1) * 2 > m->mask) {
        int64_t size = (m->mask + 1) * 2;
        int64_t *k = malloc((size_t)size * sizeof *k);
        int32_t *v = malloc((size_t)size * sizeof *v);
        if (!k || !v) {
            free(k);
            free(v);
            return -1;
        }
        memset(k, 0xff, (size_t)size * sizeof *k);
        for (int64_t i = 0; i <= m->mask; i++)
            if (m->key[i] >= 0) {
                uint64_t j = hs_mix64((uint64_t)m->key[i]) & (uint64_t)(size - 1);
                while (k[j] >= 0)
                    j = (j + 1) & (uint64_t)(size - 1);
                k[j] = m->key[i];
                v[j] = m->val[i];
            }
        free(m->key);
        free(m->val);
        m->key = k;
        m->val = v;
        m->mask = size - 1;
    }
    bool found;
    int32_t *slot = memo_slot(m, key, &found);
    if (!found) {
        uint64_t j = (uint64_t)(slot - m->val);
        m->key[j] = key;
        m->used++;
    }
    *slot = val;
    return 0;
}

static int event_of(const mcs_ctx *c, int32_t v)
{
    return c->var_event ? c->var_event[v] : v;
}

static bool low_chain_true(const hs_bdd *b, int x)
{
    while (x > 1)
        x = b->lo[x];
    return x == 1;
}

/* Minimal solutions of BDD node X with at most K events. */
static int32_t minsol(mcs_ctx *c, int x, int k)
{
    if (x < 2)
        return x;
    if (k == 0)
        return low_chain_true(c->b, x) ? 1 : 0;
    int64_t key = ((int64_t)x << 16) | k;
    bool found;
    int32_t *slot = memo_slot(&c->mm, key, &found);
    if (found)
        return *slot;
    int32_t hi = minsol(c, c->b->hi[x], k - 1);
    int32_t lo = minsol(c, c->b->lo[x], k);
    int32_t r = hs_zbdd_without(&c->z, hi, lo);
    r = hs_zbdd_node(&c->z, c->b->var[x], lo, r);
    if (r < 0)
        return -1;
    if (memo_put(&c->mm, key, r))
        return -1;
    hs_progress_update(&c->pr, "%d ZBDD nodes", (int)c->z.n);
    return r;
}

static int add_set(mcs_ctx *c, double p)
{
    if (c->n_sets == c->cap_sets) {
        long nc = c->cap_sets ? c->cap_sets * 2 : 256;
        hs_cut_set *s = realloc(c->sets, (size_t)nc * sizeof *s);
        if (!s)
            return -1;
        c->sets = s;
        c->cap_sets = nc;
    }
    if (c->n_pool + c->depth > c->cap_pool) {
        long nc = c->cap_pool ? c->cap_pool * 2 : 1024;
        while (nc < c->n_pool + c->depth)
            nc *= 2;
        int *p2 = realloc(c->pool, (size_t)nc * sizeof *p2);
        if (!p2)
            return -1;
        c->pool = p2;
        c->cap_pool = nc;
    }
    hs_cut_set *s = &c->sets[c->n_sets++];
    s->n = c->depth;
    s->p = p;
    /* Offsets now, pointers once the pool stops moving. */
    s->events = (int *)(intptr_t)c->n_pool;
    for (int i = 0; i < c->depth; i++)
        c->pool[c->n_pool++] = event_of(c, c->path[i]);
    return 0;
}

/* Depth-first walk of the ZBDD; P only shrinks along a path, so paths
 * below the cut-off are pruned (only when the bound is not wanted). */
static void enumerate(mcs_ctx *c, int32_t f, double p, bool full)
{
    if (c->oom || f == 0)
        return;
    if (!full && p < c->cutoff)
        return;
    if (f == 1) {
        c->seen++;
        if (full && p < 1.0)
            c->log_mcub += log1p(-p);
        else if (full)
            c->log_mcub = -INFINITY;
        if (p >= c->cutoff && add_set(c, p))
            c->oom = true;
        return;
    }
    const hs_zbdd *z = &c->z;
    c->path[c->depth++] = z->var[f];
    double qv = c->q ? c->q[event_of(c, z->var[f])] : 1.0;
    enumerate(c, z->hi[f], p * qv, full);
    c->depth--;
    enumerate(c, z->lo[f], p, full);
}

static int by_p_desc(const void *a, const void *b)
{
    double x = ((const hs_cut_set *)a)->p, y = ((const hs_cut_set *)b)->p;
    if (x != y)
        return x < y ? 1 : -1;
    return ((const hs_cut_set *)a)->n - ((const hs_cut_set *)b)->n;
}

/* Counts by order and Σ P over the ZBDD rooted at ROOT (indices are a
 * topological order, children first). */
static int count(mcs_ctx *c, int32_t root, hs_mcs_result *r)
{
    const hs_zbdd *z = &c->z;
    int32_t n = root + 1 > 2 ? root + 1 : 2;
    int rc = -1;
    int *depth = calloc((size_t)n + 2, sizeof *depth);
    double *sum = calloc((size_t)n + 2, sizeof *sum);
    double *cnt = NULL;
    if (!depth || !sum)
        goto out;
    sum[1] = 1.0;
    for (int32_t i = 2; i < n; i++) {
        int dh = depth[z->hi[i]] + 1, dl = depth[z->lo[i]];
        depth[i] = dh > dl ? dh : dl;
        double qv = c->q ? c->q[event_of(c, z->var[i])] : 0.0;
        sum[i] = qv * sum[z->hi[i]] + sum[z->lo[i]];
    }
    int mo = root > 1 ? depth[root] : 0;
    r->max_order = mo;
    r->rare_event = c->q ? sum[root] : NAN;
    r->by_order = calloc((size_t)mo + 1, sizeof *r->by_order);
    cnt = calloc((size_t)n * (size_t)(mo + 1), sizeof *cnt);
    if (!r->by_order || !cnt)
        goto out;
    cnt[1 * (size_t)(mo + 1) + 0] = 1.0;
    for (int32_t i = 2; i < n; i++) {
        double *ci = &cnt[(size_t)i * (size_t)(mo + 1)];
        const double *lo = &cnt[(size_t)z->lo[i] * (size_t)(mo + 1)];
        const double *hi = &cnt[(size_t)z->hi[i] * (size_t)(mo + 1)];
        for (int k = 0; k <= mo; k++)
            ci[k] = lo[k] + (k > 0 ? hi[k - 1] : 0.0);
    }
    r->count = 0;
    for (int k = 0; k <= mo; k++) {
        r->by_order[k] = root == 0 ? 0.0 : cnt[(size_t)root * (size_t)(mo + 1) + (size_t)k];
        r->count += r->by_order[k];
    }
    rc = 0;
out:
    free(depth);
    free(sum);
    free(cnt);
    return rc;
}

/* r->union_p for ZBDD ROOT: 0, or -1 when out of memory for the
 * per-variable probabilities (running out of nodes leaves it NaN). */
static int union_of(mcs_ctx *c, int32_t root, hs_mcs_result *r)
{
    int32_t nv = c->z.terminal_var;
    double *qv = malloc(((size_t)nv + 1) * sizeof *qv);
    if (!qv)
        return -1;
    for (int32_t v = 0; v < nv; v++)
        qv[v] = c->q[event_of(c, v)];
    qv[nv] = 0.0;
    r->union_p = hs_zbdd_union_prob(&c->z, root, qv);
    free(qv);
    return 0;
}

/* Counts, approximations and the ranked list of ZBDD ROOT into R; ROOT < 0
 * is the construction's failure (out of memory or nodes). */
static int assemble(mcs_ctx *c, int32_t root, const hs_mcs_opts *o, hs_mcs_result *r, hs_error *err)
{
    if (root < 0)
        return hs_error_fail(err, NULL, 0,
                             "out of memory computing cut "
                             "sets (%d ZBDD nodes); try a lower --order",
                             (int)c->z.n);
    r->zbdd_nodes = root > 1 ? root - 1 : 0;
    if (count(c, root, r)) {
        hs_error_fail(err, NULL, 0, "out of memory counting cut sets");
        return -1;
    }
    if (o->union_prob && c->q && union_of(c, root, r)) {
        hs_error_fail(err, NULL, 0, "out of memory");
        return -1;
    }
    bool full = r->count <= (double)ENUM_CAP;
    if (full || o->max_list != 0) {
        c->path = malloc((size_t)(c->z.terminal_var + 1) * sizeof *c->path);
        if (!c->path) {
            hs_error_fail(err, NULL, 0, "out of memory");
            return -1;
        }
        if (!full && c->cutoff <= 0.0) {
            /* Too many to list them all: keep the probable ones. */
            c->cutoff = 0.0;
        }
        if (full || c->cutoff > 0.0)
            enumerate(c, root, 1.0, full);
        if (c->oom) {
            hs_error_fail(err, NULL, 0, "out of memory listing cut sets");
            return -1;
        }
        if (full && c->q)
            r->mcub = -expm1(c->log_mcub);
        for (long i = 0; i < c->n_sets; i++)
            c->sets[i].events =
                c->pool ? c->pool + (intptr_t)c->sets[i].events : NULL; /* only empty sets */
        if (c->q && c->n_sets > 1)
            qsort(c->sets, (size_t)c->n_sets, sizeof *c->sets, by_p_desc);
        long keep = o->max_list < 0 ? c->n_sets : o->max_list < c->n_sets ? o->max_list : c->n_sets;
        r->sets = c->sets;
        r->n_sets = keep;
        r->n_held = c->n_sets;
        r->pool = c->pool;
        c->sets = NULL;
        c->pool = NULL;
    }
    return 0;
}

/* The recursion's order budget: the limit asked for, or all N events. */
static int order_of(const hs_mcs_opts *o, int n)
{
    int limit = o->order_limit > 0 && o->order_limit < n ? o->order_limit : n;
    return limit > 65535 ? 65535 : limit;
}

/* Frees what C owns; C may be partly set up (zeroed first). */
static void ctx_free(mcs_ctx *c)
{
    free(c->path);
    free(c->sets);
    free(c->pool);
    memo_free(&c->mm);
    hs_zbdd_free(&c->z);
}

int hs_mcs_compute(const hs_bdd *b, int top, const double *q, const hs_mcs_opts *opts,
                   hs_mcs_result **out, hs_error *err)
{
    hs_mcs_opts o = opts ? *opts : (hs_mcs_opts){0, 0.0, -1, false, false};
    int rc = -1;
    mcs_ctx c;
    memset(&c, 0, sizeof c);
    c.b = b;
    c.var_event = b->var_event;
    c.q = q;
    c.cutoff = o.cutoff > 0 ? o.cutoff : 0.0;
    *out = NULL;
    if (b->n_mods > 0)
        return hs_error_fail(err, NULL, 0,
                             "cut sets need a flat BDD "
                             "(hs_bdd_opts.flat); this one has modules");
    hs_mcs_result *r = calloc(1, sizeof *r);
    if (!r)
        return hs_error_fail(err, NULL, 0, "out of memory");
    r->coherent = b->coherent[top];
    r->mcub = NAN;
    r->union_p = NAN;
    if (hs_zbdd_init(&c.z, b->n_vars, 0) || memo_init(&c.mm)) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    int limit = order_of(&o, b->n_vars);
    hs_progress_start(&c.pr, o.progress, "cut sets");
    int32_t root = minsol(&c, b->root[top], limit);
    hs_progress_end(&c.pr);
    if (assemble(&c, root, &o, r, err))
        goto out;
    *out = r;
    r = NULL;
    rc = 0;
out:
    ctx_free(&c);
    hs_mcs_free(r);
    return rc;
}

int hs_mcs_compute_circuit(const hs_model *m, int top, const double *q, const hs_mcs_opts *opts,
                           hs_mcs_result **out, hs_error *err)
{
    hs_mcs_opts o = opts ? *opts : (hs_mcs_opts){0, 0.0, -1, false, false};
    int rc = -1;
    hs_circuit *circ = NULL;
    mcs_ctx c;
    memset(&c, 0, sizeof c);
    c.q = q;
    c.cutoff = o.cutoff > 0 ? o.cutoff : 0.0;
    *out = NULL;
    hs_mcs_result *r = calloc(1, sizeof *r);
    if (!r)
        return hs_error_fail(err, NULL, 0, "out of memory");
    r->coherent = true;
    r->mcub = NAN;
    r->union_p = NAN;
    if (hs_circuit_build(m, &circ, err))
        goto out;
    if (hs_zbdd_init(&c.z, m->n_events, HS_CIRC_MCS_NODES)) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    int limit = order_of(&o, m->n_events);
    hs_progress_start(&c.pr, o.progress, "cut sets");
    int32_t root = hs_circ_cut_sets(circ, circ->top[top], limit, &c.z, &c.pr);
    hs_progress_end(&c.pr);
    if (root == HS_CUTSETS_NOT_COHERENT) {
        hs_error_fail(err, NULL, 0,
                      "top event '%s' is not coherent (it "
                      "uses a negation): its cut sets need the BDD",
                      m->tops[top].name);
        goto out;
    }
    if (assemble(&c, root, &o, r, err))
        goto out;
    *out = r;
    r = NULL;
    rc = 0;
out:
    ctx_free(&c);
    hs_circuit_free(circ);
    hs_mcs_free(r);
    return rc;
}

void hs_mcs_free(hs_mcs_result *r)
{
    if (!r)
        return;
    free(r->by_order);
    free(r->sets);
    free(r->pool);
    free(r);
}
