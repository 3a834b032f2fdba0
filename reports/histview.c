/* histview.c — the report's one pass over the history: each service's and
 * component's observed windows, the calibration of the model's rates, and
 * the services' state timeline, all fed from one stream of the records
 * (live/histstream.h), so a month of records costs running sums, not the
 * month in memory. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "live/observe.h"
#include "reports/report.h"

#define TIMELINE_SPAN (7 * 86400.0)

/* A model component's MTTR in seconds from its q and lambda
 * (q = lambda / (lambda + mu)), NaN when the model has none. */
static double mttr_of(const struct hs_live_component *c)
{
    double mu;
    if (!(c->lambda > 0) || !(c->q > 0) || !(c->q < 1))
        return NAN;
    mu = c->lambda * (1.0 - c->q) / c->q;
    return 3600.0 / mu;
}

/* The services' states over the last 7 days, as runs of one state. */
struct timeline {
    struct hs_report_timeline *t; /* per service, borrowed */
    struct hs_hist_index ix;
    double from, max_gap;
};

static int add_seg(struct hs_report_timeline *t, double a, double b, const char *state)
{
    struct hs_report_seg *last = t->n ? &t->segs[t->n - 1] : NULL;
    if (last && last->b == a && !strcmp(last->state, state)) {
        last->b = b; /* the same state, without a gap: one run */
        return 0;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        struct hs_report_seg *s = realloc(t->segs, cap * sizeof *s);
        if (!s)
            return -1;
        t->segs = s;
        t->cap = cap;
    }
    t->segs[t->n].a = a;
    t->segs[t->n].b = b;
    snprintf(t->segs[t->n].state, sizeof t->segs[t->n].state, "%s", state);
    t->n++;
    return 0;
}

static int timeline_sink(void *ctx, const struct hs_hist_record *rec, double until, hs_error *err)
{
    struct timeline *tl = ctx;
    double a = rec->t < tl->from ? tl->from : rec->t;
    double b = until - rec->t > tl->max_gap ? rec->t + tl->max_gap : until;
    if (b <= a)
        return 0;
    for (size_t e = 0; e < rec->n[HS_HIST_SERVICE]; e++) {
        size_t f = hs_hist_index_find(&tl->ix, rec, HS_HIST_SERVICE, e);
        if (f != SIZE_MAX && add_seg(&tl->t[f], a, b, rec->e[HS_HIST_SERVICE][e].state) < 0) {
            hs_error_set(err, "history: out of memory");
            return -1;
        }
    }
    return 0;
}

/* Everything one pass fills, and what it needs while the records go by. */
struct view {
    const char **snames, **cnames; /* borrowed from the live view */
    double from[HS_NWINDOWS];
    struct hs_observed *sobs; /* per service and window */
    struct hs_observer svc, comp;
    struct hs_calibrator cal;
    struct timeline tl;
    struct hs_intern *names;
};

static int view_begin(struct view *v, struct hs_report *r, double max_gap, hs_error *err)
{
    const struct hs_live *lv = r->live;
    const double to = r->now, span = hs_windows[HS_NWINDOWS - 1];
    size_t ns = lv->nservices, nc = lv->ncomps;
    v->names = hs_intern_new();
    v->snames = calloc(ns + 1, sizeof *v->snames);
    v->cnames = calloc(nc + 1, sizeof *v->cnames);
    v->sobs = calloc((ns + 1) * HS_NWINDOWS, sizeof *v->sobs);
    r->timeline = calloc(ns + 1, sizeof *r->timeline);
    r->ntimeline = r->timeline ? ns : 0;
    if (!v->names || !v->snames || !v->cnames || !v->sobs || !r->timeline)
        goto oom;
    for (size_t s = 0; s < ns; s++)
        v->snames[s] = lv->services[s].name;
    for (size_t c = 0; c < nc; c++)
        v->cnames[c] = lv->comps[c].name;
    for (int w = 0; w < HS_NWINDOWS; w++)
        v->from[w] = to - hs_windows[w];
    v->tl = (struct timeline){r->timeline, {0}, to - TIMELINE_SPAN, max_gap};
    if (hs_observer_init(&v->svc, v->names, HS_HIST_SERVICE, v->snames, ns, v->from, HS_NWINDOWS,
                         to, max_gap, v->sobs) < 0 ||
        hs_observer_init(&v->comp, v->names, HS_HIST_COMPONENT, v->cnames, nc, v->from, HS_NWINDOWS,
                         to, max_gap, &r->comp_obs[0][0]) < 0 ||
        hs_hist_index_init(&v->tl.ix, v->names, v->snames, ns) < 0)
        goto oom;
    return hs_calib_begin(&v->cal, lv, v->names, to - span, to, max_gap, HS_CALIB_STRENGTH,
                          &r->calib, err);
oom:
    hs_error_set(err, "out of memory");
    return -1;
}

