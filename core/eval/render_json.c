/*
 * core/eval/render_json.c — the comparison as a json-c tree for
 * `hascout compare --json` and for embedding in `hascout report`.
 * NaN and infinities become null (JSON has no such numbers).
 */
#include "eval/eval.h"
#include "eval/jsonb.h"
#include "eval/uncertainty.h"

#include <math.h>
#include <stdlib.h>

#include "abi/result.h"

static json_object *ci_json(jb *b, const hs_ci *c)
{
    json_object *o = obj(b);
    put(b, o, "mean", num(c->mean), true);
    put(b, o, "lo", num(c->lo), true);
    put(b, o, "hi", num(c->hi), true);
    return o;
}

static json_object *service_json(jb *b, const hs_eval_service *sv)
{
    json_object *o = obj(b), *mc;
    put(b, o, "name", str(sv->name), false);
    put(b, o, "description", str(sv->description), true);
    put(b, o, "importance", num(sv->importance), true);
    put(b, o, "weight", num(sv->weight), true);
    put(b, o, "target", num(sv->target), true);
    put(b, o, "target_explicit", json_object_new_boolean(sv->target_explicit), false);
    put(b, o, "meets_target", json_object_new_boolean(sv->meets_target), false);
    put(b, o, "availability", num(sv->exact.availability), true);
    put(b, o, "unavailability", num(sv->exact.unavailability), true);
    put(b, o, "nines", num(sv->exact.nines), true);
    put(b, o, "downtime_h_per_year", num(sv->exact.downtime_min_per_year / 60.0), true);
    put(b, o, "outages_per_year", num(sv->exact.outages_per_year), true);
    put(b, o, "mean_outage_h", num(sv->exact.mdt), true);
    put(b, o, "diff_points", num(sv->diff_points), true);
    if (sv->sim_done) {
        mc = obj(b);
        put(b, mc, "outages_per_year", ci_json(b, &sv->sim.outages_per_year), false);
        put(b, mc, "downtime_h_per_year", ci_json(b, &sv->sim.downtime_h_per_year), false);
        put(b, mc, "unavailability", ci_json(b, &sv->sim.unavailability), false);
        put(b, mc, "mean_outage_h", ci_json(b, &sv->sim.mean_outage_h), false);
        put(b, mc, "outages", json_object_new_int64(sv->sim.outages), false);
        put(b, mc, "years", num(sv->sim.years), true);
        put(b, mc, "replications", json_object_new_int(sv->sim.replications), false);
        put(b, o, "monte_carlo", mc, false);
    } else {
        put(b, o, "monte_carlo", NULL, true);
        put(b, o, "monte_carlo_note", str(sv->sim_note), true);
    }
    return o;
}

static json_object *tech_json(jb *b, const hs_tech *x, const hs_eval_weights *w)
{
    json_object *o = obj(b);
    put(b, o, "key", str(x->key), false);
    put(b, o, "name", str(x->name), false);
    put(b, o, "class", str(hs_ha_class_name(x->ha_class)), false);
    put(b, o, "chance", num(x->chance), true);
    put(b, o, "risk", num(x->risk), true);
    put(b, o, "maturity", num(x->maturity), true);
    put(b, o, "score", num(hs_tech_score(x, w)), true);
    put(b, o, "chance_why", str(x->chance_why), true);
    put(b, o, "risk_why", str(x->risk_why), true);
    put(b, o, "maturity_why", str(x->maturity_why), true);
    put(b, o, "source", str(x->source), true);
    return o;
}

static json_object *use_json(jb *b, const hs_comparison *c, const hs_eval_tech_use *u)
{
    json_object *o = obj(b);
    const hs_tech *x = u->tech >= 0 ? &c->techs.v[u->tech] : NULL;
    put(b, o, "key", str(u->key), false);
    put(b, o, "components", json_object_new_int(u->n_components), false);
    put(b, o, "fussell_vesely", num(u->fv), true);
    put(b, o, "birnbaum", num(u->birnbaum), true);
    put(b, o, "gain_points", num(u->gain_points), true);
    put(b, o, "added", json_object_new_boolean(u->added), false);
    put(b, o, "scores", x ? tech_json(b, x, &c->weights) : NULL, true);
    return o;
}

