/*
 * <hascout/plugin.h> — the hascout plugin ABI, version 1.
 *
 * This header is the one document a third party needs to write a drop-in
 * technology plugin. Build it out of tree with
 *
 *     cc -shared -fPIC $(pkg-config --cflags hascout-plugin) -o NAME.so NAME.c \
 *        $(pkg-config --libs hascout-plugin)
 *
 * and copy NAME.so into a plugin directory (config `plugin_dirs`,
 * $HASCOUT_PLUGIN_PATH, or $(pkglibdir)/plugins).
 *
 * ENTRY POINT
 *   A plugin exports exactly one symbol, HS_PLUGIN_ENTRY_SYMBOL, a function
 *   returning a pointer to a static, immutable descriptor (struct hs_plugin).
 *   Use HS_PLUGIN_DEFINE(desc) to define it. The descriptor's file name stem
 *   must equal its `name` ("haproxy.so" declares name "haproxy"): the core finds
 *   a target's plugin by file name and refuses a mismatch.
 *
 * LIFE CYCLE (per target, per run)
 *   The root parent never maps a plugin. For each plugin a run uses (and
 *   each probe user its targets run as) it forks a probe host, which drops
 *   to that user, loads the plugin once (constructors run there) and forks
 *   one child per target; in the child configure() → probe() → score() →
 *   release() are called once each, on one thread, and the child exits. So:
 *     - a crash, hang, exit or flood in a plugin costs only its own target;
 *       a constructor that crashes, exits or hangs costs only the targets of
 *       its own plugin, and counts against their deadline;
 *     - global state in a plugin lives for one target only: each child is a
 *       fresh fork of the host, so nothing set in one target's callbacks is
 *       seen by another's;
 *     - `hascout plugins` runs constructors in an inspector child as well.
 *
 * PRIVILEGES
 *   Probes run as the config's `probe_user` (default: the system user
 *   `hascout`, else `nobody`), never as root unless a target says
 *   `probe_user = "root";`, with PR_SET_NO_NEW_PRIVS, a memory limit
 *   (`memory_limit`: MiB of heap and private mappings beyond its start-up
 *   image, RLIMIT_DATA; default 1024), a 16 MiB file size
 *   limit, no core dumps, and no open fd but stdin (/dev/null), stdout and
 *   stderr (captured) and the result pipe. Files your plugin or its library
 *   opens itself (a socket, a keyring, a state file) must be accessible to
 *   that user: say in your README what to grant. hs_config_secret() works
 *   for secret files the probe user cannot read: the root parent reads them
 *   for that target's probe alone. Descendants a probe starts are killed
 *   when its target ends, even when they left its process group.
 *
 * TIME BUDGET
 *   The whole life cycle must finish before the target's deadline
 *   (hs_probe_deadline() gives the absolute CLOCK_MONOTONIC time, in seconds,
 *   and hs_probe_time_left() what remains). Derive your network timeouts from
 *   it. At the deadline the core kills the child's whole process group with
 *   SIGKILL and the target is UNKNOWN ("timed out").
 *
 * THREADING
 *   Callbacks are called on one thread. A plugin may start threads inside
 *   probe() (e.g. to query cluster nodes concurrently) but must join them
 *   before probe() returns, and must call the hs_* result functions from one
 *   thread at a time (they do no locking).
 *
 * OUTPUT
 *   Plugins never print. stdout/stderr of the child are captured; stray
 *   output is noted in the report, and more than 1 MiB of it is a failure.
 *   Everything a plugin reports goes through the hs_* functions below.
 *
 * WHAT THE EXECUTABLE EXPORTS, AND HOW THIS ABI GROWS
 *   The hascout executable exports exactly the functions declared in this
 *   header, listed in core/hascout/plugin.sym of the source tree (its link's
 *   --dynamic-list), and nothing else: a plugin that calls any other core
 *   function fails to load ("undefined symbol"), so the core's internals
 *   stay free to change and only what is written here is promised.
 *   tests/cli/test-abi-symbols.sh keeps this header, plugin.sym and the
 *   built binary equal.
 *   The ABI grows additively: a new function is declared here AND listed in
 *   plugin.sym, and a plugin built against an older header keeps loading.
 *   The signature, meaning or enum values of an existing function or type
 *   never change, and nothing is removed; a change that would break a built
 *   plugin is a new ABI: bump HS_PLUGIN_ABI_VERSION, so the loader refuses
 *   plugins built for the old one with a message instead of them crashing.
 *
 * NULL HANDLES
 *   Passing NULL where the core expects a handle is never how a plugin should
 *   work, but these calls tolerate it instead of crashing, so a plugin that
 *   lost a component (hs_probe_component() returned NULL, out of memory or a
 *   reused id) may carry on:
 *     - do nothing: hs_component_set_state, hs_component_message,
 *       hs_component_label, hs_metric_thresholds, hs_metric_bounds,
 *       hs_probe_message, hs_probe_fail, hs_verdict_raise,
 *       hs_verdict_health, hs_error_set and hs_error_at (err NULL; `where`
 *       NULL: no file:line prefix);
 *     - return NULL: hs_probe_component, hs_component_metric,
 *       hs_probe_find, hs_probe_component_at, hs_component_id,
 *       hs_component_kind, hs_component_parent, hs_component_label_value;
 *     - return a neutral value: hs_probe_component_count (0),
 *       hs_component_state (HS_STATE_UNKNOWN), hs_component_value (0,
 *       absent), hs_verdict_status (HS_UNKNOWN);
 *     - the hs_config_* readers but hs_config_secret take a NULL group as
 *       an empty one (their `out` pointers must be valid all the same).
 *   hs_probe_deadline, hs_probe_time_left and hs_probe_target do NOT accept
 *   NULL (they are given the probe the core passed in). hs_state_name and
 *   hs_status_name take values, not handles, and never return NULL.
 *
 * OWNERSHIP
 *   - Strings passed to hs_* functions are copied; the caller keeps its own.
 *   - Handles returned by hs_* functions (hs_component *, hs_metric *) are
 *     owned by the core and stay valid until the callback that got them
 *     returns (probe: until score() returns).
 *   - `state` returned by configure() is owned by the plugin and freed by its
 *     release(), which is called even when probe() or score() failed.
 *   - Secrets read with hs_config_secret() are written into a buffer the
 *     caller owns; the core never logs them. Never put a secret in a message.
 */
