/*
 * core/model/direct.c — jobs too simple for BuDDy (see bdd_build.h): one
 * AND, OR or at-least gate whose inputs are all leaves of the job (events,
 * or modules built before it). Their diagram is known in closed form — a
 * chain of one node per input for AND/OR, a grid of at most k nodes per
 * input for at-least — and is written straight into b's arrays.
 *
 * Most modules of a large model are such gates (a chain of 10^5 AND/OR
 * gates is 10^5 modules), and a BuDDy session costs its table and caches
 * however small the diagram, so building them directly keeps the modular
 * build linear in the model's size.
 */
#include "model/bdd_build.h"

#include <stdlib.h>

/* Whether job J is one gate over distinct leaves only (an at-least gate
 * may count one input twice, which a diagram cannot test twice): its root
 * gate, or -1. w->var_of, -1 outside attempts, marks the inputs seen. */
static int simple_gate(const hs_build *w, const hs_job *j)
{
    const hs_circuit *c = w->c;
    if (j->n_roots != 1 || HS_LIT_NEG(j->root_lits[0]) || !hs_circ_is_gate(c, j->roots[0]))
        return -1;
    const hs_circ_gate *g = hs_circ_gate_of(c, j->roots[0]);
    const int *in = c->in + g->first;
    int i = 0, root = j->roots[0];
    for (; i < g->n; i++) {
        int x = HS_LIT_NODE(in[i]);
        if (x == 0 || w->var_of[x] >= 0 || (hs_circ_is_gate(c, x) && !(j->stop && j->stop[x])))
            break;
        w->var_of[x] = 0;
    }
    if (i < g->n)
        root = -1;
    while (--i >= 0)
        w->var_of[HS_LIT_NODE(in[i])] = -1;
    return root;
}

/* AND/OR over the leaves in input order, the first on top: input i's node
 * goes on to input i + 1 on one value and to the terminal the gate then
 * takes on the other (for AND, a false positive input decides it). 0, or
 * -1 + err. */
static int chain(hs_build *w, hs_job *j, const hs_circ_gate *g, hs_error *err)
{
    const int *in = w->c->in + g->first;
    bool and = g->op == HS_CIRC_AND;
    int next = and? 1 : 0, decided = and? 0 : 1;
    for (int i = g->n - 1; i >= 0; i--) {
        bool decides_on_lo = and != (bool)HS_LIT_NEG(in[i]);
        next = hs_build_append(w, j->var_name[i], decides_on_lo ? decided : next,
                               decides_on_lo ? next : decided, err);
        if (next < 0)
            return -1;
    }
    j->out[0] = next;
    return 0;
}

/* At least K of the N leaves: node (i, r) is "at least r of inputs i..n-1",
 * rows built from the last input up, two rows kept. 0, or -1 + err. */
static int grid(hs_build *w, hs_job *j, const hs_circ_gate *g, hs_error *err)
{
    const int *in = w->c->in + g->first;
    int n = g->n, k = g->k, rc = -1;
    int *below = malloc((size_t)(k + 1) * sizeof *below);
    int *row = malloc((size_t)(k + 1) * sizeof *row);
    if (!below || !row) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    /* past the last input: at least 0 is true, at least r > 0 false */
    below[0] = 1;
    for (int r = 1; r <= k; r++)
        below[r] = 0;
    row[0] = 1;
    for (int i = n - 1; i >= 0; i--) {
        for (int r = 1; r <= k; r++) {
            if (r > n - i) { /* fewer inputs left than r */
                row[r] = 0;
                continue;
            }
            int with = below[r - 1], without = below[r];
            int lo = HS_LIT_NEG(in[i]) ? with : without, hi = HS_LIT_NEG(in[i]) ? without : with;
            row[r] = hs_build_append(w, j->var_name[i], lo, hi, err);
            if (row[r] < 0)
                goto out;
        }
        int *t = below;
        below = row;
        row = t;
    }
    j->out[0] = below[k];
    rc = 0;
out:
    free(below);
    free(row);
    return rc;
}

int hs_direct_build(hs_build *w, hs_job *j, hs_error *err)
{
    int root = simple_gate(w, j);
    if (root < 0)
        return 1;
    const hs_circ_gate *g = hs_circ_gate_of(w->c, root);
    /* the grid has up to n·k nodes: beyond the node limit, leave it to
     * the usual path and its limit */
    if (g->op == HS_CIRC_ATLEAST && (double)g->n * g->k > w->hard)
        return 1;
    const int *in = w->c->in + g->first;
    /* leaves in input order (levels 0.. in a flat build) */
    j->n_gates = 1;
    j->gates[0] = root;
    j->n_leaves = g->n;
    for (int i = 0; i < g->n; i++) {
        j->leaves[i] = HS_LIT_NODE(in[i]);
        j->var_name[i] = w->flat ? i : w->slot_of[j->leaves[i]];
    }
    if (hs_build_grow(w, w->b->n_nodes + g->n * (g->op == HS_CIRC_ATLEAST ? g->k : 1)))
        return hs_error_fail(err, NULL, 0, "out of memory");
    return g->op == HS_CIRC_ATLEAST ? grid(w, j, g, err) : chain(w, j, g, err);
}
