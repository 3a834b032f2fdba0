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

#include "live/calibrate.h"
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

/* A 30-day history, every 5 minutes, of components "A", "B", "C" all with
 * MTTF 50 h and MTTR 2 h in truth. */
static void three_histories(struct hs_history *h, double t0, double span)
{
    const double mttf = 50.0, mttr = 2.0;
    const char *names[3] = {"A", "B", "C"};
    double next[3];
    int up[3] = {1, 1, 1};
    memset(h, 0, sizeof *h);
    for (int c = 0; c < 3; c++)
        next[c] = -log(uniform()) * mttf * 3600.0;
    for (double t = 0; t <= span; t += 300.0) {
        struct hs_hist_record rec = {0};
        rec.t = t0 + t;
        for (int c = 0; c < 3; c++) {
            while (t >= next[c]) {
                up[c] = !up[c];
                next[c] += -log(uniform()) * (up[c] ? mttf : mttr) * 3600.0;
            }
            hs_hist_add(&rec, HS_HIST_COMPONENT, names[c], up[c] ? "UP" : "DOWN");
        }
        if (h->n == h->cap) {
            h->cap = h->cap ? 2 * h->cap : 1024;
            h->recs = realloc(h->recs, h->cap * sizeof *h->recs);
        }
        h->recs[h->n++] = rec;
    }
}

/* Calibration against the truth: A assumed right (MTTF 50 h), B assumed
 * 10x too reliable (500 h), C 10x too unreliable (5 h); MTTR 2 h assumed
 * right for all. The observed 90 % intervals cover the truth at about
 * their rate, B and C are flagged, A and every repair time stay quiet. */
static void test_calibrate(void)
{
    const double t0 = 1e9, span = 30 * 86400.0;
    struct hs_live_component comps[3] = {{.name = "A"}, {.name = "B"}, {.name = "C"}};
    const double assumed[3] = {50.0, 500.0, 5.0};
    struct hs_live lv;
    int runs = 200, cover_f = 0, cover_r = 0, flag[3] = {0}, flag_rep = 0;

    memset(&lv, 0, sizeof lv);
    for (int c = 0; c < 3; c++) {
        comps[c].lambda = 1.0 / assumed[c];
        comps[c].q = 2.0 / (assumed[c] + 2.0);
    }
    lv.comps = comps;
    lv.ncomps = 3;
    rng_state = 0x2545f4914f6cdd1dULL;
    for (int k = 0; k < runs; k++) {
        struct hs_history h;
        struct hs_calib cal;
        hs_error err;
        three_histories(&h, t0, span);
        CU_ASSERT_EQUAL_FATAL(hs_calibrate(&lv, &h, t0, t0 + span, 900, 0, &cal, &err), 0);
        cover_f += cal.comps[0].fail.obs_lo <= 50.0 && 50.0 <= cal.comps[0].fail.obs_hi;
        cover_r += cal.comps[0].repair.obs_lo <= 2.0 && 2.0 <= cal.comps[0].repair.obs_hi;
        for (int c = 0; c < 3; c++) {
            flag[c] += cal.comps[c].fail.contradicts;
            flag_rep += cal.comps[c].repair.contradicts;
        }
        hs_calib_free(&cal);
        hs_history_free(&h);
    }
    printf("\n    MTTF interval covers 50 h in %d of %d, MTTR covers 2 h in %d (nominal 90 %%);"
           "\n    flagged: right %d, 10x optimistic %d, 10x pessimistic %d, repairs %d of %d\n",
           cover_f, runs, cover_r, flag[0], flag[1], flag[2], flag_rep, 3 * runs);
    CU_ASSERT(cover_f >= 0.84 * runs && cover_f <= 0.96 * runs);
    /* 5-minute sampling rounds each outage up or down by up to 5 min of 2 h */
    CU_ASSERT(cover_r >= 0.80 * runs && cover_r <= 0.97 * runs);
    CU_ASSERT(flag[0] <= 0.05 * runs);
    CU_ASSERT(flag[1] >= 0.95 * runs);
    CU_ASSERT(flag[2] >= 0.95 * runs);
    CU_ASSERT(flag_rep <= 0.05 * 3 * runs);
}

void hs_suite_evidence(void)
{
    CU_pSuite s = CU_add_suite("evidence", NULL, NULL);
    CU_add_test(s, "F quantiles against tables", test_f_table);
    CU_add_test(s, "clean records and two runs 3 minutes apart", test_clean_and_short);
    CU_add_test(s, "intervals cover the truth at about 95 % over 300 histories", test_coverage);
    CU_add_test(s, "calibration: coverage, and flags at 10x wrong, quiet when right",
                test_calibrate);
}
