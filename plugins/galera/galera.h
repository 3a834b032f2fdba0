/*
 * plugins/galera/galera.h — the Galera plugin's private header: what its files
 * share, one section per file (or group of files), the sections in dependency
 * order; the layout is plugins/README.md's template. Not installed, not ABI.
 *
 * Errors: config.c reports through the caller-owned hs_error, as the ABI's
 * readers do; every other function writes its message into a caller-owned
 * buffer `char *err, size_t errlen` (always NUL-terminated when errlen > 0)
 * and returns -1, so the pure files link without the core.
 */
#ifndef HS_PLUGIN_GALERA_H
#define HS_PLUGIN_GALERA_H

#include <stddef.h>
#include <stdint.h>

#include <hascout/plugin.h>

/*
 * parse_addr.c — pure parser of a node address from the config.
 *
 *   "db1.example:3306", "10.0.0.5" (port 3306), "[2001:db8::5]:3307",
 *   "/run/mysqld/mysqld.sock" or "unix:/run/mysqld/mysqld.sock".
 */

#define GAL_DEFAULT_PORT 3306
#define GAL_HOST_MAX 256 /* DNS names are at most 253 bytes */
#define GAL_SOCK_MAX 108 /* sizeof sun_path on Linux */

typedef struct gal_addr {
    int is_socket;           /* 1: `socket` is set, host/port unused */
    char host[GAL_HOST_MAX]; /* without IPv6 brackets */
    unsigned port;           /* 1..65535 */
    char socket[GAL_SOCK_MAX];
} gal_addr;

/* Parse the NUL-terminated `text` into *out. Returns 0, or -1 with a message
 * saying what is wrong in err[errlen] (caller-owned). No I/O, no name
 * lookup. */
int gal_addr_parse(const char *text, gal_addr *out, char *err, size_t errlen);

/*
 * parse.c — pure parser of a Galera node's wsrep status.
 *
 * Input is what a node answers to `SHOW GLOBAL STATUS LIKE 'wsrep_%'` and
 * `SHOW GLOBAL VARIABLES LIKE 'wsrep_%'`: name/value rows. The plugin feeds
 * the rows of its MYSQL_RES one by one; tests and the fuzz target feed the
 * tab-separated text `mariadb -B` prints. No I/O, no allocation, no globals.
 */

/* wsrep_cluster_status */
typedef enum gal_cluster_status {
    GAL_CS_PRIMARY = 0,
    GAL_CS_NON_PRIMARY = 1,
    GAL_CS_DISCONNECTED = 2
} gal_cluster_status;

/* wsrep_local_state (values are Galera's) */
typedef enum gal_local_state {
    GAL_LS_INITIALIZED = 0, /* also what a non-Primary node shows */
    GAL_LS_JOINING = 1,
    GAL_LS_DONOR = 2, /* Donor/Desynced */
    GAL_LS_JOINED = 3,
    GAL_LS_SYNCED = 4
} gal_local_state;

/* Bits of gal_status.seen, one per field below. */
enum {
    GAL_F_CLUSTER_STATUS = 1u << 0,
    GAL_F_LOCAL_STATE = 1u << 1,
    GAL_F_LOCAL_STATE_COMMENT = 1u << 2,
    GAL_F_READY = 1u << 3,
    GAL_F_CONNECTED = 1u << 4,
    GAL_F_CLUSTER_SIZE = 1u << 5,
    GAL_F_STATE_UUID = 1u << 6,
    GAL_F_CONF_ID = 1u << 7,
    GAL_F_RECV_QUEUE_AVG = 1u << 8,
    GAL_F_FC_PAUSED = 1u << 9,
    GAL_F_DESYNC = 1u << 10, /* the variable wsrep_desync */
    GAL_F_EVS_STATE = 1u << 11,
    GAL_F_NODE_NAME = 1u << 12,    /* the variable wsrep_node_name */
    GAL_F_CLUSTER_NAME = 1u << 13, /* the variable wsrep_cluster_name */
    GAL_F_WSREP_ON = 1u << 14      /* the variable wsrep_on */
};

/* Rows without which a node's state cannot be judged (gal_status_finish).
 * A Disconnected node (wsrep off, no provider) has no wsrep_local_state and
 * an empty state UUID; any other node needs wsrep_local_state as well. */
