/* prom.c — Prometheus text exposition for node_exporter's textfile
 * collector: no timestamps (the collector skips files that have them),
 * label values escaped, one HELP/TYPE per family, '\n' line ends. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/report.h"

/* Write a label value with \\, \" and \n escaped. */
static void lv(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '\\' || *s == '"')
            fputc('\\', out), fputc(*s, out);
        else if (*s == '\n')
            fputs("\\n", out);
        else
            fputc(*s, out);
    }
}

static void family(FILE *out, const char *name, const char *help)
{
    fprintf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void value(FILE *out, double v)
{
    if (isnan(v))
        fputs("NaN\n", out);
    else
        fprintf(out, "%.10g\n", v);
}

/* The probe targets' families: status and health. */
static void target_families(const struct hs_report *r, FILE *out)
{
    family(out, "hascout_monitor_suspect",
           "1 when every target (two or more) is UNKNOWN: the monitoring host may be isolated.");
    fprintf(out, "hascout_monitor_suspect %d\n", r->monitor_suspect ? 1 : 0);
    family(out, "hascout_target_status",
           "Status of each probe target: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.");
    for (size_t i = 0; i < r->n; i++) {
        fputs("hascout_target_status{target=\"", out);
        lv(out, r->results[i].name);
        fputs("\",plugin=\"", out);
        lv(out, r->results[i].plugin);
        fprintf(out, "\"} %d\n", (int)r->results[i].status);
    }
    family(out, "hascout_target_health", "Health score of each target, 0..100.");
    for (size_t i = 0; i < r->n; i++) {
        if (isnan(r->results[i].health))
            continue; /* absent rather than NaN: unknown is not a value */
        fputs("hascout_target_health{target=\"", out);
        lv(out, r->results[i].name);
        fputs("\"} ", out);
        value(out, r->results[i].health);
    }
}

/* The live view's families: services up and their margins, components. */
static void live_families(const struct hs_live *l, FILE *out)
{
    family(out, "hascout_service_up",
           "1 when the service is up now, 0 when down; absent when unknown.");
    for (size_t s = 0; s < l->nservices; s++) {
        if (l->services[s].state == HS_LIVE_UNKNOWN)
            continue;
        fputs("hascout_service_up{service=\"", out);
        lv(out, l->services[s].name);
        fprintf(out, "\"} %d\n", l->services[s].state == HS_LIVE_UP);
    }
    family(out, "hascout_service_margin",
           "Further component failures that would take the service down (0: down).");
    for (size_t s = 0; s < l->nservices; s++) {
        if (l->services[s].margin < 0)
            continue;
        fputs("hascout_service_margin{service=\"", out);
        lv(out, l->services[s].name);
        fprintf(out, "\"} %d\n", l->services[s].margin);
    }
    family(out, "hascout_component_state",
           "Live state of each model component: 0 UP, 1 DOWN, 2 UNKNOWN, 3 UNMAPPED.");
    for (size_t c = 0; c < l->ncomps; c++) {
        fputs("hascout_component_state{component=\"", out);
        lv(out, l->comps[c].name);
        fputs("\",technology=\"", out);
        lv(out, l->comps[c].technology ? l->comps[c].technology : "");
        fprintf(out, "\"} %d\n", (int)l->comps[c].state);
    }
}

enum obs_field { OBS_POINT, OBS_LOW, OBS_HIGH, OBS_COVERAGE };

/* One family of observed figures per service and window. A window observed
 * too little gives no availability sample at all (never a misleading 1). */
static void observed_family(const struct hs_report *r, FILE *out, const char *name,
                            const char *help, enum obs_field f)
{
    const struct hs_live *l = r->live;
    family(out, name, help);
    for (size_t s = 0; s < l->nservices; s++)
        for (int w = 0; w < HS_NWINDOWS; w++) {
            const struct hs_observed *o = &r->services[s].obs[w];
            double v = f == OBS_POINT  ? o->availability
                       : f == OBS_LOW  ? o->avail_low
                       : f == OBS_HIGH ? o->avail_high
                                       : o->coverage;
            if (!r->history || isnan(v) || (f != OBS_COVERAGE && !o->enough))
                continue;
            fprintf(out, "%s{service=\"", name);
            lv(out, l->services[s].name);
            fprintf(out, "\",window=\"%s\"} ", hs_window_names[w]);
            value(out, v);
        }
}

/* The services' availability families: modeled, observed by window, target. */
static void availability_families(const struct hs_report *r, FILE *out)
{
    const struct hs_live *l = r->live;
    family(out, "hascout_availability_modeled",
           "Steady-state availability of the service from the model.");
    for (size_t s = 0; s < l->nservices; s++) {
        fputs("hascout_availability_modeled{service=\"", out);
        lv(out, l->services[s].name);
        fputs("\"} ", out);
        value(out, l->services[s].modeled);
    }
    observed_family(r, out, "hascout_availability_observed",
                    "Availability of the service observed in the history over a window "
                    "(absent when the window was observed too little).",
                    OBS_POINT);
    observed_family(r, out, "hascout_availability_observed_low",
                    "Lower end of the 95 % interval of the observed availability.", OBS_LOW);
    observed_family(r, out, "hascout_availability_observed_high",
                    "Upper end of the 95 % interval of the observed availability.", OBS_HIGH);
    observed_family(r, out, "hascout_observed_coverage",
                    "Share of the window the history observed (0..1).", OBS_COVERAGE);
    family(out, "hascout_service_target", "Availability target of the service.");
    for (size_t s = 0; s < l->nservices; s++) {
        if (isnan(l->services[s].target))
            continue;
        fputs("hascout_service_target{service=\"", out);
        lv(out, l->services[s].name);
        fputs("\"} ", out);
        value(out, l->services[s].target);
    }
}

/* The technologies' evaluation scores, one series per kind. */
static void tech_family(const struct hs_report *r, FILE *out)
{
    static const char *const kinds[] = {"chance", "risk", "maturity"};
    family(out, "hascout_technology_score",
           "Evaluation score of a technology on the 1..5 scale, by kind.");
    for (int t = 0; t < r->techs->n; t++) {
        const hs_tech *te = &r->techs->v[t];
        const double v[3] = {te->chance, te->risk, te->maturity};
        for (int k = 0; k < 3; k++) {
            fputs("hascout_technology_score{technology=\"", out);
            lv(out, te->key);
            fprintf(out, "\",kind=\"%s\"} ", kinds[k]);
            value(out, v[k]);
        }
    }
}

int hs_render_prometheus(const struct hs_report *r, FILE *out)
{
    target_families(r, out);
    if (r->live) {
        live_families(r->live, out);
        availability_families(r, out);
    }
    if (r->techs)
        tech_family(r, out);
    return ferror(out) ? -1 : 0;
}
