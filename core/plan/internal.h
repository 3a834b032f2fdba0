/* internal.h — helpers shared by the planning sources, not part of the
 * planning API. */
#ifndef HS_PLAN_INTERNAL_H
#define HS_PLAN_INTERNAL_H
#include "plan/plan.h"

/* The UNKNOWN components of service s's cuts that would be nearest
 * (`low` further failures) if every unknown component had failed: the
 * ones whose state decides. *out is caller-owned (free), *nout entries.
 * 0, or -1 when out of memory. */
int hs_plan_deciding_unknowns(const struct hs_live *lv, size_t s, const enum hs_live_state *st,
                              int low, int **out, int *nout);

/* Per-event probability of being failed at the end of a step of `hours`
 * that starts in states st: 1 for DOWN, 1 - exp(-lambda * hours) for the
 * rest (0 without a failure rate). q has lv->ncomps entries (caller's). */
void hs_plan_step_q(const struct hs_live *lv, const enum hs_live_state *st, double hours,
                    double *q);

/* The components (not DOWN) whose failure alone completes a cut of
 * service s under st, into out (caller-owned, lv->ncomps entries at
 * most); returns how many. */
int hs_plan_completers(const struct hs_live *lv, size_t s, const enum hs_live_state *st, int *out);

#endif
