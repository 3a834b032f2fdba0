/*
 * core/model/cutsets.h — minimal cut sets straight from the normalised
 * circuit, without a BDD: each gate's family of cut sets is built from its
 * inputs' in a ZBDD (OR: minimal union; AND: product truncated to the
 * order limit, then minimised; at-least k: the same over the ways of
 * choosing k inputs). This is the classic bottom-up (MOCUS-like) route;
 * with an order limit it stays cheap on trees whose exact BDD is out of
 * reach, and gives their rare-event and min-cut upper bound estimates.
 */
#ifndef HS_MODEL_CUTSETS_H
#define HS_MODEL_CUTSETS_H

#include "model/circuit.h"
#include "model/progress.h"
#include "model/zbdd.h"

/* hs_circ_cut_sets()'s result when a negation lies under the top: its
 * sets would not be the cut sets of a coherent tree. */
#define HS_CUTSETS_NOT_COHERENT (-2)

/* The minimal cut sets of at most K (>= 1) events of circuit literal TOP,
 * built in Z (initialised by the caller, its variables being event
 * indices, terminal_var >= c->n_events). Returns the ZBDD root; -1 when
 * out of memory or past Z's node limit; HS_CUTSETS_NOT_COHERENT. PR (may
 * be NULL) gets a line per gate. */
int32_t hs_circ_cut_sets(const hs_circuit *c, int top, int k, hs_zbdd *z, hs_progress *pr);

#endif
