/*
 * core/model/bdd.c — what hs_bdd_build() builds and the passes over the
 * result (see bdd.h). The diagrams come out of BuDDy (buddy.c) into a
 * compact private DAG, so every later pass (probability, Birnbaum, cut
 * sets) reads plain arrays, is re-entrant and can run on any thread; which
 * variable order each build uses is decided by a race (race.c).
 */
#include "model/bdd.h"
#include "model/bdd_build.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* BuDDy is global: one build at a time in a process. */
static int buddy_live;

static bool coherent_from(const hs_model *m, int top)
{
    bool ok = true;
    char *seen = calloc((size_t)m->n_nodes, 1);
    int *stack = malloc((size_t)(m->n_nodes + 1) * sizeof *stack);
    if (!seen || !stack) {
        ok = false;
        goto out;
    }
    int sp = 0;
    stack[sp++] = top;
    seen[top] = 1;
    while (sp > 0 && ok) {
        const hs_model_node *n = &m->nodes[stack[--sp]];
        if (n->kind != HS_NODE_GATE)
            continue;
        switch (n->op) {
        case HS_OP_NOT:
        case HS_OP_NAND:
        case HS_OP_NOR:
        case HS_OP_XOR:
        case HS_OP_IFF:
        case HS_OP_IMPLY: ok = false; break;
        case HS_OP_CARD: ok = n->kmax >= n->n_in; break;
        default: break;
        }
        for (int i = 0; i < n->n_in; i++)
            if (!seen[n->in[i]]) {
                seen[n->in[i]] = 1;
                stack[sp++] = n->in[i];
            }
    }
out:
    free(seen);
    free(stack);
    return ok;
}

static int count_nodes(const hs_bdd *b, int root)
{
    if (root < 2)
        return 0;
    int count = 0;
    char *seen = calloc((size_t)root + 1, 1);
    int *stack = malloc((size_t)(root + 1) * sizeof *stack);
    if (!seen || !stack) {
        count = -1;
        goto out;
    }
    int sp = 0;
    stack[sp++] = root;
    seen[root] = 1;
    while (sp > 0) {
        int x = stack[--sp];
        count++;
        int slot = b->var_event[b->var[x]];
        int c[3] = {b->lo[x], b->hi[x], slot >= b->n_events ? b->mod_root[slot - b->n_events] : 0};
        for (int i = 0; i < 3; i++)
            if (c[i] >= 2 && !seen[c[i]]) {
                seen[c[i]] = 1;
                stack[sp++] = c[i];
            }
    }
out:
    free(seen);
    free(stack);
    return count;
}

/* The flat build: every top in one diagram, b->var holding levels. */
static int build_flat(hs_build *w, hs_job *j, hs_error *err)
{
    hs_bdd *b = w->b;
    const hs_circuit *c = w->c;
    int rc = -1;
    int *lits = malloc((size_t)(c->n_tops + 1) * sizeof *lits);
    int *nodes = malloc((size_t)(c->n_tops + 1) * sizeof *nodes);
    int *out = malloc((size_t)(c->n_tops + 1) * sizeof *out);
    if (!lits || !nodes || !out) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    int n_roots = 0;
    for (int t = 0; t < c->n_tops; t++) {
        int l = c->top[t];
        bool dup = false;
        for (int i = 0; i < n_roots && !dup; i++)
            dup = lits[i] == l;
        if (HS_LIT_NODE(l) != 0 && !dup) {
            lits[n_roots] = l;
            nodes[n_roots++] = HS_LIT_NODE(l);
        }
    }
    j->roots = nodes;
    j->root_lits = lits;
    j->n_roots = n_roots;
    j->stop = NULL;
    j->out = out;
    j->n_leaves = 0;
    w->n_steps = 1;
    if (n_roots > 0 && (rc = hs_race_build(w, j, err)) != 0)
        goto out;
    rc = -1;
    /* levels: the order's leaves where the build put them, events the
     * tops never reach below them */
    for (int e = 0; e < b->n_events; e++)
        b->event_var[e] = -1;
    for (int i = 0; i < j->n_leaves; i++)
        b->event_var[j->leaves[i] - 1] = j->var_name[i];
    int next = j->n_leaves;
    for (int e = 0; e < b->n_events; e++)
        if (b->event_var[e] < 0)
            b->event_var[e] = next++;
    for (int e = 0; e < b->n_events; e++)
        b->var_event[b->event_var[e]] = e;
    for (int t = 0; t < c->n_tops; t++) {
        int l = c->top[t];
        b->root[t] = l == HS_LIT_TRUE;
        for (int i = 0; i < n_roots; i++)
            if (lits[i] == l)
                b->root[t] = out[i];
    }
    rc = 0;
out:
    j->roots = j->root_lits = j->out = NULL;
    free(lits);
    free(nodes);
    free(out);
    return rc;
}

