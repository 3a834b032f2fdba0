/*
 * core/model/circuit.c — model → normalised circuit (see circuit.h).
 *
 * Three passes, each a plain loop because inputs always precede gates:
 * the model's gates (children first) are turned into literals through
 * mk(), which folds constants and repeats and hash-conses gates; a second
 * pass merges AND (OR) inputs used by one AND (OR) parent only into that
 * parent; a last pass keeps just what the top events reach.
 */
#include "model/circuit.h"
#include "util/hash.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct builder {
    hs_circuit *c;
    int cap_gate, cap_in;
    uint64_t *ghash; /* per gate: hash of (op, k, sorted inputs) */
    int *table;      /* open addressing: gate index or -1 */
    int table_cap;
} builder;

/* Hash of a gate over its sorted inputs (SORTED). */
static uint64_t gate_hash(hs_circ_op op, int k, const int *sorted, int n)
{
    uint64_t h = hs_mix64(((uint64_t)op << 32) ^ (uint64_t)(unsigned)k ^ 0x9e3779b97f4a7c15ULL);
    for (int i = 0; i < n; i++)
        h = hs_mix64(h ^ (uint64_t)(unsigned)sorted[i]) + 0x632be59bd9b4e019ULL;
    return h;
}

static bool same_gate(const builder *b, int gi, hs_circ_op op, int k, const int *sorted, int n,
                      int *scratch)
{
    const hs_circ_gate *g = &b->c->gate[gi];
    if (g->op != op || g->k != k || g->n != n)
        return false;
    memcpy(scratch, b->c->in + g->first, (size_t)n * sizeof *scratch);
    qsort(scratch, (size_t)n, sizeof *scratch, hs_cmp_int);
    return memcmp(scratch, sorted, (size_t)n * sizeof *scratch) == 0;
}

static int table_insert(builder *b, int gi)
{
    if (2 * (b->c->n_nodes - hs_circ_first_gate(b->c) + 1) > b->table_cap) {
        int cap = b->table_cap ? 2 * b->table_cap : 1024;
        int *t = malloc((size_t)cap * sizeof *t);
        if (!t)
            return -1;
        for (int i = 0; i < cap; i++)
            t[i] = -1;
        int n_g = b->c->n_nodes - hs_circ_first_gate(b->c);
        for (int i = 0; i < n_g; i++) {
            uint64_t j = b->ghash[i] & (uint64_t)(cap - 1);
            while (t[j] >= 0)
                j = (j + 1) & (uint64_t)(cap - 1);
            t[j] = i;
        }
        free(b->table);
        b->table = t;
        b->table_cap = cap;
    }
    uint64_t j = b->ghash[gi] & (uint64_t)(b->table_cap - 1);
    while (b->table[j] >= 0)
        j = (j + 1) & (uint64_t)(b->table_cap - 1);
    b->table[j] = gi;
    return 0;
}

/* Appends gate (op, k, in[0..n)) unless an identical one exists; returns
 * its positive literal, -1 when out of memory. SORTED holds the inputs in
 * ascending order; SCRATCH has room for n ints. */
static int intern(builder *b, hs_circ_op op, int k, const int *in, const int *sorted, int n,
                  int *scratch)
{
    hs_circuit *c = b->c;
    uint64_t h = gate_hash(op, k, sorted, n);
    if (b->table_cap) {
        uint64_t j = h & (uint64_t)(b->table_cap - 1);
        for (; b->table[j] >= 0; j = (j + 1) & (uint64_t)(b->table_cap - 1)) {
            int gi = b->table[j];
            if (b->ghash[gi] == h && same_gate(b, gi, op, k, sorted, n, scratch))
                return HS_LIT(gi + hs_circ_first_gate(c), 0);
        }
    }
    int gi = c->n_nodes - hs_circ_first_gate(c);
    if (gi == b->cap_gate) {
        int cap = b->cap_gate ? 2 * b->cap_gate : 256;
        hs_circ_gate *g = realloc(c->gate, (size_t)cap * sizeof *g);
        if (g)
            c->gate = g;
        uint64_t *gh = realloc(b->ghash, (size_t)cap * sizeof *gh);
        if (gh)
            b->ghash = gh;
        if (!g || !gh)
            return -1;
        b->cap_gate = cap;
    }
    if (c->n_in + n > b->cap_in) {
        int cap = b->cap_in ? b->cap_in : 1024;
        while (cap < c->n_in + n)
            cap *= 2;
        int *x = realloc(c->in, (size_t)cap * sizeof *x);
        if (!x)
            return -1;
        c->in = x;
        b->cap_in = cap;
    }
    memcpy(c->in + c->n_in, in, (size_t)n * sizeof *in);
    c->gate[gi] = (hs_circ_gate){op, k, c->n_in, n};
    c->n_in += n;
    b->ghash[gi] = h;
    c->n_nodes++;
    if (table_insert(b, gi))
        return -1;
    return HS_LIT(gi + hs_circ_first_gate(c), 0);
}

