/*
 * plugins/haproxy/haproxy.h — the HAProxy plugin's private header: what its
 * files share, one section per file (or group of files), the sections in
 * dependency order; the layout is plugins/README.md's template. Not installed,
 * not ABI.
 *
 * Errors: config.c reports through the caller-owned hs_error, as the ABI's
 * readers do; every other function writes its message into a caller-owned
 * buffer `char *err, size_t errlen` (always NUL-terminated when errlen > 0)
 * and returns -1, so the pure files link without the core.
 */
#ifndef HS_PLUGIN_HAPROXY_H
#define HS_PLUGIN_HAPROXY_H

#include <stddef.h>

#include <hascout/plugin.h>

/*
 * parse_csv.c — a small RFC 4180-style record splitter for HAProxy's CSV
 * output.
 *
 * Pure: works on a caller-owned, writable buffer, no I/O, no allocation
 * beyond the field array it hands back. HAProxy quotes a field with '"'
 * when it holds a comma, a quote or a line end (the quote doubled inside),
 * so a record may span several physical lines.
 */

/* A cursor over a buffer of records. `buf` is modified in place: fields are
 * unquoted and NUL-terminated where they lie, so the pointers handed out
 * stay valid as long as the buffer does. */
struct hap_csv {
    char *p;        /* next byte to read */
    char *end;      /* one past the last byte */
    size_t line;    /* 1-based physical line of the next record */
    char **fields;  /* field pointers of the last record (owned here) */
    size_t nfields; /* how many of them are filled */
    size_t cap;     /* allocated size of `fields` */
};

/* Start reading `len` bytes at `buf` (which must stay alive and writable;
 * one extra byte at buf[len] must exist and is overwritten with NUL).
 * Never fails. */
void hap_csv_init(struct hap_csv *c, char *buf, size_t len);

/* Read the next non-blank record into c->fields / c->nfields; *line gets
 * the line it started on. Returns 1 for a record, 0 at the end of input,
 * -1 on malformed input or out of memory with a message naming the line in
 * err. */
int hap_csv_next(struct hap_csv *c, size_t *line, char *err, size_t errlen);

/* Free the field array. The buffer stays the caller's. */
void hap_csv_free(struct hap_csv *c);

/* Copy at most `max` bytes of `s` into out (size outlen) for an error
 * message: control and non-ASCII bytes become '?', and "..." marks a cut. */
void hap_csv_snippet(const char *s, size_t len, size_t max, char *out, size_t outlen);

/*
 * parse.c — HAProxy statistics (`show stat` / `/stats;csv`) as structs.
 *
 * Pure: bytes in, a table of rows out, or an error naming the line and
 * column. No I/O, no global state; shared by the plugin, the unit tests,
 * the fuzz target and the benchmark.
 *
 * Columns are found by header name, never by position (they move between
 * HAProxy versions); unknown columns are ignored, and only pxname, svname
 * and status are required.
 */

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
    const char *status_text; /* as printed, e.g. "UP 1/2" */
    enum hap_status status;
    int trans_cur, trans_max; /* "UP 1/2" → 1, 2; 0, 0 when steady */
    const char *check_status; /* without the "* " in-progress prefix */
    int check_running;        /* 1 when the "* " prefix was there */
    const char *check_desc;
    const char *addr;
    double check_code;
    double scur, slim, qcur, qlimit;
    double weight, uweight;   /* effective and configured weight */
    double act, bck;          /* server: 1 if active/backup; backend: counts */
    double lastchg, downtime; /* seconds */
    size_t line;              /* where the row started in the input */
};

/* A parsed table. Owns `rows` and the copy of the input they point into. */
struct hap_stats {
    struct hap_row *rows;
    size_t nrows;
    size_t ncolumns; /* named columns in the header */
    char *buf;       /* private copy of the input */
};

/* Parse `len` bytes of CSV at `data` (need not be NUL-terminated) into
 * *out, which the caller frees with hap_stats_free() on success AND on
 * failure (it is always left freeable; on failure it holds no rows).
 * Returns 0, or -1 with a message naming line and column in err (never
 * longer than errlen, always NUL-terminated when errlen > 0). */
int hap_stats_parse(const char *data, size_t len, struct hap_stats *out, char *err, size_t errlen);

