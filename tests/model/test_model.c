/*
 * tests/model/test_model.c — unit tests of the availability engine against
 * the published reference results (tests/model/data/fault-trees/README.md),
 * analytic cases and every parser case.
 */
#include "model/bdd.h"
#include "model/estimate.h"
#include "model/importance.h"
#include "model/mcs.h"
#include "model/model.h"
#include "model/order.h"
#include "model/sim.h"

#include <CUnit/Basic.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char data_dir[1024];

static void path_of(char *buf, size_t n, const char *rel)
{
    snprintf(buf, n, "%s/%s", data_dir, rel);
}

/* Loads 1 or 2 files (relative to the data dir); NULL on failure (asserts). */
static hs_model *load(const char *a, const char *b)
{
    char pa[1200], pb[1200];
    char *paths[2] = {pa, pb};
    hs_model *m = NULL;
    hs_error err = {0};
    path_of(pa, sizeof pa, a);
    if (b)
        path_of(pb, sizeof pb, b);
    int rc = hs_model_load_files(&m, paths, b ? 2 : 1, &err);
    if (rc)
        fprintf(stderr, "\nload %s: %s\n", a, err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    return m;
}

static hs_model *load_text(const char *text, hs_error *err)
{
    hs_model *m = hs_model_new();
    if (hs_model_load_config_text(m, text, "inline.conf", err) || hs_model_finish(m, err)) {
        hs_model_free(m);
        return NULL;
    }
    return m;
}

static bool close_rel(double a, double b, double rel)
{
    return fabs(a - b) <= rel * fabs(b) + 1e-300;
}

#define ASSERT_SIG6(a, b)                                                                          \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!close_rel(a_, b_, 5e-6))                                                              \
            fprintf(stderr, "\n%s = %.9g, want %.9g\n", #a, a_, b_);                               \
        CU_ASSERT(close_rel(a_, b_, 5e-6));                                                        \
    } while (0)

typedef struct ref_case {
    const char *a, *b;
    double p;
    double mcs;
    const char *orders; /* "k:n k:n ..." */
    double rare, mcub;  /* NAN = not checked */
} ref_case;

static void check_orders(const hs_mcs_result *r, const char *orders)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", orders);
    double total = 0;
    for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
        int k;
        double n;
        CU_ASSERT_EQUAL_FATAL(sscanf(tok, "%d:%lf", &k, &n), 2);
        CU_ASSERT_FATAL(k <= r->max_order);
        CU_ASSERT_EQUAL(r->by_order[k], n);
        total += n;
    }
    CU_ASSERT_EQUAL(r->count, total);
}

/* Two cut-set results describe the same family (counts by order and the
 * probability approximations). */
static void same_cut_sets(const hs_mcs_result *a, const hs_mcs_result *b)
{
    CU_ASSERT_EQUAL(a->count, b->count);
    CU_ASSERT_EQUAL_FATAL(a->max_order, b->max_order);
    for (int k = 0; k <= a->max_order; k++)
        CU_ASSERT_EQUAL(a->by_order[k], b->by_order[k]);
    CU_ASSERT(close_rel(a->rare_event, b->rare_event, 1e-12) ||
              (isnan(a->rare_event) && isnan(b->rare_event)));
    CU_ASSERT(close_rel(a->mcub, b->mcub, 1e-12) || (isnan(a->mcub) && isnan(b->mcub)));
    CU_ASSERT(close_rel(a->union_p, b->union_p, 1e-12) || (isnan(a->union_p) && isnan(b->union_p)));
}

static void run_ref(const ref_case *c)
{
    hs_model *m = load(c->a, c->b);
    hs_bdd *b = NULL;
    hs_error err = {0};
    double *q = calloc((size_t)m->n_events, sizeof *q);
    CU_ASSERT_FATAL(q != NULL);
    CU_ASSERT_EQUAL_FATAL(hs_model_default_q(m, q, &err), 0);
    CU_ASSERT_EQUAL_FATAL(hs_bdd_build(m, NULL, &b, &err), 0);
    ASSERT_SIG6(hs_bdd_probability(b, 0, q), c->p);
    hs_bdd_free(b);
    /* cut sets need the flat diagram; its P must be the same */
    hs_bdd_opts flat = {.flat = true};
    CU_ASSERT_EQUAL_FATAL(hs_bdd_build(m, &flat, &b, &err), 0);
    ASSERT_SIG6(hs_bdd_probability(b, 0, q), c->p);
    if (c->mcs > 0 || !isnan(c->rare)) {
        hs_mcs_result *r = NULL;
        hs_mcs_opts o = {0, 0.0, 0, false, true};
        CU_ASSERT_EQUAL_FATAL(hs_mcs_compute(b, 0, q, &o, &r, &err), 0);
        if (c->mcs > 0) {
            CU_ASSERT_EQUAL(r->count, c->mcs);
            if (c->orders)
                check_orders(r, c->orders);
        }
        if (!isnan(c->rare))
            ASSERT_SIG6(r->rare_event, c->rare);
        if (!isnan(c->mcub))
            ASSERT_SIG6(r->mcub, c->mcub);
        if (hs_bdd_coherent(b, 0)) {
            /* the union of every minimal cut set is the top event */
            ASSERT_SIG6(r->union_p, c->p);
            CU_ASSERT(close_rel(r->union_p, hs_bdd_probability(b, 0, q), 1e-10));
            /* the same sets built from the circuit, without the BDD */
            hs_mcs_result *rc = NULL;
            CU_ASSERT_EQUAL_FATAL(hs_mcs_compute_circuit(m, 0, q, &o, &rc, &err), 0);
            same_cut_sets(r, rc);
            hs_mcs_free(rc);
        }
        hs_mcs_free(r);
    }
    hs_bdd_free(b);
    free(q);
    hs_model_free(m);
}