#define GAL_F_REQUIRED                                                                             \
    (GAL_F_CLUSTER_STATUS | GAL_F_READY | GAL_F_CONNECTED | GAL_F_CLUSTER_SIZE |                   \
     GAL_F_STATE_UUID | GAL_F_CONF_ID)

/* wsrep_cluster_conf_id of a node outside any Primary component (-1 as an
 * unsigned 64-bit number). */
#define GAL_CONF_ID_NONE UINT64_MAX

#define GAL_TEXT_MAX 64 /* longest kept text value, NUL included */

typedef struct gal_status {
    unsigned seen; /* GAL_F_* of the rows parsed */
    gal_cluster_status cluster_status;
    int local_state; /* gal_local_state, or another value a newer Galera uses */
    char local_state_comment[GAL_TEXT_MAX];
    int ready;     /* 1 ON, 0 OFF */
    int connected; /* 1 ON, 0 OFF */
    int desync;    /* 1 ON, 0 OFF */
    int wsrep_on;  /* 1 ON, 0 OFF (only meaningful with GAL_F_WSREP_ON) */
    uint64_t cluster_size;
    uint64_t conf_id;              /* GAL_CONF_ID_NONE outside a Primary component */
    char state_uuid[GAL_TEXT_MAX]; /* "" on a node that never joined */
    double recv_queue_avg;
    double fc_paused; /* fraction of time paused, 0..1 */
    char evs_state[GAL_TEXT_MAX];
    char node_name[GAL_TEXT_MAX];
    char cluster_name[GAL_TEXT_MAX];
} gal_status;

/* Parse errors go to a caller-owned err[errlen] (256 bytes hold any of
 * them) and name the place: the row name or "line N". */
#define GAL_PERR_MAX 256

/* Start an empty status (nothing seen). Never fails. */
void gal_status_init(gal_status *st);

/* Take one row. Names outside the set above are ignored (Galera has many);
 * a known name given twice, or a value that does not fit the field (not a
 * number, out of range, unknown word, longer than GAL_TEXT_MAX - 1, a UUID
 * that is neither empty nor xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) is an
 * error naming the row. name/value need no NUL (lengths given) and may hold
 * any bytes. Returns 0, or -1 with err set (st then holds what came before). */
int gal_status_row(gal_status *st, const char *name, size_t nlen, const char *value, size_t vlen,
                   char *err, size_t errlen);

/* After the last row: 0 when every GAL_F_REQUIRED row came (and
 * wsrep_local_state unless the node is Disconnected or wsrep_on is OFF),
 * else -1 with the missing names in err. */
int gal_status_finish(const gal_status *st, char *err, size_t errlen);

/* Parse `mariadb -B` output: lines "NAME<TAB>VALUE", "\n" or "\r\n" ends, an
 * optional header line "Variable_name<TAB>Value" first, blank lines skipped.
 * Rows go through gal_status_row, then gal_status_finish. Errors name the
 * line. Returns 0 or -1. */
int gal_status_parse_text(const char *buf, size_t len, gal_status *st, char *err, size_t errlen);

/* Name of a cluster status ("Primary", "non-Primary", "Disconnected"). */
const char *gal_cluster_status_name(gal_cluster_status cs);

/*
 * io.c — query Galera nodes over the MySQL protocol (libmariadb /
 * libmysqlclient), one thread per node.
 */

/* What became of a node's query. */
typedef enum gal_reach {
    GAL_REACH_OK = 0, /* answered; `st` holds its status */
    GAL_REACH_DOWN,   /* refused the connection: nothing listens there */
    GAL_REACH_FAILED  /* timed out, refused the login, or answered garbage */
} gal_reach;

/* Login and timeouts (whole seconds, >= 1) shared by all nodes of a target.
 * The strings are borrowed from the caller for the duration of a query. */
typedef struct gal_login {
    const char *user;
    const char *password; /* may be NULL: no password */
    unsigned connect_timeout, read_timeout, write_timeout;
} gal_login;

typedef struct gal_node {
    const char *id; /* the address as configured; borrowed, not freed */
    gal_addr addr;
    /* filled by gal_node_query */
    gal_reach reach;
    unsigned errnum;  /* client or server error number, 0 when none */
    char error[320];  /* why reach != GAL_REACH_OK; never holds the password */
    double latency_s; /* connect + queries, wall time */
    gal_status st;
} gal_node;

