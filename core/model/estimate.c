/*
 * core/model/estimate.c — Monte Carlo estimate of P(top) with a 95 %
 * interval (see estimate.h).
 */
#include "model/estimate.h"
#include "model/circuit.h"
#include "model/mcs.h"
#include "model/rng.h"

#include <math.h>
#include <stdlib.h>

#define NEVER INT64_MAX

/* Sample index of the first failure at or after FROM of an event whose
 * failure probability q has INV = 1 / log(1 - q): FROM plus a geometric
 * number of samples without one, drawn by inversion (NEVER for q = 0,
 * whose INV is 0; q = 1 is drawn apart). */
static int64_t next_failure(hs_rng *r, double inv, int64_t from)
{
    double k = floor(log(hs_rng_uniform(r)) * inv);
    return k >= 9e18 || (int64_t)k > NEVER - from ? NEVER : from + (int64_t)k;
}

/* Bits of samples [base, base + 64) in which the event fails; moves *next
 * on. */
static uint64_t draw(hs_rng *r, double q, double inv, int64_t base, int64_t *next)
{
    uint64_t w = 0;
    if (q >= 1)
        return ~0ull;
    while (*next < base + 64) {
        w |= 1ull << (*next - base);
        *next = next_failure(r, inv, *next + 1);
    }
    return w;
}

/* Value of literal L over the 64 lanes. */
static uint64_t lit_val(const uint64_t *val, int l)
{
    uint64_t v = val[HS_LIT_NODE(l)];
    return HS_LIT_NEG(l) ? ~v : v;
}

/* At least K of the inputs true, lane by lane: cnt[j] holds the lanes
 * with at least j inputs true so far (j <= k). CNT has room for k + 1. */
static uint64_t at_least(const hs_circuit *c, const hs_circ_gate *g, const uint64_t *val,
                         uint64_t *cnt)
{
    cnt[0] = ~0ull;
    for (int j = 1; j <= g->k; j++)
        cnt[j] = 0;
    for (int i = 0; i < g->n; i++) {
        uint64_t x = lit_val(val, c->in[g->first + i]);
        for (int j = g->k; j >= 1; j--)
            cnt[j] |= cnt[j - 1] & x;
    }
    return cnt[g->k];
}

/* Every gate of C over the 64 lanes in VAL (events already drawn). */
static void eval_gates(const hs_circuit *c, uint64_t *val, uint64_t *cnt)
{
    for (int x = hs_circ_first_gate(c); x < c->n_nodes; x++) {
        const hs_circ_gate *g = hs_circ_gate_of(c, x);
        uint64_t v;
        if (g->op == HS_CIRC_ATLEAST) {
            v = at_least(c, g, val, cnt);
        } else if (g->op == HS_CIRC_AND) {
            v = ~0ull;
            for (int i = 0; i < g->n; i++)
                v &= lit_val(val, c->in[g->first + i]);
        } else {
            v = 0;
            for (int i = 0; i < g->n; i++)
                v |= lit_val(val, c->in[g->first + i]);
        }
        val[x] = v;
    }
}

/* The 95 % Wilson score interval of H hits in N samples. */
static void wilson(long long h, long long n, double *lo, double *hi)
{
    double z = 1.959963984540054, z2 = z * z, p = (double)h / (double)n, nn = (double)n;
    double den = 1 + z2 / nn, mid = (p + z2 / (2 * nn)) / den;
    double half = z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / den;
    *lo = h == 0 ? 0 : fmax(0, mid - half);
    *hi = h == n ? 1 : fmin(1, mid + half);
}

/* Of the lanes FAIL, those in which one of the cut sets of K fails (the
 * most probable first: most lanes are settled by the first few). */
static uint64_t known_failed(const struct hs_mcs_result *k, const uint64_t *val, uint64_t fail)
{
    uint64_t any = 0;
    for (long s = 0; s < k->n_held && (any & fail) != fail; s++) {
        uint64_t all = ~0ull;
        for (int i = 0; i < k->sets[s].n; i++)
            all &= val[k->sets[s].events[i] + 1]; /* event e is node e + 1 */
        any |= all;
    }
    return any & fail;
}