#ifndef HASCOUT_PLUGIN_H
#define HASCOUT_PLUGIN_H

#include <stdarg.h>
#include <stddef.h>
#include <libconfig.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped on any incompatible change of this header. The core loads only
 * plugins whose descriptor carries exactly this value. */
#define HS_PLUGIN_ABI_VERSION 1

/* The one exported symbol of every plugin, of type hs_plugin_entry_fn. */
#define HS_PLUGIN_ENTRY_SYMBOL "hascout_plugin_entry_v1"

#if defined(__GNUC__)
#define HS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define HS_EXPORT __attribute__((visibility("default")))
#else
#define HS_PRINTF(f, a)
#define HS_EXPORT
#endif

/* ---- enumerations (values are part of the ABI) ------------------------- */

/* What a component is doing, as observed. */
typedef enum hs_state {
    HS_STATE_UP = 0,       /* serving, fully redundant as far as it knows */
    HS_STATE_DEGRADED = 1, /* serving, but impaired (lost redundancy, lagging) */
    HS_STATE_DOWN = 2,     /* not serving */
    HS_STATE_UNKNOWN = 3   /* could not be observed; never to be read as up */
} hs_state;

/* Monitoring status, with the Nagios exit code as value. */
typedef enum hs_status {
    HS_OK = 0,
    HS_WARNING = 1,
    HS_CRITICAL = 2,
    HS_UNKNOWN = 3
} hs_status;

/* The HA class a technology belongs to (used to rank alternatives). */
typedef enum hs_ha_class {
    HS_CLASS_RESOURCE_MONITOR = 0,     /* keepalived, Pacemaker/Corosync */
    HS_CLASS_LOAD_BALANCER = 1,        /* HAProxy, nginx */
    HS_CLASS_DISTRIBUTED_STORAGE = 2,  /* Ceph/RADOS, DRBD, GlusterFS */
    HS_CLASS_DISTRIBUTED_DATABASE = 3, /* Galera, MySQL Group Replication */
    HS_CLASS_OTHER = 4                 /* test and utility plugins */
} hs_ha_class;

/* ---- evaluation scores ------------------------------------------------- */

/* Default evaluation of the technology, on a 1..5 scale:
 *   chance   – how much availability it can add when it works (5 = most);
 *   risk     – how much it can hurt when it fails or is misused (5 = most);
 *   maturity – age, adoption, documentation, upstream health (5 = most).
 * Each comes with a one-line rationale. Operators may override in config. */
