/*
 * plugins/keepalived/keepalived.h — the keepalived plugin's private header:
 * what its files share, one section per file (or group of files), the sections
 * in dependency order; the layout is plugins/README.md's template. Not
 * installed, not ABI.
 *
 * Errors: config.c reports through the caller-owned hs_error, as the ABI's
 * readers do; every other function writes its message into a caller-owned
 * buffer `char *err, size_t errlen` (always NUL-terminated when errlen > 0)
 * and returns -1, so the pure files link without the core.
 */
#ifndef HS_PLUGIN_KEEPALIVED_H
#define HS_PLUGIN_KEEPALIVED_H

#include <stddef.h>

#include <hascout/plugin.h>

/*
 * parse_util.c — small pure helpers shared by the keepalived parsers (private
 * to the plugin: not installed).
 */

/* A cursor over a byte buffer, handing out lines without their line end. */
struct ka_lines {
    const char *p, *end;
    long lineno; /* of the line last returned, 1-based */
};

/* Start a cursor over buf[0..len). */
void ka_lines_init(struct ka_lines *c, const char *buf, size_t len);
/* Next line into *line and *len (no '\n', no trailing '\r'). Returns 1, or 0
 * at the end of the buffer. */
int ka_lines_next(struct ka_lines *c, const char **line, size_t *len);

/* Parse all of s[0..len) as a decimal long (optional sign, no blanks).
 * Returns 0, or -1 when it is not exactly one number in range. */
int ka_parse_long(const char *s, size_t len, long *out);
/* Same for a finite double ("1795443797.206687"). */
int ka_parse_double(const char *s, size_t len, double *out);

/* Split the next blank-separated word off *s (length *len, both advanced).
 * Returns 1 with word/wlen set, or 0 when only blanks remain. */
int ka_next_word(const char **s, size_t *len, const char **word, size_t *wlen);

/* Strip leading and trailing blanks of s[0..*len) in place of pointers. */
void ka_trim(const char **s, size_t *len);

/* snprintf into err (when errlen > 0); always returns -1 so callers can
 * `return ka_fail(...)`. */
int ka_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* 1 when buf[0..len) holds a NUL byte. */
int ka_has_nul(const char *buf, size_t len);

/*
 * parse.c, parse_text.c, parse_state.c, parse_model.c — pure parsers of what
 * keepalived (and our notify helper) write: the JSON dump, the .data/.stats
 * text dumps, the notify FIFO / notify-script lines, the helper's state file
 * and the plugin's own flap-history file.
 *
 * Every parser takes bytes and a length (no NUL needed, NULs inside are
 * data errors), fills caller-owned structs and on error writes a message
 * naming the place (line number or JSON path) into a caller-owned buffer.
 * None does I/O, so the plugin, the unit tests and the fuzz targets share
 * them.
 */

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
    long transitions;       /* counted by hascout-keepalived-notify */
    double last_transition; /* seconds since the epoch */
    char vips[256];         /* comma separated, cut at the buffer size */
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
struct ka_instance *ka_view_add(struct ka_view *v, const char *name, size_t len, char *err,
                                size_t errlen);

/* "MASTER" → KA_MASTER etc. (exact, upper case). -1 when unknown. */
int ka_state_parse(const char *s, size_t len);
/* Name of a state; never NULL. */
const char *ka_state_name(enum ka_state s);

/* keepalived's JSON dump (keepalived.json): an array of
 * {"data":{...},"stats":{...}}. Adds one instance per element to `out`.
 * Returns 0, or -1 with a message naming the element and key. */
int ka_parse_json(const char *buf, size_t len, struct ka_view *out, char *err, size_t errlen);

/* The SIGUSR1 text dump (keepalived[.NAME].data): its "VRRP Topology"
 * section. Adds one instance per "VRRP Instance = NAME". Returns 0, or -1
 * with "line N: ..." on error. */
int ka_parse_data(const char *buf, size_t len, struct ka_view *out, char *err, size_t errlen);

/* The SIGUSR2 text dump (keepalived.stats): sets become_master and
 * release_master of the instances already in `out` (adding those not yet
 * there). Returns 0, or -1 with "line N: ..." on error. */
