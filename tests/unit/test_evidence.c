/* test_evidence.c — the observed-availability interval (live/evidence.c):
 * F quantiles against published table values, and the interval's coverage
 * of the true availability over many histories generated from a known
 * alternating renewal process (exponential up and down times), sampled
 * every 5 minutes for 30 days as a cron job would. */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live/evidence.h"
#include "live/history.h"
#include "suites.h"

static void test_f_table(void)
{
    /* F(2, 2) has the CDF f / (1 + f): its p-quantile is p / (1 - p) */
    CU_ASSERT_DOUBLE_EQUAL(hs_f_quantile(0.975, 2, 2), 39.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(hs_f_quantile(0.025, 2, 2), 1.0 / 39.0, 1e-8);
    /* tables (Abramowitz & Stegun 26.6): F(0.95; 4, 10) = 3.48, F(0.99; 10, 10) = 4.85 */
    CU_ASSERT_DOUBLE_EQUAL(hs_f_quantile(0.95, 4, 10), 3.4780, 5e-4);
    CU_ASSERT_DOUBLE_EQUAL(hs_f_quantile(0.99, 10, 10), 4.8491, 5e-4);
    CU_ASSERT(isnan(hs_f_quantile(1.0, 2, 2)));
    CU_ASSERT(isnan(hs_f_quantile(0.5, 0, 2)));
    CU_ASSERT_DOUBLE_EQUAL(hs_beta_inc(1, 1, 0.3), 0.3, 1e-12);
}

static void test_clean_and_short(void)
{
    struct hs_avail_interval iv;
    hs_avail_interval(0, 180, 0, 86400, NAN, &iv); /* two runs 3 minutes apart */
    CU_ASSERT_FALSE(iv.enough);
    CU_ASSERT(isnan(iv.low) && isnan(iv.high));
    hs_avail_interval(0, 10 * 86400.0, 0, 30 * 86400.0, NAN, &iv); /* 10 clean days */
    CU_ASSERT_TRUE(iv.enough);
    CU_ASSERT(isnan(iv.low)); /* no repair time: no availability bound */
    CU_ASSERT_DOUBLE_EQUAL(iv.rate_high, -log(0.05) / 240.0, 1e-12);
    hs_avail_interval(0, 10 * 86400.0, 0, 30 * 86400.0, 3600.0, &iv); /* with a 1 h MTTR */
    CU_ASSERT_DOUBLE_EQUAL(iv.low, 1.0 / (1.0 + -log(0.05) / 240.0), 1e-12);
}

static uint64_t rng_state;
static double uniform(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return ((rng_state >> 11) + 0.5) / 9007199254740992.0;
}

/* One 30-day history of service "S" sampled every 5 minutes from an
 * alternating process with the given means (hours); returns 1 when the
 * 30-day interval holds the true availability, -1 when the record had no
 * outage or too little data (not counted). */
static int one_history(double mttf_h, double mttr_h, double *width)
{
    const double step = 300.0, span = 30 * 86400.0, t0 = 1e9;
    struct hs_history h = {0};
    struct hs_observed o;
    double next = -log(uniform()) * mttf_h * 3600.0, truth = mttf_h / (mttf_h + mttr_h);
    int up = 1, rc;

    for (double t = 0; t <= span; t += step) {
        struct hs_hist_record rec = {0};
        while (t >= next) {
            up = !up;
            next += -log(uniform()) * (up ? mttf_h : mttr_h) * 3600.0;
        }
        rec.t = t0 + t;
        hs_hist_add(&rec, HS_HIST_SERVICE, "S", up ? "UP" : "DOWN");
        if (h.n == h.cap) {
            h.cap = h.cap ? 2 * h.cap : 1024;
            h.recs = realloc(h.recs, h.cap * sizeof *h.recs);
        }
        h.recs[h.n++] = rec;
    }
    hs_history_observe(&h, HS_HIST_SERVICE, "S", t0, t0 + span, 900, &o);
    if (!o.enough || o.outages == 0)
        rc = -1;
    else {
        rc = o.avail_low <= truth && truth <= o.avail_high;
        *width += o.avail_high - o.avail_low;
    }
    hs_history_free(&h);
    return rc;
}

static void test_coverage(void)
{
    /* MTTF 50 h, MTTR 2 h: about 14 outages a month, each seen by ~24 samples */
    int runs = 0, covered = 0;
    double width = 0;
    rng_state = 0x9e3779b97f4a7c15ULL;
    for (int seed = 0; seed < 300; seed++) {
        int r = one_history(50.0, 2.0, &width);
        if (r < 0)
            continue;
        runs++;
        covered += r;
    }
    printf("\n    interval coverage %d of %d (%.1f %%, nominal 95 %%), mean width %.4f\n", covered,
           runs, 100.0 * covered / runs, width / runs);
    CU_ASSERT(runs >= 290);
    /* nominal 95 %: the binomial spread of 300 runs is +-1.3 %; sampling
     * every 5 minutes shifts it a little */
    CU_ASSERT(covered >= 0.91 * runs && covered <= 0.99 * runs);
}

void hs_suite_evidence(void)
{
    CU_pSuite s = CU_add_suite("evidence", NULL, NULL);
    CU_add_test(s, "F quantiles against tables", test_f_table);
    CU_add_test(s, "clean records and two runs 3 minutes apart", test_clean_and_short);
    CU_add_test(s, "intervals cover the truth at about 95 % over 300 histories", test_coverage);
}
