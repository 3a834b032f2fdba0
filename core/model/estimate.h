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
    double p;      /* known + hits / samples */
    double lo, hi; /* known + the 95 % Wilson score interval of hits */
    long long samples, hits;
    uint64_t seed;
    double known; /* the exact part: the union of n_known cut sets, 0 */
    long n_known; /* cut sets taken as known; 0: plain Monte Carlo */
} hs_mc_estimate;

struct hs_mcs_result;

/* Estimates P(top TOP of finished model M fails) given per-event
 * unavailabilities q[m->n_events] (1 = forced failed, 0 = forced working)
 * from SAMPLES samples (0: HS_MC_DEFAULT_SAMPLES, rounded up to 64) of
 * stream SEED. 0, or -1 + err (out of memory). */
int hs_mc_estimate_top(const hs_model *m, int top, const double *q, long long samples,
                       uint64_t seed, hs_mc_estimate *out, hs_error *err);

/* The same, sampling only what the cut sets KNOWN of top TOP leave out:
 * P(top) = P(one of them fails) + P(the top fails and none of them does);
 * the first is KNOWN's exact union_p, the second is drawn, and only its
 * hits count. The estimate and both ends of its interval are then never
 * below that certain lower bound, and the interval is as wide as the rest
 * is probable (nus9601: [L, L + 9 %] around none drawn, where the whole
 * drawn gave ±30 %; same samples). KNOWN must
 * hold every one of its sets (n_held == count) with a finite union_p;
 * otherwise this is hs_mc_estimate_top(). 0, or -1 + err. */
int hs_mc_estimate_beyond(const hs_model *m, int top, const double *q,
                          const struct hs_mcs_result *known, long long samples, uint64_t seed,
                          hs_mc_estimate *out, hs_error *err);

#endif