int ka_parse_stats(const char *buf, size_t len, struct ka_view *out, char *err, size_t errlen);

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
int ka_parse_event(const char *line, size_t len, struct ka_event *ev, char *err, size_t errlen);

/* The state file written by hascout-keepalived-notify:
 *     # hascout-keepalived-notify state v1
 *     NAME STATE PRIORITY TRANSITIONS CHANGED_EPOCH
 * one instance per line. Adds the instances to `out`. Returns 0, or -1
 * with "line N: ..." on error. */
int ka_parse_state_file(const char *buf, size_t len, struct ka_view *out, char *err, size_t errlen);

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
const struct ka_flap_entry *ka_flap_find(const struct ka_flap *f, const char *node,
                                         const char *instance);
/* Append an entry (strings must be valid names). Returns 0, or -1 with a
 * message (bad name, too many, no memory). */
int ka_flap_add(struct ka_flap *f, const char *node, const char *instance, long counter,
                double last_transition, char *err, size_t errlen);
/* Parse a flap file into `out`. Returns 0, or -1 with "line N: ...". */
int ka_parse_flap(const char *buf, size_t len, struct ka_flap *out, char *err, size_t errlen);
/* Format `f`; returns the length, or -1 when it does not fit in cap. */
int ka_format_flap(const struct ka_flap *f, char *buf, size_t cap);

/* 1 when name[0..len) is a usable instance/node name: 1..KA_NAME_MAX-1
 * printable non-space ASCII characters, no quote. */
int ka_name_ok(const char *name, size_t len);

/*
 * parse_vrrp.c — a VRRP advertisement as a raw socket hands it over: over
 * IPv4 the whole packet (IPv4 header, VRRPv2 (RFC 3768) or VRRPv3 (RFC 5798)
 * header, the virtual addresses); over IPv6 the VRRPv3 message alone, the
 * IPv6 header's addresses and hop limit given beside it (recvmsg). Pure,
 * like the parsers above.
 */

/* Text of an IPv4 or IPv6 address, with its NUL (INET6_ADDRSTRLEN). */
#define KA_ADDR_MAX 46

/* A VRRP message holds at most 255 addresses; we keep the text of the
 * first ones (cut at the buffer, flagged). */
struct ka_vrrp_adv {
    int family;            /* 4 or 6: the IP version it came over */
    int version;           /* 2 or 3 (always 3 over IPv6) */
    int vrid;              /* 1..255 */
    int priority;          /* 0..255; 0: the master resigns */
    double interval;       /* advertisement interval, seconds */
    int ttl;               /* IPv4 TTL or IPv6 hop limit: 255, or the packet was refused */
    int n_addrs;           /* "count IPvX addr" */
    int checksum_ok;       /* 1 valid, 0 not (the packet is still parsed) */
    int auth_type;         /* VRRPv2 only, else 0 */
    char src[KA_ADDR_MAX]; /* the sender (the router) */
    char dst[KA_ADDR_MAX];
    char addrs[256]; /* virtual addresses, comma separated */
    int addrs_cut;   /* 1 when addrs did not hold them all */
};

/* Parse pkt[0..len) (an IPv4 packet, protocol 112) into *out. Returns 0
 * (a bad VRRP checksum is not an error: out->checksum_ok says it), or -1
 * with the reason: truncated, not IPv4 / not VRRP, TTL not 255, version
 * not 2 or 3, type not ADVERTISEMENT, VRID 0, interval 0, or a length
 * that does not match the address count. */
int ka_parse_vrrp4(const unsigned char *pkt, size_t len, struct ka_vrrp_adv *out, char *err,
                   size_t errlen);

/* Parse msg[0..len) (a VRRP message as an IPv6 raw socket delivers it,
 * without the IPv6 header) sent from `src` to `dst` (16 bytes each, from
 * recvmsg's msg_name and IPV6_PKTINFO) with hop limit `hoplimit`
 * (IPV6_HOPLIMIT; -1 when none came) into *out. The checksum covers the
 * IPv6 pseudo-header (RFC 5798 5.2.8). Returns 0 (a bad checksum is
 * recorded, not refused) or -1 with the reason: hop limit not 255,
 * truncated, version not 3 (VRRPv2 is IPv4 only), type, VRID 0, interval
 * 0, no address, or a length that does not match 16 bytes an address. */
