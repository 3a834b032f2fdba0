/*
 * core/eval/render_text.c — the comparison for a terminal or a mail: a
 * summary table, then per architecture its services and technologies,
 * then the ranking per HA class. Formats numbers only.
 */
#include "eval/eval.h"
#include "eval/uncertainty.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "abi/result.h"

static void pct(char *buf, size_t n, double a)
{
    if (isnan(a))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.4f %%", a * 100.0);
}

static void ci(char *buf, size_t n, const hs_ci *c, const char *fmt)
{
    char lo[32], mean[32], hi[32];
    snprintf(mean, sizeof mean, fmt, c->mean);
    snprintf(lo, sizeof lo, fmt, c->lo < 0 ? 0.0 : c->lo);
    snprintf(hi, sizeof hi, fmt, c->hi);
    snprintf(buf, n, "%s [%s, %s]", mean, lo, hi);
}

static void summary(FILE *f, const hs_comparison *c)
{
    fprintf(f, "%-34s %12s %10s %12s %8s %6s  %s\n", "ARCHITECTURE", "WEIGHTED A", "DIFF pts",
            "DOWN h/yr", "BETTER", "WORSE", "NOTE");
    for (int a = 0; a < c->n_archs; a++) {
        const hs_eval_arch *e = &c->archs[a];
        char av[32];
        pct(av, sizeof av, e->weighted_availability);
        fprintf(f, "%-34.34s %12s %+10.4f %12.2f %8d %6d  %s\n", e->name, av, e->diff_points,
                e->weighted_downtime_h, e->improved, e->worsened,
                a == 0                 ? "baseline"
                : e->adds_without_gain ? "ADDS TECHNOLOGY WITHOUT IMPROVING ANY SERVICE"
                                       : "");
    }
}

static void services(FILE *f, const hs_eval_arch *e)
{
    fprintf(f, "  %-28s %5s %9s %10s %5s %9s %8s %6s %8s  %-24s %s\n", "SERVICE", "IMP", "TARGET",
            "AVAIL", "NINES", "DOWN h/yr", "OUT/yr", "MTTR h", "DIFF pts", "MC OUTAGES/yr [95% CI]",
            "MC DOWN h/yr [95% CI]");
    for (int s = 0; s < e->n_services; s++) {
        const hs_eval_service *sv = &e->services[s];
        char tg[32], av[32], mo[128] = "-", md[128] = "-";
        if (isnan(sv->target))
            snprintf(tg, sizeof tg, "-");
        else
            snprintf(tg, sizeof tg, "%.3f%%%s", sv->target * 100, sv->meets_target ? "" : "!");
        snprintf(av, sizeof av, "%.4f%%", sv->exact.availability * 100);
        if (sv->sim_done) {
            ci(mo, sizeof mo, &sv->sim.outages_per_year, "%.2f");
            ci(md, sizeof md, &sv->sim.downtime_h_per_year, "%.2f");
        }
        fprintf(f,
                "  %-28.28s %5.2f %9s %10s %5.2f %9.2f %8.3f %6.2f "
                "%+8.4f  %-24s %s\n",
                sv->name, sv->importance, tg, av, sv->exact.nines,
                sv->exact.downtime_min_per_year / 60.0, sv->exact.outages_per_year, sv->exact.mdt,
                sv->diff_points, mo, md);
        if (sv->sim_note)
            fprintf(f, "      no Monte Carlo: %s\n", sv->sim_note);
    }
    for (int s = 0; s < e->n_services; s++)
        if (!e->services[s].meets_target) {
            fprintf(f, "  ('!': below its target)\n");
            break;
        }
}

static void technologies(FILE *f, const hs_comparison *c, const hs_eval_arch *e)
{
    fprintf(f, "  %-16s %-22s %-20s %5s %7s %9s %6s %4s %4s %4s %6s\n", "TECHNOLOGY", "NAME",
            "CLASS", "COMP", "FV", "GAIN pts", "BIRNB", "CH", "RI", "MA", "SCORE");
    for (int t = 0; t < e->n_techs; t++) {
        const hs_eval_tech_use *u = &e->techs[t];
        const hs_tech *x = u->tech >= 0 ? &c->techs.v[u->tech] : NULL;
        fprintf(f, "  %-16.16s %-22.22s %-20.20s %5d %7.4f %9.5f %6.4f", u->key, x ? x->name : "-",
                x ? hs_ha_class_name(x->ha_class) : "-", u->n_components, u->fv, u->gain_points,
                u->birnbaum);
        if (x)
            fprintf(f, " %4.1f %4.1f %4.1f %+6.1f", x->chance, x->risk, x->maturity,
                    hs_tech_score(x, &c->weights));
        else
            fprintf(f, " %4s %4s %4s %6s", "-", "-", "-", "-");
        fprintf(f, "%s\n", u->added ? "  added" : "");
    }
}