static void test_reference_results(void)
{
    static const ref_case cases[] = {
        {"data/fault-trees/aralia/chinese.xml", NULL, 0.00117058, 392, "2:12 4:24 5:188 6:168", NAN,
         NAN},
        {"data/fault-trees/aralia/das9201.xml", NULL, 0.0134237, 14217,
         "2:82 3:9740 4:2881 5:1246 6:254 7:14", NAN, NAN},
        {"data/fault-trees/aralia/isp9605.xml", NULL, 1.37171e-05, 5630,
         "3:13 4:88 5:462 6:27 7:5040", NAN, NAN},
        {"data/fault-trees/aralia/edf9205.xml", NULL, 0.209351, 21308,
         "1:15 2:1089 3:4247 4:6662 5:2671 6:2112 7:3132 8:1380", NAN, NAN},
        {"data/fault-trees/aralia/ftr10.xml", NULL, 0.448677, 305, "1:57 2:243 3:5", NAN, NAN},
        {"data/fault-trees/real-probabilities/chinese.xml",
         "data/fault-trees/real-probabilities/chinese-basic-events.xml", 0.00456932, 392, NULL,
         0.00480445, 0.00479389},
        {"data/fault-trees/real-probabilities/baobab2.xml",
         "data/fault-trees/real-probabilities/baobab2-basic-events.xml", 0.0208686, 4805,
         "2:6 3:121 4:268 5:630 6:3780", NAN, NAN},
        {"data/fault-trees/small/two_train.xml", NULL, 0.7225, 4, "2:4", 1.44, 0.83839375},
        {"data/fault-trees/parser-cases/correct_tree_input_with_probs.xml", NULL, 0.646, 4, NULL,
         NAN, NAN},
        {"data/fault-trees/core/abc.xml", NULL, 0.496, 0, NULL, 0.6, NAN},
        {"data/fault-trees/core/ab_bc.xml", NULL, 0.074, 0, NULL, 0.08, NAN},
        {"data/fault-trees/core/atleast.xml", NULL, 0.098, 0, NULL, 0.11, NAN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_ref(&cases[i]);
}

static void test_importance_reference(void)
{
    hs_model *m = load("data/fault-trees/parser-cases/correct_tree_input_with_probs.xml", NULL);
    hs_bdd *b = NULL;
    hs_error err = {0};
    double q[4], p;
    hs_importance imp[4];
    CU_ASSERT_EQUAL_FATAL(m->n_events, 4);
    CU_ASSERT_EQUAL_FATAL(hs_model_default_q(m, q, &err), 0);
    CU_ASSERT_EQUAL_FATAL(hs_bdd_build(m, NULL, &b, &err), 0);
    CU_ASSERT_EQUAL_FATAL(hs_importance_compute(b, 0, q, &p, imp, &err), 0);
    ASSERT_SIG6(p, 0.646);
    int v1 = m->nodes[hs_model_find(m, "ValveOne")].event;
    int p1 = m->nodes[hs_model_find(m, "PumpOne")].event;
    int v2 = m->nodes[hs_model_find(m, "ValveTwo")].event;
    int p2 = m->nodes[hs_model_find(m, "PumpTwo")].event;
    ASSERT_SIG6(imp[v1].birnbaum, 0.34);
    ASSERT_SIG6(imp[p1].birnbaum, 0.51);
    ASSERT_SIG6(imp[v2].birnbaum, 0.228);
    ASSERT_SIG6(imp[p2].birnbaum, 0.38);
    ASSERT_SIG6(imp[v1].raw, 1.31579);
    ASSERT_SIG6(imp[p1].rrw, 1.9);
    /* Definitions: CI = B q / P, FV = (P - P0) / P; for a coherent tree
     * with q < 1 they coincide. */
    ASSERT_SIG6(imp[v1].criticality, 0.34 * 0.4 / 0.646);
    ASSERT_SIG6(imp[v1].fussell_vesely, 0.34 * 0.4 / 0.646);
    hs_bdd_free(b);
    hs_model_free(m);
}

/* Repeated events must be exact: (A or B) and (A or C), q = 0.1 → 0.109. */
static void test_repeated_events(void)
{
    hs_error err = {0};
    hs_model *m = load_text("model = { components = ( { name = \"A\"; unavailability = 0.1; },"
                            " { name = \"B\"; unavailability = 0.1; },"
                            " { name = \"C\"; unavailability = 0.1; } );"
                            " gates = ( { name = \"ab\"; type = \"or\"; inputs = [\"A\", \"B\"]; },"
                            " { name = \"ac\"; type = \"or\"; inputs = [\"A\", \"C\"]; },"
                            " { name = \"top\"; type = \"and\"; inputs = [\"ab\", \"ac\"]; } ); };",
                            &err);
    CU_ASSERT_FATAL(m != NULL);
    hs_bdd *b = NULL;
    double q[3];
    CU_ASSERT_EQUAL_FATAL(hs_model_default_q(m, q, &err), 0);
    CU_ASSERT_EQUAL_FATAL(hs_bdd_build(m, NULL, &b, &err), 0);
    CU_ASSERT_EQUAL_FATAL(m->n_tops, 1);
    ASSERT_SIG6(hs_bdd_probability(b, 0, q), 0.109);
    hs_bdd_free(b);
    hs_model_free(m);
}

/* Series, parallel, k-of-n (identical and not) against closed forms. */
static void test_analytic(void)
{
    hs_error err = {0};
    hs_model *m =
        load_text("model = { components = ("
                  " { name = \"a\"; unavailability = 0.1; },"
                  " { name = \"b\"; unavailability = 0.2; },"
                  " { name = \"c\"; unavailability = 0.3; },"
                  " { name = \"d\"; mttf = 1000.0; mttr = 10.0; },"
                  " { name = \"e\"; mttf = 1000.0; mttr = 10.0; },"
                  " { name = \"f\"; mttf = 1000.0; mttr = 10.0; } );"
                  " gates = ( { name = \"series\"; type = \"or\"; inputs = [\"a\",\"b\",\"c\"]; },"
                  " { name = \"parallel\"; type = \"and\"; inputs = [\"a\",\"b\",\"c\"]; },"
                  " { name = \"k2\"; type = \"atleast\"; k = 2; inputs = [\"a\",\"b\",\"c\"]; },"
                  " { name = \"db\"; type = \"atleast\"; k = 2; inputs = [\"d\",\"e\",\"f\"]; } );"
                  " services = ( { name = \"S\"; top = \"series\"; },"
                  " { name = \"P\"; top = \"parallel\"; }, { name = \"K\"; top = \"k2\"; },"
                  " { name = \"DB\"; top = \"db\"; target = 0.999; } ); };",
                  &err);
    if (!m)
        fprintf(stderr, "\n%s\n", err.msg);
    CU_ASSERT_FATAL(m != NULL);
    hs_bdd *b = NULL;
    double q[6];
    CU_ASSERT_EQUAL_FATAL(hs_model_default_q(m, q, &err), 0);
    CU_ASSERT_EQUAL_FATAL(hs_bdd_build(m, NULL, &b, &err), 0);
    double a = 0.1, bb = 0.2, c = 0.3;
    ASSERT_SIG6(hs_bdd_probability(b, 0, q), 1 - (1 - a) * (1 - bb) * (1 - c));
    ASSERT_SIG6(hs_bdd_probability(b, 1, q), a * bb * c);
    ASSERT_SIG6(hs_bdd_probability(b, 2, q), a * bb + a * c + bb * c - 2 * a * bb * c);
    hs_steady s;
    CU_ASSERT_EQUAL_FATAL(hs_steady_compute(b, 3, q, &s, &err), 0);
    ASSERT_SIG6(s.unavailability, 2.92148e-4);
    CU_ASSERT(fabs(s.outages_per_year - 0.51014) < 0.000005);
    CU_ASSERT(fabs(s.mdt - 5.017) < 0.0005);
    CU_ASSERT(fabs(s.downtime_min_per_year - 2.92148e-4 * 525600) < 0.01);
    /* Forcing: one node DOWN makes it 1-of-2. */
    q[m->nodes[hs_model_find(m, "d")].event] = 1.0;
    double qq = 10.0 / 1010.0;
    ASSERT_SIG6(hs_bdd_probability(b, 3, q), 1 - (1 - qq) * (1 - qq));
    hs_bdd_free(b);
    hs_model_free(m);
}

static void test_simulation_agrees(void)
{
    hs_model *m = load("two_of_three.conf", NULL);
    hs_error err = {0};
    hs_sim_opts o = {2e5, 20, 7, 2, false, NULL};
    hs_sim_result r;
    CU_ASSERT_EQUAL_FATAL(hs_sim_run(m, 0, &o, &r, &err), 0);
    CU_ASSERT(r.unavailability.lo <= 2.92148e-4 && 2.92148e-4 <= r.unavailability.hi);
    CU_ASSERT(r.outages_per_year.lo <= 0.51014 && 0.51014 <= r.outages_per_year.hi);
    CU_ASSERT(r.mean_outage_h.lo <= 5.017 && 5.017 <= r.mean_outage_h.hi);
    if (!(r.mean_outage_h.lo <= 5.017 && 5.017 <= r.mean_outage_h.hi))
        fprintf(stderr, "\nmean outage %g [%g, %g]\n", r.mean_outage_h.mean, r.mean_outage_h.lo,
                r.mean_outage_h.hi);
    /* Same seed, other thread count: identical numbers. */
    hs_sim_result r1;
    o.threads = 1;
    CU_ASSERT_EQUAL_FATAL(hs_sim_run(m, 0, &o, &r1, &err), 0);
    CU_ASSERT_EQUAL(r.unavailability.mean, r1.unavailability.mean);
    CU_ASSERT_EQUAL(r.events, r1.events);
    /* Fixed probabilities cannot be simulated: clear error. */
    hs_model *f = load("data/fault-trees/small/two_train.xml", NULL);
    CU_ASSERT_EQUAL(hs_sim_run(f, 0, &o, &r1, &err), -1);
    CU_ASSERT(strstr(err.msg, "rates") != NULL);
    hs_model_free(f);
    hs_model_free(m);
}

/* Valid MEF inputs we accept (loads and finishes). Every other parser case
 * must be refused with a message naming file:line. */
static const char *const accepted[] = {"atleast_gate.xml",
                                       "case_sensitivity.xml",
                                       "children_nand_nor.xml",
                                       "constant_gates.xml",
                                       "constant_propagation.xml",
                                       "correct_formulas.xml",
                                       "correct_non_coherent.xml",
                                       "correct_tree_input.xml",
                                       "correct_tree_input_with_probs.xml",
                                       "duplicate_via_not.xml",
                                       "flavored_types.xml",
                                       "graphing.xml",
                                       "importance_neg_test.xml",
                                       "importance_test.xml",
                                       "labels_and_attributes.xml",
                                       "missing_bool_constant.xml",
                                       "missing_expression.xml",
                                       "mixed_definitions.xml",
                                       "model_data_mixed_definitions.xml",
                                       "nested_formula.xml",
                                       "nested_not.xml",
                                       "nested_not_not.xml",
                                       "non_top_gate.xml",
                                       "null_gate_with_label.xml",
                                       "orphan_primary_event.xml",
                                       "repeated_attribute.xml",
                                       "trailing_spaces.xml",
                                       "two_trees.xml",
                                       "unordered_structure.xml",
                                       "very_long_mcs.xml",
                                       NULL};

static void test_parser_cases(void)
{
    char dir[1200];
    path_of(dir, sizeof dir, "data/fault-trees/parser-cases");
    DIR *d = opendir(dir);
    CU_ASSERT_FATAL(d != NULL);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strstr(e->d_name, ".xml"))
            continue;
        char path[2400];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *paths[1] = {path};
        hs_model *m = NULL;
        hs_error err = {0};
        int rc = hs_model_load_files(&m, paths, 1, &err);
        bool want_ok = false;
        for (int i = 0; accepted[i]; i++)
            want_ok = want_ok || strcmp(accepted[i], e->d_name) == 0;
        if ((rc == 0) != want_ok)
            fprintf(stderr, "\n%s: rc %d: %s\n", e->d_name, rc, err.msg);
        CU_ASSERT_EQUAL(rc == 0, want_ok);
        if (rc) {
            CU_ASSERT(strstr(err.msg, e->d_name) != NULL);
            CU_ASSERT(err.line > 0);
        }
        hs_model_free(m);
        n++;
    }
    closedir(d);
    CU_ASSERT(n >= 90);
}

