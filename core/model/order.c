/*
 * core/model/order.c — traversal orders (see order.h). Both walks are
 * iterative: a chain of thousands of gates must not exhaust the stack.
 */
#include "model/order.h"

#include <stdlib.h>

int hs_model_postorder(const hs_model *m, int **post, int *n, int **uses,
                       hs_model_error *err)
{
    int rc = -1;
    int count = 0;
    char *state = calloc((size_t)m->n_nodes + 1, 1);
    int *stack = malloc((size_t)(m->n_nodes + 1) * sizeof *stack);
    int *pos = malloc((size_t)(m->n_nodes + 1) * sizeof *pos);
    int *out = malloc((size_t)(m->n_nodes + 1) * sizeof *out);
    int *u = calloc((size_t)m->n_nodes + 1, sizeof *u);
    if (!state || !stack || !pos || !out || !u) {
        hs_model_fail(err, NULL, 0, "out of memory");
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

int hs_model_var_order(const hs_model *m, int **event_var, int **var_event,
                       hs_model_error *err)
{
    int rc = -1;
    int next = 0;
    int ne = m->n_events;
    char *seen = calloc((size_t)m->n_nodes + 1, 1);
    int *stack = malloc((size_t)(m->n_nodes + 1) * sizeof *stack);
    int *pos = malloc((size_t)(m->n_nodes + 1) * sizeof *pos);
    int *ev = malloc((size_t)(ne + 1) * sizeof *ev);
    int *ve = malloc((size_t)(ne + 1) * sizeof *ve);
    if (!seen || !stack || !pos || !ev || !ve) {
        hs_model_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    for (int e = 0; e < ne; e++)
        ev[e] = -1;
    for (int t = 0; t < m->n_tops; t++) {
        int s = m->tops[t].node;
        if (seen[s])
            continue;
        seen[s] = 1;
        if (m->nodes[s].kind == HS_NODE_EVENT) {
            ev[m->nodes[s].event] = next;
            ve[next++] = m->nodes[s].event;
            continue;
        }
        if (m->nodes[s].kind != HS_NODE_GATE)
            continue;
        int sp = 0;
        stack[0] = s;
        pos[0] = 0;
        while (sp >= 0) {
            const hs_model_node *g = &m->nodes[stack[sp]];
            if (pos[sp] == g->n_in) {
                sp--;
                continue;
            }
            int c = g->in[pos[sp]++];
            if (seen[c])
                continue;
            seen[c] = 1;
            if (m->nodes[c].kind == HS_NODE_EVENT) {
                ev[m->nodes[c].event] = next;
                ve[next++] = m->nodes[c].event;
            } else if (m->nodes[c].kind == HS_NODE_GATE) {
                stack[++sp] = c;
                pos[sp] = 0;
            }
        }
    }
    for (int e = 0; e < ne; e++)
        if (ev[e] < 0) {
            ev[e] = next;
            ve[next++] = e;
        }
    *event_var = ev;
    *var_event = ve;
    ev = ve = NULL;
    rc = 0;
out:
    free(seen);
    free(stack);
    free(pos);
    free(ev);
    free(ve);
    return rc;
}
