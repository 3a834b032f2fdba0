/*
 * <hascout/plugin.h> — the hascout plugin ABI, version 1.
 *
 * This header is the one document a third party needs to write a drop-in
 * technology plugin (with hascout-plugin(7) and the example plugin installed
 * under $(docdir)/examples/plugin). Build it out of tree with
 *
 *     cc -std=c11 -shared -fPIC $(pkg-config --cflags hascout-plugin) \
 *        -o NAME.so NAME.c $(pkg-config --libs hascout-plugin) -lYOURLIB
 *
 * and copy NAME.so into a plugin directory (config `plugin_dirs`,
 * $HASCOUT_PLUGIN_PATH, or `pkg-config --variable=plugindir hascout-plugin`).
 *
 * LINKING
 *   `pkg-config --libs hascout-plugin` is empty on purpose: the hs_*
 *   functions are not in a library but in the hascout executable, which
 *   exports them to the plugins it loads. So `-Wl,-z,defs` cannot be used
 *   (every hs_* call would be "undefined"). Use instead the check installed
 *   as `pkg-config --variable=abicheck hascout-plugin` (hascout-abi-check
 *   NAME.so): it lists the plugin's undefined symbols, drops those its own
 *   linked libraries provide, and fails on any that is not in plugin.sym
 *   (`pkg-config --variable=abisymbols hascout-plugin`), so a forgotten
 *   -lhiredis or a call of a core internal shows at build time, not as a
 *   refused plugin at load time. The example plugin's Makefile runs it.
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
 *     - each target's callbacks run in a fresh fork of the host: a global
 *       variable a plugin sets in configure() is still there in probe(),
 *       score() and release() of the same target, but no other target (and
 *       no later run) ever sees the change. Globals set by a constructor are
 *       inherited by every target of the plugin. Do not use globals to pass
 *       data between targets or runs: keep what a target needs in `state`;
 *     - `hascout plugins` runs constructors in an inspector child as well.
 *
 * PRIVILEGES
 *   Probes run as the config's `probe_user` (default: the system user
 *   `hascout`, else `nobody`), never as root unless a target says
 *   `probe_user = "root";` (or keeps one capability of root's with
 *   `probe_caps = ["net_raw"];`: a raw socket), with PR_SET_NO_NEW_PRIVS, a memory limit
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
 *   it: hs_probe_timeout_ms() turns the time left into a timeout for one
 *   network operation and keeps back HS_PROBE_RESERVE_MS for the core. At
 *   the deadline the core kills the child's whole process group with
 *   SIGKILL and the target is UNKNOWN ("timed out"), with nothing observed.
 *   What the core does after probe() returns (score(), release(), encoding
 *   the result as JSON, writing it into a pipe) takes well under 10 ms for
 *   a few thousand components, and must all happen before the deadline:
 *   return from probe() at least HS_PROBE_RESERVE_MS (100 ms) before it.
 *   Running out of time inside probe(): if nothing useful was observed, call
 *   hs_probe_fail(p, "timed out after %.1f s waiting for ...") and return -1
 *   (the target is UNKNOWN with that reason, better than the core's bare
 *   "timed out"); if part was observed (2 of 3 nodes answered), set the
 *   unobserved components to HS_STATE_UNKNOWN with a message and return 0,
 *   so score() judges what is known.
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
 *   Everything a plugin reports goes through the hs_* functions below;
 *   hs_debug() is the channel for tracing ("connecting to 10.0.0.5:26379"),
 *   shown only to a user who asks with -v.
 *
 * WHAT THE EXECUTABLE EXPORTS, AND HOW THIS ABI GROWS
 *   The hascout executable exports exactly the functions declared in this
 *   header, listed in core/hascout/plugin.sym of the source tree (its link's
 *   --dynamic-list), and nothing else: a plugin that calls any other core
 *   function fails to load ("undefined symbol"), so the core's internals
 *   stay free to change and only what is written here is promised.
 *   tests/cli/test-abi-symbols.sh keeps this header, plugin.sym and the
 *   built binary equal.
 *   The ABI grows additively, within HS_PLUGIN_ABI_VERSION 1:
 *     - a new function is declared here AND listed in plugin.sym, marked
 *       "Since revision N", and HS_PLUGIN_ABI_REVISION becomes N;
 *     - a new enum value is added at the end of its enum (the core treats
 *       a value it does not know as invalid, never as another one);
 *     - the signature, meaning or enum values of an existing function or
 *       type never change, the descriptor's layout never changes, and
 *       nothing is removed.
 *   So a plugin built against an older header keeps loading in every newer
 *   hascout. A plugin that calls a function of revision N is refused by a
 *   hascout older than N at load time, with "undefined symbol: hs_..." (in
 *   `hascout plugins` and in the report), never a crash. There is no
 *   run-time query: HS_PLUGIN_ABI_REVISION is for compile-time #if only.
 *   A change that would break a built plugin is a new ABI: bump
 *   HS_PLUGIN_ABI_VERSION, so the loader refuses plugins built for the old
 *   one with a message instead of them crashing.
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
 *       absent), hs_verdict_status (HS_UNKNOWN), hs_probe_timeout_ms (0);
 *     - the hs_config_* readers but hs_config_secret take a NULL group as
 *       an empty one (their `out` pointers must be valid all the same);
 *       hs_config_secret needs a group.
 *   hs_probe_deadline, hs_probe_time_left and hs_probe_target do NOT accept
 *   NULL (they are given the probe the core passed in). hs_warn, hs_debug,
 *   hs_range_parse, hs_range_alerts, hs_state_name and hs_status_name take
 *   no handle; the last two never return NULL. A `fmt` is never NULL.
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

#include <math.h> /* NAN, for HS_NO_BOUND */
#include <stdarg.h>
#include <stddef.h>
#include <libconfig.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped on any incompatible change of this header. The core loads only
 * plugins whose descriptor carries exactly this value. */
