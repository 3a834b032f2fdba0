/*
 * tests/fuzz/model_cfg_fuzz.c — libFuzzer target for hascout's libconfig
 * model reader: any text gives a model or a clean error naming a place.
 */
#include "model/bdd.h"
#include "model/model.h"
#include "uncert_check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    /* @include would read files: not part of the reader's contract here. */
    if (strstr(text, "@include")) {
        free(text);
        return 0;
    }
    hs_model *m = hs_model_new();
    hs_error err = {0};
    if (m && hs_model_load_config_text(m, text, "fuzz.conf", &err) == 0 &&
        hs_model_finish(m, &err) == 0 && m->n_events <= 40) {
        hs_fuzz_check_uncertain(m);
        hs_bdd_opts o = {.max_nodes = 200000};
        hs_bdd *b = NULL;
        if (hs_bdd_build(m, &o, &b, &err) == 0) {
            double *q = calloc((size_t)m->n_events + 1, sizeof *q);
            if (q && hs_model_default_q(m, q, &err) == 0)
                for (int t = 0; t < m->n_tops; t++)
                    (void)hs_bdd_probability(b, t, q);
            free(q);
            hs_bdd_free(b);
        }
    }
    hs_model_free(m);
    free(text);
    return 0;
}
