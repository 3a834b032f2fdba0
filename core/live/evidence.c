/* live/evidence.c — coverage and availability intervals from an observed
 * record (contract and the statistics in evidence.h). */
#include <math.h>

#include "live/evidence.h"

/* Continued fraction of the incomplete beta (modified Lentz), as in
 * Press et al., Numerical Recipes, 2nd ed., section 6.4. */
static double beta_cf(double a, double b, double x)
{
    const double tiny = 1e-300, eps = 1e-15;
    double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0), h;
    if (fabs(d) < tiny)
        d = tiny;
    d = 1.0 / d;
    h = d;
    for (int m = 1; m <= 10000; m++) {
        double m2 = 2.0 * m, aa, del;
        aa = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
        d = 1.0 + aa * d;
        d = fabs(d) < tiny ? tiny : d;
        c = 1.0 + aa / c;
        c = fabs(c) < tiny ? tiny : c;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
        d = 1.0 + aa * d;
        d = fabs(d) < tiny ? tiny : d;
        c = 1.0 + aa / c;
        c = fabs(c) < tiny ? tiny : c;
        d = 1.0 / d;
        del = d * c;
        h *= del;
        if (fabs(del - 1.0) < eps)
            break;
    }
    return h;
}

double hs_beta_inc(double a, double b, double x)
{
    double lbt;
    if (!(x >= 0.0 && x <= 1.0) || !(a > 0.0) || !(b > 0.0))
        return NAN;
    if (x == 0.0 || x == 1.0)
        return x;
    lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
    /* the fraction converges fast on the side of the mean */
    if (x < (a + 1.0) / (a + b + 2.0))
        return exp(lbt) * beta_cf(a, b, x) / a;
    return 1.0 - exp(lbt) * beta_cf(b, a, 1.0 - x) / b;
}

double hs_f_quantile(double p, double d1, double d2)
{
    double lo = 0.0, hi = 1.0, x;
    if (!(p > 0.0 && p < 1.0) || !(d1 > 0.0) || !(d2 > 0.0))
        return NAN;
    /* F <= f  <=>  B = d1 f / (d1 f + d2) <= x, B ~ Beta(d1/2, d2/2):
       bisect on x, which the CDF maps monotonically onto [0, 1] */
    for (int i = 0; i < 200; i++) {
        x = 0.5 * (lo + hi);
        if (hs_beta_inc(d1 / 2.0, d2 / 2.0, x) < p)
            lo = x;
        else
            hi = x;
    }
    x = 0.5 * (lo + hi);
    return x >= 1.0 ? INFINITY : d2 * x / (d1 * (1.0 - x));
}

/* P(a, x) by its series (x < a + 1) or continued fraction, as in Press et
 * al., Numerical Recipes, 2nd ed., section 6.2. */
double hs_gamma_p(double a, double x)
{
    const double eps = 1e-15, tiny = 1e-300;
    double gln;
    if (!(a > 0.0) || !(x >= 0.0))
        return NAN;
    if (x == 0.0)
        return 0.0;
    gln = lgamma(a);
    if (x < a + 1.0) {
        double ap = a, sum = 1.0 / a, del = sum;
        for (int n = 0; n < 100000; n++) {
            ap += 1.0;
            del *= x / ap;
            sum += del;
            if (fabs(del) < fabs(sum) * eps)
                break;
        }
        return sum * exp(-x + a * log(x) - gln);
    } else {
        double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
        for (int i = 1; i < 100000; i++) {
            double an = -i * (i - a), del;
            b += 2.0;
            d = an * d + b;
            d = fabs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = fabs(c) < tiny ? tiny : c;
            d = 1.0 / d;
            del = d * c;
            h *= del;
            if (fabs(del - 1.0) < eps)
                break;
        }
        return 1.0 - exp(-x + a * log(x) - gln) * h;
    }
}

double hs_gamma_quantile(double p, double shape, double rate)
{
    double lo = 0.0, hi = shape + 10.0 * sqrt(shape) + 10.0;
    if (!(p > 0.0 && p < 1.0) || !(shape > 0.0) || !(rate > 0.0))
        return NAN;
    while (hs_gamma_p(shape, hi) < p)
        hi *= 2.0;
    for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
        double mid = 0.5 * (lo + hi);
        if (hs_gamma_p(shape, mid) < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi) / rate;
}

void hs_avail_interval(int outages, double up, double down, double window, double mttr_hint_s,
                       struct hs_avail_interval *out)
{
    const double alpha = 1.0 - HS_EVIDENCE_CONFIDENCE;
    double seen = up + down;

    out->coverage = window > 0 ? seen / window : 0.0;
    if (out->coverage > 1.0)
        out->coverage = 1.0;
    out->enough = seen >= HS_EVIDENCE_MIN_SECONDS && out->coverage >= HS_EVIDENCE_MIN_COVERAGE;
    out->low = out->high = out->rate_high = NAN;
    if (!out->enough)
        return;
    if (outages > 0 && up > 0 && down > 0) {
        double rho = down / up, n2 = 2.0 * outages;
        double rlo = rho / hs_f_quantile(1.0 - alpha / 2.0, n2, n2);
        double rhi = rho / hs_f_quantile(alpha / 2.0, n2, n2);
        out->low = 1.0 / (1.0 + rhi);
        out->high = 1.0 / (1.0 + rlo);
    } else if (outages > 0) {
        out->low = 0.0; /* down the whole time observed */
        out->high = 1.0;
    } else {
        /* a clean record: the outage rate is bounded (one-sided) */
        out->rate_high = -log(alpha) / (up / 3600.0);
        out->high = 1.0;
        if (isfinite(mttr_hint_s) && mttr_hint_s > 0)
            out->low = 1.0 / (1.0 + out->rate_high * mttr_hint_s / 3600.0);
    }
}
