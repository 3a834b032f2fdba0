/* live/calibrate.c — rates learned from the history (contract and the
 * statistics in calibrate.h). One pass over the records; each component
 * entry is found by binary search in the model's names. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "live/calibrate.h"
#include "live/evidence.h"

#define LO 0.05
#define HI 0.95

/* Per component while tallying. */
struct run {
    double last_t;      /* time of its last record, -1 before the first */
    int last;           /* last known state: 1 up, 0 down, -1 none */
    double outage_from; /* start of the current outage inside the window, -1 */
    double repair_h;
};

static int classify(const char *s)
{
    if (!strcmp(s, "UP") || !strcmp(s, "OK") || !strcmp(s, "WARNING") || !strcmp(s, "DEGRADED"))
        return 1;
    if (!strcmp(s, "DOWN") || !strcmp(s, "CRITICAL"))
        return 0;
    return -1;
}

/* One entry of component c at time t, its state held until `until`. */
static void step(struct hs_calib_comp *c, struct run *r, int s, double t, double until,
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

static void tally(struct hs_calib *cal, const struct hs_history *h, struct hs_hist_index *ix,
                  struct run *runs, double max_gap)
{
    for (size_t i = 0; i < h->n; i++) {
        const struct hs_hist_record *rec = &h->recs[i];
        double next = i + 1 < h->n ? h->recs[i + 1].t : cal->to;
        double until = next - rec->t > max_gap ? rec->t + max_gap : next;
        for (size_t k = 0; k < rec->n[HS_HIST_COMPONENT]; k++) {
            const struct hs_hist_entry *e = &rec->e[HS_HIST_COMPONENT][k];
            size_t f = hs_hist_index_find(ix, rec, HS_HIST_COMPONENT, k);
            if (f != SIZE_MAX)
                step(&cal->comps[f], &runs[f], classify(e->state), rec->t, until, cal, max_gap);
        }
    }
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

int hs_calibrate(const struct hs_live *lv, const struct hs_history *h, double from, double to,
                 double max_gap, double strength, struct hs_calib *out, hs_error *err)
{
    struct hs_hist_index ix;
    const char **names = NULL;
    struct run *runs = NULL;
    int rc = -1;

    memset(&ix, 0, sizeof ix);
    memset(out, 0, sizeof *out);
    out->from = from;
    out->to = to;
    out->strength = strength > 0 ? strength : HS_CALIB_STRENGTH;
    out->n = lv->ncomps;
    out->comps = calloc(out->n + 1, sizeof *out->comps);
    names = calloc(out->n + 1, sizeof *names);
    runs = calloc(out->n + 1, sizeof *runs);
    if (!out->comps || !names || !runs) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < out->n; i++) {
        const struct hs_live_component *lc = &lv->comps[i];
        struct hs_calib_comp *c = &out->comps[i];
        double mu = lc->lambda > 0 && lc->q > 0 && lc->q < 1 ? lc->lambda * (1 - lc->q) / lc->q : 0;
        c->name = lc->name;
        c->fail.assumed = lc->lambda > 0 ? 1.0 / lc->lambda : NAN;
        c->repair.assumed = mu > 0 ? 1.0 / mu : NAN;
        names[i] = lc->name;
        runs[i] = (struct run){-1, -1, -1, 0};
    }
    if (hs_hist_index_init(&ix, h, names, out->n) < 0) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    tally(out, h, &ix, runs, max_gap);
    for (size_t i = 0; i < out->n; i++) {
        struct hs_calib_comp *c = &out->comps[i];
        c->fail.exposure = c->up_h;
        c->repair.exposure = runs[i].repair_h;
        estimate(&c->fail, out->strength, 1);
        estimate(&c->repair, out->strength, 0);
    }
    rc = 0;
out:
    hs_hist_index_free(&ix);
    free(names);
    free(runs);
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
