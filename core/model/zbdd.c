/*
 * core/model/zbdd.c — see zbdd.h. Nodes are created children-first, so node
 * indices are a topological order (callers rely on it for bottom-up passes).
 */
#include "model/zbdd.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static uint64_t node_hash(int32_t v, int32_t lo, int32_t hi)
{
    return hs_mix64(((uint64_t)(uint32_t)v << 40) ^ ((uint64_t)(uint32_t)lo << 20) ^
                    (uint64_t)(uint32_t)hi * 0x9E3779B97F4A7C15ull);
}

int hs_zbdd_init(hs_zbdd *z, int32_t terminal_var, long limit)
{
    memset(z, 0, sizeof *z);
    z->cap = 1024;
    z->var = malloc((size_t)z->cap * sizeof *z->var);
    z->lo = malloc((size_t)z->cap * sizeof *z->lo);
    z->hi = malloc((size_t)z->cap * sizeof *z->hi);
    z->tmask = 4096 - 1;
    z->table = malloc(4096 * sizeof *z->table);
    z->cmask = 4096 - 1;
    z->cache_key = malloc(4096 * sizeof *z->cache_key);
    z->cache_val = malloc(4096 * sizeof *z->cache_val);
    z->omask = 4096 - 1;
    z->ops = malloc(4096 * sizeof *z->ops);
    if (!z->var || !z->lo || !z->hi || !z->table || !z->cache_key || !z->cache_val || !z->ops) {
        hs_zbdd_free(z);
        return -1;
    }
    memset(z->table, 0xff, 4096 * sizeof *z->table);
    memset(z->cache_key, 0xff, 4096 * sizeof *z->cache_key);
    memset(z->ops, 0xff, 4096 * sizeof *z->ops);
    z->terminal_var = terminal_var;
    z->limit = limit;
    for (int i = 0; i < 2; i++) {
        z->var[i] = terminal_var;
        z->lo[i] = z->hi[i] = i;
    }
    z->n = 2;
    return 0;
}

void hs_zbdd_free(hs_zbdd *z)
{
    free(z->var);
    free(z->lo);
    free(z->hi);
    free(z->table);
    free(z->cache_key);
    free(z->cache_val);
    free(z->ops);
    memset(z, 0, sizeof *z);
}

static int grow(hs_zbdd *z)
{
    if (z->limit > 0 && z->n >= z->limit)
        return -1;
    if (z->n == z->cap) {
        if (z->cap > (1 << 29))
            return -1;
        int32_t nc = z->cap * 2;
        int32_t *v = realloc(z->var, (size_t)nc * sizeof *v);
        if (!v)
            return -1;
        z->var = v;
        int32_t *l = realloc(z->lo, (size_t)nc * sizeof *l);
        if (!l)
            return -1;
        z->lo = l;
        int32_t *h = realloc(z->hi, (size_t)nc * sizeof *h);
        if (!h)
            return -1;
        z->hi = h;
        z->cap = nc;
    }
    if ((int64_t)z->n * 2 > z->tmask) {
        int64_t size = (z->tmask + 1) * 2;
        int32_t *t = malloc((size_t)size * sizeof *t);
        int64_t *ck = malloc((size_t)size * sizeof *ck);
        int32_t *cv = malloc((size_t)size * sizeof *cv);
        hs_zbdd_op *ops = malloc((size_t)size * sizeof *ops);
        if (!t || !ck || !cv || !ops) {
            free(t);
            free(ck);
            free(cv);
            free(ops);
            return -1;
        }
        memset(ops, 0xff, (size_t)size * sizeof *ops);
        free(z->ops);
        z->ops = ops;
        z->omask = size - 1;
        memset(t, 0xff, (size_t)size * sizeof *t);
        memset(ck, 0xff, (size_t)size * sizeof *ck);
        for (int32_t i = 2; i < z->n; i++) {
            uint64_t j = node_hash(z->var[i], z->lo[i], z->hi[i]) & (uint64_t)(size - 1);
            while (t[j] >= 0)
                j = (j + 1) & (uint64_t)(size - 1);
            t[j] = i;
        }
        free(z->table);
        free(z->cache_key);
        free(z->cache_val);
        z->table = t;
        z->cache_key = ck;
        z->cache_val = cv;
        z->tmask = z->cmask = size - 1;
    }
    return 0;
}

int32_t hs_zbdd_node(hs_zbdd *z, int32_t v, int32_t lo, int32_t hi)
{
    if (lo < 0 || hi < 0)
        return -1;
    if (hi == 0)
        return lo;
    uint64_t j = node_hash(v, lo, hi) & (uint64_t)z->tmask;
    for (;; j = (j + 1) & (uint64_t)z->tmask) {
        int32_t i = z->table[j];
        if (i < 0)
            break;
        if (z->var[i] == v && z->lo[i] == lo && z->hi[i] == hi)
            return i;
    }
    if (grow(z)) {
        z->oom = 1;
        return -1;
    }
    int32_t i = z->n++;
    z->var[i] = v;
    z->lo[i] = lo;
    z->hi[i] = hi;
    j = node_hash(v, lo, hi) & (uint64_t)z->tmask;
    while (z->table[j] >= 0)
        j = (j + 1) & (uint64_t)z->tmask;
    z->table[j] = i;
    return i;
}

