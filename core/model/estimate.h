/*
 * core/model/estimate.h — a Monte Carlo estimate of a top event's
 * probability, with its 95 % confidence interval, for trees beyond the
 * exact BDD: the cut-set union beside it is a certain lower bound, this is
 * an unbiased estimate of the whole probability (higher orders included)
 * whose interval says how sure it is.
 *
 * Every basic event fails independently with its q; the circuit
 * (circuit.h) is evaluated 64 samples at a time, one bit per sample, and
 * each event's failures are drawn by geometric skips between them, so the
 * cost grows with the failures drawn, not with events × samples. A seed
 * and a sample count give the same numbers on every machine.
 */
#ifndef HS_MODEL_ESTIMATE_H
#define HS_MODEL_ESTIMATE_H

#include <stdint.h>

#include "model/model.h"

/* Samples hs_mc_estimate_top() draws when asked for 0: about 2 s for
 * nus9601 (1,567 events, 16 failed per sample on average; some 40 of the
 * samples fail its top, an interval of about ±30 %). */
#define HS_MC_DEFAULT_SAMPLES (1LL << 22)

typedef struct hs_mc_estimate {
    double p;      /* hits / samples */
    double lo, hi; /* 95 % Wilson score interval */
    long long samples, hits;
    uint64_t seed;
} hs_mc_estimate;

/* Estimates P(top TOP of finished model M fails) given per-event
 * unavailabilities q[m->n_events] (1 = forced failed, 0 = forced working)
 * from SAMPLES samples (0: HS_MC_DEFAULT_SAMPLES, rounded up to 64) of
 * stream SEED. 0, or -1 + err (out of memory). */
int hs_mc_estimate_top(const hs_model *m, int top, const double *q, long long samples,
                       uint64_t seed, hs_mc_estimate *out, hs_error *err);

#endif
