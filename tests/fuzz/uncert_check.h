/*
 * tests/fuzz/uncert_check.h — the invariant both model fuzzers check on
 * the uncertain inputs a reader accepted: any draw maps to a probability.
 */
#ifndef HS_FUZZ_UNCERT_CHECK_H
#define HS_FUZZ_UNCERT_CHECK_H

#include "model/model.h"

static inline void hs_fuzz_check_uncertain(const hs_model *m)
{
    for (int e = 0; e < m->n_events; e++) {
        const hs_model_node *n = &m->nodes[m->events[e]];
        for (double u = 0.0; hs_model_event_uncertain(n) && u <= 1.0; u += 0.25) {
            double q = hs_model_event_q(n, u, u, u);
            if (!(q >= 0.0 && q <= 1.0))
                __builtin_trap();
        }
    }
}

#endif
