/*
 * plugins/haproxy/emit.c — the grouped stats table as the core's components:
 * one per frontend, backend (a service) and server, with their labels,
 * metrics and messages (contract in haproxy.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "haproxy.h"

static void metric(hs_component *c, const char *name, double v, const char *unit)
{
    if (isfinite(v))
        hs_component_metric(c, name, v, unit);
}

static void session_metrics(hs_component *c, const struct hap_row *r, const struct hap_config *conf)
{
    double pct = hap_session_pct(r);
    hs_metric *m;

    metric(c, "sessions", r->scur, "");
    metric(c, "sessions_limit", r->slim, "");
    if (isfinite(pct) && (m = hs_component_metric(c, "sessions_pct", pct, "%")) != NULL) {
        hs_metric_thresholds(m, conf->warn_sessions, conf->crit_sessions);
        hs_metric_bounds(m, 0, NAN);
    }
}

/* A listen section's frontend serves only while its backend (of the same
 * name) does. A plain frontend's backends are chosen by rules the stats do
 * not show, so it is left standing alone. */
static void add_needs(hs_component *c, const struct hap_row *r, const struct hap_view *v)
{
    char bid[512];
    for (size_t i = 0; i < v->nbackends; i++)
        if (v->backends[i].listen && strcmp(v->backends[i].name, r->pxname) == 0) {
            snprintf(bid, sizeof bid, "backend/%s", r->pxname);
            hs_component_needs(c, bid);
            return;
        }
}

static void add_frontend(hs_probe *p, const struct hap_row *r, const struct hap_config *conf,
                         const struct hap_view *v)
{
    char id[512];
    hs_component *c;

    snprintf(id, sizeof id, "frontend/%s", r->pxname);
    c = hs_probe_component(p, id, "frontend", NULL, hap_frontend_state(r));
    if (!c)
        return;
    hs_component_label(c, "status", r->status_text);
    session_metrics(c, r, conf);
    add_needs(c, r, v);
    if (r->status != HAP_ST_OPEN)
        hs_component_message(c, "frontend is %s, not OPEN",
                             r->status_text[0] ? r->status_text : "empty");
}

static void add_server(hs_probe *p, const char *parent, const struct hap_server *s)
{
    const struct hap_row *r = s->row;
    char id[1024];
    hs_component *c;

    snprintf(id, sizeof id, "%s/%s", parent, r->svname);
    c = hs_probe_component(p, id, "server", parent, hap_server_state(r));
    if (!c)
        return;
    hs_component_label(c, "status", r->status_text);
    hs_component_label(c, "role", s->backup ? "backup" : "active");
    if (r->check_status[0])
        hs_component_label(c, "check_status", r->check_status);
    if (r->check_desc[0])
        hs_component_label(c, "check_desc", r->check_desc);
    if (r->addr[0])
        hs_component_label(c, "addr", r->addr);
    metric(c, "weight", s->weight, "");
    metric(c, "sessions", r->scur, "");
    metric(c, "queue", r->qcur, "");
    metric(c, "since_change", r->lastchg, "s");
    metric(c, "downtime", r->downtime, "s");
    metric(c, "check_code", r->check_code, "");
    if (r->status != HAP_ST_UP && r->status != HAP_ST_NOCHECK)
        hs_component_message(c, "%s%s%s%s%s%s", r->status_text, r->check_status[0] ? " (" : "",
                             r->check_status, r->check_desc[0] ? ": " : "", r->check_desc,
                             r->check_status[0] ? ")" : "");
    else if (r->trans_max)
        hs_component_message(c, "%s: failing checks, going down", r->status_text);
    if (r->check_running)
        hs_component_label(c, "check_running", "yes");
}

static void add_backend(hs_probe *p, const struct hap_backend *b, const struct hap_config *conf)
{
    char id[512];
    hs_component *c;
    hs_metric *m;
    size_t i;

    snprintf(id, sizeof id, "backend/%s", b->name);
    c = hs_probe_component(p, id, "service", NULL, hap_backend_state(b, conf->limits.min_up));
    if (!c)
        return;
    hs_component_label(c, "section", b->listen ? "listen" : "backend");
    if (b->row)
        hs_component_label(c, "status", b->row->status_text);
    if (b->nservers > 0) {
        metric(c, "active_up", b->act_up, "");
        metric(c, "active_total", b->act_total, "");
        metric(c, "backup_up", b->bck_up, "");
        metric(c, "backup_total", b->bck_total, "");
        metric(c, "maint", b->admin, "");
        metric(c, "weight_up", b->weight_up, "");
        metric(c, "weight_total", b->weight_total, "");
        if (b->admin)
            hs_component_message(c,
                                 "%d server%s in maintenance or drained "
                                 "(%s)",
                                 b->admin, b->admin == 1 ? "" : "s",
                                 conf->filter.maint_is_down ? "counted as down" : "not counted");
    } else {
        hs_component_message(c, "no servers: served by HAProxy itself");
    }
    if (b->row) {
        session_metrics(c, b->row, conf);
        if (isfinite(b->row->qcur) &&
            (m = hs_component_metric(c, "queue", b->row->qcur, "")) != NULL)
            hs_metric_thresholds(m, conf->warn_queue, conf->crit_queue);
    }
    if (conf->filter.types & HAP_KEEP_SERVER && b->nservers > 0) {
        char why[160];
        int k = conf->limits.min_up > 1 ? (int)ceil(conf->limits.min_up) : 1;
        for (i = 0; i < b->nservers; i++)
            add_server(p, id, &b->servers[i]);
        snprintf(why, sizeof why, "%s server%s up (%s)", k == 1 ? "one" : "min_up",
                 k == 1 ? "" : "s",
                 k == 1 ? "any server, backups too, carries the traffic" : "the target's min_up");
        hs_component_require(c, k, why);
    }
}

void hap_emit(hs_probe *p, const struct hap_view *v, const struct hap_config *conf)
{
    size_t i;

    for (i = 0; i < v->nfrontends; i++)
        add_frontend(p, v->frontends[i], conf, v);
    for (i = 0; i < v->nbackends; i++)
        add_backend(p, &v->backends[i], conf);
}
