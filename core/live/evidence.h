/* live/evidence.h — what an observed record supports: the share of a window
 * actually observed, and a confidence interval for availability from the
 * outages seen.
 *
 * The interval assumes exponential up and down times (the same assumption
 * as the model's rates): with n outages, total down time D and up time U,
 * (D/U) / (MTTR/MTTF) follows an F distribution with (2n, 2n) degrees of
 * freedom (Barlow & Proschan, Statistical Theory of Reliability and Life
 * Testing, 1975), which bounds rho = MTTR/MTTF and so A = 1 / (1 + rho).
 * With no outage in T hours the record bounds the outage rate only:
 * lambda < -ln(0.05) / T (95 %); an availability bound then needs a repair
 * time, which the caller may give (a model component's MTTR). */
#ifndef HS_LIVE_EVIDENCE_H
#define HS_LIVE_EVIDENCE_H

/* A window needs at least this much observed time, and this share of
 * itself observed, before it gives a figure ("not enough data" else). */
#define HS_EVIDENCE_MIN_SECONDS 3600.0
#define HS_EVIDENCE_MIN_COVERAGE 0.02
/* Two-sided confidence of the availability interval. */
#define HS_EVIDENCE_CONFIDENCE 0.95

/* The p-quantile (0 < p < 1) of the F distribution with d1, d2 > 0 degrees
 * of freedom; NaN outside the domain. */
double hs_f_quantile(double p, double d1, double d2);

/* The regularized incomplete beta function I_x(a, b), 0 <= x <= 1. */
double hs_beta_inc(double a, double b, double x);

/* The regularized lower incomplete gamma function P(a, x), a > 0, x >= 0. */
double hs_gamma_p(double a, double x);

/* The p-quantile of a Gamma distribution with the given shape and rate
 * (both > 0); NaN outside the domain. */
double hs_gamma_quantile(double p, double shape, double rate);

struct hs_avail_interval {
    int enough;       /* the window was observed enough to say anything */
    double coverage;  /* (up + down) / window, 0..1 */
    double low, high; /* availability bounds; low NaN when not supported */
    double rate_high; /* with no outage: upper bound of the outage rate (per hour), else NaN */
};

/* The interval for `outages` outages, `up` and `down` seconds observed in a
 * window of `window` seconds. mttr_hint_s (NaN: none) turns a clean record
 * into an availability bound. */
void hs_avail_interval(int outages, double up, double down, double window, double mttr_hint_s,
                       struct hs_avail_interval *out);

#endif
