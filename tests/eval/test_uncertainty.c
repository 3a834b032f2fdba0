/*
 * tests/eval/test_uncertainty.c — the uncertainty analysis of `compare`
 * against cases with closed forms: a single component, a series and a
 * parallel pair whose MTTF is uniform on [L, H] (MTTR 1 h), a tornado
 * whose order and bars follow from the construction, pairing, seed
 * reproducibility over worker counts, technology spreads shared across
 * architectures, and the inverse question.
 */
#include "eval/eval.h"
#include "eval/uncertainty.h"

#include <CUnit/Basic.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* MTTF uniform on [L, H], MTTR 1: q = 1 / (1 + M). */
#define L 1.0
#define H 99.0
#define UNIFORM "mttf_uncertainty = { dist = \"uniform\"; min = 1.0; max = 99.0; };"

/* TOP_GATE NULL: the service's top is component a itself. */
static hs_arch *arch(const char *components, const char *top_gate, hs_error *err)
{
    char text[4096], comps[2048];
    hs_arch *a = NULL;
    /* the lists below end every entry with ",\n"; libconfig wants none last */
    snprintf(comps, sizeof comps, "%s", components);
    size_t n = strlen(comps);
    while (n && (comps[n - 1] == '\n' || comps[n - 1] == ','))
        comps[--n] = '\0';
    components = comps;
    snprintf(text, sizeof text,
             "model = {\n components = (\n%s );\n gates = ( %s );\n"
             " services = ( { name = \"S\"; top = \"%s\"; importance = 1.0; } );\n};\n",
             components, top_gate ? top_gate : "", top_gate ? "top" : "a");
    memset(err, 0, sizeof *err);
    if (hs_arch_parse(text, "u.conf", &a, err)) {
        fprintf(stderr, "\n%s\n", err->msg);
        return NULL;
    }
    return a;
}

static const char *comp_a = "{ name = \"a\"; mttf = 54.0; mttr = 1.0; " UNIFORM " },\n";
static const char *comp_b = "{ name = \"b\"; mttf = 54.0; mttr = 1.0; " UNIFORM " },\n";

/* A service "S" of one component a. */
static hs_arch *single(hs_error *err)
{
    return arch(comp_a, NULL, err);
}

static hs_arch *pair(const char *type, hs_error *err)
{
    char comps[1024], gate[256];
    snprintf(comps, sizeof comps, "%s%s", comp_a, comp_b);
    snprintf(gate, sizeof gate, "{ name = \"top\"; type = \"%s\"; inputs = [ \"a\", \"b\" ]; }",
             type);
    return arch(comps, gate, err);
}

static hs_comparison *run(hs_arch **archs, int n, int samples, int threads, uint64_t seed,
                          const hs_tech_table *techs)
{
    hs_eval_opts o;
    hs_comparison *c = NULL;
    hs_error err = {0};
    hs_eval_opts_default(&o);
    o.simulate = false;
    o.samples = samples;
    o.threads = threads;
    o.seed = seed;
    if (hs_eval_compare(archs, n, techs, &o, &c, &err))
        fprintf(stderr, "\n%s\n", err.msg);
    CU_ASSERT_PTR_NOT_NULL(c);
    return c;
}

/* E[q] for q = 1/(1+M), M ~ U(L, H). */
static double mean_q(void)
{
    return log((1 + H) / (1 + L)) / (H - L);
}

/* The availability of one component at MTTF quantile P. */
static double a_at(double p)
{
    double m = L + p * (H - L);
    return m / (1 + m);
}

/* Mean within 5 standard errors; the spread of a value in [lo, hi] is at
 * most (hi − lo) / 2. */
static void mean_close(double got, double want, double lo, double hi, int n)
{
    double tol = 5 * (hi - lo) / 2 / sqrt(n);
    if (fabs(got - want) > tol) {
        fprintf(stderr, "\nmean %.9f, closed form %.9f, tolerance %.3g\n", got, want, tol);
        CU_FAIL("sampled mean too far from the closed form");
    }
}

#define N 20000