static void components(FILE *f, const hs_eval_arch *e)
{
    static const char *const st[] = {"no service depends on it", "met", "SHORT", "UNREACHABLE"};
    fprintf(f, "  %-24s %-16s %10s %10s  %s\n", "COMPONENT", "TECHNOLOGY", "AVAIL", "REQUIRED",
            "STATUS (binding service)");
    for (int i = 0; i < e->n_components; i++) {
        const hs_eval_component *k = &e->components[i];
        char av[32], rq[32];
        snprintf(av, sizeof av, "%.5f%%", k->availability * 100);
        if (isnan(k->required))
            snprintf(rq, sizeof rq, "-");
        else
            snprintf(rq, sizeof rq, "%.5f%%", k->required * 100);
        fprintf(f, "  %-24.24s %-16.16s %10s %10s  %s%s%s%s\n", k->name,
                k->technology ? k->technology : "-", av, rq, st[k->req_status],
                k->binding_service >= 0 ? " (" : "",
                k->binding_service >= 0 ? e->services[k->binding_service].name : "",
                k->binding_service >= 0 ? ")" : "");
    }
}

static void ranking(FILE *f, const hs_comparison *c, bool verbose)
{
    int *order = calloc((size_t)c->techs.n + 1, sizeof *order);
    if (!order)
        return;
    fprintf(f,
            "\nTechnology ranking per HA class (score = %.2f*chance - "
            "%.2f*risk + %.2f*maturity; scores 1..5):\n",
            c->weights.chance, c->weights.risk, c->weights.maturity);
    for (int cls = 0; cls <= HS_CLASS_LAST; cls++) {
        int n = cls == HS_CLASS_OTHER ? 0 : hs_tech_rank(&c->techs, cls, &c->weights, order);
        /* OTHER is never ranked; a class added after it only once it has a member */
        if (cls == HS_CLASS_OTHER || (cls > HS_CLASS_OTHER && n <= 0))
            continue;
        fprintf(f, "  %s:\n", hs_ha_class_name(cls));
        if (n <= 0)
            fprintf(f, "    (no technology known)\n");
        for (int i = 0; i < n; i++) {
            const hs_tech *x = &c->techs.v[order[i]];
            fprintf(f,
                    "    %d. %-22s %+5.1f  (chance %.1f, risk %.1f, "
                    "maturity %.1f)\n",
                    i + 1, x->name, hs_tech_score(x, &c->weights), x->chance, x->risk, x->maturity);
            if (verbose)
                fprintf(f,
                        "         chance:   %s\n         risk:     %s\n"
                        "         maturity: %s\n         from:     %s\n",
                        x->chance_why ? x->chance_why : "-", x->risk_why ? x->risk_why : "-",
                        x->maturity_why ? x->maturity_why : "-", x->source ? x->source : "-");
        }
    }
    free(order);
}

void hs_eval_render_text(FILE *f, const hs_comparison *c, bool verbose)
{
    const hs_eval_opts *o = &c->opts;
    fprintf(f,
            "Architecture comparison: %d architecture%s against the "
            "baseline '%s'\n",
            c->n_archs, c->n_archs == 1 ? "" : "s", c->archs[0].name);
    if (o->simulate)
        fprintf(f,
                "Exact figures from the BDD; Monte Carlo %g years in %d "
                "replications, seed %llu (95 %% CI).\n",
                o->years, o->replications, (unsigned long long)o->seed);
    else
        fprintf(f, "Exact figures from the BDD; Monte Carlo off.\n");
    fprintf(f, "Weighted = importance-weighted mean over services; DIFF = "
               "percentage points against the baseline.\n\n");
    summary(f, c);
    for (int a = 0; a < c->n_archs; a++) {
        const hs_eval_arch *e = &c->archs[a];
        fprintf(f, "\n== %s (%s)%s\n", e->name, e->file, a == 0 ? " — baseline" : "");
        if (e->description)
            fprintf(f, "  %s\n", e->description);
        services(f, e);
        fprintf(f, "\n");
        technologies(f, c, e);
        if (e->adds_without_gain) {
            fprintf(f, "  NOTE: adds");
            for (int t = 0; t < e->n_techs; t++)
                if (e->techs[t].added)
                    fprintf(f, " %s", e->techs[t].key);
            fprintf(f, " but improves no service against the baseline.\n");
        }
        if (verbose) {
            fprintf(f, "\n");
            components(f, e);
        }
    }
    ranking(f, c, verbose);
    fprintf(f, "\nFV: share of a service's unavailability its components "
               "cause, (P - P|perfect)/P, weighted; GAIN: weighted points won "
               "if it never failed;\nBIRNB: summed Birnbaum importance, "
               "weighted; CH/RI/MA: chance/risk/maturity.\n");
    hs_unc_render_text(f, c);
}