int ka_parse_vrrp6(const unsigned char *msg, size_t len, const unsigned char *src,
                   const unsigned char *dst, int hoplimit, struct ka_vrrp_adv *out, char *err,
                   size_t errlen);

/* 1 when a and b are the same address: the same IPv4 or IPv6 address in
 * any spelling ("fe80::1" = "FE80:0:0::1"); else plain string equality. */
int ka_addr_same(const char *a, const char *b);

/* The Internet checksum (RFC 1071) of buf[0..len) added to `sum` (for a
 * pseudo-header summed first); 0xffff-complemented result. */
unsigned ka_inet_checksum(const unsigned char *buf, size_t len, unsigned long sum);

/*
 * parse_snmp.c — an SNMP walk of KEEPALIVED-MIB vrrpInstanceTable
 * (1.3.6.1.4.1.9586.100.5.2.3) as one node's instances: columns .2 name,
 * .3 VRID, .4 state, .7/.8 base/effective priority; or of RFC 6527's
 * vrrpv3OperationsTable (pure: the varbinds are handed over as plain
 * structs, no net-snmp types).
 */

#define KA_SNMP_OID_MAX 32 /* sub-identifiers per OID we keep */
#define KA_SNMP_ENTRY_LEN 12
/* A real table has ~30 columns per instance. */
#define KA_SNMP_MAX_VARBINDS (KA_MAX_INSTANCES * 40)

/* vrrpInstanceEntry, 1.3.6.1.4.1.9586.100.5.2.3.1. */
extern const unsigned long ka_snmp_entry_oid[KA_SNMP_ENTRY_LEN];

enum ka_snmp_type {
    KA_SNMP_NONE,     /* noSuchObject, noSuchInstance, endOfMibView */
    KA_SNMP_INTEGER,  /* INTEGER / Integer32 */
    KA_SNMP_UNSIGNED, /* Gauge32 / Unsigned32 / Counter32 */
    KA_SNMP_STRING,   /* OCTET STRING */
    KA_SNMP_OTHER     /* anything else (we read no such column) */
};

/* One variable binding. `str` is borrowed (from the PDU or the walk text). */
struct ka_snmp_vb {
    unsigned long oid[KA_SNMP_OID_MAX];
    size_t oid_len;
    enum ka_snmp_type type;
    long num; /* INTEGER, UNSIGNED */
    const char *str;
    size_t str_len; /* STRING */
};

/* Varbinds vb[0..n) of a walk of the table into `out`, one instance per
 * row (in the order rows first appear). Exceptions (NONE) and columns we do
 * not read are skipped; an OID outside the table, a wrong type, a column
 * twice, a row without a name, a VRID or priority out of range, a bad or
 * duplicate name or too many rows/varbinds is an error "row N: ...". A
 * missing state or one the MIB does not define is KA_UNKNOWN; missing
 * numbers are -1. Returns 0 or -1. */
int ka_parse_snmp(const struct ka_snmp_vb *vb, size_t n, struct ka_view *out, char *err,
                  size_t errlen);

/* RFC 6527 VRRPv3-MIB vrrpv3OperationsEntry, 1.3.6.1.2.1.207.1.1.1.1. */
#define KA_SNMP_RFC_ENTRY_LEN 11
extern const unsigned long ka_snmp_rfc_entry_oid[KA_SNMP_RFC_ENTRY_LEN];
/* What an instance read by RFC 6527 is called: the MIB has no names
 * (printf format, the VRID). */
#define KA_VRID_NAME "vrid%lu"

/* The same for a walk of RFC 6527's vrrpv3OperationsTable (rows indexed by
 * ifIndex, VRID, address type): columns .6 vrrpv3OperationsStatus
 * (initialize 1 → INIT, backup 2, master 3; others UNKNOWN) and .7
 * vrrpv3OperationsPriority; each row an instance named "vridN" (IPv4) or
 * "vridN-ipv6", with that VRID. Errors as above. */
int ka_parse_snmp_rfc6527(const struct ka_snmp_vb *vb, size_t n, struct ka_view *out, char *err,
                          size_t errlen);

/* `snmpwalk -On` output (".OID = TYPE: VALUE" lines; STRING values quoted,
 * taken as they are between the quotes) as varbinds: the test fixtures'
 * and the fuzz target's serialisation. *vbs is new, owned by the caller
 * (free, also after an error); its strings point into buf. Returns 0, or
 * -1 with "line N: ...". */