static bool has_empty(const hs_zbdd *z, int32_t f)
{
    while (f > 1)
        f = z->lo[f];
    return f == 1;
}

int32_t hs_zbdd_without(hs_zbdd *z, int32_t f, int32_t g)
{
    if (f < 0 || g < 0)
        return -1;
    if (f == 0 || g == 1 || f == g)
        return 0;
    if (g == 0)
        return f;
    if (f == 1)
        return has_empty(z, g) ? 0 : 1;
    int64_t key = ((int64_t)f << 32) | (uint32_t)g;
    uint64_t slot = hs_mix64((uint64_t)key) & (uint64_t)z->cmask;
    if (z->cache_key[slot] == key)
        return z->cache_val[slot];
    int32_t vf = z->var[f], vg = z->var[g], r;
    if (vf < vg) {
        int32_t lo = hs_zbdd_without(z, z->lo[f], g);
        int32_t hi = hs_zbdd_without(z, z->hi[f], g);
        r = hs_zbdd_node(z, vf, lo, hi);
    } else if (vf > vg) {
        r = hs_zbdd_without(z, f, z->lo[g]);
    } else {
        int32_t lo = hs_zbdd_without(z, z->lo[f], z->lo[g]);
        int32_t hi = hs_zbdd_without(z, z->hi[f], z->lo[g]);
        hi = hs_zbdd_without(z, hi, z->hi[g]);
        r = hs_zbdd_node(z, vf, lo, hi);
    }
    if (r >= 0) {
        /* The table may have been resized while recursing. */
        slot = hs_mix64((uint64_t)key) & (uint64_t)z->cmask;
        z->cache_key[slot] = key;
        z->cache_val[slot] = r;
    }
    return r;
}

/* Operation codes of the cache; a product's order budget rides along. */
enum { OP_UNION = 1, OP_MINIMAL = 2, OP_PRODUCT = 3, OP_TRUNCATE = 4 };
#define OP_CODE(op, k) ((int32_t)(op) | (int32_t)(k) << 3)

static uint64_t op_hash(int32_t op, int32_t f, int32_t g)
{
    return hs_mix64(((uint64_t)(uint32_t)op << 40) ^ ((uint64_t)(uint32_t)f << 20) ^
                    (uint64_t)(uint32_t)g * 0x9E3779B97F4A7C15ull);
}

static int32_t op_get(const hs_zbdd *z, int32_t op, int32_t f, int32_t g)
{
    const hs_zbdd_op *e = &z->ops[op_hash(op, f, g) & (uint64_t)z->omask];
    return e->op == op && e->f == f && e->g == g ? e->r : -2;
}

/* After the recursion: the cache may have been resized meanwhile. */
static int32_t op_put(hs_zbdd *z, int32_t op, int32_t f, int32_t g, int32_t r)
{
    if (r >= 0) {
        hs_zbdd_op *e = &z->ops[op_hash(op, f, g) & (uint64_t)z->omask];
        *e = (hs_zbdd_op){op, f, g, r};
    }
    return r;
}

int32_t hs_zbdd_union(hs_zbdd *z, int32_t f, int32_t g)
{
    if (f < 0 || g < 0)
        return -1;
    if (f == 0 || f == g)
        return g;
    if (g == 0)
        return f;
    if (f > g) {
        int32_t t = f;
        f = g;
        g = t;
    }
    int32_t r = op_get(z, OP_UNION, f, g);
    if (r != -2)
        return r;
    int32_t vf = z->var[f], vg = z->var[g];
    if (vf < vg)
        r = hs_zbdd_node(z, vf, hs_zbdd_union(z, z->lo[f], g), z->hi[f]);
    else if (vf > vg)
        r = hs_zbdd_node(z, vg, hs_zbdd_union(z, f, z->lo[g]), z->hi[g]);
    else
        r = hs_zbdd_node(z, vf, hs_zbdd_union(z, z->lo[f], z->lo[g]),
                         hs_zbdd_union(z, z->hi[f], z->hi[g]));
    return op_put(z, OP_UNION, f, g, r);
}

int32_t hs_zbdd_min_union(hs_zbdd *z, int32_t f, int32_t g)
{
    /* A set in both is dropped from F here and kept from G. */
    int32_t a = hs_zbdd_without(z, f, g);
    return hs_zbdd_union(z, a, hs_zbdd_without(z, g, a));
}