static int mk(builder *b, hs_circ_op op, int k, const int *in, int n);

/* Copy IN's non-constant literals to V (*m of them), counting a TRUE input
 * of an ATLEAST gate off *k. Returns the gate's constant when an input
 * decides it (FALSE under AND, TRUE under OR), else -1. */
static int drop_constants(hs_circ_op op, int *k, const int *in, int n, int *v, int *m)
{
    *m = 0;
    for (int i = 0; i < n; i++) {
        int l = in[i];
        if (HS_LIT_NODE(l) != 0) {
            v[(*m)++] = l;
            continue;
        }
        bool t = l == HS_LIT_TRUE;
        if (op == HS_CIRC_AND && !t)
            return HS_LIT_FALSE;
        if (op == HS_CIRC_OR && t)
            return HS_LIT_TRUE;
        if (op == HS_CIRC_ATLEAST && t)
            (*k)--;
    }
    return -1;
}

/* ATLEAST(K) over V[0..m) without constants: x and ¬x together contribute
 * exactly one, so each such pair is dropped and k lowered; then the
 * constant, OR, AND or the interned gate it has become. SORTED and
 * SCRATCH: room for m each. */
static int mk_atleast(builder *b, int k, int *v, int m, int *sorted, int *scratch)
{
    memcpy(sorted, v, (size_t)m * sizeof *v);
    qsort(sorted, (size_t)m, sizeof *sorted, hs_cmp_int);
    int w = 0;
    for (int i = 0; i < m;) {
        int node = HS_LIT_NODE(sorted[i]), pos = 0, neg = 0;
        for (; i < m && HS_LIT_NODE(sorted[i]) == node; i++) {
            if (HS_LIT_NEG(sorted[i]))
                neg++;
            else
                pos++;
        }
        int pairs = pos < neg ? pos : neg;
        k -= pairs;
        for (int j = 0; j < pos - pairs; j++)
            v[w++] = HS_LIT(node, 0);
        for (int j = 0; j < neg - pairs; j++)
            v[w++] = HS_LIT(node, 1);
    }
    m = w;
    if (k <= 0)
        return HS_LIT_TRUE;
    if (k > m)
        return HS_LIT_FALSE;
    if (k == 1 || k == m)
        return mk(b, k == 1 ? HS_CIRC_OR : HS_CIRC_AND, 0, v, m);
    memcpy(sorted, v, (size_t)m * sizeof *v);
    qsort(sorted, (size_t)m, sizeof *sorted, hs_cmp_int);
    return intern(b, HS_CIRC_ATLEAST, k, v, sorted, m, scratch);
}

/* AND/OR over V[0..m) without constants: repeats merge (the first
 * occurrence of each kept, in input order); x with ¬x decides the gate. */
static int mk_andor(builder *b, hs_circ_op op, int *v, int m, int *sorted, int *scratch)
{
    memcpy(sorted, v, (size_t)m * sizeof *v);
    qsort(sorted, (size_t)m, sizeof *sorted, hs_cmp_int);
    int u = 0;
    for (int i = 0; i < m; i++) {
        if (u > 0 && sorted[u - 1] == sorted[i])
            continue;
        if (u > 0 && sorted[u - 1] == (sorted[i] ^ 1))
            return op == HS_CIRC_AND ? HS_LIT_FALSE : HS_LIT_TRUE;
        sorted[u++] = sorted[i];
    }
    if (u < m) {
        /* keep each literal's first occurrence: SCRATCH[j] says whether
         * sorted[j] was kept yet (found by binary search, not by scanning
         * what was kept, which was quadratic) */
        memset(scratch, 0, (size_t)u * sizeof *scratch);
        int w = 0;
        for (int i = 0; i < m; i++) {
            const int *at = bsearch(&v[i], sorted, (size_t)u, sizeof *sorted, hs_cmp_int);
            int *kept = &scratch[at - sorted];
            if (!*kept) {
                *kept = 1;
                v[w++] = v[i];
            }
        }
        m = w;
    }
    if (m == 0)
        return op == HS_CIRC_AND ? HS_LIT_TRUE : HS_LIT_FALSE;
    if (m == 1)
        return v[0];
    return intern(b, op, 0, v, sorted, m, scratch);
}

