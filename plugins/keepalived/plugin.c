/*
 * plugins/keepalived/plugin.c — the keepalived plugin: a target is a
 * VRRP group; per instance we find which node is MASTER. This file runs
 * configuration (config.c), observation (io.c), verdict (judge.c), the flap
 * history (history.c) and the components (emit.c) in order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived.h"

/* Everything one run keeps between probe() and score(). */
struct ka_run {
    struct ka_target *t;
    struct ka_node_obs *obs; /* one per node */
    struct ka_judgement j;
    char history_problem[512]; /* non-empty: flap history unusable */
    struct ka_wire_obs *wobs;  /* method "wire", owned */
    struct ka_wire_judgement *wj;
};

static int ka_configure(const config_setting_t *target, void **state, hs_error *err)
{
    struct ka_run *run = calloc(1, sizeof *run);

    if (!run) {
        hs_error_at(err, target, "out of memory");
        return -1;
    }
    if (ka_target_configure(target, &run->t, err) < 0) {
        free(run);
        return -1;
    }
    *state = run;
    return 0;
}

/* Load the previous flap history; a problem is kept for score()
 * (flapping is then not judged, the rest still is). */
static void load_history(struct ka_run *run, struct ka_flap *prev)
{
    char path[4096], why[512];

    if (ka_history_path(run->t->state_dir, run->t->name, path, sizeof path) < 0) {
        snprintf(run->history_problem, sizeof run->history_problem, "state_dir path too long");
        return;
    }
    if (ka_history_load(path, prev, why, sizeof why) < 0) {
        snprintf(run->history_problem, sizeof run->history_problem, "%s", why);
        ka_flap_free(prev);
    }
}

static void save_history(struct ka_run *run)
{
    struct ka_flap next;
    char path[4096], why[512];

    ka_flap_init(&next);
    if (ka_history_path(run->t->state_dir, run->t->name, path, sizeof path) == 0 &&
        (ka_flap_from(&run->j, run->obs, &next, why, sizeof why) < 0 ||
         ka_history_save(path, &next, why, sizeof why) < 0) &&
        !run->history_problem[0])
        snprintf(run->history_problem, sizeof run->history_problem, "%s", why);
    ka_flap_free(&next);
}

/* Method "wire": listen for the window, within what the deadline leaves. */
static int wire_probe(struct ka_run *run, hs_probe *p)
{
    const struct ka_target *t = run->t;
    double window = t->window;
    long ms = hs_probe_timeout_ms(p, 1.0, (long)(window * 1000));

    run->wobs = malloc(sizeof *run->wobs);
    run->wj = malloc(sizeof *run->wj);
    if (!run->wobs || !run->wj) {
        hs_probe_fail(p, "out of memory");
        return -1;
    }
    ka_wire_obs_init(run->wobs, t->vrids, t->n_vrids, t->families);
    if (ms < (long)(window * 1000))
        window = (double)ms / 1000.0; /* a short deadline shortens the window */
    ka_wire_listen(t->interface, window, run->wobs);
    if (run->wobs->why[0]) {
        hs_probe_fail(p, "cannot listen for VRRP: %s", run->wobs->why);
        return -1;
    }
    ka_wire_judge(run->wobs, t->routers, t->n_routers, run->wj);
    ka_emit_wire(p, t, run->wobs, run->wj);
    return 0;
}

/* Observe every node: the local ones (state files, dumps) one by one, then
 * the SNMP ones all at once with the time left, so a silent one costs the
 * others nothing and the target ends inside its deadline. */
static void read_nodes(const struct ka_target *t, hs_probe *p, struct ka_node_obs *obs)
{
    size_t k;

    for (k = 0; k < t->n_nodes; k++)
        if (t->nodes[k].method != KA_METHOD_SNMP)
            ka_read_node(&t->nodes[k], hs_probe_deadline(p) - 0.2, &obs[k]);
#ifdef KA_HAVE_SNMP
    ka_read_snmp_nodes(t->nodes, t->n_nodes, hs_probe_timeout_ms(p, 1.0, 0), obs);
#endif
}