static void test_closed_forms(void)
{
    hs_error err;
    hs_arch *archs[3] = {single(&err), pair("or", &err), pair("and", &err)};
    CU_ASSERT_FATAL(archs[0] && archs[1] && archs[2]);
    hs_comparison *c = run(archs, 3, N, 2, 1, NULL);
    CU_ASSERT_FATAL(c && c->unc);
    const hs_uncertainty *u = c->unc;
    CU_ASSERT_EQUAL(u->n_inputs, 2); /* "a mttf" shared by name, "b mttf" */
    double eq = mean_q(), amin = a_at(0), amax = a_at(1);
    /* single: A = M/(1+M) */
    const hs_unc_summary *s = &u->archs[0].avail[0];
    mean_close(s->mean, 1 - eq, amin, amax, N);
    /* a sample quantile at p lies between the true ones at p ± ε with
     * probability 1 − 2e-6 (Dvoretzky–Kiefer–Wolfowitz) */
    double eps = sqrt(log(2 / 2e-6) / (2.0 * N));
    const double ps[3] = {0.05, 0.5, 0.95}, got[3] = {s->p05, s->median, s->p95};
    for (int k = 0; k < 3; k++)
        CU_ASSERT(got[k] >= a_at(ps[k] - eps) && got[k] <= a_at(ps[k] + eps));
    /* series: (1 − q_a)(1 − q_b), independent: (1 − E q)^2 */
    mean_close(u->archs[1].avail[0].mean, (1 - eq) * (1 - eq), amin * amin, amax * amax, N);
    /* parallel: 1 − q_a q_b: 1 − (E q)^2 */
    mean_close(u->archs[2].avail[0].mean, 1 - eq * eq, 1 - (1 - amin) * (1 - amin),
               1 - (1 - amax) * (1 - amax), N);
    /* paired: the parallel pair beats its own component a in every sample
     * (its gain q_a (1 − q_b) >= 0.01 · 0.5; unpaired, q_a' q_b' reaches 0.25 and
     * would lose often), the series pair never */
    CU_ASSERT_EQUAL(u->archs[2].p_beats_base[0], 1.0);
    CU_ASSERT_EQUAL(u->archs[2].p_beats[0], 1.0);
    CU_ASSERT_EQUAL(u->archs[0].p_beats[2], 0.0);
    CU_ASSERT_EQUAL(u->archs[1].p_beats_base[0], 0.0);
    CU_ASSERT_EQUAL(u->archs[2].p_beats[1], 1.0);
    /* the weighted figures of one service are the service's */
    CU_ASSERT_EQUAL(u->archs[2].gain[1].median, u->archs[2].gain[0].median);
    CU_ASSERT(u->archs[2].gain[0].p05 > 0);
    hs_comparison_free(c);
    for (int i = 0; i < 3; i++)
        hs_arch_free(archs[i]);
}

/* Base: a alone. Candidate: (a AND b) OR c OR d with a, b fixed, c's MTTF
 * on [10, 1000] and d's on [500, 1000]: c moves the gain most, then d; a
 * and b are no inputs. */
