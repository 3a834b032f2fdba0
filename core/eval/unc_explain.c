/*
 * core/eval/unc_explain.c — the inverse question: by which factor would the
 * baseline technologies' failure rates (or repair times) have to grow for a
 * candidate's gain to reach P points, and is that inside the ranges conf/
 * gives them?
 */
#include "eval/unc_internal.h"

#include <math.h>
#include <stdlib.h>

#define SCALE_MAX 1000.0
#define SCALE_STEP 1.25
#define BISECTIONS 60

/* Weighted gain in points of A with the baseline technologies' failure
 * rates times S (WHICH 0) or repair times times S (WHICH 1). */
static double gain_scaled(const unc_ctx *c, int a, int which, double s, double *q, double *av)
{
    double sf = which ? 1.0 : s, sr = which ? s : 1.0;
    hs_unc_eval(c, 0, NULL, sf, sr, q, av);
    double base = av[c->n_services];
    hs_unc_eval(c, a, NULL, sf, sr, q, av);
    return (av[c->n_services] - base) * 100.0;
}

/* The least factor in [1, SCALE_MAX] (a geometric scan, then bisection)
 * at which the gain reaches TARGET, or NaN with the best gain seen. */
static void search(const unc_ctx *c, int a, int which, double target, double *q, double *av,
                   hs_unc_explain *x)
{
    double lo = 1.0, g = gain_scaled(c, a, which, 1.0, q, av);
    x->scale[which] = NAN;
    x->best[which] = g;
    x->best_scale[which] = 1.0;
    if (g >= target) {
        x->scale[which] = 1.0;
        return;
    }
    for (double s = SCALE_STEP; s <= SCALE_MAX * 1.0001; lo = s, s *= SCALE_STEP) {
        g = gain_scaled(c, a, which, s, q, av);
        if (g > x->best[which]) {
            x->best[which] = g;
            x->best_scale[which] = s;
        }
        if (g < target)
            continue;
        double hi = s;
        for (int i = 0; i < BISECTIONS; i++) {
            double mid = sqrt(lo * hi);
            if (gain_scaled(c, a, which, mid, q, av) >= target)
                hi = mid;
            else
                lo = mid;
        }
        x->scale[which] = hi;
        return;
    }
}

/* The smallest and largest 95 % ratio of the baseline's spreads: how far
 * a failure rate (WHICH 0) or repair time (1) may grow inside its range. */
static void limits(const unc_ctx *c, int which, hs_unc_explain *x)
{
    const unc_arch *b = &c->a[0];
    x->limit[which] = x->limit_max[which] = NAN;
    for (int ev = 0; ev < b->n_events; ev++) {
        const hs_model_node *n = &b->ev[ev].n;
        const hs_dist *d = which ? &n->u_mttr : &n->u_mttf;
        if (!d->kind || !(n->lambda > 0) || (which && !(n->mu > 0)))
            continue;
        double r = which ? hs_dist_quantile(d, 0.95) * n->mu
                         : (1.0 / n->lambda) / hs_dist_quantile(d, 0.05);
        if (isnan(x->limit[which]) || r < x->limit[which])
            x->limit[which] = r;
        if (isnan(x->limit_max[which]) || r > x->limit_max[which])
            x->limit_max[which] = r;
    }
}

int hs_unc_explain_run(const unc_ctx *c, int arch, double target, hs_unc_explain *x, hs_error *err)
{
    double *q = malloc(((size_t)c->max_events + 1) * sizeof *q);
    double *av = malloc(((size_t)c->n_services + 1) * sizeof *av);
    int rc = q && av ? 0 : hs_error_fail(err, NULL, 0, "out of memory");
    if (rc == 0) {
        x->arch = arch;
        x->target = target;
        x->point_gain = gain_scaled(c, arch, 0, 1.0, q, av);
        for (int which = 0; which < 2; which++) {
            search(c, arch, which, target, q, av, x);
            limits(c, which, x);
        }
        x->done = true;
    }
    free(q);
    free(av);
    return rc;
}
