/*
 * core/model/bdd.h — exact analysis of a finished model through BuDDy.
 *
 * hs_bdd_build() compiles the structure function of every top event. It
 * works on the model's normalised circuit (circuit.h); unless a flat
 * diagram is asked for, every independent module is built on its own with
 * its own variable order and then stands in its parents as one variable
 * whose probability is its diagram's: exact, and it keeps the diagrams of
 * large trees small. Cut sets need the flat diagram.
 *
 * Variable orders come from the circuit's structure (order.h). Each build
 * tries the static orders in rounds under a node budget that grows
 * fourfold per round, in this one process, so a bad order is given up
 * after a bounded cost and neither the result nor the work depends on
 * timing or on the number of cores (opts.race: race them in worker
 * processes instead). The result is copied out of BuDDy
 * into plain arrays, so every probability question is a linear pass over
 * them, and forcing components (live state DOWN → q = 1, forced working →
 * q = 0) or what-if changes cost one pass, not a rebuild.
 *
 * BuDDy has one global node table, so hs_bdd_build() is not thread-safe:
 * call it from one thread at a time (a call made while another build is
 * still running in the process is refused). Built hs_bdd objects are
 * independent, read-only and may be used from any thread and kept alive
 * together.
 */
#ifndef HS_MODEL_BDD_H
#define HS_MODEL_BDD_H

#include "model/model.h"

typedef struct hs_bdd hs_bdd;

typedef struct hs_bdd_opts {
    int max_nodes;  /* hard BuDDy node limit; 0 = each job (module) stops
                       at 4 Mi nodes, or 64 per leaf and gate of a larger
                       one (bdd_build.h: HS_JOB_CAP_MIN), at most 64 Mi,
                       about 9 GB with BuDDy's caches (racing workers lower
                       it so that together they use at most half the
                       memory) */
    bool progress;  /* progress lines on stderr (callers pass isatty(2)) */
    bool flat;      /* one diagram over every event, no modules: needed by
                       hs_mcs_compute(); slower on large trees */
    bool race;      /* after the small budgets, race the strategies in
                       worker processes, one per core (faster on some
                       trees given idle cores; more memory, and the time
                       depends on the machine's load). Default: rounds
                       in this process, the same work on any machine */
    int only_order; /* 0: try the strategies (the default); 1 to
                       hs_bdd_strategy_count(): that strategy alone (tests
                       and bench/ compare them; the CLI's --var-order) */
} hs_bdd_opts;

/* Number of variable-order strategies hs_bdd_opts.only_order may name
 * (1 to this). */
int hs_bdd_strategy_count(void);
/* Name of strategy I (1 to hs_bdd_strategy_count(), as --var-order takes
 * it: "large", "small+sift", "large+factor", ...), static storage; NULL
 * for any other I. */
const char *hs_bdd_strategy_name(int i);

/* hs_bdd_build()'s result when every variable order tried outgrew the
 * node limit: the tree is too hard for an exact diagram here (the cut sets
 * of hs_mcs_compute_circuit() still approximate it). */
#define HS_BDD_TOO_HARD (-2)

/* Builds the BDDs of all of M's top events. M must be finished and must
 * outlive the result. *out is caller-owned (hs_bdd_free). opts may be NULL.
 * 0; HS_BDD_TOO_HARD + err when the node limit stopped every order; -1 +
 * err for any other failure. */
int hs_bdd_build(const hs_model *m, const hs_bdd_opts *opts, hs_bdd **out, hs_error *err);
void hs_bdd_free(hs_bdd *b);

/* Number of BDD nodes under top event TOP (index into m->tops), the
 * diagrams of the modules it uses included. */
int hs_bdd_size(const hs_bdd *b, int top);
/* True when TOP's logic uses no negation (not, nand, nor, xor, iff, imply,
 * cardinality with a maximum): cut sets are then the usual ones. */
bool hs_bdd_coherent(const hs_bdd *b, int top);

/* Exact probability that TOP is failed, given per-event unavailabilities
 * q[m->n_events] (1 = forced failed, 0 = forced working). */
double hs_bdd_probability(const hs_bdd *b, int top, const double *q);

/* Exact probability and, in one pass, every event's Birnbaum importance
 * B_i = P(top | q_i = 1) − P(top | q_i = 0), written to birnbaum[n_events]
 * (caller-owned). *p gets P(top). 0 or -1 + err (out of memory). */
int hs_bdd_birnbaum(const hs_bdd *b, int top, const double *q, double *p, double *birnbaum,
                    hs_error *err);

/* --- internals shared with the cut-set code (mcs.c) --- */
/* Number of basic events: the length of every q and importance vector. */
int hs_bdd_var_count(const hs_bdd *b);
/* The model the BDD was built from. */
const hs_model *hs_bdd_model(const hs_bdd *b);

#endif