/* The literal of OP(K) over IN[0..n) (IN is not modified), simplified and
 * hash-consed; -1 when out of memory. */
static int mk(builder *b, hs_circ_op op, int k, const int *in, int n)
{
    int *v = malloc((size_t)(3 * n + 3) * sizeof *v);
    if (!v)
        return -1;
    int *sorted = v + n + 1, *scratch = v + 2 * n + 2;
    int m, r = drop_constants(op, &k, in, n, v, &m);
    if (r < 0)
        r = op == HS_CIRC_ATLEAST ? mk_atleast(b, k, v, m, sorted, scratch)
                                  : mk_andor(b, op, v, m, sorted, scratch);
    free(v);
    return r;
}

/* Literal of model gate G given its inputs' literals IN. */
static int model_gate(builder *b, const hs_model_node *g, const int *in)
{
    int n = g->n_in, r = -1;
    switch (g->op) {
    case HS_OP_AND: return mk(b, HS_CIRC_AND, 0, in, n);
    case HS_OP_OR: return mk(b, HS_CIRC_OR, 0, in, n);
    case HS_OP_ATLEAST: return mk(b, HS_CIRC_ATLEAST, g->k, in, n);
    case HS_OP_NAND: r = mk(b, HS_CIRC_AND, 0, in, n); return r < 0 ? r : r ^ 1;
    case HS_OP_NOR: r = mk(b, HS_CIRC_OR, 0, in, n); return r < 0 ? r : r ^ 1;
    case HS_OP_NOT: return in[0] ^ 1;
    case HS_OP_NULL: return in[0];
    case HS_OP_TRUE: return HS_LIT_TRUE;
    case HS_OP_FALSE: return HS_LIT_FALSE;
    case HS_OP_IMPLY: {
        int v[2] = {in[0] ^ 1, in[1]};
        return mk(b, HS_CIRC_OR, 0, v, 2);
    }
    case HS_OP_XOR:
    case HS_OP_IFF:
        r = in[0];
        for (int i = 1; i < n && r >= 0; i++) {
            int x[2] = {r, in[i] ^ 1}, y[2] = {r ^ 1, in[i]};
            int a = mk(b, HS_CIRC_AND, 0, x, 2);
            int c = a < 0 ? -1 : mk(b, HS_CIRC_AND, 0, y, 2);
            int o[2] = {a, c};
            r = c < 0 ? -1 : mk(b, HS_CIRC_OR, 0, o, 2);
        }
        return r < 0 || g->op == HS_OP_XOR ? r : r ^ 1;
    case HS_OP_CARD: {
        int lo = mk(b, HS_CIRC_ATLEAST, g->k, in, n);
        int hi = lo < 0 ? -1 : mk(b, HS_CIRC_ATLEAST, g->kmax + 1, in, n);
        int v[2] = {lo, hi ^ 1};
        return hi < 0 ? -1 : mk(b, HS_CIRC_AND, 0, v, 2);
    }
    }
    return -1;
}

static hs_circuit *new_circuit(const hs_model *m)
{
    hs_circuit *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->n_events = m->n_events;
    c->n_nodes = m->n_events + 1;
    c->n_tops = m->n_tops;
    c->top = calloc((size_t)m->n_tops + 1, sizeof *c->top);
    if (!c->top) {
        free(c);
        return NULL;
    }
    return c;
}

static void builder_free(builder *b)
{
    free(b->ghash);
    free(b->table);
    memset(b, 0, sizeof *b);
}

/* Pass 1: the model's gates, children first. */
static int from_model(const hs_model *m, builder *b, hs_error *err)
{
    int rc = -1, *post = NULL, *uses = NULL, n_post = 0;
    int *lit = malloc((size_t)m->n_nodes * sizeof *lit);
    int *in = NULL;
    int fan = 1;
    for (int i = 0; i < m->n_nodes; i++)
        if (m->nodes[i].n_in > fan)
            fan = m->nodes[i].n_in;
    in = malloc((size_t)fan * sizeof *in);
    if (!lit || !in) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    for (int i = 0; i < m->n_nodes; i++) {
        const hs_model_node *n = &m->nodes[i];
        lit[i] = n->kind == HS_NODE_EVENT   ? HS_LIT(n->event + 1, 0)
                 : n->kind == HS_NODE_HOUSE ? (n->value ? HS_LIT_TRUE : HS_LIT_FALSE)
                                            : HS_LIT_FALSE;
    }
    if (hs_model_postorder(m, &post, &n_post, &uses, err))
        goto out;
    for (int p = 0; p < n_post; p++) {
        const hs_model_node *g = &m->nodes[post[p]];
        for (int i = 0; i < g->n_in; i++)
            in[i] = lit[g->in[i]];
        lit[post[p]] = model_gate(b, g, in);
        if (lit[post[p]] < 0) {
            hs_error_fail(err, NULL, 0, "out of memory");
            goto out;
        }
    }
    for (int t = 0; t < m->n_tops; t++)
        b->c->top[t] = lit[m->tops[t].node];
    rc = 0;
out:
    free(lit);
    free(in);
    free(post);
    free(uses);
    return rc;
}

