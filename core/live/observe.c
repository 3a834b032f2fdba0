/* live/observe.c — what the history says of a name (see observe.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "live/evidence.h"
#include "live/observe.h"

static const char *state_of(const struct hs_hist_record *r, enum hs_hist_kind kind,
                            const char *name)
{
    for (size_t i = 0; i < r->n[kind]; i++)
        if (strcmp(r->e[kind][i].name, name) == 0)
            return r->e[kind][i].state;
    return NULL;
}

/* One name's observation while the records go by. */
struct obs_run {
    double run_start, run_total;
};

/* A record's state c (1 up, 0 down, -1 unknown) for one name, from its
 * time t until the next record (at most max_gap), clipped to [from, to]. */
static void observe_step(double t, double until, int c, double from, double to, double max_gap,
                         struct obs_run *r, struct hs_observed *out)
{
    double a = t, b = until, seg_end;
    if (b - a > max_gap)
        b = a + max_gap;
    if (b > to)
        b = to;
    seg_end = b;
    if (a < from)
        a = from;
    if (c == 0 && r->run_start < 0) {
        r->run_start = t;
        if (r->run_start >= from)
            out->outages++;
    }
    if (c != 0 && r->run_start >= 0) {
        double len = t - r->run_start;
        if (r->run_start >= from) {
            r->run_total += len;
            if (len > out->outage_max)
                out->outage_max = len;
        }
        r->run_start = -1;
    }
    if (seg_end <= a)
        return;
    if (c == 1)
        out->up += seg_end - a;
    else if (c == 0)
        out->down += seg_end - a;
    else
        out->unknown += seg_end - a;
}

static void observe_finish(struct obs_run *r, double from, double to, struct hs_observed *out)
{
    if (r->run_start >= from && r->run_start >= 0) {
        /* still down at the end of the window */
        double len = to - r->run_start;
        r->run_total += len;
        if (len > out->outage_max)
            out->outage_max = len;
    }
    out->unobserved = (to - from) - out->up - out->down - out->unknown;
    if (out->unobserved < 0)
        out->unobserved = 0;
    out->availability = out->up + out->down > 0 ? out->up / (out->up + out->down) : NAN;
    out->outage_mean = out->outages ? r->run_total / out->outages : 0;
    hs_observed_support(out, to - from, NAN);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(((const struct hs_hist_ref *)a)->name, ((const struct hs_hist_ref *)b)->name);
}

static int cmp_ptr(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const struct hs_hist_ref *)a)->name;
    uintptr_t y = (uintptr_t)((const struct hs_hist_ref *)b)->name;
    return x < y ? -1 : x > y;
}

int hs_hist_index_init(struct hs_hist_index *ix, struct hs_intern *in, const char *const *names,
                       size_t n)
{
    memset(ix, 0, sizeof *ix);
    ix->n = n;
    ix->by_name = calloc(n + 1, sizeof *ix->by_name);
    ix->by_ptr = calloc(n + 1, sizeof *ix->by_ptr);
    if (!ix->by_name || !ix->by_ptr)
        return -1;
    for (size_t k = 0; k < n; k++) {
        ix->by_name[k] = (struct hs_hist_ref){names[k], k};
        /* interned now, a name matches the records read later by pointer */
        if (in) {
            const char *p = hs_intern_get(in, names[k], strlen(names[k]));
            if (!p)
                return -1;
            ix->by_ptr[ix->nptr++] = (struct hs_hist_ref){p, k};
        }
    }
    qsort(ix->by_name, n, sizeof *ix->by_name, cmp_name);
    qsort(ix->by_ptr, ix->nptr, sizeof *ix->by_ptr, cmp_ptr);
    return 0;
}

size_t hs_hist_index_find(struct hs_hist_index *ix, const struct hs_hist_record *rec,
                          enum hs_hist_kind kind, size_t e)
{
    struct hs_hist_ref key = {rec->e[kind][e].name, 0}, *f;
    /* records of one history list their entries in the same order: the
       position's last answer first, a pointer test for interned names */
    if (e < ix->nhint && ix->hint[e] < ix->n &&
        (rec->interned ? ix->hint_name[e] == key.name : strcmp(ix->hint_name[e], key.name) == 0))
        return ix->hint[e];
    f = rec->interned ? bsearch(&key, ix->by_ptr, ix->nptr, sizeof *ix->by_ptr, cmp_ptr)
                      : bsearch(&key, ix->by_name, ix->n, sizeof *ix->by_name, cmp_name);
    if (!f)
        return SIZE_MAX;
    if (e >= ix->nhint) {
        size_t grow = e + 64, *hs = realloc(ix->hint, grow * sizeof *hs);
        const char **hn;
        if (!hs)
            return f->i; /* no room for the cache: still right, only slower */
        ix->hint = hs;
        if (!(hn = realloc(ix->hint_name, grow * sizeof *hn)))
            return f->i;
        ix->hint_name = hn;
        for (size_t k = ix->nhint; k < grow; k++)
            ix->hint[k] = SIZE_MAX;
        ix->nhint = grow;
    }
    ix->hint[e] = f->i;
    ix->hint_name[e] = key.name;
    return f->i;
}

