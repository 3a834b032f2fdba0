/*
 * plugins/keepalived/config.c — reading and checking a keepalived target
 * group. Strings stay owned by libconfig (they live until release()).
 */
#include <arpa/inet.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived.h"

/* The core's own keys (name, plugin, deadline, ...) are allowed in a target
 * group by hs_config_check_keys() itself; a node group gets none for free,
 * so its own `name` is listed. */
static const char *const target_keys[] = {
    "nodes",     "instances", "preferred_master", "state_dir", "transitions_warn", "method",
    "interface", "vrids",     "routers",          "window",    "family",           NULL};
/* Target-level methods: "nodes" (each node says how it is read) or
 * "wire" (listen for the whole VRRP segment). */
static const char *const target_methods[] = {"nodes", "wire", NULL};

static const char *const node_keys[] = {
    "name", "method", "state_file", "pid_file", "dump_dir", "dump_format", "json_signal",
    "json_file", "data_file", "stats_file", "dump_timeout",
    /* method snmp */
    "host", "port", "community", "community_file", "user", "security_level", "auth_protocol",
    "auth_passphrase", "auth_passphrase_file", "priv_protocol", "priv_passphrase",
    "priv_passphrase_file", "snmp_timeout", "snmp_retries", "mib", NULL};

/* Index order is enum ka_format's / enum ka_method's. */
static const char *const format_names[] = {"json", "text", NULL};
static const char *const method_names[] = {"state_file", "dump", "snmp", NULL};

static int need_string(const config_setting_t *g, const char *key, const char **out,
                       const char *why, hs_error *err)
{
    if (hs_config_string(g, key, NULL, out, err) < 0)
        return -1;
    if (!*out || !**out) {
        hs_error_at(err, g, "%s", why);
        return -1;
    }
    return 0;
}

static int node_dump(const config_setting_t *g, struct ka_node_cfg *n, hs_error *err)
{
    int fmt;
    double sig;

    if (need_string(g, "dump_dir", &n->dump_dir,
                    "method \"dump\" needs "
                    "dump_dir (keepalived's TMPDIR)",
                    err) < 0 ||
        need_string(g, "pid_file", &n->pid_file,
                    "method \"dump\" needs "
                    "pid_file (keepalived -p)",
                    err) < 0 ||
        hs_config_enum(g, "dump_format", format_names, KA_FORMAT_JSON, &fmt, err) < 0 ||
        hs_config_number(g, "json_signal", SIGRTMIN + 2, &sig, err) < 0 ||
        hs_config_string(g, "json_file", "keepalived.json", &n->json_file, err) < 0 ||
        hs_config_string(g, "data_file", "keepalived.data", &n->data_file, err) < 0 ||
        hs_config_string(g, "stats_file", "keepalived.stats", &n->stats_file, err) < 0)
        return -1;
    n->format = (enum ka_format)fmt;
    if (sig < SIGRTMIN || sig > SIGRTMAX || sig != (int)sig) {
        hs_error_at(err, config_setting_get_member(g, "json_signal"),
                    "json_signal must be a real-time signal number %d..%d "
                    "(see keepalived --signum=JSON)",
                    SIGRTMIN, SIGRTMAX);
        return -1;
    }
    n->json_signal = (int)sig;
    if (strchr(n->json_file, '/') || strchr(n->data_file, '/') || strchr(n->stats_file, '/')) {
        hs_error_at(err, g,
                    "json_file, data_file and stats_file are names "
                    "inside dump_dir, without '/'");
        return -1;
    }
    return 0;
}

#ifdef KA_HAVE_SNMP
/* Index order is enum ka_snmp_level's / _auth's / _priv's. */
static const char *const level_names[] = {"noAuthNoPriv", "authNoPriv", "authPriv", NULL};
static const char *const auth_names[] = {"SHA", "SHA-256", "SHA-512", "MD5", NULL};
static const char *const priv_names[] = {"AES", "DES", NULL};
static const char *const mib_names[] = {"keepalived", "rfc6527", NULL};

/* A v3 passphrase: required at `level` and up, at least 8 characters
 * (RFC 3414's minimum, which net-snmp enforces). */
static int v3_secret(const config_setting_t *g, const char *key, char *buf, size_t len,
                     hs_error *err)
{
    int rc = hs_config_secret(g, key, buf, len, err);

    if (rc < 0)
        return -1;
    if (rc == 0 || strlen(buf) < 8) {
        hs_error_at(err, g, "%s%s: a passphrase of at least 8 characters is required", key,
                    rc == 0 ? "_file" : "");
        return -1;
    }
    return 0;
}

