/*
 * plugins/galera/emit.c — the judged cluster as the core's components: the
 * "cluster" service and one node component per configured address, with
 * their labels, metrics and messages (contract in galera.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "galera.h"

#define CLUSTER_ID "cluster"

static void report_node(hs_probe *p, const gal_config *cfg, const gal_node *n, hs_state state)
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
static void cluster_metric(hs_component *c, const char *metric, const char *warn, const char *crit,
                           double value)
{
    hs_metric *m = hs_component_metric(c, metric, value, "");
    if (m) {
        hs_metric_thresholds(m, warn, crit);
        hs_metric_bounds(m, 0, NAN);
    }
}

/* Galera stays Primary while a majority of the last Primary membership is
 * connected (equal weights: pc.weight is not read). The membership is the
 * largest wsrep_cluster_size a Primary node reported, else expected_size,
 * else the nodes configured here; nodes of it that this target does not
 * watch count as lost, so the rule errs on the safe side. */
static void declare_quorum(hs_component *c, const gal_config *cfg, const gal_assessment *a)
{
    unsigned members = a->primary_size             ? a->primary_size
                       : cfg->policy.expected_size ? cfg->policy.expected_size
                                                   : (unsigned)cfg->nnodes;
    char why[200];

    snprintf(why, sizeof why, "a majority of the %u members of the last Primary view (%s)", members,
             a->primary_size             ? "wsrep_cluster_size"
             : cfg->policy.expected_size ? "expected_size, no Primary node seen"
                                         : "the configured nodes, no Primary node seen");
    hs_component_require(c, (int)(members / 2 + 1), why);
}

static void report_cluster(hs_probe *p, const gal_config *cfg, const gal_assessment *a)
{
    const gal_policy *pol = &cfg->policy;
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
    declare_quorum(c, cfg, a);
}

void gal_emit(hs_probe *p, const gal_config *cfg, const gal_assessment *a)
{
    size_t i;

    report_cluster(p, cfg, a);
    for (i = 0; i < cfg->nnodes; i++)
        report_node(p, cfg, &cfg->nodes[i], a->node[i]);
}
