/*
 * plugins/ceph/parse.h — pure parsers of the JSON the Ceph monitors return
 * for `health detail`, `status`, `mon dump` and `osd dump`.
 *
 * Bytes in, structs out, no I/O: the plugin, the unit tests and the fuzz
 * target share these. Every parser takes a buffer that need not be NUL
 * terminated, and on failure returns -1 with a message in the caller's
 * err[errlen] that names the command and the JSON path ("status:
 * osdmap.num_up_osds: expected an integer, got string"). On failure the
 * output struct is left empty (all freed), so callers free it either way.
 *
 * Hostile input is bounded: documents larger than CEPH_MAX_INPUT, nesting
 * deeper than the tokener's limit, and arrays or objects with more entries
 * than the CEPH_MAX_* limits below are refused with an error, not parsed.
 */
#ifndef CEPH_PARSE_H
#define CEPH_PARSE_H

#include <stddef.h>

#define CEPH_MAX_INPUT (64u * 1024u * 1024u) /* bytes of one reply */
#define CEPH_MAX_CHECKS 1024   /* health checks in one reply */
#define CEPH_MAX_DETAIL_KEPT 20 /* detail lines kept per check; rest counted */
#define CEPH_MAX_DETAIL 100000 /* detail lines accepted per check */
#define CEPH_MAX_PG_STATES 1024
#define CEPH_MAX_MONS 256
#define CEPH_MAX_OSDS 16384 /* the core takes 20000 components per target */
#define CEPH_MAX_TEXT 4096 /* longest string kept; longer ones are cut */

/* Overall cluster health as Ceph states it. */
typedef enum ceph_health {
    CEPH_HEALTH_OK = 0,
    CEPH_HEALTH_WARN = 1,
    CEPH_HEALTH_ERR = 2
} ceph_health;

/* One health check (`checks.CODE` of `health detail`). */
struct ceph_check {
    char *code;           /* "OSD_DOWN" */
    ceph_health severity; /* HEALTH_WARN or HEALTH_ERR */
    char *summary;        /* summary.message */
    long long count;      /* summary.count; -1 when Ceph gave none */
    char **detail;        /* the first CEPH_MAX_DETAIL_KEPT detail lines */
    size_t ndetail;       /* lines kept in detail[] */
    size_t ndetail_total; /* lines Ceph sent */
    int muted;            /* `ceph health mute CODE` is in force */
};

struct ceph_health_report {
    ceph_health status;
    struct ceph_check *checks; /* sorted as Ceph sent them */
    size_t nchecks;
};

struct ceph_pg_state {
    char *name; /* "active+clean", "stale+active+clean" */
    long long count;
};

/* The parts of `status` the plugin uses. */
struct ceph_status {
    ceph_health health;
    char *fsid;             /* may be NULL when absent */
    char **quorum_names;    /* names of the mons in quorum */
    size_t nquorum;
    long long num_mons;     /* monmap.num_mons */
    long long num_osds, num_up_osds, num_in_osds;
    long long num_pgs;
    struct ceph_pg_state *pg_states;
    size_t npg_states;
    int mgr_available;      /* mgrmap.available */
    long long mgr_standbys; /* mgrmap.num_standbys; -1 when absent */
};

struct ceph_mon {
    char *name; /* "a" */
    long long rank;
    char *addr; /* public_addr, may be NULL */
};

struct ceph_monmap {
    long long epoch;
    struct ceph_mon *mons;
    size_t nmons;
};

struct ceph_osd {
    long long id;
    int up, in;
    double weight; /* in-weight, 0..1 */
};

struct ceph_osdmap {
    long long epoch;
    struct ceph_osd *osds;
    size_t nosds;
};

/* Name of a health value ("HEALTH_WARN"); never NULL. */
const char *ceph_health_name(ceph_health h);

/* Parse "HEALTH_OK" / "HEALTH_WARN" / "HEALTH_ERR" into *out.
 * Returns 0, or -1 for anything else. */
int ceph_health_from_name(const char *s, ceph_health *out);

/* Parse the reply of {"prefix":"health","detail":"detail","format":"json"}
 * into *out (caller-owned; its contents are allocated here and freed by
 * ceph_health_report_free). Returns 0, or -1 with err set. */
int ceph_parse_health(const char *buf, size_t len,
                      struct ceph_health_report *out, char *err,
                      size_t errlen);

/* Parse the reply of {"prefix":"status","format":"json"} into *out
 * (contents freed by ceph_status_free). Accepts the pre-Octopus nesting
 * osdmap.osdmap. Returns 0, or -1 with err set. */
int ceph_parse_status(const char *buf, size_t len, struct ceph_status *out,
                      char *err, size_t errlen);

/* Parse the reply of {"prefix":"mon dump","format":"json"} into *out
 * (contents freed by ceph_monmap_free). Returns 0, or -1 with err set. */
int ceph_parse_monmap(const char *buf, size_t len, struct ceph_monmap *out,
                      char *err, size_t errlen);

/* Parse the reply of {"prefix":"osd dump","format":"json"} into *out
 * (contents freed by ceph_osdmap_free). Returns 0, or -1 with err set. */
int ceph_parse_osdmap(const char *buf, size_t len, struct ceph_osdmap *out,
                      char *err, size_t errlen);

/* Free what a parser put into the struct and zero it; NULL-safe, and safe
 * on a zeroed struct. */
void ceph_health_report_free(struct ceph_health_report *h);
void ceph_status_free(struct ceph_status *s);
void ceph_monmap_free(struct ceph_monmap *m);
void ceph_osdmap_free(struct ceph_osdmap *m);

/* The check with `code`, or NULL. */
const struct ceph_check *ceph_health_find(const struct ceph_health_report *h,
                                          const char *code);

/* Count of PGs in exactly state `name` (0 when absent). */
long long ceph_status_pgs_in(const struct ceph_status *s, const char *name);

#endif /* CEPH_PARSE_H */