static int node_snmp_v3(const config_setting_t *g, struct ka_snmp_cfg *c, hs_error *err)
{
    int level, auth, priv;

    if (hs_config_enum(g, "security_level", level_names, KA_SNMP_AUTHPRIV, &level, err) < 0 ||
        hs_config_enum(g, "auth_protocol", auth_names, KA_SNMP_SHA, &auth, err) < 0 ||
        hs_config_enum(g, "priv_protocol", priv_names, KA_SNMP_AES, &priv, err) < 0)
        return -1;
    c->version = 3;
    c->level = (enum ka_snmp_level)level;
    c->auth_proto = (enum ka_snmp_auth)auth;
    c->priv_proto = (enum ka_snmp_priv)priv;
    if (c->level >= KA_SNMP_AUTHNOPRIV &&
        v3_secret(g, "auth_passphrase", c->auth_pass, sizeof c->auth_pass, err) < 0)
        return -1;
    if (c->level == KA_SNMP_AUTHPRIV &&
        v3_secret(g, "priv_passphrase", c->priv_pass, sizeof c->priv_pass, err) < 0)
        return -1;
    return 0;
}

static int node_snmp(const config_setting_t *g, struct ka_node_cfg *n, hs_error *err)
{
    struct ka_snmp_cfg *c = calloc(1, sizeof *c);
    double port, timeout, retries;
    int rc, mib;

    n->snmp = c; /* freed (and wiped) with the target, also on error */
    if (!c) {
        hs_error_at(err, g, "out of memory");
        return -1;
    }
    if (need_string(g, "host", &c->host, "method \"snmp\" needs host", err) < 0 ||
        hs_config_number(g, "port", 161, &port, err) < 0 ||
        hs_config_number(g, "snmp_timeout", 2.0, &timeout, err) < 0 ||
        hs_config_number(g, "snmp_retries", 1, &retries, err) < 0 ||
        hs_config_string(g, "user", NULL, &c->user, err) < 0 ||
        hs_config_enum(g, "mib", mib_names, KA_MIB_KEEPALIVED, &mib, err) < 0)
        return -1;
    c->mib = (enum ka_snmp_mib)mib;
    if (port < 1 || port > 65535 || port != (long)port || timeout <= 0 || timeout > 3600 ||
        retries < 0 || retries > 10 || retries != (int)retries) {
        hs_error_at(err, g, "port 1..65535, snmp_timeout > 0 s, snmp_retries 0..10");
        return -1;
    }
    c->port = (long)port;
    c->timeout_ms = (long)(timeout * 1000);
    c->retries = (int)retries;
    if (c->user)
        return node_snmp_v3(g, c, err);
    c->version = 2;
    rc = hs_config_secret(g, "community", c->community, sizeof c->community, err);
    if (rc == 0)
        hs_error_at(err, g, "method \"snmp\" needs community_file (v2c) or user (v3)");
    return rc == 1 ? 0 : -1;
}
#else
static int node_snmp(const config_setting_t *g, struct ka_node_cfg *n, hs_error *err)
{
    (void)n;
    hs_error_at(err, g,
                "method \"snmp\" is not available: this keepalived plugin was "
                "built without net-snmp (libsnmp-dev)");
    return -1;
}
#endif

static int node_configure(const config_setting_t *g, struct ka_node_cfg *n, hs_error *err)
{
    int method;

    if (!config_setting_is_group(g)) {
        hs_error_at(err, g, "each node must be a group { name = ...; ... }");
        return -1;
    }
    if (hs_config_check_keys(g, node_keys, err) < 0 ||
        need_string(g, "name", &n->name, "node without a name", err) < 0 ||
        hs_config_enum(g, "method", method_names, KA_METHOD_STATE_FILE, &method, err) < 0 ||
        hs_config_number(g, "dump_timeout", 2.0, &n->dump_timeout, err) < 0)
        return -1;
    /* '@' and ':' separate the parts of component ids. */
    if (!ka_name_ok(n->name, strlen(n->name)) || strpbrk(n->name, "@:")) {
        hs_error_at(err, g,
                    "node name '%s': 1-%d printable characters "
                    "without blanks, quotes, '@' or ':'",
                    n->name, KA_NAME_MAX - 1);
        return -1;
    }
    if (n->dump_timeout <= 0) {
        hs_error_at(err, g, "dump_timeout must be > 0 seconds");
        return -1;
    }
    n->method = (enum ka_method)method;
    if (n->method == KA_METHOD_DUMP)
        return node_dump(g, n, err);
    if (n->method == KA_METHOD_SNMP)
        return node_snmp(g, n, err);
    if (need_string(g, "state_file", &n->state_file,
                    "method "
                    "\"state_file\" needs state_file",
                    err) < 0 ||
        hs_config_string(g, "pid_file", NULL, &n->pid_file, err) < 0)
        return -1;
    return 0;
}

