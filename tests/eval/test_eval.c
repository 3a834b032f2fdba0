/*
 * tests/eval/test_eval.c — the evaluation layer against architectures small
 * enough to compute by hand: series, parallel, 2-of-3, importance
 * weighting, differences in points, component requirements, technology
 * contributions, the ranking, and config errors with their places.
 */
#include "eval/eval.h"

#include <CUnit/Basic.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLOSE(a, b) CU_ASSERT_DOUBLE_EQUAL((a), (b), 1e-9)

/* Two components, qa = 0.1 and qb = 0.2 (MTTF/MTTR 90/10 and 40/10). */
static const char *two_comp =
    "  components = (\n"
    "    { name = \"a\"; technology = \"ta\"; mttf = 90.0; mttr = 10.0; },\n"
    "    { name = \"b\"; technology = \"tb\"; mttf = 40.0; mttr = 10.0; }\n"
    "  );\n";

static hs_arch *parse(const char *text, hs_error *err)
{
    hs_arch *a = NULL;
    memset(err, 0, sizeof *err);
    if (hs_arch_parse(text, "inline.conf", &a, err))
        return NULL;
    return a;
}

/* An architecture whose one service "S" fails through GATE (and, or). */
static hs_arch *two(const char *gate, const char *extra, hs_error *err)
{
    char buf[4096];
    snprintf(buf, sizeof buf,
             "model = {\n%s"
             "  gates = ( { name = \"top\"; type = \"%s\"; "
             "inputs = [ \"a\", \"b\" ]; } );\n"
             "  services = ( { name = \"S\"; top = \"top\"; importance = 3.0; "
             "} );\n};\n%s",
             two_comp, gate, extra ? extra : "");
    return parse(buf, err);
}

static hs_eval_opts exact_only(void)
{
    hs_eval_opts o;
    hs_eval_opts_default(&o);
    o.simulate = false;
    return o;
}

