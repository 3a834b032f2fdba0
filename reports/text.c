/* text.c — the terminal / cron-mail report and the `probe` status table. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/report.h"

static void services(const struct hs_report *r, FILE *out);

static void fmt_health(double h, char *buf, size_t len)
{
    if (isnan(h))
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%.0f", h);
}

static void components(const struct hs_target_result *t, FILE *out)
{
    if (!t->probe)
        return;
    for (size_t i = 0; i < t->probe->ncomps; i++) {
        const struct hs_component *c = t->probe->comps[i];
        fprintf(out, "    %s%-28s %-9s %-9s", c->parent ? "  " : "", c->id, c->kind,
                hs_state_name(c->state));
        for (size_t m = 0; m < c->nmetrics && m < 6; m++) {
            const struct hs_metric *mt = &c->metrics[m];
            if (isnan(mt->value))
                fprintf(out, " %s=U", mt->name);
            else
                fprintf(out, " %s=%g%s", mt->name, mt->value, mt->unit);
        }
        if (c->nmetrics > 6)
            fprintf(out, " (+%zu)", c->nmetrics - 6);
        fputc('\n', out);
        for (size_t m = 0; m < c->messages.n; m++)
            fprintf(out, "      %s\n", c->messages.v[m]);
    }
}

int hs_render_table(const struct hs_report *r, FILE *out, int verbose)
{
    char h[16], sum[512];
    fprintf(out, "%-20s %-11s %-9s %6s %8s  %s\n", "TARGET", "PLUGIN", "STATUS", "HEALTH", "TIME",
            "SUMMARY");
    for (size_t i = 0; i < r->n; i++) {
        const struct hs_target_result *t = &r->results[i];
        fmt_health(t->health, h, sizeof h);
        hs_target_summary(t, sum, sizeof sum);
        fprintf(out, "%-20s %-11s %-9s %6s %7.3fs  %s\n", t->name, t->plugin,
                hs_status_name(t->status), h, t->duration, sum);
        if (verbose)
            components(t, out);
    }
    services(r, out);
    return ferror(out) ? -1 : 0;
}

static void fmt_avail(double a, char *buf, size_t len)
{
    if (isnan(a))
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%.4f%%", 100.0 * a);
}

static void fmt_margin(int m, char *buf, size_t len)
{
    if (m < 0)
        snprintf(buf, len, "inf");
    else
        snprintf(buf, len, "%d", m);
}

/* What each service's observed figures rest on: the interval, how much of
 * the window was seen, or why there is no figure. */
static void observed_detail(const struct hs_report *r, FILE *out)
{
    char d[512];
    if (!r->history)
        return;
    fprintf(out, "observed (95 %% intervals; exponential up and down times):\n");
    for (size_t s = 0; s < r->live->nservices; s++)
        for (int w = 0; w < HS_NWINDOWS; w++) {
            hs_report_obs_detail(&r->services[s].obs[w], d, sizeof d);
            fprintf(out, "  %-22s %-4s %s\n", w ? "" : r->live->services[s].name,
                    hs_window_names[w], d);
        }
}

/* Assumptions vs evidence: the components whose history most contradicts
 * their assumed rates, and each service from the assumed and the
 * calibrated rates. */
static void evidence(const struct hs_report *r, FILE *out)
{
    size_t idx[5], n;
    char a[32], c[32];
    if (!r->calibrated)
        return;
    n = hs_report_contradicted(r, idx, 5);
    fprintf(out,
            "assumptions vs evidence (30 d; `hascout model calibrate` for every component):\n");
    if (n == 0)
        fprintf(out, "  no component's history contradicts its assumed rates\n");
    for (size_t k = 0; k < n; k++) {
        const struct hs_calib_comp *cp = &r->calib.comps[idx[k]];
        const struct hs_calib_rate *rt = cp->fail.contradicts ? &cp->fail : &cp->repair;
        fprintf(out, "  %-22s %s assumed %.4g h, observed %.4g h [%.3g, %.3g] from %d %s\n",
                cp->name, rt == &cp->fail ? "MTTF" : "MTTR", rt->assumed, rt->obs, rt->obs_lo,
                rt->obs_hi, rt->events, rt == &cp->fail ? "failures" : "repairs");
    }
    for (size_t s = 0; s < r->live->nservices; s++) {
        fmt_avail(r->live->services[s].modeled, a, sizeof a);
        fmt_avail(r->calibrated[s], c, sizeof c);
        fprintf(out, "  %-22s modeled %s from the assumed rates, %s from the calibrated ones\n",
                r->live->services[s].name, a, c);
    }
}

