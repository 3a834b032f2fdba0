/*
 * plugins/haproxy/plugin.c — the HAProxy plugin: descriptor and the configure → probe →
 * score → release life cycle. I/O is in io_*.c, the format in parse.c,
 * grouping in parse_group.c and the rules in judge.c; this file only maps them
 * onto the core's result and verdict.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "haproxy.h"


/* The plugin's own version: bumped when its config keys, component ids or
 * scoring rules change, independently of hascout's release. */
#define HAP_PLUGIN_VERSION "1.0"

/* Leave the core this much of the deadline to collect the result. */
#define HAP_DEADLINE_MARGIN 0.25

/* Everything of one target: its config and what the probe saw, which
 * score() judges. Owned by the plugin, freed by release(). */
struct hap_state {
    struct hap_config conf;
    struct hap_stats stats;
    struct hap_view view;
};

static int hap_configure(const config_setting_t *target, void **state,
                         hs_error *err)
{
    struct hap_state *st = calloc(1, sizeof *st);

    *state = NULL;
    if (!st) {
        hs_error_at(err, target, "out of memory");
        return -1;
    }
    if (hap_config_read(target, &st->conf, err) < 0) {
        hap_config_free(&st->conf);
        free(st);
        return -1;
    }
    *state = st;
    return 0;
}

static void metric(hs_component *c, const char *name, double v,
                   const char *unit)
{
    if (isfinite(v))
        hs_component_metric(c, name, v, unit);
}

static void session_metrics(hs_component *c, const struct hap_row *r,
                            const struct hap_config *conf)
{
    double pct = hap_session_pct(r);
    hs_metric *m;

    metric(c, "sessions", r->scur, "");
    metric(c, "sessions_limit", r->slim, "");
    if (isfinite(pct) &&
        (m = hs_component_metric(c, "sessions_pct", pct, "%")) != NULL) {
        hs_metric_thresholds(m, conf->warn_sessions, conf->crit_sessions);
        hs_metric_bounds(m, 0, NAN);
    }
}

static void add_frontend(hs_probe *p, const struct hap_row *r,
                         const struct hap_config *conf)
{
    char id[512];
    hs_component *c;

    snprintf(id, sizeof id, "frontend/%s", r->pxname);
    c = hs_probe_component(p, id, "frontend", NULL, hap_frontend_state(r));
    if (!c)
        return;
    hs_component_label(c, "status", r->status_text);
    session_metrics(c, r, conf);
    if (r->status != HAP_ST_OPEN)
        hs_component_message(c, "frontend is %s, not OPEN",
                             r->status_text[0] ? r->status_text : "empty");
}

static void add_server(hs_probe *p, const char *parent,
                       const struct hap_server *s)
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
        hs_component_message(c, "%s%s%s%s%s%s", r->status_text,
                             r->check_status[0] ? " (" : "", r->check_status,
                             r->check_desc[0] ? ": " : "", r->check_desc,
                             r->check_status[0] ? ")" : "");
    else if (r->trans_max)
        hs_component_message(c, "%s: failing checks, going down",
                             r->status_text);
    if (r->check_running)
        hs_component_label(c, "check_running", "yes");
}

static void add_backend(hs_probe *p, const struct hap_backend *b,
                        const struct hap_config *conf)
{
    char id[512];
    hs_component *c;
    hs_metric *m;
    size_t i;

    snprintf(id, sizeof id, "backend/%s", b->name);
    c = hs_probe_component(p, id, "service", NULL,
                           hap_backend_state(b, conf->limits.min_up));
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
            hs_component_message(c, "%d server%s in maintenance or drained "
                                 "(%s)", b->admin, b->admin == 1 ? "" : "s",
                                 conf->filter.maint_is_down ?
                                 "counted as down" : "not counted");
    } else {
        hs_component_message(c, "no servers: served by HAProxy itself");
    }
    if (b->row) {
        session_metrics(c, b->row, conf);
        if (isfinite(b->row->qcur) &&
            (m = hs_component_metric(c, "queue", b->row->qcur, "")) != NULL)
            hs_metric_thresholds(m, conf->warn_queue, conf->crit_queue);
    }
    if (conf->filter.types & HAP_KEEP_SERVER)
        for (i = 0; i < b->nservers; i++)
            add_server(p, id, &b->servers[i]);
}