static int read_instances(const config_setting_t *g, struct ka_target *t, hs_error *err)
{
    size_t i;

    /* the array is ours (ka_target_free), its strings the config's */
    if (hs_config_strings(g, "instances", &t->expected, &t->n_expected, err) < 0)
        return -1;
    for (i = 0; i < t->n_expected; i++)
        if (!ka_name_ok(t->expected[i], strlen(t->expected[i]))) {
            hs_error_at(
                err,
                config_setting_get_elem(config_setting_get_member(g, "instances"), (unsigned)i),
                "instances[%zu]: expected a VRRP instance name", i);
            return -1;
        }
    return 0;
}

static int read_nodes(const config_setting_t *g, struct ka_target *t, hs_error *err)
{
    config_setting_t *list = config_setting_get_member(g, "nodes");
    size_t i, k;
    int n;

    if (!list || !config_setting_is_list(list) || (n = config_setting_length(list)) < 1) {
        hs_error_at(err, list ? list : g,
                    "nodes must be a list of node "
                    "groups: nodes = ( { name = \"n1\"; ... }, ... );");
        return -1;
    }
    t->nodes = calloc((size_t)n, sizeof *t->nodes);
    if (!t->nodes) {
        hs_error_at(err, list, "out of memory");
        return -1;
    }
    t->n_alloc = (size_t)n;
    for (i = 0; i < (size_t)n; i++) {
        if (node_configure(config_setting_get_elem(list, (unsigned)i), &t->nodes[i], err) < 0)
            return -1;
        t->n_nodes++;
        for (k = 0; k < i; k++)
            if (strcmp(t->nodes[k].name, t->nodes[i].name) == 0) {
                hs_error_at(err, config_setting_get_elem(list, (unsigned)i),
                            "node name '%s' used twice", t->nodes[i].name);
                return -1;
            }
    }
    return 0;
}

static int read_vrids(const config_setting_t *g, struct ka_target *t, hs_error *err)
{
    config_setting_t *list = config_setting_get_member(g, "vrids");
    int n = list ? config_setting_length(list) : 0, i;
    size_t k;

    if (!list || (!config_setting_is_array(list) && !config_setting_is_list(list)) || n < 1) {
        hs_error_at(err, list ? list : g,
                    "method \"wire\" needs vrids, the VRIDs to watch: vrids = [ 51 ];");
        return -1;
    }
    for (i = 0; i < n; i++) {
        config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        int v = config_setting_get_int(e);
        if (config_setting_type(e) != CONFIG_TYPE_INT || v < 1 || v > 255) {
            hs_error_at(err, e, "vrids[%d]: a VRID is a number from 1 to 255", i);
            return -1;
        }
        for (k = 0; k < t->n_vrids; k++)
            if (t->vrids[k] == v) {
                hs_error_at(err, e, "vrids: %d listed twice", v);
                return -1;
            }
        t->vrids[t->n_vrids++] = v;
    }
    return 0;
}

/* `family` ("ipv4", "ipv6", "both"), checked against the routers; without
 * it, what the routers imply (all IPv4, all IPv6, or both), and with no
 * routers either family (KA_FAM_ANY). */
static int wire_family(const config_setting_t *g, struct ka_target *t, hs_error *err)
{
    static const char *const names[] = {"ipv4", "ipv6", "both", NULL};
    static const int fams[] = {KA_FAM_IPV4, KA_FAM_IPV6, KA_FAM_BOTH};
    int f, seen = 0, set = config_setting_get_member(g, "family") != NULL;
    unsigned char a[16];
    size_t i;

    if (hs_config_enum(g, "family", names, 2, &f, err) < 0)
        return -1;
    for (i = 0; i < t->n_routers; i++) {
        int fam = inet_pton(AF_INET, t->routers[i], a) == 1    ? KA_FAM_IPV4
                  : inet_pton(AF_INET6, t->routers[i], a) == 1 ? KA_FAM_IPV6
                                                               : 0;
        if (!fam) {
            hs_error_at(err, config_setting_get_member(g, "routers"),
                        "routers[%zu]: '%s' is not an IPv4 or IPv6 address (the sender of the "
                        "adverts)",
                        i, t->routers[i]);
            return -1;
        }
        if (set && !(fams[f] & fam)) {
            hs_error_at(err, config_setting_get_member(g, "routers"),
                        "routers[%zu]: '%s' is not an address of family \"%s\"", i, t->routers[i],
                        names[f]);
            return -1;
        }
        seen |= fam;
    }
    t->families = set ? fams[f] : seen ? seen : KA_FAM_ANY;
    return 0;
}