int ka_parse_snmp_walk(const char *buf, size_t len, struct ka_snmp_vb **vbs, size_t *n, char *err,
                       size_t errlen);

/*
 * io_file.c — read a whole small file with a cap; replace a file atomically
 * (shared by the plugin and hascout-keepalived-notify).
 */

/* Largest file we read: a dump of KA_MAX_INSTANCES instances fits. */
#define KA_MAX_FILE (16u << 20)

/* Read a whole regular file (at most `max` bytes; no symlink, no FIFO)
 * into a new NUL-terminated buffer; *buf is owned by the caller (free).
 * Returns 0, or -1 with the reason (naming the path) in err and errno
 * kept from open() when the file could not be opened. */
int ka_read_file(const char *path, size_t max, char **buf, size_t *len, char *err, size_t errlen);

/* Replace `path` with text[0..len): write a temporary file beside it
 * (mode 0644, whatever the umask), fsync, rename. A reader sees the old or
 * the new file, never a part. Returns 0, or -1 with the reason in err (the
 * temporary file is removed). */
int ka_write_atomic(const char *path, const char *text, size_t len, char *err, size_t errlen);

/*
 * history.c — the flap history between runs: one small file per target in
 * state_dir, read before and rewritten (atomically) after each probe.
 */

/* Path of the target's history file into buf. 0, or -1 if too long. */
int ka_history_path(const char *state_dir, const char *target, char *buf, size_t cap);

/* Load the history at `path` into `out` (caller-owned, initialised). A
 * missing file is an empty history (returns 0). Returns -1 with the reason
 * in err when the file exists but cannot be read or parsed. */
int ka_history_load(const char *path, struct ka_flap *out, char *err, size_t errlen);

/* Write `f` to `path` through a temporary file and rename, creating the
 * directory (and parents, mode 0755) when missing. Returns 0, or -1 with
 * the reason in err. */
int ka_history_save(const char *path, const struct ka_flap *f, char *err, size_t errlen);

/*
 * judge.c — the verdict over a VRRP group, pure: from what each node reported
 * to who is MASTER per instance, the findings (CRITICAL/WARNING with a reason
 * naming the instance and node), the component states and a health score. No
 * I/O and no core calls (only the enums of <hascout/plugin.h>), so it is
 * unit-tested directly.
 */

/* What was observed of one node. */
struct ka_node_obs {
    char name[KA_NAME_MAX];
    int running;         /* 1 keepalived runs, 0 it does not, -1 unknown */
    int readable;        /* 1 when `view` holds the node's report */
    char why[256];       /* when !readable or !running: the reason */
    double latency_s;    /* SNMP: request to table read, s; -1 none */
    int by_vrid;         /* instances named by VRID (RFC 6527, KA_VRID_NAME) */
    struct ka_view view; /* owned by the obs (ka_node_obs_free) */
};

void ka_node_obs_init(struct ka_node_obs *o, const char *name);
/* Give the instances of by_vrid nodes the name of the instance with the
 * same VRID that a node of the group reports by name (the first such
 * node), so a group may mix KEEPALIVED-MIB and RFC 6527 nodes; without
 * one they keep "vridN". */
void ka_name_by_vrid(struct ka_node_obs *obs, size_t n);
void ka_node_obs_free(struct ka_node_obs *o);

struct ka_judge_cfg {
    const char *preferred;       /* preferred MASTER node, or NULL */
    const char *const *expected; /* instances that must exist, or NULL */
    size_t n_expected;
};

/* One node's view of one instance. */
struct ka_cell {
    enum ka_state state;          /* UNKNOWN: unreadable or not reported */
    const struct ka_instance *in; /* NULL when not reported (borrowed) */
    long delta;                   /* transitions since the last run, -1 ? */
};

struct ka_inst_sum {
    char name[KA_NAME_MAX];
    int count[KA_STATE_COUNT]; /* nodes per state */
    int masters;
    int master_node;  /* index of the (first) MASTER, or -1 */
    hs_state service; /* state of the VIP as a service */
    double health;    /* 0..100 */
};

