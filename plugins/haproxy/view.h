/*
 * view.h — the proxies of a parsed stats table, grouped and counted.
 *
 * Pure: turns the flat rows of hap_stats into frontends and backends with
 * their servers, applies the configured filters and counts what is up, so
 * that probe() only maps and score() only judges.
 */
#ifndef HAP_VIEW_H
#define HAP_VIEW_H

#include <stddef.h>

#include "plugins/haproxy/parse.h"

/* Row types a filter keeps (bit per enum hap_type). */
#define HAP_KEEP_FRONTEND (1u << HAP_TYPE_FRONTEND)
#define HAP_KEEP_BACKEND (1u << HAP_TYPE_BACKEND)
#define HAP_KEEP_SERVER (1u << HAP_TYPE_SERVER)

/* What to look at. Pattern arrays are borrowed from the caller. */
struct hap_filter {
    const char *const *include; /* fnmatch globs on pxname; none: all */
    size_t ninclude;
    const char *const *exclude; /* globs dropped after include */
    size_t nexclude;
    unsigned types;             /* HAP_KEEP_* bits; 0 means all */
    int maint_is_down;          /* MAINT/DRAIN servers count as lost */
};

/* How a server counts for its backend. */
enum hap_use {
    HAP_USE_UP,      /* takes traffic */
    HAP_USE_DOWN,    /* should take traffic and cannot */
    HAP_USE_ADMIN,   /* taken out on purpose (MAINT, DRAIN) */
    HAP_USE_UNKNOWN  /* status word not understood */
};

struct hap_server {
    const struct hap_row *row;
    enum hap_use use;
    int backup;
    double weight;   /* configured weight (uweight, else weight, else 1) */
};

struct hap_backend {
    const char *name;
    const struct hap_row *row;   /* the BACKEND row, or NULL if absent */
    struct hap_server *servers;  /* owned by the view */
    size_t nservers, cap;
    int listen;                  /* a FRONTEND of the same name exists */
    /* Counts; admin servers are left out of the totals unless
     * maint_is_down, when they count as down. */
    int act_up, act_total, bck_up, bck_total, admin, unknown;
    double weight_up, weight_total;
};

struct hap_view {
    struct hap_backend *backends; /* owned */
    size_t nbackends, cap;
    const struct hap_row **frontends; /* owned array of borrowed rows */
    size_t nfrontends, fcap;
};

/* Build *v from s (which must outlive v) under filter f. Returns 0, or -1
 * (out of memory) with a message in err; *v is always freeable with
 * hap_view_free() afterwards. */
int hap_view_build(const struct hap_stats *s, const struct hap_filter *f,
                   struct hap_view *v, char *err, size_t errlen);

void hap_view_free(struct hap_view *v);

/* How a server row counts (see enum hap_use), given maint_is_down. */
enum hap_use hap_server_use(const struct hap_row *r, int maint_is_down);

/* 1 when proxy `name` passes the filter's include and exclude globs. */
int hap_filter_name(const struct hap_filter *f, const char *name);

#endif /* HAP_VIEW_H */
