/*
 * core/eval/uncertainty.h — how much of each architecture's gain survives
 * uncertain failure and repair rates (`hascout compare --uncertainty`,
 * `--explain-gain P`).
 *
 * INPUTS. An uncertain input is one quantity every model sharing it draws
 * once per sample:
 *   - a component's own uncertainty (mttf_uncertainty / mttr_uncertainty,
 *     an MEF deviate) is the input "COMPONENT mttf" (mttr, q), matched
 *     across architectures by the component's name;
 *   - otherwise a component of technology T with a rate spread in the
 *     table (conf/technologies.conf `rate_uncertainty`) uses the input
 *     "T mttf" (mttr), one for every component of T in every architecture.
 * A sample draws one u in (0, 1) per input and maps it through each
 * component's own distribution (hs_dist_quantile), so the architectures are
 * compared on the same draws (paired). Samples are cut into blocks of
 * HS_UNC_BLOCK with their own seeded streams (seed, block): the result
 * depends on the seed, the inputs and the sample count, never on the
 * number of worker threads.
 *
 * FIGURES. Per service and for the importance-weighted average: the mean,
 * median, 5 % and 95 % (linear interpolation between order statistics) of
 * each architecture's availability and of its gain over the baseline in
 * points; P(beats) counts the samples where an availability exceeds the
 * other's by more than HS_EVAL_GAIN_EPS. The tornado sets one input at its
 * 5 % and 95 % with every other at its median and ranks inputs by how far
 * they move the weighted gain.
 *
 * EXPLAIN. For the candidate with the largest gain: the factor s by which
 * the failure rates (separately: the repair times) of every component of a
 * technology the baseline has (components without one: by name) must be
 * multiplied, in both architectures, for the weighted gain to reach P
 * points; judged plausible when no input of those needs to leave its 5-95 %
 * range, i.e. s is at most the smallest 95 % ratio of their spreads.
 */
#ifndef HS_EVAL_UNCERTAINTY_H
#define HS_EVAL_UNCERTAINTY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "eval/eval.h"

#define HS_UNC_BLOCK 64
#define HS_UNC_DEFAULT_SAMPLES 10000

typedef struct hs_unc_summary {
    double mean, median, p05, p95;
} hs_unc_summary;

typedef struct hs_unc_input {
    char *key;   /* "host mttf", "ctl1 mttr"; owned */
    bool shared; /* a technology's spread (true) or a component's own */
} hs_unc_input;

/* One bar of a tornado: the weighted gain in points with INPUT at its 5 %
 * (lo) and 95 % (hi), every other input at its median. */
typedef struct hs_unc_bar {
    int input;
    double lo, hi;
} hs_unc_bar;

typedef struct hs_unc_arch {
    /* n_services + 1 entries: the baseline's services in its order, then
     * the weighted average. Availabilities as fractions, gains in points. */
    hs_unc_summary *avail, *gain;
    double *p_beats_base;
    double *p_beats;    /* n_archs: P(weighted availability beats arch j), NaN for itself */
    double median_gain; /* weighted, every input at its median: the tornado's centre */
    hs_unc_bar *bars;   /* most swing first; inputs that move nothing left out */
    int n_bars;
} hs_unc_arch;

typedef struct hs_unc_explain {
    bool done;
    int arch;             /* the candidate explained */
    double target;        /* P, points */
    double point_gain;    /* its gain at the stated values */
    double scale[2];      /* [0] failure rates, [1] repair times: the factor, NaN unreachable */
    double best[2];       /* unreachable: the largest gain seen ... */
    double best_scale[2]; /* ... and at which factor */
    double limit[2];      /* smallest 95 % ratio of the spreads; NaN: no range */
    double limit_max[2];  /* largest, for the message */
} hs_unc_explain;

typedef struct hs_uncertainty {
    int samples; /* 0: only the explanation was asked for */
    uint64_t seed;
    int threads;
    double seconds; /* wall time of the sampling */
    hs_unc_input *inputs;
    int n_inputs;
    int n_services; /* the baseline's */
    hs_unc_arch *archs;
    int n_archs;
    hs_unc_explain explain;
} hs_uncertainty;

/* Runs the analyses C->opts asks for (samples > 0: sampling and tornado;
 * explain: the inverse question) over ARCHS[0..n-1], the architectures C
 * was computed from, with C->techs' spreads. *out is caller-owned
 * (hs_uncertainty_free). Builds one BDD per architecture and keeps them
 * all alive while it runs. 0, or -1 + err. */
int hs_uncertainty_run(const hs_comparison *c, hs_arch *const *archs, int n, hs_uncertainty **out,
                       hs_error *err);
void hs_uncertainty_free(hs_uncertainty *u);

/* Renderers of C->unc (nothing when NULL): text after the comparison's
 * own; the JSON object the comparison's JSON carries as "uncertainty"
 * (caller owns it; NULL when out of memory). Format only. */
void hs_unc_render_text(FILE *f, const hs_comparison *c);
json_object *hs_unc_render_json(const hs_comparison *c);

/* Summary of V[0..n-1] (sorted in place). */
hs_unc_summary hs_unc_summarise(double *v, int n);

#endif
