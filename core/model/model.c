/*
 * core/model/model.c — the model graph: names, definitions, references and
 * the validation that turns a set of loaded files into an analysable model.
 */
#include "model/model.h"
#include "util/hash.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *hs_gate_op_name(hs_gate_op op)
{
    static const char *names[] = {"and",  "or",  "atleast", "not",         "xor",  "nand", "nor",
                                  "null", "iff", "imply",   "cardinality", "true", "false"};
    return (unsigned)op < sizeof names / sizeof names[0] ? names[op] : "?";
}

char *hs_model_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

hs_model *hs_model_new(void)
{
    hs_model *m = calloc(1, sizeof *m);
    if (m)
        m->mission_time = 8760.0;
    return m;
}

void hs_model_free(hs_model *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->n_nodes; i++) {
        free(m->nodes[i].name);
        free(m->nodes[i].technology);
        free(m->nodes[i].description);
        free(m->nodes[i].in);
    }
    for (int i = 0; i < m->n_tops; i++) {
        free(m->tops[i].name);
        free(m->tops[i].description);
    }
    for (int i = 0; i < m->n_trees; i++)
        free(m->trees[i].name);
    for (int i = 0; i < m->n_files; i++)
        free(m->files[i]);
    free(m->nodes);
    free(m->events);
    free(m->tops);
    free(m->trees);
    free(m->files);
    free(m->hash);
    free(m->pairs);
    free(m);
}

/* Grows *arr (element size SZ) so that index N fits. */
static int grow(void **arr, int *cap, int n, size_t sz)
{
    if (n < *cap)
        return 0;
    int nc = *cap ? *cap * 2 : 16;
    while (nc <= n)
        nc *= 2;
    void *p = realloc(*arr, (size_t)nc * sz);
    if (!p)
        return -1;
    memset((char *)p + (size_t)*cap * sz, 0, (size_t)(nc - *cap) * sz);
    *arr = p;
    *cap = nc;
    return 0;
}

