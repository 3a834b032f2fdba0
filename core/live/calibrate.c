/* live/calibrate.c — rates learned from the history (contract and the
 * statistics in calibrate.h). A sink of the history stream; each component
 * entry is found through an index of the model's names. */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "live/calibrate.h"
#include "live/evidence.h"

#define LO 0.05
#define HI 0.95

/* Per component while tallying. */
struct hs_calib_run {
    double last_t;      /* time of its last record, -1 before the first */
    int last;           /* last known state: 1 up, 0 down, -1 none */
    double outage_from; /* start of the current outage inside the window, -1 */
    double repair_h;
};

/* One entry of component c at time t, its state held until `until`. */
static void step(struct hs_calib_comp *c, struct hs_calib_run *r, int s, double t, double until,
                 const struct hs_calib *cal, double max_gap)
{
    double a = t < cal->from ? cal->from : t, b = until > cal->to ? cal->to : until;
    if (r->last_t >= 0 && t - r->last_t > max_gap) {
        r->last = -1; /* a gap: no transition is known across it */
        r->outage_from = -1;
    }
    if (t >= cal->from && t <= cal->to) {
        if (r->last == 1 && s == 0) {
            c->fail.events++;
            r->outage_from = t;
        } else if (r->last == 0 && s == 1 && r->outage_from >= 0) {
            c->repair.events++;
            r->repair_h += (t - r->outage_from) / 3600.0;
            r->outage_from = -1;
        }
    }
    if (s >= 0)
        r->last = s;
    r->last_t = t;
    c->seen = 1;
    if (b > a && s == 1)
        c->up_h += (b - a) / 3600.0;
    else if (b > a && s == 0)
        c->down_h += (b - a) / 3600.0;
}

int hs_calib_sink(void *ctx, const struct hs_hist_record *rec, double until, hs_error *err)
{
    struct hs_calibrator *cb = ctx;
    double stop = until - rec->t > cb->max_gap ? rec->t + cb->max_gap : until;
    (void)err;
    for (size_t k = 0; k < rec->n[HS_HIST_COMPONENT]; k++) {
        const struct hs_hist_entry *e = &rec->e[HS_HIST_COMPONENT][k];
        size_t f = hs_hist_index_find(&cb->ix, rec, HS_HIST_COMPONENT, k);
        if (f != SIZE_MAX)
            step(&cb->out->comps[f], &cb->runs[f], hs_hist_classify(e->state), rec->t, stop,
                 cb->out, cb->max_gap);
    }
    return 0;
}

/* Estimates of one rate: `events` in `exposure` hours against the assumed
 * mean time (hours). Failures are counted in time (Poisson: the upper end
 * takes one more event); repairs are n durations summed (Gamma(n, mu)). */
static void estimate(struct hs_calib_rate *r, double strength, int counted)
{
    double n = r->events, T = r->exposure, lo, hi, rate0;
    r->obs = r->obs_lo = r->obs_hi = r->post = r->post_lo = r->post_hi = NAN;
    r->contradicts = 0;
    if (T > 0 && (counted || n > 0)) {
        lo = n > 0 ? hs_gamma_quantile(LO, n, T) : 0.0;
        hi = hs_gamma_quantile(HI, counted ? n + 1.0 : n, T);
        if (n > 0)
            r->obs = T / n;
        r->obs_lo = 1.0 / hi;
        r->obs_hi = lo > 0 ? 1.0 / lo : INFINITY;
    }
    if (!(r->assumed > 0) || !isfinite(r->assumed))
        return;
    rate0 = 1.0 / r->assumed;
    {
        double a = strength + n, b = strength * r->assumed + (T > 0 ? T : 0);
        r->post = b / a;
        r->post_lo = 1.0 / hs_gamma_quantile(HI, a, b);
        r->post_hi = 1.0 / hs_gamma_quantile(LO, a, b);
    }
    if (n > 0 && T > 0 && isfinite(r->obs_lo)) {
        double plo = hs_gamma_quantile(LO, strength, strength * r->assumed);
        double phi = hs_gamma_quantile(HI, strength, strength * r->assumed);
        double seen = n / T, dlo = 1.0 / r->obs_hi, dhi = 1.0 / r->obs_lo;
        r->contradicts = (seen < plo || seen > phi) && (rate0 < dlo || rate0 > dhi);
    } else if (counted && T > 0 && n == 0) {
        /* nothing happened: contradicts only an assumption of frequent events */
        double phi_data = 1.0 / r->obs_lo;
        r->contradicts =
            rate0 > phi_data && hs_gamma_quantile(LO, strength, strength * r->assumed) > phi_data;
    }
}

