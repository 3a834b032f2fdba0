/* html.c — a self-contained HTML report: no external assets, no script;
 * charts are inline SVG drawn from the same report the other formats use. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "abi/result.h"
#include "reports/html.h"
#include "reports/report.h"

static void esc(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*s, out);
        }
    }
}

static const char *status_class(hs_status s)
{
    static const char *const c[] = {"ok", "warn", "crit", "unk"};
    return s <= HS_UNKNOWN ? c[s] : "unk";
}

static const char *live_class(enum hs_live_state s)
{
    return s == HS_LIVE_UP ? "ok" : s == HS_LIVE_DOWN ? "crit" : "unk";
}

static void pct(FILE *out, double a)
{
    if (isnan(a))
        fputs("&ndash;", out);
    else
        fprintf(out, "%.4f&#8239;%%", 100.0 * a);
}

/* nines, clipped to 0..6 for drawing */
static double nines(double a)
{
    double n;
    if (isnan(a))
        return NAN;
    if (a >= 1.0)
        return 6;
    n = -log10(1.0 - a);
    return n < 0 ? 0 : n > 6 ? 6 : n;
}

static void head(const struct hs_report *r, FILE *out)
{
    char when[64];
    struct tm tm;
    gmtime_r(&r->generated, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>hascout report</title>\n<style>\n"
          "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;background:#fafafa}\n"
          "h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.6em 0 .5em}\n"
          "table{border-collapse:collapse;background:#fff;margin:.3em 0}\n"
          "th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}\n"
          "th{background:#f0f0f0}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
          ".b{display:inline-block;padding:0 .5em;border-radius:.3em;color:#fff;font-weight:600}\n"
          ".ok{background:#2e7d32}.warn{background:#ef8f00}.crit{background:#c62828}"
          ".unk{background:#6d4c9f}\n"
          ".meta{color:#666}svg{background:#fff;border:1px solid #ddd}\n"
          "details{margin:.2em 0}summary{cursor:pointer}\n</style></head><body>\n",
          out);
    fprintf(out, "<h1>hascout report <span class=\"b %s\">%s</span></h1>\n",
            status_class(r->status), hs_status_name(r->status));
    fprintf(out, "<p class=\"meta\">generated %s &middot; config ", when);
    esc(out, r->config_path);
    if (r->demo)
        fputs(" (bundled demo)", out);
    fputs("</p>\n", out);
}

/* Assumptions vs evidence: the most contradicted components, and each
 * service from the assumed and the calibrated rates. */