/* Draws SAMPLES (a multiple of 64) over circuit C and counts the lanes
 * that fail top literal TOP_LIT and none of the sets of KNOWN (NULL: every
 * lane failing the top). VAL, NEXT and INV are the caller's scratch. */
static long long count_hits(const hs_circuit *c, int top_lit, const double *q,
                            const struct hs_mcs_result *known, long long samples, uint64_t seed,
                            uint64_t *val, uint64_t *cnt, int64_t *next, double *inv)
{
    hs_rng r;
    hs_rng_seed(&r, seed, 0);
    for (int e = 0; e < c->n_events; e++) {
        /* q = 0: log(U)·0 = 0 would fail every sample; never instead */
        inv[e] = q[e] > 0 && q[e] < 1 ? 1 / log1p(-q[e]) : 0;
        next[e] = q[e] > 0 && q[e] < 1 ? next_failure(&r, inv[e], 0) : NEVER;
    }
    val[0] = ~0ull; /* node 0: TRUE */
    long long hits = 0;
    for (int64_t base = 0; base < samples; base += 64) {
        for (int e = 0; e < c->n_events; e++)
            val[e + 1] = draw(&r, q[e], inv[e], base, &next[e]);
        eval_gates(c, val, cnt);
        uint64_t fail = lit_val(val, top_lit);
        if (known && fail)
            fail &= ~known_failed(known, val, fail);
        hits += __builtin_popcountll(fail);
    }
    return hits;
}

int hs_mc_estimate_beyond(const hs_model *m, int top, const double *q,
                          const struct hs_mcs_result *known, long long samples, uint64_t seed,
                          hs_mc_estimate *out, hs_error *err)
{
    int rc = -1, kmax = 1;
    hs_circuit *c = NULL;
    uint64_t *val = NULL, *cnt = NULL;
    int64_t *next = NULL;
    double *inv = NULL;
    if (known && ((double)known->n_held != known->count || !isfinite(known->union_p)))
        known = NULL; /* not all of them at hand: nothing is known exactly */
    if (hs_circuit_build(m, &c, err))
        return -1;
    for (int x = hs_circ_first_gate(c); x < c->n_nodes; x++)
        if (hs_circ_gate_of(c, x)->k > kmax)
            kmax = hs_circ_gate_of(c, x)->k;
    val = malloc((size_t)c->n_nodes * sizeof *val);
    cnt = malloc(((size_t)kmax + 1) * sizeof *cnt);
    next = malloc(((size_t)c->n_events + 1) * sizeof *next);
    inv = malloc(((size_t)c->n_events + 1) * sizeof *inv);
    if (!val || !cnt || !next || !inv) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    if (samples <= 0)
        samples = HS_MC_DEFAULT_SAMPLES;
    samples = (samples + 63) / 64 * 64;
    long long hits = count_hits(c, c->top[top], q, known, samples, seed, val, cnt, next, inv);
    double k = known ? known->union_p : 0;
    *out = (hs_mc_estimate){k + (double)hits / (double)samples, 0, 0, samples, hits, seed, k,
                            known ? known->n_held : 0};
    wilson(hits, samples, &out->lo, &out->hi);
    out->lo = fmin(1, k + out->lo);
    out->hi = fmin(1, k + out->hi);
    out->p = fmin(1, out->p);
    rc = 0;
out:
    free(val);
    free(cnt);
    free(next);
    free(inv);
    hs_circuit_free(c);
    return rc;
}

int hs_mc_estimate_top(const hs_model *m, int top, const double *q, long long samples,
                       uint64_t seed, hs_mc_estimate *out, hs_error *err)
{
    return hs_mc_estimate_beyond(m, top, q, NULL, samples, seed, out, err);
}