/* Every core case loads (or is refused by name) and gives a probability in
 * [0, 1]; checks a few non-coherent ones by hand. */
static void test_core_cases(void)
{
    static const struct {
        const char *f;
        double p;
    } known[] = {{"a_and_not_b.xml", 0.08},
                 {"a_or_not_a.xml", 1.0},
                 {"a_and_not_a.xml", 0.0},
                 {"xor.xml", 0.404},
                 {"iff.xml", 0.404},
                 {"nand.xml", 0.98},
                 {"nor.xml", 0.72},
                 {"cardinality.xml", 0.49},
                 {"null_a.xml", 0.5},
                 {"unity.xml", 1.0},
                 {"null.xml", 0.0},
                 {"single_exponential.xml", 0.0838727},
                 {NULL, 0}};
    char dir[1200];
    path_of(dir, sizeof dir, "data/fault-trees/core");
    DIR *d = opendir(dir);
    CU_ASSERT_FATAL(d != NULL);
    for (struct dirent *e; (e = readdir(d));) {
        if (!strstr(e->d_name, ".xml"))
            continue;
        char path[2400];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *paths[1] = {path};
        hs_model *m = NULL;
        hs_error err = {0};
        if (hs_model_load_files(&m, paths, 1, &err)) {
            CU_ASSERT(strstr(err.msg, e->d_name) != NULL);
            continue;
        }
        double *q = calloc((size_t)m->n_events + 1, sizeof *q);
        hs_bdd *b = NULL;
        hs_bdd_opts flat = {.flat = true};
        if (hs_model_default_q(m, q, &err) == 0 && hs_bdd_build(m, &flat, &b, &err) == 0) {
            double p = hs_bdd_probability(b, 0, q);
            CU_ASSERT(p >= 0.0 && p <= 1.0);
            for (int i = 0; known[i].f; i++)
                if (strcmp(known[i].f, e->d_name) == 0)
                    ASSERT_SIG6(p, known[i].p);
            hs_mcs_result *r = NULL;
            CU_ASSERT_EQUAL(hs_mcs_compute(b, 0, q, NULL, &r, &err), 0);
            hs_mcs_free(r);
        } else {
            CU_ASSERT(strstr(err.msg, "no probability") != NULL);
        }
        hs_bdd_free(b);
        free(q);
        hs_model_free(m);
    }
    closedir(d);
}

static void expect_error(const char *text, const char *needle, int line)
{
    hs_error err = {0};
    hs_model *m = load_text(text, &err);
    CU_ASSERT(m == NULL);
    if (!strstr(err.msg, needle) || err.line != line)
        fprintf(stderr, "\nwant '%s' at %d, got: %s\n", needle, line, err.msg);
    CU_ASSERT(strstr(err.msg, needle) != NULL);
    CU_ASSERT(strstr(err.msg, "inline.conf") != NULL);
    CU_ASSERT_EQUAL(err.line, line);
    hs_model_free(m);
}