/* Number of parents of every node: gates using it plus tops rooted at it. */
static int *parent_counts(const hs_circuit *c)
{
    int *pc = calloc((size_t)c->n_nodes, sizeof *pc);
    if (!pc)
        return NULL;
    for (int t = 0; t < c->n_tops; t++)
        pc[HS_LIT_NODE(c->top[t])]++;
    for (int i = 0; i < c->n_in; i++)
        pc[HS_LIT_NODE(c->in[i])]++;
    return pc;
}

/* Marks in ABSORBED (n_nodes entries) every AND (OR) gate of SRC whose one
 * parent is an AND (OR) using it positively: pass 2 splices its inputs into
 * that parent's and never builds it. */
static void mark_absorbed(const hs_circuit *src, const int *pc, char *absorbed)
{
    for (int g = hs_circ_first_gate(src); g < src->n_nodes; g++) {
        const hs_circ_gate *sg = hs_circ_gate_of(src, g);
        if (sg->op == HS_CIRC_ATLEAST)
            continue;
        for (int i = 0; i < sg->n; i++) {
            int l = src->in[sg->first + i], x = HS_LIT_NODE(l);
            if (!HS_LIT_NEG(l) && hs_circ_is_gate(src, x) && pc[x] == 1 &&
                hs_circ_gate_of(src, x)->op == sg->op)
                absorbed[x] = 1;
        }
    }
}

/* Scratch of pass 2: the gathered inputs and the walk through absorbed
 * gates (one frame per gate, so a chain of any length needs no recursion). */
typedef struct gather {
    int *in, n, cap;
    int *st_gate, *st_pos; /* src->n_nodes entries each */
} gather;

/* Gathers into GA->in the inputs of gate G of SRC, through MAP, with the
 * inputs of absorbed gates spliced in where they are used, recursively, in
 * input order: the literals the old one-level merge gave, each absorbed
 * gate's repeats and constants now settled by the one gate that remains.
 * Every absorbed gate has one parent, so each is walked once: linear.
 * 0, or -1 out of memory. */
static int gather_inputs(const hs_circuit *src, const char *absorbed, const int *map, int g,
                         gather *ga)
{
    int sp = 0;
    ga->n = 0;
    ga->st_gate[0] = g;
    ga->st_pos[0] = 0;
    while (sp >= 0) {
        const hs_circ_gate *sg = hs_circ_gate_of(src, ga->st_gate[sp]);
        if (ga->st_pos[sp] == sg->n) {
            sp--;
            continue;
        }
        int l = src->in[sg->first + ga->st_pos[sp]++], x = HS_LIT_NODE(l);
        if (absorbed[x]) { /* positive by mark_absorbed */
            ga->st_gate[++sp] = x;
            ga->st_pos[sp] = 0;
            continue;
        }
        if (ga->n == ga->cap) {
            int cap = ga->cap ? 2 * ga->cap : 64;
            int *in = realloc(ga->in, (size_t)cap * sizeof *in);
            if (!in)
                return -1;
            ga->in = in;
            ga->cap = cap;
        }
        ga->in[ga->n++] = map[x] ^ HS_LIT_NEG(l);
    }
    return 0;
}

/* Pass 2: rebuilds SRC into B, merging single-parent AND (OR) inputs into
 * AND (OR) parents. A merged gate is never built on its own: a chain of N
 * OR gates once built N gates of 1..N inputs (quadratic: 4.4 GB at 10^5). */
