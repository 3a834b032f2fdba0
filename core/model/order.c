/*
 * core/model/order.c — traversal orders (see order.h). Both walks are
 * iterative: a chain of thousands of gates must not exhaust the stack.
 */
#include "model/order.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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


/* Size of each node's subtree counted as a tree (shared parts counted once
 * per use, capped): a cheap proxy for how many variables an input brings. */
static void subtree_sizes(const hs_model *m, const int *post, int n_post,
                          double *size)
{
    for (int i = 0; i < m->n_nodes; i++)
        size[i] = m->nodes[i].kind == HS_NODE_EVENT ? 1.0 : 0.0;
    for (int p = 0; p < n_post; p++) {
        const hs_model_node *g = &m->nodes[post[p]];
        double s = 0;
        for (int i = 0; i < g->n_in; i++)
            s += size[g->in[i]];
        size[post[p]] = s > 1e15 ? 1e15 : s;
    }
}

/* qsort has no context argument; the order is computed on one thread at a
 * time (BDD builds are serialised anyway), and the pointer is only read
 * inside the qsort call that follows its assignment. */
static const double *sort_key;
static int by_key(const void *a, const void *b)
{
    double x = sort_key[*(const int *)a], y = sort_key[*(const int *)b];
    return x < y ? -1 : x > y;
}
static int by_key_desc(const void *a, const void *b) { return by_key(b, a); }

/* Event sets below every gate, as bitsets of WORDS words per node; NULL
 * when they would not fit in 64 MiB (the caller then orders without). */
static uint64_t *below_sets(const hs_model *m, int words, hs_model_error *err)
{
    int *post = NULL, *uses = NULL, n_post = 0;
    if ((double)m->n_nodes * words * 8 > 64.0 * 1024 * 1024)
        return NULL;
    uint64_t *below = calloc((size_t)m->n_nodes * (size_t)words,
                             sizeof *below);
    if (!below || hs_model_postorder(m, &post, &n_post, &uses, err)) {
        free(below);
        return NULL;
    }
    for (int p = 0; p < n_post; p++) {
        const hs_model_node *g = &m->nodes[post[p]];
        uint64_t *d = below + (size_t)post[p] * (size_t)words;
        for (int i = 0; i < g->n_in; i++) {
            const hs_model_node *c = &m->nodes[g->in[i]];
            if (c->kind == HS_NODE_EVENT) {
                d[c->event / 64] |= 1ull << (c->event % 64);
            } else if (c->kind == HS_NODE_GATE) {
                const uint64_t *sc = below + (size_t)g->in[i] * (size_t)words;
                for (int w = 0; w < words; w++)
                    d[w] |= sc[w];
            }
        }
    }
    free(post);
    free(uses);
    return below;
}

/* Places, before anything under gate G, the events that two or more of its
 * inputs share: below such a gate the inputs' diagrams then meet only
 * through variables above them, which keeps their combination small.
 * s1/s2 are scratch bitsets of WORDS words. */
static void place_shared(const hs_model *m, int g, const uint64_t *below,
                         int words, uint64_t *s1, uint64_t *s2, char *seen,
                         int *ev, int *ve, int *next)
{
    const hs_model_node *n = &m->nodes[g];
    memset(s1, 0, (size_t)words * sizeof *s1);
    memset(s2, 0, (size_t)words * sizeof *s2);
    for (int i = 0; i < n->n_in; i++) {
        const hs_model_node *c = &m->nodes[n->in[i]];
        if (c->kind == HS_NODE_EVENT) {
            uint64_t bit = 1ull << (c->event % 64);
            s2[c->event / 64] |= s1[c->event / 64] & bit;
            s1[c->event / 64] |= bit;
        } else if (c->kind == HS_NODE_GATE) {
            const uint64_t *sc = below + (size_t)n->in[i] * (size_t)words;
            for (int w = 0; w < words; w++) {
                s2[w] |= s1[w] & sc[w];
                s1[w] |= sc[w];
            }
        }
    }
    for (int w = 0; w < words; w++)
        for (uint64_t x = s2[w]; x; x &= x - 1) {
            int e = w * 64 + __builtin_ctzll(x);
            int node = m->events[e];
            if (seen[node])
                continue;
            seen[node] = 1;
            ev[e] = *next;
            ve[(*next)++] = e;
        }
}