const char *hs_model_intern_file(hs_model *m, const char *file)
{
    if (!file)
        file = "<input>";
    for (int i = 0; i < m->n_files; i++)
        if (strcmp(m->files[i], file) == 0)
            return m->files[i];
    if (grow((void **)&m->files, &m->cap_files, m->n_files, sizeof(char *)))
        return NULL;
    char *s = strdup(file);
    if (!s)
        return NULL;
    m->files[m->n_files++] = s;
    return s;
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static int hash_lookup(const hs_model *m, const char *name)
{
    if (!m->hash_cap)
        return -1;
    size_t mask = (size_t)m->hash_cap - 1;
    for (size_t i = hash_str(name) & mask;; i = (i + 1) & mask) {
        int id = m->hash[i];
        if (id < 0)
            return -1;
        if (strcmp(m->nodes[id].name, name) == 0)
            return id;
    }
}

static int hash_insert(hs_model *m, int id)
{
    if ((m->n_nodes + 1) * 2 > m->hash_cap) {
        int nc = m->hash_cap ? m->hash_cap * 2 : 64;
        while ((m->n_nodes + 1) * 2 > nc)
            nc *= 2;
        int *h = malloc((size_t)nc * sizeof *h);
        if (!h)
            return -1;
        for (int i = 0; i < nc; i++)
            h[i] = -1;
        int *old = m->hash;
        int oc = m->hash_cap;
        m->hash = h;
        m->hash_cap = nc;
        for (int i = 0; i < oc; i++)
            if (old[i] >= 0 && !m->nodes[old[i]].anonymous) {
                size_t mask = (size_t)nc - 1;
                size_t j = hash_str(m->nodes[old[i]].name) & mask;
                while (h[j] >= 0)
                    j = (j + 1) & mask;
                h[j] = old[i];
            }
        free(old);
    }
    size_t mask = (size_t)m->hash_cap - 1;
    size_t j = hash_str(m->nodes[id].name) & mask;
    while (m->hash[j] >= 0)
        j = (j + 1) & mask;
    m->hash[j] = id;
    return 0;
}

int hs_model_find(const hs_model *m, const char *name)
{
    return name ? hash_lookup(m, name) : -1;
}

int hs_model_find_top(const hs_model *m, const char *name)
{
    for (int i = 0; i < m->n_tops; i++)
        if (strcmp(m->tops[i].name, name) == 0)
            return i;
    return -1;
}

static const char *kind_name(hs_node_kind k)
{
    switch (k) {
    case HS_NODE_EVENT: return "basic event";
    case HS_NODE_HOUSE: return "house event";
    case HS_NODE_GATE: return "gate";
    default: return "event";
    }
}

/* A fresh node; the name is copied. */
static int new_node(hs_model *m, const char *name, bool hashed, hs_error *err)
{
    if (grow((void **)&m->nodes, &m->cap_nodes, m->n_nodes, sizeof(hs_model_node)))
        return hs_error_fail(err, NULL, 0, "out of memory");
    hs_model_node *n = &m->nodes[m->n_nodes];
    memset(n, 0, sizeof *n);
    n->name = strdup(name);
    if (!n->name)
        return hs_error_fail(err, NULL, 0, "out of memory");
    n->q = NAN;
    n->event = -1;
    n->tree = -1;
    n->anonymous = !hashed;
    int id = m->n_nodes++;
    if (hashed && hash_insert(m, id)) {
        m->n_nodes--;
        free(n->name);
        return hs_error_fail(err, NULL, 0, "out of memory");
    }
    return id;
}

int hs_model_ref(hs_model *m, const char *name, hs_node_kind kind, const char *file, int line,
                 hs_error *err)
{
    if (!name || !*name)
        return hs_error_fail(err, file, line, "reference without a name");
    int id = hash_lookup(m, name);
    if (id < 0) {
        id = new_node(m, name, true, err);
        if (id < 0)
            return -1;
        m->nodes[id].ref_file = file;
        m->nodes[id].ref_line = line;
    }
    hs_model_node *n = &m->nodes[id];
    if (kind != HS_NODE_UNDEF) {
        hs_node_kind have = n->kind != HS_NODE_UNDEF ? n->kind : n->ref_kind;
        if (have != HS_NODE_UNDEF && have != kind) {
            bool def = n->kind != HS_NODE_UNDEF;
            return hs_error_fail(err, file, line,
                                 "'%s' referenced as a %s but it is a %s "
                                 "(%s at %s:%d)",
                                 name, kind_name(kind), kind_name(have),
                                 def ? "defined" : "referenced", def ? n->file : n->ref_file,
                                 def ? n->line : n->ref_line);
        }
        if (n->ref_kind == HS_NODE_UNDEF) {
            n->ref_kind = kind;
            n->ref_file = file;
            n->ref_line = line;
        }
    }
    return id;
}

int hs_model_define(hs_model *m, const char *name, hs_node_kind kind, const char *file, int line,
                    hs_error *err)
{
    if (!name || !*name)
        return hs_error_fail(err, file, line, "%s without a name", kind_name(kind));
    int id = hash_lookup(m, name);
    if (id < 0) {
        id = new_node(m, name, true, err);
        if (id < 0)
            return -1;
    } else {
        hs_model_node *n = &m->nodes[id];
        if (n->kind != HS_NODE_UNDEF)
            return hs_error_fail(err, file, line,
                                 "%s '%s' is defined twice (first as a %s "
                                 "at %s:%d)",
                                 kind_name(kind), name, kind_name(n->kind), n->file, n->line);
        if (n->ref_kind != HS_NODE_UNDEF && n->ref_kind != kind)
            return hs_error_fail(err, file, line,
                                 "'%s' is defined as a %s but referenced as "
                                 "a %s at %s:%d",
                                 name, kind_name(kind), kind_name(n->ref_kind), n->ref_file,
                                 n->ref_line);
    }
    hs_model_node *n = &m->nodes[id];
    n->kind = kind;
    n->file = file;
    n->line = line;
    n->op = HS_OP_NULL;
    return id;
}

int hs_model_define_anonymous(hs_model *m, int parent, const char *file, int line, hs_error *err)
{
    char name[512];
    snprintf(name, sizeof name, "%s/%d", m->nodes[parent].name, m->n_nodes);
    int id = new_node(m, name, false, err);
    if (id < 0)
        return -1;
    hs_model_node *n = &m->nodes[id];
    n->kind = HS_NODE_GATE;
    n->file = file;
    n->line = line;
    n->op = HS_OP_NULL;
    n->tree = m->nodes[parent].tree;
    return id;
}

/* Gates up to this many inputs look for a repeat by scanning them; wider
 * ones through m->pairs (an OR of 10^5 events took minutes by scanning). */
#define SCAN_INPUTS 16

static unsigned long long pair_key(int gate, int input)
{
    return (unsigned long long)(unsigned)(gate + 1) << 32 | (unsigned)input;
}

/* Adds KEY to m->pairs: 1 added, 0 already there, -1 out of memory. */
static int pair_add(hs_model *m, unsigned long long key)
{
    if (2 * (m->n_pairs + 1) > m->pairs_cap) {
        int cap = m->pairs_cap ? 2 * m->pairs_cap : 1024;
        unsigned long long *t = calloc((size_t)cap, sizeof *t);
        if (!t)
            return -1;
        for (int i = 0; i < m->pairs_cap; i++) {
            if (!m->pairs[i])
                continue;
            size_t j = hs_mix64(m->pairs[i]) & (size_t)(cap - 1);
            while (t[j])
                j = (j + 1) & (size_t)(cap - 1);
            t[j] = m->pairs[i];
        }
        free(m->pairs);
        m->pairs = t;
        m->pairs_cap = cap;
    }
    size_t mask = (size_t)m->pairs_cap - 1, j = hs_mix64(key) & mask;
    for (; m->pairs[j]; j = (j + 1) & mask)
        if (m->pairs[j] == key)
            return 0;
    m->pairs[j] = key;
    m->n_pairs++;
    return 1;
}

/* Whether INPUT is already an input of GATE: 1 yes, 0 no, -1 out of
 * memory. A gate growing past SCAN_INPUTS moves its inputs into m->pairs. */
static int has_input(hs_model *m, int gate, int input)
{
    const hs_model_node *g = &m->nodes[gate];
    if (g->n_in < SCAN_INPUTS) {
        for (int i = 0; i < g->n_in; i++)
            if (g->in[i] == input)
                return 1;
        return 0;
    }
    if (g->n_in == SCAN_INPUTS)
        for (int i = 0; i < g->n_in; i++)
            if (pair_add(m, pair_key(gate, g->in[i])) < 0)
                return -1;
    int r = pair_add(m, pair_key(gate, input));
    return r < 0 ? -1 : !r;
}

int hs_model_add_input(hs_model *m, int gate, int input, const char *file, int line, hs_error *err)
{
    int dup = has_input(m, gate, input);
    hs_model_node *g = &m->nodes[gate];
    if (dup > 0)
        return hs_error_fail(err, file, line, "gate '%s' has input '%s' twice", g->name,
                             m->nodes[input].name);
    if (dup < 0 || grow((void **)&g->in, &g->cap_in, g->n_in, sizeof(int)))
        return hs_error_fail(err, NULL, 0, "out of memory");
    g->in[g->n_in++] = input;
    m->nodes[input].referenced = true;
    return 0;
}

int hs_model_add_top(hs_model *m, const char *name, int node, const char *file, int line,
                     hs_error *err)
{
    if (hs_model_find_top(m, name) >= 0)
        return hs_error_fail(err, file, line, "top event/service '%s' is defined twice", name);
    if (grow((void **)&m->tops, &m->cap_tops, m->n_tops, sizeof(hs_model_top)))
        return hs_error_fail(err, NULL, 0, "out of memory");
    hs_model_top *t = &m->tops[m->n_tops];
    memset(t, 0, sizeof *t);
    t->name = strdup(name);
    if (!t->name)
        return hs_error_fail(err, NULL, 0, "out of memory");
    t->node = node;
    t->importance = 1.0;
    t->target = NAN;
    t->file = file;
    t->line = line;
    return m->n_tops++;
}

int hs_model_add_tree(hs_model *m, const char *name, const char *file, int line, hs_error *err)
{
    for (int i = 0; i < m->n_trees; i++)
        if (strcmp(m->trees[i].name, name) == 0)
            return hs_error_fail(err, file, line,
                                 "fault tree '%s' is defined twice (first at "
                                 "%s:%d)",
                                 name, m->trees[i].file, m->trees[i].line);
    if (grow((void **)&m->trees, &m->cap_trees, m->n_trees, sizeof(hs_model_tree)))
        return hs_error_fail(err, NULL, 0, "out of memory");
    hs_model_tree *t = &m->trees[m->n_trees];
    t->name = strdup(name);
    if (!t->name)
        return hs_error_fail(err, NULL, 0, "out of memory");
    t->file = file;
    t->line = line;
    return m->n_trees++;
}

static int check_arity(const hs_model *m, const hs_model_node *g, hs_error *err)
{
    int n = g->n_in;
    const char *op = hs_gate_op_name(g->op);
    switch (g->op) {
    case HS_OP_AND:
    case HS_OP_OR:
    case HS_OP_NAND:
    case HS_OP_NOR:
    case HS_OP_XOR:
        if (n < 2)
            return hs_error_fail(err, g->file, g->line,
                                 "gate '%s': '%s' needs at least 2 inputs, "
                                 "has %d",
                                 g->name, op, n);
        break;
    case HS_OP_IFF:
    case HS_OP_IMPLY:
        if (n != 2)
            return hs_error_fail(err, g->file, g->line,
                                 "gate '%s': '%s' needs exactly 2 inputs, "
                                 "has %d",
                                 g->name, op, n);
        break;
    case HS_OP_NOT:
    case HS_OP_NULL:
        if (n != 1)
            return hs_error_fail(err, g->file, g->line,
                                 "gate '%s': '%s' needs exactly 1 input, "
                                 "has %d",
                                 g->name, op, n);
        break;
    case HS_OP_ATLEAST:
        if (g->k < 1 || g->k > n)
            return hs_error_fail(err, g->file, g->line,
                                 "gate '%s': atleast k = %d must be between "
                                 "1 and its %d inputs",
                                 g->name, g->k, n);
        break;
    case HS_OP_CARD:
        if (n < 1 || g->k < 0 || g->kmax < g->k || g->kmax > n)
            return hs_error_fail(err, g->file, g->line,
                                 "gate '%s': cardinality min %d / max %d "
                                 "invalid for %d inputs",
                                 g->name, g->k, g->kmax, n);
        break;
    case HS_OP_TRUE:
    case HS_OP_FALSE:
        if (n != 0)
            return hs_error_fail(err, g->file, g->line, "gate '%s': a constant has no inputs",
                                 g->name);
        break;
    }
    (void)m;
    return 0;
}

/* Iterative DFS colouring (0 white, 1 on stack, 2 done); reports the cycle
 * as a path of names. */
static int check_cycles(const hs_model *m, hs_error *err)
{
    int rc = -1;
    unsigned char *color = calloc((size_t)m->n_nodes, 1);
    int *stack = malloc((size_t)(m->n_nodes + 1) * sizeof *stack);
    int *pos = malloc((size_t)(m->n_nodes + 1) * sizeof *pos);
    if (!color || !stack || !pos) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    for (int s = 0; s < m->n_nodes; s++) {
        if (color[s] || m->nodes[s].kind != HS_NODE_GATE)
            continue;
        int sp = 0;
        stack[sp] = s;
        pos[sp] = 0;
        color[s] = 1;
        while (sp >= 0) {
            const hs_model_node *g = &m->nodes[stack[sp]];
            if (pos[sp] >= g->n_in) {
                color[stack[sp]] = 2;
                sp--;
                continue;
            }
            int c = g->in[pos[sp]++];
            if (m->nodes[c].kind != HS_NODE_GATE || color[c] == 2)
                continue;
            if (color[c] == 1) {
                char path[512] = "";
                size_t len = 0;
                int from = 0;
                while (stack[from] != c)
                    from++;
                for (int i = from; i <= sp && len < sizeof path - 1; i++)
                    len += (size_t)snprintf(path + len, sizeof path - len, "%s -> ",
                                            m->nodes[stack[i]].name);
                if (len < sizeof path - 1)
                    snprintf(path + len, sizeof path - len, "%s", m->nodes[c].name);
                hs_error_fail(err, m->nodes[c].file, m->nodes[c].line,
                              "cycle through gate '%s': %s", m->nodes[c].name, path);
                goto out;
            }
            color[c] = 1;
            stack[++sp] = c;
            pos[sp] = 0;
        }
    }
    rc = 0;
out:
    free(color);
    free(stack);
    free(pos);
    return rc;
}

static int find_tops(hs_model *m, hs_error *err)
{
    if (m->n_tops > 0)
        return 0;
    int *first = NULL;
    if (m->n_trees > 0) {
        first = malloc((size_t)m->n_trees * sizeof *first);
        if (!first)
            return hs_error_fail(err, NULL, 0, "out of memory");
        for (int t = 0; t < m->n_trees; t++)
            first[t] = -1;
    }
    int rc = -1;
    for (int i = 0; i < m->n_nodes; i++) {
        const hs_model_node *n = &m->nodes[i];
        if (n->kind != HS_NODE_GATE || n->referenced || n->anonymous)
            continue;
        if (n->tree >= 0) {
            if (first[n->tree] >= 0) {
                const hs_model_node *o = &m->nodes[first[n->tree]];
                hs_error_fail(err, n->file, n->line,
                              "fault tree '%s' has two top events: '%s' "
                              "(%s:%d) and '%s'; one is required",
                              m->trees[n->tree].name, o->name, o->file, o->line, n->name);
                goto out;
            }
            first[n->tree] = i;
        }
        if (hs_model_add_top(m, n->name, i, n->file, n->line, err) < 0)
            goto out;
    }
    if (m->n_tops == 0) {
        hs_error_fail(err, m->n_files ? m->files[0] : NULL, 0,
                      "the model has no top event (no gate that no other "
                      "gate uses, and no service)");
        goto out;
    }
    rc = 0;
out:
    free(first);
    return rc;
}

int hs_model_finish(hs_model *m, hs_error *err)
{
    if (m->finished)
        return 0;
    int n_events = 0;
    for (int i = 0; i < m->n_nodes; i++) {
        hs_model_node *n = &m->nodes[i];
        if (n->kind == HS_NODE_UNDEF)
            return hs_error_fail(err, n->ref_file, n->ref_line, "undefined %s '%s'",
                                 kind_name(n->ref_kind), n->name);
        if (n->kind == HS_NODE_GATE && check_arity(m, n, err))
            return -1;
        if (n->kind == HS_NODE_EVENT)
            n_events++;
    }
    for (int i = 0; i < m->n_tops; i++) {
        const hs_model_node *n = &m->nodes[m->tops[i].node];
        if (n->kind == HS_NODE_UNDEF)
            return hs_error_fail(err, m->tops[i].file, m->tops[i].line,
                                 "service '%s': top '%s' is not defined", m->tops[i].name, n->name);
    }
    if (check_cycles(m, err))
        return -1;
    if (find_tops(m, err))
        return -1;
    free(m->events);
    m->events = malloc((size_t)(n_events ? n_events : 1) * sizeof(int));
    if (!m->events)
        return hs_error_fail(err, NULL, 0, "out of memory");
    m->n_events = 0;
    for (int i = 0; i < m->n_nodes; i++)
        if (m->nodes[i].kind == HS_NODE_EVENT) {
            m->nodes[i].event = m->n_events;
            m->events[m->n_events++] = i;
        }
    m->finished = true;
    return 0;
}

int hs_model_default_q(const hs_model *m, double *q, hs_error *err)
{
    for (int e = 0; e < m->n_events; e++) {
        const hs_model_node *n = &m->nodes[m->events[e]];
        if (isnan(n->q))
            return hs_error_fail(err, n->file, n->line, "basic event '%s' has no probability",
                                 n->name);
        q[e] = n->q;
    }
    return 0;
}

bool hs_model_repairable(const hs_model_node *n)
{
    return n->kind == HS_NODE_EVENT && n->lambda > 0 && n->mu > 0 && isfinite(n->lambda) &&
           isfinite(n->mu);
}
