/* nagios.c — `hascout check`: the monitoring-plugins convention. One status
 * line, perfdata after '|', long text on further lines; exit code = status. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/report.h"

static void perf_value(FILE *out, double v)
{
    if (isnan(v))
        fputs("U", out);
    else
        fprintf(out, "%.10g", v);
}

static void perf_opt(FILE *out, double v)
{
    if (!isnan(v))
        fprintf(out, "%.10g", v);
}

/* Nagios units: only these are understood; others are dropped. */
static const char *perf_unit(const char *u)
{
    static const char *const ok[] = {"",   "s",  "ms", "us", "%", "B",
                                     "KB", "MB", "GB", "TB", "c", NULL};
    for (int i = 0; ok[i]; i++)
        if (strcmp(u, ok[i]) == 0)
            return u;
    return "";
}

/* Text on a status or long-text line: '|' would start perfdata there and a
 * newline would start a line of its own, so they become '/' and ' '. Names
 * reach here from the config and from servers (through plugins). */
static void put_text(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        fputc(c == '|' ? '/' : (c < 0x20 || c == 0x7f) ? ' ' : (int)c, out);
    }
}

/* Service s is in the output: every one, or those `check --service` named. */
static int shown(const struct hs_report *r, size_t s)
{
    return !r->focus || r->focus[s];
}

/* With a model, the line speaks of the services users see. */
static void services_line(const struct hs_report *r, FILE *out)
{
    const struct hs_live *l = r->live;
    size_t bad = 0, spof = 0, n = 0;
    int first = 1;
    char cut[256];
    for (size_t s = 0; s < l->nservices; s++) {
        if (!shown(r, s))
            continue;
        n++;
        bad += r->services[s].status != HS_OK;
        spof += l->services[s].margin == 1;
    }
    if (bad == 0 && r->focus && n == 1) {
        for (size_t s = 0; s < l->nservices; s++)
            if (shown(r, s)) {
                put_text(out, l->services[s].name);
                fprintf(out, " up at its design margin %d", r->services[s].design_margin);
            }
        if (spof)
            fputs(" (no redundancy: one failure takes it down)", out);
        return;
    }
    if (bad == 0) {
        /* OK = the margin the service was built with; margin 1 is still a
           single point of failure, never "full redundancy" */
        fprintf(out, "all %zu services up at their design margin", n);
        if (spof)
            fprintf(out, ", %zu with no redundancy (margin 1: one failure takes %s down)", spof,
                    spof == 1 ? "it" : "each");
        return;
    }
    fprintf(out, "%zu of %zu services not OK:", bad, n);
    for (size_t s = 0; s < l->nservices; s++) {
        const struct hs_live_service *sv = &l->services[s];
        if (r->services[s].status == HS_OK || !shown(r, s))
            continue;
        hs_report_cut_text(r, s, cut, sizeof cut);
        fprintf(out, "%s ", first ? "" : ";");
        put_text(out, sv->name);
        if (sv->state == HS_LIVE_DOWN)
            fputs(" DOWN", out);
        else if (sv->state == HS_LIVE_UNKNOWN)
            fprintf(out, " UNKNOWN (margin %d, 0 if unknown parts failed)", sv->margin);
        else {
            fprintf(out, " margin %d of %d (next: ", sv->margin, r->services[s].design_margin);
            put_text(out, cut);
            fputc(')', out);
        }
        first = 0;
    }
}

/* The first line's text: the services, or which targets are not OK. */
static void summary_text(const struct hs_report *r, FILE *out)
{
    size_t bad = 0;
    char sum[512];
    for (size_t i = 0; i < r->n; i++)
        bad += r->results[i].status != HS_OK;
    fprintf(out, "HASCOUT %s: ", hs_status_name(r->status));
    if (r->monitor_suspect) {
        fprintf(out, "all %zu targets UNKNOWN, the monitoring host may be isolated", r->n);
        return;
    }
    if (r->live && r->live->nservices) {
        services_line(r, out);
        if (bad && !r->focus)
            fprintf(out, "; %zu of %zu targets not OK", bad, r->n);
        return;
    }
    if (r->n == 0) {
        fputs("no targets configured", out);
        return;
    }
    if (bad == 0) {
        fprintf(out, "all %zu targets OK", r->n);
        return;
    }
    int first = 1;
    fprintf(out, "%zu of %zu targets not OK:", bad, r->n);
    for (size_t i = 0; i < r->n; i++) {
        const struct hs_target_result *t = &r->results[i];
        if (t->status == HS_OK)
            continue;
        hs_target_summary(t, sum, sizeof sum);
        fprintf(out, "%s ", first ? "" : ";");
        put_text(out, t->name);
        fprintf(out, " %s (", hs_status_name(t->status));
        put_text(out, sum);
        fputc(')', out);
        first = 0;
    }
}

