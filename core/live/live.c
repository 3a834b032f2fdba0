/* live.c — probe results → model components → service state and margin. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/error.h"
#include "live/live.h"

static const char *const live_names[] = {"UP", "DOWN", "UNKNOWN", "UNMAPPED"};

const char *hs_live_state_name(enum hs_live_state s)
{
    return (unsigned)s <= HS_LIVE_UNMAPPED ? live_names[s] : "UNKNOWN";
}

int hs_live_state_parse(const char *s, enum hs_live_state *out)
{
    for (int i = 0; i <= HS_LIVE_UNMAPPED; i++)
        if (s && strcasecmp(s, live_names[i]) == 0) {
            *out = (enum hs_live_state)i;
            return 0;
        }
    return -1;
}

void hs_live_free(struct hs_live *lv)
{
    if (!lv)
        return;
    for (size_t i = 0; i < lv->ncomps; i++) {
        free(lv->comps[i].target);
        free(lv->comps[i].source);
        free(lv->comps[i].why);
    }
    free(lv->comps);
    for (size_t i = 0; i < lv->nservices; i++) {
        free(lv->services[i].cut);
        if (lv->mcs)
            hs_mcs_free(lv->mcs[i]);
    }
    free(lv->mcs);
    free(lv->services);
    hs_model_free(lv->model);
    free(lv);
}

int hs_live_find(const struct hs_live *lv, const char *name)
{
    for (size_t i = 0; i < lv->ncomps; i++)
        if (strcmp(lv->comps[i].name, name) == 0)
            return (int)i;
    return -1;
}

static const struct hs_target_result *find_target(const struct hs_target_result *r, size_t n,
                                                  const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(r[i].name, name) == 0)
            return &r[i];
    return NULL;
}

/* The live state of one mapped component from the probe results. */
static void observe(struct hs_live_component *c, const struct hs_target_result *res, size_t n,
                    int degraded_down)
{
    const struct hs_target_result *t = find_target(res, n, c->target);
    char why[512];
    c->state = HS_LIVE_UNKNOWN;
    if (!t) {
        snprintf(why, sizeof why, "target %s was not probed", c->target);
    } else if (t->error || !t->probe) {
        snprintf(why, sizeof why, "target %s: %s", c->target, t->error ? t->error : "no result");
    } else if (!c->source) {
        /* the target as a whole */
        c->state = t->status == HS_CRITICAL  ? HS_LIVE_DOWN
                   : t->status == HS_UNKNOWN ? HS_LIVE_UNKNOWN
                                             : HS_LIVE_UP;
        snprintf(why, sizeof why, "target %s %s", c->target, hs_status_name(t->status));
    } else {
        const hs_component *pc = hs_probe_find(t->probe, c->source);
        if (!pc) {
            snprintf(why, sizeof why, "target %s reported no component '%s'", c->target, c->source);
        } else {
            hs_state s = hs_component_state(pc);
            c->state = s == HS_STATE_UP         ? HS_LIVE_UP
                       : s == HS_STATE_DOWN     ? HS_LIVE_DOWN
                       : s == HS_STATE_DEGRADED ? (degraded_down ? HS_LIVE_DOWN : HS_LIVE_UP)
                                                : HS_LIVE_UNKNOWN;
            snprintf(why, sizeof why, "%s/%s %s", c->target, c->source, hs_state_name(s));
        }
    }
    free(c->why);
    c->why = strdup(why);
}

/* Read the `live` mapping of each model component from the config. */
static int read_mappings(struct hs_live *lv, const config_setting_t *model, hs_error *err)
{
    const config_setting_t *comps = config_setting_get_member(model, "components");
    int n = comps ? config_setting_length(comps) : 0;
    for (int i = 0; i < n; i++) {
        const config_setting_t *c = config_setting_get_elem(comps, (unsigned)i);
        const config_setting_t *l = config_setting_get_member(c, "live");
        const char *name = NULL, *target = NULL, *source = NULL;
        int idx;
        if (!l)
            continue;
        config_setting_lookup_string(c, "name", &name);
        if (!config_setting_is_group(l)) {
            hs_error_at(err, l,
                        "'live' must be a group { target = \"...\"; component = \"...\"; }");
            return -1;
        }
        for (int k = 0; k < config_setting_length(l); k++) {
            const char *key = config_setting_name(config_setting_get_elem(l, (unsigned)k));
            if (strcmp(key, "target") != 0 && strcmp(key, "component") != 0) {
                hs_error_at(err, config_setting_get_elem(l, (unsigned)k),
                            "unknown setting '%s' in 'live' (target, component)", key);
                return -1;
            }
        }
        if (hs_config_string(l, "target", NULL, &target, err) < 0 ||
            hs_config_string(l, "component", NULL, &source, err) < 0)
            return -1;
        if (!target) {
            hs_error_at(err, l, "'live' needs the 'target' whose probe gives the state");
            return -1;
        }
        idx = name ? hs_live_find(lv, name) : -1;
        if (idx < 0)
            continue; /* the model reader already refused bad components */
        lv->comps[idx].target = strdup(target);
        lv->comps[idx].source = source ? strdup(source) : NULL;
        if (!lv->comps[idx].target || (source && !lv->comps[idx].source)) {
            hs_error_set(err, "out of memory");
            return -1;
        }
        lv->comps[idx].state = HS_LIVE_UNKNOWN;
    }
    return 0;
}

