/*
 * tests/fuzz/model_mef_fuzz.c — libFuzzer target for the MEF reader: any
 * bytes must give a model or a clean error; accepted models are finished and,
 * when small, analysed (BDD + cut sets) to exercise what the reader built.
 * The BDD is built twice, raced and with one strategy chosen by the input's
 * size, and the two must give the same probabilities: every strategy
 * (sifting, factored products) gets fuzzed against the others. For a
 * coherent top, the cut sets built from the circuit (no BDD) must count
 * the same as those from the diagram.
 */
#include "model/bdd.h"
#include "model/mcs.h"
#include "model/model.h"
#include "uncert_check.h"

#include <libxml/parser.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    if (!init) {
        xmlSetGenericErrorFunc(NULL, quiet);
        init = 1;
    }
    hs_model *m = hs_model_new();
    hs_error err = {0};
    if (m && hs_model_load_mef(m, (const char *)data, size, "fuzz.xml", &err) == 0 &&
        hs_model_finish(m, &err) == 0 && m->n_events <= 40) {
        hs_fuzz_check_uncertain(m);
        hs_bdd_opts o = {.max_nodes = 200000, .flat = true};
        hs_bdd *b = NULL;
        if (hs_bdd_build(m, &o, &b, &err) == 0) {
            hs_bdd_opts o2 = {.max_nodes = 200000,
                              .only_order = 1 + (int)(size % (size_t)hs_bdd_strategy_count())};
            hs_bdd *b2 = NULL;
            if (hs_bdd_build(m, &o2, &b2, &err) != 0)
                b2 = NULL; /* over the limit: nothing to compare */
            double *q = calloc((size_t)m->n_events + 1, sizeof *q);
            if (q && hs_model_default_q(m, q, &err) == 0) {
                for (int t = 0; t < m->n_tops; t++) {
                    hs_mcs_opts mo = {4, 0.0, 10, false, true};
                    hs_mcs_result *r = NULL;
                    double p = hs_bdd_probability(b, t, q);
                    if (b2 && fabs(hs_bdd_probability(b2, t, q) - p) > 1e-9 * (fabs(p) + 1e-300))
                        __builtin_trap(); /* two strategies disagree */
                    if (hs_mcs_compute(b, t, q, &mo, &r, &err) == 0) {
                        hs_mcs_result *rc = NULL;
                        if (hs_bdd_coherent(b, t) &&
                            hs_mcs_compute_circuit(m, t, q, &mo, &rc, &err) == 0) {
                            if (rc->count != r->count || rc->max_order != r->max_order)
                                __builtin_trap(); /* the two routes differ */
                            for (int k = 0; k <= r->max_order; k++)
                                if (rc->by_order[k] != r->by_order[k])
                                    __builtin_trap();
                            /* some cut sets fail the top at most as
                             * often as all of them do */
                            if (!(rc->union_p <= p + 1e-12) ||
                                fabs(rc->union_p - r->union_p) > 1e-12)
                                __builtin_trap();
                        }
                        hs_mcs_free(rc);
                        hs_mcs_free(r);
                    }
                }
            }
            free(q);
            hs_bdd_free(b2);
            hs_bdd_free(b);
        }
    }
    hs_model_free(m);
    return 0;
}
