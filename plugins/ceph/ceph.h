/*
 * plugins/ceph/ceph.h — the Ceph plugin's private header: what its files share,
 * one section per file (or group of files), the sections in dependency order;
 * the layout is plugins/README.md's template. Not installed, not ABI.
 *
 * Errors: config.c reports through the caller-owned hs_error, as the ABI's
 * readers do; every other function writes its message into a caller-owned
 * buffer `char *err, size_t errlen` (always NUL-terminated when errlen > 0)
 * and returns -1, so the pure files link without the core.
 */
#ifndef HS_PLUGIN_CEPH_H
#define HS_PLUGIN_CEPH_H

#include <stddef.h>
#include <json-c/json.h>

#include <hascout/plugin.h>

/*
 * parse_json.c — typed, bounded access to json-c trees for the Ceph parsers.
 * Every accessor names the failing place in the caller's error buffer as "WHAT:
 * PATH.KEY: problem", so a bad reply is pinned down to the field. Pure: no I/O,
 * no global state.
 */

/* Where errors go and what they are prefixed with ("status"). */
struct ceph_jctx {
    const char *what;
    char *err;
    size_t errlen;
};

/* Parse buf[len] (need not be NUL terminated) as one JSON object followed
 * by nothing but white space. Returns the root (caller owns it: release with
 * json_object_put), or NULL with the error set. Inputs over `maxlen` bytes
 * are refused before parsing. */
json_object *ceph_json_load(struct ceph_jctx *cx, const char *buf, size_t len, size_t maxlen);

/* The same for a reply whose root is a JSON array (`osd crush rule dump`). */
json_object *ceph_json_load_array(struct ceph_jctx *cx, const char *buf, size_t len, size_t maxlen);

/* Set the error "WHAT: PATH: text" (PATH may be NULL or ""). Returns -1 so
 * callers can `return ceph_json_fail(...)`. */