#define HS_PLUGIN_ABI_VERSION 1

/* Additions within ABI 1 (see HOW THIS ABI GROWS above). Revision 1: the
 * first release; revision 2: hs_config_path, hs_probe_timeout_ms, hs_debug,
 * HS_CLASS_FAILOVER_MANAGER; revision 3: redundancy rules
 * (hs_component_require, hs_component_needs and their readers). For
 * compile-time #if only. */
#define HS_PLUGIN_ABI_REVISION 3

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
typedef enum hs_status { HS_OK = 0, HS_WARNING = 1, HS_CRITICAL = 2, HS_UNKNOWN = 3 } hs_status;

/* The HA class a technology belongs to. The core uses it only to group
 * technologies: `hascout plugins` and the reports show its name
 * ("load-balancer"), and `hascout compare` ranks the technologies of one
 * class against each other by their scores (conf/technologies.conf names
 * classes the same way). It changes nothing in how a target is probed or
 * judged. Pick the job the technology does for availability; OTHER is
 * never ranked. Values are ABI: new classes are added at the end. */
typedef enum hs_ha_class {
    HS_CLASS_RESOURCE_MONITOR = 0,     /* keepalived, Pacemaker/Corosync:
                                        * move an address or a resource */
    HS_CLASS_LOAD_BALANCER = 1,        /* HAProxy, nginx */
    HS_CLASS_DISTRIBUTED_STORAGE = 2,  /* Ceph/RADOS, DRBD, GlusterFS */
    HS_CLASS_DISTRIBUTED_DATABASE = 3, /* Galera, MySQL Group Replication */
    HS_CLASS_OTHER = 4,                /* test and utility plugins */
    /* Since revision 2: watches a replicated service and promotes a new
     * primary when the old one fails ("failover-manager"): Redis
     * Sentinel, Patroni, Orchestrator, MHA. */
    HS_CLASS_FAILOVER_MANAGER = 5
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
    int abi_version;        /* HS_PLUGIN_ABI_VERSION */
    const char *name;       /* [a-z0-9_-]+, equal to the .so file's stem */
    const char *version;    /* the plugin's own version, free form */
    const char *technology; /* human name: "HAProxy", "Galera" */
    hs_ha_class ha_class;
    struct hs_scores scores; /* default evaluation of the technology */
    const char *description; /* one line for `hascout plugins` */

    /* Read the target's configuration. `target` is the target's libconfig
     * group (keys `name`, `plugin`, `deadline`, `probe_user`,
     * `memory_limit` and `probe_caps` belong to the core, all others to the plugin). On success store the plugin's state in *state and
     * return 0. On error return -1 after hs_error_at() (names file:line). */
    int (*configure)(const config_setting_t *target, void **state, hs_error *err);

    /* Observe the target: add components with hs_probe_component(), metrics
     * and messages. Return 0 when the observation happened (even if it saw
     * everything DOWN), -1 when it could not observe at all, after
     * hs_probe_fail() with the reason (the target becomes UNKNOWN). */
    int (*probe)(void *state, hs_probe *probe);

    /* Judge what probe() saw: set the status and a 0..100 health score with
     * hs_verdict_raise() / hs_verdict_health(). `probe` is the result just
     * built (read it with the accessors below, or use what probe() kept in
     * state). It is const: score() cannot change a component, so a judgement
     * that changes a component's state (the service DOWN because quorum is
     * lost) belongs in probe(), which leaves score() only the status.
     * Always give a reason, also for OK ("3/3 sentinels agree on master
     * 10.0.0.5"): it is the target's line in the report, and a verdict
     * without one shows a bare status. Not called when probe() returned -1.
     * Returns 0, or -1 after hs_verdict_raise(v, HS_UNKNOWN, reason). */
    int (*score)(void *state, const hs_probe *probe, hs_verdict *v);

    /* Free `state`. Called once after configure() succeeded. May be NULL
     * only if configure() never allocates. */
    void (*release)(void *state);
};

