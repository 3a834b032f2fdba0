/*
 * core/model/modules.c — module detection on the circuit (see circuit.h).
 *
 * One depth-first walk from the top events stamps every node with the date
 * of its first visit, the date the walk leaves it (gates) and the date of
 * its last visit from any parent. A gate G is a module exactly when every
 * node below it was first visited after G was entered and last visited
 * before G was left: nothing outside reaches into G. Gates are numbered
 * inputs first, so the min/max pass is one ascending loop; the walk is
 * iterative because chains of thousands of gates occur.
 */
#include "model/circuit.h"

#include <limits.h>
#include <stdlib.h>

int hs_circuit_modules(const hs_circuit *c, char **is_module,
                       hs_error *err)
{
    int rc = -1;
    size_t nn = (size_t)c->n_nodes + 1;
    int *first = calloc(nn, sizeof *first);
    int *leave = calloc(nn, sizeof *leave);
    int *last = calloc(nn, sizeof *last);
    int *stack = malloc(nn * sizeof *stack);
    int *pos = malloc(nn * sizeof *pos);
    int *lo = malloc(nn * sizeof *lo);
    int *hi = malloc(nn * sizeof *hi);
    char *mod = calloc(nn, 1);
    if (!first || !leave || !last || !stack || !pos || !lo || !hi || !mod) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    int date = 0;
    for (int t = 0; t < c->n_tops; t++) {
        int s = HS_LIT_NODE(c->top[t]);
        last[s] = ++date;
        if (first[s])
            continue;
        first[s] = date;
        if (!hs_circ_is_gate(c, s)) {
            leave[s] = date;
            continue;
        }
        int sp = 0;
        stack[0] = s;
        pos[0] = 0;
        while (sp >= 0) {
            const hs_circ_gate *g = hs_circ_gate_of(c, stack[sp]);
            if (pos[sp] == g->n) {
                leave[stack[sp]] = ++date;
                last[stack[sp]] = date;
                sp--;
                continue;
            }
            int x = HS_LIT_NODE(c->in[g->first + pos[sp]++]);
            last[x] = ++date;
            if (first[x])
                continue;
            first[x] = date;
            if (hs_circ_is_gate(c, x)) {
                stack[++sp] = x;
                pos[sp] = 0;
            } else {
                leave[x] = date;
            }
        }
    }
    /* lo/hi: earliest first visit and latest last visit below each gate */
    for (int g = hs_circ_first_gate(c); g < c->n_nodes; g++) {
        if (!first[g])
            continue; /* unreachable (cannot happen after compaction) */
        const hs_circ_gate *cg = hs_circ_gate_of(c, g);
        int l = INT_MAX, h = 0;
        for (int i = 0; i < cg->n; i++) {
            int x = HS_LIT_NODE(c->in[cg->first + i]);
            if (first[x] < l)
                l = first[x];
            if (last[x] > h)
                h = last[x];
            if (hs_circ_is_gate(c, x)) {
                if (lo[x] < l)
                    l = lo[x];
                if (hi[x] > h)
                    h = hi[x];
            }
        }
        lo[g] = l;
        hi[g] = h;
        mod[g] = l > first[g] && h < leave[g];
    }
    *is_module = mod;
    mod = NULL;
    rc = 0;
out:
    free(first);
    free(leave);
    free(last);
    free(stack);
    free(pos);
    free(lo);
    free(hi);
    free(mod);
    return rc;
}
