/*
 * plugins/galera/parse.h — pure parser of a Galera node's wsrep status.
 *
 * Input is what a node answers to `SHOW GLOBAL STATUS LIKE 'wsrep_%'` and
 * `SHOW GLOBAL VARIABLES LIKE 'wsrep_%'`: name/value rows. The plugin feeds
 * the rows of its MYSQL_RES one by one; tests and the fuzz target feed the
 * tab-separated text `mariadb -B` prints. No I/O, no allocation, no globals.
 */
#ifndef GAL_PARSE_H
#define GAL_PARSE_H

#include <stddef.h>
#include <stdint.h>

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
    GAL_F_DESYNC = 1u << 10,     /* the variable wsrep_desync */
    GAL_F_EVS_STATE = 1u << 11,
    GAL_F_NODE_NAME = 1u << 12,  /* the variable wsrep_node_name */
    GAL_F_CLUSTER_NAME = 1u << 13, /* the variable wsrep_cluster_name */
    GAL_F_WSREP_ON = 1u << 14      /* the variable wsrep_on */
};

/* Rows without which a node's state cannot be judged (gal_status_finish).
 * A Disconnected node (wsrep off, no provider) has no wsrep_local_state and
 * an empty state UUID; any other node needs wsrep_local_state as well. */
#define GAL_F_REQUIRED                                                        \
    (GAL_F_CLUSTER_STATUS | GAL_F_READY | GAL_F_CONNECTED |                   \
     GAL_F_CLUSTER_SIZE | GAL_F_STATE_UUID | GAL_F_CONF_ID)

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
    uint64_t conf_id; /* GAL_CONF_ID_NONE outside a Primary component */
    char state_uuid[GAL_TEXT_MAX]; /* "" on a node that never joined */
    double recv_queue_avg;
    double fc_paused; /* fraction of time paused, 0..1 */
    char evs_state[GAL_TEXT_MAX];
    char node_name[GAL_TEXT_MAX];
    char cluster_name[GAL_TEXT_MAX];
} gal_status;

/* Parse error: `where` names the place (row name or "line N"). */
typedef struct gal_perr {
    char msg[256];
} gal_perr;

/* Start an empty status (nothing seen). Never fails. */
void gal_status_init(gal_status *st);

/* Take one row. Names outside the set above are ignored (Galera has many);
 * a known name given twice, or a value that does not fit the field (not a
 * number, out of range, unknown word, longer than GAL_TEXT_MAX - 1, a UUID
 * that is neither empty nor xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) is an
 * error naming the row. name/value need no NUL (lengths given) and may hold
 * any bytes. Returns 0, or -1 with err set (st then holds what came before). */
int gal_status_row(gal_status *st, const char *name, size_t nlen,
                   const char *value, size_t vlen, gal_perr *err);

/* After the last row: 0 when every GAL_F_REQUIRED row came (and
 * wsrep_local_state unless the node is Disconnected or wsrep_on is OFF),
 * else -1 with the missing names in err. */
int gal_status_finish(const gal_status *st, gal_perr *err);

/* Parse `mariadb -B` output: lines "NAME<TAB>VALUE", "\n" or "\r\n" ends, an
 * optional header line "Variable_name<TAB>Value" first, blank lines skipped.
 * Rows go through gal_status_row, then gal_status_finish. Errors name the
 * line. Returns 0 or -1. */
int gal_status_parse_text(const char *buf, size_t len, gal_status *st,
                          gal_perr *err);

/* Name of a cluster status ("Primary", "non-Primary", "Disconnected"). */
const char *gal_cluster_status_name(gal_cluster_status cs);

#endif /* GAL_PARSE_H */