static void test_config_errors(void)
{
    expect_error("model = {\n components = (\n { name = \"a\"; colour = 1; }"
                 " );\n};",
                 "unknown key 'colour'", 3);
    expect_error("model = {\n components = (\n { name = \"a\"; mttf = -1.0;"
                 " mttr = 1.0; } );\n};",
                 "must be > 0", 3);
    expect_error("model = {\n components = (\n { name = \"a\"; lambda = -1.0;"
                 " mu = 1.0; } );\n};",
                 "negative rate", 3);
    expect_error("model = {\n components = (\n { name = \"a\";"
                 " availability = 1.5; } );\n};",
                 "outside [0, 1]", 3);
    expect_error("model = {\n components = ( { name = \"a\"; unavailability "
                 "= 0.1; } );\n gates = (\n { name = \"g\"; type = \"or\";"
                 " inputs = [\"a\", \"h\"]; },\n { name = \"h\"; type = "
                 "\"and\"; inputs = [\"a\", \"g\"]; } );\n};",
                 "cycle", 4);
    expect_error("model = {\n components = ( { name = \"a\"; unavailability "
                 "= 0.1; } );\n gates = (\n { name = \"g\"; type = \"or\";"
                 " inputs = [\"a\", \"zz\"]; } );\n};",
                 "undefined event 'zz'", 4);
    expect_error("model = {\n components = ( { name = \"a\"; unavailability "
                 "= 0.1; },\n { name = \"a\"; unavailability = 0.2; } );\n};",
                 "defined twice", 3);
    expect_error("model = {\n components = ( { name = \"a\"; unavailability "
                 "= 0.1; } );\n services = (\n { name = \"S\"; top = \"a\"; "
                 "owner = \"x\"; } );\n};",
                 "unknown key 'owner'", 4);
    expect_error("model = {\n components = ( { name = \"a\"; unavailability "
                 "= 0.1; } );\n gates = (\n { name = \"g\"; type = \"maj\";"
                 " inputs = [\"a\"]; } );\n};",
                 "unknown type 'maj'", 4);
    expect_error("model = { components = ( { name = \"a\" ; } ) ", "syntax error", 1);
}

static void test_accepted_keys(void)
{
    hs_error err = {0};
    hs_model *m = load_text("model = { components = ( { name = \"a\"; technology = \"host\";"
                            " mttf = 100.0; mttr = 1.0; description = \"d\"; host = \"h1\";"
                            " group = \"g\"; live = { target = \"web\"; }; comment = \"c\"; } );"
                            " services = ( { name = \"S\"; top = \"a\"; importance = 2.5;"
                            " target = 0.99; description = \"x\"; } ); };",
                            &err);
    if (!m)
        fprintf(stderr, "\n%s\n", err.msg);
    CU_ASSERT_FATAL(m != NULL);
    const hs_model_node *a = &m->nodes[hs_model_find(m, "a")];
    CU_ASSERT_STRING_EQUAL(a->technology, "host");
    ASSERT_SIG6(a->lambda, 0.01);
    ASSERT_SIG6(a->mu, 1.0);
    CU_ASSERT_EQUAL(m->tops[0].importance, 2.5);
    CU_ASSERT_EQUAL(m->tops[0].target, 0.99);
    hs_model_free(m);
}

/* A build that runs out of nodes fails cleanly, and the next build in the
 * same process is right (BuDDy keeps error state across sessions). */
/* P and every Birnbaum value of X agree with those of REF for TOP 0, with
 * the model's probabilities and with random ones (so that no symmetry of
 * the all-equal Aralia probabilities hides a wrong factor). */
static void check_same(const char *what, const hs_model *m, const hs_bdd *x, const hs_bdd *ref,
                       unsigned *seed)
{
    hs_error err = {0};
    size_t n = (size_t)m->n_events + 1;
    double *q = calloc(n, sizeof *q), *b1 = calloc(n, sizeof *b1), *b2 = calloc(n, sizeof *b2);
    CU_ASSERT_FATAL(q && b1 && b2);
    for (int round = 0; round < 2; round++) {
        if (round == 0) {
            CU_ASSERT_EQUAL_FATAL(hs_model_default_q(m, q, &err), 0);
        } else {
            for (int e = 0; e < m->n_events; e++) {
                *seed = *seed * 1103515245u + 12345u;
                q[e] = ((*seed >> 8) & 0xffff) / 65536.0 * 0.5 + 1e-3;
            }
        }
        double p1, p2;
        CU_ASSERT_EQUAL(hs_bdd_birnbaum(x, 0, q, &p1, b1, &err), 0);
        CU_ASSERT_EQUAL(hs_bdd_birnbaum(ref, 0, q, &p2, b2, &err), 0);
        if (!close_rel(p1, p2, 1e-9))
            fprintf(stderr, "\n%s: P %.12g, want %.12g\n", what, p1, p2);
        CU_ASSERT(close_rel(p1, p2, 1e-9));
        CU_ASSERT(close_rel(hs_bdd_probability(x, 0, q), p2, 1e-9));
        int bad = 0;
        for (int e = 0; e < m->n_events; e++)
            bad += fabs(b1[e] - b2[e]) > 1e-9 * fabs(b2[e]) + 1e-15;
        if (bad)
            fprintf(stderr, "\n%s: %d Birnbaum values differ\n", what, bad);
        CU_ASSERT_EQUAL(bad, 0);
    }
    free(q);
    free(b1);
    free(b2);
}

/* Modules (independent gates replaced by one variable) must change neither
 * P nor any Birnbaum value: compared against the flat diagram on every
 * Aralia tree the flat build finishes quickly. */
static void test_modules_match_flat(void)
{
    static const char *trees[] = {
        "aralia/baobab1", "aralia/baobab2", "aralia/baobab3", "aralia/chinese",
        "aralia/das9201", "aralia/das9202", "aralia/das9204", "aralia/das9205",
        "aralia/das9206", "aralia/das9208", "aralia/das9601", "aralia/edf9201",
        "aralia/edf9205", "aralia/elf9601", "aralia/ftr10",   "aralia/isp9601",
        "aralia/isp9603", "aralia/isp9605", "aralia/isp9606", "aralia/isp9607",
        "aralia/jbd9601", "small/ne574",    "core/ab_bc",     NULL};
    unsigned seed = 12345;
    int with_modules = 0;
    for (int t = 0; trees[t]; t++) {
        char rel[256];
        snprintf(rel, sizeof rel, "data/fault-trees/%s.xml", trees[t]);
        hs_model *m = load(rel, NULL);
        hs_error err = {0};
        hs_bdd *mod = NULL, *flat = NULL;
        hs_bdd_opts fo = {.flat = true};
        CU_ASSERT_EQUAL_FATAL(hs_bdd_build(m, NULL, &mod, &err), 0);
        CU_ASSERT_EQUAL_FATAL(hs_bdd_build(m, &fo, &flat, &err), 0);
        check_same(trees[t], m, mod, flat, &seed);
        if (hs_bdd_size(mod, 0) < hs_bdd_size(flat, 0)) {
            with_modules++;
            /* cut sets are refused on a diagram with modules */
            hs_mcs_result *r = NULL;
            CU_ASSERT_EQUAL(hs_mcs_compute(mod, 0, NULL, NULL, &r, &err), -1);
            CU_ASSERT(strstr(err.msg, "flat") != NULL);
            hs_mcs_free(r);
        }
        hs_bdd_free(mod);
        hs_bdd_free(flat);
        hs_model_free(m);
    }
    /* the comparison is only worth something if modules were used */
    CU_ASSERT(with_modules >= 10);
}

/* Every static variable order alone, with and without modules, must give
 * the same P, Birnbaum values and cut sets as the default race. */
