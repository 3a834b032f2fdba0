/*
 * core/model/importance.h — importance measures of basic events and the
 * steady-state reliability figures of a top event, from one BDD pass.
 *
 * Definitions (P = P(top), P1_i = P(top | q_i = 1), P0_i = P(top | q_i = 0)):
 *   Birnbaum          B_i   = P1_i − P0_i
 *   criticality       CI_i  = B_i · q_i / P
 *   Fussell-Vesely    FV_i  = (P − P0_i) / P   (the exact "risk decrease
 *                     fraction" definition, not the cut-set sum)
 *   RAW               P1_i / P      RRW   P / P0_i  (+inf when P0_i = 0)
 */
#ifndef HS_MODEL_IMPORTANCE_H
#define HS_MODEL_IMPORTANCE_H

#include "model/bdd.h"

typedef struct hs_importance {
    double birnbaum, criticality, fussell_vesely, raw, rrw;
} hs_importance;

/* Fills imp[m->n_events] (caller-owned) and *p = P(top). */
int hs_importance_compute(const hs_bdd *b, int top, const double *q, double *p, hs_importance *imp,
                          hs_error *err);

typedef struct hs_steady {
    double unavailability, availability;
    double omega;                 /* failures of the top per hour; NaN if no rates */
    double outages_per_year;      /* ω × 8760 */
    double mut, mdt;              /* hours: A/ω, Q/ω */
    double nines;                 /* −log10(1 − A) */
    double downtime_min_per_year; /* Q × 525600 */
    int unrated;                  /* events that matter (B > 0) but have no λ/μ:
                              ω counts them as never changing */
} hs_steady;

/* Steady-state figures of TOP for per-event unavailabilities q. A forced
 * event (q = 0 or 1) does not change state, so it adds nothing to ω. */
int hs_steady_compute(const hs_bdd *b, int top, const double *q, hs_steady *out, hs_error *err);

#define HS_HOURS_PER_YEAR 8760.0

#endif
