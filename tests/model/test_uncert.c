/*
 * tests/model/test_uncert.c — uncertain inputs: quantiles against closed
 * forms, both readers' uncertainty syntax and their errors with places.
 */
#include "model/model.h"
#include "model/uncert.h"

#include <CUnit/Basic.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define CLOSE(a, b) CU_ASSERT_DOUBLE_EQUAL((a), (b), 1e-9 * fabs(b) + 1e-12)

static void test_quantiles(void)
{
    /* lognormal with error factor 3 around 100: 5 % = 100/3, 95 % = 300 */
    hs_dist ln = {HS_DIST_LOGNORMAL, 100.0, log(3.0) / HS_DIST_Z95, false};
    CLOSE(hs_dist_quantile(&ln, 0.5), 100.0);
    CLOSE(hs_dist_quantile(&ln, 0.95), 300.0);
    CLOSE(hs_dist_quantile(&ln, 0.05), 100.0 / 3.0);
    /* uniform: linear */
    hs_dist un = {HS_DIST_UNIFORM, 10.0, 30.0, false};
    CLOSE(hs_dist_quantile(&un, 0.25), 15.0);
    /* gamma with shape 1 is exponential: quantile −θ ln(1 − u) */
    hs_dist ga = {HS_DIST_GAMMA, 1.0, 2.0, false};
    CLOSE(hs_dist_quantile(&ga, 0.5), 2.0 * log(2.0));
    /* beta(1, 1) is uniform on [0, 1] */
    hs_dist be = {HS_DIST_BETA, 1.0, 1.0, false};
    CLOSE(hs_dist_quantile(&be, 0.3), 0.3);
    /* an inverse distribution rises with u: 1/U(10, 30) at 0.25 is 1/25 */
    un.inverse = true;
    CLOSE(hs_dist_quantile(&un, 0.25), 1.0 / 25.0);
    /* the ends are finite */
    CU_ASSERT(isfinite(hs_dist_quantile(&ln, 0.0)) && isfinite(hs_dist_quantile(&ln, 1.0)));
    /* scaling a relative spread */
    hs_dist rel = {HS_DIST_UNIFORM, 0.5, 2.0, false};
    hs_dist_scale(&rel, 10.0);
    CLOSE(rel.a, 5.0);
    CLOSE(rel.b, 20.0);
}

static hs_model *cfg(const char *text, hs_error *err)
{
    hs_model *m = hs_model_new();
    memset(err, 0, sizeof *err);
    if (hs_model_load_config_text(m, text, "u.conf", err) || hs_model_finish(m, err)) {
        hs_model_free(m);
        return NULL;
    }
    return m;
}