typedef const struct hs_plugin *(*hs_plugin_entry_fn)(void);

/* Define the entry symbol returning `desc` (a static struct hs_plugin). */
#define HS_PLUGIN_DEFINE(desc)                                                                     \
    HS_EXPORT const struct hs_plugin *hascout_plugin_entry_v1(void);                               \
    HS_EXPORT const struct hs_plugin *hascout_plugin_entry_v1(void)                                \
    {                                                                                              \
        return &(desc);                                                                            \
    }

/* ---- errors ------------------------------------------------------------ */

/* Set the error message (printf-style). Later calls replace it. */
void hs_error_set(hs_error *err, const char *fmt, ...) HS_PRINTF(2, 3);

/* Set the error message prefixed with "FILE:LINE: " of setting `where`
 * (which may be NULL: then no prefix). */
void hs_error_at(hs_error *err, const config_setting_t *where, const char *fmt, ...)
    HS_PRINTF(3, 4);

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
int hs_config_range(const config_setting_t *g, const char *key, const char *def, hs_range *r,
                    hs_error *err);

/* Read a secret: from `KEY_file` (a path; the file's first line, without
 * its line end, is the secret) or, discouraged, from `KEY` inline. A file
 * readable by group or others gets a warning in the report. Writes a NUL
 * terminated secret into buf (caller-owned). Returns 1 when found, 0 when
 * neither key is set, -1 on error (file:line, never the secret). */
int hs_config_secret(const config_setting_t *g, const char *key, char *buf, size_t buflen,
                     hs_error *err);

/* Refuse any member of group `g` whose name is not in `allowed` (a
 * NULL-terminated list, may be NULL: nothing allowed), naming file:line of
 * the first one. `g` may be any group: the target's own, or one nested in it
 * (a node group in a list, an `overrides` group); NULL has no members. The
 * core's target keys (name, plugin, deadline, probe_user, memory_limit,
 * probe_caps) are
 * always allowed in a target group, i.e. an element of the top-level
 * `targets` list, and only there: a nested group that has its own `name`
 * must list it in `allowed`. The message names the nested group ("unknown
 * key 'x' in 'overrides'", "... in an element of 'nodes'"). Returns 0 or -1.
 * Call it for every group you read, nested ones included:
 * a misspelt key is then an error naming its line, not a silent default. */
int hs_config_check_keys(const config_setting_t *g, const char *const *allowed, hs_error *err);

/* Read an optional number (int or float) `key`; absent: *out = def.
 * Returns 0, or -1 with file:line when present but not a number. */
int hs_config_number(const config_setting_t *g, const char *key, double def, double *out,
                     hs_error *err);

/* Read an optional string `key`; absent: *out = def (may be NULL). The
 * string is owned by the config and lives until release() returns.
 * Returns 0, or -1 with file:line when present but not a string. */
int hs_config_string(const config_setting_t *g, const char *key, const char *def, const char **out,
                     hs_error *err);

/* The readers below take a NULL group as one with no members, and on error
 * return -1 with "FILE:LINE: " of the offending setting in err, worded like
 * the core's own config errors. */

/* Read an optional boolean `key` (a libconfig `true`/`false`, nothing else:
 * not 0/1, not "yes"); absent: *out = def. *out is 0 or 1. Returns 0, or -1
 * with file:line when present but not a boolean (*out untouched). */
int hs_config_bool(const config_setting_t *g, const char *key, int def, int *out, hs_error *err);

/* Read an optional string `key` that must be one of `names` (NULL-terminated,
 * compared exactly, case included); *out = its index in `names`. Absent:
 * *out = def (which need not be an index: -1 can mean "not given"). Returns
 * 0, or -1 with file:line and the allowed names ("'method' must be \"a\" or
 * \"b\", not \"c\"") when present but not a string or not one of them
 * (*out untouched). */
