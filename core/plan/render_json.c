/* render_json.c — what-if and plan results as JSON (json-c). */
#include <json-c/json.h>
#include <stdlib.h>
#include <time.h>

#include "hs-build.h"
#include "plan/render.h"

static json_object *iso(double t)
{
    char buf[32];
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_object_new_string(buf);
}

static json_object *margin(int m)
{
    return m < 0 ? NULL : json_object_new_int(m);
}

static json_object *name_list(const struct hs_live *lv, const int *v, size_t n)
{
    json_object *a = json_object_new_array();
    for (size_t i = 0; a && i < n; i++)
        json_object_array_add(a, json_object_new_string(lv->comps[v[i]].name));
    return a;
}

/* The nearest cut: all its components, and those still to fail. */
static void add_cut(json_object *o, const struct hs_live *lv, size_t s, long set,
                    const enum hs_live_state *st)
{
    json_object *all = json_object_new_array(), *rest = json_object_new_array();
    for (int e = 0; set >= 0 && e < hs_live_cut_size(lv, s, set); e++) {
        int ev = hs_live_cut_event(lv, s, set, e);
        json_object_array_add(all, json_object_new_string(lv->comps[ev].name));
        if (st[ev] != HS_LIVE_DOWN)
            json_object_array_add(rest, json_object_new_string(lv->comps[ev].name));
    }
    json_object_object_add(o, "nearest_cut", rest);
    json_object_object_add(o, "cut_set", all);
}

static json_object *header(const char *command, const struct hs_plan_ctx *ctx)
{
    json_object *root = json_object_new_object(), *meta = json_object_new_object();
    json_object *state = json_object_new_object();
    json_object_object_add(meta, "version", json_object_new_string(PACKAGE_VERSION));
    json_object_object_add(meta, "schema", json_object_new_int(1));
    json_object_object_add(root, "hascout", meta);
    json_object_object_add(root, "command", json_object_new_string(command));
    json_object_object_add(root, "generated", iso((double)time(NULL)));
    json_object_object_add(state, "source",
                           json_object_new_string(ctx->from_history ? "history" : "probe"));
    json_object_object_add(state, "observed", iso(ctx->state_time));
    json_object_object_add(root, "state", state);
    return root;
}

static int emit(FILE *out, json_object *root)
{
    int rc;
    fputs(json_object_to_json_string_ext(root,
                                         JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE),
          out);
    fputc('\n', out);
    rc = ferror(out) ? -1 : 0;
    json_object_put(root);
    return rc;
}

static json_object *margins(enum hs_live_state state, int m, int low)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "state", json_object_new_string(hs_live_state_name(state)));
    json_object_object_add(o, "margin", margin(m));
    json_object_object_add(o, "margin_if_unknown_failed", margin(low));
    return o;
}

int hs_whatif_render_json(FILE *out, const struct hs_live *lv, const struct hs_whatif *w,
                          const struct hs_plan_ctx *ctx)
{
    json_object *root = header("whatif", ctx), *svs = json_object_new_array();
    json_object *comps = json_object_new_array();
    json_object_object_add(root, "down", name_list(lv, w->down, w->ndown));
    json_object_object_add(root, "verdict",
                           json_object_new_string(hs_plan_verdict_name(w->verdict)));
    json_object_object_add(root, "exit_code", json_object_new_int(w->verdict));
    for (size_t s = 0; s < w->nsv; s++) {
        const struct hs_whatif_service *v = &w->sv[s];
        json_object *o = json_object_new_object(), *after;
        json_object_object_add(o, "name", json_object_new_string(lv->services[s].name));
        json_object_object_add(o, "importance", json_object_new_double(lv->services[s].importance));
        json_object_object_add(o, "verdict",
                               json_object_new_string(hs_plan_verdict_name(v->verdict)));
        json_object_object_add(o, "before",
                               margins(lv->services[s].state, v->before, v->before_low));
        after = margins(v->state_after, v->after, v->after_low);
        add_cut(after, lv, s, v->cut, w->states);
        json_object_object_add(o, "after", after);
        json_object_object_add(o, "unknown_needed", name_list(lv, v->unknown, (size_t)v->nunknown));
        json_object_array_add(svs, o);
    }
    json_object_object_add(root, "services", svs);
    for (size_t c = 0; c < lv->ncomps; c++) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "name", json_object_new_string(lv->comps[c].name));
        json_object_object_add(o, "now",
                               json_object_new_string(hs_live_state_name(lv->comps[c].state)));
        json_object_object_add(o, "after",
                               json_object_new_string(hs_live_state_name(w->states[c])));
        json_object_array_add(comps, o);
    }
    json_object_object_add(root, "components", comps);
    return emit(out, root);
}