/* The first line's perfdata: each service's state, margin and 24 h
 * availability, then each target's health. */
static void summary_perfdata(const struct hs_report *r, FILE *out)
{
    char label[600], raw[600];
    for (size_t s = 0; r->live && s < r->live->nservices; s++) {
        const struct hs_live_service *sv = &r->live->services[s];
        if (!shown(r, s))
            continue;
        snprintf(raw, sizeof raw, "%s up", sv->name);
        hs_perf_label(raw, label, sizeof label);
        fprintf(out, " %s=%s;;;0;1", label,
                sv->state == HS_LIVE_UNKNOWN ? "U"
                : sv->state == HS_LIVE_UP    ? "1"
                                             : "0");
        snprintf(raw, sizeof raw, "%s margin", sv->name);
        hs_perf_label(raw, label, sizeof label);
        if (sv->margin >= 0)
            fprintf(out, " %s=%d;%d:;1:;0;", label, sv->margin, r->services[s].design_margin);
        if (r->services[s].obs[0].enough && !isnan(r->services[s].obs[0].availability)) {
            snprintf(raw, sizeof raw, "%s availability 24h", sv->name);
            hs_perf_label(raw, label, sizeof label);
            fprintf(out, " %s=%.6f%%;;;0;100", label, 100.0 * r->services[s].obs[0].availability);
        }
    }
    /* a service's check carries the service's figures; the targets' belong
       to the checks of the targets */
    for (size_t i = 0; !r->focus && i < r->n; i++) {
        const struct hs_target_result *t = &r->results[i];
        snprintf(raw, sizeof raw, "%s health", t->name);
        hs_perf_label(raw, label, sizeof label);
        fprintf(out, " %s=", label);
        perf_value(out, t->health);
        fputs("%;;;0;100", out);
    }
}

/* One metric as perfdata, "target/component/metric=value[unit];warn;crit;min;max". */
static void metric_perfdata(FILE *out, const struct hs_target_result *t,
                            const struct hs_component *cp, const struct hs_metric *mt)
{
    char label[600], raw[600];
    snprintf(raw, sizeof raw, "%s/%s/%s", t->name, cp->id, mt->name);
    hs_perf_label(raw, label, sizeof label);
    fprintf(out, "%s=", label);
    perf_value(out, mt->value);
    fprintf(out, "%s;%s;%s;", perf_unit(mt->unit), mt->warn ? mt->warn : "",
            mt->crit ? mt->crit : "");
    perf_opt(out, mt->min);
    fputc(';', out);
    perf_opt(out, mt->max);
}

/* Every probed component's metrics on a '|' line of their own (after the
 * long text), none when no metric was probed. */
static void component_perfdata(const struct hs_report *r, FILE *out)
{
    int started = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct hs_target_result *t = &r->results[i];
        for (size_t c = 0; t->probe && c < t->probe->ncomps; c++) {
            const struct hs_component *cp = t->probe->comps[c];
            for (size_t m = 0; m < cp->nmetrics; m++) {
                fputs(started ? " " : "| ", out);
                started = 1;
                metric_perfdata(out, t, cp, &cp->metrics[m]);
            }
        }
    }
    if (started)
        fputc('\n', out);
}

int hs_render_nagios(const struct hs_report *r, FILE *out)
{
    char sum[512];
    summary_text(r, out);
    fputs(" |", out);
    summary_perfdata(r, out);
    fputc('\n', out);
    /* long text, then the per-component perfdata on its own '|' line */
    for (size_t i = 0; i < r->n; i++) {
        const struct hs_target_result *t = &r->results[i];
        hs_target_summary(t, sum, sizeof sum);
        put_text(out, t->name);
        fprintf(out, ": %s - ", hs_status_name(t->status));
        put_text(out, sum);
        fputc('\n', out);
    }
    {
        char drift[1024];
        hs_report_drift_text(r, drift, sizeof drift);
        if (drift[0]) {
            put_text(out, drift);
            fputc('\n', out);
        }
    }
    if (!r->focus)
        component_perfdata(r, out);
    return ferror(out) ? -1 : 0;
}
