/* history.h — the append-only state history behind observed availability.
 *
 * Each `hascout report`/`check` run appends one JSON line to
 * STATE_DIR/history.jsonl with the states of the model's services and
 * components and the targets' statuses:
 *   {"v":1,"t":1700000000.5,"services":{"Compute":"UP"},
 *    "components":{"db1":"DOWN"},"targets":{"db":"CRITICAL"}}
 * The line is written with one write() on an O_APPEND descriptor and
 * fsync'ed, under the run lock. A run killed mid-write leaves at most a
 * damaged last line, which the reader skips with a warning and the next
 * writer closes with a newline, so earlier records are never touched.
 * Rotation: past max_bytes or max_age the file becomes history.jsonl.1
 * (older ones shift up to .keep, the oldest is dropped).
 */
#ifndef HS_HISTORY_H
#define HS_HISTORY_H
#include <stddef.h>
#include "hascout/plugin.h"

enum hs_hist_kind { HS_HIST_SERVICE = 0, HS_HIST_COMPONENT = 1, HS_HIST_TARGET = 2 };

struct hs_hist_entry {
    char *name;     /* owned, or borrowed from an interner (record->interned) */
    char state[16]; /* "UP", "DOWN", "UNKNOWN", "OK", "CRITICAL", ... */
};

struct hs_hist_record {
    double t;                   /* seconds since the epoch */
    struct hs_hist_entry *e[3]; /* by enum hs_hist_kind, owned */
    size_t n[3], cap[3];        /* entries used, allocated */
    int interned;               /* names belong to the history's interner */
};

struct hs_intern;

struct hs_history {
    struct hs_hist_record *recs; /* in time order, owned */
    struct hs_intern *names;     /* every name of recs, once (owned) */
    size_t n, cap;
    size_t damaged;    /* lines skipped */
    char warning[512]; /* first damage seen, "" if none */
};

struct hs_history_opts {
    size_t max_bytes; /* rotate beyond this size (default 8 MiB) */
    double max_age;   /* rotate when the first record is older (s; default 35 days) */
    int keep;         /* rotated files kept (default 3) */
};

/* Add an entry to rec (copies name). 0 or -1 (out of memory). */
int hs_hist_add(struct hs_hist_record *rec, enum hs_hist_kind kind, const char *name,
                const char *state);
void hs_hist_record_free(struct hs_hist_record *rec);

/* Serialize rec as one line (ending in '\n'); malloc'ed, caller frees. */
char *hs_hist_encode(const struct hs_hist_record *rec);

/* Parse one line (without its '\n'; len bytes, not NUL-terminated) into
 * *rec (caller frees with hs_hist_record_free). Pure. 0, or -1 with the
 * reason in errbuf and nothing allocated. */
int hs_hist_parse_line(const char *line, size_t len, struct hs_hist_record *rec, char *errbuf,
                       size_t errlen);

/* Append rec to DIR/history.jsonl (rotating first if due). 0, or -1 with
 * the reason naming the file in err. opts may be NULL for defaults. */
int hs_history_append(const char *dir, const struct hs_hist_record *rec,
                      const struct hs_history_opts *opts, hs_error *err);

/* Load the records at or after `since` from DIR (rotated files too, oldest
 * first) into *h (caller frees with hs_history_free). A missing history is
 * empty, not an error. 0, or -1 with the reason in err. */
int hs_history_load(const char *dir, double since, struct hs_history *h, hs_error *err);

/* The same from a buffer (the file's bytes): pure, for tests and fuzzing. */
int hs_history_parse(const char *buf, size_t len, double since, struct hs_history *h);

void hs_history_free(struct hs_history *h);

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

/* Index names[0..n-1] (borrowed: they must outlive ix) for h. 0, or -1 when
 * out of memory (free ix all the same). */
int hs_hist_index_init(struct hs_hist_index *ix, const struct hs_history *h,
                       const char *const *names, size_t n);

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

#endif