static void evidence_table(const struct hs_report *r, FILE *out)
{
    size_t idx[10], n;
    if (!r->calibrated)
        return;
    n = hs_report_contradicted(r, idx, 10);
    fputs("<h2>Assumptions vs evidence (30 d)</h2>\n<table id=\"evidence\"><tr><th>component</th>"
          "<th>rate</th><th>assumed (h)</th><th>observed (h)</th><th>90 % interval</th>"
          "<th>events</th></tr>\n",
          out);
    for (size_t k = 0; k < n; k++) {
        const struct hs_calib_comp *cp = &r->calib.comps[idx[k]];
        const struct hs_calib_rate *rt = cp->fail.contradicts ? &cp->fail : &cp->repair;
        fputs("<tr><td>", out);
        esc(out, cp->name);
        fprintf(out,
                "</td><td>%s</td><td class=\"n\">%.4g</td><td class=\"n\">%.4g</td>"
                "<td class=\"n\">%.3g to %.3g</td><td class=\"n\">%d</td></tr>\n",
                rt == &cp->fail ? "MTTF" : "MTTR", rt->assumed, rt->obs, rt->obs_lo, rt->obs_hi,
                rt->events);
    }
    if (n == 0)
        fputs("<tr><td colspan=\"6\">no component's history contradicts its assumed "
              "rates</td></tr>\n",
              out);
    fputs("</table>\n<table id=\"evidence-services\"><tr><th>service</th><th>modeled, "
          "assumed rates</th><th>modeled, calibrated rates</th></tr>\n",
          out);
    for (size_t s = 0; s < r->live->nservices; s++) {
        fputs("<tr><td>", out);
        esc(out, r->live->services[s].name);
        fputs("</td><td class=\"n\">", out);
        pct(out, r->live->services[s].modeled);
        fputs("</td><td class=\"n\">", out);
        pct(out, r->calibrated[s]);
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n", out);
}

static void services_table(const struct hs_report *r, FILE *out)
{
    const struct hs_live *l = r->live;
    char cut[1024];
    fputs("<h2>Services</h2>\n", out);
    if (hs_report_model_note(r)) {
        fputs("<p class=\"note\">", out);
        esc(out, hs_report_model_note(r));
        fputs("</p>\n", out);
    }
    {
        char drift[1024];
        hs_report_drift_text(r, drift, sizeof drift);
        if (drift[0]) {
            fputs("<p class=\"note\" id=\"drift\">", out);
            esc(out, drift);
            fputs("</p>\n", out);
        }
    }
    fputs("<table id=\"services\"><tr><th>service</th><th>now</th>"
          "<th>margin</th><th>nearest cut</th><th>modeled</th><th>downtime/yr (modeled)</th>"
          "<th>observed 24h</th><th>7d</th><th>30d</th><th>outages 30d</th><th>target</th>"
          "<th>importance</th></tr>\n",
          out);
    for (size_t s = 0; s < l->nservices; s++) {
        const struct hs_live_service *sv = &l->services[s];
        const struct hs_report_service *rs = &r->services[s];
        fputs("<tr><td>", out);
        esc(out, sv->name);
        fprintf(out, "</td><td><span class=\"b %s\">%s</span></td><td class=\"n\">",
                live_class(sv->state), hs_live_state_name(sv->state));
        if (sv->margin < 0)
            fputs("&infin;", out);
        else
            fprintf(out, "%d", sv->margin);
        if (sv->margin_low != sv->margin)
            fprintf(out, " (%d if unknowns failed)", sv->margin_low);
        fputs("</td><td>", out);
        hs_report_cut_text(r, s, cut, sizeof cut);
        esc(out, sv->margin == 0 ? "down now" : cut);
        fputs("</td><td class=\"n\">", out);
        pct(out, sv->modeled);
        fprintf(out, "</td><td class=\"n\">%.1f h</td>", (1.0 - sv->modeled) * 8760.0);
        for (int w = 0; w < HS_NWINDOWS; w++) {
            char d[512];
            hs_report_obs_detail(&rs->obs[w], d, sizeof d);
            fputs("<td class=\"n\" title=\"", out);
            esc(out, d);
            fputs("\">", out);
            if (rs->obs[w].enough)
                pct(out, rs->obs[w].availability);
            else
                fputs(r->history ? "n/a" : "-", out);
            fputs("</td>", out);
        }
        fprintf(out, "<td class=\"n\">%d</td><td class=\"n\">", rs->obs[2].outages);
        pct(out, sv->target);
        fprintf(out, "</td><td class=\"n\">%g</td></tr>\n", sv->importance);
    }
    fputs("</table>\n", out);
}

/* The longest window observed enough to give a figure, or -1. */
static int widest_enough(const struct hs_report_service *rs)
{
    for (int w = HS_NWINDOWS - 1; w >= 0; w--)
        if (rs->obs[w].enough && !isnan(rs->obs[w].availability))
            return w;
    return -1;
}

/* The observed figure's 95 % interval as a whisker across its bar (a
 * clean record's open lower end reaches back to 0 nines). */
static void interval(FILE *out, const struct hs_observed *o, int left, int width, int y)
{
    double lo = isnan(o->avail_low) ? 0.0 : nines(o->avail_low), hi = nines(o->avail_high);
    double x0 = left + lo * width / 6.0, x1 = left + hi * width / 6.0;
    char d[512];
    if (isnan(hi))
        return;
    hs_report_obs_detail(o, d, sizeof d);
    fputs("<g class=\"interval\" stroke=\"#1b5e20\" stroke-width=\"1.5\"><title>", out);
    esc(out, d);
    fprintf(out,
            "</title><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/></g>\n",
            x0, y, x1, y, x0, y - 4, x0, y + 4, x1, y - 4, x1, y + 4);
}

/* Bars of nines per service: modeled, observed (the longest window with
 * enough data, its 95 % interval as a whisker), target marker. */
static void nines_chart(const struct hs_report *r, FILE *out)
{
    const struct hs_live *l = r->live;
    const int left = 190, width = 520, row = 34;
    int h = (int)l->nservices * row + 40;
    fprintf(out,
            "<h2>Availability by service (nines)</h2>\n"
            "<svg id=\"chart-services\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
            "height=\"%d\" role=\"img\" aria-label=\"availability per service\">\n",
            left + width + 30, h);
    for (int k = 0; k <= 6; k++) {
        int x = left + k * width / 6;
        fprintf(out,
                "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>"
                "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d</text>\n",
                x, x, h - 22, x, h - 8, k);
    }
    for (size_t s = 0; s < l->nservices; s++) {
        const struct hs_live_service *sv = &l->services[s];
        int w = widest_enough(&r->services[s]);
        const struct hs_observed *ob = w >= 0 ? &r->services[s].obs[w] : NULL;
        double mn = nines(sv->modeled), on = ob ? nines(ob->availability) : NAN,
               tn = nines(sv->target);
        int y = 12 + (int)s * row;
        fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">", left - 6,
                y + 16);
        esc(out, sv->name);
        fputs("</text>\n", out);
        if (!isnan(mn))
            fprintf(out,
                    "<rect class=\"bar-modeled\" x=\"%d\" y=\"%d\" width=\"%.1f\" "
                    "height=\"12\" fill=\"#1565c0\"><title>modeled %.6f</title></rect>\n",
                    left, y, mn * width / 6.0, sv->modeled);
        if (!isnan(on)) {
            fprintf(out,
                    "<rect class=\"bar-observed\" x=\"%d\" y=\"%d\" width=\"%.1f\" "
                    "height=\"12\" fill=\"#43a047\"><title>observed %s %.6f</title></rect>\n",
                    left, y + 13, on * width / 6.0, hs_window_names[w], ob->availability);
            interval(out, ob, left, width, y + 19);
        }
        if (!isnan(tn))
            fprintf(out,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c62828\" "
                    "stroke-width=\"2\"><title>target %.6f</title></line>\n",
                    left + tn * width / 6.0, y - 2, left + tn * width / 6.0, y + 27, sv->target);
    }
    fprintf(out, "</svg>\n<p class=\"meta\"><span style=\"color:#1565c0\">&#9632;</span> modeled "
                 "&nbsp;<span style=\"color:#43a047\">&#9632;</span> observed (longest window "
                 "with enough data; whisker: 95 %% interval) "
                 "&nbsp;<span style=\"color:#c62828\">|</span> target</p>\n");
}

