/* test_plan.c — CUnit tests of the planning library: the component-list
 * and maintenance-group readers, and what-if / rolling plans with
 * hand-checked margins and risks on a 2-of-3 cluster plus a pair. */
#include <CUnit/Basic.h>
#include <libconfig.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "plan/plan.h"

/* 2-of-3 "db" (lambda 1e-3/h) and an "lb" pair (lambda 5e-3/h). */
static const char *stack =
    "model = { components = (\n"
    "  { name = \"db1\"; mttf = 1000.0; mttr = 10.0; }, { name = \"db2\"; mttf = 1000.0; mttr = "
    "10.0; },\n"
    "  { name = \"db3\"; mttf = 1000.0; mttr = 10.0; },\n"
    "  { name = \"lb1\"; mttf = 200.0; mttr = 1.0; }, { name = \"lb2\"; mttf = 200.0; mttr = 1.0; "
    "} );\n"
    " gates = ( { name = \"db_down\"; type = \"atleast\"; k = 2; inputs = [ \"db1\", \"db2\", "
    "\"db3\" ]; },\n"
    "   { name = \"lb_down\"; type = \"and\"; inputs = [ \"lb1\", \"lb2\" ]; },\n"
    "   { name = \"all_down\"; type = \"or\"; inputs = [ \"db_down\", \"lb_down\" ]; } );\n"
    " services = ( { name = \"DB\"; top = \"db_down\"; }, { name = \"All\"; top = \"all_down\"; } "
    "); };\n"
    "maintenance = { duration = 2.0; groups = (\n"
    "  { name = \"db\"; members = [ \"db1\", \"db2\", \"db3\" ]; },\n"
    "  { name = \"lb\"; members = [ \"lb1\", \"lb2\" ]; duration = 0.5; min_margin = 0; } ); };\n";

static config_t cfg;
static struct hs_live *lv;

static int setup(void)
{
    hs_error err;
    config_init(&cfg);
    if (config_read_string(&cfg, stack) != CONFIG_TRUE)
        return -1;
    hs_error_clear(&err);
    return hs_live_build(&cfg, NULL, 0, NULL, &lv, &err) < 0 || !lv ? -1 : 0;
}

static int teardown(void)
{
    hs_live_free(lv);
    config_destroy(&cfg);
    return 0;
}

static void reset_states(void)
{
    for (size_t i = 0; i < lv->ncomps; i++)
        lv->comps[i].state = HS_LIVE_UNMAPPED;
}