/* Free what hap_stats_parse() allocated; *s becomes empty. Safe on an
 * empty or already freed table. */
void hap_stats_free(struct hap_stats *s);

/* Parse a `status` text ("UP 1/2", "MAINT (via be/s)", "no check") into
 * its word and transition counters. Unknown words give HAP_ST_UNKNOWN.
 * Never fails. */
enum hap_status hap_status_parse(const char *text, int *cur, int *max);

/*
 * parse_group.c — the proxies of a parsed stats table, grouped and counted.
 *
 * Pure: turns the flat rows of hap_stats into frontends and backends with
 * their servers, applies the configured filters and counts what is up, so
 * that probe() only maps and score() only judges.
 */

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
    unsigned types;    /* HAP_KEEP_* bits; 0 means all */
    int maint_is_down; /* MAINT/DRAIN servers count as lost */
};

/* How a server counts for its backend. */
enum hap_use {
    HAP_USE_UP,     /* takes traffic */
    HAP_USE_DOWN,   /* should take traffic and cannot */
    HAP_USE_ADMIN,  /* taken out on purpose (MAINT, DRAIN) */
    HAP_USE_UNKNOWN /* status word not understood */
};

struct hap_server {
    const struct hap_row *row;
    enum hap_use use;
    int backup;
    double weight; /* configured weight (uweight, else weight, else 1) */
};

