/*
 * plugins/galera/plugin.c — the Galera plugin: descriptor and the
 * configure → probe → score → release life cycle. Config reading, transport,
 * parsing and judgement live in config.c, io.c, parse.c and judge.c; this
 * file maps their results onto the hs_* calls.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>

#include "galera.h"


#define CLUSTER_ID "cluster"

struct gal_state {
    gal_config cfg;
    gal_assessment verdict;
    int client_ready; /* mysql_library_init() ran and needs its _end() */
};

static int gal_configure(const config_setting_t *target, void **state,
                         hs_error *err)
{
    struct gal_state *s = calloc(1, sizeof *s);
    int rc = -1;

    if (!s) {
        hs_error_set(err, "galera: out of memory");
        goto out;
    }
    if (gal_config_read(target, &s->cfg, err) < 0)
        goto out;
    *state = s;
    s = NULL;
    rc = 0;
out:
    free(s);
    return rc;
}

/* Whole seconds for the client library: the configured value, but never so
 * long that one connect and two reads overrun the target's deadline. */
static unsigned budget(double configured, double left)
{
    double share = floor((left - 0.5) / 3.0);
    if (share < 1)
        share = 1;
    return (unsigned)ceil(configured < share ? configured : share);
}

static void report_node(hs_probe *p, const gal_config *cfg, const gal_node *n,
                        hs_state state)
{
    const gal_status *st = &n->st;
    hs_component *c = hs_probe_component(p, n->id, "node", CLUSTER_ID, state);
    hs_metric *m;
    char buf[32];

    if (!c)
        return;
    hs_component_label(c, "address", n->id);
    hs_component_metric(c, "latency", n->latency_s, "s");
    if (n->reach != GAL_REACH_OK) {
        hs_component_message(c, "%s", n->error);
        return;
    }
    hs_component_label(c, "cluster_status", gal_cluster_status_name(st->cluster_status));
    hs_component_label(c, "local_state_comment", st->local_state_comment);
    hs_component_label(c, "ready", st->ready ? "ON" : "OFF");
    hs_component_label(c, "connected", st->connected ? "ON" : "OFF");
    hs_component_label(c, "cluster_state_uuid", st->state_uuid);
    /* conf_id is a label: -1 as 2^64-1 does not survive a double. */
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)st->conf_id);
    hs_component_label(c, "cluster_conf_id", buf);
    if (st->seen & GAL_F_EVS_STATE)
        hs_component_label(c, "evs_state", st->evs_state);
    if (st->seen & GAL_F_DESYNC)
        hs_component_label(c, "desync", st->desync ? "ON" : "OFF");
    if (st->seen & GAL_F_WSREP_ON)
        hs_component_label(c, "wsrep_on", st->wsrep_on ? "ON" : "OFF");
    if (st->seen & GAL_F_NODE_NAME)
        hs_component_label(c, "node_name", st->node_name);
    if (st->seen & GAL_F_CLUSTER_NAME)
        hs_component_label(c, "cluster_name", st->cluster_name);
    m = hs_component_metric(c, "cluster_size", (double)st->cluster_size, "");
    if (m)
        hs_metric_bounds(m, 0, NAN);
    m = hs_component_metric(c, "local_state", st->local_state, "");
    if (m)
        hs_metric_bounds(m, 0, 4);
    if (st->seen & GAL_F_RECV_QUEUE_AVG) {
        m = hs_component_metric(c, "recv_queue_avg", st->recv_queue_avg, "");
        if (m) {
            hs_metric_thresholds(m, cfg->warn_rq_text, cfg->crit_rq_text);
            hs_metric_bounds(m, 0, NAN);
        }
    }
    if (st->seen & GAL_F_FC_PAUSED) {
        m = hs_component_metric(c, "flow_control_paused", st->fc_paused, "");
        if (m) {
            hs_metric_thresholds(m, cfg->warn_fc_text, cfg->crit_fc_text);
            hs_metric_bounds(m, 0, 1);
        }
    }
    if ((st->seen & GAL_F_EVS_STATE) && strcmp(st->evs_state, "OPERATIONAL") != 0)
        hs_component_message(c, "group communication in state %s (a view change is under way)",
                             st->evs_state);
}

/* A count metric of the cluster (never negative), with the perfdata
 * thresholds it was judged by, if any. */
static void cluster_metric(hs_component *c, const char *metric, const char *warn,
                           const char *crit, double value)
{
    hs_metric *m = hs_component_metric(c, metric, value, "");
    if (m) {
        hs_metric_thresholds(m, warn, crit);
        hs_metric_bounds(m, 0, NAN);
    }
}