static void test_orders_agree(void)
{
    static const char *trees[] = {"aralia/edfpa15b", "aralia/edfpa15r", "aralia/das9601", NULL};
    unsigned seed = 777;
    for (int t = 0; trees[t]; t++) {
        char rel[256];
        snprintf(rel, sizeof rel, "data/fault-trees/%s.xml", trees[t]);
        hs_model *m = load(rel, NULL);
        hs_error err = {0};
        hs_bdd *flat = NULL;
        hs_bdd_opts fo = {.flat = true};
        CU_ASSERT_EQUAL_FATAL(hs_bdd_build(m, &fo, &flat, &err), 0);
        hs_mcs_opts mo = {.order_limit = 3};
        hs_mcs_result *r1 = NULL;
        CU_ASSERT_EQUAL_FATAL(hs_mcs_compute(flat, 0, NULL, &mo, &r1, &err), 0);
        CU_ASSERT(r1->count > 100);
        for (int h = 1; h <= hs_bdd_strategy_count(); h++) {
            hs_bdd *one = NULL, *one_flat = NULL;
            hs_bdd_opts so = {.only_order = h}, sfo = {.only_order = h, .flat = true};
            CU_ASSERT_EQUAL_FATAL(hs_bdd_build(m, &so, &one, &err), 0);
            CU_ASSERT_EQUAL_FATAL(hs_bdd_build(m, &sfo, &one_flat, &err), 0);
            check_same(trees[t], m, one, flat, &seed);
            check_same(trees[t], m, one_flat, flat, &seed);
            hs_mcs_result *r2 = NULL;
            CU_ASSERT_EQUAL_FATAL(hs_mcs_compute(one_flat, 0, NULL, &mo, &r2, &err), 0);
            CU_ASSERT_EQUAL(r1->count, r2->count);
            CU_ASSERT_EQUAL(r1->max_order, r2->max_order);
            for (int k = 0; k <= r1->max_order && k <= r2->max_order; k++)
                CU_ASSERT_EQUAL(r1->by_order[k], r2->by_order[k]);
            hs_mcs_free(r2);
            hs_bdd_free(one);
            hs_bdd_free(one_flat);
        }
        hs_mcs_free(r1);
        hs_bdd_free(flat);
        hs_model_free(m);
    }
}

/* --- random models against brute force ----------------------------- */

