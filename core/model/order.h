/*
 * core/model/order.h — traversal orders of a finished model used to build
 * BDDs and simulations.
 */
#ifndef HS_MODEL_ORDER_H
#define HS_MODEL_ORDER_H

#include "model/model.h"

/* Gates reachable from the top events, every gate after all of its inputs:
 * *post (n entries) is caller-owned. *uses (caller-owned, m->n_nodes
 * entries) counts for each gate how many reachable gates use it plus one per
 * top event rooted at it, so a builder can release a gate's result after its
 * last use. */
int hs_model_postorder(const hs_model *m, int **post, int *n, int **uses,
                       hs_model_error *err);

/* Static BDD variable orders: events in the depth-first order in which the
 * structure meets them from the top events (unreachable events last),
 * visiting each gate's inputs as given, smallest subtree first, or largest
 * subtree first. No single one wins on every tree, so the BDD builder tries
 * them in turn under a growing node budget. */
typedef enum {
    HS_ORDER_DFS,
    HS_ORDER_SMALL_FIRST,
    HS_ORDER_LARGE_FIRST,
    /* largest subtree first, and at every gate the events that two or more
     * of its inputs share before anything under it */
    HS_ORDER_SHARED_FIRST
} hs_order;

/* Variables are "slots": slot e < m->n_events is basic event e; MODULE_SLOT
 * (may be NULL) gives further slots (>= n_events, < N_SLOTS) to gates that
 * are replaced by one variable each (see modules.h), -1 for other nodes.
 * A module's slot is placed where the walk first enters the module.
 * *slot_var and *var_slot (each N_SLOTS entries) are caller-owned inverse
 * permutations between slots and variable levels. */
int hs_model_var_order(const hs_model *m, hs_order heuristic,
                       const int *module_slot, int n_slots, int **slot_var,
                       int **var_slot, hs_model_error *err);

#endif