static void test_tornado_order(void)
{
    hs_error err;
    hs_arch *base = arch("{ name = \"a\"; mttf = 9.0; mttr = 1.0; },\n", NULL, &err);
    hs_arch *cand =
        arch("{ name = \"a\"; mttf = 9.0; mttr = 1.0; },\n"
             "{ name = \"b\"; mttf = 9.0; mttr = 1.0; },\n"
             "{ name = \"d\"; mttf = 750.0; mttr = 1.0; mttf_uncertainty = { dist = \"uniform\"; "
             "min = 500.0; max = 1000.0; }; },\n"
             "{ name = \"c\"; mttf = 500.0; mttr = 1.0; mttf_uncertainty = { dist = \"uniform\"; "
             "min = 10.0; max = 1000.0; }; },\n",
             "{ name = \"ab\"; type = \"and\"; inputs = [ \"a\", \"b\" ]; },"
             "{ name = \"top\"; type = \"or\"; inputs = [ \"ab\", \"c\", \"d\" ]; }",
             &err);
    CU_ASSERT_FATAL(base && cand);
    hs_arch *archs[2] = {base, cand};
    hs_comparison *c = run(archs, 2, 100, 1, 1, NULL);
    CU_ASSERT_FATAL(c && c->unc);
    const hs_uncertainty *u = c->unc;
    const hs_unc_arch *x = &u->archs[1];
    CU_ASSERT_EQUAL_FATAL(x->n_bars, 2);
    CU_ASSERT_STRING_EQUAL(u->inputs[x->bars[0].input].key, "c mttf");
    CU_ASSERT_STRING_EQUAL(u->inputs[x->bars[1].input].key, "d mttf");
    /* the bars in closed form: A = (1 − qa qb)(1 − qc)(1 − qd), base 1 − qa */
    double qa = 0.1, qc = 1 / (1 + 10 + 0.5 * 990), qd = 1 / (1 + 500 + 0.5 * 500);
    double qc_lo = 1 / (1 + 10 + 0.05 * 990), qc_hi = 1 / (1 + 10 + 0.95 * 990);
    double g0 = ((1 - qa * qa) * (1 - qc) * (1 - qd) - (1 - qa)) * 100;
    double lo = ((1 - qa * qa) * (1 - qc_lo) * (1 - qd) - (1 - qa)) * 100;
    double hi = ((1 - qa * qa) * (1 - qc_hi) * (1 - qd) - (1 - qa)) * 100;
    CU_ASSERT_DOUBLE_EQUAL(x->median_gain, g0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(x->bars[0].lo, lo, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(x->bars[0].hi, hi, 1e-9);
    hs_comparison_free(c);
    hs_arch_free(base);
    hs_arch_free(cand);
}

static bool same(const hs_uncertainty *x, const hs_uncertainty *y)
{
    for (int a = 0; a < x->n_archs; a++)
        for (int s = 0; s <= x->n_services; s++)
            if (memcmp(&x->archs[a].avail[s], &y->archs[a].avail[s], sizeof(hs_unc_summary)) ||
                memcmp(&x->archs[a].gain[s], &y->archs[a].gain[s], sizeof(hs_unc_summary)))
                return false;
    return true;
}

static void test_seed_and_workers(void)
{
    hs_error err;
    hs_arch *archs[2] = {single(&err), pair("and", &err)};
    CU_ASSERT_FATAL(archs[0] && archs[1]);
    /* 20000 samples: 313 blocks, the last one short; enough work that every
     * worker takes some */
    hs_comparison *one = run(archs, 2, 20000, 1, 7, NULL), *two = run(archs, 2, 20000, 2, 7, NULL),
                  *five = run(archs, 2, 20000, 5, 7, NULL),
                  *other = run(archs, 2, 20000, 2, 8, NULL);
    CU_ASSERT_FATAL(one && two && five && other);
    CU_ASSERT(two->unc->threads == 2 && five->unc->threads == 5);
    CU_ASSERT(same(one->unc, two->unc));
    CU_ASSERT(same(one->unc, five->unc));
    CU_ASSERT(!same(one->unc, other->unc));
    hs_comparison_free(one);
    hs_comparison_free(two);
    hs_comparison_free(five);
    hs_comparison_free(other);
    hs_arch_free(archs[0]);
    hs_arch_free(archs[1]);
}

/* Two components of technology "t", no own uncertainty; the table gives
 * "t" a spread: one input, shared by both architectures. Explain: gain
 * q(1 − q) with q = s/(99 + s) reaches 20 points at q = (1 − √0.2)/2. */
static void test_shared_spread_and_explain(void)
{
    hs_error err = {0};
    hs_tech_table t;
    hs_tech_table_init(&t);
    CU_ASSERT_EQUAL_FATAL(
        hs_tech_load_text(&t,
                          "technologies = ();\nrate_uncertainty = ( { technology = \"t\"; "
                          "mttf = { dist = \"lognormal\"; ef = 3.0; }; source = \"test\"; } );\n",
                          "t.conf", false, &err),
        0);
    hs_arch *base =
        arch("{ name = \"a\"; technology = \"t\"; mttf = 99.0; mttr = 1.0; },\n", NULL, &err);
    hs_arch *par = arch("{ name = \"a\"; technology = \"t\"; mttf = 99.0; mttr = 1.0; },\n"
                        "{ name = \"b\"; technology = \"t\"; mttf = 99.0; mttr = 1.0; },\n",
                        "{ name = \"top\"; type = \"and\"; inputs = [ \"a\", \"b\" ]; }", &err);
    CU_ASSERT_FATAL(base && par);
    hs_arch *archs[2] = {base, par};
    hs_eval_opts o;
    hs_comparison *c = NULL;
    hs_eval_opts_default(&o);
    o.simulate = false;
    o.samples = 200;
    o.explain = true;
    o.explain_points = 20.0;
    CU_ASSERT_EQUAL_FATAL(hs_eval_compare(archs, 2, &t, &o, &c, &err), 0);
    CU_ASSERT_EQUAL(c->unc->n_inputs, 1);
    CU_ASSERT_STRING_EQUAL(c->unc->inputs[0].key, "t mttf");
    CU_ASSERT(c->unc->inputs[0].shared);
    const hs_unc_explain *x = &c->unc->explain;
    double q = (1 - sqrt(0.2)) / 2, s = 99 * q / (1 - q);
    CU_ASSERT(x->done && x->arch == 1);
    CU_ASSERT_DOUBLE_EQUAL(x->scale[0], s, 1e-6 * s);
    CU_ASSERT_DOUBLE_EQUAL(x->scale[1], s, 1e-6 * s); /* q depends on λ·MTTR only */
    CU_ASSERT_DOUBLE_EQUAL(x->limit[0], 3.0, 1e-9);   /* the error factor */
    CU_ASSERT(isnan(x->limit[1]));                    /* no MTTR range */
    hs_comparison_free(c);
    /* 30 points is more than q(1 − q) can ever give */
    o.samples = 0;
    o.explain_points = 30.0;
    CU_ASSERT_EQUAL_FATAL(hs_eval_compare(archs, 2, &t, &o, &c, &err), 0);
    CU_ASSERT(isnan(c->unc->explain.scale[0]));
    CU_ASSERT(c->unc->explain.best[0] <= 25.0 && c->unc->explain.best[0] > 24.0);
    hs_comparison_free(c);
    hs_arch_free(base);
    hs_arch_free(par);
    hs_tech_table_free(&t);
}

static void test_spread_errors(void)
{
    static const struct {
        const char *text, *want;
    } bad[] = {
        {"rate_uncertainty = ( { technology = \"t\"; mttf = { dist = \"gamma\"; shape = 2.0; }; "
         "} );",
         "t.conf:2: rate_uncertainty 't' without a 'source'"},
        {"rate_uncertainty = ( { technology = \"t\"; source = \"s\";\n mttf = { dist = "
         "\"uniform\"; min = 1.0; max = 2.0; }; } );",
         "t.conf:3: uniform here needs 'factor'"},
        {"rate_uncertainty = ( { technology = \"t\"; source = \"s\"; } );",
         "t.conf:2: rate_uncertainty 't' needs 'mttf' or 'mttr'"},
        {"rate_uncertainty = ( { technology = \"t\"; source = \"s\"; mttr = { dist = "
         "\"lognormal\"; ef = 2.0; }; },\n { technology = \"t\"; source = \"s\"; mttr = { dist = "
         "\"lognormal\"; ef = 2.0; }; } );",
         "t.conf:3: rate_uncertainty 't' listed twice"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[1024];
        hs_error err = {0};
        hs_tech_table t;
        hs_tech_table_init(&t);
        snprintf(text, sizeof text, "technologies = ();\n%s\n", bad[i].text);
        CU_ASSERT_EQUAL(hs_tech_load_text(&t, text, "t.conf", false, &err), -1);
        if (strncmp(err.msg, bad[i].want, strlen(bad[i].want)) != 0) {
            fprintf(stderr, "\n%zu: got '%s', want '%s'\n", i, err.msg, bad[i].want);
            CU_FAIL("wrong message");
        }
        hs_tech_table_free(&t);
    }
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite("uncertainty", NULL, NULL);
    CU_add_test(s, "closed forms, paired P(beats) = 1", test_closed_forms);
    CU_add_test(s, "tornado order by construction", test_tornado_order);
    CU_add_test(s, "seed, not the worker count, fixes the result", test_seed_and_workers);
    CU_add_test(s, "technology spreads shared; explain-gain", test_shared_spread_and_explain);
    CU_add_test(s, "rate_uncertainty errors name the place", test_spread_errors);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned f = CU_get_number_of_failures();
    CU_cleanup_registry();
    return f ? 1 : 0;
}