static int ka_probe(void *state, hs_probe *p)
{
    struct ka_run *run = state;
    struct ka_judge_cfg jc = {run->t->preferred, run->t->expected, run->t->n_expected};
    struct ka_flap prev;
    char why[256];
    double now;
    size_t k;
    int rc = -1;

    if (run->t->wire)
        return wire_probe(run, p);
    ka_flap_init(&prev);
    run->obs = calloc(run->t->n_nodes, sizeof *run->obs);
    if (!run->obs) {
        hs_probe_fail(p, "out of memory");
        goto out;
    }
    for (k = 0; k < run->t->n_nodes; k++)
        ka_node_obs_init(&run->obs[k], run->t->nodes[k].name);
    read_nodes(run->t, p, run->obs);
    ka_name_by_vrid(run->obs, run->t->n_nodes);
    now = ka_wall_now();
    load_history(run, &prev);
    if (ka_judge(run->obs, run->t->n_nodes, &jc, run->history_problem[0] ? NULL : &prev, &run->j,
                 why, sizeof why) < 0) {
        hs_probe_fail(p, "%s", why);
        goto out;
    }
    save_history(run);
    ka_emit(p, run->t, run->obs, &run->j, now);
    rc = 0;
out:
    ka_flap_free(&prev);
    return rc;
}

static int ka_score(void *state, const hs_probe *p, hs_verdict *v)
{
    struct ka_run *run = state;
    const struct ka_cell *c;
    size_t i, k;

    (void)p;
    if (run->wj) {
        for (i = 0; i < run->wj->nf; i++)
            hs_verdict_raise(v, run->wj->f[i].status, "%s", run->wj->f[i].text);
        hs_verdict_health(v, run->wj->health);
        return 0;
    }
    for (i = 0; i < run->j.nf; i++)
        hs_verdict_raise(v, run->j.f[i].status, "%s", run->j.f[i].text);
    for (i = 0; i < run->j.n_inst; i++)
        for (k = 0; k < run->j.n_nodes; k++) {
            c = ka_cell_at(&run->j, i, k);
            if (c->delta >= 0 && hs_range_alerts(&run->t->transitions_warn, (double)c->delta))
                hs_verdict_raise(v, HS_WARNING,
                                 "VRRP %s: node %s changed "
                                 "state %ld times since the previous run "
                                 "(flapping)",
                                 run->j.inst[i].name, run->obs[k].name, c->delta);
        }
    if (run->history_problem[0])
        hs_verdict_raise(v, HS_WARNING, "flapping not tracked: %s", run->history_problem);
    hs_verdict_health(v, run->j.health);
    return 0;
}

static void ka_release(void *state)
{
    struct ka_run *run = state;
    size_t k;

    if (!run)
        return;
    if (run->obs)
        for (k = 0; k < run->t->n_nodes; k++)
            ka_node_obs_free(&run->obs[k]);
    free(run->obs);
    free(run->wobs);
    free(run->wj);
    ka_judgement_free(&run->j);
    ka_target_free(run->t);
    free(run);
#ifdef KA_HAVE_SNMP
    ka_snmp_shutdown();
#endif
}

static const struct hs_plugin ka_plugin = {
    .abi_version = HS_PLUGIN_ABI_VERSION,
    .name = "keepalived",
    .version = "1.0",
    .technology = "keepalived (VRRP)",
    .ha_class = HS_CLASS_RESOURCE_MONITOR,
    .scores =
        {
            .chance = 4,
            .risk = 3,
            .maturity = 5,
            .chance_why = "VRRP moves a VIP to a standby in about 1-4 s "
                          "(RFC 5798 timers), removing a single host as SPOF for "
                          "IP-level services",
            .risk_why = "split brain (two MASTERs) on multicast loss or "
                        "firewalling of IP protocol 112, and it fails over on "
                        "host/link loss only unless track scripts are configured",
            .maturity_why = "developed since 2001, packaged by every major "
                            "distribution, active upstream (keepalived.org), "
                            "widely deployed in front of load balancers",
        },
    .description = "VRRP state of keepalived nodes: MASTER per instance, "
                   "split brain, lost redundancy, flapping",
    .configure = ka_configure,
    .probe = ka_probe,
    .score = ka_score,
    .release = ka_release,
};

HS_PLUGIN_DEFINE(ka_plugin)