/* Free what the pass needed (observers and calibrator already finished
 * or freed: freeing them twice is harmless). */
static void view_free(struct view *v)
{
    hs_observer_free(&v->svc);
    hs_observer_free(&v->comp);
    hs_calibrator_free(&v->cal);
    hs_hist_index_free(&v->tl.ix);
    hs_intern_free(v->names);
    free(v->snames);
    free(v->cnames);
    free(v->sobs);
}

/* The figures of a completed pass into r. */
static void view_finish(struct view *v, struct hs_report *r)
{
    const struct hs_live *lv = r->live;
    hs_observer_finish(&v->svc);
    hs_observer_finish(&v->comp);
    hs_calib_end(&v->cal);
    for (size_t s = 0; s < lv->nservices; s++)
        for (int w = 0; w < HS_NWINDOWS; w++)
            r->services[s].obs[w] = v->sobs[s * HS_NWINDOWS + (size_t)w];
    /* a clean record bounds availability through the model's MTTR */
    for (size_t c = 0; c < lv->ncomps; c++)
        for (int w = 0; w < HS_NWINDOWS; w++)
            hs_observed_support(&r->comp_obs[c][w], hs_windows[w], mttr_of(&lv->comps[c]));
}

/* A history that could not be read leaves the report as without one. */
static void drop_history(struct hs_report *r, const char *why)
{
    const struct hs_live *lv = r->live;
    for (size_t s = 0; s < lv->nservices; s++)
        for (int w = 0; w < HS_NWINDOWS; w++)
            hs_report_no_record(&r->services[s].obs[w]);
    for (size_t c = 0; c < lv->ncomps; c++)
        for (int w = 0; w < HS_NWINDOWS; w++)
            hs_report_no_record(&r->comp_obs[c][w]);
    hs_calib_free(&r->calib);
    hs_report_timeline_free(r);
    r->history = NULL;
    r->history_records = 0;
    free(r->history_warning);
    r->history_warning = NULL;
    if (asprintf(&r->history_warning, "history not read: %s", why) < 0)
        r->history_warning = NULL;
}

int hs_report_read_history(struct hs_report *r, double max_gap)
{
    struct view v;
    struct hs_hist_sink sinks[4];
    struct hs_hist_scan s;
    hs_error err;
    int rc;

    memset(&v, 0, sizeof v);
    memset(&s, 0, sizeof s);
    hs_error_clear(&err);
    if (!r->live || !r->history)
        return 0;
    if (view_begin(&v, r, max_gap, &err) < 0) {
        view_free(&v);
        drop_history(r, err.msg);
        return -1;
    }
    sinks[0] = (struct hs_hist_sink){hs_observer_sink, &v.svc};
    sinks[1] = (struct hs_hist_sink){hs_observer_sink, &v.comp};
    sinks[2] = (struct hs_hist_sink){hs_calib_sink, &v.cal};
    sinks[3] = (struct hs_hist_sink){timeline_sink, &v.tl};
    s.since = r->now - hs_windows[HS_NWINDOWS - 1];
    s.end = r->now;
    s.names = v.names;
    s.sinks = sinks;
    s.nsinks = 4;
    rc = hs_hist_source_scan(r->history, &s, &err);
    if (rc == 0) {
        view_finish(&v, r);
        r->history_records = s.records;
        if (s.warning[0] && !(r->history_warning = strdup(s.warning)))
            rc = -1;
    }
    view_free(&v);
    if (rc < 0)
        drop_history(r, err.msg[0] ? err.msg : "out of memory");
    return 0;
}