static const char *fill_of(const char *state)
{
    if (!state)
        return "#ddd";
    if (!strcmp(state, "UP") || !strcmp(state, "OK"))
        return "#66bb6a";
    if (!strcmp(state, "DOWN") || !strcmp(state, "CRITICAL"))
        return "#e53935";
    if (!strcmp(state, "WARNING"))
        return "#ffa726";
    return "#9575cd";
}

/* A state timeline per service over the last 7 days: the runs of one
 * state the history pass collected (reports/histview.c), gaps left blank. */
static void timeline(const struct hs_report *r, FILE *out)
{
    const struct hs_live *l = r->live;
    const double span = 7 * 86400.0, from = r->now - span;
    const int left = 190, width = 700, row = 22;
    int height = (int)l->nservices * row + 34;
    fprintf(out,
            "<h2>Service states, last 7 days</h2>\n"
            "<svg id=\"chart-timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
            "height=\"%d\" role=\"img\" aria-label=\"state timeline\">\n",
            left + width + 20, height);
    for (int d = 0; d <= 7; d++) {
        int x = left + d * width / 7;
        fprintf(out,
                "<line x1=\"%d\" y1=\"6\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>"
                "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>\n",
                x, x, height - 20, x, height - 6, d == 7 ? "now" : "");
    }
    for (size_t s = 0; s < l->nservices; s++) {
        int y = 8 + (int)s * row;
        fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">", left - 6,
                y + 13);
        esc(out, l->services[s].name);
        fputs("</text>\n", out);
        for (size_t i = 0; r->timeline && s < r->ntimeline && i < r->timeline[s].n; i++) {
            const struct hs_report_seg *g = &r->timeline[s].segs[i];
            fprintf(out,
                    "<rect class=\"seg\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"16\" "
                    "fill=\"%s\"><title>%s</title></rect>\n",
                    left + (g->a - from) / span * width, y, fmax((g->b - g->a) / span * width, 0.8),
                    fill_of(g->state), g->state);
        }
    }
    fputs("</svg>\n", out);
    if (r->history_records == 0)
        fputs("<p class=\"meta\">no history yet: each report run adds a record</p>\n", out);
}

