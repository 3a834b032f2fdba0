/*
 * tests/fuzz/model_mef_fuzz.c — libFuzzer target for the MEF reader: any
 * bytes must give a model or a clean error; accepted models are finished and,
 * when small, analysed (BDD + cut sets) to exercise what the reader built.
 */
#include "model/bdd.h"
#include "model/mcs.h"
#include "model/model.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdlib.h>

static void quiet(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    if (!init) {
        xmlSetGenericErrorFunc(NULL, quiet);
        init = 1;
    }
    hs_model *m = hs_model_new();
    hs_model_error err = {0};
    if (m && hs_model_load_mef(m, (const char *)data, size, "fuzz.xml",
                               &err) == 0 &&
        hs_model_finish(m, &err) == 0 && m->n_events <= 40) {
        hs_bdd_opts o = {.max_nodes = 200000, .flat = true};
        hs_bdd *b = NULL;
        if (hs_bdd_build(m, &o, &b, &err) == 0) {
            double *q = calloc((size_t)m->n_events + 1, sizeof *q);
            if (q && hs_model_default_q(m, q, &err) == 0) {
                for (int t = 0; t < m->n_tops; t++) {
                    hs_mcs_opts mo = {4, 0.0, 10, false};
                    hs_mcs_result *r = NULL;
                    (void)hs_bdd_probability(b, t, q);
                    if (hs_mcs_compute(b, t, q, &mo, &r, &err) == 0)
                        hs_mcs_free(r);
                }
            }
            free(q);
            hs_bdd_free(b);
        }
    }
    hs_model_free(m);
    return 0;
}