struct ka_finding {
    hs_status status;
    char text[384];
};

/* The judgement; owns its arrays (ka_judgement_free). */
struct ka_judgement {
    struct ka_inst_sum *inst;
    size_t n_inst, n_nodes;
    struct ka_cell *cells; /* [instance * n_nodes + node] */
    struct ka_finding *f;
    size_t nf, capf;
    double health; /* min over instances */
};

/* Judge `n` nodes. `prev` (may be NULL) is the flap history of the last
 * run: cells get `delta` from it. Fills *out (caller frees with
 * ka_judgement_free, also after an error). Returns 0, or -1 with a
 * message when out of memory. */
int ka_judge(const struct ka_node_obs *nodes, size_t n, const struct ka_judge_cfg *cfg,
             const struct ka_flap *prev, struct ka_judgement *out, char *err, size_t errlen);

void ka_judgement_free(struct ka_judgement *j);

/* The cell of instance i on node k. */
const struct ka_cell *ka_cell_at(const struct ka_judgement *j, size_t i, size_t k);

/* A node's transition counter for an instance: the helper's count, else
 * become_master + release_master, else -1. */
long ka_counter(const struct ka_instance *in);

/* Transitions since the previous run: counter difference; a counter
 * that went backwards means keepalived restarted (count it as one more);
 * a changed last_transition with an equal counter is one. -1 when there
 * is nothing to compare. */
long ka_transitions_since(const struct ka_flap_entry *prev, const struct ka_instance *cur);

/* The new flap history from a judgement (entries for every reported
 * cell). Returns 0, or -1 with a message. */
int ka_flap_from(const struct ka_judgement *j, const struct ka_node_obs *nodes, struct ka_flap *out,
                 char *err, size_t errlen);

/*
 * judge_wire.c — method "wire": what a window of listening on one segment
 * heard, per VRID and router, and the verdict on it. Pure (no I/O).
 * keepalived keeps a VRID over IPv4 and the same VRID over IPv6 as two
 * instances, so everything is keyed per (family, VRID).
 */

#define KA_WIRE_MAX_VRIDS 255
#define KA_WIRE_MAX_SLOTS (2 * KA_WIRE_MAX_VRIDS) /* (family, VRID) pairs */
#define KA_WIRE_MAX_ROUTERS 16                    /* per VRID; more are counted, not kept */

/* The families listened on (a bit set), and KA_FAM_ANY: both, a VRID
 * needing an owner in one of them only (family not configured and
 * routers not saying which). */
#define KA_FAM_IPV4 1
#define KA_FAM_IPV6 2
#define KA_FAM_BOTH (KA_FAM_IPV4 | KA_FAM_IPV6)
#define KA_FAM_ANY (4 | KA_FAM_BOTH)

/* One router heard advertising one VRID. */
struct ka_wire_router {
    char addr[KA_ADDR_MAX];
    int version;     /* of its last advertisement */
    int priority;    /* of its last advertisement */
    double interval; /* seconds, of its last advertisement */
    long adverts;    /* with priority > 0 */
    long resigned;   /* with priority 0 */
    long bad_checksum;
    double first, last; /* seconds into the window */
    char addrs[256];    /* virtual addresses of its last advertisement */
};

struct ka_wire_vrid {
    int family; /* 4 or 6 */
    int vrid;
    int configured; /* 1: in `vrids` (for this family) */
    struct ka_wire_router r[KA_WIRE_MAX_ROUTERS];
    size_t n;
    long overflow; /* adverts from routers beyond KA_WIRE_MAX_ROUTERS */
};

/* What one window heard; fixed size, no allocation. */
struct ka_wire_obs {
    int families; /* KA_FAM_*: what to listen on and how to judge */
    struct ka_wire_vrid v[KA_WIRE_MAX_SLOTS];
    size_t n;
    long packets, malformed;
    char last_error[160]; /* why the last malformed packet was refused */
    double window;        /* seconds listened */
    char why[256];        /* non-empty: could not listen at all */
    char note[256];       /* non-empty: one family could not be listened on (KA_FAM_ANY) */
};

/* Empty obs for `families` (KA_FAM_*) with the configured VRIDs in order,
 * IPv4 first (duplicates are refused by config.c). */
void ka_wire_obs_init(struct ka_wire_obs *o, const int *vrids, size_t n, int families);

