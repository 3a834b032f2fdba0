/*
 * core/model/bdd.c — structure functions as BDDs (BuDDy), then copied into a
 * compact private DAG so that BuDDy's global state lives only inside
 * hs_bdd_build(): every later pass (probability, Birnbaum, cut sets) reads
 * plain arrays, is re-entrant and can run on any thread.
 */
#include "model/bdd.h"
#include "model/bdd_priv.h"
#include "model/modules.h"
#include "model/order.h"
#include "model/progress.h"

#include <bdd.h>
#include <setjmp.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <time.h>

/* BuDDy reports errors through a hook; the failing call then returns a
 * negative code. The hook only records the code for the caller to read. */
static int buddy_error;
static int buddy_live;

/* Per-attempt state, file-level because BuDDy (itself global) calls back
 * into us and because an attempt that blows its node budget is abandoned
 * with longjmp from BuDDy's garbage-collection hook: everything allocated
 * during the attempt therefore lives here, where attempt() frees it on
 * either path. Reset at the end of every attempt. */
static struct {
    jmp_buf abort;
    bool armed;       /* longjmp allowed (inside build_all) */
    bool dyn;         /* BuDDy may sift the variables */
    bool in_reorder;  /* it is sifting: never longjmp out of that */
    bool collected;   /* a garbage collection has run: the table filled */
    clock_t cpu_end;  /* processor time after which the attempt ends; 0:
                         none (an order that still works, slowly) */
    bool sifted;
    int hard;         /* table size limit of this attempt */
    int abort_at;     /* sifting builds: table size that ends the attempt */
    int gcs_at_limit;
    BDD *f;           /* per model node */
    int *post, *uses;
    BDD *buf_fold, *buf_atl; /* max fan-in + 2 each */
    const int *slot;  /* node → module slot or -1; NULL: flat build */
    int *idx;         /* BuDDy node → copied index, -1 when not copied */
    int idx_cap;
    int *touched;     /* BuDDy nodes whose idx is set */
    int *stack;       /* copy walk, 2 * (variables + 2) */
    int cap;          /* capacity of b->var/lo/hi */
    hs_progress pr;
} run;

static void on_buddy_error(int code)
{
    if (!buddy_error)
        buddy_error = code;
    if (run.armed && !run.in_reorder && code == BDD_NODENUM)
        longjmp(run.abort, 1);
}

static void on_buddy_reorder(int pre)
{
    run.in_reorder = pre;
}

/* Near its table limit BuDDy garbage-collects over and over, each time
 * clearing its caches: a budgeted attempt that gets there is given up. */
static void on_buddy_gbc(int pre, bddGbcStat *s)
{
    if (!pre)
        return;
    run.collected = true;
    if (!run.armed || run.in_reorder)
        return;
    if ((run.cpu_end && clock() > run.cpu_end) ||
        (run.dyn && s->nodes >= run.abort_at) ||
        (s->nodes >= run.hard && ++run.gcs_at_limit >= 2)) {
        buddy_error = BDD_NODENUM;
        longjmp(run.abort, 1);
    }
}

static int fail_buddy(hs_model_error *err, const char *what)
{
    int code = buddy_error ? buddy_error : -1;
    return hs_model_fail(err, NULL, 0, "BDD %s failed: %s", what,
                         code == BDD_NODENUM
                             ? "node limit reached (tree too hard for this "
                               "variable order)"
                             : bdd_errstring(code));
}

/* Level, not variable: the two differ once dynamic reordering has run. */
static int level_of(BDD f)
{
    return f < 2 ? 1 << 30 : bdd_var2level(bdd_var(f));
}

/* Sifting builds: one sifting pass once the table has first filled
 * already finds most of the gain; more passes cost more than they save.
 * Called only between two BuDDy operations, where every diagram still in
 * use is referenced: BuDDy's own automatic reordering interrupts an
 * operation instead, and then read uninitialised memory (valgrind) and
 * crashed or gave wrong diagrams now and then. */
static void maybe_sift(void)
{
    if (run.dyn && run.collected && !run.sifted) {
        run.sifted = true;
        bdd_reorder(BDD_REORDER_SIFT);
    }
}

