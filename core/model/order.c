/*
 * core/model/order.c — traversal orders (see order.h). Both walks are
 * iterative: a chain of thousands of gates must not exhaust the stack.
 */
#include "model/order.h"
#include "model/circuit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Scratch of one hs_circuit_order() call, freed by order_free(). */
typedef struct order_ctx {
    const hs_circuit *c;
    const char *stop;
    char *mark;   /* 1 gate of the sub-circuit, 2 leaf; +2 once met */
    int *leaf_id; /* leaf node → dense index (bitset position) */
    int *id_node; /* its inverse */
    double *size; /* tree size per gate */
    int *stack, *pos;
    int *visit;      /* per input slot of c->in: inputs in visiting order */
    uint64_t *below; /* leaf sets per sub-circuit gate, words each */
    int *row;        /* gate node → row in below */
    int words;
    uint64_t *s1, *s2;
} order_ctx;

static void order_free(order_ctx *o)
{
    free(o->mark);
    free(o->leaf_id);
    free(o->id_node);
    free(o->size);
    free(o->stack);
    free(o->pos);
    free(o->visit);
    free(o->below);
    free(o->row);
    free(o->s1);
    free(o->s2);
}

enum { M_GATE = 1, M_LEAF = 2, M_MET = 2 };

static bool is_gate_of(const order_ctx *o, int node)
{
    return o->mark[node] == M_GATE || o->mark[node] == M_GATE + M_MET;
}

/* Collects the gates (ascending) and numbers the leaves densely. */
static void collect(order_ctx *o, const int *roots, int n_roots, int *gates, int *n_gates,
                    int *n_ids)
{
    const hs_circuit *c = o->c;
    int ng = 0, nl = 0, sp = 0;
    for (int r = 0; r < n_roots; r++) {
        int x = roots[r];
        if (o->mark[x])
            continue;
        if (!hs_circ_is_gate(c, x)) {
            o->mark[x] = M_LEAF;
            o->id_node[nl] = x;
            o->leaf_id[x] = nl++;
            continue;
        }
        o->mark[x] = M_GATE;
        o->stack[sp++] = x;
        while (sp > 0) {
            int g = o->stack[--sp];
            gates[ng++] = g;
            const hs_circ_gate *cg = hs_circ_gate_of(c, g);
            for (int i = 0; i < cg->n; i++) {
                int y = HS_LIT_NODE(c->in[cg->first + i]);
                if (o->mark[y])
                    continue;
                if (hs_circ_is_gate(c, y) && !(o->stop && o->stop[y])) {
                    o->mark[y] = M_GATE;
                    o->stack[sp++] = y;
                } else {
                    o->mark[y] = M_LEAF;
                    o->id_node[nl] = y;
                    o->leaf_id[y] = nl++;
                }
            }
        }
    }
    qsort(gates, (size_t)ng, sizeof *gates, hs_cmp_int);
    *n_gates = ng;
    *n_ids = nl;
}

static double size_of(const order_ctx *o, int node)
{
    return is_gate_of(o, node) ? o->size[node] : 1.0;
}

/* Leaf sets below every gate, for HS_ORDER_SHARED_FIRST; false when they
 * would not fit in 64 MiB (the order then goes without). */
static int below_sets(order_ctx *o, const int *gates, int ng, int n_ids, bool *have)
{
    *have = false;
    if (n_ids == 0 || (double)ng * ((n_ids + 63) / 64) * 8 > 64.0 * 1024 * 1024)
        return 0;
    const hs_circuit *c = o->c;
    o->words = (n_ids + 63) / 64;
    o->below = calloc((size_t)ng * (size_t)o->words, sizeof *o->below);
    o->row = malloc((size_t)c->n_nodes * sizeof *o->row);
    o->s1 = malloc((size_t)o->words * sizeof *o->s1);
    o->s2 = malloc((size_t)o->words * sizeof *o->s2);
    if (!o->below || !o->row || !o->s1 || !o->s2)
        return -1;
    for (int i = 0; i < ng; i++) {
        int g = gates[i];
        o->row[g] = i;
        const hs_circ_gate *cg = hs_circ_gate_of(c, g);
        uint64_t *d = o->below + (size_t)i * (size_t)o->words;
        for (int j = 0; j < cg->n; j++) {
            int y = HS_LIT_NODE(c->in[cg->first + j]);
            if (is_gate_of(o, y)) {
                const uint64_t *sc = o->below + (size_t)o->row[y] * (size_t)o->words;
                for (int w = 0; w < o->words; w++)
                    d[w] |= sc[w];
            } else {
                d[o->leaf_id[y] / 64] |= 1ull << (o->leaf_id[y] % 64);
            }
        }
    }
    *have = true;
    return 0;
}

static void meet_leaf(order_ctx *o, int node, int *leaves, int *n)
{
    if (o->mark[node] == M_LEAF) {
        o->mark[node] += M_MET;
        leaves[(*n)++] = node;
    }
}

/* Places, before anything under gate G, the leaves that two or more of its
 * inputs share (see HS_ORDER_SHARED_FIRST). */
