/*
 * core/model/modules.c — module detection (see modules.h).
 *
 * One depth-first walk from the top events stamps every node with the date
 * of its first visit, the date the walk leaves it (gates) and the date of
 * its last visit from any parent. A gate G is a module exactly when every
 * node below it was first visited after G was entered and last visited
 * before G was left: nothing outside reaches into G. The walk and the
 * min/max pass are iterative because chains of thousands of gates occur.
 */
#include "model/modules.h"
#include "model/order.h"

#include <limits.h>
#include <stdlib.h>

int hs_model_modules(const hs_model *m, char **is_module, hs_model_error *err)
{
    int rc = -1;
    size_t nn = (size_t)m->n_nodes + 1;
    int *first = calloc(nn, sizeof *first);
    int *leave = calloc(nn, sizeof *leave);
    int *last = calloc(nn, sizeof *last);
    int *stack = malloc(nn * sizeof *stack);
    int *pos = malloc(nn * sizeof *pos);
    int *lo = malloc(nn * sizeof *lo);
    int *hi = malloc(nn * sizeof *hi);
    char *mod = calloc(nn, 1);
    int *post = NULL, *uses = NULL, n_post = 0;
    if (!first || !leave || !last || !stack || !pos || !lo || !hi || !mod) {
        hs_model_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    int date = 0;
    for (int t = 0; t < m->n_tops; t++) {
        int s = m->tops[t].node;
        last[s] = ++date;
        if (first[s])
            continue;
        first[s] = date;
        if (m->nodes[s].kind != HS_NODE_GATE) {
            leave[s] = date;
            continue;
        }
        int sp = 0;
        stack[0] = s;
        pos[0] = 0;
        while (sp >= 0) {
            const hs_model_node *g = &m->nodes[stack[sp]];
            if (pos[sp] == g->n_in) {
                leave[stack[sp]] = ++date;
                last[stack[sp]] = date;
                sp--;
                continue;
            }
            int c = g->in[pos[sp]++];
            last[c] = ++date;
            if (first[c])
                continue;
            first[c] = date;
            if (m->nodes[c].kind == HS_NODE_GATE) {
                stack[++sp] = c;
                pos[sp] = 0;
            } else {
                leave[c] = date;
            }
        }
    }
    if (hs_model_postorder(m, &post, &n_post, &uses, err))
        goto out;
    /* lo/hi: earliest first visit and latest last visit of anything below
     * each gate; children precede parents in post. */
    for (int p = 0; p < n_post; p++) {
        int id = post[p];
        const hs_model_node *g = &m->nodes[id];
        int l = INT_MAX, h = 0;
        for (int i = 0; i < g->n_in; i++) {
            int c = g->in[i];
            if (first[c] < l)
                l = first[c];
            if (last[c] > h)
                h = last[c];
            if (m->nodes[c].kind == HS_NODE_GATE) {
                if (lo[c] < l)
                    l = lo[c];
                if (hi[c] > h)
                    h = hi[c];
            }
        }
        lo[id] = l;
        hi[id] = h;
        mod[id] = g->n_in > 0 && l > first[id] && h < leave[id];
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
    free(post);
    free(uses);
    return rc;
}
