/* json.c — the machine-readable report (schema: reports/report.schema.json). */
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hs-build.h"
#include "abi/result.h"
#include "reports/report.h"
#include "host/serialize.h"

static json_object *num(double d)
{
    return isfinite(d) ? json_object_new_double(d) : NULL;
}

static json_object *str(const char *s)
{
    return s ? json_object_new_string(s) : NULL;
}

static json_object *strv(const struct hs_strv *sv)
{
    json_object *a = json_object_new_array();
    for (size_t i = 0; i < sv->n; i++)
        json_object_array_add(a, json_object_new_string(sv->v[i]));
    return a;
}

static json_object *target(const struct hs_target_result *t)
{
    json_object *o = json_object_new_object(), *rs = json_object_new_array(),
                *cs = json_object_new_array();
    json_object_object_add(o, "name", str(t->name));
    json_object_object_add(o, "plugin", str(t->plugin));
    json_object_object_add(o, "status", str(hs_status_name(t->status)));
    json_object_object_add(o, "health", num(t->health));
    json_object_object_add(o, "duration_s", json_object_new_double(t->duration));
    json_object_object_add(o, "error", str(t->error));
    if (t->verdict)
        for (size_t i = 0; i < t->verdict->nreasons; i++) {
            json_object *r = json_object_new_object();
            json_object_object_add(r, "status", str(hs_status_name(t->verdict->reasons[i].status)));
            json_object_object_add(r, "text", str(t->verdict->reasons[i].text));
            json_object_array_add(rs, r);
        }
    json_object_object_add(o, "reasons", rs);
    if (t->probe) {
        json_object_object_add(o, "messages", strv(&t->probe->messages));
        for (size_t i = 0; i < t->probe->ncomps; i++)
            json_object_array_add(cs, hs_proto_component_json(t->probe->comps[i]));
    } else {
        json_object_object_add(o, "messages", json_object_new_array());
    }
    json_object_object_add(o, "warnings", strv(&t->warnings));
    json_object_object_add(o, "components", cs);
    return o;
}

static json_object *observed(const struct hs_observed *o)
{
    json_object *j = json_object_new_object();
    /* a window seen too little gives no figure (live/evidence.h) */
    json_object_object_add(j, "availability", o->enough ? num(o->availability) : NULL);
    json_object_object_add(j, "enough_data", json_object_new_boolean(o->enough));
    json_object_object_add(j, "coverage", num(o->coverage));
    json_object_object_add(j, "availability_low", num(o->avail_low));
    json_object_object_add(j, "availability_high", num(o->avail_high));
    json_object_object_add(j, "outage_rate_high_per_h", num(o->rate_high));
    json_object_object_add(j, "up_s", json_object_new_double(o->up));
    json_object_object_add(j, "down_s", json_object_new_double(o->down));
    json_object_object_add(j, "unknown_s", json_object_new_double(o->unknown));
    json_object_object_add(j, "unobserved_s", json_object_new_double(o->unobserved));
    json_object_object_add(j, "outages", json_object_new_int(o->outages));
    json_object_object_add(j, "outage_mean_s", json_object_new_double(o->outage_mean));
    json_object_object_add(j, "outage_max_s", json_object_new_double(o->outage_max));
    return j;
}

static json_object *windows(const struct hs_observed *obs)
{
    json_object *j = json_object_new_object();
    for (int w = 0; w < HS_NWINDOWS; w++)
        json_object_object_add(j, hs_window_names[w], observed(&obs[w]));
    return j;
}