struct hs_scores {
    double chance;
    double risk;
    double maturity;
    const char *chance_why;
    const char *risk_why;
    const char *maturity_why;
};

/* ---- opaque handles ---------------------------------------------------- */

typedef struct hs_probe hs_probe;         /* what probe() fills */
typedef struct hs_component hs_component; /* one observed component */
typedef struct hs_metric hs_metric;       /* one metric of a component */
typedef struct hs_verdict hs_verdict;     /* what score() fills */
typedef struct hs_error hs_error;         /* an error message buffer */

/* ---- the descriptor ---------------------------------------------------- */

struct hs_plugin {
    int abi_version;         /* HS_PLUGIN_ABI_VERSION */
    const char *name;        /* [a-z0-9_-]+, equal to the .so file's stem */
    const char *version;     /* the plugin's own version, free form */
    const char *technology;  /* human name: "HAProxy", "Galera" */
    hs_ha_class ha_class;
    struct hs_scores scores; /* default evaluation of the technology */
    const char *description; /* one line for `hascout plugins` */

    /* Read the target's configuration. `target` is the target's libconfig
     * group (keys `name`, `plugin`, `deadline`, `probe_user` and
     * `memory_limit` belong to the core, all others to the plugin). On success store the plugin's state in *state and
     * return 0. On error return -1 after hs_error_at() (names file:line). */
    int (*configure)(const config_setting_t *target, void **state,
                     hs_error *err);

    /* Observe the target: add components with hs_probe_component(), metrics
     * and messages. Return 0 when the observation happened (even if it saw
     * everything DOWN), -1 when it could not observe at all, after
     * hs_probe_fail() with the reason (the target becomes UNKNOWN). */
    int (*probe)(void *state, hs_probe *probe);

    /* Judge what probe() saw: set the status and a 0..100 health score with
     * hs_verdict_raise() / hs_verdict_health(). `probe` is the result just
     * built (read it with the accessors below, or use what probe() kept in
     * state). Not called when probe() returned -1. Returns 0, or -1 after
     * hs_verdict_raise(v, HS_UNKNOWN, reason). */
    int (*score)(void *state, const hs_probe *probe, hs_verdict *v);

    /* Free `state`. Called once after configure() succeeded. May be NULL
     * only if configure() never allocates. */
    void (*release)(void *state);
};

typedef const struct hs_plugin *(*hs_plugin_entry_fn)(void);

/* Define the entry symbol returning `desc` (a static struct hs_plugin). */
#define HS_PLUGIN_DEFINE(desc)                                             \
    HS_EXPORT const struct hs_plugin *hascout_plugin_entry_v1(void);       \
    HS_EXPORT const struct hs_plugin *hascout_plugin_entry_v1(void)        \
    {                                                                      \
        return &(desc);                                                    \
    }

/* ---- errors ------------------------------------------------------------ */

/* Set the error message (printf-style). Later calls replace it. */
void hs_error_set(hs_error *err, const char *fmt, ...) HS_PRINTF(2, 3);

/* Set the error message prefixed with "FILE:LINE: " of setting `where`
 * (which may be NULL: then no prefix). */
void hs_error_at(hs_error *err, const config_setting_t *where,
                 const char *fmt, ...) HS_PRINTF(3, 4);

/* ---- config helpers ---------------------------------------------------- */

/* Threshold range in the monitoring-plugins syntax: "10", "10:", "~:10",
 * "10:20", "@10:20". An alert is raised when the value lies OUTSIDE
 * [start, end], or INSIDE with '@'. */
typedef struct hs_range {
    double start, end; /* -inf / +inf when open */
    int inside;        /* 1 for '@' */
    int set;           /* 0: no range, never alerts */
} hs_range;

/* Parse `text` into *r. Returns 0, or -1 with a message in errbuf. */
int hs_range_parse(const char *text, hs_range *r, char *errbuf, size_t errlen);

/* 1 when `value` alerts under r, 0 otherwise (and always 0 when !r->set). */
int hs_range_alerts(const hs_range *r, double value);

/* Read the optional string `key` of group `g` as a range. Absent: `def`
 * (which may be NULL: then r->set = 0). Returns 0, or -1 with file:line. */
int hs_config_range(const config_setting_t *g, const char *key,
                    const char *def, hs_range *r, hs_error *err);