static void test_split(void)
{
    char **v;
    size_t n;
    hs_error err;
    CU_ASSERT_EQUAL(hs_plan_split_names(" db1 ,db2,\tlb1", &v, &n, &err), 0);
    CU_ASSERT_EQUAL(n, 3);
    CU_ASSERT_STRING_EQUAL(v[0], "db1");
    CU_ASSERT_STRING_EQUAL(v[2], "lb1");
    hs_plan_names_free(v, n);
    CU_ASSERT_EQUAL(hs_plan_split_names("a,,b", &v, &n, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "name 2 is empty"));
    CU_ASSERT_EQUAL(hs_plan_split_names("a,b,a", &v, &n, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'a' is given twice (names 1 and 3)"));
    CU_ASSERT_EQUAL(hs_plan_split_names("", &v, &n, &err), -1);
    CU_ASSERT_EQUAL(hs_plan_split_names("a,", &v, &n, &err), -1);
    CU_ASSERT_EQUAL(hs_plan_split_names(NULL, &v, &n, &err), -1);
    {
        char longname[300];
        memset(longname, 'x', sizeof longname - 1);
        longname[sizeof longname - 1] = '\0';
        CU_ASSERT_EQUAL(hs_plan_split_names(longname, &v, &n, &err), -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "longer than"));
    }
}

static void test_resolve(void)
{
    char *names[] = {"lb2", "db1"}, *bad[] = {"db9"};
    int idx[2];
    hs_error err;
    CU_ASSERT_EQUAL(hs_plan_resolve(lv, names, 2, idx, &err), 0);
    CU_ASSERT_STRING_EQUAL(lv->comps[idx[0]].name, "lb2");
    CU_ASSERT_EQUAL(hs_plan_resolve(lv, bad, 1, idx, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(err.msg, "no component 'db9' in the model (components: db1, db2, db3, lb1, lb2)"));
}

/* A group read from `text`; returns the call's result, *g filled. */
static int group_from(const char *text, const char *name, struct hs_plan_group *g, hs_error *err)
{
    config_t c;
    int rc;
    config_init(&c);
    CU_ASSERT_EQUAL_FATAL(config_read_string(&c, text), CONFIG_TRUE);
    rc = hs_plan_group_read(&c, name, g, err);
    hs_plan_group_free(g); /* the strings belong to c */
    config_destroy(&c);
    return rc;
}

static void test_groups(void)
{
    struct hs_plan_group g;
    hs_error err;
    CU_ASSERT_EQUAL(hs_plan_group_read(&cfg, "lb", &g, &err), 0);
    CU_ASSERT_EQUAL(g.nmembers, 2);
    CU_ASSERT_DOUBLE_EQUAL(g.duration, 0.5, 1e-12);
    CU_ASSERT_EQUAL(g.min_margin, 0);
    hs_plan_group_free(&g);
    CU_ASSERT_EQUAL(hs_plan_group_read(&cfg, "db", &g, &err), 0);
    CU_ASSERT_DOUBLE_EQUAL(g.duration, 2.0, 1e-12); /* maintenance-wide */
    CU_ASSERT_EQUAL(g.min_margin, 1);
    hs_plan_group_free(&g);
    CU_ASSERT_EQUAL(hs_plan_group_read(&cfg, "web", &g, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no maintenance group 'web' (groups: db, lb)"));

    CU_ASSERT_EQUAL(group_from("x = 1;", "g", &g, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no 'maintenance' setting"));
    CU_ASSERT_EQUAL(group_from("maintenance = 3;", "g", &g, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "must be a group"));
    CU_ASSERT_EQUAL(group_from("maintenance = { grups = (); };", "g", &g, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "unknown setting 'grups'"));
    CU_ASSERT_EQUAL(group_from("maintenance = { groups = ( { name = \"g\"; members = []; } ); };",
                               "g", &g, &err),
                    -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "needs 'members"));
    CU_ASSERT_EQUAL(group_from("maintenance = { groups = ( { name = \"g\"; members = [ \"a\" ]; "
                               "duration = 0; } ); };",
                               "g", &g, &err),
                    -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'duration' must be hours per step"));
    CU_ASSERT_EQUAL(group_from("maintenance = { groups = ( { name = \"g\"; members = [ \"a\" ]; "
                               "min_margin = 1.5; } ); };",
                               "g", &g, &err),
                    -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'min_margin' must be a whole number"));
    CU_ASSERT_EQUAL(group_from("maintenance = { groups = ( { name = \"g\"; members = [ \"a\" ]; },"
                               " { name = \"g\"; members = [ \"b\" ]; } ); };",
                               "g", &g, &err),
                    -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "defined twice"));
    CU_ASSERT_EQUAL(
        group_from("maintenance = { groups = ( { name = \"g\"; members = [ 1 ]; } ); };", "g", &g,
                   &err),
        -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "member 1 must be a component name"));
    CU_ASSERT_EQUAL(group_from("maintenance = { groups = { name = \"g\"; }; };", "g", &g, &err),
                    -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "must be a list"));
}

static int idx_of(const char *name)
{
    return hs_live_find(lv, name);
}

static void test_whatif(void)
{
    struct hs_whatif w;
    hs_error err;
    int down[2] = {idx_of("db2"), idx_of("lb1")};
    reset_states();
    CU_ASSERT_EQUAL_FATAL(hs_whatif_compute(lv, down, 1, &w, &err), 0);
    CU_ASSERT_EQUAL(w.verdict, HS_PLAN_WARN);
    CU_ASSERT_EQUAL(w.sv[0].before, 2);
    CU_ASSERT_EQUAL(w.sv[0].after, 1);
    CU_ASSERT_EQUAL(w.sv[1].after, 1); /* All: db pair with db2 down, or lb pair */
    hs_whatif_free(&w);
    down[1] = idx_of("db3");
    CU_ASSERT_EQUAL_FATAL(hs_whatif_compute(lv, down, 2, &w, &err), 0);
    CU_ASSERT_EQUAL(w.verdict, HS_PLAN_NONE);
    CU_ASSERT_EQUAL(w.sv[0].after, 0);
    CU_ASSERT_EQUAL(w.sv[0].state_after, HS_LIVE_DOWN);
    hs_whatif_free(&w);
    /* db1 UNKNOWN: db2 down leaves DB at 1 or 0 → the unknown decides */
    lv->comps[idx_of("db1")].state = HS_LIVE_UNKNOWN;
    CU_ASSERT_EQUAL_FATAL(hs_whatif_compute(lv, down, 1, &w, &err), 0);
    CU_ASSERT_EQUAL(w.verdict, HS_PLAN_UNKNOWN);
    CU_ASSERT_EQUAL(w.sv[0].nunknown, 1);
    CU_ASSERT_EQUAL(w.sv[0].unknown[0], idx_of("db1"));
    hs_whatif_free(&w);
    /* ... but not when the outage is certain anyway */
    CU_ASSERT_EQUAL_FATAL(hs_whatif_compute(lv, down, 2, &w, &err), 0);
    CU_ASSERT_EQUAL(w.verdict, HS_PLAN_NONE);
    hs_whatif_free(&w);
    reset_states();
}

static void test_plan(void)
{
    struct hs_plan p;
    struct hs_plan_opts o = {.duration = 2.0, .min_margin = 1};
    int m[3] = {idx_of("lb1"), idx_of("db1"), idx_of("db2")};
    double pd = -expm1(-1e-3 * 2.0), pl = -expm1(-5e-3 * 2.0);
    hs_error err;
    reset_states();
    CU_ASSERT_EQUAL_FATAL(hs_plan_rolling(lv, m, 3, &o, &p, &err), 0);
    CU_ASSERT_EQUAL(p.verdict, HS_PLAN_OK);
    CU_ASSERT_EQUAL(p.nsteps, 3);
    /* db steps: DB fails if one of 2 others fails: 1-(1-pd)^2; the lb step
     * risks lb2 (pl) in All and is riskier (lambda 5e-3): it goes last */
    CU_ASSERT_EQUAL(p.steps[0].comp, idx_of("db1"));
    CU_ASSERT_EQUAL(p.steps[1].comp, idx_of("db2"));
    CU_ASSERT_EQUAL(p.steps[2].comp, idx_of("lb1"));
    CU_ASSERT_DOUBLE_EQUAL(p.steps[0].sv[0].risk, 1 - (1 - pd) * (1 - pd), 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(p.steps[0].sv[0].risk_first, -expm1(-2e-3 * 2.0), 1e-15);
    /* All during lb1's step: lb2 fails (pl) or two db nodes fail */
    {
        double pdb2 = 3 * pd * pd * (1 - pd) + pd * pd * pd;
        CU_ASSERT_DOUBLE_EQUAL(p.steps[2].sv[1].risk, 1 - (1 - pl) * (1 - pdb2), 1e-15);
        /* DB at margin 2 during the lb step: the risk is that of 2 failures */
        CU_ASSERT_DOUBLE_EQUAL(p.steps[2].sv[0].risk, pdb2, 1e-15);
        CU_ASSERT_EQUAL(p.steps[2].sv[0].ncompleters, 0);
        CU_ASSERT_DOUBLE_EQUAL(p.steps[2].sv[0].risk_first, 0.0, 0);
    }
    hs_plan_free(&p);
    /* min margin 2: a 2-of-3 node step is blocked */
    o.min_margin = 2;
    CU_ASSERT_EQUAL_FATAL(hs_plan_rolling(lv, m + 1, 1, &o, &p, &err), 0);
    CU_ASSERT_EQUAL(p.verdict, HS_PLAN_NONE);
    CU_ASSERT_EQUAL(p.steps[0].status, HS_PLAN_NONE);
    hs_plan_free(&p);
    /* db3 already down: db1 and db2 cannot go; with db3 in the list it goes first */
    o.min_margin = 1;
    lv->comps[idx_of("db3")].state = HS_LIVE_DOWN;
    CU_ASSERT_EQUAL_FATAL(hs_plan_rolling(lv, m + 1, 2, &o, &p, &err), 0);
    CU_ASSERT_EQUAL(p.verdict, HS_PLAN_NONE);
    CU_ASSERT_EQUAL(p.steps[0].sv[0].margin, 0);
    hs_plan_free(&p);
    {
        int all[3] = {idx_of("db1"), idx_of("db2"), idx_of("db3")};
        CU_ASSERT_EQUAL_FATAL(hs_plan_rolling(lv, all, 3, &o, &p, &err), 0);
        CU_ASSERT_EQUAL(p.verdict, HS_PLAN_OK);
        CU_ASSERT_EQUAL(p.steps[0].comp, idx_of("db3"));
        CU_ASSERT(p.steps[0].already_down);
        hs_plan_free(&p);
    }
    /* bad options and duplicates are refused */
    o.duration = 0;
    CU_ASSERT_EQUAL(hs_plan_rolling(lv, m, 1, &o, &p, &err), -1);
    hs_plan_free(&p);
    o.duration = 1;
    {
        int dup[2] = {m[0], m[0]};
        CU_ASSERT_EQUAL(hs_plan_rolling(lv, dup, 2, &o, &p, &err), -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "listed twice"));
        hs_plan_free(&p);
    }
    reset_states();
}

int main(void)
{
    CU_pSuite s;
    int failed;
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("plan", setup, teardown);
    if (!s || !CU_add_test(s, "component lists", test_split) ||
        !CU_add_test(s, "name resolution", test_resolve) ||
        !CU_add_test(s, "maintenance groups", test_groups) ||
        !CU_add_test(s, "what-if", test_whatif) || !CU_add_test(s, "rolling plans", test_plan)) {
        CU_cleanup_registry();
        return 1;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = (int)(CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
                   CU_get_number_of_suites_failed());
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