/* The same mappings given apart from the model, so an architecture file
 * can be included unchanged: live = { map = ( { component = "galera-1";
 * target = "db"; source = "db1"; }, ... ); }. */
static int read_map(struct hs_live *lv, const config_setting_t *lg, hs_error *err)
{
    const config_setting_t *map = lg ? config_setting_get_member(lg, "map") : NULL;
    if (!map)
        return 0;
    if (!config_setting_is_list(map)) {
        hs_error_at(err, map, "'live.map' must be a list ( { component = ...; target = ...; } )");
        return -1;
    }
    for (int i = 0; i < config_setting_length(map); i++) {
        const config_setting_t *e = config_setting_get_elem(map, (unsigned)i);
        const char *comp = NULL, *target = NULL, *source = NULL;
        int idx;
        if (!config_setting_is_group(e)) {
            hs_error_at(err, e, "each 'live.map' entry must be a group");
            return -1;
        }
        for (int k = 0; k < config_setting_length(e); k++) {
            const char *key = config_setting_name(config_setting_get_elem(e, (unsigned)k));
            if (strcmp(key, "component") && strcmp(key, "target") && strcmp(key, "source")) {
                hs_error_at(err, config_setting_get_elem(e, (unsigned)k),
                            "unknown setting '%s' in 'live.map' (component, target, source)", key);
                return -1;
            }
        }
        if (hs_config_string(e, "component", NULL, &comp, err) < 0 ||
            hs_config_string(e, "target", NULL, &target, err) < 0 ||
            hs_config_string(e, "source", NULL, &source, err) < 0)
            return -1;
        if (!comp || !target) {
            hs_error_at(err, e, "a 'live.map' entry needs 'component' and 'target'");
            return -1;
        }
        idx = hs_live_find(lv, comp);
        if (idx < 0) {
            hs_error_at(err, e, "'live.map': the model has no component '%s'", comp);
            return -1;
        }
        if (lv->comps[idx].target) {
            hs_error_at(err, e, "'live.map': component '%s' is mapped twice", comp);
            return -1;
        }
        lv->comps[idx].target = strdup(target);
        lv->comps[idx].source = source ? strdup(source) : NULL;
        if (!lv->comps[idx].target || (source && !lv->comps[idx].source)) {
            hs_error_set(err, "out of memory");
            return -1;
        }
        lv->comps[idx].state = HS_LIVE_UNKNOWN;
    }
    return 0;
}

/* Which targets the mappings name must exist: a typo is a config error. */
static int check_targets(const struct hs_live *lv, const config_t *cfg, hs_error *err)
{
    const config_setting_t *ts = config_lookup(cfg, "targets");
    for (size_t i = 0; i < lv->ncomps; i++) {
        int found = 0;
        if (!lv->comps[i].target)
            continue;
        for (int k = 0; ts && k < config_setting_length(ts); k++) {
            const char *tn = NULL;
            config_setting_lookup_string(config_setting_get_elem(ts, (unsigned)k), "name", &tn);
            if (tn && strcmp(tn, lv->comps[i].target) == 0)
                found = 1;
        }
        if (!found) {
            const hs_model_node *nd = &lv->model->nodes[lv->model->events[i]];
            hs_error_set(err, "%s:%d: component '%s': live target '%s' is not in 'targets'",
                         nd->file ? nd->file : "?", nd->line, lv->comps[i].name,
                         lv->comps[i].target);
            return -1;
        }
    }
    return 0;
}

