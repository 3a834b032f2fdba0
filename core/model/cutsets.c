/*
 * core/model/cutsets.c — see cutsets.h.
 */
#include "model/cutsets.h"

#include <stdlib.h>

/* The family of literal L given its node's; -1/-2 as hs_circ_cut_sets. */
static int32_t lit_family(const int32_t *fam, int l)
{
    if (l == HS_LIT_TRUE)
        return 1; /* {∅}: failed with nothing else failed */
    if (l == HS_LIT_FALSE)
        return 0;
    if (HS_LIT_NEG(l))
        return HS_CUTSETS_NOT_COHERENT;
    return fam[HS_LIT_NODE(l)];
}

/* At least G->k of the inputs: row[j] holds "at least j of inputs i..n-1"
 * while i runs down from the last input. */
static int32_t at_least(const hs_circuit *c, const hs_circ_gate *g, const int32_t *fam, int k,
                        hs_zbdd *z)
{
    int32_t r = -1;
    int32_t *row = malloc((size_t)(g->k + 1) * sizeof *row);
    if (!row)
        return -1;
    row[0] = 1;
    for (int j = 1; j <= g->k; j++)
        row[j] = 0;
    for (int i = g->n - 1; i >= 0; i--) {
        int32_t x = lit_family(fam, c->in[g->first + i]);
        if (x < 0) {
            r = x;
            goto out;
        }
        /* descending j reads row[j - 1] before this input updates it */
        for (int j = g->k; j >= 1; j--) {
            int32_t with = hs_zbdd_minimal(z, hs_zbdd_product(z, x, row[j - 1], k));
            row[j] = hs_zbdd_min_union(z, with, row[j]);
            if (row[j] < 0)
                goto out;
        }
    }
    r = row[g->k];
out:
    free(row);
    return r;
}

int32_t hs_circ_cut_sets(const hs_circuit *c, int top, int k, hs_zbdd *z, hs_progress *pr)
{
    int32_t r = -1;
    int first = hs_circ_first_gate(c);
    int32_t *fam = malloc((size_t)c->n_nodes * sizeof *fam);
    char *need = calloc((size_t)c->n_nodes, 1);
    if (!fam || !need)
        goto out;
    for (int e = 0; e < c->n_events; e++)
        fam[e + 1] = hs_zbdd_node(z, e, 0, 1);
    /* Only the gates under TOP: inputs have smaller indices. */
    need[HS_LIT_NODE(top)] = 1;
    for (int x = c->n_nodes - 1; x >= first; x--) {
        if (!need[x])
            continue;
        const hs_circ_gate *g = hs_circ_gate_of(c, x);
        for (int i = 0; i < g->n; i++)
            need[HS_LIT_NODE(c->in[g->first + i])] = 1;
    }
    for (int x = first; x < c->n_nodes; x++) {
        if (!need[x])
            continue;
        const hs_circ_gate *g = hs_circ_gate_of(c, x);
        int32_t f;
        if (g->op == HS_CIRC_ATLEAST) {
            f = at_least(c, g, fam, k, z);
        } else {
            f = g->op == HS_CIRC_AND ? 1 : 0;
            for (int i = 0; i < g->n && f >= 0; i++) {
                int32_t in = lit_family(fam, c->in[g->first + i]);
                if (in < 0)
                    f = in;
                else if (g->op == HS_CIRC_AND)
                    f = hs_zbdd_minimal(z, hs_zbdd_product(z, f, in, k));
                else
                    f = hs_zbdd_min_union(z, f, in);
            }
        }
        if (f < 0) {
            r = f;
            goto out;
        }
        fam[x] = f;
        if (pr)
            hs_progress_update(pr, "gate %d of %d, %d ZBDD nodes", x - first + 1,
                               c->n_nodes - first, (int)z->n);
    }
    r = lit_family(fam, top);
out:
    free(fam);
    free(need);
    return r;
}