static int coalesce(const hs_circuit *src, builder *b, hs_error *err)
{
    int rc = -1;
    int first = hs_circ_first_gate(src);
    int *pc = parent_counts(src);
    int *map = malloc((size_t)src->n_nodes * sizeof *map);
    char *absorbed = calloc((size_t)src->n_nodes, 1);
    gather ga = {0};
    ga.st_gate = malloc((size_t)src->n_nodes * sizeof *ga.st_gate);
    ga.st_pos = malloc((size_t)src->n_nodes * sizeof *ga.st_pos);
    if (!pc || !map || !absorbed || !ga.st_gate || !ga.st_pos)
        goto oom;
    mark_absorbed(src, pc, absorbed);
    for (int i = 0; i < first; i++)
        map[i] = HS_LIT(i, 0);
    for (int g = first; g < src->n_nodes; g++) {
        map[g] = HS_LIT_FALSE; /* absorbed: read by no one */
        if (absorbed[g])
            continue;
        const hs_circ_gate *sg = hs_circ_gate_of(src, g);
        if (gather_inputs(src, absorbed, map, g, &ga))
            goto oom;
        map[g] = mk(b, sg->op, sg->k, ga.in, ga.n);
        if (map[g] < 0)
            goto oom;
    }
    for (int t = 0; t < src->n_tops; t++)
        b->c->top[t] = map[HS_LIT_NODE(src->top[t])] ^ HS_LIT_NEG(src->top[t]);
    rc = 0;
    goto out;
oom:
    hs_error_fail(err, NULL, 0, "out of memory");
out:
    free(pc);
    free(map);
    free(absorbed);
    free(ga.in);
    free(ga.st_gate);
    free(ga.st_pos);
    return rc;
}

/* Pass 3: a copy of SRC with only the gates the tops reach, renumbered in
 * the same (inputs-first) order. *out is caller-owned. */
static int compact(const hs_circuit *src, hs_circuit **out, hs_error *err)
{
    int rc = -1, first = hs_circ_first_gate(src);
    char *live = calloc((size_t)src->n_nodes, 1);
    int *map = malloc((size_t)src->n_nodes * sizeof *map);
    hs_circuit *c = calloc(1, sizeof *c);
    if (!live || !map || !c)
        goto oom;
    for (int t = 0; t < src->n_tops; t++)
        live[HS_LIT_NODE(src->top[t])] = 1;
    int n_gates = 0, n_in = 0;
    for (int g = src->n_nodes - 1; g >= first; g--) {
        if (!live[g])
            continue;
        const hs_circ_gate *sg = hs_circ_gate_of(src, g);
        for (int i = 0; i < sg->n; i++)
            live[HS_LIT_NODE(src->in[sg->first + i])] = 1;
        n_gates++;
        n_in += sg->n;
    }
    c->n_events = src->n_events;
    c->n_nodes = first;
    c->n_tops = src->n_tops;
    c->gate = malloc((size_t)(n_gates + 1) * sizeof *c->gate);
    c->in = malloc((size_t)(n_in + 1) * sizeof *c->in);
    c->top = malloc((size_t)(src->n_tops + 1) * sizeof *c->top);
    if (!c->gate || !c->in || !c->top)
        goto oom;
    for (int i = 0; i < first; i++)
        map[i] = i;
    for (int g = first; g < src->n_nodes; g++) {
        if (!live[g])
            continue;
        const hs_circ_gate *sg = hs_circ_gate_of(src, g);
        hs_circ_gate *dg = &c->gate[c->n_nodes - first];
        *dg = (hs_circ_gate){sg->op, sg->k, c->n_in, sg->n};
        for (int i = 0; i < sg->n; i++) {
            int l = src->in[sg->first + i];
            c->in[c->n_in++] = HS_LIT(map[HS_LIT_NODE(l)], HS_LIT_NEG(l));
        }
        map[g] = c->n_nodes++;
    }
    for (int t = 0; t < src->n_tops; t++)
        c->top[t] = HS_LIT(map[HS_LIT_NODE(src->top[t])], HS_LIT_NEG(src->top[t]));
    *out = c;
    c = NULL;
    rc = 0;
    goto out;
oom:
    hs_error_fail(err, NULL, 0, "out of memory");
out:
    hs_circuit_free(c);
    free(live);
    free(map);
    return rc;
}

int hs_circuit_build(const hs_model *m, hs_circuit **out, hs_error *err)
{
    int rc = -1;
    builder b1 = {0}, b2 = {0};
    *out = NULL;
    if (!m->finished)
        return hs_error_fail(err, NULL, 0, "model not finished");
    b1.c = new_circuit(m);
    b2.c = new_circuit(m);
    if (!b1.c || !b2.c) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    if (from_model(m, &b1, err) || coalesce(b1.c, &b2, err) || compact(b2.c, out, err))
        goto out;
    rc = 0;
out:
    hs_circuit_free(b1.c);
    hs_circuit_free(b2.c);
    builder_free(&b1);
    builder_free(&b2);
    return rc;
}

void hs_circuit_free(hs_circuit *c)
{
    if (!c)
        return;
    free(c->gate);
    free(c->in);
    free(c->top);
    free(c);
}