int hs_calib_begin(struct hs_calibrator *cb, const struct hs_live *lv, struct hs_intern *in,
                   double from, double to, double max_gap, double strength, struct hs_calib *out,
                   hs_error *err)
{
    memset(cb, 0, sizeof *cb);
    memset(out, 0, sizeof *out);
    cb->out = out;
    cb->max_gap = max_gap;
    out->from = from;
    out->to = to;
    out->strength = strength > 0 ? strength : HS_CALIB_STRENGTH;
    out->n = lv->ncomps;
    out->comps = calloc(out->n + 1, sizeof *out->comps);
    cb->names = calloc(out->n + 1, sizeof *cb->names);
    cb->runs = calloc(out->n + 1, sizeof *cb->runs);
    if (!out->comps || !cb->names || !cb->runs)
        goto oom;
    for (size_t i = 0; i < out->n; i++) {
        const struct hs_live_component *lc = &lv->comps[i];
        struct hs_calib_comp *c = &out->comps[i];
        double mu = lc->lambda > 0 && lc->q > 0 && lc->q < 1 ? lc->lambda * (1 - lc->q) / lc->q : 0;
        c->name = lc->name;
        c->fail.assumed = lc->lambda > 0 ? 1.0 / lc->lambda : NAN;
        c->repair.assumed = mu > 0 ? 1.0 / mu : NAN;
        cb->names[i] = lc->name;
        cb->runs[i] = (struct hs_calib_run){-1, -1, -1, 0};
    }
    if (hs_hist_index_init(&cb->ix, in, cb->names, out->n) < 0)
        goto oom;
    return 0;
oom:
    hs_calibrator_free(cb);
    hs_calib_free(out);
    hs_error_set(err, "out of memory");
    return -1;
}

void hs_calib_end(struct hs_calibrator *cb)
{
    struct hs_calib *out = cb->out;
    for (size_t i = 0; i < out->n; i++) {
        struct hs_calib_comp *c = &out->comps[i];
        c->fail.exposure = c->up_h;
        c->repair.exposure = cb->runs[i].repair_h;
        estimate(&c->fail, out->strength, 1);
        estimate(&c->repair, out->strength, 0);
    }
    hs_calibrator_free(cb);
}

void hs_calibrator_free(struct hs_calibrator *cb)
{
    hs_hist_index_free(&cb->ix);
    free(cb->names);
    free(cb->runs);
    cb->names = NULL;
    cb->runs = NULL;
}

int hs_calibrate(const struct hs_live *lv, const struct hs_history *h, double from, double to,
                 double max_gap, double strength, struct hs_calib *out, hs_error *err)
{
    struct hs_calibrator cb;
    struct hs_hist_sink sink = {hs_calib_sink, &cb};
    struct hs_hist_scan s = {.since = 0, .end = to, .names = h->names, .sinks = &sink, .nsinks = 1};
    if (hs_calib_begin(&cb, lv, h->names, from, to, max_gap, strength, out, err) < 0)
        return -1;
    hs_history_scan_mem(h, &s, err); /* the calibrator never fails */
    hs_calib_end(&cb);
    return 0;
}

int hs_calibrate_dir(const struct hs_live *lv, const char *dir, double from, double to,
                     double max_gap, double strength, struct hs_calib *out, char *warning,
                     size_t wlen, hs_error *err)
{
    struct hs_calibrator cb;
    struct hs_hist_sink sink = {hs_calib_sink, &cb};
    struct hs_hist_scan s = {.since = from, .end = to, .sinks = &sink, .nsinks = 1};
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (!(s.names = hs_intern_new())) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    if (hs_calib_begin(&cb, lv, s.names, from, to, max_gap, strength, out, err) < 0)
        goto out;
    if (hs_history_scan(dir, &s, err) < 0) {
        hs_calibrator_free(&cb);
        hs_calib_free(out);
        goto out;
    }
    hs_calib_end(&cb);
    snprintf(warning, wlen, "%s", s.warning);
    rc = 0;
out:
    hs_intern_free(s.names);
    return rc;
}

double hs_calib_disagreement(const struct hs_calib_comp *c)
{
    double d = 0;
    const struct hs_calib_rate *r[2] = {&c->fail, &c->repair};
    for (int k = 0; k < 2; k++) {
        double x;
        if (!r[k]->contradicts)
            continue;
        x = isfinite(r[k]->obs) ? fabs(log(r[k]->obs / r[k]->assumed))
                                : fabs(log(r[k]->obs_lo / r[k]->assumed));
        if (x > d)
            d = x;
    }
    return d;
}

void hs_calib_free(struct hs_calib *c)
{
    free(c->comps);
    memset(c, 0, sizeof *c);
}