/* The sets of F with at most K elements. */
static int32_t truncate(hs_zbdd *z, int32_t f, int k)
{
    if (f < 2)
        return f;
    if (k == 0)
        return has_empty(z, f) ? 1 : 0;
    int32_t r = op_get(z, OP_CODE(OP_TRUNCATE, k), f, 0);
    if (r != -2)
        return r;
    r = hs_zbdd_node(z, z->var[f], truncate(z, z->lo[f], k), truncate(z, z->hi[f], k - 1));
    return op_put(z, OP_CODE(OP_TRUNCATE, k), f, 0, r);
}

int32_t hs_zbdd_product(hs_zbdd *z, int32_t f, int32_t g, int k)
{
    if (f < 0 || g < 0)
        return -1;
    if (f == 0 || g == 0)
        return 0;
    if (f == 1)
        return truncate(z, g, k);
    if (g == 1)
        return truncate(z, f, k);
    if (k == 0)
        return has_empty(z, f) && has_empty(z, g) ? 1 : 0;
    if (f > g) {
        int32_t t = f;
        f = g;
        g = t;
    }
    int32_t code = OP_CODE(OP_PRODUCT, k);
    int32_t r = op_get(z, code, f, g);
    if (r != -2)
        return r;
    int32_t vf = z->var[f], vg = z->var[g];
    if (vf < vg) {
        r = hs_zbdd_node(z, vf, hs_zbdd_product(z, z->lo[f], g, k),
                         hs_zbdd_product(z, z->hi[f], g, k - 1));
    } else if (vf > vg) {
        r = hs_zbdd_node(z, vg, hs_zbdd_product(z, f, z->lo[g], k),
                         hs_zbdd_product(z, f, z->hi[g], k - 1));
    } else {
        /* v·(f1·g1 + f1·g0 + f0·g1) + f0·g0 */
        int32_t hh = hs_zbdd_product(z, z->hi[f], z->hi[g], k - 1);
        int32_t hl = hs_zbdd_product(z, z->hi[f], z->lo[g], k - 1);
        int32_t lh = hs_zbdd_product(z, z->lo[f], z->hi[g], k - 1);
        int32_t hi = hs_zbdd_union(z, hs_zbdd_union(z, hh, hl), lh);
        r = hs_zbdd_node(z, vf, hs_zbdd_product(z, z->lo[f], z->lo[g], k), hi);
    }
    return op_put(z, code, f, g, r);
}

int32_t hs_zbdd_minimal(hs_zbdd *z, int32_t f)
{
    if (f < 2)
        return f;
    int32_t r = op_get(z, OP_MINIMAL, f, 0);
    if (r != -2)
        return r;
    int32_t lo = hs_zbdd_minimal(z, z->lo[f]);
    int32_t hi = hs_zbdd_without(z, hs_zbdd_minimal(z, z->hi[f]), lo);
    r = hs_zbdd_node(z, z->var[f], lo, hi);
    return op_put(z, OP_MINIMAL, f, 0, r);
}

/* Memo of hs_zbdd_union_prob(): P(up(F)) per node, -1 when not known yet;
 * grows with the manager, since the unions make new nodes. */
typedef struct up_memo {
    double *p;
    int32_t cap;
} up_memo;

static int up_room(up_memo *m, int32_t need)
{
    if (need < m->cap)
        return 0;
    int32_t nc = m->cap ? m->cap : 1024;
    while (nc <= need)
        nc = nc > INT32_MAX / 2 ? INT32_MAX : nc * 2;
    double *p = realloc(m->p, (size_t)nc * sizeof *p);
    if (!p)
        return -1;
    for (int32_t i = m->cap; i < nc; i++)
        p[i] = -1.0;
    m->p = p;
    m->cap = nc;
    return 0;
}

/* Sets through F's variable v may use it or not: when v has failed, a set
 * of lo or of hi suffices; when it works, only a set of lo. */
static double up_prob(hs_zbdd *z, up_memo *m, int32_t f, const double *qv)
{
    if (f <= 1)
        return f < 0 ? NAN : (double)f;
    if (up_room(m, f))
        return NAN;
    if (m->p[f] >= 0.0)
        return m->p[f];
    int32_t v = z->var[f], lo = z->lo[f], hi = z->hi[f];
    int32_t either = hs_zbdd_union(z, lo, hi);
    double p_lo = up_prob(z, m, lo, qv);
    double p_either = up_prob(z, m, either, qv);
    double p = qv[v] * p_either + (1.0 - qv[v]) * p_lo;
    if (isnan(p))
        return NAN;
    m->p[f] = p; /* f < m->cap since the check above; the memo only grows */
    return p;
}

double hs_zbdd_union_prob(hs_zbdd *z, int32_t f, const double *qv)
{
    up_memo m = {NULL, 0};
    double p = up_prob(z, &m, f, qv);
    free(m.p);
    return p;
}