/* Flag in ROOT_OF_BUILD every gate built on its own: each module (IS_MOD)
 * and each top that is a gate. Returns how many. */
static int mark_builds(const hs_circuit *c, const char *is_mod, char *root_of_build)
{
    int n_builds = 0;
    for (int t = 0; t < c->n_tops; t++)
        if (hs_circ_is_gate(c, HS_LIT_NODE(c->top[t])))
            root_of_build[HS_LIT_NODE(c->top[t])] = 1;
    for (int g = hs_circ_first_gate(c); g < c->n_nodes; g++)
        if (is_mod[g])
            root_of_build[g] = 1;
    for (int g = hs_circ_first_gate(c); g < c->n_nodes; g++)
        n_builds += root_of_build[g];
    return n_builds;
}

/* Give every event and every build of ROOT_OF_BUILD (N_BUILDS) a slot of
 * its own: b->var holds slots, since every module has its own order. 0, or
 * -1 + err (out of memory). */
static int modular_slots(hs_build *w, const char *root_of_build, int n_builds, hs_error *err)
{
    hs_bdd *b = w->b;
    const hs_circuit *c = w->c;
    b->n_mods = n_builds;
    b->n_vars = b->n_events + n_builds;
    b->mod_root = calloc((size_t)n_builds + 1, sizeof *b->mod_root);
    b->mod_node = calloc((size_t)n_builds + 1, sizeof *b->mod_node);
    free(b->event_var);
    free(b->var_event);
    b->event_var = malloc((size_t)(b->n_vars + 1) * sizeof *b->event_var);
    b->var_event = malloc((size_t)(b->n_vars + 1) * sizeof *b->var_event);
    if (!b->mod_root || !b->mod_node || !b->event_var || !b->var_event)
        return hs_error_fail(err, NULL, 0, "out of memory");
    for (int v = 0; v < b->n_vars; v++)
        b->event_var[v] = b->var_event[v] = v;
    for (int e = 0; e < c->n_events; e++)
        w->slot_of[e + 1] = e;
    int k = 0;
    for (int g = hs_circ_first_gate(c); g < c->n_nodes; g++)
        if (root_of_build[g]) {
            b->mod_node[k] = g;
            w->slot_of[g] = b->n_events + k++;
        }
    return 0;
}

/* Each top's root from the built modules: a constant, an event's own
 * node, or its gate's module root (negated through a one-node append). 0
 * or -1 + err. */
static int modular_tops(hs_build *w, hs_error *err)
{
    hs_bdd *b = w->b;
    const hs_circuit *c = w->c;
    for (int t = 0; t < c->n_tops; t++) {
        int l = c->top[t], x = HS_LIT_NODE(l), r;
        if (x == 0) {
            r = l == HS_LIT_TRUE;
        } else if (!hs_circ_is_gate(c, x)) {
            r = hs_build_append(w, x - 1, HS_LIT_NEG(l), !HS_LIT_NEG(l), err);
        } else {
            int mk = w->slot_of[x] - b->n_events;
            r = HS_LIT_NEG(l) ? hs_build_append(w, w->slot_of[x], 1, 0, err) : b->mod_root[mk];
        }
        if (r < 0)
            return -1;
        b->root[t] = r;
    }
    return 0;
}

/* The modular build: every module, inputs first, then the tops. */
static int build_modular(hs_build *w, hs_job *j, hs_error *err)
{
    hs_bdd *b = w->b;
    const hs_circuit *c = w->c;
    int rc = -1;
    char *is_mod = NULL;
    char *root_of_build = calloc((size_t)c->n_nodes + 1, 1);
    if (!root_of_build) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    if (hs_circuit_modules(c, &is_mod, err))
        goto out;
    int n_builds = mark_builds(c, is_mod, root_of_build);
    if (modular_slots(w, root_of_build, n_builds, err))
        goto out;
    j->stop = is_mod;
    w->n_steps = n_builds;
    /* gates are numbered inputs first, so ascending order builds every
     * module before the modules that use it */
    int k = 0;
    for (int g = hs_circ_first_gate(c); g < c->n_nodes; g++) {
        if (!root_of_build[g])
            continue;
        int rl = HS_LIT(g, 0);
        j->roots = &g;
        j->root_lits = &rl;
        j->n_roots = 1;
        j->out = &b->mod_root[k];
        w->step = k;
        if ((rc = hs_race_build(w, j, err)) != 0)
            goto out;
        rc = -1;
        k++;
    }
    if (modular_tops(w, err))
        goto out;
    rc = 0;
out:
    j->roots = j->root_lits = j->out = NULL;
    free(is_mod);
    free(root_of_build);
    return rc;
}