/* Apply OP over a gate's input BDDs, keeping every intermediate result
 * referenced so a garbage collection cannot reclaim it. Inputs are combined
 * deepest first: an input whose variables all sit below the accumulated
 * result's then only has to be hooked under it, which keeps each step
 * cheap. */
static BDD fold(const int *in, int n, const BDD *f, int op)
{
    BDD *v = run.buf_fold;
    for (int i = 0; i < n; i++)
        v[i] = f[in[i]];
    /* insertion sort by level, deepest first (n is usually small) */
    for (int i = 1; i < n; i++) {
        BDD x = v[i];
        int lx = level_of(x), j = i - 1;
        while (j >= 0 && level_of(v[j]) < lx) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
    BDD acc = bdd_addref(v[0]);
    for (int i = 1; i < n; i++) {
        BDD t = bdd_apply(acc, v[i], op);
        if (t < 0) {
            bdd_delref(acc);
            acc = t;
            goto out;
        }
        bdd_addref(t);
        bdd_delref(acc);
        acc = t;
        maybe_sift();
    }
    bdd_delref(acc);
out:
    return acc;
}

/* At least K of the inputs failed: f[j] = "at least j among the inputs seen
 * so far", built from the last input to the first. */
static BDD at_least(const int *in, int n, const BDD *f, int k)
{
    BDD res = -1;
    BDD *t = run.buf_atl;
    t[0] = bdd_addref(bddtrue);
    for (int j = 1; j <= k; j++)
        t[j] = bdd_addref(bddfalse);
    for (int i = n - 1; i >= 0; i--) {
        for (int j = k; j >= 1; j--) {
            BDD r = bdd_ite(f[in[i]], t[j - 1], t[j]);
            if (r < 0) {
                res = r;
                goto out;
            }
            bdd_addref(r);
            bdd_delref(t[j]);
            t[j] = r;
            maybe_sift();
        }
    }
    res = t[k];
out:
    for (int j = 0; j <= k; j++)
        bdd_delref(t[j]);
    return res;
}

static BDD gate_bdd(const hs_model_node *g, const BDD *f, int n_in)
{
    BDD r, a;
    switch (g->op) {
    case HS_OP_AND: return fold(g->in, n_in, f, bddop_and);
    case HS_OP_OR: return fold(g->in, n_in, f, bddop_or);
    case HS_OP_XOR: return fold(g->in, n_in, f, bddop_xor);
    case HS_OP_NAND:
    case HS_OP_NOR:
        r = fold(g->in, n_in, f, g->op == HS_OP_NAND ? bddop_and : bddop_or);
        return r < 0 ? r : bdd_not(r);
    case HS_OP_NOT: return bdd_not(f[g->in[0]]);
    case HS_OP_NULL: return f[g->in[0]];
    case HS_OP_IFF: return bdd_biimp(f[g->in[0]], f[g->in[1]]);
    case HS_OP_IMPLY: return bdd_imp(f[g->in[0]], f[g->in[1]]);
    case HS_OP_ATLEAST: return at_least(g->in, n_in, f, g->k);
    case HS_OP_CARD:
        a = at_least(g->in, n_in, f, g->k);
        if (a < 0 || g->kmax >= n_in)
            return a;
        bdd_addref(a);
        r = at_least(g->in, n_in, f, g->kmax + 1);
        if (r >= 0) {
            bdd_addref(r);
            BDD x = bdd_apply(a, r, bddop_diff);
            bdd_delref(r);
            r = x;
        }
        bdd_delref(a);
        return r;
    case HS_OP_TRUE: return bddtrue;
    case HS_OP_FALSE: return bddfalse;
    }
    return bddfalse;
}

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
        case HS_OP_NOT: case HS_OP_NAND: case HS_OP_NOR: case HS_OP_XOR:
        case HS_OP_IFF: case HS_OP_IMPLY:
            ok = false;
            break;
        case HS_OP_CARD:
            ok = n->kmax >= n->n_in;
            break;
        default:
            break;
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

static int grow_nodes(hs_bdd *b, int need)
{
    if (need <= run.cap)
        return 0;
    int cap = run.cap ? run.cap : 1024;
    while (cap < need)
        cap *= 2;
    int *v = realloc(b->var, (size_t)cap * sizeof *v);
    if (v)
        b->var = v;
    int *lo = realloc(b->lo, (size_t)cap * sizeof *lo);
    if (lo)
        b->lo = lo;
    int *hi = realloc(b->hi, (size_t)cap * sizeof *hi);
    if (hi)
        b->hi = hi;
    if (!v || !lo || !hi)
        return -1;
    run.cap = cap;
    return 0;
}

/* Appends the BuDDy diagrams under ROOTS to b's arrays, children first,
 * and writes their indices to OUT. BuDDy reuses node numbers after a
 * garbage collection, so the map from them is cleared before returning:
 * a module is copied as soon as it is built, then released. */
static int copy_into(hs_bdd *b, const BDD *roots, int n_roots, int *out,
                     hs_model_error *err)
{
    int rc = -1, n = b->n_nodes, n_touched = 0;
    int alloc = bdd_getallocnum();
    if (alloc > run.idx_cap) {
        int *idx = realloc(run.idx, (size_t)alloc * sizeof *idx);
        int *t = realloc(run.touched, (size_t)alloc * sizeof *t);
        if (idx)
            run.idx = idx;
        if (t)
            run.touched = t;
        if (!idx || !t)
            return hs_model_fail(err, NULL, 0, "out of memory");
        for (int i = run.idx_cap; i < alloc; i++)
            idx[i] = -1;
        run.idx_cap = alloc;
    }
    int *idx = run.idx, *stack = run.stack;
    idx[0] = 0;
    idx[1] = 1;
    for (int r = 0; r < n_roots; r++) {
        /* Post-order DFS; depth is bounded by the number of variables. */
        int sp = 0;
        if (idx[roots[r]] < 0)
            stack[sp++] = roots[r];
        while (sp > 0) {
            int x = stack[sp - 1];
            int l = bdd_low(x), h = bdd_high(x);
            if (idx[l] < 0) {
                stack[sp++] = l;
                continue;
            }
            if (idx[h] < 0) {
                stack[sp++] = h;
                continue;
            }
            sp--;
            if (idx[x] >= 0)
                continue;
            if (grow_nodes(b, n + 1)) {
                hs_model_fail(err, NULL, 0, "out of memory");
                goto out;
            }
            b->var[n] = bdd_var(x); /* = its level: static order */
            b->lo[n] = idx[l];
            b->hi[n] = idx[h];
            run.touched[n_touched++] = x;
            idx[x] = n++;
        }
        out[r] = idx[roots[r]];
    }
    rc = 0;
out:
    b->n_nodes = n;
    for (int i = 0; i < n_touched; i++)
        idx[run.touched[i]] = -1;
    return rc;
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
        int c[3] = {b->lo[x], b->hi[x],
                    slot >= b->n_events ? b->mod_root[slot - b->n_events] : 0};
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

/* Builds the BuDDy BDD of every reachable gate bottom-up, releasing each
 * gate's BDD as soon as its last parent has used it. Uses run.* (allocated
 * by attempt()). */
static int build_all(hs_bdd *b, const hs_bdd_opts *o, BDD *roots,
                     int budget, hs_model_error *err)
{
    const hs_model *m = b->m;
    BDD *f = run.f;
    int n_post = 0;
    for (int i = 0; i < m->n_nodes; i++) {
        const hs_model_node *n = &m->nodes[i];
        f[i] = -1;
        if (n->kind == HS_NODE_EVENT)
            f[i] = bdd_ithvar(b->event_var[n->event]);
        else if (n->kind == HS_NODE_HOUSE)
            f[i] = n->value ? bddtrue : bddfalse;
    }
    if (hs_model_postorder(m, &run.post, &n_post, &run.uses, err))
        return -1;
    const int *post = run.post;
    int *uses = run.uses;
    hs_progress *pr = &run.pr;
    hs_progress_start(pr, o->progress, "BDD");
    run.armed = budget > 0 || run.cpu_end;
    for (int p = 0; p < n_post; p++) {
        int id = post[p];
        const hs_model_node *g = &m->nodes[id];
        BDD r = gate_bdd(g, f, g->n_in);
        /* BuDDy may report running out of nodes only through the hook and
         * hand back a meaningless result, so the hook's flag decides. */
        if (r < 0 || buddy_error) {
            run.armed = false;
            return fail_buddy(err, "construction");
        }
        f[id] = bdd_addref(r);
        int slot = run.slot ? run.slot[id] : -1;
        if (slot >= 0 && r > 1 && (bdd_low(r) > 1 || bdd_high(r) > 1)) {
            /* An independent module: keep its own diagram aside and let
             * one variable stand for it from here on. */
            int k = slot - b->n_events;
            if (copy_into(b, &r, 1, &b->mod_root[k], err)) {
                run.armed = false;
                return -1;
            }
            bdd_delref(r);
            f[id] = bdd_ithvar(b->event_var[slot]);
        }
        maybe_sift();
        if ((budget > 0 && bdd_getnodenum() > budget) ||
            (run.cpu_end && clock() > run.cpu_end)) {
            /* Over this attempt's budget: a bad order; give it up. */
            run.armed = false;
            buddy_error = BDD_NODENUM;
            return -1;
        }
        for (int i = 0; i < g->n_in; i++) {
            int c = g->in[i];
            if (m->nodes[c].kind == HS_NODE_GATE && --uses[c] == 0) {
                bdd_delref(f[c]);
                f[c] = -1;
            }
        }
        hs_progress_update(pr, "gate %d/%d, %d live nodes", p + 1, n_post,
                           bdd_getnodenum());
    }
    run.armed = false;
    for (int t = 0; t < m->n_tops; t++) {
        int node = m->tops[t].node;
        roots[t] = f[node] >= 0 ? f[node] : bddfalse;
        bdd_addref(roots[t]);
    }
    return 0;
}

/* Copied nodes carry BuDDy variables; sifting makes those differ from
 * levels, which the cut-set code needs in order (a smaller level sits
 * higher). From here on a variable is its final level; modules copied
 * under an earlier order are relabelled too, which only renames their
 * variables. */
static int finish_levels(hs_bdd *b, hs_model_error *err)
{
    int *lvl = malloc((size_t)(b->n_vars + 1) * sizeof *lvl);
    if (!lvl)
        return hs_model_fail(err, NULL, 0, "out of memory");
    for (int v = 0; v < b->n_vars; v++)
        lvl[v] = bdd_var2level(v);
    lvl[b->n_vars] = b->n_vars;
    for (int i = 0; i < b->n_nodes; i++)
        b->var[i] = lvl[b->var[i]];
    for (int e = 0; e < b->n_vars; e++) {
        b->event_var[e] = lvl[b->event_var[e]];
        b->var_event[b->event_var[e]] = e;
    }
    free(lvl);
    return 0;
}

static void run_free(void)
{
    free(run.f);
    free(run.post);
    free(run.uses);
    free(run.buf_fold);
    free(run.buf_atl);
    free(run.idx);
    free(run.touched);
    free(run.stack);
    memset(&run, 0, sizeof run);
}

/* How one BuDDy session builds the diagrams. */
typedef struct plan {
    hs_order order; /* the static order it starts from */
    int budget;     /* live nodes at most; 0 = only the hard limit */
    bool dyn;       /* sift the variables once, when the table first fills */
    int table;      /* initial table size (nodes): when that sifting runs */
    double cpu_s;   /* processor seconds at most; 0 = no limit */
} plan;

/* One BuDDy session following PL: 0 built (b filled), 1 budget exceeded,
 * -1 other error. */
static int attempt(hs_bdd *b, const hs_bdd_opts *o, const plan *pl,
                   const int *slot, BDD *roots, hs_model_error *err)
{
    hs_order order = pl->order;
    bool dyn = pl->dyn;
    int budget = pl->budget;
    const hs_model *m = b->m;
    volatile int rc = -1;
    free(b->event_var);
    free(b->var_event);
    b->event_var = b->var_event = NULL;
    if (hs_model_var_order(m, order, slot, b->n_vars, &b->event_var,
                           &b->var_event, err))
        return -1;
    int fan = 2;
    for (int i = 0; i < m->n_nodes; i++)
        if (m->nodes[i].n_in + 2 > fan)
            fan = m->nodes[i].n_in + 2;
    memset(&run, 0, sizeof run);
    run.f = malloc((size_t)(m->n_nodes + 1) * sizeof *run.f);
    run.buf_fold = malloc((size_t)fan * sizeof *run.buf_fold);
    run.buf_atl = malloc((size_t)fan * sizeof *run.buf_atl);
    run.stack = malloc((size_t)(2 * (b->n_vars + 2)) * sizeof *run.stack);
    run.slot = slot;
    /* Each attempt copies its diagrams afresh. */
    free(b->var);
    free(b->lo);
    free(b->hi);
    b->var = b->lo = b->hi = NULL;
    b->n_nodes = 2;
    if (!run.f || !run.buf_fold || !run.buf_atl || !run.stack ||
        grow_nodes(b, 1024)) {
        run_free();
        return hs_model_fail(err, NULL, 0, "out of memory");
    }
    b->var[0] = b->var[1] = b->n_vars;
    b->lo[0] = b->hi[0] = 0;
    b->lo[1] = b->hi[1] = 1;
    /* A hard table limit too: a single operation can explode between two
     * of build_all's checks. */
    int hard = o->max_nodes > 0 ? o->max_nodes : 64 << 20;
    /* The hard limit also changes when BuDDy decides to sift, and a
     * lower one made the sifting builds much slower: those are given up
     * from the collection hook instead, once the table outgrows twice the
     * budget (never while sifting). */
    if (budget > 0 && !dyn && 2 * budget < hard)
        hard = 2 * budget;
    run.abort_at = budget > 0 ? 2 * budget : INT_MAX;
    run.hard = hard;
    run.dyn = dyn;
    buddy_error = 0;
    buddy_live = 1;
    int init = hard < pl->table ? hard : pl->table;
    if (pl->cpu_s > 0)
        run.cpu_end = clock() + (clock_t)(pl->cpu_s * CLOCKS_PER_SEC);
    if (bdd_init(init, init / 4 + 1) < 0) {
        buddy_live = 0;
        run_free();
        return hs_model_fail(err, NULL, 0, "BuDDy initialisation failed");
    }
    /* BuDDy keeps its error condition across bdd_done()/bdd_init(); a stale
     * one would make every later node creation silently return false. */
    bdd_clear_error();
    bdd_error_hook(on_buddy_error);
    bdd_gbc_hook(on_buddy_gbc);
    bdd_reorder_hook(on_buddy_reorder);
    bdd_setcacheratio(4);
    bdd_setmaxincrease(1 << 23);
    /* BuDDy rounds the initial table up to a prime. */
    bdd_setmaxnodenum(hard > bdd_getallocnum() ? hard : bdd_getallocnum() + 1);
    bdd_setvarnum(b->n_vars > 0 ? b->n_vars : 1);
    if (dyn)
        bdd_varblockall(); /* sift single variables */
    if (setjmp(run.abort)) {
        /* Abandoned from a BuDDy hook: the whole session is discarded. */
        rc = 1;
    } else if (buddy_error) {
        fail_buddy(err, "setup");
    } else if (build_all(b, o, roots, budget, err) == 0) {
        bdd_disable_reorder();
        rc = buddy_error ? -1
             : copy_into(b, roots, m->n_tops, b->root, err);
        if (rc == 0 && dyn)
            rc = finish_levels(b, err);
        if (buddy_error)
            fail_buddy(err, "construction");
    } else if (buddy_error == BDD_NODENUM) {
        rc = 1;
    }
    run.armed = false;
    hs_progress_end(&run.pr);
    bdd_clear_error();
    bdd_done();
    buddy_live = 0;
    run_free();
    return rc;
}

int hs_bdd_build(const hs_model *m, const hs_bdd_opts *opts, hs_bdd **out,
                 hs_model_error *err)
{
    hs_bdd_opts o = opts ? *opts : (hs_bdd_opts){0};
    int rc = -1;
    BDD *roots = NULL;
    char *is_mod = NULL;
    int *slot = NULL;
    *out = NULL;
    if (!m->finished)
        return hs_model_fail(err, NULL, 0, "model not finished");
    if (buddy_live)
        return hs_model_fail(err, NULL, 0,
                             "another BDD build is running in this process");
    hs_bdd *b = calloc(1, sizeof *b);
    if (!b)
        return hs_model_fail(err, NULL, 0, "out of memory");
    b->m = m;
    b->n_events = b->n_vars = m->n_events;
    if (!o.flat) {
        if (hs_model_modules(m, &is_mod, err))
            goto out;
        slot = malloc((size_t)m->n_nodes * sizeof *slot);
        b->mod_node = malloc((size_t)m->n_nodes * sizeof *b->mod_node);
        if (!slot || !b->mod_node) {
            hs_model_fail(err, NULL, 0, "out of memory");
            goto out;
        }
        for (int i = 0; i < m->n_nodes; i++)
            slot[i] = -1;
        for (int t = 0; t < m->n_tops; t++)
            is_mod[m->tops[t].node] = 0; /* never replaced */
        for (int i = 0; i < m->n_nodes; i++)
            if (is_mod[i]) {
                slot[i] = b->n_vars++;
                b->mod_node[b->n_mods++] = i;
            }
    }
    b->mod_root = calloc((size_t)b->n_mods + 1, sizeof *b->mod_root);
    b->root = calloc((size_t)m->n_tops + 1, sizeof *b->root);
    b->size = calloc((size_t)m->n_tops + 1, sizeof *b->size);
    b->coherent = calloc((size_t)m->n_tops + 1, sizeof *b->coherent);
    roots = calloc((size_t)m->n_tops + 1, sizeof *roots);
    if (!b->root || !b->size || !b->coherent || !roots || !b->mod_root) {
        hs_model_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    /* Cheap static orders first, under small live-node budgets so that a
     * bad order is given up early; then builds that sift the variables
     * once, from different orders and at different moments, each limited
     * in nodes and processor time (the last one only by the hard limit).
     * Where sifting leads is erratic from tree to tree: this sequence is
     * what did best over the Aralia trees (bench/). */
    static const plan plans[] = {
        {HS_ORDER_LARGE_FIRST, 1 << 16, false, 1 << 16, 0},
        {HS_ORDER_SMALL_FIRST, 1 << 16, false, 1 << 16, 0},
        {HS_ORDER_DFS, 1 << 16, false, 1 << 16, 0},
        {HS_ORDER_SHARED_FIRST, 1 << 19, true, 1 << 14, 0.5},
        {HS_ORDER_SHARED_FIRST, 1 << 19, true, 1 << 15, 0.7},
        {HS_ORDER_SMALL_FIRST, 1 << 21, true, 1 << 14, 1.5},
        {HS_ORDER_LARGE_FIRST, 1 << 19, true, 1 << 14, 0.5},
        {HS_ORDER_DFS, 0, true, 1 << 14, 0},
    };
    int max_nodes = o.max_nodes > 0 ? o.max_nodes : 64 << 20;
    int r = 1;
    for (size_t k = o.reorder ? 3 : 0;
         k < sizeof plans / sizeof plans[0] && r == 1; k++) {
        plan pl = plans[k];
        if (pl.budget >= max_nodes)
            pl.budget = 0;
        r = attempt(b, &o, &pl, slot, roots, err);
        if (r == 1 && pl.budget == 0 && pl.cpu_s == 0)
            break; /* the hard limit itself was reached */
    }
    if (r == 1)
        fail_buddy(err, "construction");
    if (r)
        goto out;
    rc = -1;
    for (int t = 0; t < m->n_tops; t++) {
        b->size[t] = count_nodes(b, b->root[t]);
        b->coherent[t] = coherent_from(m, m->tops[t].node);
        if (b->size[t] < 0) {
            hs_model_fail(err, NULL, 0, "out of memory");
            goto out;
        }
    }
    *out = b;
    b = NULL;
    rc = 0;
out:
    free(roots);
    free(is_mod);
    free(slot);
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

int hs_bdd_size(const hs_bdd *b, int top) { return b->size[top]; }
bool hs_bdd_coherent(const hs_bdd *b, int top) { return b->coherent[top]; }
int hs_bdd_root(const hs_bdd *b, int top) { return b->root[top]; }
int hs_bdd_var_event(const hs_bdd *b, int v) { return b->var_event[v]; }
int hs_bdd_var_count(const hs_bdd *b) { return b->n_events; }
const hs_model *hs_bdd_model(const hs_bdd *b) { return b->m; }

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

int hs_bdd_birnbaum(const hs_bdd *b, int top, const double *q, double *pt,
                    double *birnbaum, hs_model_error *err)
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
        return hs_model_fail(err, NULL, 0, "out of memory");
    }
    node_probs(b, root, q, p);
    /* r[i]: probability of reaching node i from the root; parents come
     * after children in the arrays, so walking down visits parents first. */
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
