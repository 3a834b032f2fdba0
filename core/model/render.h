/*
 * core/model/render.h — text and JSON output of `hascout model` results.
 * The renderers only format numbers computed elsewhere.
 */
#ifndef HS_MODEL_RENDER_H
#define HS_MODEL_RENDER_H

#include <stdio.h>

#include "model/estimate.h"
#include "model/importance.h"
#include "model/mcs.h"
#include "model/sim.h"

typedef struct hs_top_result {
    int top;     /* index into m->tops */
    double p;    /* exact P(top failed); NaN when approx */
    bool approx; /* no exact BDD (too hard): mcs holds the cut
                                sets of an order limit and p, bdd_nodes
                                and steady are not known */
    int bdd_nodes;
    bool coherent;
    hs_steady steady;
    hs_mcs_result *mcs; /* NULL unless asked for */
    hs_importance *imp; /* NULL unless asked for; n_events entries */
    const double *q;    /* probabilities used */
    bool has_mc;        /* approx only: mc holds a Monte Carlo estimate */
    hs_mc_estimate mc;
} hs_top_result;

typedef struct hs_analysis_info {
    int n_files;
    char *const *files;
    double build_s, total_s;
    int fv_order_limit; /* order limit used for cut sets, 0 = none */
    long list_limit;
} hs_analysis_info;

void hs_render_analysis_text(FILE *f, const hs_model *m, const hs_analysis_info *info,
                             const hs_top_result *r, int n);
void hs_render_analysis_json(FILE *f, const hs_model *m, const hs_analysis_info *info,
                             const hs_top_result *r, int n);
/* EXACT may be NULL (no exact figures to compare with). */
void hs_render_sim_text(FILE *f, const hs_model *m, int top, const hs_sim_result *s,
                        const hs_steady *exact);
void hs_render_sim_json(FILE *f, const hs_model *m, int top, const hs_sim_result *s,
                        const hs_steady *exact, unsigned long long seed);

#endif