int hs_model_var_order(const hs_model *m, hs_order heuristic,
                       const int *module_slot, int n_slots, int **slot_var,
                       int **var_slot, hs_model_error *err)
{
    int rc = -1;
    int next = 0;
    int ne = n_slots;
    char *seen = calloc((size_t)m->n_nodes + 1, 1);
    int *stack = malloc((size_t)(m->n_nodes + 1) * sizeof *stack);
    int *pos = malloc((size_t)(m->n_nodes + 1) * sizeof *pos);
    int *ev = malloc((size_t)(ne + 1) * sizeof *ev);
    int *ve = malloc((size_t)(ne + 1) * sizeof *ve);
    int *sorted = NULL, *sorted_at = NULL;
    double *size = NULL;
    int words = (m->n_events + 63) / 64;
    uint64_t *below = NULL, *s1 = NULL, *s2 = NULL;
    if (heuristic == HS_ORDER_SHARED_FIRST && words > 0) {
        below = below_sets(m, words, err);
        s1 = malloc((size_t)words * sizeof *s1);
        s2 = malloc((size_t)words * sizeof *s2);
        if (!s1 || !s2) {
            free(below);
            below = NULL;
        }
    }
    if (!seen || !stack || !pos || !ev || !ve) {
        hs_model_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    for (int e = 0; e < ne; e++)
        ev[e] = -1;
    if (heuristic != HS_ORDER_DFS) {
        int *post = NULL, *uses = NULL, n_post = 0, total = 0;
        if (hs_model_postorder(m, &post, &n_post, &uses, err))
            goto out;
        size = malloc((size_t)m->n_nodes * sizeof *size);
        sorted_at = malloc((size_t)m->n_nodes * sizeof *sorted_at);
        for (int i = 0; i < m->n_nodes; i++) {
            sorted_at[i] = total;
            total += m->nodes[i].n_in;
        }
        sorted = malloc((size_t)(total + 1) * sizeof *sorted);
        subtree_sizes(m, post, n_post, size);
        sort_key = size;
        for (int i = 0; i < m->n_nodes; i++) {
            const hs_model_node *g = &m->nodes[i];
            if (g->n_in == 0)
                continue;
            memcpy(sorted + sorted_at[i], g->in, (size_t)g->n_in * sizeof(int));
            qsort(sorted + sorted_at[i], (size_t)g->n_in, sizeof(int),
                  heuristic == HS_ORDER_SMALL_FIRST ? by_key : by_key_desc);
        }
        free(post);
        free(uses);
    }
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
        if (below)
            place_shared(m, s, below, words, s1, s2, seen, ev, ve, &next);
        int sp = 0;
        stack[0] = s;
        pos[0] = 0;
        while (sp >= 0) {
            const hs_model_node *g = &m->nodes[stack[sp]];
            if (pos[sp] == g->n_in) {
                sp--;
                continue;
            }
            const int *ins = sorted ? sorted + sorted_at[stack[sp]] : g->in;
            int c = ins[pos[sp]++];
            if (seen[c])
                continue;
            seen[c] = 1;
            if (m->nodes[c].kind == HS_NODE_EVENT) {
                ev[m->nodes[c].event] = next;
                ve[next++] = m->nodes[c].event;
            } else if (m->nodes[c].kind == HS_NODE_GATE) {
                if (module_slot && module_slot[c] >= 0) {
                    ev[module_slot[c]] = next;
                    ve[next++] = module_slot[c];
                }
                if (below)
                    place_shared(m, c, below, words, s1, s2, seen, ev, ve,
                                 &next);
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
    *slot_var = ev;
    *var_slot = ve;
    ev = ve = NULL;
    rc = 0;
out:
    free(seen);
    free(stack);
    free(pos);
    free(ev);
    free(ve);
    free(sorted);
    free(sorted_at);
    free(size);
    free(below);
    free(s1);
    free(s2);
    return rc;
}
