/*
 * plugins/keepalived/parse.h — pure parsers of what keepalived (and our
 * notify helper) write: the JSON dump, the .data/.stats text dumps, the
 * notify FIFO / notify-script lines, the helper's state file and the
 * plugin's own flap-history file.
 *
 * Every parser takes bytes and a length (no NUL needed, NULs inside are
 * data errors), fills caller-owned structs and on error writes a message
 * naming the place (line number or JSON path) into a caller-owned buffer.
 * None does I/O, so the plugin, the unit tests and the fuzz targets share
 * them.
 */
#ifndef KA_PARSE_H
#define KA_PARSE_H

#include <stddef.h>

/* VRRP states. 0..3 are keepalived's JSON numbers (and the
 * keepalived_vrrp_state convention); STOP and DELETED only come from notify
 * lines; UNKNOWN is ours: "could not be read". */
enum ka_state {
    KA_INIT = 0,
    KA_BACKUP = 1,
    KA_MASTER = 2,
    KA_FAULT = 3,
    KA_STOP = 4,
    KA_DELETED = 5,
    KA_UNKNOWN = 6
};
#define KA_STATE_COUNT 7

/* keepalived instance names are single config tokens; longer ones are
 * refused rather than silently truncated (two could collide). */
#define KA_NAME_MAX 64
/* More instances than this in one dump is not a real keepalived. */
#define KA_MAX_INSTANCES 4096

/* One VRRP instance as one node sees it. Numbers are -1 when unknown,
 * last_transition is 0 when unknown. */
struct ka_instance {
    char name[KA_NAME_MAX];
    enum ka_state state;
    long vrid;
    long priority;           /* configured (base) priority */
    long effective_priority; /* after tracking adjustments */
    long become_master;      /* .stats / JSON counter */
    long release_master;
    long transitions;        /* counted by hascout-keepalived-notify */
    double last_transition;  /* seconds since the epoch */
    char vips[256];          /* comma separated, cut at the buffer size */
};

/* A growable set of instances; owns its array. */
struct ka_view {
    struct ka_instance *inst;
    size_t n, cap;
};

/* Zero a view (no allocation). */
void ka_view_init(struct ka_view *v);
/* Free what the view owns and zero it; safe on a zeroed view. */
void ka_view_free(struct ka_view *v);
/* The instance named `name`, or NULL. */
struct ka_instance *ka_view_find(const struct ka_view *v, const char *name);
/* Append a fresh instance named name[0..len) with every number unknown and
 * state UNKNOWN. Returns it (owned by the view), or NULL with a message on
 * a bad name, a duplicate, too many instances or no memory. */
struct ka_instance *ka_view_add(struct ka_view *v, const char *name,
                                size_t len, char *err, size_t errlen);

/* "MASTER" → KA_MASTER etc. (exact, upper case). -1 when unknown. */
int ka_state_parse(const char *s, size_t len);
/* Name of a state; never NULL. */
const char *ka_state_name(enum ka_state s);

/* keepalived's JSON dump (keepalived.json): an array of
 * {"data":{...},"stats":{...}}. Adds one instance per element to `out`.
 * Returns 0, or -1 with a message naming the element and key. */
int ka_parse_json(const char *buf, size_t len, struct ka_view *out,
                  char *err, size_t errlen);

/* The SIGUSR1 text dump (keepalived[.NAME].data): its "VRRP Topology"
 * section. Adds one instance per "VRRP Instance = NAME". Returns 0, or -1
 * with "line N: ..." on error. */
int ka_parse_data(const char *buf, size_t len, struct ka_view *out,
                  char *err, size_t errlen);

/* The SIGUSR2 text dump (keepalived.stats): sets become_master and
 * release_master of the instances already in `out` (adding those not yet
 * there). Returns 0, or -1 with "line N: ..." on error. */
int ka_parse_stats(const char *buf, size_t len, struct ka_view *out,
                   char *err, size_t errlen);

/* One notify event, as keepalived writes it to vrrp_notify_fifo
 * (`INSTANCE "VI_1" MASTER 150`) or passes to a notify script
 * (`INSTANCE VI_1 MASTER 150`). */
struct ka_event {
    int is_instance; /* 0: a GROUP/VS/RS/... line, valid but not ours */
    char name[KA_NAME_MAX];
    enum ka_state state;
    long priority; /* -1 when absent */
};

/* Parse one line (without its line end). Returns 0, or -1 with a
 * message. Non-INSTANCE lines are accepted with is_instance = 0. */
int ka_parse_event(const char *line, size_t len, struct ka_event *ev,
                   char *err, size_t errlen);

/* The state file written by hascout-keepalived-notify:
 *     # hascout-keepalived-notify state v1
 *     NAME STATE PRIORITY TRANSITIONS CHANGED_EPOCH
 * one instance per line. Adds the instances to `out`. Returns 0, or -1
 * with "line N: ..." on error. */
int ka_parse_state_file(const char *buf, size_t len, struct ka_view *out,
                        char *err, size_t errlen);

/* Format `v` as a state file into buf (size cap). Returns the length
 * written, or -1 when it does not fit. */
int ka_format_state_file(const struct ka_view *v, char *buf, size_t cap);

/* The plugin's own flap history (one file per target in state_dir):
 *     # hascout keepalived flap v1
 *     NODE INSTANCE COUNTER LAST_TRANSITION
 * COUNTER is the node's transition counter for the instance at the last
 * run. */
struct ka_flap_entry {
    char node[KA_NAME_MAX];
    char instance[KA_NAME_MAX];
    long counter;
    double last_transition;
};
struct ka_flap {
    struct ka_flap_entry *e;
    size_t n, cap;
};
void ka_flap_init(struct ka_flap *f);
void ka_flap_free(struct ka_flap *f);
/* The entry for node/instance, or NULL. */
const struct ka_flap_entry *ka_flap_find(const struct ka_flap *f,
                                         const char *node,
                                         const char *instance);
/* Append an entry (strings must be valid names). Returns 0, or -1 with a
 * message (bad name, too many, no memory). */
int ka_flap_add(struct ka_flap *f, const char *node, const char *instance,
                long counter, double last_transition, char *err,
                size_t errlen);
/* Parse a flap file into `out`. Returns 0, or -1 with "line N: ...". */
int ka_parse_flap(const char *buf, size_t len, struct ka_flap *out,
                  char *err, size_t errlen);
/* Format `f`; returns the length, or -1 when it does not fit in cap. */
int ka_format_flap(const struct ka_flap *f, char *buf, size_t cap);

/* 1 when name[0..len) is a usable instance/node name: 1..KA_NAME_MAX-1
 * printable non-space ASCII characters, no quote. */
int ka_name_ok(const char *name, size_t len);

#endif /* KA_PARSE_H */
