/*
 * core/eval/unc_internal.h — what the files of the uncertainty analysis
 * share: the architectures bound to their inputs and BDDs, and one
 * evaluation of an architecture at given draws or scale factors.
 */
#ifndef HS_EVAL_UNC_INTERNAL_H
#define HS_EVAL_UNC_INTERNAL_H

#include "eval/uncertainty.h"
#include "model/bdd.h"

enum { HS_UNC_Q = 0, HS_UNC_MTTF, HS_UNC_MTTR };

typedef struct unc_event {
    hs_model_node n; /* numeric fields only (q, rates, distributions) */
    int in[3];       /* input index of q, MTTF, MTTR; -1 none */
    bool in_base;    /* its technology (or name) is in the baseline */
} unc_event;

typedef struct unc_arch {
    hs_bdd *b; /* owned */
    unc_event *ev;
    int n_events;
    int *top; /* baseline service s -> this model's top index */
} unc_arch;

typedef struct unc_ctx {
    unc_arch *a;
    int n_archs;
    int n_services;
    const double *weight; /* the baseline's service weights */
    int max_events;
    int n_inputs;
    hs_unc_input *inputs; /* borrowed from the result */
} unc_ctx;

/* AVAIL[0..n_services] gets architecture A's service availabilities and
 * then the weighted average: with the inputs at draws U (n_inputs), or,
 * U NULL, at the stated values with the failure rates of the baseline's
 * technologies times SF and their repair times times SR. Q is scratch of
 * c->max_events. Pure, thread-safe. */
void hs_unc_eval(const unc_ctx *c, int a, const double *u, double sf, double sr, double *q,
                 double *avail);

/* The sampling: fills u->archs[*].avail, gain, p_beats_base, p_beats. */
int hs_unc_sample(const unc_ctx *c, const hs_eval_opts *o, hs_uncertainty *u, hs_error *err);
/* The tornado of every candidate. */
int hs_unc_tornado(const unc_ctx *c, hs_uncertainty *u, hs_error *err);
/* The inverse question for candidate ARCH and the spreads' limits. */
int hs_unc_explain_run(const unc_ctx *c, int arch, double target, hs_unc_explain *x, hs_error *err);

#endif