int hs_config_enum(const config_setting_t *g, const char *key, const char *const *names, int def,
                   int *out, hs_error *err);

/* Read an optional array or list `key` of strings ([ "a", "b" ] or
 * ( "a", "b" )). *out is a malloc'ed, NULL-terminated array of *n pointers,
 * owned by the caller, who free()s the array only: the strings belong to the
 * config and live until release() returns. An empty list gives a one-slot
 * array ({ NULL }) and *n = 0; absent: *out = NULL, *n = 0. Returns 0, or -1
 * with file:line (of the element, for one that is not a string) and *out =
 * NULL, *n = 0; a bare string is not a list of one. */
int hs_config_strings(const config_setting_t *g, const char *key, const char ***out, size_t *n,
                      hs_error *err);

/* Check that every key of `keys` (NULL-terminated; NULL: none) is a member of
 * `g`, whatever its type. Returns 0, or -1 with file:line of `g` naming the
 * first missing key ("'user' is missing"); for a NULL `g` the message has no
 * file:line. */
int hs_config_require(const config_setting_t *g, const char *const *keys, hs_error *err);

/* Since revision 2. Read an optional string `key` that must be an absolute
 * path ('/' first: a relative one would depend on the probe's working
 * directory, which is not the config's); absent: *out = def (may be NULL,
 * is not checked). The string is owned by the config and lives until
 * release() returns. Returns 0, or -1 with file:line when present but not a
 * string, empty or relative (*out untouched). Whether the file exists is
 * for probe() to find out: it runs as the probe user, as configure() does. */
int hs_config_path(const config_setting_t *g, const char *key, const char *def, const char **out,
                   hs_error *err);

/* ---- warnings ---------------------------------------------------------- */

/* Record a warning for the report (printf-style, copied; the same text
 * twice is kept once): a setting that works but is risky, such as a
 * password sent over plain http. It is shown with the target's result and,
 * unless -q, on stderr. May be called from any callback. Never put a secret
 * in it. A problem of the observed service goes into component messages and
 * the verdict instead: a warning is about the monitoring itself. */
void hs_warn(const char *fmt, ...) HS_PRINTF(1, 2);

/* At most this many debug lines are kept per target. */
#define HS_DEBUG_MAX_LINES 200

/* Since revision 2. Record a debug line (printf-style, copied, control
 * characters replaced by spaces, cut at 1023 bytes): what the plugin is
 * doing, for a user who asks why a target looks the way it does. The lines
 * travel with the target's result and are shown on stderr, as "hascout:
 * debug: TARGET: LINE", only under -v; never in a report (text, JSON, ...).
 * Beyond HS_DEBUG_MAX_LINES one last line says how many were dropped, so
 * tracing per item is safe. May be called from any callback. Never put a
 * secret in it. */
void hs_debug(const char *fmt, ...) HS_PRINTF(1, 2);

/* ---- building a probe result (from probe()) --------------------------- */

/* Absolute CLOCK_MONOTONIC deadline of this target, in seconds. */
double hs_probe_deadline(const hs_probe *p);
/* Seconds left before the deadline (may be <= 0). */
double hs_probe_time_left(const hs_probe *p);

/* Milliseconds before the deadline that the core keeps for itself (score,
 * release, encoding and sending the result): hs_probe_timeout_ms() never
 * hands them out. */
#define HS_PROBE_RESERVE_MS 100

/* Since revision 2. A timeout in milliseconds for the next network
 * operation: `fraction` (0 < fraction <= 1; anything else counts as 1) of
 * the time left minus HS_PROBE_RESERVE_MS, at most `cap_ms` (<= 0: no cap).
 * Use a fraction below 1 when more operations follow (0.5 for the first of
 * two servers, so the second still has time). Returns 0 when no time is
 * left (or p is NULL): then stop, see "Running out of time" under TIME
 * BUDGET; otherwise at least 1. Fits curl's CURLOPT_TIMEOUT_MS, poll(),
 * and a struct timeval { ms / 1000, ms % 1000 * 1000 } (hiredis). */
long hs_probe_timeout_ms(const hs_probe *p, double fraction, long cap_ms);
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