/* The model's view: services and components with live state. */
static void model_view(const struct hs_report *r, json_object *root)
{
    const struct hs_live *lv = r->live;
    json_object *ss = json_object_new_array(), *cs = json_object_new_array();
    for (size_t s = 0; lv && s < lv->nservices; s++) {
        const struct hs_live_service *sv = &lv->services[s];
        json_object *o = json_object_new_object(), *cut = json_object_new_array();
        json_object_object_add(o, "name", str(sv->name));
        json_object_object_add(o, "state", str(hs_live_state_name(sv->state)));
        json_object_object_add(o, "status", str(hs_status_name(r->services[s].status)));
        json_object_object_add(o, "margin",
                               sv->margin < 0 ? NULL : json_object_new_int(sv->margin));
        json_object_object_add(o, "margin_if_unknown_failed",
                               sv->margin_low < 0 ? NULL : json_object_new_int(sv->margin_low));
        json_object_object_add(o, "design_margin",
                               r->services[s].design_margin < 0
                                   ? NULL
                                   : json_object_new_int(r->services[s].design_margin));
        for (int i = 0; i < sv->ncut; i++)
            json_object_array_add(cut, json_object_new_string(lv->comps[sv->cut[i]].name));
        json_object_object_add(o, "nearest_cut", cut);
        json_object_object_add(o, "importance", num(sv->importance));
        json_object_object_add(o, "target", num(sv->target));
        json_object_object_add(o, "modeled_availability", num(sv->modeled));
        json_object_object_add(o, "observed", windows(r->services[s].obs));
        json_object_array_add(ss, o);
    }
    for (size_t c = 0; lv && c < lv->ncomps; c++) {
        const struct hs_live_component *cp = &lv->comps[c];
        json_object *o = json_object_new_object();
        json_object_object_add(o, "name", str(cp->name));
        json_object_object_add(o, "technology", str(cp->technology));
        json_object_object_add(o, "state", str(hs_live_state_name(cp->state)));
        json_object_object_add(o, "source", cp->target ? json_object_new_string(cp->target) : NULL);
        json_object_object_add(o, "source_component", str(cp->source));
        json_object_object_add(o, "why", str(cp->why));
        json_object_object_add(o, "modeled_availability", num(1.0 - cp->q));
        json_object_object_add(o, "observed", windows(r->comp_obs[c]));
        json_object_array_add(cs, o);
    }
    json_object_object_add(root, "services", ss);
    json_object_object_add(root, "model_components", cs);
    if (r->calibrated) {
        json_object *ev = json_object_new_object(), *cc = json_object_new_array(),
                    *sv = json_object_new_array();
        size_t idx[50], n = hs_report_contradicted(r, idx, 50);
        for (size_t k = 0; k < n; k++) {
            const struct hs_calib_comp *cp = &r->calib.comps[idx[k]];
            const struct hs_calib_rate *rt = cp->fail.contradicts ? &cp->fail : &cp->repair;
            json_object *o = json_object_new_object();
            json_object_object_add(o, "name", str(cp->name));
            json_object_object_add(o, "rate", str(rt == &cp->fail ? "MTTF" : "MTTR"));
            json_object_object_add(o, "assumed_h", num(rt->assumed));
            json_object_object_add(o, "observed_h", num(rt->obs));
            json_object_object_add(o, "observed_low_h", num(rt->obs_lo));
            json_object_object_add(o, "observed_high_h", num(rt->obs_hi));
            json_object_object_add(o, "events", json_object_new_int(rt->events));
            json_object_object_add(o, "calibrated_h", num(rt->post));
            json_object_array_add(cc, o);
        }
        for (size_t s = 0; s < lv->nservices; s++) {
            json_object *o = json_object_new_object();
            json_object_object_add(o, "name", str(lv->services[s].name));
            json_object_object_add(o, "modeled_assumed", num(lv->services[s].modeled));
            json_object_object_add(o, "modeled_calibrated", num(r->calibrated[s]));
            json_object_array_add(sv, o);
        }
        json_object_object_add(ev, "contradicted", cc);
        json_object_object_add(ev, "services", sv);
        json_object_object_add(root, "evidence", ev);
    }
    if (lv && !lv->discovered) {
        json_object *ds = json_object_new_array();
        for (size_t i = 0; i < r->drift.n; i++) {
            json_object *d = json_object_new_object();
            json_object_object_add(d, "kind", str(hs_drift_kind_name(r->drift.v[i].kind)));
            json_object_object_add(d, "text", str(r->drift.v[i].text));
            json_object_array_add(ds, d);
        }
        json_object_object_add(root, "drift", ds);
    }
    if (lv)
        json_object_object_add(root, "model_source",
                               json_object_new_string(lv->discovered ? "discovered" : "config"));
    json_object_object_add(root, "history_warning", str(r->history_warning));
}

int hs_render_json(const struct hs_report *r, FILE *out)
{
    json_object *root = json_object_new_object(), *meta = json_object_new_object(),
                *ts = json_object_new_array();
    char when[64];
    struct tm tm;
    int rc;

    gmtime_r(&r->generated, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_object_object_add(meta, "version", json_object_new_string(PACKAGE_VERSION));
    json_object_object_add(meta, "schema", json_object_new_int(1));
    json_object_object_add(root, "hascout", meta);
    json_object_object_add(root, "generated", json_object_new_string(when));
    json_object_object_add(root, "config", str(r->config_path));
    json_object_object_add(root, "demo", json_object_new_boolean(r->demo));
    json_object_object_add(root, "status", str(hs_status_name(r->status)));
    json_object_object_add(root, "exit_code", json_object_new_int((int)r->status));
    json_object_object_add(root, "monitor_suspect",
                           r->monitor_suspect ? str(hs_report_suspect_text()) : NULL);
    for (size_t i = 0; i < r->n; i++)
        json_object_array_add(ts, target(&r->results[i]));
    json_object_object_add(root, "targets", ts);
    model_view(r, root);
    if (r->techs) {
        json_object *ta = json_object_new_array();
        for (int t = 0; t < r->techs->n; t++) {
            const hs_tech *te = &r->techs->v[t];
            json_object *o = json_object_new_object();
            json_object_object_add(o, "key", str(te->key));
            json_object_object_add(o, "name", str(te->name));
            json_object_object_add(o, "class", str(hs_ha_class_name(te->ha_class)));
            json_object_object_add(o, "chance", num(te->chance));
            json_object_object_add(o, "risk", num(te->risk));
            json_object_object_add(o, "maturity", num(te->maturity));
            json_object_object_add(o, "chance_why", str(te->chance_why));
            json_object_object_add(o, "risk_why", str(te->risk_why));
            json_object_object_add(o, "maturity_why", str(te->maturity_why));
            json_object_object_add(o, "source", str(te->source));
            json_object_array_add(ta, o);
        }
        json_object_object_add(root, "technologies", ta);
    }
    if (r->comparison)
        json_object_object_add(root, "comparison", hs_eval_render_json(r->comparison));
    rc = fprintf(out, "%s\n",
                 json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
                                                          JSON_C_TO_STRING_SPACED |
                                                          JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(root);
    return rc < 0 || ferror(out) ? -1 : 0;
}
