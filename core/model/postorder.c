/*
 * core/model/postorder.c — the model graph's gates in evaluation order
 * (inputs first), for the circuit builder and the simulation, and the int
 * comparator the engine sorts node lists with.
 */
#include "model/model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int hs_cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

int hs_model_postorder(const hs_model *m, int **post, int *n, int **uses, hs_error *err)
{
    int rc = -1;
    int count = 0;
    char *state = calloc((size_t)m->n_nodes + 1, 1);
    int *stack = malloc((size_t)(m->n_nodes + 1) * sizeof *stack);
    int *pos = malloc((size_t)(m->n_nodes + 1) * sizeof *pos);
    int *out = malloc((size_t)(m->n_nodes + 1) * sizeof *out);
    int *u = calloc((size_t)m->n_nodes + 1, sizeof *u);
    if (!state || !stack || !pos || !out || !u) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    for (int t = 0; t < m->n_tops; t++) {
        int s = m->tops[t].node;
        u[s]++;
        if (state[s] || m->nodes[s].kind != HS_NODE_GATE)
            continue;
        int sp = 0;
        stack[0] = s;
        pos[0] = 0;
        state[s] = 1;
        while (sp >= 0) {
            const hs_model_node *g = &m->nodes[stack[sp]];
            if (pos[sp] == g->n_in) {
                out[count++] = stack[sp--];
                continue;
            }
            int c = g->in[pos[sp]++];
            if (m->nodes[c].kind != HS_NODE_GATE)
                continue;
            u[c]++;
            if (state[c])
                continue;
            state[c] = 1;
            stack[++sp] = c;
            pos[sp] = 0;
        }
    }
    *post = out;
    *uses = u;
    *n = count;
    out = NULL;
    u = NULL;
    rc = 0;
out:
    free(state);
    free(stack);
    free(pos);
    free(out);
    free(u);
    return rc;
}