int hs_live_margin(const struct hs_live *lv, size_t s, const enum hs_live_state *states,
                   int *margin, int *margin_low, int **cut, int *ncut)
{
    const hs_mcs_result *r = lv->mcs[s];
    long best = -1;
    int bestn = -1, lown = -1;

    for (long k = 0; k < r->n_sets; k++) {
        const hs_cut_set *cs = &r->sets[k];
        int further = 0, further_low = 0;
        for (int e = 0; e < cs->n; e++) {
            enum hs_live_state st = states[cs->events[e]];
            further += st != HS_LIVE_DOWN;
            further_low += st != HS_LIVE_DOWN && st != HS_LIVE_UNKNOWN;
        }
        if (bestn < 0 || further < bestn) {
            bestn = further;
            best = k;
        }
        if (lown < 0 || further_low < lown)
            lown = further_low;
    }
    *margin = bestn;
    *margin_low = lown;
    if (cut) {
        *cut = NULL;
        *ncut = 0;
        if (best >= 0 && bestn > 0) {
            const hs_cut_set *cs = &r->sets[best];
            *cut = malloc((size_t)cs->n * sizeof **cut);
            if (!*cut)
                return -1;
            for (int e = 0; e < cs->n; e++)
                if (states[cs->events[e]] != HS_LIVE_DOWN)
                    (*cut)[(*ncut)++] = cs->events[e];
        }
    }
    return 0;
}

int hs_live_assess(struct hs_live *lv)
{
    enum hs_live_state *st = malloc((lv->ncomps + 1) * sizeof *st);
    if (!st)
        return -1;
    for (size_t i = 0; i < lv->ncomps; i++)
        st[i] = lv->comps[i].state;
    for (size_t s = 0; s < lv->nservices; s++) {
        struct hs_live_service *sv = &lv->services[s];
        free(sv->cut);
        sv->cut = NULL;
        sv->ncut = 0;
        if (hs_live_margin(lv, s, st, &sv->margin, &sv->margin_low, &sv->cut, &sv->ncut) < 0) {
            free(st);
            return -1;
        }
        sv->state = sv->margin == 0       ? HS_LIVE_DOWN
                    : sv->margin_low == 0 ? HS_LIVE_UNKNOWN
                                          : HS_LIVE_UP;
    }
    free(st);
    return 0;
}

/* The `live` group LG (may be NULL): only `degraded_is` and `map` are
 * known; *degraded_down says whether DEGRADED counts as failed. 0, or -1
 * + err naming the setting. */
static int read_live_group(const config_setting_t *lg, int *degraded_down, hs_error *err)
{
    const char *deg = "up";
    *degraded_down = 0;
    if (!lg)
        return 0;
    for (int k = 0; k < config_setting_length(lg); k++) {
        const config_setting_t *m = config_setting_get_elem(lg, (unsigned)k);
        if (strcmp(config_setting_name(m), "degraded_is") &&
            strcmp(config_setting_name(m), "map") && strcmp(config_setting_name(m), "discover")) {
            hs_error_at(err, m, "unknown setting 'live.%s' (degraded_is, map, discover)",
                        config_setting_name(m));
            return -1;
        }
    }
    if (hs_config_string(lg, "degraded_is", "up", &deg, err) < 0)
        return -1;
    if (strcmp(deg, "up") != 0 && strcmp(deg, "down") != 0) {
        hs_error_at(err, config_setting_get_member(lg, "degraded_is"),
                    "'degraded_is' must be \"up\" or \"down\"");
        return -1;
    }
    *degraded_down = strcmp(deg, "down") == 0;
    return 0;
}

/* Load and finish lv->model from the `model` group MG, and make the
 * per-component and per-service arrays with every component UNMAPPED.
 * *q (caller-owned) gets each component's modeled unavailability, 0 for
 * one without figures (it still has a structure role). 0, or -1 + err. */
static int load_model(struct hs_live *lv, const config_setting_t *mg, double **q, hs_error *err)
{
    hs_error merr;
    hs_error_clear(&merr);
    lv->model = hs_model_new();
    if (!lv->model)
        return hs_error_fail(err, NULL, 0, "out of memory");
    if (hs_model_load_config_setting(lv->model, mg, &merr) < 0 ||
        hs_model_finish(lv->model, &merr) < 0) {
        hs_error_set(err, "%s", merr.msg);
        return -1;
    }
    lv->ncomps = (size_t)lv->model->n_events;
    lv->nservices = (size_t)lv->model->n_tops;
    lv->comps = calloc(lv->ncomps + 1, sizeof *lv->comps);
    lv->services = calloc(lv->nservices + 1, sizeof *lv->services);
    lv->mcs = calloc(lv->nservices + 1, sizeof *lv->mcs);
    *q = calloc(lv->ncomps + 1, sizeof **q);
    if (!lv->comps || !lv->services || !lv->mcs || !*q)
        return hs_error_fail(err, NULL, 0, "out of memory");
    for (size_t i = 0; i < lv->ncomps; i++) {
        const hs_model_node *nd = &lv->model->nodes[lv->model->events[i]];
        lv->comps[i].name = nd->name;
        lv->comps[i].technology = nd->technology;
        lv->comps[i].state = HS_LIVE_UNMAPPED;
        lv->comps[i].q = nd->q;
        lv->comps[i].lambda = nd->lambda;
        (*q)[i] = isnan(nd->q) ? 0 : nd->q;
    }
    return 0;
}

