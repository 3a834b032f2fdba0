/* risk.c — availability at risk during a maintenance step.
 *
 * A step of T hours starts with some components down. A service has an
 * outage during the step when the components that fail in the meantime
 * complete one of its cut sets. With independent exponential lifetimes
 * and no repair within the step (conservative: a repair could only help),
 * component i has failed by the end with p_i = 1 - exp(-lambda_i T), and
 * the structure is coherent, so the service is down at some moment of the
 * step exactly when it is down at its end: P(outage) = P(top | q = p),
 * which the BDD gives exactly (down components: q = 1). The first-order
 * figure the planning issue asks for, 1 - exp(-sum lambda_i T) over the
 * components whose failure ALONE completes a cut, is kept alongside: it
 * equals the exact one up to the terms of two or more further failures
 * (for margin >= 2 it is 0 and only the exact figure counts). */
#include <math.h>

#include "plan/internal.h"

void hs_plan_step_q(const struct hs_live *lv, const enum hs_live_state *st, double hours, double *q)
{
    for (size_t i = 0; i < lv->ncomps; i++)
        q[i] = st[i] == HS_LIVE_DOWN     ? 1.0
               : lv->comps[i].lambda > 0 ? -expm1(-lv->comps[i].lambda * hours)
                                         : 0.0;
}

int hs_plan_completers(const struct hs_live *lv, size_t s, const enum hs_live_state *st, int *out)
{
    int n = 0;
    for (long k = 0; k < hs_live_ncuts(lv, s); k++) {
        int further = 0, last = -1, dup = 0;
        for (int e = 0; e < hs_live_cut_size(lv, s, k); e++) {
            int ev = hs_live_cut_event(lv, s, k, e);
            if (st[ev] != HS_LIVE_DOWN) {
                further++;
                last = ev;
            }
        }
        if (further != 1)
            continue;
        for (int j = 0; j < n; j++)
            dup |= out[j] == last;
        if (!dup)
            out[n++] = last;
    }
    return n;
}