/* Read a secret: from `KEY_file` (a path; the file's first line, without
 * its line end, is the secret) or, discouraged, from `KEY` inline. A file
 * readable by group or others gets a warning in the report. Writes a NUL
 * terminated secret into buf (caller-owned). Returns 1 when found, 0 when
 * neither key is set, -1 on error (file:line, never the secret). */
int hs_config_secret(const config_setting_t *g, const char *key, char *buf,
                     size_t buflen, hs_error *err);

/* Refuse any member of group `g` whose name is not in `allowed` (a
 * NULL-terminated list, may be NULL: nothing allowed), naming file:line of
 * the first one. `g` may be any group: the target's own, or one nested in it
 * (a node group in a list, an `overrides` group); NULL has no members. The
 * core's target keys (name, plugin, deadline, probe_user, memory_limit) are
 * always allowed in a target group, i.e. an element of the top-level
 * `targets` list, and only there: a nested group that has its own `name`
 * must list it in `allowed`. The message names the nested group ("unknown
 * key 'x' in 'overrides'", "... in an element of 'nodes'"). Returns 0 or -1.
 * Added in ABI 1 (additive: older plugins need not call it). */
int hs_config_check_keys(const config_setting_t *g, const char *const *allowed,
                         hs_error *err);

/* Read an optional number (int or float) `key`; absent: *out = def.
 * Returns 0, or -1 with file:line when present but not a number. */
int hs_config_number(const config_setting_t *g, const char *key, double def,
                     double *out, hs_error *err);

/* Read an optional string `key`; absent: *out = def (may be NULL). The
 * string is owned by the config and lives until release() returns.
 * Returns 0, or -1 with file:line when present but not a string. */
int hs_config_string(const config_setting_t *g, const char *key,
                     const char *def, const char **out, hs_error *err);

/* The four readers below were added in ABI 1 (additive: older plugins need
 * not call them). Each takes a NULL group as one with no members, and on
 * error returns -1 with "FILE:LINE: " of the offending setting in err. */

/* Read an optional boolean `key` (a libconfig `true`/`false`, nothing else:
 * not 0/1, not "yes"); absent: *out = def. *out is 0 or 1. Returns 0, or -1
 * with file:line when present but not a boolean (*out untouched). */
int hs_config_bool(const config_setting_t *g, const char *key, int def,
                   int *out, hs_error *err);

/* Read an optional string `key` that must be one of `names` (NULL-terminated,
 * compared exactly, case included); *out = its index in `names`. Absent:
 * *out = def (which need not be an index: -1 can mean "not given"). Returns
 * 0, or -1 with file:line and the allowed names ("'method' must be \"a\" or
 * \"b\", not \"c\"") when present but not a string or not one of them
 * (*out untouched). */
int hs_config_enum(const config_setting_t *g, const char *key,
                   const char *const *names, int def, int *out, hs_error *err);

/* Read an optional array or list `key` of strings ([ "a", "b" ] or
 * ( "a", "b" )). *out is a malloc'ed, NULL-terminated array of *n pointers,
 * owned by the caller, who free()s the array only: the strings belong to the
 * config and live until release() returns. An empty list gives a one-slot
 * array ({ NULL }) and *n = 0; absent: *out = NULL, *n = 0. Returns 0, or -1
 * with file:line (of the element, for one that is not a string) and *out =
 * NULL, *n = 0; a bare string is not a list of one. */
int hs_config_strings(const config_setting_t *g, const char *key,
                      const char ***out, size_t *n, hs_error *err);

/* Check that every key of `keys` (NULL-terminated; NULL: none) is a member of
 * `g`, whatever its type. Returns 0, or -1 with file:line of `g` naming the
 * first missing key ("'user' is missing"); for a NULL `g` the message has no
 * file:line. */
int hs_config_require(const config_setting_t *g, const char *const *keys,
                      hs_error *err);

/* ---- warnings ---------------------------------------------------------- */

/* Record a warning for the report (printf-style, copied; the same text
 * twice is kept once): a setting that works but is risky, such as a
 * password sent over plain http. It is shown with the target's result and,
 * unless -q, on stderr. May be called from any callback. Never put a secret
 * in it. Added in ABI 1 (additive: older plugins need not call it). */
void hs_warn(const char *fmt, ...) HS_PRINTF(1, 2);

/* ---- building a probe result (from probe()) --------------------------- */

