/* whatif.c — the services' margins if some components went down now. */
#include <stdlib.h>
#include <string.h>

#include "plan/internal.h"

void hs_plan_nearest(const struct hs_live *lv, size_t s, const enum hs_live_state *st, int *margin,
                     int *margin_low, long *set)
{
    int best = -1, low = -1;
    *set = -1;
    for (long k = 0; k < hs_live_ncuts(lv, s); k++) {
        int further = 0, further_low = 0;
        for (int e = 0; e < hs_live_cut_size(lv, s, k); e++) {
            enum hs_live_state x = st[hs_live_cut_event(lv, s, k, e)];
            further += x != HS_LIVE_DOWN;
            further_low += x != HS_LIVE_DOWN && x != HS_LIVE_UNKNOWN;
        }
        /* the first of equally near cuts is the most probable one (mcs order) */
        if (best < 0 || further < best) {
            best = further;
            *set = k;
        }
        if (low < 0 || further_low < low)
            low = further_low;
    }
    *margin = best;
    *margin_low = low;
}

int hs_plan_margin_verdict(int margin)
{
    return margin == 0 ? HS_PLAN_NONE : margin == 1 ? HS_PLAN_WARN : HS_PLAN_OK;
}

/* (internal.h) The UNKNOWN components of the cuts nearest if every
 * unknown component had failed: the ones whose state decides. */
int hs_plan_deciding_unknowns(const struct hs_live *lv, size_t s, const enum hs_live_state *st,
                              int low, int **out, int *nout)
{
    int *v = calloc(lv->ncomps + 1, sizeof *v);
    char *seen = calloc(lv->ncomps + 1, 1);
    int n = 0;
    if (!v || !seen) {
        free(v);
        free(seen);
        return -1;
    }
    for (long k = 0; k < hs_live_ncuts(lv, s); k++) {
        int size = hs_live_cut_size(lv, s, k), further_low = 0;
        for (int e = 0; e < size; e++) {
            enum hs_live_state x = st[hs_live_cut_event(lv, s, k, e)];
            further_low += x == HS_LIVE_UP || x == HS_LIVE_UNMAPPED;
        }
        if (further_low != low)
            continue;
        for (int e = 0; e < size; e++) {
            int ev = hs_live_cut_event(lv, s, k, e);
            if (st[ev] == HS_LIVE_UNKNOWN && !seen[ev]) {
                seen[ev] = 1;
                v[n++] = ev;
            }
        }
    }
    free(seen);
    *out = v;
    *nout = n;
    return 0;
}

void hs_whatif_free(struct hs_whatif *w)
{
    for (size_t i = 0; w->sv && i < w->nsv; i++)
        free(w->sv[i].unknown);
    free(w->sv);
    free(w->states);
    free(w->down);
    memset(w, 0, sizeof *w);
}

int hs_whatif_compute(const struct hs_live *lv, const int *down, size_t ndown, struct hs_whatif *w,
                      hs_error *err)
{
    enum hs_live_state *now = NULL;
    int worst_hi = HS_PLAN_OK, worst_lo = HS_PLAN_OK;
    int rc = -1;

    memset(w, 0, sizeof *w);
    now = calloc(lv->ncomps + 1, sizeof *now);
    w->states = calloc(lv->ncomps + 1, sizeof *w->states);
    w->down = calloc(ndown + 1, sizeof *w->down);
    w->sv = calloc(lv->nservices + 1, sizeof *w->sv);
    if (!now || !w->states || !w->down || !w->sv)
        goto oom;
    w->nsv = lv->nservices;
    for (size_t i = 0; i < lv->ncomps; i++)
        now[i] = w->states[i] = lv->comps[i].state;
    for (size_t i = 0; i < ndown; i++) {
        w->down[w->ndown++] = down[i];
        w->states[down[i]] = HS_LIVE_DOWN;
    }
    for (size_t s = 0; s < lv->nservices; s++) {
        struct hs_whatif_service *v = &w->sv[s];
        long ignore;
        int hi, lo;
        hs_plan_nearest(lv, s, now, &v->before, &v->before_low, &ignore);
        hs_plan_nearest(lv, s, w->states, &v->after, &v->after_low, &v->cut);
        v->state_after = v->after == 0       ? HS_LIVE_DOWN
                         : v->after_low == 0 ? HS_LIVE_UNKNOWN
                                             : HS_LIVE_UP;
        hi = hs_plan_margin_verdict(v->after);
        lo = hs_plan_margin_verdict(v->after_low);
        v->verdict = hi == lo ? hi : HS_PLAN_UNKNOWN;
        if (hi != lo && hs_plan_deciding_unknowns(lv, s, w->states, v->after_low, &v->unknown,
                                                  &v->nunknown) < 0)
            goto oom;
        worst_hi = hi > worst_hi ? hi : worst_hi;
        worst_lo = lo > worst_lo ? lo : worst_lo;
    }
    /* unknowns only matter when they could change the overall answer */
    w->verdict = worst_hi == worst_lo ? worst_hi : HS_PLAN_UNKNOWN;
    rc = 0;
    goto out;
oom:
    hs_error_set(err, "out of memory");
out:
    free(now);
    return rc;
}