static void test_series_parallel(void)
{
    hs_error err;
    hs_eval_opts o = exact_only();
    hs_eval_arch e;
    hs_arch *s = two("or", NULL, &err), *p = two("and", NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL_FATAL(hs_eval_run(s, NULL, &o, NULL, &e, &err), 0);
    CLOSE(e.services[0].exact.availability, 0.9 * 0.8); /* series */
    CLOSE(e.weighted_availability, 0.72);
    /* ω = Σ B_i λ_i μ_i/(λ_i+μ_i): B_a = 0.8, B_b = 0.9 */
    CLOSE(e.services[0].exact.outages_per_year,
          8760 * (0.8 * (1 / 90.0) * 0.9 + 0.9 * (1 / 40.0) * 0.8));
    hs_eval_arch_clear(&e);
    CU_ASSERT_EQUAL_FATAL(hs_eval_run(p, NULL, &o, NULL, &e, &err), 0);
    CLOSE(e.services[0].exact.availability, 1 - 0.1 * 0.2); /* parallel */
    CLOSE(e.services[0].exact.nines, -log10(0.02));
    CLOSE(e.services[0].exact.downtime_min_per_year, 0.02 * 525600);
    hs_eval_arch_clear(&e);
    hs_arch_free(s);
    hs_arch_free(p);
}

static void test_k_of_n_and_weighting(void)
{
    hs_error err;
    hs_eval_opts o = exact_only();
    hs_eval_arch e;
    hs_arch *a;
    a = parse("model = {\n"
              "  components = (\n"
              "    { name = \"n1\"; mttf = 90.0; mttr = 10.0; },\n"
              "    { name = \"n2\"; mttf = 90.0; mttr = 10.0; },\n"
              "    { name = \"n3\"; mttf = 90.0; mttr = 10.0; }\n"
              "  );\n"
              "  gates = ( { name = \"quorum\"; type = \"atleast\"; k = 2; "
              "inputs = [ \"n1\", \"n2\", \"n3\" ]; } );\n"
              "  services = ( { name = \"Q\"; top = \"quorum\"; importance = 1.0; "
              "},\n"
              "               { name = \"N\"; top = \"n1\"; importance = 3.0; } );\n"
              "};\n",
              &err);
    if (!a)
        fprintf(stderr, "\n%s\n", err.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_EQUAL_FATAL(hs_eval_run(a, NULL, &o, NULL, &e, &err), 0);
    /* 2 of 3 failed, q = 0.1: 3·q²·(1−q) + q³ = 0.028 */
    CLOSE(e.services[0].exact.availability, 1 - 0.028);
    CLOSE(e.services[1].exact.availability, 0.9);
    CLOSE(e.services[0].weight, 0.25);
    CLOSE(e.weighted_availability, (1 * 0.972 + 3 * 0.9) / 4);
    /* default rules: importance 1 -> 0.99, 3 -> 0.995 */
    CLOSE(e.services[0].target, 0.99);
    CLOSE(e.services[1].target, 0.995);
    CU_ASSERT_FALSE(e.services[0].meets_target);
    hs_eval_arch_clear(&e);
    hs_arch_free(a);
}

static void test_requirements_and_contribution(void)
{
    hs_error err;
    hs_eval_opts o = exact_only();
    hs_eval_arch e;
    hs_arch *a = two("or",
                     "evaluation = { targets = ( { importance = 0.0; "
                     "availability = 0.75; } ); };\n",
                     &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_EQUAL_FATAL(hs_eval_run(a, NULL, &o, NULL, &e, &err), 0);
    /* (1 − qa)·0.8 >= 0.75  ⇒  A_a >= 0.9375; 0.9·A_b >= 0.75 ⇒ 5/6 */
    CLOSE(e.components[0].required, 0.9375);
    CLOSE(e.components[1].required, 0.75 / 0.9);
    CU_ASSERT_EQUAL(e.components[0].req_status, HS_REQ_SHORT);
    CU_ASSERT_EQUAL(e.components[0].binding_service, 0);
    /* technology ta (component a): P = 0.28, P|a perfect = 0.2 */
    for (int t = 0; t < e.n_techs; t++)
        if (strcmp(e.techs[t].key, "ta") == 0) {
            CLOSE(e.techs[t].fv, 0.08 / 0.28);
            CLOSE(e.techs[t].gain_points, 8.0);
            CLOSE(e.techs[t].birnbaum, 0.8);
        }
    CU_ASSERT_STRING_EQUAL(e.techs[0].key, "tb"); /* most gain first */
    hs_eval_arch_clear(&e);
    hs_arch_free(a);
    /* a target the others make impossible: 1 − 0.95 − 0.2 < 0 for a */
    a = two("or",
            "evaluation = { targets = ( { importance = 0.0; "
            "availability = 0.95; } ); };\n",
            &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_EQUAL_FATAL(hs_eval_run(a, NULL, &o, NULL, &e, &err), 0);
    CU_ASSERT_EQUAL(e.components[0].req_status, HS_REQ_UNREACHABLE);
    CU_ASSERT_TRUE(isnan(e.components[0].required));
    hs_eval_arch_clear(&e);
    /* forcing b up (live state): A = 0.9 */
    signed char force[2] = {-1, 0};
    CU_ASSERT_EQUAL_FATAL(hs_eval_run(a, NULL, &o, force, &e, &err), 0);
    CLOSE(e.services[0].exact.availability, 0.9);
    hs_eval_arch_clear(&e);
    hs_arch_free(a);
}

static void test_compare_points(void)
{
    hs_error err;
    hs_eval_opts o = exact_only();
    hs_comparison *c = NULL;
    hs_arch *v[3];
    v[0] = two("or", NULL, &err);
    v[1] = two("and", NULL, &err);
    /* adds technology x in series with a perfect-ish twin: no gain */
    v[2] = parse("model = {\n  components = (\n"
                 "    { name = \"a\"; technology = \"ta\"; mttf = 90.0; "
                 "mttr = 10.0; },\n"
                 "    { name = \"b\"; technology = \"tb\"; mttf = 40.0; "
                 "mttr = 10.0; },\n"
                 "    { name = \"x\"; technology = \"tx\"; mttf = 1000.0; "
                 "mttr = 1.0; }\n  );\n"
                 "  gates = ( { name = \"top\"; type = \"or\"; inputs = "
                 "[ \"a\", \"b\", \"x\" ]; } );\n"
                 "  services = ( { name = \"S\"; top = \"top\"; "
                 "importance = 3.0; } );\n};\n",
                 &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v[0]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v[1]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v[2]);
    CU_ASSERT_EQUAL_FATAL(hs_eval_compare(v, 3, NULL, &o, &c, &err), 0);
    CLOSE(c->archs[0].diff_points, 0.0);
    CLOSE(c->archs[1].diff_points, (0.98 - 0.72) * 100);
    CLOSE(c->archs[1].services[0].diff_points, 26.0);
    CU_ASSERT_EQUAL(c->archs[1].improved, 1);
    CU_ASSERT_FALSE(c->archs[1].adds_without_gain);
    CU_ASSERT_TRUE(c->archs[2].adds_without_gain);
    CU_ASSERT_EQUAL(c->archs[2].worsened, 1);
    /* the JSON tree carries the same figures */
    json_object *j = hs_eval_render_json(c), *arr, *a1, *d;
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT_TRUE(json_object_object_get_ex(j, "architectures", &arr));
    a1 = json_object_array_get_idx(arr, 1);
    CU_ASSERT_TRUE(json_object_object_get_ex(a1, "diff_points", &d));
    CLOSE(json_object_get_double(d), 26.0);
    json_object_put(j);
    hs_comparison_free(c);
    for (int i = 0; i < 3; i++)
        hs_arch_free(v[i]);
}

static void test_monte_carlo(void)
{
    /* conventions: 2-of-3, MTBF 1000 h, MTTR 10 h: Q = 2.92148e-4,
     * 0.51014 outages a year */
    hs_error err;
    hs_eval_opts o;
    hs_eval_arch e;
    hs_arch *a = parse("model = {\n  components = (\n"
                       "    { name = \"n1\"; mttf = 1000.0; mttr = 10.0; },\n"
                       "    { name = \"n2\"; mttf = 1000.0; mttr = 10.0; },\n"
                       "    { name = \"n3\"; mttf = 1000.0; mttr = 10.0; }\n  );\n"
                       "  gates = ( { name = \"q\"; type = \"atleast\"; k = 2; inputs = "
                       "[ \"n1\", \"n2\", \"n3\" ]; } );\n"
                       "  services = ( { name = \"Q\"; top = \"q\"; } );\n};\n",
                       &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    hs_eval_opts_default(&o);
    o.years = 20000;
    CU_ASSERT_EQUAL_FATAL(hs_eval_run(a, NULL, &o, NULL, &e, &err), 0);
    CU_ASSERT_DOUBLE_EQUAL(e.services[0].exact.unavailability, 2.92148e-4, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(e.services[0].exact.outages_per_year, 0.51014, 1e-5);
    CU_ASSERT_TRUE(e.services[0].sim_done);
    /* 20000 years: about 10000 outages, the mean is within a few % */
    CU_ASSERT_DOUBLE_EQUAL(e.services[0].sim.outages_per_year.mean, 0.51014, 0.05);
    CU_ASSERT_TRUE(e.services[0].sim.outages_per_year.lo <= e.services[0].sim.outages_per_year.hi);
    hs_eval_arch_clear(&e);
    hs_arch_free(a);
}

static const char *techs_text =
    "technologies = (\n"
    "  { key = \"x\"; name = \"X\"; class = \"load-balancer\"; chance = 5; "
    "risk = 5; maturity = 2; },\n"
    "  { key = \"y\"; name = \"Y\"; class = \"load_balancer\"; chance = 3; "
    "risk = 1; maturity = 3; },\n"
    "  { key = \"z\"; name = \"Z\"; class = \"load-balancer\"; chance = 4; "
    "risk = 2; maturity = 5; },\n"
    "  { key = \"w\"; name = \"W\"; class = \"distributed-storage\"; "
    "chance = 1; risk = 1; maturity = 1; }\n);\n";

static void test_ranking(void)
{
    hs_tech_table t;
    hs_error err = {0};
    int order[8];
    hs_tech_table_init(&t);
    CU_ASSERT_EQUAL_FATAL(hs_tech_load_text(&t, techs_text, "t.conf", false, &err), 0);
    /* weights 1/1/1: x 2, y 5, z 7 → z, y, x */
    hs_eval_weights w = {1, 1, 1};
    CU_ASSERT_EQUAL_FATAL(hs_tech_rank(&t, 1, &w, order), 3);
    CU_ASSERT_STRING_EQUAL(t.v[order[0]].key, "z");
    CU_ASSERT_STRING_EQUAL(t.v[order[1]].key, "y");
    CU_ASSERT_STRING_EQUAL(t.v[order[2]].key, "x");
    /* chance only (2, 0, 0): x 10, z 8, y 6 */
    w = (hs_eval_weights){2, 0, 0};
    CU_ASSERT_EQUAL_FATAL(hs_tech_rank(&t, 1, &w, order), 3);
    CU_ASSERT_STRING_EQUAL(t.v[order[0]].key, "x");
    CU_ASSERT_STRING_EQUAL(t.v[order[1]].key, "z");
    CLOSE(hs_tech_score(&t.v[order[2]], &w), 6.0);
    /* risk only (0, 1, 0): y −1 and w −1 tie in score, z −2 */
    w = (hs_eval_weights){0, 1, 0};
    CU_ASSERT_EQUAL_FATAL(hs_tech_rank(&t, 1, &w, order), 3);
    CU_ASSERT_STRING_EQUAL(t.v[order[0]].key, "y");
    CU_ASSERT_EQUAL(hs_tech_rank(&t, 2, &w, order), 1);
    CU_ASSERT_EQUAL(hs_tech_rank(&t, 0, &w, order), 0);
    hs_tech_table_free(&t);
}

static void test_overrides(void)
{
    hs_tech_table t;
    hs_error err = {0};
    hs_eval_opts o = exact_only();
    hs_comparison *c = NULL;
    hs_arch *v[2];
    hs_tech_table_init(&t);
    CU_ASSERT_EQUAL_FATAL(hs_tech_load_text(&t, techs_text, "t.conf", false, &err), 0);
    v[0] = two("or",
               "evaluation = { technologies = ( { key = \"x\"; "
               "risk = 1; } ); };\n",
               &err);
    v[1] = two("and",
               "evaluation = { technologies = ( { key = \"x\"; "
               "risk = 2; } ); };\n",
               &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v[0]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v[1]);
    CU_ASSERT_EQUAL_FATAL(hs_eval_compare(v, 1, &t, &o, &c, &err), 0);
    CLOSE(hs_tech_find(&c->techs, "x")->risk, 1.0);
    CLOSE(hs_tech_find(&t, "x")->risk, 5.0); /* defaults untouched */
    hs_comparison_free(c);
    CU_ASSERT_EQUAL(hs_eval_compare(v, 2, &t, &o, &c, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "overridden differently"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "inline.conf:"));
    hs_tech_table_free(&t);
    hs_arch_free(v[0]);
    hs_arch_free(v[1]);
}

/* TEXT must fail with a message holding WHAT and naming inline.conf:LINE. */
static void expect_error(const char *text, const char *what, int line)
{
    hs_error err;
    hs_arch *a = parse(text, &err);
    char place[64];
    CU_ASSERT_PTR_NULL(a);
    hs_arch_free(a);
    snprintf(place, sizeof place, "inline.conf:%d:", line);
    if (!strstr(err.msg, what) || !strstr(err.msg, place))
        fprintf(stderr, "\nexpected '%s' at %s, got: %s\n", what, place, err.msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, what));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, place));
}

static void test_config_errors(void)
{
    char buf[4096];
    /* a service whose fault tree names an unknown component */
    expect_error("model = {\n  components = ( { name = \"a\"; mttf = 1.0; "
                 "mttr = 1.0; } );\n  gates = ( { name = \"g\"; type = "
                 "\"or\";\n    inputs = [ \"a\", \"nosuch\" ]; } );\n"
                 "  services = ( { name = \"S\"; top = \"g\"; } );\n};\n",
                 "nosuch", 4);
    expect_error("model = {\n  components = ( { name = \"a\"; mttf = 1.0; "
                 "mttr = 1.0; } );\n  services = ( { name = \"S\"; top = "
                 "\"gone\"; } );\n};\n",
                 "gone", 3);
    expect_error("model = {\n  components = ( { name = \"a\"; mttf = 1.0; "
                 "mttr = 1.0; } );\n  services = ( { name = \"S\"; top = "
                 "\"a\";\n    importance = -1.0; } );\n};\n",
                 "importance must be >= 0", 3);
    expect_error("model = {\n  components = ( { name = \"a\"; mttf = 1.0; "
                 "mttr = 1.0; } );\n  services = ( { name = \"S\"; top = "
                 "\"a\"; importance = 0.0; } );\n};\n",
                 "importance 0", 3);
    expect_error("model = {\n  components = ( { name = \"a\"; mttf = 1.0; "
                 "mttr = 1.0; } );\n};\n",
                 "needs 'services'", 1);
    snprintf(buf, sizeof buf, "%s",
             "evaluation = {\n  weights = { chance "
             "= 0.0; risk = 0.0; maturity = 0.0; };\n};\n");
    hs_error err;
    hs_arch *a = two("or", buf, &err);
    CU_ASSERT_PTR_NULL(a);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "weights make no sense"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "inline.conf:10:"));
    a = two("or", "evaluation = {\n  weights = { risk = -1.0; };\n};\n", &err);
    CU_ASSERT_PTR_NULL(a);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "negative"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "inline.conf:10:"));
    a = two("or",
            "evaluation = {\n  targets = ( { importance = 1.0; "
            "availability = 0.999; },\n { importance = 4.0; "
            "availability = 0.99; } );\n};\n",
            &err);
    CU_ASSERT_PTR_NULL(a);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "target rules make no sense"));
    a = two("or",
            "evaluation = {\n  targets = ( { importance = 1.0; "
            "availability = 99.9; } );\n};\n",
            &err);
    CU_ASSERT_PTR_NULL(a);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not percent"));
    a = two("or",
            "evaluation = {\n  technologies = ( { key = \"x\";\n"
            "    risk = 7; } );\n};\n",
            &err);
    CU_ASSERT_PTR_NULL(a);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "outside the 1..5 scale"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "inline.conf:11:"));
    a = two("or", "evaluation = {\n  colour = \"red\";\n};\n", &err);
    CU_ASSERT_PTR_NULL(a);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "unknown key 'colour'"));
    a = two("or", "evaluation = { oops", &err);
    CU_ASSERT_PTR_NULL(a);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "inline.conf:"));
}