/* The services of the model: state, margin, nearest cut, availability. */
static void services(const struct hs_report *r, FILE *out)
{
    const struct hs_live *lv = r->live;
    char mod[32], obs[HS_NWINDOWS][32], tgt[32], mg[16], cut[512];
    if (!lv)
        return;
    if (hs_report_model_note(r))
        fprintf(out, "\n%s\n", hs_report_model_note(r));
    fprintf(out, "\n%-24s %-8s %-7s %6s %11s %11s %11s %11s %11s  %s\n", "SERVICE", "STATE",
            "STATUS", "MARGIN", "MODELED", "OBS 24h", "OBS 7d", "OBS 30d", "TARGET", "NEAREST CUT");
    for (size_t s = 0; s < lv->nservices; s++) {
        const struct hs_live_service *sv = &lv->services[s];
        const struct hs_report_service *rs = &r->services[s];
        fmt_avail(sv->modeled, mod, sizeof mod);
        for (int w = 0; w < HS_NWINDOWS; w++)
            hs_report_obs_cell(&rs->obs[w], obs[w], sizeof obs[w]);
        fmt_avail(sv->target, tgt, sizeof tgt);
        fmt_margin(sv->margin, mg, sizeof mg);
        if (sv->margin_low != sv->margin) {
            size_t l = strlen(mg);
            snprintf(mg + l, sizeof mg - l, "/%d", sv->margin_low);
        }
        hs_report_cut_text(r, s, cut, sizeof cut);
        fprintf(out, "%-24s %-8s %-7s %6s %11s %11s %11s %11s %11s  %s\n", sv->name,
                hs_live_state_name(sv->state), hs_status_name(rs->status), mg, mod, obs[0], obs[1],
                obs[2], tgt, sv->margin == 0 ? "(down now)" : cut);
    }
    fprintf(out, "margin = further component failures that take the service down "
                 "(a/b: unknown components working / failed); OBS n/a = not enough data\n");
    observed_detail(r, out);
    evidence(r, out);
    {
        char drift[1024];
        hs_report_drift_text(r, drift, sizeof drift);
        if (drift[0])
            fprintf(out, "%s\n", drift);
    }
    {
        int shown = 0;
        for (size_t c = 0; c < lv->ncomps; c++) {
            const struct hs_live_component *cp = &lv->comps[c];
            if (cp->state == HS_LIVE_UP || cp->state == HS_LIVE_UNMAPPED)
                continue;
            if (!shown++)
                fprintf(out, "components not up:\n");
            fprintf(out, "  %-22s %-8s %s\n", cp->name, hs_live_state_name(cp->state),
                    cp->why ? cp->why : "");
        }
    }
    if (r->history_warning)
        fprintf(out, "warning: %s\n", r->history_warning);
}

/* Scores of the technologies the model's components use. */
static void technologies(const struct hs_report *r, FILE *out)
{
    int shown = 0;
    if (!r->techs || !r->live)
        return;
    for (int t = 0; t < r->techs->n; t++) {
        const hs_tech *te = &r->techs->v[t];
        int used = 0;
        for (size_t c = 0; c < r->live->ncomps && !used; c++)
            used =
                r->live->comps[c].technology && strcmp(r->live->comps[c].technology, te->key) == 0;
        if (!used)
            continue;
        if (!shown++)
            fprintf(out, "\n%-14s %-24s %6s %5s %8s  %s\n", "TECHNOLOGY", "NAME", "CHANCE", "RISK",
                    "MATURITY", "SOURCE");
        fprintf(out, "%-14s %-24s %6.1f %5.1f %8.1f  %s\n", te->key, te->name, te->chance, te->risk,
                te->maturity, te->source ? te->source : "");
    }
}

int hs_render_text(const struct hs_report *r, FILE *out, int verbose)
{
    char when[64];
    size_t count[4] = {0};
    struct tm tm;

    gmtime_r(&r->generated, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
    for (size_t i = 0; i < r->n; i++)
        count[r->results[i].status]++;
    fprintf(out, "hascout report — %s — overall %s\n", when, hs_status_name(r->status));
    fprintf(out, "config: %s%s\n", r->config_path,
            r->demo ? " (bundled demo: give --config or create /etc/hascout/hascout.conf)" : "");
    fprintf(out, "targets: %zu (%zu OK, %zu WARNING, %zu CRITICAL, %zu UNKNOWN)\n\n", r->n,
            count[HS_OK], count[HS_WARNING], count[HS_CRITICAL], count[HS_UNKNOWN]);
    if (r->monitor_suspect)
        fprintf(out, "note: %s\n\n", hs_report_suspect_text());
    hs_render_table(r, out, 0);
    for (size_t i = 0; i < r->n; i++) {
        const struct hs_target_result *t = &r->results[i];
        int show = verbose || t->status != HS_OK;
        if (!show && !t->warnings.n)
            continue;
        fprintf(out, "\n[%s] %s (%s)\n", hs_status_name(t->status), t->name, t->plugin);
        if (t->error)
            fprintf(out, "  error: %s\n", t->error);
        if (t->verdict)
            for (size_t k = 0; k < t->verdict->nreasons; k++)
                fprintf(out, "  %s: %s\n", hs_status_name(t->verdict->reasons[k].status),
                        t->verdict->reasons[k].text);
        if (t->probe)
            for (size_t k = 0; k < t->probe->messages.n; k++)
                fprintf(out, "  note: %s\n", t->probe->messages.v[k]);
        for (size_t k = 0; k < t->warnings.n; k++)
            fprintf(out, "  warning: %s\n", t->warnings.v[k]);
        if (show)
            components(t, out);
    }
    technologies(r, out);
    if (r->comparison) {
        fputs("\n", out);
        hs_eval_render_text(out, r->comparison, verbose);
    }
    return ferror(out) ? -1 : 0;
}