/* Count advertisement `a` heard `t` seconds into the window. */
void ka_wire_add(struct ka_wire_obs *o, const struct ka_vrrp_adv *a, double t);

/* The verdict over a window: per configured (family, VRID) a service state
 * and findings, naming routers. `routers` (may be NULL) are the addresses
 * expected to advertise: another one heard is a WARNING. Under KA_FAM_ANY
 * a VRID heard in one family is judged there only, one heard in neither
 * once (family 0). */
struct ka_wire_sum {
    size_t slot; /* index into o->v */
    int family;  /* 4, 6, or 0: either (KA_FAM_ANY, heard in neither) */
    int vrid;
    int owners;   /* routers advertising with priority > 0 */
    int repeated; /* of them, those heard at least twice */
    int owner;    /* index into the vrid's r[] of the owner, -1 none */
    hs_state service;
    double health;
};

struct ka_wire_judgement {
    struct ka_wire_sum s[KA_WIRE_MAX_SLOTS];
    size_t n;
    struct ka_finding f[64];
    size_t nf;
    double health;
};

void ka_wire_judge(const struct ka_wire_obs *o, const char *const *routers, size_t n_routers,
                   struct ka_wire_judgement *out);

/*
 * io.c — reading one node's VRRP state from the machine: the notify helper's
 * state file, or keepalived's dumps on a signal. This is the plugin's only I/O
 * besides the flap history; what it reads goes through the pure parsers of
 * keepalived.h.
 */

enum ka_method { KA_METHOD_STATE_FILE, KA_METHOD_DUMP, KA_METHOD_SNMP };

/* SNMPv3 security levels, auth and privacy protocols (config names in
 * config.c, net-snmp's OIDs in io_snmp.c, same order). */
enum ka_snmp_level { KA_SNMP_NOAUTH, KA_SNMP_AUTHNOPRIV, KA_SNMP_AUTHPRIV };
enum ka_snmp_auth { KA_SNMP_SHA, KA_SNMP_SHA256, KA_SNMP_SHA512, KA_SNMP_MD5 };
enum ka_snmp_priv { KA_SNMP_AES, KA_SNMP_DES };
/* Which table a node is read from: KEEPALIVED-MIB's vrrpInstanceTable or
 * RFC 6527's vrrpv3OperationsTable (config names in config.c). */
enum ka_snmp_mib { KA_MIB_KEEPALIVED, KA_MIB_RFC6527 };

/* How a node is read over SNMP; owned by the target (secrets wiped on
 * free), strings but the secrets borrowed from the config. */
struct ka_snmp_cfg {
    const char *host;
    long port;
    int version; /* 2 (v2c) or 3 */
    char community[256];
    const char *user;
    enum ka_snmp_level level;
    enum ka_snmp_auth auth_proto;
    enum ka_snmp_priv priv_proto;
    char auth_pass[256], priv_pass[256];
    long timeout_ms; /* cap for one request with its retries */
    int retries;
    enum ka_snmp_mib mib;
};
enum ka_format { KA_FORMAT_JSON, KA_FORMAT_TEXT };

/* How one node is read. Strings are borrowed from the config. */
struct ka_node_cfg {
    const char *name;
    enum ka_method method;
    const char *state_file; /* method state_file */
    const char *pid_file;   /* keepalived's main pid file (-p) */
    const char *dump_dir;   /* keepalived's TMPDIR, method dump */
    const char *json_file;  /* names inside dump_dir */
    const char *data_file;
    const char *stats_file;
    enum ka_format format;
    int json_signal;          /* keepalived --signum=JSON */
    double dump_timeout;      /* seconds to wait for a dump */
    struct ka_snmp_cfg *snmp; /* method snmp; owned by the target */
};

/* Whether keepalived runs per its pid file: 1 yes (and *pid set), 0 no
 * (no pid file, dead or zombie process, or a PID reused by another
 * program), -1 cannot tell. `err` says which. */
int ka_pid_running(const char *pid_file, long *pid, char *err, size_t errlen);

/* Observe node `cfg` into `obs` (running, readable, why, view), waiting
 * for dumps no later than `deadline` (CLOCK_MONOTONIC seconds). Never
 * fails: what could not be read is recorded in obs. */