static void place_shared(order_ctx *o, int g, int *leaves, int *n)
{
    const hs_circuit *c = o->c;
    const hs_circ_gate *cg = hs_circ_gate_of(c, g);
    int w = o->words;
    memset(o->s1, 0, (size_t)w * sizeof *o->s1);
    memset(o->s2, 0, (size_t)w * sizeof *o->s2);
    for (int i = 0; i < cg->n; i++) {
        int y = HS_LIT_NODE(c->in[cg->first + i]);
        if (is_gate_of(o, y)) {
            const uint64_t *sc = o->below + (size_t)o->row[y] * (size_t)w;
            for (int j = 0; j < w; j++) {
                o->s2[j] |= o->s1[j] & sc[j];
                o->s1[j] |= sc[j];
            }
        } else {
            int id = o->leaf_id[y];
            uint64_t bit = 1ull << (id % 64);
            o->s2[id / 64] |= o->s1[id / 64] & bit;
            o->s1[id / 64] |= bit;
        }
    }
    for (int j = 0; j < w; j++)
        for (uint64_t x = o->s2[j]; x; x &= x - 1)
            meet_leaf(o, o->id_node[j * 64 + __builtin_ctzll(x)], leaves, n);
}

/* Inputs of every sub-circuit gate in the order heuristic H visits them. */
static void visit_orders(order_ctx *o, const int *gates, int ng, hs_order h)
{
    const hs_circuit *c = o->c;
    for (int i = 0; i < ng; i++) {
        const hs_circ_gate *cg = hs_circ_gate_of(c, gates[i]);
        int *v = o->visit + cg->first;
        memcpy(v, c->in + cg->first, (size_t)cg->n * sizeof *v);
        if (h == HS_ORDER_DFS)
            continue;
        /* stable insertion sort by subtree size (fan-in is small) */
        for (int a = 1; a < cg->n; a++) {
            int lv = v[a], b = a - 1;
            double sy = size_of(o, HS_LIT_NODE(lv));
            while (b >= 0) {
                double sz = size_of(o, HS_LIT_NODE(v[b]));
                if (h == HS_ORDER_SMALL_FIRST ? sz <= sy : sz >= sy)
                    break;
                v[b + 1] = v[b];
                b--;
            }
            v[b + 1] = lv;
        }
    }
}

int hs_circuit_order(const hs_circuit *c, const int *roots, int n_roots, const char *stop,
                     hs_order h, int *leaves, int *n_leaves, int *gates, int *n_gates,
                     hs_error *err)
{
    int rc = -1, nl = 0, n_ids = 0, ng = 0;
    bool shared = false;
    order_ctx o = {.c = c, .stop = stop};
    size_t nn = (size_t)c->n_nodes + 1;
    o.mark = calloc(nn, 1);
    o.leaf_id = malloc(nn * sizeof *o.leaf_id);
    o.id_node = malloc(nn * sizeof *o.id_node);
    o.size = malloc(nn * sizeof *o.size);
    o.stack = malloc(nn * sizeof *o.stack);
    o.pos = malloc(nn * sizeof *o.pos);
    o.visit = malloc(((size_t)c->n_in + 1) * sizeof *o.visit);
    if (!o.mark || !o.leaf_id || !o.id_node || !o.size || !o.stack || !o.pos || !o.visit)
        goto oom;
    collect(&o, roots, n_roots, gates, &ng, &n_ids);
    for (int i = 0; i < ng; i++) {
        const hs_circ_gate *cg = hs_circ_gate_of(c, gates[i]);
        double s = 0;
        for (int j = 0; j < cg->n; j++)
            s += size_of(&o, HS_LIT_NODE(c->in[cg->first + j]));
        o.size[gates[i]] = s > 1e15 ? 1e15 : s;
    }
    if (h == HS_ORDER_SHARED_FIRST && below_sets(&o, gates, ng, n_ids, &shared))
        goto oom;
    visit_orders(&o, gates, ng, h == HS_ORDER_SHARED_FIRST ? HS_ORDER_LARGE_FIRST : h);
    for (int r = 0; r < n_roots; r++) {
        int x = roots[r];
        if (o.mark[x] != M_GATE) {
            meet_leaf(&o, x, leaves, &nl);
            continue;
        }
        int sp = 0;
        o.stack[0] = x;
        o.pos[0] = 0;
        o.mark[x] += M_MET;
        if (shared)
            place_shared(&o, x, leaves, &nl);
        while (sp >= 0) {
            const hs_circ_gate *cg = hs_circ_gate_of(c, o.stack[sp]);
            if (o.pos[sp] == cg->n) {
                sp--;
                continue;
            }
            int y = HS_LIT_NODE(o.visit[cg->first + o.pos[sp]++]);
            if (o.mark[y] == M_GATE) {
                o.mark[y] += M_MET;
                if (shared)
                    place_shared(&o, y, leaves, &nl);
                o.stack[++sp] = y;
                o.pos[sp] = 0;
            } else {
                meet_leaf(&o, y, leaves, &nl);
            }
        }
    }
    *n_leaves = nl;
    *n_gates = ng;
    rc = 0;
    goto out;
oom:
    hs_error_fail(err, NULL, 0, "out of memory");
out:
    order_free(&o);
    return rc;
}