/* A probe's components, their states and metrics, folded under the
 * target's summary. */
static void component_details(const hs_probe *p, FILE *out)
{
    fputs("<details><summary>components</summary><table>", out);
    for (size_t c = 0; c < p->ncomps; c++) {
        const struct hs_component *cp = p->comps[c];
        fputs("<tr><td>", out);
        esc(out, cp->id);
        fputs("</td><td>", out);
        esc(out, hs_state_name(cp->state));
        fputs("</td><td>", out);
        for (size_t m = 0; m < cp->nmetrics; m++) {
            esc(out, cp->metrics[m].name);
            if (isnan(cp->metrics[m].value))
                fputs("=U ", out);
            else
                fprintf(out, "=%g", cp->metrics[m].value);
            esc(out, cp->metrics[m].unit);
            fputc(' ', out);
        }
        fputs("</td></tr>", out);
    }
    fputs("</table></details>", out);
}

static void targets(const struct hs_report *r, FILE *out)
{
    char sum[512];
    fputs("<h2>Probe targets</h2>\n<table id=\"targets\"><tr><th>target</th><th>plugin</th>"
          "<th>status</th><th>health</th><th>summary</th></tr>\n",
          out);
    for (size_t i = 0; i < r->n; i++) {
        const struct hs_target_result *t = &r->results[i];
        hs_target_summary(t, sum, sizeof sum);
        fputs("<tr><td>", out);
        esc(out, t->name);
        fputs("</td><td>", out);
        esc(out, t->plugin);
        fprintf(out, "</td><td><span class=\"b %s\">%s</span></td><td class=\"n\">",
                status_class(t->status), hs_status_name(t->status));
        if (isnan(t->health))
            fputs("&ndash;", out);
        else
            fprintf(out, "%.0f", t->health);
        fputs("</td><td>", out);
        esc(out, sum);
        if (t->probe && t->probe->ncomps)
            component_details(t->probe, out);
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n", out);
}

static void tech_table(const struct hs_report *r, FILE *out)
{
    if (!r->techs || r->techs->n == 0)
        return;
    fputs("<h2>Technology scores</h2>\n<p class=\"meta\">1..5: chance = availability it can "
          "add, risk = harm when it fails or is misused, maturity = age, adoption, upstream "
          "health</p>\n<table id=\"technologies\"><tr><th>technology</th><th>class</th>"
          "<th>chance</th><th>risk</th><th>maturity</th><th>why</th></tr>\n",
          out);
    for (int t = 0; t < r->techs->n; t++) {
        const hs_tech *te = &r->techs->v[t];
        fputs("<tr><td>", out);
        esc(out, te->name);
        fputs("</td><td>", out);
        esc(out, hs_ha_class_name(te->ha_class));
        fprintf(out,
                "</td><td class=\"n\">%.1f</td><td class=\"n\">%.1f</td>"
                "<td class=\"n\">%.1f</td><td class=\"meta\">",
                te->chance, te->risk, te->maturity);
        esc(out, te->chance_why);
        fputs(te->risk_why ? " &middot; " : "", out);
        esc(out, te->risk_why);
        fputs(te->maturity_why ? " &middot; " : "", out);
        esc(out, te->maturity_why);
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n", out);
}

/* The architecture comparison: a table and grouped bars of nines per
 * service and architecture. */
static void comparison(const struct hs_report *r, FILE *out)
{
    static const char *const colours[] = {"#90a4ae", "#1565c0", "#43a047", "#ef8f00",
                                          "#8e24aa", "#00897b", "#c62828"};
    const hs_comparison *c = r->comparison;
    const hs_eval_arch *base;
    int ns, left = 210, width = 560, bar = 9, group;
    if (!c || c->n_archs == 0)
        return;
    base = &c->archs[0];
    ns = base->n_services;
    fputs("<h2>Architecture comparison</h2>\n<table id=\"comparison\"><tr><th>architecture"
          "</th><th>weighted availability</th><th>points vs baseline</th>"
          "<th>downtime h/yr</th><th>services better / worse</th><th>note</th></tr>\n",
          out);
    for (int a = 0; a < c->n_archs; a++) {
        const hs_eval_arch *e = &c->archs[a];
        fprintf(out, "<tr><td><span style=\"color:%s\">&#9632;</span> ", colours[a % 7]);
        esc(out, e->name);
        fputs("</td><td class=\"n\">", out);
        pct(out, e->weighted_availability);
        fprintf(out,
                "</td><td class=\"n\">%+.4f</td><td class=\"n\">%.2f</td>"
                "<td class=\"n\">%d / %d</td><td>%s</td></tr>\n",
                e->diff_points, e->weighted_downtime_h, e->improved, e->worsened,
                e->adds_without_gain ? "adds a technology, improves no service" : "");
    }
    fputs("</table>\n", out);
    group = c->n_archs * (bar + 1) + 10;
    fprintf(out,
            "<svg id=\"chart-comparison\" xmlns=\"http://www.w3.org/2000/svg\" "
            "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"availability per "
            "service and architecture\">\n",
            left + width + 30, ns * group + 40);
    for (int k = 0; k <= 6; k++) {
        int x = left + k * width / 6;
        fprintf(out,
                "<line x1=\"%d\" y1=\"6\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>"
                "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d"
                "</text>\n",
                x, x, ns * group + 14, x, ns * group + 30, k);
    }
    for (int s = 0; s < ns; s++) {
        int y0 = 8 + s * group;
        fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">", left - 6,
                y0 + group / 2);
        esc(out, base->services[s].name);
        fputs("</text>\n", out);
        for (int a = 0; a < c->n_archs; a++) {
            const hs_eval_arch *e = &c->archs[a];
            double av = NAN;
            for (int k = 0; k < e->n_services; k++)
                if (!strcmp(e->services[k].name, base->services[s].name))
                    av = e->services[k].exact.availability;
            if (isnan(av))
                continue;
            fprintf(out,
                    "<rect class=\"bar-arch\" x=\"%d\" y=\"%d\" width=\"%.1f\" "
                    "height=\"%d\" fill=\"%s\"><title>",
                    left, y0 + a * (bar + 1), nines(av) * width / 6.0, bar, colours[a % 7]);
            esc(out, e->name);
            fprintf(out, ": %.6f</title></rect>\n", av);
        }
    }
    fputs("</svg>\n<p class=\"meta\">bars: availability as nines per service, one colour per "
          "architecture (legend in the table)</p>\n",
          out);
    hs_html_tornado(c, out);
}

void hs_html_escape(FILE *out, const char *s)
{
    esc(out, s);
}

int hs_render_html(const struct hs_report *r, FILE *out)
{
    head(r, out);
    if (r->monitor_suspect) {
        fputs("<p class=\"meta\"><strong>note:</strong> ", out);
        esc(out, hs_report_suspect_text());
        fputs("</p>\n", out);
    }
    if (r->live) {
        services_table(r, out);
        nines_chart(r, out);
        evidence_table(r, out);
        timeline(r, out);
    }
    targets(r, out);
    tech_table(r, out);
    comparison(r, out);
    if (r->history_warning) {
        fputs("<p class=\"meta\">warning: ", out);
        esc(out, r->history_warning);
        fputs("</p>\n", out);
    }
    fputs("</body></html>\n", out);
    return ferror(out) ? -1 : 0;
}
