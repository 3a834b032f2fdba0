/*
 * core/model/order.h — static BDD variable orders of a circuit. (The model
 * graph's own evaluation order, hs_model_postorder, is in model.h.)
 */
#ifndef HS_MODEL_ORDER_H
#define HS_MODEL_ORDER_H

#include "model/model.h"

/* Static BDD variable orders of a sub-circuit. No single one wins on
 * every tree (see bench/), so the BDD builder tries them in turn under a
 * growing node budget. Each visits the sub-circuit depth-first from its
 * roots and numbers the leaves in the order it first meets them; they
 * differ in the order a gate's inputs are visited. */
typedef enum {
    HS_ORDER_LARGE_FIRST, /* largest subtree first */
    HS_ORDER_SMALL_FIRST, /* smallest subtree first */
    HS_ORDER_DFS,         /* as written */
    /* largest first, and at every gate the leaves two or more of its
     * inputs share before anything under it: the inputs' diagrams then
     * meet only through variables above them */
    HS_ORDER_SHARED_FIRST,
    HS_N_ORDERS
} hs_order;

struct hs_circuit;

/* The sub-circuit under ROOTS[0..n_roots) (circuit nodes): every gate they
 * reach without going through a node with stop[node] != 0 (independent
 * modules analysed on their own; a root is expanded even if marked).
 * Events and stop nodes are its leaves. Writes the leaves to LEAVES (room
 * for c->n_nodes) in the order heuristic H meets them, *n_leaves their
 * number, and the sub-circuit's gates to GATES (room for c->n_nodes) in
 * ascending node order (inputs first), *n_gates their number. stop may be
 * NULL. 0 or -1 + err (out of memory). */
int hs_circuit_order(const struct hs_circuit *c, const int *roots, int n_roots, const char *stop,
                     hs_order h, int *leaves, int *n_leaves, int *gates, int *n_gates,
                     hs_error *err);

#endif