static int fetch(const struct hap_config *conf, double budget, char **body,
                 size_t *len, char *err, size_t errlen)
{
    double timeout = conf->timeout < budget ? conf->timeout : budget;

    if (conf->socket)
        return hap_fetch_socket(conf->socket, timeout, body, len, err,
                                errlen);
    return hap_fetch_http(&conf->http, timeout, body, len, err, errlen);
}

static int hap_probe(void *state, hs_probe *p)
{
    struct hap_state *st = state;
    const char *src = hap_config_source(&st->conf);
    char err[1024];
    char *body = NULL;
    size_t len = 0, i;
    int rc = -1;

    if (fetch(&st->conf, hs_probe_time_left(p) - HAP_DEADLINE_MARGIN, &body,
              &len, err, sizeof err) < 0) {
        hs_probe_fail(p, "%s", err);
        goto out;
    }
    if (hap_stats_parse(body, len, &st->stats, err, sizeof err) < 0) {
        hs_probe_fail(p, "%s: unreadable stats: %s", src, err);
        goto out;
    }
    if (hap_view_build(&st->stats, &st->conf.filter, &st->view, err,
                       sizeof err) < 0) {
        hs_probe_fail(p, "%s: %s", src, err);
        goto out;
    }
    if (st->view.nbackends == 0 && st->view.nfrontends == 0) {
        hs_probe_fail(p, "%s: no proxy of the %zu rows matches the "
                      "configured proxies/exclude_proxies/types", src,
                      st->stats.nrows);
        goto out;
    }
    for (i = 0; i < st->view.nfrontends; i++)
        add_frontend(p, st->view.frontends[i], &st->conf);
    for (i = 0; i < st->view.nbackends; i++)
        add_backend(p, &st->view.backends[i], &st->conf);
    hs_probe_message(p, "%s: %zu frontends, %zu backends, %zu rows",
                     src, st->view.nfrontends, st->view.nbackends,
                     st->stats.nrows);
    rc = 0;
out:
    free(body);
    return rc;
}

static void raise_alert(void *ctx, hs_status status, const char *text)
{
    hs_verdict_raise(ctx, status, "%s", text);
}

static int hap_score(void *state, const hs_probe *probe, hs_verdict *v)
{
    struct hap_state *st = state;
    double health;

    (void)probe;
    health = hap_judge(&st->view, &st->conf.limits, raise_alert, v);
    if (isfinite(health))
        hs_verdict_health(v, health);
    return 0;
}

static void hap_release(void *state)
{
    struct hap_state *st = state;

    if (!st)
        return;
    hap_view_free(&st->view);
    hap_stats_free(&st->stats);
    hap_config_free(&st->conf);
    free(st);
}

static const struct hs_plugin hap_plugin = {
    .abi_version = HS_PLUGIN_ABI_VERSION,
    .name = "haproxy",
    .version = HAP_PLUGIN_VERSION,
    .technology = "HAProxy",
    .ha_class = HS_CLASS_LOAD_BALANCER,
    .scores = {
        .chance = 4,
        .risk = 3,
        .maturity = 5,
        .chance_why = "health-checked balancing hides single backend "
                      "failures from clients within seconds (inter/fall)",
        .risk_why = "in the data path of every request: one instance is a "
                    "single point of failure unless paired (VRRP) and a bad "
                    "reload or config takes the whole service down",
        .maturity_why = "developed since 2001, LTS branches with years of "
                        "support, very wide adoption, thorough docs",
    },
    .description = "HAProxy frontends, backends and servers from the stats "
                   "page (HTTP/HTTPS) or the stats socket",
    .configure = hap_configure,
    .probe = hap_probe,
    .score = hap_score,
    .release = hap_release,
};

HS_PLUGIN_DEFINE(hap_plugin)
