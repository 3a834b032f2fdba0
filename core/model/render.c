/*
 * core/model/render.c — see render.h. JSON numbers that are not finite are
 * written as null (JSON has no NaN/Infinity).
 */
#include "model/render.h"

#include <math.h>
#include <string.h>

static void jstr(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;
         p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void jnum(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.10g", v);
    else
        fputs("null", f);
}

static void jci(FILE *f, const char *name, hs_ci c)
{
    fprintf(f, "\"%s\": {\"mean\": ", name);
    jnum(f, c.mean);
    fputs(", \"ci95\": [", f);
    jnum(f, c.lo);
    fputs(", ", f);
    jnum(f, c.hi);
    fputs("]}", f);
}

static const char *ev_name(const hs_model *m, int e)
{
    return m->nodes[m->events[e]].name;
}

/* The estimate of a top without an exact BDD: the probability of the union
 * of its cut sets when it could be computed — a lower bound that the
 * higher orders left out can only raise, and close to P on every tree
 * measured (edf9205, order 3: 0.20933 for 0.20935, where the min-cut
 * upper bound of the same sets says 0.232) — else their min-cut upper
 * bound or rare-event sum, which bound nothing once sets are left out.
 * *bound is "lower" or NULL. */
static double approx_value(const hs_mcs_result *c, const char **method,
                           const char **bound)
{
    *bound = NULL;
    if (isfinite(c->union_p)) {
        *method = "cut-set union";
        *bound = "lower";
        return c->union_p;
    }
    if (isfinite(c->mcub)) {
        *method = "min-cut upper bound";
        return c->mcub;
    }
    *method = "rare-event sum";
    return c->rare_event;
}

static void json_steady(FILE *f, const hs_steady *s)
{
    fputs("{\"unavailability\": ", f);
    jnum(f, s->unavailability);
    fputs(", \"availability\": ", f);
    jnum(f, s->availability);
    fputs(", \"nines\": ", f);
    jnum(f, s->nines);
    fputs(", \"downtime_min_per_year\": ", f);
    jnum(f, s->downtime_min_per_year);
    fputs(", \"failure_frequency_per_h\": ", f);
    jnum(f, s->omega);
    fputs(", \"outages_per_year\": ", f);
    jnum(f, s->outages_per_year);
    fputs(", \"mut_h\": ", f);
    jnum(f, s->mut);
    fputs(", \"mdt_h\": ", f);
    jnum(f, s->mdt);
    fprintf(f, ", \"events_without_rates\": %d}", s->unrated);
}

void hs_render_analysis_json(FILE *f, const hs_model *m,
                             const hs_analysis_info *info,
                             const hs_top_result *r, int n)
{
    fputs("{\"hascout_model\": {\"schema\": 1}, \"files\": [", f);
    for (int i = 0; i < info->n_files; i++) {
        if (i)
            fputs(", ", f);
        jstr(f, info->files[i]);
    }
    fprintf(f, "], \"basic_events\": %d, \"gates\": %d, \"time_s\": ",
            m->n_events, m->n_nodes - m->n_events);
    jnum(f, info->total_s);
    fputs(", \"tops\": [", f);
    for (int i = 0; i < n; i++) {
        const hs_top_result *t = &r[i];
        const hs_model_top *top = &m->tops[t->top];
        fputs(i ? ",\n  {" : "\n  {", f);
        fputs("\"name\": ", f);
        jstr(f, top->name);
        fputs(", \"top_event\": ", f);
        jstr(f, m->nodes[top->node].name);
        fputs(", \"importance\": ", f);
        jnum(f, top->importance);
        fputs(", \"target\": ", f);
        jnum(f, top->target);
        fputs(", \"probability\": ", f);
        jnum(f, t->p);
        fprintf(f, ", \"exact\": %s", t->approx ? "false" : "true");
        if (t->approx) {
            const char *method, *bound;
            double v = approx_value(t->mcs, &method, &bound);
            fprintf(f, ", \"approximation\": {\"method\": \"%s\", "
                       "\"order_limit\": %d, \"bound\": ",
                    method, info->fv_order_limit);
            if (bound)
                fprintf(f, "\"%s\"", bound);
            else
                fputs("null", f);
            fputs(", \"value\": ", f);
            jnum(f, v);
            fputs("}", f);
        }
        fprintf(f, ", \"bdd_nodes\": %d, \"coherent\": %s, \"steady_state\": ",
                t->bdd_nodes, t->coherent ? "true" : "false");
        json_steady(f, &t->steady);
        if (t->mcs) {
            const hs_mcs_result *c = t->mcs;
            fputs(", \"cut_sets\": {\"count\": ", f);
            jnum(f, c->count);
            fprintf(f, ", \"order_limit\": %d, \"by_order\": {",
                    info->fv_order_limit);
            bool first = true;
            for (int k = 0; k <= c->max_order; k++)
                if (c->by_order[k] > 0) {
                    fprintf(f, "%s\"%d\": ", first ? "" : ", ", k);
                    jnum(f, c->by_order[k]);
                    first = false;
                }
            fputs("}, \"rare_event\": ", f);
            jnum(f, c->rare_event);
            fputs(", \"min_cut_upper_bound\": ", f);
            jnum(f, c->mcub);
            fprintf(f, ", \"listed\": %ld, \"sets\": [", c->n_sets);
            for (long s = 0; s < c->n_sets; s++) {
                fputs(s ? ", {\"p\": " : "{\"p\": ", f);
                jnum(f, c->sets[s].p);
                fputs(", \"events\": [", f);
                for (int j = 0; j < c->sets[s].n; j++) {
                    if (j)
                        fputs(", ", f);
                    jstr(f, ev_name(m, c->sets[s].events[j]));
                }
                fputs("]}", f);
            }
            fputs("]}", f);
        }
        if (t->imp) {
            fputs(", \"importance_measures\": {\"fussell_vesely\": "
                  "\"(P - P(q_i=0)) / P\", \"events\": [", f);
            for (int e = 0; e < m->n_events; e++) {
                const hs_importance *x = &t->imp[e];
                fputs(e ? ",\n    {\"event\": " : "\n    {\"event\": ", f);
                jstr(f, ev_name(m, e));
                fputs(", \"q\": ", f);
                jnum(f, t->q[e]);
                fputs(", \"birnbaum\": ", f);
                jnum(f, x->birnbaum);
                fputs(", \"criticality\": ", f);
                jnum(f, x->criticality);
                fputs(", \"fussell_vesely\": ", f);
                jnum(f, x->fussell_vesely);
                fputs(", \"raw\": ", f);
                jnum(f, x->raw);
                fputs(", \"rrw\": ", f);
                jnum(f, x->rrw);
                fputs("}", f);
            }
            fputs("]}", f);
        }
        fputs("}", f);
    }
    fputs("]}\n", f);
}

static void text_num(FILE *f, const char *label, double v, const char *unit)
{
    if (isfinite(v))
        fprintf(f, "  %-28s %.6g%s\n", label, v, unit);
    else
        fprintf(f, "  %-28s n/a\n", label);
}

void hs_render_analysis_text(FILE *f, const hs_model *m,
                             const hs_analysis_info *info,
                             const hs_top_result *r, int n)
{
    fprintf(f, "model: %d basic events, %d gates, %d top event(s)\n",
            m->n_events, m->n_nodes - m->n_events, m->n_tops);
    for (int i = 0; i < n; i++) {
        const hs_top_result *t = &r[i];
        const hs_model_top *top = &m->tops[t->top];
        const hs_steady *s = &t->steady;
        fprintf(f, "\n%s (top event '%s')%s\n", top->name,
                m->nodes[top->node].name,
                t->coherent ? "" : " — not coherent");
        if (t->approx) {
            const char *method, *bound;
            double v = approx_value(t->mcs, &method, &bound);
            fputs("  unavailability (exact)       n/a: no exact BDD (too "
                  "hard)\n", f);
            if (bound)
                fprintf(f, "  %-28s %.9g (at least: the exact probability "
                           "that one of the cut sets of order <= %d fails; "
                           "higher orders add to it)\n",
                        "unavailability (approx.)", v, info->fv_order_limit);
            else
                fprintf(f, "  %-28s %.6g (%s of the cut sets of order <= "
                           "%d; not a bound)\n",
                        "unavailability (approx.)", v, method,
                        info->fv_order_limit);
        } else {
            text_num(f, "unavailability (exact)", t->p, "");
        }
        text_num(f, "availability", s->availability, "");
        text_num(f, "nines", s->nines, "");
        text_num(f, "downtime per year", s->downtime_min_per_year, " min");
        text_num(f, "failure frequency", s->omega, " /h");
        text_num(f, "outages per year", s->outages_per_year, "");
        text_num(f, "mean up time (MUT)", s->mut, " h");
        text_num(f, "mean down time (MDT)", s->mdt, " h");
        if (s->unrated)
            fprintf(f, "  (%d relevant event(s) have no rates: counted as "
                       "never changing in the frequency)\n", s->unrated);
        if (isfinite(top->target))
            fprintf(f, "  %-28s %.6g (%s)\n", "target availability",
                    top->target,
                    s->availability >= top->target ? "met" : "MISSED");
        if (!t->approx)
            fprintf(f, "  %-28s %d\n", "BDD nodes", t->bdd_nodes);
        if (t->mcs) {
            const hs_mcs_result *c = t->mcs;
            fprintf(f, "  minimal cut sets: %.0f", c->count);
            if (info->fv_order_limit)
                fprintf(f, " (order <= %d)", info->fv_order_limit);
            fputs("; by order:", f);
            for (int k = 0; k <= c->max_order; k++)
                if (c->by_order[k] > 0)
                    fprintf(f, " %d:%.0f", k, c->by_order[k]);
            fputc('\n', f);
            if (!t->coherent)
                fputs("  (not coherent: sets of failed events that fail the "
                      "top with all others working)\n", f);
            text_num(f, "rare-event approximation", c->rare_event,
                     c->rare_event > 1 ? " (exceeds 1)" : "");
            text_num(f, "min-cut upper bound", c->mcub, "");
            for (long k = 0; k < c->n_sets; k++) {
                fprintf(f, "  %8.4g  {", c->sets[k].p);
                for (int j = 0; j < c->sets[k].n; j++)
                    fprintf(f, "%s%s", j ? ", " : "",
                            ev_name(m, c->sets[k].events[j]));
                fputs("}\n", f);
            }
        }
        if (t->imp) {
            fprintf(f, "  importance (FV = (P - P(q=0)) / P):\n");
            fprintf(f, "  %-24s %11s %11s %11s %11s %11s %11s\n", "event",
                    "q", "Birnbaum", "critical.", "FV", "RAW", "RRW");
            for (int e = 0; e < m->n_events; e++) {
                const hs_importance *x = &t->imp[e];
                fprintf(f, "  %-24s %11.5g %11.5g %11.5g %11.5g %11.5g "
                           "%11.5g\n", ev_name(m, e), t->q[e], x->birnbaum,
                        x->criticality, x->fussell_vesely, x->raw, x->rrw);
            }
        }
    }
}

void hs_render_sim_text(FILE *f, const hs_model *m, int top,
                        const hs_sim_result *s, const hs_steady *exact)
{
    fprintf(f, "%s: %.6g years in %d replications, %d thread(s)\n",
            m->tops[top].name, s->years, s->replications, s->threads);
    fprintf(f, "  %-24s %-14s %-30s %s\n", "", "mean", "95 % CI", "exact");
    struct { const char *name; hs_ci c; double ex; } rows[] = {
        {"unavailability", s->unavailability,
         exact ? exact->unavailability : NAN},
        {"availability",
         {1 - s->unavailability.mean, 1 - s->unavailability.hi,
          1 - s->unavailability.lo, s->unavailability.n},
         exact ? exact->availability : NAN},
        {"outages per year", s->outages_per_year,
         exact ? exact->outages_per_year : NAN},
        {"downtime h/year", s->downtime_h_per_year,
         exact ? exact->unavailability * 8760.0 : NAN},
        {"mean outage (h)", s->mean_outage_h, exact ? exact->mdt : NAN},
        {"outage p50 (h)", s->p50_h, NAN},
        {"outage p95 (h)", s->p95_h, NAN},
        {"outage p99 (h)", s->p99_h, NAN},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char ci[64], ex[32] = "";
        snprintf(ci, sizeof ci, "[%.6g, %.6g]", rows[i].c.lo, rows[i].c.hi);
        if (isfinite(rows[i].ex))
            snprintf(ex, sizeof ex, "%.6g", rows[i].ex);
        fprintf(f, "  %-24s %-14.6g %-30s %s\n", rows[i].name,
                rows[i].c.mean, ci, ex);
    }
    fprintf(f, "  outages: %lld; component events: %lld (%.3g per CPU "
               "second, %.3f s wall)\n", s->outages, s->events,
            s->events_per_cpu_s, s->wall_s);
}

void hs_render_sim_json(FILE *f, const hs_model *m, int top,
                        const hs_sim_result *s, const hs_steady *exact,
                        unsigned long long seed)
{
    fputs("{\"hascout_model\": {\"schema\": 1}, \"top\": ", f);
    jstr(f, m->tops[top].name);
    fprintf(f, ", \"years\": ");
    jnum(f, s->years);
    fprintf(f, ", \"seed\": %llu, \"replications\": %d, \"threads\": %d, ",
            seed, s->replications, s->threads);
    jci(f, "unavailability", s->unavailability);
    fputs(", ", f);
    jci(f, "outages_per_year", s->outages_per_year);
    fputs(", ", f);
    jci(f, "downtime_h_per_year", s->downtime_h_per_year);
    fputs(", ", f);
    jci(f, "mean_outage_h", s->mean_outage_h);
    fputs(", ", f);
    jci(f, "outage_p50_h", s->p50_h);
    fputs(", ", f);
    jci(f, "outage_p95_h", s->p95_h);
    fputs(", ", f);
    jci(f, "outage_p99_h", s->p99_h);
    fprintf(f, ", \"outages\": %lld, \"events\": %lld, \"wall_s\": ",
            s->outages, s->events);
    jnum(f, s->wall_s);
    fputs(", \"events_per_cpu_s\": ", f);
    jnum(f, s->events_per_cpu_s);
    fputs(", \"exact\": ", f);
    if (exact)
        json_steady(f, exact);
    else
        fputs("null", f);
    fputs("}\n", f);
}
