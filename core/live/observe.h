/* live/observe.h — what the history says of services, components and
 * targets: time up, down and unknown, outages, and the availability the
 * record supports (live/evidence.h). Observed while the records stream by
 * (hs_observer, a sink of live/histstream.h), or over records in memory. */
#ifndef HS_LIVE_OBSERVE_H
#define HS_LIVE_OBSERVE_H
#include <stddef.h>

#include "live/histstream.h"
#include "live/history.h"
#include "util/error.h"
#include "util/intern.h"

/* What the history says of one service/component/target over [from, to]. */
struct hs_observed {
    double up, down, unknown;       /* seconds observed in each (UP/OK/WARNING count as up;
                                 DOWN/CRITICAL as down; UNKNOWN as unknown) */
    double unobserved;              /* gaps longer than max_gap, before the first record */
    double availability;            /* up / (up + down); NaN when nothing was observed */
    int outages;                    /* maximal DOWN runs starting inside the window */
    double outage_mean, outage_max; /* seconds (0 when none) */
    /* what the record supports (live/evidence.h): enough data or not, the
     * share of the window observed, a 95 % interval for availability (low
     * NaN when a clean record cannot bound it), and with no outage the
     * upper bound of the outage rate per hour */
    int enough;
    double coverage, avail_low, avail_high, rate_high;
};

/* Each record's state holds until the next record, for at most max_gap
 * seconds (a longer gap is unobserved: cron stopped, the host was off). */
void hs_history_observe(const struct hs_history *h, enum hs_hist_kind kind, const char *name,
                        double from, double to, double max_gap, struct hs_observed *out);

/* An index of names asked for, to find a record's entries among them: by
 * pointer for interned records (a history that was loaded), by name
 * otherwise, the answer of each entry position cached. */
struct hs_hist_ref {
    const char *name;
    size_t i; /* index into the names asked for */
};
struct hs_hist_index {
    struct hs_hist_ref *by_name, *by_ptr;
    size_t n, nptr;
    size_t *hint;           /* per entry position: the index found last */
    const char **hint_name; /* ... and the entry name it was found for */
    size_t nhint;
};

/* Index names[0..n-1] (borrowed: they must outlive ix) for records whose
 * names are interned in `in` (NULL: records that are not interned); the
 * names are interned there too, so records read later match by pointer.
 * 0, or -1 when out of memory (free ix all the same). */
int hs_hist_index_init(struct hs_hist_index *ix, struct hs_intern *in, const char *const *names,
                       size_t n);

/* The index among the names of entry e of kind in rec, or SIZE_MAX. */
size_t hs_hist_index_find(struct hs_hist_index *ix, const struct hs_hist_record *rec,
                          enum hs_hist_kind kind, size_t e);

void hs_hist_index_free(struct hs_hist_index *ix);

/* hs_history_observe for names[0..n-1] at once, into out[0..n-1], in one
 * pass over the records (a report asks for every service and component:
 * one pass each would be records x entries x names). 0, or -1 when out of
 * memory. */
int hs_history_observe_many(const struct hs_history *h, enum hs_hist_kind kind,
                            const char *const *names, size_t n, double from, double to,
                            double max_gap, struct hs_observed *out);

/* (Re)compute o's enough/coverage/interval for a window of `window`
 * seconds; mttr_hint_s (NaN: none) lets a clean record bound availability
 * (a model component's MTTR). hs_history_observe calls it without a hint. */
void hs_observed_support(struct hs_observed *o, double window, double mttr_hint_s);

/* Observing names[0..n-1] of one kind over several windows [from[w], to]
 * at once, while the records stream by. */
struct hs_observer {
    enum hs_hist_kind kind;
    size_t n, nwin;
    const double *from; /* borrowed, nwin window starts */
    double to, max_gap;
    struct hs_observed *out; /* borrowed: out[k * nwin + w] */
    struct hs_hist_index ix;
    struct obs_run *runs; /* owned, n * nwin */
    size_t *stamp;        /* owned: the record each name was last seen in */
    size_t rec;           /* records seen */
};

/* Start observing into out[0 .. n*nwin-1] (zeroed here). names, from and out
 * are borrowed and must outlive ob; `in` as for hs_hist_index_init. Then
 * hand hs_observer_sink with ob to a scan, and hs_observer_finish. 0, or -1
 * when out of memory (ob freed). */
int hs_observer_init(struct hs_observer *ob, struct hs_intern *in, enum hs_hist_kind kind,
                     const char *const *names, size_t n, const double *from, size_t nwin, double to,
                     double max_gap, struct hs_observed *out);

/* The sink (live/histstream.h): ctx is a struct hs_observer. Never fails. */
int hs_observer_sink(void *ctx, const struct hs_hist_record *rec, double until, hs_error *err);

/* Complete the observations (outages still open, availability, support)
 * and free ob's own memory. */
void hs_observer_finish(struct hs_observer *ob);

/* Free ob's own memory without completing (after a failed scan). */
void hs_observer_free(struct hs_observer *ob);

#endif
