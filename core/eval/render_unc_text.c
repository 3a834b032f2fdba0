/*
 * core/eval/render_unc_text.c — the uncertainty analysis for a terminal:
 * per architecture the weighted availability and gain intervals and the
 * chances of beating the baseline and each other, then per service, the
 * tornado, and the answer to --explain-gain. Formats numbers only.
 */
#include "eval/uncertainty.h"

#include <math.h>

static void head(FILE *f, const hs_uncertainty *u)
{
    fprintf(f,
            "\nUncertainty: %d paired samples, seed %llu, %d input%s, %d thread%s, %.2f s\n"
            "(availability in %%, gain in points; 5/50/95 %% = percentiles over the samples; "
            "P(beats) = share of samples better by more than %g points)\n",
            u->samples, (unsigned long long)u->seed, u->n_inputs, u->n_inputs == 1 ? "" : "s",
            u->threads, u->threads == 1 ? "" : "s", u->seconds, HS_EVAL_GAIN_EPS * 100);
}

static void weighted(FILE *f, const hs_comparison *c, const hs_uncertainty *u)
{
    int w = u->n_services;
    fprintf(f, "\n  %-30s %9s %9s %9s %9s  %9s %9s %9s %9s  %7s\n", "WEIGHTED", "A 5%", "A 50%",
            "A 95%", "A mean", "GAIN 5%", "GAIN 50%", "GAIN 95%", "mean", "P(>base)");
    for (int a = 0; a < u->n_archs; a++) {
        const hs_unc_arch *x = &u->archs[a];
        fprintf(f, "  %-30.30s %9.4f %9.4f %9.4f %9.4f  %+9.4f %+9.4f %+9.4f %+9.4f  ",
                c->archs[a].name, x->avail[w].p05 * 100, x->avail[w].median * 100,
                x->avail[w].p95 * 100, x->avail[w].mean * 100, x->gain[w].p05, x->gain[w].median,
                x->gain[w].p95, x->gain[w].mean);
        if (a == 0)
            fprintf(f, "%7s\n", "-");
        else
            fprintf(f, "%7.4f\n", x->p_beats_base[w]);
    }
    fprintf(f, "\n  P(row beats column), weighted:\n  %-30s", "");
    for (int b = 0; b < u->n_archs; b++)
        fprintf(f, " %8d", b + 1);
    fprintf(f, "\n");
    for (int a = 0; a < u->n_archs; a++) {
        fprintf(f, "  %2d %-27.27s", a + 1, c->archs[a].name);
        for (int b = 0; b < u->n_archs; b++)
            if (a == b)
                fprintf(f, " %8s", "-");
            else
                fprintf(f, " %8.4f", u->archs[a].p_beats[b]);
        fprintf(f, "\n");
    }
}

static void per_service(FILE *f, const hs_comparison *c, const hs_uncertainty *u)
{
    for (int s = 0; s < u->n_services; s++) {
        fprintf(f, "\n  %s\n", c->archs[0].services[s].name);
        for (int a = 0; a < u->n_archs; a++) {
            const hs_unc_arch *x = &u->archs[a];
            fprintf(f, "    %-28.28s A %.4f [%.4f, %.4f]", c->archs[a].name,
                    x->avail[s].median * 100, x->avail[s].p05 * 100, x->avail[s].p95 * 100);
            if (a > 0)
                fprintf(f, "  gain %+.4f [%+.4f, %+.4f]  P(>base) %.4f", x->gain[s].median,
                        x->gain[s].p05, x->gain[s].p95, x->p_beats_base[s]);
            fprintf(f, "\n");
        }
    }
}

static void tornado(FILE *f, const hs_comparison *c, const hs_uncertainty *u)
{
    fprintf(f, "\n  Which assumption matters (weighted gain in points, one input at its 5 %% / "
               "95 %%, the rest at their medians):\n");
    for (int a = 1; a < u->n_archs; a++) {
        const hs_unc_arch *x = &u->archs[a];
        fprintf(f, "  %s: gain %+.4f at the medians\n", c->archs[a].name, x->median_gain);
        for (int i = 0; i < x->n_bars && i < 10; i++) {
            const hs_unc_bar *b = &x->bars[i];
            fprintf(f, "    %-28.28s %+9.4f .. %+9.4f  (swing %.4f)%s\n", u->inputs[b->input].key,
                    b->lo, b->hi, fabs(b->hi - b->lo), u->inputs[b->input].shared ? "" : "  own");
        }
        if (x->n_bars > 10)
            fprintf(f, "    (%d more)\n", x->n_bars - 10);
        if (x->n_bars == 0)
            fprintf(f, "    (no uncertain input)\n");
    }
}

static void explain_one(FILE *f, const hs_unc_explain *x, int which)
{
    const char *what = which ? "repair times" : "failure rates";
    if (isnan(x->scale[which])) {
        fprintf(f, "    %s: not reachable up to x1000; the most gain is %+.4f points at x%.3g\n",
                what, x->best[which], x->best_scale[which]);
        return;
    }
    fprintf(f, "    %s x%.3f", what, x->scale[which]);
    if (isnan(x->limit[which]))
        fprintf(f, ": no range in conf/ to judge it by\n");
    else if (x->scale[which] <= x->limit[which])
        fprintf(f, ": plausible (every range allows up to x%.3g at its 95 %%)\n", x->limit[which]);
    else if (x->scale[which] <= x->limit_max[which])
        fprintf(f, ": implausible for some inputs (their 95 %% allows x%.3g .. x%.3g)\n",
                x->limit[which], x->limit_max[which]);
    else
        fprintf(f, ": implausible (beyond the 95 %% of every range, at most x%.3g)\n",
                x->limit_max[which]);
}

void hs_unc_render_text(FILE *f, const hs_comparison *c)
{
    const hs_uncertainty *u = c->unc;
    if (!u)
        return;
    if (u->samples > 0) {
        head(f, u);
        weighted(f, c, u);
        per_service(f, c, u);
        tornado(f, c, u);
    }
    const hs_unc_explain *x = &u->explain;
    if (x->done) {
        fprintf(f,
                "\nExplain a gain of %+.4f points for '%s' (now %+.4f): the baseline's "
                "technologies would need\n",
                x->target, c->archs[x->arch].name, x->point_gain);
        explain_one(f, x, 0);
        explain_one(f, x, 1);
    }
}
