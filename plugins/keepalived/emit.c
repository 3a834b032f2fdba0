/*
 * plugins/keepalived/emit.c — what the group's nodes showed, as the core's
 * components: one "node:NAME" per node, one "vrrp:INSTANCE" service per VRRP
 * instance and one "vrrp:INSTANCE@NODE" cell under it (contract in
 * keepalived.h).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>

#include "keepalived.h"

static hs_state cell_state(enum ka_state s)
{
    switch (s) {
    case KA_MASTER:
    case KA_BACKUP: return HS_STATE_UP;
    case KA_UNKNOWN: return HS_STATE_UNKNOWN;
    default: return HS_STATE_DOWN;
    }
}

static void lower(char *dst, const char *src, size_t cap)
{
    size_t i;

    for (i = 0; src[i] && i + 1 < cap; i++)
        dst[i] = (char)tolower((unsigned char)src[i]);
    dst[i] = '\0';
}

static void report_node(hs_probe *p, const struct ka_node_cfg *cfg, const struct ka_node_obs *o)
{
    char id[KA_NAME_MAX + 8];
    hs_component *c;

    snprintf(id, sizeof id, "node:%s", o->name);
    c = hs_probe_component(p, id, "node", NULL,
                           o->running == 0 ? HS_STATE_DOWN
                           : o->readable   ? HS_STATE_UP
                                           : HS_STATE_UNKNOWN);
    if (!c)
        return;
    hs_component_label(c, "method",
                       cfg->method == KA_METHOD_DUMP   ? "dump"
                       : cfg->method == KA_METHOD_SNMP ? "snmp"
                                                       : "state_file");
    if (cfg->method == KA_METHOD_SNMP)
        hs_component_label(c, "host", cfg->snmp->host);
    if (o->latency_s >= 0)
        hs_component_metric(c, "latency", o->latency_s, "s");
    if (o->why[0])
        hs_component_message(c, "%s", o->why);
}

static void report_cell(hs_probe *p, const char *svc, const char *node, const struct ka_cell *cell,
                        double now, const char *warn)
{
    char id[2 * KA_NAME_MAX + 16];
    const struct ka_instance *in = cell->in;
    hs_component *c;
    hs_metric *m;

    snprintf(id, sizeof id, "%s@%s", svc, node);
    c = hs_probe_component(p, id, "instance", svc, cell_state(cell->state));
    if (!c)
        return;
    hs_component_label(c, "node", node);
    hs_component_label(c, "state", ka_state_name(cell->state));
    {
        /* the instance runs in that node's keepalived */
        char nid[KA_NAME_MAX + 8];
        snprintf(nid, sizeof nid, "node:%s", node);
        hs_component_needs(c, nid);
    }
    /* keepalived_vrrp_state numbering; STOP and the rest above it. */
    hs_component_metric(c, "state", (double)cell->state, "");
    if (!in)
        return;
    if (in->priority >= 0)
        hs_component_metric(c, "priority", (double)in->priority, "");
    if (in->effective_priority >= 0)
        hs_component_metric(c, "effective_priority", (double)in->effective_priority, "");
    if (in->become_master >= 0)
        hs_component_metric(c, "become_master", (double)in->become_master, "c");
    if (in->release_master >= 0)
        hs_component_metric(c, "release_master", (double)in->release_master, "c");
    if (ka_counter(in) >= 0)
        hs_component_metric(c, "transitions", (double)ka_counter(in), "c");
    if (cell->delta >= 0 &&
        (m = hs_component_metric(c, "transitions_since_last_run", (double)cell->delta, "")) != NULL)
        hs_metric_thresholds(m, warn, NULL);
    if (in->last_transition > 0)
        hs_component_metric(c, "state_age", fmax(0.0, now - in->last_transition), "s");
    if (in->vrid >= 0) {
        char vrid[24];
        snprintf(vrid, sizeof vrid, "%ld", in->vrid);
        hs_component_label(c, "vrid", vrid);
    }
}

static void report_service(hs_probe *p, const struct ka_target *t, const struct ka_node_obs *obs,
                           const struct ka_judgement *j, size_t i, double now)
{
    const struct ka_inst_sum *s = &j->inst[i];
    char id[KA_NAME_MAX + 8], mname[32], sname[16];
    const struct ka_cell *mc;
    hs_component *c;
    size_t k;
    int st;

    snprintf(id, sizeof id, "vrrp:%s", s->name);
    c = hs_probe_component(p, id, "service", NULL, s->service);
    if (!c)
        return;
    hs_component_label(c, "master", s->master_node >= 0 ? obs[s->master_node].name : "none");
    mc = s->master_node >= 0 ? ka_cell_at(j, i, (size_t)s->master_node) : NULL;
    if (mc && mc->in && mc->in->vips[0])
        hs_component_label(c, "vips", mc->in->vips);
    for (st = 0; st < KA_STATE_COUNT; st++) {
        lower(sname, ka_state_name((enum ka_state)st), sizeof sname);
        snprintf(mname, sizeof mname, "nodes_%s", sname);
        hs_component_metric(c, mname, (double)s->count[st], "");
    }
    for (k = 0; k < t->n_nodes; k++)
        report_cell(p, id, obs[k].name, ka_cell_at(j, i, k), now, t->transitions_warn_text);
    /* a VIP is held while one router of the group can take it */
    hs_component_require(c, 1, "one router of the group holds the VIP");
}

void ka_emit(hs_probe *p, const struct ka_target *t, const struct ka_node_obs *obs,
             const struct ka_judgement *j, double now)
{
    size_t k, i;

    for (k = 0; k < t->n_nodes; k++)
        report_node(p, &t->nodes[k], &obs[k]);
    for (i = 0; i < j->n_inst; i++)
        report_service(p, t, obs, j, i, now);
}
