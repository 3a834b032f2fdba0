/*
 * core/model/render.c — see render.h. The JSON is built with json-c, like
 * every other JSON hascout writes; numbers keep the ten significant digits
 * the engine has always printed, and those that are not finite are written
 * as null (JSON has no NaN/Infinity).
 */
#include "model/render.h"

#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The flags of every pretty JSON document hascout writes (reports/json.c). */
#define JSON_FLAGS                                                                                 \
    (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE)

/* A number printed "%.10g", as before json-c wrote it: json-c's own %.17g
 * would show binary noise (0.30000000000000004) to people reading it. NULL
 * (JSON null) when not finite. */
static json_object *jnum(double v)
{
    char text[32];
    if (!isfinite(v))
        return NULL;
    snprintf(text, sizeof text, "%.10g", v);
    return json_object_new_double_s(v, text);
}

static json_object *jstr(const char *s)
{
    return json_object_new_string(s ? s : "");
}

static void add(json_object *o, const char *key, json_object *v)
{
    json_object_object_add(o, key, v);
}

/* {"mean": M, "ci95": [LO, HI]} */
static json_object *jci(hs_ci c)
{
    json_object *o = json_object_new_object(), *a = json_object_new_array();
    json_object_array_add(a, jnum(c.lo));
    json_object_array_add(a, jnum(c.hi));
    add(o, "mean", jnum(c.mean));
    add(o, "ci95", a);
    return o;
}

