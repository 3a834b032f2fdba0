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
    size_t damaged;      /* lines skipped */
    size_t out_of_order; /* records skipped: too far out of time order */
    char warning[512];   /* first damage seen, "" if none */
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

/* A recorded state as 1 up (UP, OK, WARNING, DEGRADED), 0 down (DOWN,
 * CRITICAL), -1 unknown (anything else, or NULL). */
int hs_hist_classify(const char *state);

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
 * first) into *h whole (caller frees with hs_history_free), in time order as
 * hs_history_scan hands them over (live/histstream.h). For tests and small
 * histories: reports stream instead. A missing history is empty, not an
 * error. 0, or -1 with the reason in err. */
int hs_history_load(const char *dir, double since, struct hs_history *h, hs_error *err);

/* The same from a buffer (the file's bytes): pure, for tests and fuzzing. */
int hs_history_parse(const char *buf, size_t len, double since, struct hs_history *h);

void hs_history_free(struct hs_history *h);

#endif