void ka_read_node(const struct ka_node_cfg *cfg, double deadline, struct ka_node_obs *obs);

/* io_wire.c: listen on interface `ifname` for VRRP advertisements for
 * `window` seconds into `o` (initialised by the caller; o->families says
 * IPv4 224.0.0.18, IPv6 ff02::12 or both). Never fails: a socket that
 * cannot be opened leaves the reason in o->why (under KA_FAM_ANY only when
 * neither family opens; one that does not is o->note). */
void ka_wire_listen(const char *ifname, double window, struct ka_wire_obs *o);
/* io_snmp.c (built with net-snmp only): observe every node of nodes[0..n)
 * whose method is snmp into obs[k], all at once, within budget_ms (each
 * node's requests and retries also within its snmp_timeout). Never fails:
 * a node that does not answer is unreadable with "no answer within N s"
 * and costs the others nothing; an agent without keepalived's table is
 * "not running". */
void ka_read_snmp_nodes(const struct ka_node_cfg *nodes, size_t n, long budget_ms,
                        struct ka_node_obs *obs);
/* Release net-snmp's global state if it was set up (release()). */
void ka_snmp_shutdown(void);

/* CLOCK_MONOTONIC and CLOCK_REALTIME in seconds. */
double ka_mono_now(void);
double ka_wall_now(void);

/*
 * config.c — a keepalived target as configured: the VRRP group's nodes and how
 * each is read (see README.md for the keys).
 */

#define KA_DEFAULT_STATE_DIR "/var/lib/hascout/keepalived"

struct ka_target {
    const char *name;      /* the target's name (for the flap file) */
    const char *state_dir; /* flap history; borrowed from the config */
    const char *preferred; /* preferred MASTER node or NULL */
    const char **expected; /* owned array of borrowed strings */
    size_t n_expected;
    hs_range transitions_warn;         /* flapping threshold per run */
    const char *transitions_warn_text; /* the same as written (perfdata) */
    struct ka_node_cfg *nodes;         /* owned */
    size_t n_nodes, n_alloc;
    /* method "wire" (the whole target; then there are no nodes) */
    int wire;
    const char *interface; /* borrowed */
    int vrids[KA_WIRE_MAX_VRIDS];
    size_t n_vrids;
    const char **routers; /* owned array of borrowed strings */
    size_t n_routers;
    double window; /* seconds; 0: the default */
    int families;  /* KA_FAM_*: `family`, or what routers imply */
};

/* The default window of method "wire": three advertisements at the usual
 * advert_int 1, and the half-interval of slack a timer's jitter needs. */
#define KA_WIRE_WINDOW 3.5

/* Read and check target group `g` into a new *out (owned by the caller,
 * freed with ka_target_free). Unknown keys, missing or duplicate nodes and
 * bad values are refused with file:line. Returns 0 or -1. */
int ka_target_configure(const config_setting_t *g, struct ka_target **out, hs_error *err);

/* Free a target from ka_target_configure (NULL is fine). */
void ka_target_free(struct ka_target *t);

/*
 * emit.c — the observed nodes and the judgement as the core's components:
 * "node:NAME" per node, "vrrp:INSTANCE" (a service) per instance and
 * "vrrp:INSTANCE@NODE" per cell, with labels, metrics and messages. Calls the
 * ABI; not pure.
 */

/* Add the components of target `t` to `p`: obs[] holds one observation per
 * t->nodes[], j the judgement of them, now the wall clock the state ages are
 * measured against. A component the core refuses (NULL) is skipped. */
void ka_emit(hs_probe *p, const struct ka_target *t, const struct ka_node_obs *obs,
             const struct ka_judgement *j, double now);

/* emit_wire.c: method "wire" as components: "wire:IFACE" (the window,
 * packets, malformed ones), "vrrp:vridN" per configured VRID (a service:
 * master = the owner's address, "several" or "none") and "vrrp:vridN@ADDR"
 * per router heard (MASTER or RESIGNED) or expected but silent (SILENT,
 * not observed: backups do not advertise). */
void ka_emit_wire(hs_probe *p, const struct ka_target *t, const struct ka_wire_obs *o,
                  const struct ka_wire_judgement *j);

#endif /* HS_PLUGIN_KEEPALIVED_H */