/* Write ROOT as one pretty document and a newline, then free it. */
static void print_json(FILE *f, json_object *root)
{
    const char *text = root ? json_object_to_json_string_ext(root, JSON_FLAGS) : NULL;
    if (text)
        fprintf(f, "%s\n", text);
    json_object_put(root);
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
static double approx_value(const hs_mcs_result *c, const char **method, const char **bound)
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

static json_object *json_steady(const hs_steady *s)
{
    json_object *o = json_object_new_object();
    add(o, "unavailability", jnum(s->unavailability));
    add(o, "availability", jnum(s->availability));
    add(o, "nines", jnum(s->nines));
    add(o, "downtime_min_per_year", jnum(s->downtime_min_per_year));
    add(o, "failure_frequency_per_h", jnum(s->omega));
    add(o, "outages_per_year", jnum(s->outages_per_year));
    add(o, "mut_h", jnum(s->mut));
    add(o, "mdt_h", jnum(s->mdt));
    add(o, "events_without_rates", json_object_new_int(s->unrated));
    return o;
}

/* The Monte Carlo estimate of a top without an exact BDD: an estimate,
 * not a bound, with its 95 % interval. */
static json_object *json_mc(const hs_mc_estimate *e)
{
    json_object *o = json_object_new_object(), *ci = json_object_new_array();
    json_object_array_add(ci, jnum(e->lo));
    json_object_array_add(ci, jnum(e->hi));
    add(o, "method", jstr(e->n_known ? "cut-set union + monte carlo" : "monte carlo"));
    add(o, "bound", NULL);
    add(o, "value", jnum(e->p));
    add(o, "ci95", ci);
    add(o, "samples", json_object_new_int64(e->samples));
    add(o, "hits", json_object_new_int64(e->hits));
    add(o, "seed", json_object_new_int64((int64_t)e->seed));
    /* the exact part and how many sets it is the union of (0 and 0: all
     * drawn); hits are then the samples failing the top without them */
    add(o, "known", jnum(e->known));
    add(o, "known_sets", json_object_new_int64(e->n_known));
    return o;
}

/* The cut-set estimate of a top without an exact BDD. */
static json_object *json_approx(const hs_mcs_result *c, int order_limit)
{
    json_object *o = json_object_new_object();
    const char *method, *bound;
    double v = approx_value(c, &method, &bound);
    add(o, "method", jstr(method));
    add(o, "order_limit", json_object_new_int(order_limit));
    add(o, "bound", bound ? jstr(bound) : NULL);
    add(o, "value", jnum(v));
    return o;
}

static json_object *json_cut_sets(const hs_model *m, const hs_mcs_result *c, int order_limit)
{
    json_object *o = json_object_new_object(), *by = json_object_new_object(),
                *sets = json_object_new_array();
    for (int k = 0; k <= c->max_order; k++)
        if (c->by_order[k] > 0) {
            char key[16];
            snprintf(key, sizeof key, "%d", k);
            add(by, key, jnum(c->by_order[k]));
        }
    for (long s = 0; s < c->n_sets; s++) {
        json_object *set = json_object_new_object(), *ev = json_object_new_array();
        for (int j = 0; j < c->sets[s].n; j++)
            json_object_array_add(ev, jstr(ev_name(m, c->sets[s].events[j])));
        add(set, "p", jnum(c->sets[s].p));
        add(set, "events", ev);
        json_object_array_add(sets, set);
    }
    add(o, "count", jnum(c->count));
    add(o, "order_limit", json_object_new_int(order_limit));
    add(o, "by_order", by);
    add(o, "rare_event", jnum(c->rare_event));
    add(o, "min_cut_upper_bound", jnum(c->mcub));
    add(o, "listed", json_object_new_int64(c->n_sets));
    add(o, "sets", sets);
    return o;
}

static json_object *json_importance(const hs_model *m, const hs_top_result *t)
{
    json_object *o = json_object_new_object(), *evs = json_object_new_array();
    for (int e = 0; e < m->n_events; e++) {
        const hs_importance *x = &t->imp[e];
        json_object *ev = json_object_new_object();
        add(ev, "event", jstr(ev_name(m, e)));
        add(ev, "q", jnum(t->q[e]));
        add(ev, "birnbaum", jnum(x->birnbaum));
        add(ev, "criticality", jnum(x->criticality));
        add(ev, "fussell_vesely", jnum(x->fussell_vesely));
        add(ev, "raw", jnum(x->raw));
        add(ev, "rrw", jnum(x->rrw));
        json_object_array_add(evs, ev);
    }
    add(o, "fussell_vesely", jstr("(P - P(q_i=0)) / P"));
    add(o, "events", evs);
    return o;
}

static json_object *json_top(const hs_model *m, const hs_analysis_info *info,
                             const hs_top_result *t)
{
    const hs_model_top *top = &m->tops[t->top];
    json_object *o = json_object_new_object();
    add(o, "name", jstr(top->name));
    add(o, "top_event", jstr(m->nodes[top->node].name));
    add(o, "importance", jnum(top->importance));
    add(o, "target", jnum(top->target));
    add(o, "probability", jnum(t->p));
    add(o, "exact", json_object_new_boolean(!t->approx));
    if (t->approx)
        add(o, "approximation", json_approx(t->mcs, info->fv_order_limit));
    if (t->approx && t->has_mc)
        add(o, "monte_carlo", json_mc(&t->mc));
    add(o, "bdd_nodes", json_object_new_int(t->bdd_nodes));
    add(o, "coherent", json_object_new_boolean(t->coherent));
    add(o, "steady_state", json_steady(&t->steady));
    if (t->mcs)
        add(o, "cut_sets", json_cut_sets(m, t->mcs, info->fv_order_limit));
    if (t->imp)
        add(o, "importance_measures", json_importance(m, t));
    return o;
}

/* {"schema": 1}: what a consumer checks before reading the rest. */
static json_object *json_schema(void)
{
    json_object *o = json_object_new_object();
    add(o, "schema", json_object_new_int(1));
    return o;
}

void hs_render_analysis_json(FILE *f, const hs_model *m, const hs_analysis_info *info,
                             const hs_top_result *r, int n)
{
    json_object *root = json_object_new_object(), *files = json_object_new_array(),
                *tops = json_object_new_array();
    for (int i = 0; i < info->n_files; i++)
        json_object_array_add(files, jstr(info->files[i]));
    for (int i = 0; i < n; i++)
        json_object_array_add(tops, json_top(m, info, &r[i]));
    add(root, "hascout_model", json_schema());
    add(root, "files", files);
    add(root, "basic_events", json_object_new_int(m->n_events));
    add(root, "gates", json_object_new_int(m->n_nodes - m->n_events));
    add(root, "time_s", jnum(info->total_s));
    add(root, "tops", tops);
    print_json(f, root);
}

static void text_num(FILE *f, const char *label, double v, const char *unit)
{
    if (isfinite(v))
        fprintf(f, "  %-28s %.6g%s\n", label, v, unit);
    else
        fprintf(f, "  %-28s n/a\n", label);
}

/* The probability line(s) of one top: exact, or the cut-set estimate. */
static void text_probability(FILE *f, const hs_top_result *t, int order_limit)
{
    const char *method, *bound;
    double v;

    if (!t->approx) {
        text_num(f, "unavailability (exact)", t->p, "");
        return;
    }
    v = approx_value(t->mcs, &method, &bound);
    fputs("  unavailability (exact)       n/a: no exact BDD (too "
          "hard)\n",
          f);
    if (bound)
        fprintf(f,
                "  %-28s %.9g (at least: the exact probability "
                "that one of the cut sets of order <= %d fails; "
                "higher orders add to it)\n",
                "unavailability (approx.)", v, order_limit);
    else
        fprintf(f,
                "  %-28s %.6g (%s of the cut sets of order <= "
                "%d; not a bound)\n",
                "unavailability (approx.)", v, method, order_limit);
    if (t->has_mc && t->mc.n_known)
        fprintf(f,
                "  %-28s %.6g, 95 %% confidence interval [%.6g, %.6g] (Monte Carlo "
                "estimate, not a bound: the union above plus %lld of %lld samples that failed "
                "without any of its %ld cut sets, seed %llu)\n",
                "unavailability (MC est.)", t->mc.p, t->mc.lo, t->mc.hi, t->mc.hits, t->mc.samples,
                t->mc.n_known, (unsigned long long)t->mc.seed);
    else if (t->has_mc)
        fprintf(f,
                "  %-28s %.4g, 95 %% confidence interval [%.4g, %.4g] (Monte Carlo "
                "estimate, not a bound: %lld of %lld samples failed, seed %llu)\n",
                "unavailability (MC est.)", t->mc.p, t->mc.lo, t->mc.hi, t->mc.hits, t->mc.samples,
                (unsigned long long)t->mc.seed);
}

static void text_steady(FILE *f, const hs_model_top *top, const hs_steady *s)
{
    text_num(f, "availability", s->availability, "");
    text_num(f, "nines", s->nines, "");
    text_num(f, "downtime per year", s->downtime_min_per_year, " min");
    text_num(f, "failure frequency", s->omega, " /h");
    text_num(f, "outages per year", s->outages_per_year, "");
    text_num(f, "mean up time (MUT)", s->mut, " h");
    text_num(f, "mean down time (MDT)", s->mdt, " h");
    if (s->unrated)
        fprintf(f,
                "  (%d relevant event(s) have no rates: counted as "
                "never changing in the frequency)\n",
                s->unrated);
    if (isfinite(top->target))
        fprintf(f, "  %-28s %.6g (%s)\n", "target availability", top->target,
                s->availability >= top->target ? "met" : "MISSED");
}

static void text_cut_sets(FILE *f, const hs_model *m, const hs_top_result *t, int order_limit)
{
    const hs_mcs_result *c = t->mcs;

    fprintf(f, "  minimal cut sets: %.0f", c->count);
    if (order_limit)
        fprintf(f, " (order <= %d)", order_limit);
    fputs("; by order:", f);
    for (int k = 0; k <= c->max_order; k++)
        if (c->by_order[k] > 0)
            fprintf(f, " %d:%.0f", k, c->by_order[k]);
    fputc('\n', f);
    if (!t->coherent)
        fputs("  (not coherent: sets of failed events that fail the "
              "top with all others working)\n",
              f);
    text_num(f, "rare-event approximation", c->rare_event, c->rare_event > 1 ? " (exceeds 1)" : "");
    text_num(f, "min-cut upper bound", c->mcub, "");
    for (long k = 0; k < c->n_sets; k++) {
        fprintf(f, "  %8.4g  {", c->sets[k].p);
        for (int j = 0; j < c->sets[k].n; j++)
            fprintf(f, "%s%s", j ? ", " : "", ev_name(m, c->sets[k].events[j]));
        fputs("}\n", f);
    }
}

static void text_importance(FILE *f, const hs_model *m, const hs_top_result *t)
{
    fprintf(f, "  importance (FV = (P - P(q=0)) / P):\n");
    fprintf(f, "  %-24s %11s %11s %11s %11s %11s %11s\n", "event", "q", "Birnbaum", "critical.",
            "FV", "RAW", "RRW");
    for (int e = 0; e < m->n_events; e++) {
        const hs_importance *x = &t->imp[e];
        fprintf(f,
                "  %-24s %11.5g %11.5g %11.5g %11.5g %11.5g "
                "%11.5g\n",
                ev_name(m, e), t->q[e], x->birnbaum, x->criticality, x->fussell_vesely, x->raw,
                x->rrw);
    }
}

void hs_render_analysis_text(FILE *f, const hs_model *m, const hs_analysis_info *info,
                             const hs_top_result *r, int n)
{
    fprintf(f, "model: %d basic events, %d gates, %d top event(s)\n", m->n_events,
            m->n_nodes - m->n_events, m->n_tops);
    for (int i = 0; i < n; i++) {
        const hs_top_result *t = &r[i];
        const hs_model_top *top = &m->tops[t->top];
        fprintf(f, "\n%s (top event '%s')%s\n", top->name, m->nodes[top->node].name,
                t->coherent ? "" : " — not coherent");
        text_probability(f, t, info->fv_order_limit);
        text_steady(f, top, &t->steady);
        if (!t->approx)
            fprintf(f, "  %-28s %d\n", "BDD nodes", t->bdd_nodes);
        if (t->mcs)
            text_cut_sets(f, m, t, info->fv_order_limit);
        if (t->imp)
            text_importance(f, m, t);
    }
}

void hs_render_sim_text(FILE *f, const hs_model *m, int top, const hs_sim_result *s,
                        const hs_steady *exact)
{
    fprintf(f, "%s: %.6g years in %d replications, %d thread(s)\n", m->tops[top].name, s->years,
            s->replications, s->threads);
    fprintf(f, "  %-24s %-14s %-30s %s\n", "", "mean", "95 % CI", "exact");
    struct {
        const char *name;
        hs_ci c;
        double ex;
    } rows[] = {
        {"unavailability", s->unavailability, exact ? exact->unavailability : NAN},
        {"availability",
         {1 - s->unavailability.mean, 1 - s->unavailability.hi, 1 - s->unavailability.lo,
          s->unavailability.n},
         exact ? exact->availability : NAN},
        {"outages per year", s->outages_per_year, exact ? exact->outages_per_year : NAN},
        {"downtime h/year", s->downtime_h_per_year, exact ? exact->unavailability * 8760.0 : NAN},
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
        fprintf(f, "  %-24s %-14.6g %-30s %s\n", rows[i].name, rows[i].c.mean, ci, ex);
    }
    fprintf(f,
            "  outages: %lld; component events: %lld (%.3g per CPU "
            "second, %.3f s wall)\n",
            s->outages, s->events, s->events_per_cpu_s, s->wall_s);
}

void hs_render_sim_json(FILE *f, const hs_model *m, int top, const hs_sim_result *s,
                        const hs_steady *exact, unsigned long long seed)
{
    json_object *root = json_object_new_object();
    char seed_text[32];

    /* json-c before 0.14 has no unsigned 64-bit integer: the seed is
     * written as its exact decimal text all the same */
    snprintf(seed_text, sizeof seed_text, "%llu", seed);
    add(root, "hascout_model", json_schema());
    add(root, "top", jstr(m->tops[top].name));
    add(root, "years", jnum(s->years));
    add(root, "seed", json_object_new_double_s((double)seed, seed_text));
    add(root, "replications", json_object_new_int(s->replications));
    add(root, "threads", json_object_new_int(s->threads));
    add(root, "unavailability", jci(s->unavailability));
    add(root, "outages_per_year", jci(s->outages_per_year));
    add(root, "downtime_h_per_year", jci(s->downtime_h_per_year));
    add(root, "mean_outage_h", jci(s->mean_outage_h));
    add(root, "outage_p50_h", jci(s->p50_h));
    add(root, "outage_p95_h", jci(s->p95_h));
    add(root, "outage_p99_h", jci(s->p99_h));
    add(root, "outages", json_object_new_int64(s->outages));
    add(root, "events", json_object_new_int64(s->events));
    add(root, "wall_s", jnum(s->wall_s));
    add(root, "events_per_cpu_s", jnum(s->events_per_cpu_s));
    add(root, "exact", exact ? json_steady(exact) : NULL);
    print_json(f, root);
}