/* Absolute CLOCK_MONOTONIC deadline of this target, in seconds. */
double hs_probe_deadline(const hs_probe *p);
/* Seconds left before the deadline (may be <= 0). */
double hs_probe_time_left(const hs_probe *p);
/* The target's name from the config. */
const char *hs_probe_target(const hs_probe *p);

/* Text given to the functions below (ids, kinds, parents, metric and label
 * names and values, messages) may come straight from a server: it is stored
 * with every control character (0x00-0x1f, 0x7f: newline, tab, ...) replaced
 * by a space and cut at 4096 bytes, so no name can break an output format or
 * the result protocol. Every other byte ('|', '=', quotes, UTF-8) is kept;
 * each output format escapes what it must (Nagios perfdata labels, JSON,
 * HTML, Prometheus). Names are compared as stored: a parent or a lookup
 * (hs_probe_find, hs_component_value, ...) by the raw server name finds the
 * component, and two names differing only in control characters vs spaces
 * ("a\nb", "a b") are the same id. */

/* Add a component. `id` is unique within the target (printable, no spaces
 * needed). `kind` says what it is ("node", "backend", "server",
 * "instance", "service", ...). `parent` is the id of an earlier component
 * or NULL. Components of kind "service" are what the target delivers as a
 * whole (the VIP, the cluster). Returns NULL only when out of memory or
 * when `id` is already used (then the probe is marked malformed). */
hs_component *hs_probe_component(hs_probe *p, const char *id,
                                 const char *kind, const char *parent,
                                 hs_state state);

/* Change a component's state. */
void hs_component_set_state(hs_component *c, hs_state state);

/* Attach a line of human-readable text to a component. */
void hs_component_message(hs_component *c, const char *fmt, ...)
    HS_PRINTF(2, 3);

/* Add a numeric metric. `unit` is a perfdata unit ("", "s", "ms", "%",
 * "B", "c") or NULL. Names are unique per component. */
hs_metric *hs_component_metric(hs_component *c, const char *name,
                               double value, const char *unit);

/* Perfdata decoration of a metric: thresholds as range text (NULL: none)
 * and bounds (NaN: none). */
void hs_metric_thresholds(hs_metric *m, const char *warn, const char *crit);
void hs_metric_bounds(hs_metric *m, double min, double max);

/* Attach a text label to a component ("check_status" = "L7OK"). */
void hs_component_label(hs_component *c, const char *name,
                        const char *value);

/* A target-level message (shown once, not tied to a component). */
void hs_probe_message(hs_probe *p, const char *fmt, ...) HS_PRINTF(2, 3);

/* Say why observing failed; use before probe() returns -1. */
void hs_probe_fail(hs_probe *p, const char *fmt, ...) HS_PRINTF(2, 3);

/* ---- reading a probe result (from score()) ----------------------------- */

size_t hs_probe_component_count(const hs_probe *p);
const hs_component *hs_probe_component_at(const hs_probe *p, size_t i);
const hs_component *hs_probe_find(const hs_probe *p, const char *id);
const char *hs_component_id(const hs_component *c);
const char *hs_component_kind(const hs_component *c);
const char *hs_component_parent(const hs_component *c); /* NULL: none */
hs_state hs_component_state(const hs_component *c);
/* Value of metric `name`: returns 1 and sets *out, or 0 when absent. */
int hs_component_value(const hs_component *c, const char *name, double *out);
/* Value of label `name`, or NULL. */
const char *hs_component_label_value(const hs_component *c, const char *name);

/* ---- the verdict (from score()) ---------------------------------------- */

/* Raise the status to at least `status` (OK < WARNING < CRITICAL; UNKNOWN
 * ranks between WARNING and CRITICAL) and add the reason, which should name
 * the component: "backend app: server web2 DOWN (L4CON)". */
void hs_verdict_raise(hs_verdict *v, hs_status status, const char *fmt, ...)
    HS_PRINTF(3, 4);

/* Set the 0..100 health score (clamped). Default: 100 if OK, 50 if
 * WARNING, 0 if CRITICAL, unset if UNKNOWN. */
void hs_verdict_health(hs_verdict *v, double health);

/* The status raised so far. */
hs_status hs_verdict_status(const hs_verdict *v);

/* Names of states and statuses ("UP", "CRITICAL"); never NULL. */
const char *hs_state_name(hs_state s);
const char *hs_status_name(hs_status s);

#ifdef __cplusplus
}
#endif
#endif /* HASCOUT_PLUGIN_H */
