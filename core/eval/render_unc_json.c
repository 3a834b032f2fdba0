/*
 * core/eval/render_unc_json.c — the comparison JSON's "uncertainty" object:
 * {"samples", "seed", "threads", "seconds", "inputs": [{"key", "shared"}],
 *  "architectures": [{"name", "weighted": {"availability": SUMMARY,
 *  "gain_points": SUMMARY, "p_beats_baseline"}, "services": [{"name", ...
 *  the same}], "p_beats": {"OTHER": p}, "tornado": {"median_gain_points",
 *  "bars": [{"input", "low", "high", "swing"}]}}], "explain": {...}}
 * with SUMMARY = {"mean", "median", "p05", "p95"} (availability as a
 * fraction, gains in points). Format only.
 */
#include "eval/jsonb.h"
#include "eval/uncertainty.h"

static json_object *summary(jb *b, const hs_unc_summary *s)
{
    json_object *o = obj(b);
    put(b, o, "mean", num(s->mean), true);
    put(b, o, "median", num(s->median), true);
    put(b, o, "p05", num(s->p05), true);
    put(b, o, "p95", num(s->p95), true);
    return o;
}

/* Entry S (a service, or n_services: the weighted average) of X. */
static json_object *figures(jb *b, const hs_unc_arch *x, int s, bool base, const char *name)
{
    json_object *o = obj(b);
    if (name)
        put(b, o, "name", str(name), false);
    put(b, o, "availability", summary(b, &x->avail[s]), false);
    put(b, o, "gain_points", summary(b, &x->gain[s]), false);
    put(b, o, "p_beats_baseline", base ? NULL : num(x->p_beats_base[s]), true);
    return o;
}

static json_object *tornado(jb *b, const hs_uncertainty *u, const hs_unc_arch *x)
{
    json_object *o = obj(b), *l = arr(b);
    put(b, o, "median_gain_points", num(x->median_gain), true);
    for (int i = 0; i < x->n_bars; i++) {
        json_object *e = obj(b);
        put(b, e, "input", str(u->inputs[x->bars[i].input].key), false);
        put(b, e, "low", num(x->bars[i].lo), true);
        put(b, e, "high", num(x->bars[i].hi), true);
        put(b, e, "swing", num(fabs(x->bars[i].hi - x->bars[i].lo)), true);
        append(b, l, e);
    }
    put(b, o, "bars", l, false);
    return o;
}

static json_object *arch(jb *b, const hs_comparison *c, int a)
{
    const hs_uncertainty *u = c->unc;
    const hs_unc_arch *x = &u->archs[a];
    json_object *o = obj(b), *l = arr(b), *p = obj(b);
    put(b, o, "name", str(c->archs[a].name), false);
    put(b, o, "weighted", figures(b, x, u->n_services, a == 0, NULL), false);
    for (int s = 0; s < u->n_services; s++)
        append(b, l, figures(b, x, s, a == 0, c->archs[0].services[s].name));
    put(b, o, "services", l, false);
    for (int j = 0; j < u->n_archs; j++)
        if (j != a)
            put(b, p, c->archs[j].name, num(x->p_beats[j]), true);
    put(b, o, "p_beats", p, false);
    if (a > 0)
        put(b, o, "tornado", tornado(b, u, x), false);
    return o;
}

static json_object *explain(jb *b, const hs_comparison *c)
{
    const hs_unc_explain *x = &c->unc->explain;
    static const char *const what[2] = {"failure_rates", "repair_times"};
    json_object *o = obj(b);
    put(b, o, "architecture", str(c->archs[x->arch].name), false);
    put(b, o, "target_points", num(x->target), true);
    put(b, o, "gain_points", num(x->point_gain), true);
    for (int w = 0; w < 2; w++) {
        json_object *e = obj(b);
        bool reached = isfinite(x->scale[w]);
        put(b, e, "scale", num(x->scale[w]), true);
        put(b, e, "best_gain_points", reached ? NULL : num(x->best[w]), true);
        put(b, e, "best_scale", reached ? NULL : num(x->best_scale[w]), true);
        put(b, e, "range_limit", num(x->limit[w]), true);
        put(b, e, "range_limit_max", num(x->limit_max[w]), true);
        put(b, e, "plausible",
            reached && isfinite(x->limit[w]) ? json_object_new_boolean(x->scale[w] <= x->limit[w])
                                             : NULL,
            true);
        put(b, o, what[w], e, false);
    }
    return o;
}

json_object *hs_unc_render_json(const hs_comparison *c)
{
    const hs_uncertainty *u = c->unc;
    jb b = {false};
    json_object *o = obj(&b), *l = arr(&b);
    put(&b, o, "samples", json_object_new_int(u->samples), false);
    put(&b, o, "seed", json_object_new_uint64(u->seed), false);
    put(&b, o, "threads", json_object_new_int(u->threads), false);
    put(&b, o, "seconds", num(u->seconds), true);
    for (int i = 0; i < u->n_inputs; i++) {
        json_object *e = obj(&b);
        put(&b, e, "key", str(u->inputs[i].key), false);
        put(&b, e, "shared", json_object_new_boolean(u->inputs[i].shared), false);
        append(&b, l, e);
    }
    put(&b, o, "inputs", l, false);
    l = arr(&b);
    for (int a = 0; u->samples > 0 && a < u->n_archs; a++)
        append(&b, l, arch(&b, c, a));
    put(&b, o, "architectures", l, false);
    put(&b, o, "explain", u->explain.done ? explain(&b, c) : NULL, true);
    if (b.oom) {
        json_object_put(o);
        return NULL;
    }
    return o;
}