static unsigned rnd(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

/* Value of model node ID under the full assignment X (per event). */
static bool eval_node(const hs_model *m, int id, const bool *x)
{
    const hs_model_node *n = &m->nodes[id];
    if (n->kind == HS_NODE_EVENT)
        return x[n->event];
    if (n->kind == HS_NODE_HOUSE)
        return n->value;
    int t = 0;
    bool v[16];
    for (int i = 0; i < n->n_in; i++)
        t += v[i] = eval_node(m, n->in[i], x);
    switch (n->op) {
    case HS_OP_AND: return t == n->n_in;
    case HS_OP_OR: return t > 0;
    case HS_OP_NAND: return t != n->n_in;
    case HS_OP_NOR: return t == 0;
    case HS_OP_ATLEAST: return t >= n->k;
    case HS_OP_CARD: return t >= n->k && t <= n->kmax;
    case HS_OP_XOR: return t % 2 == 1;
    case HS_OP_NOT: return !v[0];
    case HS_OP_NULL: return v[0];
    case HS_OP_IFF: return v[0] == v[1];
    case HS_OP_IMPLY: return !v[0] || v[1];
    case HS_OP_TRUE: return true;
    case HS_OP_FALSE: return false;
    }
    return false;
}

/* A random fault tree in MEF over N_EV events: every gate takes inputs
 * among the events, two house events and the gates before it, so events
 * and gates are shared, constants propagate and modules form. */
static char *random_mef(unsigned *s, int n_ev, int n_gates, bool coherent)
{
    static const char *ops[] = {"and", "or",    "atleast",     "not", "xor", "nand", "nor",
                                "iff", "imply", "cardinality", "and", "or",  "or",   "and"};
    size_t cap = 1 << 16, len = 0;
    char *x = malloc(cap);
#define OUT(...) (len += (size_t)snprintf(x + len, cap - len, __VA_ARGS__))
    OUT("<opsa-mef><define-fault-tree name=\"r\">\n");
    bool referenced[64] = {false};
    for (int g = 0; g < n_gates; g++) {
        /* ops[0..2] are the coherent ones */
        const char *op = ops[rnd(s) % (coherent ? 3 : sizeof ops / sizeof ops[0])];
        int n = 2 + (int)(rnd(s) % 4);
        if (!strcmp(op, "not"))
            n = 1;
        if (!strcmp(op, "iff") || !strcmp(op, "imply"))
            n = 2;
        int k = 1 + (int)(rnd(s) % (unsigned)n);
        int kmax = k + (int)(rnd(s) % (unsigned)(n - k + 1));
        OUT("<define-gate name=\"g%d\">", g);
        if (!strcmp(op, "atleast"))
            OUT("<atleast min=\"%d\">", k);
        else if (!strcmp(op, "cardinality"))
            OUT("<cardinality min=\"%d\" max=\"%d\">", k, kmax);
        else
            OUT("<%s>", op);
        int used[8], nu = 0;
        /* the last gate is the top: make it reach the gates before it */
        for (int i = 0; i < n; i++) {
            int pick;
            bool dup;
            do {
                int r = (int)(rnd(s) % (unsigned)(n_ev + 2 + g));
                pick = (g == n_gates - 1 && i == 0 && g > 0) ? n_ev + 2 + g - 1 : r;
                dup = false;
                for (int j = 0; j < nu; j++)
                    dup |= used[j] == pick;
            } while (dup);
            used[nu++] = pick;
            if (pick < n_ev)
                OUT("<basic-event name=\"e%d\"/>", pick);
            else if (pick < n_ev + 2)
                OUT("<house-event name=\"h%d\"/>", pick - n_ev);
            else {
                OUT("<gate name=\"g%d\"/>", pick - n_ev - 2);
                referenced[pick - n_ev - 2] = true;
            }
        }
        OUT("</%s></define-gate>\n", op);
    }
    /* one fault tree has one top: an OR over the gates nothing uses */
    int loose = 0;
    for (int g = 0; g < n_gates; g++)
        loose += !referenced[g];
    if (loose > 1) {
        OUT("<define-gate name=\"top\"><or>");
        for (int g = 0; g < n_gates; g++)
            if (!referenced[g])
                OUT("<gate name=\"g%d\"/>", g);
        OUT("</or></define-gate>\n");
    }
    for (int e = 0; e < n_ev; e++)
        OUT("<define-basic-event name=\"e%d\"><float value=\"%.3f\"/>"
            "</define-basic-event>\n",
            e, 0.05 + 0.9 * (rnd(s) % 1000) / 1000.0);
    OUT("<define-house-event name=\"h0\"><constant value=\"true\"/>"
        "</define-house-event><define-house-event name=\"h1\"><constant "
        "value=\"false\"/></define-house-event>\n");
    OUT("</define-fault-tree></opsa-mef>\n");
#undef OUT
    return x;
}

/* The circuit's rewriting (constants, repeats, coalescing, hash-consing,
 * XOR/cardinality expansion) and the modular build must keep every top
 * event's function: P and Birnbaum of random trees against the truth
 * table, with modules, flat, and under every strategy alone. */
/* Cut sets from the circuit against the flat BDD's, for every top, whole
 * and under an order limit; a top with a negation must be refused. */
static void random_cut_sets(const hs_model *m, const hs_bdd *flat, const double *q, int round)
{
    hs_error err = {0};
    for (int t = 0; t < m->n_tops && t < 4; t++) {
        double p = hs_bdd_probability(flat, t, q), below = 0.0;
        for (int order = 0; order <= 2; order++) {
            hs_mcs_opts o = {order, 0.0, 0, false, true};
            hs_mcs_result *a = NULL, *c = NULL;
            int rc = hs_mcs_compute_circuit(m, t, q, &o, &c, &err);
            if (!hs_bdd_coherent(flat, t)) {
                /* negations the circuit folds away (x + ¬x) leave a
                 * coherent function: then there is nothing to refuse */
                CU_ASSERT(rc == 0 || strstr(err.msg, "not coherent"));
                hs_mcs_free(c);
                continue;
            }
            CU_ASSERT_EQUAL_FATAL(rc, 0);
            CU_ASSERT_EQUAL_FATAL(hs_mcs_compute(flat, t, q, &o, &a, &err), 0);
            if (a->count != c->count)
                fprintf(stderr,
                        "\nround %d top %d order %d: %g cut sets "
                        "from the circuit, %g from the BDD\n",
                        round, t, order, c->count, a->count);
            same_cut_sets(a, c);
            /* all the sets give P(top); some of them, at most that, and
             * no less than fewer of them (order 1 before order 2) */
            if (order == 0) {
                CU_ASSERT(close_rel(c->union_p, p, 1e-10) || fabs(c->union_p - p) < 1e-13);
            } else {
                CU_ASSERT(c->union_p <= p + 1e-13);
                CU_ASSERT(c->union_p >= below - 1e-13);
                below = c->union_p;
            }
            hs_mcs_free(a);
            hs_mcs_free(c);
        }
    }
}

/* Coherent random trees (and, or, at-least; house events too), larger
 * than brute force allows: the circuit's cut sets against the flat BDD's,
 * whole and under order limits 1 and 2. */
static void test_random_cut_sets(void)
{
    unsigned seed = 7001;
    for (int round = 0; round < 500; round++) {
        char *xml = random_mef(&seed, 14, 6 + (int)(rnd(&seed) % 20), true);
        hs_model *m = hs_model_new();
        hs_error err = {0};
        int rc = hs_model_load_mef(m, xml, strlen(xml), "random.xml", &err);
        if (rc == 0)
            rc = hs_model_finish(m, &err);
        CU_ASSERT_EQUAL_FATAL(rc, 0);
        double q[16];
        CU_ASSERT_EQUAL_FATAL(hs_model_default_q(m, q, &err), 0);
        hs_bdd_opts o = {.flat = true};
        hs_bdd *b = NULL;
        CU_ASSERT_EQUAL_FATAL(hs_bdd_build(m, &o, &b, &err), 0);
        for (int t = 0; t < m->n_tops; t++)
            CU_ASSERT(hs_bdd_coherent(b, t));
        random_cut_sets(m, b, q, round);
        hs_bdd_free(b);
        hs_model_free(m);
        free(xml);
    }
}

static void test_random_trees(void)
{
    unsigned seed = 20261201;
    int n_ev = 9;
    bool x[16];
    for (int round = 0; round < 1000; round++) {
        char *xml = random_mef(&seed, n_ev, 4 + (int)(rnd(&seed) % 14), false);
        hs_model *m = hs_model_new();
        hs_error err = {0};
        int rc = hs_model_load_mef(m, xml, strlen(xml), "random.xml", &err);
        if (rc == 0)
            rc = hs_model_finish(m, &err);
        if (rc)
            fprintf(stderr, "\n%s\n%s\n", err.msg, xml);
        CU_ASSERT_EQUAL_FATAL(rc, 0);
        double q[16], p_ref[4] = {0}, b_ref[4][16];
        int n = m->n_events, tops = m->n_tops < 4 ? m->n_tops : 4;
        CU_ASSERT_EQUAL_FATAL(hs_model_default_q(m, q, &err), 0);
        memset(b_ref, 0, sizeof b_ref);
        for (unsigned a = 0; a < 1u << n; a++) {
            double w = 1;
            for (int e = 0; e < n; e++) {
                x[e] = a >> e & 1;
                w *= x[e] ? q[e] : 1 - q[e];
            }
            for (int t = 0; t < tops; t++) {
                bool v = eval_node(m, m->tops[t].node, x);
                p_ref[t] += v ? w : 0;
                /* Birnbaum: P(top | e up) − P(top | e down) */
                for (int e = 0; e < n; e++) {
                    double we = w / (x[e] ? q[e] : 1 - q[e]);
                    if (v)
                        b_ref[t][e] += x[e] ? we : -we;
                }
            }
        }
        /* 0: the race; 1: flat; 2..: each strategy alone */
        for (int v = 0; v <= 1 + hs_bdd_strategy_count(); v++) {
            hs_bdd_opts o = {.flat = v == 1, .only_order = v >= 2 ? v - 1 : 0};
            hs_bdd *b = NULL;
            CU_ASSERT_EQUAL_FATAL(hs_bdd_build(m, &o, &b, &err), 0);
            for (int t = 0; t < tops; t++) {
                double p, bi[16];
                CU_ASSERT_EQUAL_FATAL(hs_bdd_birnbaum(b, t, q, &p, bi, &err), 0);
                bool ok = fabs(p - p_ref[t]) < 1e-12;
                for (int e = 0; e < n; e++)
                    ok &= fabs(bi[e] - b_ref[t][e]) < 1e-12;
                if (!ok)
                    fprintf(stderr,
                            "\nround %d variant %d top %d: P %.15g "
                            "want %.15g\n%s",
                            round, v, t, p, p_ref[t], xml);
                CU_ASSERT(ok);
            }
            if (v == 1)
                random_cut_sets(m, b, q, round);
            hs_bdd_free(b);
        }
        hs_model_free(m);
        free(xml);
    }
}

/* MEF text of one of the scaling shapes of bench/model-scale-bench.sh, N
 * events or gates, every event q = 0.001: "or", "atleast" (3 of N),
 * "chain" (N OR gates, each over the previous and an event), "andor" (the
 * chain with AND on odd gates), "wide-dup" (an OR of N events whose last
 * input is an OR of two of them used nowhere else). Caller frees. */
static char *shape_mef(const char *shape, int n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_FATAL(f != NULL);
    fprintf(f, "<?xml version=\"1.0\"?><opsa-mef><define-fault-tree name=\"s\">");
    bool chain = strcmp(shape, "chain") == 0 || strcmp(shape, "andor") == 0;
    if (chain) {
        for (int i = n; i >= 1; i--) {
            const char *op = strcmp(shape, "andor") == 0 && i % 2 ? "and" : "or";
            fprintf(f, "<define-gate name=\"g%d\"><%s>", i, op);
            if (i > 1)
                fprintf(f, "<gate name=\"g%d\"/>", i - 1);
            else
                fprintf(f, "<basic-event name=\"e0\"/>");
            fprintf(f, "<basic-event name=\"e%d\"/></%s></define-gate>", i, op);
        }
    } else {
        bool k3 = strcmp(shape, "atleast") == 0;
        fprintf(f, "<define-gate name=\"top\">%s", k3 ? "<atleast min=\"3\">" : "<or>");
        for (int i = 1; i <= n; i++)
            fprintf(f, "<basic-event name=\"e%d\"/>", i);
        if (strcmp(shape, "wide-dup") == 0)
            fprintf(f, "<gate name=\"pair\"/></or></define-gate><define-gate name=\"pair\">"
                       "<or><basic-event name=\"e1\"/><basic-event name=\"e2\"/></or>");
        fprintf(f, "%s</define-gate>", k3 ? "</atleast>" : strcmp(shape, "or") == 0 ? "</or>" : "");
    }
    fprintf(f, "</define-fault-tree><model-data>");
    for (int i = chain ? 0 : 1; i <= n; i++)
        fprintf(f, "<define-basic-event name=\"e%d\"><float value=\"0.001\"/></define-basic-event>",
                i);
    fprintf(f, "</model-data></opsa-mef>");
    fclose(f);
    return buf;
}

/* P(top) of shape_mef(SHAPE, N) through the default build. */
static double shape_probability(const char *shape, int n)
{
    char *xml = shape_mef(shape, n);
    hs_model *m = hs_model_new();
    hs_error err = {0};
    int rc = hs_model_load_mef(m, xml, strlen(xml), "shape.xml", &err);
    if (rc == 0)
        rc = hs_model_finish(m, &err);
    if (rc)
        fprintf(stderr, "\n%s: %s\n", shape, err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    double *q = calloc((size_t)m->n_events, sizeof *q), p = -1;
    hs_bdd *b = NULL;
    CU_ASSERT_FATAL(q != NULL);
    CU_ASSERT_EQUAL_FATAL(hs_model_default_q(m, q, &err), 0);
    CU_ASSERT_EQUAL_FATAL(hs_bdd_build(m, NULL, &b, &err), 0);
    p = hs_bdd_probability(b, 0, q);
    hs_bdd_free(b);
    free(q);
    hs_model_free(m);
    free(xml);
    return p;
}

/* The large shapes the builder once handled in quadratic time (wide gates,
 * long chains, merged gates with repeats) against closed forms; and a
 * repeated input of a wide gate is still refused by name. */
static void test_large_shapes(void)
{
    double q = 0.001, r = 1 - q;
    ASSERT_SIG6(shape_probability("or", 3000), 1 - pow(r, 3000));
    ASSERT_SIG6(shape_probability("wide-dup", 40), 1 - pow(r, 40));
    double k3 = 0, n = 2000; /* P(at least 3 of n) = 1 - P(0, 1 or 2) */
    k3 = 1 - pow(r, n) - n * q * pow(r, n - 1) - n * (n - 1) / 2 * q * q * pow(r, n - 2);
    ASSERT_SIG6(shape_probability("atleast", 2000), k3);
    ASSERT_SIG6(shape_probability("chain", 5000), 1 - pow(r, 5001));
    double p = q; /* g_i = g_{i-1} AND/OR e_i, AND on odd i */
    for (int i = 1; i <= 5000; i++)
        p = i % 2 ? p * q : 1 - (1 - p) * r;
    ASSERT_SIG6(shape_probability("andor", 5000), p);
    /* the 20th input repeats the 3rd: past the scanned gates */
    char *xml = shape_mef("or", 19);
    char *at = strstr(xml, "</or>");
    CU_ASSERT_FATAL(at != NULL);
    size_t head = (size_t)(at - xml);
    size_t cap = strlen(xml) + 64;
    char *bad = malloc(cap);
    CU_ASSERT_FATAL(bad != NULL);
    snprintf(bad, cap, "%.*s<basic-event name=\"e3\"/>%s", (int)head, xml, at);
    hs_model *m = hs_model_new();
    hs_error err = {0};
    CU_ASSERT_NOT_EQUAL(hs_model_load_mef(m, bad, strlen(bad), "dup.xml", &err), 0);
    CU_ASSERT(strstr(err.msg, "has input 'e3' twice") != NULL);
    hs_model_free(m);
    free(bad);
    free(xml);
}

/* Loads MEF text XML as "t.xml" into a fresh model; its rc, ERR set. */
static int load_mef_text(const char *xml, hs_model **m, hs_error *err)
{
    *m = hs_model_new();
    CU_ASSERT_FATAL(*m != NULL);
    return hs_model_load_mef(*m, xml, strlen(xml), "t.xml", err);
}

/* What the streaming reader must keep from libxml2's DOM: a refused
 * element past line 65535 is named at its own line (the DOM said 65535), a
 * file that is not well-formed gets its XML error even when a refused
 * element comes first, and attributes read as xmlGetProp read them
 * (entities expanded, the DTD's defaults, any namespace). */
static void test_mef_reader_places(void)
{
    const char *head = "<?xml version=\"1.0\"?>\n<opsa-mef><define-fault-tree name=\"t\">\n";
    size_t cap = strlen(head) + 70000 * 80 + 256, used = 0;
    char *xml = malloc(cap);
    CU_ASSERT_FATAL(xml != NULL);
    used += (size_t)snprintf(xml, cap, "%s", head);
    for (int i = 0; i < 70000; i++) /* lines 3 to 70002 */
        used += (size_t)snprintf(xml + used, cap - used,
                                 "<define-gate name=\"g%d\"><or><event name=\"e%d\"/></or>"
                                 "</define-gate>\n",
                                 i, i);
    snprintf(xml + used, cap - used,
             "<define-gate name=\"x\"><xor3/></define-gate>\n"
             "</define-fault-tree></opsa-mef>\n");
    hs_model *m;
    hs_error err = {0};
    CU_ASSERT_NOT_EQUAL(load_mef_text(xml, &m, &err), 0);
    CU_ASSERT(strstr(err.msg, "t.xml:70003: gate 'x': formula <xor3>") != NULL);
    hs_model_free(m);
    free(xml);

    const char *broken = "<opsa-mef><define-fault-tree name=\"t\"><define-gate name=\"x\">\n"
                         "<xor3/></define-gate>\n<oops></define-fault-tree></opsa-mef>";
    err = (hs_error){0};
    CU_ASSERT_NOT_EQUAL(load_mef_text(broken, &m, &err), 0);
    CU_ASSERT(strncmp(err.msg, "t.xml:3: XML error: ", 20) == 0);
    hs_model_free(m);

    const char *dtd =
        "<!DOCTYPE opsa-mef [<!ENTITY half \"0.5\"><!ATTLIST float value CDATA "
        "\"0.25\">]>\n<opsa-mef xmlns:p=\"urn:p\"><define-fault-tree name=\"t\">"
        "<define-gate name=\"top\"><or><event name=\"a\"/><event p:name=\"b\"/>"
        "</or></define-gate></define-fault-tree><model-data>"
        "<define-basic-event name=\"a\"><float value=\"&half;\"/></define-basic-event>"
        "<define-basic-event name=\"b\"><float/></define-basic-event>"
        "</model-data></opsa-mef>";
    err = (hs_error){0};
    CU_ASSERT_EQUAL(load_mef_text(dtd, &m, &err), 0);
    int a = hs_model_find(m, "a"), b = hs_model_find(m, "b");
    CU_ASSERT_FATAL(a >= 0 && b >= 0);
    CU_ASSERT_DOUBLE_EQUAL(m->nodes[a].q, 0.5, 0);
    CU_ASSERT_DOUBLE_EQUAL(m->nodes[b].q, 0.25, 0);
    CU_ASSERT_EQUAL(m->nodes[b].line, 2);
    hs_model_free(m);
}

/* The Monte Carlo estimate: its 95 % interval holds the exact value, a
 * seed gives the same numbers, forced events are honoured. */
static void test_mc_estimate(void)
{
    hs_model *m = load("data/fault-trees/small/two_train.xml", NULL);
    hs_error err = {0};
    double q[64];
    CU_ASSERT_FATAL(m->n_events <= 64);
    CU_ASSERT_EQUAL_FATAL(hs_model_default_q(m, q, &err), 0);
    hs_mc_estimate a, b;
    CU_ASSERT_EQUAL_FATAL(hs_mc_estimate_top(m, 0, q, 100000, 7, &a, &err), 0);
    CU_ASSERT_EQUAL(a.samples, 100032); /* rounded up to 64 */
    CU_ASSERT(a.lo < 0.7225 && 0.7225 < a.hi && a.lo <= a.p && a.p <= a.hi);
    CU_ASSERT(a.hi - a.lo < 0.01);
    CU_ASSERT_EQUAL_FATAL(hs_mc_estimate_top(m, 0, q, 100000, 7, &b, &err), 0);
    CU_ASSERT_EQUAL(a.hits, b.hits);
    for (int e = 0; e < m->n_events; e++)
        q[e] = 1.0;
    CU_ASSERT_EQUAL_FATAL(hs_mc_estimate_top(m, 0, q, 640, 7, &a, &err), 0);
    CU_ASSERT(a.p == 1.0 && a.hi == 1.0);
    for (int e = 0; e < m->n_events; e++)
        q[e] = 0.0;
    CU_ASSERT_EQUAL_FATAL(hs_mc_estimate_top(m, 0, q, 640, 7, &a, &err), 0);
    CU_ASSERT(a.p == 0.0 && a.lo == 0.0 && a.hi > 0 && a.hi < 0.01);
    hs_model_free(m);
}

/* Drawn beyond known cut sets: edf9205's sets of order <= 2 leave a
 * little of P to the draw; the interval starts at their union, holds the
 * exact value, and is far narrower than a plain draw's. */
static void test_mc_beyond(void)
{
    hs_model *m = load("data/fault-trees/aralia/edf9205.xml", NULL);
    hs_error err = {0};
    double *q = calloc((size_t)m->n_events, sizeof *q);
    CU_ASSERT_EQUAL_FATAL(hs_model_default_q(m, q, &err), 0);
    hs_mcs_opts o = {2, 0, 0, false, true};
    hs_mcs_result *c = NULL;
    CU_ASSERT_EQUAL_FATAL(hs_mcs_compute_circuit(m, 0, q, &o, &c, &err), 0);
    CU_ASSERT_EQUAL(c->n_held, 1104); /* 15 + 1089, none listed */
    hs_mc_estimate a, plain;
    CU_ASSERT_EQUAL_FATAL(hs_mc_estimate_beyond(m, 0, q, c, 1 << 16, 3, &a, &err), 0);
    CU_ASSERT_EQUAL_FATAL(hs_mc_estimate_top(m, 0, q, 1 << 16, 3, &plain, &err), 0);
    CU_ASSERT_EQUAL(a.n_known, 1104);
    CU_ASSERT_DOUBLE_EQUAL(a.known, c->union_p, 0);
    CU_ASSERT(c->union_p <= a.lo && a.lo <= a.p && a.p <= a.hi);
    CU_ASSERT(a.lo < 0.2093509 && 0.2093509 < a.hi);
    CU_ASSERT(a.hits > 0 && a.hits < plain.hits / 50);  /* 0.0018 of 0.209 left */
    CU_ASSERT(a.hi - a.lo < (plain.hi - plain.lo) / 5); /* about 1/10 */
    /* a set left out (a cut-off): nothing known, a plain draw */
    c->n_held--;
    CU_ASSERT_EQUAL_FATAL(hs_mc_estimate_beyond(m, 0, q, c, 1 << 16, 3, &a, &err), 0);
    CU_ASSERT(a.n_known == 0 && a.known == 0 && a.hits == plain.hits);
    hs_mcs_free(c);
    free(q);
    hs_model_free(m);
}

static void test_node_limit_recovers(void)
{
    hs_model *m = load("data/fault-trees/aralia/baobab1.xml", NULL);
    hs_error err = {0};
    hs_bdd *b = NULL;
    double *q = calloc((size_t)m->n_events, sizeof *q);
    CU_ASSERT_FATAL(q != NULL);
    CU_ASSERT_EQUAL_FATAL(hs_model_default_q(m, q, &err), 0);
    hs_bdd_opts tiny = {.max_nodes = 1000, .flat = true};
    CU_ASSERT_EQUAL(hs_bdd_build(m, &tiny, &b, &err), HS_BDD_TOO_HARD);
    CU_ASSERT(strstr(err.msg, "node limit") != NULL);
    CU_ASSERT(b == NULL);
    CU_ASSERT_EQUAL_FATAL(hs_bdd_build(m, NULL, &b, &err), 0);
    ASSERT_SIG6(hs_bdd_probability(b, 0, q), 0.000101708078);
    hs_bdd_free(b);
    /* edf9202: the first order tried blows its budget and is abandoned
     * from inside BuDDy; the next one must give the exact value. */
    hs_model *e = load("data/fault-trees/aralia/edf9202.xml", NULL);
    double *qe = calloc((size_t)e->n_events, sizeof *qe);
    CU_ASSERT_FATAL(qe != NULL);
    CU_ASSERT_EQUAL_FATAL(hs_model_default_q(e, qe, &err), 0);
    CU_ASSERT_EQUAL_FATAL(hs_bdd_build(e, NULL, &b, &err), 0);
    ASSERT_SIG6(hs_bdd_probability(b, 0, qe), 0.7813024513);
    hs_bdd_free(b);
    /* the same through the worker race, the default's alternative */
    hs_bdd_opts race = {.race = true};
    CU_ASSERT_EQUAL_FATAL(hs_bdd_build(e, &race, &b, &err), 0);
    ASSERT_SIG6(hs_bdd_probability(b, 0, qe), 0.7813024513);
    hs_bdd_free(b);
    free(qe);
    hs_model_free(e);
    free(q);
    hs_model_free(m);
}

static void test_web_stack(void)
{
    hs_model *m = load("web_stack.conf", NULL);
    CU_ASSERT_EQUAL(m->n_tops, 2);
    CU_ASSERT(hs_model_find_top(m, "Web") >= 0);
    hs_model_free(m);
}

int main(void)
{
    const char *top = getenv("HS_TOP_SRCDIR");
    snprintf(data_dir, sizeof data_dir, "%s/tests/model", top ? top : ".");
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 3;
    CU_pSuite s = CU_add_suite("model", NULL, NULL);
    CU_add_test(s, "reference results", test_reference_results);
    CU_add_test(s, "importance reference", test_importance_reference);
    CU_add_test(s, "repeated events", test_repeated_events);
    CU_add_test(s, "analytic cases", test_analytic);
    CU_add_test(s, "simulation agrees", test_simulation_agrees);
    CU_add_test(s, "parser cases", test_parser_cases);
    CU_add_test(s, "core cases", test_core_cases);
    CU_add_test(s, "config errors", test_config_errors);
    CU_add_test(s, "accepted keys", test_accepted_keys);
    CU_add_test(s, "web stack example", test_web_stack);
    CU_add_test(s, "node limit recovers", test_node_limit_recovers);
    CU_add_test(s, "large shapes in linear time", test_large_shapes);
    CU_add_test(s, "MEF reader: places, XML errors first, attributes", test_mef_reader_places);
    CU_add_test(s, "Monte Carlo estimate", test_mc_estimate);
    CU_add_test(s, "Monte Carlo beyond known cut sets", test_mc_beyond);
    CU_add_test(s, "modules match the flat BDD", test_modules_match_flat);
    CU_add_test(s, "random trees against brute force", test_random_trees);
    CU_add_test(s, "cut sets from the circuit", test_random_cut_sets);
    CU_add_test(s, "every order strategy agrees", test_orders_agree);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned fails = CU_get_number_of_failures();
    CU_cleanup_registry();
    return fails ? 1 : 0;
}