static json_object *component_json(jb *b, const hs_eval_arch *e, const hs_eval_component *k)
{
    static const char *const st[] = {"none", "met", "short", "unreachable"};
    json_object *o = obj(b);
    put(b, o, "name", str(k->name), false);
    put(b, o, "technology", str(k->technology), true);
    put(b, o, "availability", num(k->availability), true);
    put(b, o, "required", num(k->required), true);
    put(b, o, "status", str(st[k->req_status]), false);
    put(b, o, "binding_service",
        k->binding_service >= 0 ? str(e->services[k->binding_service].name) : NULL, true);
    return o;
}

static json_object *arch_json(jb *b, const hs_comparison *c, const hs_eval_arch *e)
{
    json_object *o = obj(b), *l;
    put(b, o, "name", str(e->name), false);
    put(b, o, "file", str(e->file), false);
    put(b, o, "description", str(e->description), true);
    put(b, o, "weighted_availability", num(e->weighted_availability), true);
    put(b, o, "weighted_downtime_h_per_year", num(e->weighted_downtime_h), true);
    put(b, o, "diff_points", num(e->diff_points), true);
    put(b, o, "services_improved", json_object_new_int(e->improved), false);
    put(b, o, "services_worsened", json_object_new_int(e->worsened), false);
    put(b, o, "adds_without_gain", json_object_new_boolean(e->adds_without_gain), false);
    put(b, o, "exact_s", num(e->exact_s), true);
    put(b, o, "simulation_s", num(e->sim_s), true);
    l = arr(b);
    for (int s = 0; s < e->n_services; s++)
        append(b, l, service_json(b, &e->services[s]));
    put(b, o, "services", l, false);
    l = arr(b);
    for (int t = 0; t < e->n_techs; t++)
        append(b, l, use_json(b, c, &e->techs[t]));
    put(b, o, "technologies", l, false);
    l = arr(b);
    for (int i = 0; i < e->n_components; i++)
        append(b, l, component_json(b, e, &e->components[i]));
    put(b, o, "components", l, false);
    return o;
}

static json_object *ranking_json(jb *b, const hs_comparison *c)
{
    json_object *o = obj(b);
    int *order = calloc((size_t)c->techs.n + 1, sizeof *order);
    if (!order) {
        b->oom = true;
        return o;
    }
    for (int cls = 0; cls < HS_CLASS_OTHER; cls++) {
        json_object *l = arr(b);
        int n = hs_tech_rank(&c->techs, cls, &c->weights, order);
        if (n < 0)
            b->oom = true;
        for (int i = 0; i < n; i++)
            append(b, l, str(c->techs.v[order[i]].key));
        put(b, o, hs_ha_class_name(cls), l, false);
    }
    free(order);
    return o;
}

json_object *hs_eval_render_json(const hs_comparison *c)
{
    jb b = {false};
    json_object *root = obj(&b), *o, *l;
    o = obj(&b);
    put(&b, o, "chance", num(c->weights.chance), true);
    put(&b, o, "risk", num(c->weights.risk), true);
    put(&b, o, "maturity", num(c->weights.maturity), true);
    put(&b, root, "weights", o, false);
    o = obj(&b);
    put(&b, o, "simulate", json_object_new_boolean(c->opts.simulate), false);
    put(&b, o, "years", num(c->opts.years), true);
    put(&b, o, "replications", json_object_new_int(c->opts.replications), false);
    put(&b, o, "seed", json_object_new_uint64(c->opts.seed), false);
    put(&b, root, "options", o, false);
    put(&b, root, "baseline", str(c->archs[0].name), false);
    l = arr(&b);
    for (int a = 0; a < c->n_archs; a++)
        append(&b, l, arch_json(&b, c, &c->archs[a]));
    put(&b, root, "architectures", l, false);
    l = arr(&b);
    for (int t = 0; t < c->techs.n; t++)
        append(&b, l, tech_json(&b, &c->techs.v[t], &c->weights));
    put(&b, root, "technologies", l, false);
    put(&b, root, "ranking", ranking_json(&b, c), false);
    if (c->unc)
        put(&b, root, "uncertainty", hs_unc_render_json(c), false);
    if (b.oom) {
        json_object_put(root);
        return NULL;
    }
    return root;
}