static void test_candidate_checks(void)
{
    hs_error err;
    hs_eval_opts o = exact_only();
    hs_comparison *c = NULL;
    hs_arch *v[2];
    v[0] = two("or", NULL, &err);
    v[1] = parse("model = {\n  components = ( { name = \"a\"; mttf = 1.0; "
                 "mttr = 1.0; } );\n  services = ( { name = \"T\"; top = "
                 "\"a\"; importance = 3.0; } );\n};\n",
                 &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v[0]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v[1]);
    CU_ASSERT_EQUAL(hs_eval_compare(v, 2, NULL, &o, &c, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no service 'S'"));
    hs_arch_free(v[1]);
    v[1] = parse("model = {\n  components = ( { name = \"a\"; mttf = 1.0; "
                 "mttr = 1.0; } );\n  services = ( { name = \"S\"; top = "
                 "\"a\"; importance = 2.0; } );\n};\n",
                 &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v[1]);
    CU_ASSERT_EQUAL(hs_eval_compare(v, 2, NULL, &o, &c, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "importance 2, the baseline 3"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "inline.conf:3:"));
    hs_arch_free(v[0]);
    hs_arch_free(v[1]);
}

int main(void)
{
    CU_pSuite s;
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("eval", NULL, NULL);
    CU_add_test(s, "series and parallel", test_series_parallel);
    CU_add_test(s, "k-of-n and importance weighting", test_k_of_n_and_weighting);
    CU_add_test(s, "component requirements, technology contribution",
                test_requirements_and_contribution);
    CU_add_test(s, "comparison in points, adds without gain", test_compare_points);
    CU_add_test(s, "Monte Carlo against the 2-of-3 reference", test_monte_carlo);
    CU_add_test(s, "ranking with given scores and weights", test_ranking);
    CU_add_test(s, "score overrides", test_overrides);
    CU_add_test(s, "config errors name the place", test_config_errors);
    CU_add_test(s, "candidates must match the baseline", test_candidate_checks);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
