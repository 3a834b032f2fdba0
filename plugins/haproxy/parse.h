/*
 * parse.h — HAProxy statistics (`show stat` / `/stats;csv`) as structs.
 *
 * Pure: bytes in, a table of rows out, or an error naming the line and
 * column. No I/O, no global state; shared by the plugin, the unit tests,
 * the fuzz target and the benchmark.
 *
 * Columns are found by header name, never by position (they move between
 * HAProxy versions); unknown columns are ignored, and only pxname, svname
 * and status are required.
 */
#ifndef HAP_PARSE_H
#define HAP_PARSE_H

#include <stddef.h>

/* The `type` column (values as HAProxy prints them). */
enum hap_type {
    HAP_TYPE_FRONTEND = 0,
    HAP_TYPE_BACKEND = 1,
    HAP_TYPE_SERVER = 2,
    HAP_TYPE_LISTENER = 3
};

/* The first word of the `status` column. */
enum hap_status {
    HAP_ST_UNKNOWN = 0, /* a word this parser does not know */
    HAP_ST_UP,          /* "UP", "UP 1/2" (going down) */
    HAP_ST_DOWN,        /* "DOWN", "DOWN 1/2" (coming up) */
    HAP_ST_NOLB,        /* up, but takes no new load-balanced traffic */
    HAP_ST_NOCHECK,     /* "no check": no health check, assumed up */
    HAP_ST_MAINT,       /* "MAINT", "MAINT (via b/s)", "MAINT (resolution)" */
    HAP_ST_DRAIN,       /* "DRAIN", "DRAIN (agent)" */
    HAP_ST_OPEN,        /* frontend / listener accepting */
    HAP_ST_FULL,        /* frontend at maxconn */
    HAP_ST_STOP,        /* frontend / listener stopped or paused */
    HAP_ST_EMPTY        /* column present but empty */
};

/* One row. Strings point into the owning hap_stats' buffer and are never
 * NULL ("" when the column is absent or empty); numbers are NaN when the
 * column is absent or empty. */
struct hap_row {
    const char *pxname, *svname;
    enum hap_type type;
    const char *status_text;    /* as printed, e.g. "UP 1/2" */
    enum hap_status status;
    int trans_cur, trans_max;   /* "UP 1/2" → 1, 2; 0, 0 when steady */
    const char *check_status;   /* without the "* " in-progress prefix */
    int check_running;          /* 1 when the "* " prefix was there */
    const char *check_desc;
    const char *addr;
    double check_code;
    double scur, slim, qcur, qlimit;
    double weight, uweight;     /* effective and configured weight */
    double act, bck;            /* server: 1 if active/backup; backend: counts */
    double lastchg, downtime;   /* seconds */
    size_t line;                /* where the row started in the input */
};

/* A parsed table. Owns `rows` and the copy of the input they point into. */
struct hap_stats {
    struct hap_row *rows;
    size_t nrows;
    size_t ncolumns;            /* named columns in the header */
    char *buf;                  /* private copy of the input */
};

/* Parse `len` bytes of CSV at `data` (need not be NUL-terminated) into
 * *out, which the caller frees with hap_stats_free() on success AND on
 * failure (it is always left freeable; on failure it holds no rows).
 * Returns 0, or -1 with a message naming line and column in err (never
 * longer than errlen, always NUL-terminated when errlen > 0). */
int hap_stats_parse(const char *data, size_t len, struct hap_stats *out,
                    char *err, size_t errlen);

/* Free what hap_stats_parse() allocated; *s becomes empty. Safe on an
 * empty or already freed table. */
void hap_stats_free(struct hap_stats *s);

/* Parse a `status` text ("UP 1/2", "MAINT (via be/s)", "no check") into
 * its word and transition counters. Unknown words give HAP_ST_UNKNOWN.
 * Never fails. */
enum hap_status hap_status_parse(const char *text, int *cur, int *max);

#endif /* HAP_PARSE_H */