/* The working arrays of W and J and the per-top arrays of W->b for model
 * M and its circuit W->c, all sized by the circuit's nodes (the gathering
 * buffer by its widest gate); every node starts without a variable, slot
 * or group. 0, or -1 (out of memory; build_work_free frees the rest). */
static int build_work_alloc(hs_build *w, hs_job *j, const hs_model *m)
{
    const hs_circuit *c = w->c;
    hs_bdd *b = w->b;
    size_t nn = (size_t)c->n_nodes + 1;
    int fan = 2;
    for (int g = hs_circ_first_gate(c); g < c->n_nodes; g++)
        if (hs_circ_gate_of(c, g)->n + 2 > fan)
            fan = hs_circ_gate_of(c, g)->n + 2;
    w->var_of = malloc(nn * sizeof *w->var_of);
    w->slot_of = malloc(nn * sizeof *w->slot_of);
    w->uses = calloc(nn, sizeof *w->uses);
    w->f = malloc(nn * sizeof *w->f);
    w->fan = fan;
    w->buf = malloc(4 * (size_t)fan * sizeof *w->buf);
    w->grp = malloc(nn * sizeof *w->grp);
    j->leaves = malloc(nn * sizeof *j->leaves);
    j->gates = malloc(nn * sizeof *j->gates);
    j->var_name = malloc(nn * sizeof *j->var_name);
    b->root = calloc((size_t)m->n_tops + 1, sizeof *b->root);
    b->size = calloc((size_t)m->n_tops + 1, sizeof *b->size);
    b->coherent = calloc((size_t)m->n_tops + 1, sizeof *b->coherent);
    b->event_var = malloc(((size_t)m->n_events + 1) * sizeof *b->event_var);
    b->var_event = malloc(((size_t)m->n_events + 1) * sizeof *b->var_event);
    if (!w->var_of || !w->slot_of || !w->uses || !w->f || !w->buf || !w->grp || !j->leaves ||
        !j->gates || !j->var_name || !b->root || !b->size || !b->coherent || !b->event_var ||
        !b->var_event || hs_build_grow(w, 1024))
        return -1;
    for (size_t i = 0; i < nn; i++)
        w->var_of[i] = w->slot_of[i] = w->grp[i] = -1;
    return 0;
}

/* Free what build_work_alloc and the build made in W and J (not W->b). */
static void build_work_free(hs_build *w, hs_job *j)
{
    free(w->var_of);
    free(w->slot_of);
    free(w->uses);
    free(w->f);
    free(w->buf);
    free(w->grp);
    free(w->idx);
    free(w->touched);
    free(w->stack);
    free(j->leaves);
    free(j->gates);
    free(j->var_name);
}

/* Why hs_bdd_build cannot start with opts O, as -1 + err; 0 when it can. */
static int build_refused(const hs_model *m, const hs_bdd_opts *o, hs_error *err)
{
    if (!m->finished)
        return hs_error_fail(err, NULL, 0, "model not finished");
    if (buddy_live)
        return hs_error_fail(err, NULL, 0, "another BDD build is running in this process");
    if (o->only_order < 0 || o->only_order > hs_bdd_strategy_count())
        return hs_error_fail(err, NULL, 0, "unknown variable order %d", o->only_order - 1);
    return 0;
}