void hs_hist_index_free(struct hs_hist_index *ix)
{
    free(ix->by_name);
    free(ix->by_ptr);
    free(ix->hint);
    free(ix->hint_name);
    memset(ix, 0, sizeof *ix);
}

int hs_observer_init(struct hs_observer *ob, struct hs_intern *in, enum hs_hist_kind kind,
                     const char *const *names, size_t n, const double *from, size_t nwin, double to,
                     double max_gap, struct hs_observed *out)
{
    memset(ob, 0, sizeof *ob);
    *ob = (struct hs_observer){
        .kind = kind, .n = n, .nwin = nwin, .from = from, .to = to, .max_gap = max_gap, .out = out};
    ob->runs = calloc(n * nwin + 1, sizeof *ob->runs);
    ob->stamp = calloc(n + 1, sizeof *ob->stamp);
    if (hs_hist_index_init(&ob->ix, in, names, n) < 0 || !ob->runs || !ob->stamp) {
        hs_observer_free(ob);
        return -1;
    }
    for (size_t k = 0; k < n * nwin; k++) {
        memset(&out[k], 0, sizeof out[k]);
        ob->runs[k] = (struct obs_run){-1, 0};
    }
    return 0;
}

/* Name k's state c in a record at t, in every window. */
static void step_all(struct hs_observer *ob, size_t k, int c, double t, double until)
{
    for (size_t w = 0; w < ob->nwin; w++)
        observe_step(t, until, c, ob->from[w], ob->to, ob->max_gap, &ob->runs[k * ob->nwin + w],
                     &ob->out[k * ob->nwin + w]);
}

int hs_observer_sink(void *ctx, const struct hs_hist_record *rec, double until, hs_error *err)
{
    struct hs_observer *ob = ctx;
    const size_t mark = ++ob->rec;
    (void)err;
    /* each entry finds its name through the index; a name absent from a
       record is unknown for that record */
    for (size_t e = 0; e < rec->n[ob->kind]; e++) {
        size_t f = hs_hist_index_find(&ob->ix, rec, ob->kind, e);
        if (f == SIZE_MAX || ob->stamp[f] == mark)
            continue; /* not asked for, or a repeated entry: the first counts */
        ob->stamp[f] = mark;
        step_all(ob, f, hs_hist_classify(rec->e[ob->kind][e].state), rec->t, until);
    }
    for (size_t k = 0; k < ob->n; k++)
        if (ob->stamp[k] != mark)
            step_all(ob, k, -1, rec->t, until);
    return 0;
}

void hs_observer_finish(struct hs_observer *ob)
{
    for (size_t k = 0; k < ob->n; k++)
        for (size_t w = 0; w < ob->nwin; w++)
            observe_finish(&ob->runs[k * ob->nwin + w], ob->from[w], ob->to,
                           &ob->out[k * ob->nwin + w]);
    hs_observer_free(ob);
}

void hs_observer_free(struct hs_observer *ob)
{
    hs_hist_index_free(&ob->ix);
    free(ob->runs);
    free(ob->stamp);
    ob->runs = NULL;
    ob->stamp = NULL;
}

int hs_history_observe_many(const struct hs_history *h, enum hs_hist_kind kind,
                            const char *const *names, size_t n, double from, double to,
                            double max_gap, struct hs_observed *out)
{
    struct hs_observer ob;
    struct hs_hist_sink sink = {hs_observer_sink, &ob};
    struct hs_hist_scan s = {.since = 0, .end = to, .sinks = &sink, .nsinks = 1};
    hs_error err;
    if (hs_observer_init(&ob, h->names, kind, names, n, &from, 1, to, max_gap, out) < 0)
        return -1;
    s.names = h->names;
    hs_history_scan_mem(h, &s, &err); /* the observer never fails */
    hs_observer_finish(&ob);
    return 0;
}

void hs_history_observe(const struct hs_history *h, enum hs_hist_kind kind, const char *name,
                        double from, double to, double max_gap, struct hs_observed *out)
{
    struct obs_run r = {-1, 0};
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < h->n; i++)
        observe_step(h->recs[i].t, i + 1 < h->n ? h->recs[i + 1].t : to,
                     hs_hist_classify(state_of(&h->recs[i], kind, name)), from, to, max_gap, &r,
                     out);
    observe_finish(&r, from, to, out);
}

void hs_observed_support(struct hs_observed *o, double window, double mttr_hint_s)
{
    struct hs_avail_interval iv;
    hs_avail_interval(o->outages, o->up, o->down, window, mttr_hint_s, &iv);
    o->enough = iv.enough;
    o->coverage = iv.coverage;
    o->avail_low = iv.low;
    o->avail_high = iv.high;
    o->rate_high = iv.rate_high;
}