/* method = "wire": interface, vrids, routers, window, family; no nodes. */
static int wire_configure(const config_setting_t *g, struct ka_target *t, hs_error *err)
{
    t->wire = 1;
    if (config_setting_get_member(g, "nodes")) {
        hs_error_at(err, config_setting_get_member(g, "nodes"),
                    "method \"wire\" listens for the whole target: no nodes");
        return -1;
    }
    if (need_string(g, "interface", &t->interface,
                    "method \"wire\" needs the interface on the VRRP segment", err) < 0 ||
        read_vrids(g, t, err) < 0 ||
        hs_config_strings(g, "routers", &t->routers, &t->n_routers, err) < 0 ||
        hs_config_number(g, "window", KA_WIRE_WINDOW, &t->window, err) < 0)
        return -1;
    if (strlen(t->interface) >= 16) { /* IFNAMSIZ */
        hs_error_at(err, config_setting_get_member(g, "interface"), "interface name too long");
        return -1;
    }
    if (wire_family(g, t, err) < 0)
        return -1;
    if (config_setting_get_member(g, "instances") || t->preferred) {
        hs_error_at(err, g,
                    "method \"wire\" sees VRIDs, not instance names or nodes: use vrids and "
                    "routers instead of instances and preferred_master");
        return -1;
    }
    if (t->window <= 0 || t->window > 600) {
        hs_error_at(err, config_setting_get_member(g, "window"),
                    "window must be more than 0 and at most 600 seconds");
        return -1;
    }
    return 0;
}

int ka_target_configure(const config_setting_t *g, struct ka_target **out, hs_error *err)
{
    struct ka_target *t;
    size_t k;
    int rc = -1, method;

    *out = NULL;
    t = calloc(1, sizeof *t);
    if (!t) {
        hs_error_at(err, g, "out of memory");
        return -1;
    }
    if (hs_config_check_keys(g, target_keys, err) < 0 ||
        hs_config_string(g, "name", "keepalived", &t->name, err) < 0 ||
        hs_config_string(g, "state_dir", KA_DEFAULT_STATE_DIR, &t->state_dir, err) < 0 ||
        hs_config_string(g, "preferred_master", NULL, &t->preferred, err) < 0 ||
        hs_config_range(g, "transitions_warn", "2", &t->transitions_warn, err) < 0 ||
        hs_config_string(g, "transitions_warn", "2", &t->transitions_warn_text, err) < 0 ||
        hs_config_enum(g, "method", target_methods, 0, &method, err) < 0)
        goto out;
    if (method == 1 ? wire_configure(g, t, err) < 0
                    : read_instances(g, t, err) < 0 || read_nodes(g, t, err) < 0)
        goto out;
    if (t->preferred && !t->wire) {
        for (k = 0; k < t->n_nodes; k++)
            if (strcmp(t->nodes[k].name, t->preferred) == 0)
                break;
        if (k == t->n_nodes) {
            hs_error_at(err, config_setting_get_member(g, "preferred_master"),
                        "preferred_master '%s' is not one of the nodes", t->preferred);
            goto out;
        }
    }
    *out = t;
    t = NULL;
    rc = 0;
out:
    ka_target_free(t);
    return rc;
}

void ka_target_free(struct ka_target *t)
{
    size_t k;

    if (!t)
        return;
    /* n_nodes counts configured nodes; a failed one may own snmp too */
    for (k = 0; t->nodes && k <= t->n_nodes && k < t->n_alloc; k++)
        if (t->nodes[k].snmp) {
            explicit_bzero(t->nodes[k].snmp, sizeof *t->nodes[k].snmp);
            free(t->nodes[k].snmp);
        }
    free(t->expected);
    free(t->routers);
    free(t->nodes);
    free(t);
}
