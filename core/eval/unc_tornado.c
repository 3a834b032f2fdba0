/*
 * core/eval/unc_tornado.c — which assumption matters: for each candidate,
 * every input at its 5 % and 95 % with the others at their medians, ranked
 * by how far it moves the weighted gain over the baseline.
 */
#include "eval/unc_internal.h"

#include <math.h>
#include <stdlib.h>

/* Weighted gain in points of candidate A over the baseline at draws U. */
static double gain_at(const unc_ctx *c, int a, const double *u, double *q, double *av)
{
    hs_unc_eval(c, 0, u, 1.0, 1.0, q, av);
    double base = av[c->n_services];
    hs_unc_eval(c, a, u, 1.0, 1.0, q, av);
    return (av[c->n_services] - base) * 100.0;
}

static int swing_cmp(const void *x, const void *y)
{
    const hs_unc_bar *a = x, *b = y;
    double sa = fabs(a->hi - a->lo), sb = fabs(b->hi - b->lo);
    if (sa != sb)
        return sa > sb ? -1 : 1;
    return a->input - b->input; /* stable: the inputs' order */
}

static void tornado_of(const unc_ctx *c, int a, double *u, double *q, double *av, hs_unc_arch *x)
{
    for (int k = 0; k < c->n_inputs; k++)
        u[k] = 0.5;
    x->median_gain = gain_at(c, a, u, q, av);
    for (int k = 0; k < c->n_inputs; k++) {
        u[k] = 0.05;
        double lo = gain_at(c, a, u, q, av);
        u[k] = 0.95;
        double hi = gain_at(c, a, u, q, av);
        u[k] = 0.5;
        /* an input neither model has moves nothing, exactly */
        if (lo != x->median_gain || hi != x->median_gain)
            x->bars[x->n_bars++] = (hs_unc_bar){k, lo, hi};
    }
    qsort(x->bars, (size_t)x->n_bars, sizeof *x->bars, swing_cmp);
}

int hs_unc_tornado(const unc_ctx *c, hs_uncertainty *u, hs_error *err)
{
    double *d = malloc(((size_t)c->n_inputs + 1) * sizeof *d);
    double *q = malloc(((size_t)c->max_events + 1) * sizeof *q);
    double *av = malloc(((size_t)c->n_services + 1) * sizeof *av);
    int rc = -1;
    if (!d || !q || !av)
        goto out;
    for (int a = 1; a < c->n_archs; a++) {
        hs_unc_arch *x = &u->archs[a];
        if (!(x->bars = calloc((size_t)c->n_inputs + 1, sizeof *x->bars)))
            goto out;
        tornado_of(c, a, d, q, av, x);
    }
    rc = 0;
out:
    free(d);
    free(q);
    free(av);
    return rc ? hs_error_fail(err, NULL, 0, "out of memory") : 0;
}
