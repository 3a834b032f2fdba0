/*
 * core/model/mcs.h — minimal cut sets from the BDD (Rauzy's minsol into a
 * ZBDD), counts by order, probability approximations and a ranked list.
 *
 * For a coherent top event these are the usual minimal cut sets. For a
 * non-coherent one (negations) they are the minimal sets of failed events
 * that fail the top while every other event works — negative literals are
 * dropped; the result says so (coherent = false).
 */
#ifndef HS_MODEL_MCS_H
#define HS_MODEL_MCS_H

#include "model/bdd.h"

typedef struct hs_mcs_opts {
    int order_limit; /* drop sets with more events; 0 = no limit */
    double cutoff;   /* list only sets with P >= cutoff (0 = all) */
    long max_list;   /* at most this many listed, most probable first;
                            0 = none listed, < 0 = all */
    bool progress;
    bool union_prob; /* also compute union_p (see below) */
} hs_mcs_opts;

typedef struct hs_cut_set {
    int *events; /* event indices, n of them */
    int n;
    double p; /* product of the events' probabilities */
} hs_cut_set;

typedef struct hs_mcs_result {
    bool coherent;
    double count;     /* number of minimal cut sets (within the limit) */
    double *by_order; /* by_order[k] = number of order k, 0..max_order */
    int max_order;
    long zbdd_nodes;
    double rare_event; /* Σ P(C) (may exceed 1; not clipped) */
    double mcub;       /* 1 − Π(1 − P(C)); NaN when not enumerated */
    double union_p;    /* P(every event of some set C failed), exact:
                            with an order limit a lower bound of P(top)
                            that a tree too hard for the BDD can still be
                            given, without one P(top) itself (coherent
                            tops). NaN unless opts.union_prob, or when it
                            ran out of memory or nodes */
    hs_cut_set *sets;  /* n_sets listed, most probable first */
    long n_sets;
    long n_held; /* sets held in sets[] (the n_sets listed first):
                            every one of them when n_held == count */
    int *pool;   /* private: storage behind sets[].events */
} hs_mcs_result;

/* Cut sets of top TOP of B. q (n_events) gives probabilities for the
 * approximations and the ranking; may be NULL (then no probabilities).
 * *out is caller-owned (hs_mcs_free). */
int hs_mcs_compute(const hs_bdd *b, int top, const double *q, const hs_mcs_opts *opts,
                   hs_mcs_result **out, hs_error *err);

/* ZBDD node limit of hs_mcs_compute_circuit(): about 1.5 GB with its
 * tables and caches. */
#define HS_CIRC_MCS_NODES (64L << 20)

/* The same result for top TOP of finished model M, built from its circuit
 * (cutsets.h) instead of a BDD: no exact diagram is needed, so it answers
 * for trees too hard for one (hs_bdd_build() gave HS_BDD_TOO_HARD). Only
 * for coherent tops (a negation under TOP is refused, naming it). Without
 * an order limit it computes every minimal cut set, which is exactly
 * what is out of reach on such trees: give one. *out is caller-owned
 * (hs_mcs_free). 0, or -1 + err. */
int hs_mcs_compute_circuit(const hs_model *m, int top, const double *q, const hs_mcs_opts *opts,
                           hs_mcs_result **out, hs_error *err);
void hs_mcs_free(hs_mcs_result *r);

#endif
