/*
 * plugins/haproxy/plugin.c — the HAProxy plugin: descriptor and the
 * configure → probe → score → release life cycle. Keys are read in config.c,
 * I/O is in io_*.c, the format in parse*.c, the rules in judge.c and the
 * components in emit.c; this file only runs them in order.
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

static int hap_configure(const config_setting_t *target, void **state, hs_error *err)
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

static int fetch(const struct hap_config *conf, double budget, char **body, size_t *len, char *err,
                 size_t errlen)
{
    double timeout = conf->timeout < budget ? conf->timeout : budget;

    if (conf->socket)
        return hap_fetch_socket(conf->socket, timeout, body, len, err, errlen);
    return hap_fetch_http(&conf->http, timeout, body, len, err, errlen);
}

static int hap_probe(void *state, hs_probe *p)
{
    struct hap_state *st = state;
    const char *src = hap_config_source(&st->conf);
    char err[1024];
    char *body = NULL;
    size_t len = 0;
    int rc = -1;

    if (fetch(&st->conf, hs_probe_time_left(p) - HAP_DEADLINE_MARGIN, &body, &len, err,
              sizeof err) < 0) {
        hs_probe_fail(p, "%s", err);
        goto out;
    }
    if (hap_stats_parse(body, len, &st->stats, err, sizeof err) < 0) {
        hs_probe_fail(p, "%s: unreadable stats: %s", src, err);
        goto out;
    }
    if (hap_view_build(&st->stats, &st->conf.filter, &st->view, err, sizeof err) < 0) {
        hs_probe_fail(p, "%s: %s", src, err);
        goto out;
    }
    if (st->view.nbackends == 0 && st->view.nfrontends == 0) {
        hs_probe_fail(p,
                      "%s: no proxy of the %zu rows matches the "
                      "configured proxies/exclude_proxies/types",
                      src, st->stats.nrows);
        goto out;
    }
    hap_emit(p, &st->view, &st->conf);
    hs_probe_message(p, "%s: %zu frontends, %zu backends, %zu rows", src, st->view.nfrontends,
                     st->view.nbackends, st->stats.nrows);
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
    .scores =
        {
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