static const char *step_status(int s)
{
    return s == HS_PLAN_OK ? "safe" : s == HS_PLAN_NONE ? "blocked" : "unknown";
}

int hs_plan_render_json(FILE *out, const struct hs_live *lv, const struct hs_plan *p,
                        const struct hs_plan_ctx *ctx)
{
    json_object *root = header("plan", ctx), *steps = json_object_new_array();
    json_object *order = json_object_new_array();
    enum hs_live_state *states = calloc(lv->ncomps + 1, sizeof *states);
    if (!states) {
        json_object_put(root);
        json_object_put(steps);
        json_object_put(order);
        return -1;
    }
    json_object_object_add(root, "group", ctx->group ? json_object_new_string(ctx->group) : NULL);
    json_object_object_add(root, "duration_h", json_object_new_double(p->opts.duration));
    json_object_object_add(root, "min_margin", json_object_new_int(p->opts.min_margin));
    json_object_object_add(root, "result",
                           json_object_new_string(p->verdict == HS_PLAN_OK     ? "found"
                                                  : p->verdict == HS_PLAN_NONE ? "none"
                                                                               : "unknown"));
    json_object_object_add(root, "exit_code", json_object_new_int(p->verdict));
    for (size_t i = 0; i < p->nsteps; i++) {
        const struct hs_plan_step *st = &p->steps[i];
        json_object *o = json_object_new_object(), *svs = json_object_new_array();
        hs_plan_step_states(lv, p, i, states);
        json_object_array_add(order, json_object_new_string(lv->comps[st->comp].name));
        json_object_object_add(o, "step", json_object_new_int((int)i + 1));
        json_object_object_add(o, "component", json_object_new_string(lv->comps[st->comp].name));
        json_object_object_add(o, "already_down", json_object_new_boolean(st->already_down));
        json_object_object_add(o, "status", json_object_new_string(step_status(st->status)));
        json_object_object_add(o, "whatif_exit", json_object_new_int(st->whatif));
        json_object_object_add(o, "risk", json_object_new_double(st->risk));
        for (size_t s = 0; s < p->nsv; s++) {
            const struct hs_plan_svc *v = &st->sv[s];
            json_object *so = json_object_new_object();
            json_object_object_add(so, "name", json_object_new_string(lv->services[s].name));
            json_object_object_add(so, "margin", margin(v->margin));
            json_object_object_add(so, "margin_if_unknown_failed", margin(v->margin_low));
            json_object_object_add(so, "below_min_margin", json_object_new_boolean(v->below));
            add_cut(so, lv, s, v->cut, states);
            json_object_object_add(so, "risk", json_object_new_double(v->risk));
            json_object_object_add(so, "risk_first_order", json_object_new_double(v->risk_first));
            json_object_object_add(so, "single_failures",
                                   name_list(lv, v->completers, (size_t)v->ncompleters));
            json_object_array_add(svs, so);
        }
        json_object_object_add(o, "services", svs);
        json_object_object_add(o, "unknown_needed",
                               name_list(lv, st->unknown, (size_t)st->nunknown));
        json_object_array_add(steps, o);
    }
    json_object_object_add(root, "order", order);
    json_object_object_add(root, "total_risk", json_object_new_double(p->total_risk));
    json_object_object_add(root, "unrated_components", json_object_new_int(p->unrated));
    json_object_object_add(root, "steps", steps);
    free(states);
    return emit(out, root);
}