static void test_config_syntax(void)
{
    hs_error err;
    hs_model *m =
        cfg("model = { components = (\n"
            "{ name = \"a\"; mttf = 90.0; mttr = 10.0;\n"
            "  mttf_uncertainty = { dist = \"uniform\"; min = 40.0; max = 140.0; }; },\n"
            "{ name = \"b\"; mttf = 90.0; mttr = 10.0;\n"
            "  mttr_uncertainty = { dist = \"lognormal\"; ef = 2.0; }; } );\n"
            "gates = ( { name = \"g\"; type = \"or\"; inputs = [ \"a\", \"b\" ]; } ); };\n",
            &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    const hs_model_node *a = &m->nodes[m->events[0]], *b = &m->nodes[m->events[1]];
    CU_ASSERT(hs_model_event_uncertain(a) && hs_model_event_uncertain(b));
    /* a: MTTF 40 at u = 0, MTTR 10 → q = 10/50; at the point value 0.1 */
    CLOSE(hs_model_event_q(a, 0.5, 0.0, 0.5), 10.0 / 50.0);
    CLOSE(hs_model_event_q(a, 0.5, 0.5, 0.5), 10.0 / 100.0);
    /* b: MTTR at 95 % is 20 → q = 20/110 */
    CLOSE(hs_model_event_q(b, 0.5, 0.5, 0.95), 20.0 / 110.0);
    hs_model_free(m);

    static const struct {
        const char *comp, *want;
    } bad[] = {
        {"mttf = 9.0; mttr = 1.0; mttf_uncertainty = { dist = \"lognormal\"; ef = 1.0; };",
         "u.conf:2: lognormal: 'ef' must be in (1, 1000]"},
        {"mttf = 9.0; mttr = 1.0; mttf_uncertainty = { dist = \"weibull\"; };", "u.conf:2: "},
        {"mttf = 9.0; mttr = 1.0; mttr_uncertainty = { dist = \"uniform\"; min = 2.0; max = 3.0; "
         "};",
         "u.conf:2: uniform: need 0 < min <= 1 <= max"},
        {"mttf = 9.0; mttr = 1.0; mttf_uncertainty = { dist = \"gamma\"; };",
         "u.conf:2: gamma needs 'shape'"},
        {"mttf = 9.0; mttr = 1.0; mttf_uncertainty = { dist = \"gamma\"; shape = 2.0; x = 1; };",
         "u.conf:2: unknown key 'x' in an uncertainty"},
        {"availability = 0.9; mttf_uncertainty = { dist = \"gamma\"; shape = 2.0; };",
         "u.conf:2: component 'c': an uncertainty needs the mttf + mttr form"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text, "model = { components = (\n{ name = \"c\"; %s } ); };\n",
                 bad[i].comp);
        m = cfg(text, &err);
        CU_ASSERT_PTR_NULL(m);
        if (strncmp(err.msg, bad[i].want, strlen(bad[i].want)) != 0) {
            fprintf(stderr, "\n%zu: got '%s', want '%s'\n", i, err.msg, bad[i].want);
            CU_FAIL("wrong message");
        }
        hs_model_free(m);
    }
}

static hs_model *mef(const char *expr, hs_error *err)
{
    char doc[2048];
    hs_model *m = hs_model_new();
    snprintf(doc, sizeof doc,
             "<opsa-mef>\n<define-fault-tree name=\"t\">\n<define-gate name=\"g\"><or>"
             "<basic-event name=\"a\"/><basic-event name=\"b\"/></or></define-gate>\n"
             "</define-fault-tree>\n<model-data>\n"
             "<define-basic-event name=\"a\"><float value=\"0.1\"/></define-basic-event>\n"
             "<define-basic-event name=\"b\">%s</define-basic-event>\n"
             "</model-data></opsa-mef>\n",
             expr);
    memset(err, 0, sizeof *err);
    if (hs_model_load_mef(m, doc, strlen(doc), "u.xml", err) || hs_model_finish(m, err)) {
        hs_model_free(m);
        return NULL;
    }
    return m;
}

static void test_mef_deviates(void)
{
    hs_error err;
    /* lognormal(mean 0.01, EF 3): the point value is the mean */
    hs_model *m = mef("<lognormal-deviate><float value=\"0.01\"/><float value=\"3\"/>"
                      "</lognormal-deviate>",
                      &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    const hs_model_node *b = &m->nodes[hs_model_find(m, "b")];
    CLOSE(b->q, 0.01);
    double s = log(3.0) / HS_DIST_Z95, med = 0.01 * exp(-s * s / 2);
    CLOSE(hs_model_event_q(b, 0.95, 0.5, 0.5), med * 3.0);
    hs_model_free(m);
    /* exponential with a uniform rate in [1e-4, 3e-4] over 1000 h */
    m = mef("<exponential><uniform-deviate><float value=\"1e-4\"/><float value=\"3e-4\"/>"
            "</uniform-deviate><float value=\"1000\"/></exponential>",
            &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    b = &m->nodes[hs_model_find(m, "b")];
    CLOSE(b->q, -expm1(-0.2));
    /* u is the MTTF's: its 75 % is the rate's 25 % */
    CLOSE(hs_model_event_q(b, 0.5, 0.75, 0.5), -expm1(-0.15));
    CLOSE(hs_model_event_q(b, 0.5, 0.0, 0.5), -expm1(-0.3));
    hs_model_free(m);
    m = mef("<uniform-deviate><float value=\"0.5\"/><float value=\"2\"/></uniform-deviate>", &err);
    CU_ASSERT_PTR_NULL(m);
    CU_ASSERT(strncmp(err.msg, "u.xml:7: basic event 'b': <uniform-deviate> beyond 1", 51) == 0);
    m = mef("<gamma-deviate><float value=\"2\"/><parameter name=\"p\"/></gamma-deviate>", &err);
    CU_ASSERT_PTR_NULL(m);
    CU_ASSERT(strstr(err.msg, "u.xml:7:") == err.msg && strstr(err.msg, "not <parameter>"));
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite("uncertainty", NULL, NULL);
    CU_add_test(s, "quantiles", test_quantiles);
    CU_add_test(s, "own format syntax and errors", test_config_syntax);
    CU_add_test(s, "MEF deviates", test_mef_deviates);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned f = CU_get_number_of_failures();
    CU_cleanup_registry();
    return f ? 1 : 0;
}