struct hap_backend {
    const char *name;
    const struct hap_row *row;  /* the BACKEND row, or NULL if absent */
    struct hap_server *servers; /* owned by the view */
    size_t nservers, cap;
    int listen; /* a FRONTEND of the same name exists */
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
int hap_view_build(const struct hap_stats *s, const struct hap_filter *f, struct hap_view *v,
                   char *err, size_t errlen);

void hap_view_free(struct hap_view *v);

/* How a server row counts (see enum hap_use), given maint_is_down. */
enum hap_use hap_server_use(const struct hap_row *r, int maint_is_down);

/* 1 when proxy `name` passes the filter's include and exclude globs. */
int hap_filter_name(const struct hap_filter *f, const char *name);

/*
 * judge.c — the scoring rules of the HAProxy plugin, as pure functions.
 *
 * From a hap_view and the configured limits, decide the component states,
 * the alerts (through a callback, so the plugin feeds them to the core's
 * verdict and the tests collect them) and the health score.
 */

struct hap_limits {
    double min_up;          /* CRITICAL when fewer usable servers */
    hs_range warn_sessions; /* on scur/slim in percent */
    hs_range crit_sessions;
    hs_range warn_queue; /* on qcur of a backend */
    hs_range crit_queue;
};

/* Receives one alert: its status and a text naming the proxy/server. */
typedef void (*hap_alert_fn)(void *ctx, hs_status status, const char *text);

/* Judge every frontend and backend of v; call alert() for each finding
 * (never for OK). Returns the health score 0..100: the up fraction of
 * backend capacity by configured weight, or NaN when v has no server to
 * weigh. */
double hap_judge(const struct hap_view *v, const struct hap_limits *l, hap_alert_fn alert,
                 void *ctx);

/* Observed state of a server row (UP n/m going down is DEGRADED, MAINT and
 * DRAIN are DOWN and DEGRADED: they serve nothing / only old sessions). */
hs_state hap_server_state(const struct hap_row *r);

/* Observed state of a backend: DOWN without a usable server or below
 * min_up, DEGRADED when it lost a server or runs on backups, else UP. */
hs_state hap_backend_state(const struct hap_backend *b, double min_up);

/* Observed state of a frontend: OPEN is UP, FULL DEGRADED, others DOWN. */
hs_state hap_frontend_state(const struct hap_row *r);

/* scur as a percentage of slim, or NaN when there is no limit. */
double hap_session_pct(const struct hap_row *r);

/*
 * config_url.c — what the settings check needs to know about a stats URL.
 *
 * Pure: a string in, facts out; no I/O, no resolver, no global state (the
 * fuzz target calls it on arbitrary bytes).
 */

struct hap_url_info {
    int https;    /* 1: https://, 0: http:// (scheme case-insensitive) */
    int userinfo; /* 1: the authority holds an '@' (a login, maybe a
                         password): RFC 3986, the authority runs from "//"
                         to the first '/', '?' or '#' (';' does not end it) */
    int loopback; /* 1: the host is localhost, 127.0.0.0/8 or ::1, so
                         plain http never leaves the machine */
};

/* Inspect url (NUL-terminated). Returns 0 and fills *info, or -1 when the
 * scheme is not http:// or https:// (*info zeroed). Never fails otherwise:
 * a URL curl will refuse later is not this function's business. */
int hap_url_inspect(const char *url, struct hap_url_info *info);

/*
 * io_http.c, io_socket.c — getting the stats CSV from HAProxy: the HTTP(S)
 * stats page through libcurl, or `show stat` on the stats socket (unix or TCP).
 *
 * I/O only: these return the raw bytes and never interpret them, so the
 * pure parser stays the one place that reads HAProxy's format.
 */

/* A reply larger than this is not a stats table (1,000 servers are about
 * 500 KB), and a bounded buffer keeps a hostile peer from eating memory. */
#define HAP_FETCH_MAX ((size_t)64 << 20)

struct hap_http {
    const char *url;        /* http:// or https://, ";csv" already added */
    const char *username;   /* NULL: no authentication */
    const char *password;   /* with username; never copied into messages */
    const char *ca_file;    /* NULL: the system's CA store */
    int insecure;           /* 1: skip certificate and host verification */
    double connect_timeout; /* seconds */
};

/* GET the stats page within `timeout` seconds (total). On success returns
 * 0 and hands over *body (NUL-terminated, *len bytes without the NUL),
 * which the caller frees with free(). On failure returns -1, *body is
 * NULL, and err says what failed (connection, TLS, HTTP status, timeout)
 * without the password. */
int hap_fetch_http(const struct hap_http *h, double timeout, char **body, size_t *len, char *err,
                   size_t errlen);

/* Check a socket address "unix:/path", "tcp:host:port" or
 * "tcp:[v6addr]:port" without connecting. Returns 0, or -1 with err. */
int hap_socket_check(const char *spec, char *err, size_t errlen);

/* Send `show stat` to the stats socket `spec` and read the reply until the
 * server closes, all within `timeout` seconds. Ownership and errors as for
 * hap_fetch_http(). */
int hap_fetch_socket(const char *spec, double timeout, char **body, size_t *len, char *err,
                     size_t errlen);

/*
 * config.c — the HAProxy plugin's target configuration.
 *
 * Reads and checks every key of a target group (see README.md for the
 * list) through the core's hs_config_* helpers, so that a mistake is
 * reported at configure time with file:line, not at probe time.
 */

/* Passwords longer than this are refused rather than cut. */
#define HAP_SECRET_MAX 512

struct hap_config {
    const char *socket;   /* "unix:/p" / "tcp:h:p", or NULL (config's) */
    struct hap_http http; /* used when socket is NULL; http.url owned */
    char password[HAP_SECRET_MAX];
    double timeout; /* seconds for the whole fetch, capped by
                                 the target's deadline at probe time */
    struct hap_limits limits;
    /* the threshold texts, for perfdata (the config's strings or NULL) */
    const char *warn_sessions, *crit_sessions, *warn_queue, *crit_queue;
    struct hap_filter filter;    /* pattern arrays owned, strings the config's
                                 or in the stores below */
    char *inc_store, *exc_store; /* owned copies of comma-separated lists */
};

/* Fill *c from the target group g. Returns 0, or -1 with err set (file:line
 * of the offending key). Either way *c must be released with
 * hap_config_free(). */
int hap_config_read(const config_setting_t *g, struct hap_config *c, hs_error *err);

/* Free what hap_config_read() allocated and wipe the password. */
void hap_config_free(struct hap_config *c);

/* Where the stats come from, for messages: the socket spec or the URL. */
const char *hap_config_source(const struct hap_config *c);

/*
 * emit.c — what the probe saw, as the core's components: "frontend/NAME",
 * "backend/NAME" (a service) and "backend/NAME/SERVER", with labels, metrics
 * (thresholds from conf) and messages. Calls the ABI; not pure.
 */

/* Add the components of every frontend and backend of `v` to `p`. A
 * component the core refuses (hs_probe_component returns NULL) is skipped. */
void hap_emit(hs_probe *p, const struct hap_view *v, const struct hap_config *conf);

#endif /* HS_PLUGIN_HAPROXY_H */