/* Every service's figures from the model and its minimal cut sets (within
 * ORDER_LIMIT) from the flat BDD, into lv->services and lv->mcs. 0, or -1
 * + err. */
static int compute_services(struct hs_live *lv, const hs_bdd *bdd, const double *q, int order_limit,
                            hs_error *err)
{
    hs_error merr;
    hs_error_clear(&merr);
    for (size_t s = 0; s < lv->nservices; s++) {
        struct hs_live_service *sv = &lv->services[s];
        const hs_model_top *top = &lv->model->tops[s];
        hs_mcs_opts mo = {
            .order_limit = order_limit, .cutoff = 0, .max_list = -1, .progress = false};
        sv->name = top->name;
        sv->importance = top->importance;
        sv->target = top->target;
        sv->modeled = 1.0 - hs_bdd_probability(bdd, (int)s, q);
        if (hs_mcs_compute(bdd, (int)s, q, &mo, &lv->mcs[s], &merr) < 0) {
            hs_error_set(err, "%s", merr.msg);
            return -1;
        }
    }
    return 0;
}

int hs_live_build(const config_t *cfg, const struct hs_target_result *results, size_t n,
                  const struct hs_live_opts *opts, struct hs_live **out, hs_error *err)
{
    const config_setting_t *mg =
        config_lookup(opts && opts->model_cfg ? opts->model_cfg : cfg, "model");
    const config_setting_t *lg = config_lookup(cfg, "live");
    struct hs_live *lv = NULL;
    hs_bdd *bdd = NULL;
    hs_error merr;
    double *q = NULL;
    int degraded_down, rc = -1;

    *out = NULL;
    if (!mg)
        return 0;
    if (read_live_group(lg, &degraded_down, err) < 0)
        return -1;
    lv = calloc(1, sizeof *lv);
    if (!lv)
        goto oom;
    lv->degraded_down = degraded_down;
    lv->discovered = opts && opts->model_cfg;
    if (load_model(lv, mg, &q, err) < 0)
        goto out;
    if (read_mappings(lv, mg, err) < 0 || read_map(lv, lg, err) < 0 ||
        check_targets(lv, cfg, err) < 0)
        goto out;
    if (opts && opts->validate_only) {
        rc = 0; /* lv is freed below: the caller asked for the check alone */
        goto out;
    }
    for (size_t i = 0; i < lv->ncomps; i++)
        if (lv->comps[i].target && n > 0)
            observe(&lv->comps[i], results, n, lv->degraded_down);
    /* flat: the margins come from the cut sets */
    hs_error_clear(&merr);
    if (hs_bdd_build(lv->model, &(hs_bdd_opts){.flat = true}, &bdd, &merr) < 0) {
        hs_error_set(err, "%s", merr.msg);
        goto out;
    }
    if (compute_services(lv, bdd, q, opts ? opts->order_limit : 0, err) < 0)
        goto out;
    if (hs_live_assess(lv) < 0)
        goto oom;
    *out = lv;
    lv = NULL;
    rc = 0;
    goto out;
oom:
    hs_error_set(err, "out of memory");
out:
    hs_bdd_free(bdd);
    free(q);
    hs_live_free(lv);
    return rc;
}

int hs_live_modeled_with(const struct hs_live *lv, const double *q, double *avail, hs_error *err)
{
    hs_bdd *bdd = NULL;
    hs_error merr;

    hs_error_clear(&merr);
    if (hs_bdd_build(lv->model, &(hs_bdd_opts){.flat = true}, &bdd, &merr) < 0) {
        hs_error_set(err, "%s", merr.msg);
        return -1;
    }
    for (size_t s = 0; s < lv->nservices; s++)
        avail[s] = 1.0 - hs_bdd_probability(bdd, (int)s, q);
    hs_bdd_free(bdd);
    return 0;
}
