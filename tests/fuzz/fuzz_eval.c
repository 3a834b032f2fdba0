/*
 * tests/fuzz/fuzz_eval.c — libFuzzer target for the evaluation readers:
 * the architecture file (model + evaluation group, uncertain rates
 * included, sampled) and technologies.conf (rate_uncertainty included).
 * The first byte picks the reader; the rest is the text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eval/eval.h"
#include "eval/uncertainty.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    hs_error err = {0};
    char *text;
    if (size < 1)
        return 0;
    text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    if (data[0] & 1) {
        hs_tech_table t;
        hs_tech_table_init(&t);
        hs_tech_load_text(&t, text, "fuzz.conf", data[0] & 2, &err);
        hs_tech_table_free(&t);
    } else {
        hs_arch *a = NULL;
        if (hs_arch_parse(text, "fuzz.conf", &a, &err) == 0) {
            /* a parsed architecture must evaluate or fail cleanly */
            hs_eval_opts o;
            hs_eval_arch e;
            hs_eval_opts_default(&o);
            o.simulate = false;
            if (a->model->n_events <= 24 && hs_eval_run(a, NULL, &o, NULL, &e, &err) == 0)
                hs_eval_arch_clear(&e);
            /* and its uncertain inputs sample cleanly, every figure a
             * probability */
            hs_comparison *c = NULL;
            o.samples = 16;
            o.threads = 1;
            if (a->model->n_events <= 24 && hs_eval_compare(&a, 1, NULL, &o, &c, &err) == 0) {
                const hs_unc_summary *w = &c->unc->archs[0].avail[c->unc->n_services];
                if (!(w->p05 >= 0 && w->p95 <= 1 + 1e-12))
                    __builtin_trap();
            }
            hs_comparison_free(c);
        }
        hs_arch_free(a);
    }
    free(text);
    return 0;
}