/* Add a component. `id` is unique within the target and may be any text
 * (spaces, '|', UTF-8; control characters as said above): use the name the
 * server uses ("10.0.0.5:6379", "backend app/web2"). `kind` says what it is ("node", "backend", "server",
 * "instance", "service", ...). `parent` is the id of an earlier component
 * or NULL. Components of kind "service" are what the target delivers as a
 * whole (the VIP, the cluster). Returns NULL only when out of memory or
 * when `id` is already used (then the probe is marked malformed). */
hs_component *hs_probe_component(hs_probe *p, const char *id, const char *kind, const char *parent,
                                 hs_state state);

/* Change a component's state. */
void hs_component_set_state(hs_component *c, hs_state state);

/* Attach a line of human-readable text to a component. */
void hs_component_message(hs_component *c, const char *fmt, ...) HS_PRINTF(2, 3);

/* Add a numeric metric. `unit` is a perfdata unit ("", "s", "ms", "%",
 * "B", "c") or NULL. Names are unique per component. A value that is not
 * finite is kept as unknown ("U" in perfdata). Returns NULL, adding
 * nothing, when c is NULL, when `name` is NULL or empty, already a metric
 * of c, or c has 2000 metrics, or when memory runs out; all but c NULL mark
 * the probe malformed (the target becomes UNKNOWN). hs_metric_thresholds
 * and hs_metric_bounds accept that NULL. */
hs_metric *hs_component_metric(hs_component *c, const char *name, double value, const char *unit);

/* Perfdata decoration of a metric: thresholds as range text (NULL: none)
 * and bounds (HS_NO_BOUND, a NaN: none; a percentage has 0, 100). */
#define HS_NO_BOUND ((double)NAN)
void hs_metric_thresholds(hs_metric *m, const char *warn, const char *crit);
void hs_metric_bounds(hs_metric *m, double min, double max);

/* Attach a text label to a component ("check_status" = "L7OK"). */
void hs_component_label(hs_component *c, const char *name, const char *value);

/* ---- redundancy rules (since revision 3) -------------------------------
 * What a component needs to work, so that hascout can derive an
 * availability model from what the probes see (`hascout model discover`,
 * and the live margins of a config without a hand-written model). Say it
 * only when you know it; a plugin that says nothing keeps working (each
 * component then needs all of its children).
 *
 * In the derived model a component without children is a basic event,
 * mapped live onto that component. A component with children works while
 * at least `k` of them work (hs_component_require), or, with no rule, while
 * all of them do. A component may also need other components of the same
 * result that are not its children (hs_component_needs): it works only
 * while they work too. The target as a whole needs every component without
 * a parent that no other component needs.
 *
 *     // a Galera cluster of 3 nodes needs a majority of them:
 *     hs_component *cl = hs_probe_component(p, "cluster", "service", NULL, st);
 *     for (i = 0; i < 3; i++)
 *         hs_probe_component(p, node[i], "node", "cluster", node_state[i]);
 *     hs_component_require(cl, 3 / 2 + 1, "a majority of the 3 nodes "
 *                          "of the last Primary view (wsrep_cluster_size)");
 *
 *     // a HAProxy listen section: its frontend needs its backend
 *     hs_component_needs(fe, "backend/web");
 *
 * `why` (may be NULL) says where k comes from; it becomes the gate's
 * description in the derived model. k < 1 marks the probe malformed; k above
 * the number of children is modelled as all of them needed, and said. A
 * needed id may be named before or after it is added, but must be in the
 * result when the probe ends, and needs must not form a cycle: the model
 * derivation names the missing or cyclic id. */
void hs_component_require(hs_component *c, int k, const char *why);
/* Say that c needs the component `id` of the same result (not one of its
 * children) to work. Naming c itself marks the probe malformed; naming an
 * id twice counts it once. */
void hs_component_needs(hs_component *c, const char *id);

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
/* Since revision 3: the rule of hs_component_require (0: none, every child
 * needed) and the ids named by hs_component_needs, in order. */
int hs_component_required(const hs_component *c);
size_t hs_component_needs_count(const hs_component *c);
const char *hs_component_needs_at(const hs_component *c, size_t i); /* NULL past the end */

/* ---- the verdict (from score()) ---------------------------------------- */

/* Raise the status to at least `status` (OK < WARNING < CRITICAL; UNKNOWN
 * ranks between WARNING and CRITICAL) and add the reason, which should name
 * the component: "backend app: server web2 DOWN (L4CON)". */
void hs_verdict_raise(hs_verdict *v, hs_status status, const char *fmt, ...) HS_PRINTF(3, 4);
/* An OK verdict raises HS_OK with what was checked, too: its reason is the
 * target's line in the report. */

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
