/*
 * core/model/importance.c — see importance.h. Everything derives from P and
 * the Birnbaum vector: P1 = P + (1 − q)B and P0 = P − qB hold exactly because
 * P is linear in each q_i.
 */
#include "model/importance.h"

#include <math.h>
#include <stdlib.h>

static double ratio(double a, double b)
{
    if (b > 0)
        return a / b;
    return a > 0 ? INFINITY : NAN;
}

int hs_importance_compute(const hs_bdd *b, int top, const double *q, double *p, hs_importance *imp,
                          hs_error *err)
{
    int n = hs_bdd_var_count(b);
    double *bi = malloc((size_t)(n + 1) * sizeof *bi);
    if (!bi)
        return hs_error_fail(err, NULL, 0, "out of memory");
    if (hs_bdd_birnbaum(b, top, q, p, bi, err)) {
        free(bi);
        return -1;
    }
    double pt = *p;
    for (int e = 0; e < n; e++) {
        double p1 = pt + (1.0 - q[e]) * bi[e], p0 = pt - q[e] * bi[e];
        if (p0 < 0)
            p0 = 0; /* rounding */
        imp[e].birnbaum = bi[e];
        imp[e].criticality = ratio(bi[e] * q[e], pt);
        imp[e].fussell_vesely = ratio(pt - p0, pt);
        imp[e].raw = ratio(p1, pt);
        imp[e].rrw = ratio(pt, p0);
    }
    free(bi);
    return 0;
}

int hs_steady_compute(const hs_bdd *b, int top, const double *q, hs_steady *out, hs_error *err)
{
    const hs_model *m = NULL;
    int n = hs_bdd_var_count(b);
    double *bi = malloc((size_t)(n + 1) * sizeof *bi);
    double p;
    if (!bi)
        return hs_error_fail(err, NULL, 0, "out of memory");
    if (hs_bdd_birnbaum(b, top, q, &p, bi, err)) {
        free(bi);
        return -1;
    }
    m = hs_bdd_model(b);
    double omega = 0.0;
    int rated = 0, unrated = 0;
    for (int e = 0; e < n; e++) {
        const hs_model_node *ev = &m->nodes[m->events[e]];
        if (q[e] <= 0.0 || q[e] >= 1.0 || bi[e] == 0.0)
            continue;
        if (!hs_model_repairable(ev)) {
            unrated++;
            continue;
        }
        rated++;
        /* The rate of leaving the working state, weighted by the chance
         * that the event is working: λμ/(λ+μ) for the event's own rates;
         * with a what-if q the event's transition rate is q·μ. */
        omega += bi[e] * (1.0 - q[e]) * ev->lambda;
    }
    free(bi);
    out->unavailability = p;
    out->availability = 1.0 - p;
    out->omega = rated ? omega : NAN;
    out->outages_per_year = out->omega * HS_HOURS_PER_YEAR;
    out->mut = out->availability / out->omega;
    out->mdt = p / out->omega;
    out->nines = p > 0 ? -log10(p) : INFINITY;
    out->downtime_min_per_year = p * 525600.0;
    out->unrated = unrated;
    return 0;
}