static void report_cluster(hs_probe *p, const struct gal_state *s)
{
    const gal_assessment *a = &s->verdict;
    const gal_policy *pol = &s->cfg.policy;
    hs_component *c;
    char warn[32], crit[32];

    c = hs_probe_component(p, CLUSTER_ID, "service", NULL, a->cluster);
    if (!c)
        return;
    snprintf(warn, sizeof warn, "%u:", pol->expected_size);
    snprintf(crit, sizeof crit, "%u:", pol->min_primary);
    cluster_metric(c, "size", warn, crit, a->primary_size);
    cluster_metric(c, "nodes_reachable", NULL, NULL, a->reachable);
    cluster_metric(c, "nodes_primary", NULL, NULL, a->primary);
    cluster_metric(c, "nodes_synced", NULL, NULL, a->synced);
    cluster_metric(c, "expected_size", NULL, NULL, pol->expected_size);
}

static int gal_probe(void *state, hs_probe *p)
{
    struct gal_state *s = state;
    gal_config *cfg = &s->cfg;
    double left = hs_probe_time_left(p);
    gal_login login;
    size_t i, down = 0, answered = 0;

    if (left < 1.0) {
        hs_probe_fail(p, "galera: only %.2f s left before the deadline", left);
        return -1;
    }
    if (!s->client_ready) {
        if (mysql_library_init(0, NULL, NULL) != 0) {
            hs_probe_fail(p, "galera: the MySQL client library failed to initialise");
            return -1;
        }
        s->client_ready = 1;
    }
    login.user = cfg->user;
    login.password = cfg->has_password ? cfg->password : NULL;
    login.connect_timeout = budget(cfg->connect_timeout, left);
    login.read_timeout = budget(cfg->read_timeout, left);
    login.write_timeout = budget(cfg->write_timeout, left);
    gal_query_all(cfg->nodes, cfg->nnodes, &login);

    for (i = 0; i < cfg->nnodes; i++) {
        down += cfg->nodes[i].reach == GAL_REACH_DOWN;
        answered += cfg->nodes[i].reach == GAL_REACH_OK;
    }
    /* Nothing answered and not every node plainly refused: we saw nothing
     * (wrong password, firewall, timeouts), which is UNKNOWN, not DOWN. */
    if (answered == 0 && down < cfg->nnodes) {
        char why[1024];
        size_t o = 0;
        for (i = 0; i < cfg->nnodes && o < sizeof why; i++)
            o += (size_t)snprintf(why + o, sizeof why - o, "%s%s: %s",
                                  i ? "; " : "", cfg->nodes[i].id,
                                  cfg->nodes[i].error);
        hs_probe_fail(p, "galera: no node answered: %s", why);
        return -1;
    }

    gal_assess(cfg->nodes, cfg->nnodes, &cfg->policy, &s->verdict);
    report_cluster(p, s);
    for (i = 0; i < cfg->nnodes; i++)
        report_node(p, cfg, &cfg->nodes[i], s->verdict.node[i]);
    hs_probe_message(p, "%u of %zu nodes answered, %u Primary, %u Synced; Primary component size %u (expected %u)",
                     s->verdict.reachable, cfg->nnodes, s->verdict.primary,
                     s->verdict.synced, s->verdict.primary_size,
                     cfg->policy.expected_size);
    return 0;
}

static int gal_score(void *state, const hs_probe *p, hs_verdict *v)
{
    const struct gal_state *s = state;
    size_t i;
    (void)p;
    for (i = 0; i < s->verdict.nreasons; i++)
        hs_verdict_raise(v, s->verdict.reasons[i].status, "%s",
                         s->verdict.reasons[i].text);
    hs_verdict_health(v, s->verdict.health);
    return 0;
}

static void gal_release(void *state)
{
    struct gal_state *s = state;
    if (!s)
        return;
    if (s->client_ready)
        mysql_library_end();
    /* The password must not linger in freed memory. */
    memset(s->cfg.password, 0, sizeof s->cfg.password);
    free(s);
}

static const struct hs_plugin galera_plugin = {
    .abi_version = HS_PLUGIN_ABI_VERSION,
    .name = "galera",
    .version = "1.0",
    .technology = "Galera",
    .ha_class = HS_CLASS_DISTRIBUTED_DATABASE,
    .scores = {
        .chance = 4,
        .risk = 3,
        .maturity = 4,
        .chance_why = "synchronous multi-master replication: any node takes writes, "
                      "no promotion on failover, no committed transaction lost with a node",
        .risk_why = "losing quorum stops every write (non-Primary), one slow node throttles "
                    "all through flow control, and recovery after a full outage is manual",
        .maturity_why = "in production since 2009 (Codership), shipped with MariaDB since "
                        "10.1 and in Percona XtraDB Cluster; documented, maintained upstream",
    },
    .description = "MariaDB/MySQL Galera cluster: wsrep status of every node over the MySQL protocol",
    .configure = gal_configure,
    .probe = gal_probe,
    .score = gal_score,
    .release = gal_release,
};

HS_PLUGIN_DEFINE(galera_plugin)