int hs_bdd_build(const hs_model *m, const hs_bdd_opts *opts, hs_bdd **out, hs_error *err)
{
    hs_bdd_opts o = opts ? *opts : (hs_bdd_opts){0};
    int rc = -1;
    hs_circuit *c = NULL;
    hs_build w = {0};
    hs_job j = {0};
    *out = NULL;
    if (build_refused(m, &o, err))
        return -1;
    hs_bdd *b = calloc(1, sizeof *b);
    if (!b)
        return hs_error_fail(err, NULL, 0, "out of memory");
    buddy_live = 1;
    b->m = m;
    b->n_events = b->n_vars = m->n_events;
    if (hs_circuit_build(m, &c, err))
        goto out;
    w.b = b;
    w.c = c;
    w.flat = o.flat;
    w.only = o.only_order;
    w.race = o.race;
    w.hard = o.max_nodes > 0 ? o.max_nodes : HS_BDD_HARD;
    w.capped = o.max_nodes <= 0;
    if (build_work_alloc(&w, &j, m)) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    b->n_nodes = 2;
    b->var[0] = b->var[1] = INT_MAX;
    b->lo[0] = b->hi[0] = 0;
    b->lo[1] = b->hi[1] = 1;
    hs_progress_start(&w.pr, o.progress, "BDD");
    rc = o.flat ? build_flat(&w, &j, err) : build_modular(&w, &j, err);
    hs_progress_end(&w.pr);
    if (rc)
        goto out;
    /* terminals sit below every variable */
    b->var[0] = b->var[1] = b->n_vars;
    rc = -1;
    for (int t = 0; t < m->n_tops; t++) {
        b->size[t] = count_nodes(b, b->root[t]);
        b->coherent[t] = coherent_from(m, m->tops[t].node);
        if (b->size[t] < 0) {
            hs_error_fail(err, NULL, 0, "out of memory");
            goto out;
        }
    }
    *out = b;
    b = NULL;
    rc = 0;
out:
    buddy_live = 0;
    build_work_free(&w, &j);
    hs_circuit_free(c);
    hs_bdd_free(b);
    return rc;
}

void hs_bdd_free(hs_bdd *b)
{
    if (!b)
        return;
    free(b->var);
    free(b->lo);
    free(b->hi);
    free(b->root);
    free(b->size);
    free(b->coherent);
    free(b->event_var);
    free(b->var_event);
    free(b->mod_root);
    free(b->mod_node);
    free(b);
}

int hs_bdd_size(const hs_bdd *b, int top)
{
    return b->size[top];
}
bool hs_bdd_coherent(const hs_bdd *b, int top)
{
    return b->coherent[top];
}
int hs_bdd_var_count(const hs_bdd *b)
{
    return b->n_events;
}
const hs_model *hs_bdd_model(const hs_bdd *b)
{
    return b->m;
}

/* P for every node up to ROOT (children precede parents). */
static void node_probs(const hs_bdd *b, int root, const double *q, double *p)
{
    p[0] = 0.0;
    p[1] = 1.0;
    for (int i = 2; i <= root; i++) {
        int s = b->var_event[b->var[i]];
        double qi = s < b->n_events ? q[s] : p[b->mod_root[s - b->n_events]];
        p[i] = qi * p[b->hi[i]] + (1.0 - qi) * p[b->lo[i]];
    }
}

double hs_bdd_probability(const hs_bdd *b, int top, const double *q)
{
    int root = b->root[top];
    if (root < 2)
        return root == 1 ? 1.0 : 0.0;
    double *p = malloc((size_t)(root + 1) * sizeof *p);
    if (!p)
        return -1.0;
    node_probs(b, root, q, p);
    double r = p[root];
    free(p);
    return r;
}

int hs_bdd_birnbaum(const hs_bdd *b, int top, const double *q, double *pt, double *birnbaum,
                    hs_error *err)
{
    int root = b->root[top];
    memset(birnbaum, 0, (size_t)b->n_events * sizeof *birnbaum);
    if (root < 2) {
        *pt = root == 1 ? 1.0 : 0.0;
        return 0;
    }
    double *p = malloc((size_t)(root + 1) * sizeof *p);
    double *r = calloc((size_t)root + 1, sizeof *r);
    if (!p || !r) {
        free(p);
        free(r);
        return hs_error_fail(err, NULL, 0, "out of memory");
    }
    node_probs(b, root, q, p);
    /* r[i]: ∂P(top)/∂P(node i). Parents come after children in the
     * arrays, so walking down visits every parent first. */
    r[root] = 1.0;
    for (int i = root; i >= 2; i--) {
        if (r[i] == 0.0)
            continue;
        int s = b->var_event[b->var[i]];
        double d = r[i] * (p[b->hi[i]] - p[b->lo[i]]), qs;
        if (s < b->n_events) {
            birnbaum[s] += d;
            qs = q[s];
        } else {
            /* Chain rule: dP/dq_e = dP/dP(module) · dP(module)/dq_e, the
             * second factor collected when the walk reaches the module's
             * own nodes (all of them below this one). */
            int mr = b->mod_root[s - b->n_events];
            r[mr] += d;
            qs = p[mr];
        }
        r[b->hi[i]] += r[i] * qs;
        r[b->lo[i]] += r[i] * (1.0 - qs);
    }
    *pt = p[root];
    free(p);
    free(r);
    return 0;
}
