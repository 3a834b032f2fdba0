/* live/histstream.h — the history read as a stream.
 *
 * A report over 30 days of 5-minute records of 200 components would hold
 * 1.7 million entries if the history were read whole; the report only
 * needs, per name, a few running sums. So the history is read line by line
 * through a bounded buffer, each record handed to every consumer ("sink")
 * in time order and then dropped. What stays in memory is the names (each
 * once, interned), a small window of records waiting to be put in order,
 * and what the sinks keep.
 *
 * Order: a record is handed over with the time its states hold until —
 * the next record's time, or `end` for the last. Clocks step, so records
 * are kept back in a window of HS_HIST_REORDER before they are handed
 * over; one that arrives later than that, earlier than what was already
 * handed over, is skipped and counted (a clock stepped back further than
 * the window: its records overlap ones already counted).
 */
#ifndef HS_LIVE_HISTSTREAM_H
#define HS_LIVE_HISTSTREAM_H
#include <stddef.h>

#include "live/history.h"
#include "util/error.h"
#include "util/intern.h"

/* Records kept back to be put in time order. */
#define HS_HIST_REORDER 32

/* A consumer of records. fn gets each record at or after `since`, in time
 * order, and `until`, the time its states hold until (the next record's
 * time, or the scan's end for the last; never before rec->t). rec and its
 * entries are valid during the call only; names are interned in the scan's
 * interner and stay valid as long as it. fn returns 0, or -1 to stop the
 * scan with an error (out of memory) it has described in the scan's err. */
struct hs_hist_sink {
    int (*fn)(void *ctx, const struct hs_hist_record *rec, double until, hs_error *err);
    void *ctx;
};

struct hs_hist_scan {
    /* in */
    double since;                     /* records before this are skipped */
    double end;                       /* the last record holds until then */
    struct hs_intern *names;          /* names are interned here (borrowed) */
    const struct hs_hist_sink *sinks; /* handed every record, in this order */
    size_t nsinks;
    /* out */
    size_t records;      /* handed over */
    size_t damaged;      /* lines skipped as damaged */
    size_t out_of_order; /* records skipped: earlier than ones handed over */
    char warning[512];   /* the first problem seen, "" if none */
};

/* Stream the history of state directory DIR (rotated files first, oldest
 * first) through s's sinks. The directory must pass the trust checks (it
 * is read as root); a missing directory or history is empty, not an error.
 * 0, or -1 with the reason (naming the file) in err: a sink's error, a
 * read error, out of memory. On -1 the sinks may have seen part of it. */
int hs_history_scan(const char *dir, struct hs_hist_scan *s, hs_error *err);

/* The same over the bytes of one history file: pure, for tests and
 * fuzzing. */
int hs_history_scan_buf(const char *buf, size_t len, struct hs_hist_scan *s, hs_error *err);

/* The same over records already in memory (h's, in their order: h is
 * sorted when loaded). */
int hs_history_scan_mem(const struct hs_history *h, struct hs_hist_scan *s, hs_error *err);

/* Where a report's history comes from: the files of a state directory
 * (streamed), or records in memory (tests). Exactly one is set. */
struct hs_hist_source {
    const char *dir;              /* borrowed */
    const struct hs_history *mem; /* borrowed */
};

/* hs_history_scan or hs_history_scan_mem, as src says. */
int hs_hist_source_scan(const struct hs_hist_source *src, struct hs_hist_scan *s, hs_error *err);

/* The time of the first record of the history file PATH, read through the
 * same bounded reader (damaged lines passed over). 1 found, 0 none (or the
 * file is missing or unreadable). */
int hs_history_first_time(const char *path, double *t);

#endif
