/*
 * core/model/circuit.h — the logic of a finished model as a normalised
 * circuit, the form the exact analysis works on.
 *
 * Every gate of the model becomes an AND, an OR or an at-least gate over
 * literals: NOT and NULL vanish into the edges, NAND/NOR become negated
 * AND/OR, XOR/IFF/IMPLY/cardinality are expanded, house events and
 * constants are propagated. On the way the circuit is simplified without
 * changing any top event's function: repeated inputs are merged, x·¬x and
 * x+¬x are folded, gates with one input disappear, an AND (OR) input used
 * only by an AND (OR) parent is merged into it, and structurally identical
 * gates are built once. Fewer, wider gates mean fewer BDD operations and
 * more independent modules.
 *
 * A literal is node << 1 | negated. Node 0 is the constant TRUE (literal 0
 * is TRUE, literal 1 FALSE); node e + 1 is basic event e; gates follow,
 * every gate after all of its inputs, so an index loop visits inputs first.
 * Only gates some top event reaches are kept.
 */
#ifndef HS_MODEL_CIRCUIT_H
#define HS_MODEL_CIRCUIT_H

#include "model/model.h"

#define HS_LIT(node, neg) (((node) << 1) | (neg))
#define HS_LIT_NODE(l) ((l) >> 1)
#define HS_LIT_NEG(l) ((l)&1)
#define HS_LIT_TRUE 0
#define HS_LIT_FALSE 1

typedef enum { HS_CIRC_AND, HS_CIRC_OR, HS_CIRC_ATLEAST } hs_circ_op;

typedef struct hs_circ_gate {
    hs_circ_op op;
    int k;     /* at-least threshold, 2 <= k < n; 0 for AND/OR */
    int first; /* inputs are c->in[first .. first + n) */
    int n;     /* >= 2 */
} hs_circ_gate;

typedef struct hs_circuit {
    int n_events;       /* nodes 1..n_events; = the model's n_events */
    int n_nodes;        /* 1 + n_events + number of gates */
    hs_circ_gate *gate; /* gate node g is gate[g - hs_circ_first_gate(c)] */
    int *in;            /* input literals of all gates */
    int n_in;
    int n_tops; /* = the model's n_tops */
    int *top;   /* literal of each model top event */
} hs_circuit;

static inline int hs_circ_first_gate(const hs_circuit *c)
{
    return c->n_events + 1;
}
static inline bool hs_circ_is_gate(const hs_circuit *c, int node)
{
    return node > c->n_events;
}
static inline const hs_circ_gate *hs_circ_gate_of(const hs_circuit *c, int node)
{
    return &c->gate[node - hs_circ_first_gate(c)];
}

/* Builds the circuit of finished model M. *out is caller-owned
 * (hs_circuit_free). 0, or -1 with err filled in (out of memory only). */
int hs_circuit_build(const hs_model *m, hs_circuit **out, hs_error *err);
void hs_circuit_free(hs_circuit *c);

/* Independent sub-circuits (modules), found with the linear-time
 * visit-date algorithm of Dutuit and Rauzy (1996): a gate is a module when
 * nothing below it is reachable from outside except through the gate
 * itself, so its function is independent of everything else and it can be
 * analysed alone and replaced by one variable. (*is_module)[node] is 1 for
 * module gates, 0 otherwise (a top gate that other tops share parts with
 * is not one); n_nodes entries, caller-owned. 0 or -1 + err (out of memory). */
int hs_circuit_modules(const hs_circuit *c, char **is_module, hs_error *err);

#endif