/* Connect to one node, read its wsrep status and variables, disconnect.
 * Fills n->reach, errnum, error, latency_s, st. Safe to call from several
 * threads at once for different nodes once mysql_library_init() ran. */
void gal_node_query(gal_node *n, const gal_login *login);

/* Query nodes[0..count) concurrently, one thread each, and join them all
 * before returning. A node whose thread cannot be started is queried on the
 * calling thread instead, so every node always gets its answer. Call
 * mysql_library_init() first. Returns the number of threads started. */
size_t gal_query_all(gal_node *nodes, size_t count, const gal_login *login);

/*
 * judge.c — judge a Galera cluster from its nodes' answers.
 *
 * Pure: takes what gal_query_all() saw and the target's policy, gives each
 * node and the cluster a state and the reasons with their status. No I/O; the
 * plugin maps the result onto hs_* calls, the unit tests check it directly.
 */

#define GAL_MAX_NODES 64
#define GAL_MAX_REASONS (2 * GAL_MAX_NODES + 8)

/* How a target wants its cluster judged (see README.md for the keys). */
typedef struct gal_policy {
    unsigned expected_size;    /* nodes the cluster should have */
    unsigned min_primary;      /* fewer in the Primary component: CRITICAL */
    hs_status donor_status;    /* status of a Donor/Desynced node: OK or WARNING */
    hs_range warn_fc, crit_fc; /* wsrep_flow_control_paused (0..1) */
    hs_range warn_rq, crit_rq; /* wsrep_local_recv_queue_avg */
} gal_policy;

typedef struct gal_reason {
    hs_status status;
    char text[400];
} gal_reason;

typedef struct gal_assessment {
    hs_state cluster;             /* the "service" component */
    hs_state node[GAL_MAX_NODES]; /* per node, same order as the input */
    unsigned primary_size;        /* largest wsrep_cluster_size seen on a Primary node */
    unsigned reachable;           /* nodes that answered */
    unsigned primary;             /* of those, in a Primary component */
    unsigned synced;              /* of those, Synced, ready and connected */
    double health;                /* 0..100 */
    size_t nreasons;
    gal_reason reasons[GAL_MAX_REASONS];
} gal_assessment;

/* Judge nodes[0..count) (count <= GAL_MAX_NODES) under `pol` into *out
 * (caller-owned; fully overwritten). Never fails. */
void gal_assess(const gal_node *nodes, size_t count, const gal_policy *pol, gal_assessment *out);

/* The worst status among out's reasons (HS_OK when none), ranked as the
 * core ranks them: OK < WARNING < UNKNOWN < CRITICAL. */
hs_status gal_assess_status(const gal_assessment *a);

/*
 * config.c — read a galera target's configuration group.
 */

#define GAL_PASSWORD_MAX 256

typedef struct gal_config {
    size_t nnodes;
    gal_node nodes[GAL_MAX_NODES]; /* id and addr set; results filled by probes */
    const char *user;              /* owned by the libconfig tree */
    char password[GAL_PASSWORD_MAX];
    int has_password;
    double connect_timeout, read_timeout, write_timeout; /* seconds */
    gal_policy policy;
    /* the thresholds as written, for perfdata; owned by the libconfig tree */
    const char *warn_fc_text, *crit_fc_text, *warn_rq_text, *crit_rq_text;
} gal_config;

/* Read and check every key of `target` (see README.md) into *cfg (caller
 * owned). Keys that are neither the core's (name, plugin, deadline) nor ours
 * are refused. Returns 0, or -1 after hs_error_at() naming file:line. */
int gal_config_read(const config_setting_t *target, gal_config *cfg, hs_error *err);

/*
 * emit.c — the judged cluster as the core's components: the "cluster" service,
 * then one "node" component per configured node (its address as the id), with
 * labels, metrics (thresholds from cfg) and messages. Calls the ABI; not pure.
 */

/* Add the cluster and node components of assessment `a` of cfg's nodes to
 * `p`. A component the core refuses (NULL) is skipped. */
void gal_emit(hs_probe *p, const gal_config *cfg, const gal_assessment *a);

#endif /* HS_PLUGIN_GALERA_H */