int ceph_json_fail(struct ceph_jctx *cx, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Look up member `key` of object `obj` (at `path`) and check it has type
 * `type`. Returns 1 with *out set (borrowed from obj), 0 when the member is
 * absent or null and !required, -1 with the error set otherwise. */
int ceph_json_get(struct ceph_jctx *cx, json_object *obj, const char *path, const char *key,
                  json_type type, int required, json_object **out);

/* Member `key` as an integer in [min, max]. Same returns as ceph_json_get;
 * *out is untouched when absent. */
int ceph_json_int(struct ceph_jctx *cx, json_object *obj, const char *path, const char *key,
                  long long min, long long max, int required, long long *out);

/* Member `key` as a finite number (integer or not) in [min, max]. */
int ceph_json_num(struct ceph_jctx *cx, json_object *obj, const char *path, const char *key,
                  double min, double max, int required, double *out);

/* Member `key` as a boolean (JSON true/false; also 0/1, which Ceph uses
 * for some flags). */
int ceph_json_bool(struct ceph_jctx *cx, json_object *obj, const char *path, const char *key,
                   int required, int *out);

/* Member `key` as a newly allocated string, cut at `maxlen` bytes; the
 * caller owns *out (free()). *out is untouched when absent. */
int ceph_json_str(struct ceph_jctx *cx, json_object *obj, const char *path, const char *key,
                  size_t maxlen, int required, char **out);

/* Array member `key` of obj with at most `max` entries, and a zeroed
 * allocation of that many `size`-byte items in *items (NULL when empty;
 * the caller owns it and frees it with free()). Returns 1 with *arr, *n
 * set; 0 when absent and !required; -1 with the error set (nothing
 * allocated). */
int ceph_json_list(struct ceph_jctx *cx, json_object *obj, const char *path, const char *key,
                   size_t max, size_t size, int required, json_object **arr, void **items,
                   size_t *n);

/* Element i of array arr, checked to have `type`; its place "PATH[i]" is
 * written to where[wlen] for the caller's further messages. Returns 0, or
 * -1 with the error set. */
int ceph_json_elem(struct ceph_jctx *cx, json_object *arr, size_t i, json_type type,
                   const char *path, char *where, size_t wlen, json_object **e);

/* Copy of a string value `v` cut at `maxlen` bytes (caller frees), or NULL
 * when out of memory. Embedded NULs end the copy early, harmlessly. */
char *ceph_json_strdup(json_object *v, size_t maxlen);

/* Name of a json-c type for messages ("string", "array"). */
const char *ceph_json_type_name(json_type t);

/*
 * parse.c, parse_maps.c — pure parsers of the JSON the Ceph monitors return for
 * `health detail`, `status`, `mon dump` and `osd dump`.
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

#define CEPH_MAX_INPUT (64u * 1024u * 1024u) /* bytes of one reply */
#define CEPH_MAX_CHECKS 1024                 /* health checks in one reply */
#define CEPH_MAX_DETAIL_KEPT 20              /* detail lines kept per check; rest counted */
#define CEPH_MAX_DETAIL 100000               /* detail lines accepted per check */
#define CEPH_MAX_PG_STATES 1024
#define CEPH_MAX_MONS 256
#define CEPH_MAX_OSDS 16384 /* the core takes 20000 components per target */
#define CEPH_MAX_TEXT 4096  /* longest string kept; longer ones are cut */
#define CEPH_MAX_POOLS 4096
#define CEPH_MAX_RULES 1024
#define CEPH_MAX_STEPS 64         /* steps of one CRUSH rule */
#define CEPH_MAX_TREE_NODES 65536 /* OSDs and buckets of `osd tree` */
#define CEPH_MAX_NAME 200         /* bucket and type names: they become ids */

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
    char *fsid;          /* may be NULL when absent */
    char **quorum_names; /* names of the mons in quorum */
    size_t nquorum;
    long long num_mons; /* monmap.num_mons */
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

/* A pool of `osd dump`: I/O to a PG stops below min_size of its size
 * replicas (or shards, for erasure-coded pools). */
struct ceph_pool {
    long long id;
    char *name;
    long long size, min_size;
    long long crush_rule; /* rule_id of its CRUSH rule */
};

struct ceph_osdmap {
    long long epoch;
    struct ceph_osd *osds;
    size_t nosds;
    /* Read softly: a bad "pools" array leaves npools 0 and says why in
     * pools_err (owned), without failing the OSDs, which the view needs
     * and the redundancy rules only nice to have. */
    struct ceph_pool *pools;
    size_t npools;
    char *pools_err;
};

/* A CRUSH rule of `osd crush rule dump`, reduced to its failure domain:
 * the bucket type of its first choose/chooseleaf step, the coarsest level
 * its replicas are kept apart at (a rule that picks 2 racks, then 2 hosts
 * in each, loses 2 replicas with a rack). NULL when it has no such step. */
struct ceph_crush_rule {
    long long id;
    char *name;
    char *domain; /* "host", "rack", "osd" */
};

struct ceph_crush_rules {
    struct ceph_crush_rule *rules;
    size_t nrules;
};

/* A node of `osd tree`: an OSD (id >= 0) or a bucket (id < 0) and the
 * ids of its children. */
struct ceph_tree_node {
    long long id;
    char *name, *type;
    long long *children;
    size_t nchildren;
};

struct ceph_osd_tree {
    struct ceph_tree_node *nodes;
    size_t nnodes;
};

/* Name of a health value ("HEALTH_WARN"); never NULL. */
const char *ceph_health_name(ceph_health h);

/* Parse "HEALTH_OK" / "HEALTH_WARN" / "HEALTH_ERR" into *out.
 * Returns 0, or -1 for anything else. */
int ceph_health_from_name(const char *s, ceph_health *out);

/* Parse the reply of {"prefix":"health","detail":"detail","format":"json"}
 * into *out (caller-owned; its contents are allocated here and freed by
 * ceph_health_report_free). Returns 0, or -1 with err set. */
int ceph_parse_health(const char *buf, size_t len, struct ceph_health_report *out, char *err,
                      size_t errlen);

/* Parse the reply of {"prefix":"status","format":"json"} into *out
 * (contents freed by ceph_status_free). Accepts the pre-Octopus nesting
 * osdmap.osdmap. Returns 0, or -1 with err set. */
int ceph_parse_status(const char *buf, size_t len, struct ceph_status *out, char *err,
                      size_t errlen);

/* Parse the reply of {"prefix":"mon dump","format":"json"} into *out
 * (contents freed by ceph_monmap_free). Returns 0, or -1 with err set. */
int ceph_parse_monmap(const char *buf, size_t len, struct ceph_monmap *out, char *err,
                      size_t errlen);

/* Parse the reply of {"prefix":"osd dump","format":"json"} into *out
 * (contents freed by ceph_osdmap_free). Returns 0, or -1 with err set. */
int ceph_parse_osdmap(const char *buf, size_t len, struct ceph_osdmap *out, char *err,
                      size_t errlen);

/* Parse the reply of {"prefix":"osd crush rule dump","format":"json"}
 * (a JSON array) into *out (contents freed by ceph_crush_rules_free).
 * Returns 0, or -1 with err set. */
int ceph_parse_crush_rules(const char *buf, size_t len, struct ceph_crush_rules *out, char *err,
                           size_t errlen);

/* Parse the reply of {"prefix":"osd tree","format":"json"} into *out
 * (contents freed by ceph_osd_tree_free). Returns 0, or -1 with err set. */
int ceph_parse_osd_tree(const char *buf, size_t len, struct ceph_osd_tree *out, char *err,
                        size_t errlen);

/* Free what a parser put into the struct and zero it; NULL-safe, and safe
 * on a zeroed struct. */
void ceph_health_report_free(struct ceph_health_report *h);
void ceph_status_free(struct ceph_status *s);
void ceph_monmap_free(struct ceph_monmap *m);
void ceph_osdmap_free(struct ceph_osdmap *m);
void ceph_crush_rules_free(struct ceph_crush_rules *r);
void ceph_osd_tree_free(struct ceph_osd_tree *t);

/*
 * placement.c — the data's redundancy rule from the pools, the CRUSH rules
 * and the CRUSH tree (pure). A PG of a pool stops serving I/O below
 * min_size of its size replicas, and CRUSH puts its replicas in distinct
 * failure domains (hosts, racks, or OSDs). PGs are spread over every
 * domain, so any size - min_size + 1 domains out are taken to hold all the
 * replicas but min_size - 1 of some PG: the data works while at least
 * domains - (size - min_size) of them work, for the strictest pool (the
 * least size - min_size; ties: the first by pool id). Exact when every PG
 * spans every domain (size = domains), pessimistic for larger clusters.
 */

/* A failure domain and the OSDs under it. */
struct ceph_domain {
    char *name;      /* bucket name ("node1"); "osd.N" when the domain is the OSD */
    long long *osds; /* ids of the osdmap's OSDs under it, >= 1 of them */
    size_t nosds;
};

struct ceph_placement {
    char *type; /* the strictest pool's failure domain type: "host", "osd" */
    struct ceph_domain *domains;
    size_t ndomains;
    size_t *osd_domain; /* per OSD of the osdmap, in its order: index into domains */
    int k;              /* domains that must work */
    char why[512]; /* "pool 'rbd' size 3 min_size 2 over 3 hosts: I/O stops once 2 hosts are out" */
};

/* Derive the rule from the osdmap's pools, the rules and the tree into
 * *out (freed by ceph_placement_free). Fails (-1 with err set) when it
 * cannot be said: no pools, a pool's rule unknown or without a failure
 * domain, an OSD of the osdmap in no domain of that type. */
int ceph_placement_derive(const struct ceph_osdmap *m, const struct ceph_crush_rules *r,
                          const struct ceph_osd_tree *t, struct ceph_placement *out, char *err,
                          size_t errlen);

void ceph_placement_free(struct ceph_placement *p);

/* The check with `code`, or NULL. */
const struct ceph_check *ceph_health_find(const struct ceph_health_report *h, const char *code);

/* Count of PGs in exactly state `name` (0 when absent). */
long long ceph_status_pgs_in(const struct ceph_status *s, const char *name);

/*
 * judge.c — how Ceph's health checks become monitoring statuses, and the 0..100
 * health figure. Pure: unit-tested without a cluster.
 *
 * The rule, per check: an override by exact code wins; else a muted check
 * is OK while mutes are honoured; else HEALTH_WARN → WARNING and
 * HEALTH_ERR → CRITICAL. There is deliberately no pattern matching: an
 * operator can silence OSD_DOWN, never "everything that is a warning".
 */

struct ceph_override {
    const char *code; /* exact health check code, e.g. "POOL_NO_REDUNDANCY" */
    hs_status status; /* what the check counts as while present */
};

struct ceph_policy {
    const struct ceph_override *overrides; /* borrowed, may be NULL */
    size_t noverrides;
    int honour_mutes; /* 1: muted checks count as OK (the default) */
};

/* Why a check got its status (for the report's text). */
typedef enum ceph_why {
    CEPH_WHY_SEVERITY = 0, /* mapped from Ceph's own severity */
    CEPH_WHY_OVERRIDE = 1, /* an override for its code */
    CEPH_WHY_MUTED = 2     /* muted with `ceph health mute` */
} ceph_why;

/* Status of one check under policy `p` (NULL: defaults); the reason in
 * *why when why != NULL. */
hs_status ceph_check_status(const struct ceph_policy *p, const struct ceph_check *c, ceph_why *why);

/* Status for a Ceph health value with no check behind it. */
hs_status ceph_health_status(ceph_health h);

/* Parse "OK", "WARNING", "CRITICAL", "UNKNOWN" (case-insensitive).
 * Returns 0, or -1 for anything else. */
int ceph_status_from_name(const char *s, hs_status *out);

/* 0..100: the least of the active+clean PG share, the up share of the
 * OSDs that are in, and the quorum share of the mons; 100 for parts with
 * nothing to count (no PGs yet). */
double ceph_health_score(const struct ceph_status *s);

/* Percentage of PGs that are active+clean; 100 when there are none. */
double ceph_active_clean_pct(const struct ceph_status *s);

/*
 * io.c — the only file that talks to librados: connect to the monitors with
 * bounded timeouts and run mon commands.
 *
 * librados cannot be interrupted; it only gives up after
 * client_mount_timeout (connect) and rados_mon_op_timeout (each command).
 * So every call takes a time budget in seconds, and the timeouts are set
 * to the lesser of the configured value and that budget (whole seconds,
 * as Ceph takes them, at least 1); for the connect, which may wait twice,
 * half the budget. A budget below one second is refused up front: the call
 * would overrun the caller's deadline.
 */

struct ceph_conn_opts {
    const char *conf;     /* ceph.conf path, NULL: librados' default search */
    const char *client;   /* entity name, "client.hascout" */
    const char *keyring;  /* NULL: what ceph.conf says */
    const char *mon_host; /* NULL: what ceph.conf says */
    double mount_timeout; /* configured client_mount_timeout, s */
    double op_timeout;    /* configured rados_mon_op_timeout, s */
};

typedef struct ceph_conn ceph_conn;

/* Returned instead of -1 when no monitor answered in time (the cluster is
 * unreachable from here), as opposed to a local or credentials problem. */
#define CEPH_CONN_UNREACHABLE (-2)

/* Connect within `budget` seconds. On success *out is a connection the
 * caller owns (close with ceph_conn_close) and 0 is returned; on failure
 * -1 with the librados error in err, CEPH_CONN_UNREACHABLE when that
 * error is a timeout or a refused connection. */
int ceph_conn_open(const struct ceph_conn_opts *o, double budget, ceph_conn **out, char *err,
                   size_t errlen);

/* Run one mon command (a JSON command object) within `budget` seconds.
 * On success *reply holds the reply bytes (NUL terminated, caller frees
 * with free()) and *len their count; returns 0. On failure -1 with the
 * error and the monitor's status text in err. */
int ceph_conn_command(ceph_conn *c, const char *cmd, double budget, char **reply, size_t *len,
                      char *err, size_t errlen);

/* Shut down and free; NULL-safe. */
void ceph_conn_close(ceph_conn *c);

/*
 * config.c — a ceph target's configuration, read and checked once in
 * configure() (every key is documented in README.md).
 */

struct ceph_settings {
    struct ceph_conn_opts conn; /* paths point into the owned copies below */
    struct ceph_policy policy;  /* overrides point into `overrides` */
    hs_status unreachable;      /* status when no mon answers: UNKNOWN/CRITICAL */
    hs_range warn_active_clean, crit_active_clean;               /* % of PGs active+clean */
    const char *warn_active_clean_text, *crit_active_clean_text; /* as given */
    struct ceph_override *overrides; /* owned; codes borrowed from the config */
    char *conf_path, *keyring_path;  /* owned, resolved against the config dir */
};

/* The shortest target deadline a probe can succeed in, seconds (why: in
 * config.c). A shorter one, on the target or as hascout.deadline, is a
 * configuration error. */
#define CEPH_MIN_DEADLINE 2.0

/* Read the target group `target` into *s (zeroed first). Unknown keys,
 * wrong types and bad values fail with file:line in err. On failure
 * everything allocated is freed; on success the caller frees with
 * ceph_settings_free. Returns 0 or -1. */
int ceph_settings_read(const config_setting_t *target, struct ceph_settings *s, hs_error *err);

/* Free what ceph_settings_read allocated; NULL-safe. */
void ceph_settings_free(struct ceph_settings *s);

/*
 * emit.c — turns what the monitors said into hascout components: the cluster
 * (kind "service"), each mon, the mgr and each OSD, with their metrics, labels
 * and the health checks as messages, and the redundancy rules: the mons under
 * "monitors" (a majority), the OSDs under their failure domains ("host/NAME")
 * under "data" (placement.c's k). Component ids are stable across runs:
 * "cluster", "mon.NAME", "mgr", "osd.ID" as before the rules, so existing
 * live mappings still match.
 */

/* What one probe observed; all parts filled by the parsers. */
struct ceph_observation {
    struct ceph_health_report health;
    struct ceph_status status;
    struct ceph_monmap monmap;
    struct ceph_osdmap osdmap;
    /* For the redundancy rules only; their commands may fail without
     * failing the probe (have_rules says whether all were read). */
    struct ceph_crush_rules crush_rules;
    struct ceph_osd_tree osd_tree;
    int have_rules;
    double connect_s; /* rados_connect: reaching a mon and cephx, seconds */
    double latency_s; /* mean wall time of one mon command, seconds */
};

/* Add the components of `o` to probe `p`, judged by `set` (for the check
 * statuses and PG thresholds shown). Returns 0, or -1 after
 * hs_probe_fail() when the core refused a component. */
int ceph_view_build(hs_probe *p, const struct ceph_observation *o, const struct ceph_settings *set);

/* Free the parsed parts; NULL-safe. */
void ceph_observation_free(struct ceph_observation *o);

#endif /* HS_PLUGIN_CEPH_H */
