/*
 * core/model/buddy.c — one BuDDy session building one sub-circuit under
 * one variable order, then copying the diagram out into hs_bdd's arrays
 * (see bdd_build.h).
 *
 * Every attempt is a session of its own: BuDDy's state is global, an
 * attempt that needs more than its budget is abandoned by a longjmp from
 * BuDDy's garbage-collection hook (one operation alone can explode), and
 * the only safe way on after that is bdd_done().
 */
#include "model/bdd_build.h"

#include <bdd.h>
#include <limits.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/* BuDDy 2.4 (Debian's libbdd) pushes intermediate results with
 * `*(bddrefstacktop++) = f(...)`, which may advance the stack top before f
 * runs; a garbage collection inside f then marks from a slot never written,
 * uninitialised memory from malloc, and crashed now and then (valgrind
 * shows it). Later BuDDy forks fixed the macro. Zeroing the stack after
 * bdd_setvarnum() allocates it (2 * varnum + 4 ints there) makes such a slot
 * hold 0, a terminal the collector skips, or a node index pushed earlier,
 * which it merely keeps alive one collection longer. */
extern int *bddrefstack;

static int set_varnum(int n)
{
    int rc = bdd_setvarnum(n);
    if (rc == 0 && bddrefstack)
        memset(bddrefstack, 0, (size_t)(2 * n + 4) * sizeof *bddrefstack);
    return rc;
}

/* What an attempt needs from BuDDy's hooks (file-level because BuDDy calls
 * back into us without a context); reset by every attempt. */
static struct {
    jmp_buf abort;
    int error;      /* first BuDDy error code of the session */
    bool armed;     /* longjmp allowed (while building) */
    bool sifting;   /* BuDDy is reordering: never longjmp out of that */
    bool collected; /* a garbage collection has run */
    bool want_sift; /* sift once, at the first chance after collected */
    int limit;      /* live nodes after a collection that end the attempt */
} ses;

static void on_error(int code)
{
    if (!ses.error)
        ses.error = code;
    if (ses.armed && !ses.sifting && code == BDD_NODENUM)
        longjmp(ses.abort, 1);
}

/* BuDDy collects garbage when its table is full and grows the table only
 * after that: a collection that leaves more live nodes than the budget
 * ends the attempt, whether one operation or many got it there. Garbage
 * does not count, so a good order that merely churns is not given up. */
static void on_gbc(int pre, bddGbcStat *s)
{
    if (pre)
        return;
    (void)s; /* BuDDy 2.4 leaves its freenodes at 0: ask for the count */
    ses.collected = true;
    if (ses.armed && !ses.sifting && bdd_getnodenum() > ses.limit) {
        ses.error = BDD_NODENUM;
        longjmp(ses.abort, 1);
    }
}

static void on_reorder(int pre)
{
    ses.sifting = pre;
}

int hs_buddy_fail_limit(hs_model_error *err)
{
    return hs_model_fail(err, NULL, 0,
                         "BDD construction failed: node limit reached (tree "
                         "too hard for the variable orders tried)");
}

static int fail_code(hs_model_error *err, int code)
{
    if (code == BDD_NODENUM)
        return hs_buddy_fail_limit(err);
    return hs_model_fail(err, NULL, 0, "BDD construction failed: %s",
                         bdd_errstring(code));
}

/* One sifting pass once the table has first filled already finds most of
 * the gain; more cost more than they save. Called only between two
 * operations, where every diagram still in use is referenced. */
static void maybe_sift(void)
{
    if (ses.want_sift && ses.collected) {
        ses.want_sift = false;
        bdd_reorder(BDD_REORDER_SIFT);
    }
}

static BDD lit_bdd(const hs_build *w, int l)
{
    int x = HS_LIT_NODE(l);
    BDD f = w->var_of[x] >= 0 ? bdd_ithvar(w->var_of[x]) : w->f[x];
    return HS_LIT_NEG(l) ? bdd_not(f) : f;
}

/* Level, not variable: the two differ once sifting has run. */
static int level_of(BDD f)
{
    return f < 2 ? INT_MAX : bdd_var2level(bdd_var(f));
}

/* AND/OR over a gate's inputs, keeping every intermediate result
 * referenced. Inputs are combined deepest first: an input whose variables
 * all sit below the accumulated result then only has to be hooked under
 * it, which keeps each step cheap. */
static BDD fold(hs_build *w, const hs_circ_gate *g, int op)
{
    BDD *v = w->buf;
    for (int i = 0; i < g->n; i++)
        v[i] = bdd_addref(lit_bdd(w, w->c->in[g->first + i]));
    for (int i = 1; i < g->n; i++) {
        BDD x = v[i];
        int lx = level_of(x), j = i - 1;
        while (j >= 0 && level_of(v[j]) < lx) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
    BDD acc = bdd_addref(v[0]);
    for (int i = 1; i < g->n; i++) {
        BDD t = bdd_addref(bdd_apply(acc, v[i], op));
        bdd_delref(acc);
        acc = t;
        maybe_sift();
    }
    for (int i = 0; i < g->n; i++)
        bdd_delref(v[i]);
    return bdd_delref(acc);
}

/* At least K of the inputs: t[j] = "at least j of the inputs seen so far",
 * built from the last input to the first. */
static BDD at_least(hs_build *w, const hs_circ_gate *g)
{
    BDD *t = w->buf;
    int k = g->k;
    t[0] = bdd_addref(bddtrue);
    for (int j = 1; j <= k; j++)
        t[j] = bdd_addref(bddfalse);
    for (int i = g->n - 1; i >= 0; i--) {
        BDD x = bdd_addref(lit_bdd(w, w->c->in[g->first + i]));
        for (int j = k; j >= 1; j--) {
            BDD r = bdd_addref(bdd_ite(x, t[j - 1], t[j]));
            bdd_delref(t[j]);
            t[j] = r;
            maybe_sift();
        }
        bdd_delref(x);
    }
    for (int j = 0; j < k; j++)
        bdd_delref(t[j]);
    return bdd_delref(t[k]);
}

int hs_build_grow(hs_build *w, int need)
{
    hs_bdd *b = w->b;
    if (need <= w->cap)
        return 0;
    int cap = w->cap ? w->cap : 1024;
    while (cap < need)
        cap = cap > INT_MAX / 2 ? INT_MAX : cap * 2;
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
    w->cap = cap;
    return 0;
}

int hs_build_append(hs_build *w, int var, int lo, int hi, hs_model_error *err)
{
    hs_bdd *b = w->b;
    if (hs_build_grow(w, b->n_nodes + 1))
        return hs_model_fail(err, NULL, 0, "out of memory");
    b->var[b->n_nodes] = var;
    b->lo[b->n_nodes] = lo;
    b->hi[b->n_nodes] = hi;
    return b->n_nodes++;
}

/* Appends the BuDDy diagrams under ROOTS to b's arrays, children first,
 * and writes their indices to j->out; a node's var is j->var_name[its
 * BuDDy variable]. */
static int copy_out(hs_build *w, hs_job *j, const BDD *roots,
                    hs_model_error *err)
{
    int rc = -1, n_touched = 0;
    int alloc = bdd_getallocnum();
    if (alloc > w->idx_cap) {
        int *idx = realloc(w->idx, (size_t)alloc * sizeof *idx);
        if (idx)
            w->idx = idx;
        int *t = realloc(w->touched, (size_t)alloc * sizeof *t);
        if (t)
            w->touched = t;
        int *s = realloc(w->stack, (size_t)alloc * sizeof *s);
        if (s)
            w->stack = s;
        if (!idx || !t || !s)
            return hs_model_fail(err, NULL, 0, "out of memory");
        for (int i = w->idx_cap; i < alloc; i++)
            w->idx[i] = -1;
        w->idx_cap = alloc;
    }
    int *idx = w->idx, *stack = w->stack;
    idx[0] = 0;
    idx[1] = 1;
    for (int r = 0; r < j->n_roots; r++) {
        /* post-order walk; depth is bounded by the number of variables */
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
            int n = hs_build_append(w, j->var_name[bdd_var(x)], idx[l],
                                    idx[h], err);
            if (n < 0)
                goto out;
            w->touched[n_touched++] = x;
            idx[x] = n;
        }
        j->out[r] = idx[roots[r]];
    }
    rc = 0;
out:
    for (int i = 0; i < n_touched; i++)
        idx[w->touched[i]] = -1;
    return rc;
}

/* Builds every gate of J bottom-up, releasing each gate's BDD after its
 * last use inside J; ROOTS gets the roots' BDDs, referenced. */
static void build_gates(hs_build *w, const hs_job *j, BDD *roots)
{
    const hs_circuit *c = w->c;
    for (int i = 0; i < j->n_gates; i++) {
        const hs_circ_gate *cg = hs_circ_gate_of(c, j->gates[i]);
        for (int k = 0; k < cg->n; k++) {
            int x = HS_LIT_NODE(c->in[cg->first + k]);
            if (w->var_of[x] < 0)
                w->uses[x]++;
        }
    }
    for (int r = 0; r < j->n_roots; r++)
        if (w->var_of[j->roots[r]] < 0)
            w->uses[j->roots[r]]++;
    for (int i = 0; i < j->n_gates; i++) {
        int g = j->gates[i];
        const hs_circ_gate *cg = hs_circ_gate_of(c, g);
        BDD r = cg->op == HS_CIRC_AND  ? fold(w, cg, bddop_and)
                : cg->op == HS_CIRC_OR ? fold(w, cg, bddop_or)
                                       : at_least(w, cg);
        w->f[g] = bdd_addref(r);
        maybe_sift();
        for (int k = 0; k < cg->n; k++) {
            int x = HS_LIT_NODE(c->in[cg->first + k]);
            if (w->var_of[x] < 0 && --w->uses[x] == 0)
                bdd_delref(w->f[x]);
        }
        hs_progress_update(&w->pr, "build %d/%d: gate %d/%d, %d nodes",
                           w->step + 1, w->n_steps, i + 1, j->n_gates,
                           bdd_getnodenum());
    }
    for (int r = 0; r < j->n_roots; r++)
        roots[r] = bdd_addref(lit_bdd(w, j->root_lits[r]));
    for (int r = 0; r < j->n_roots; r++)
        if (w->var_of[j->roots[r]] < 0 && --w->uses[j->roots[r]] == 0)
            bdd_delref(w->f[j->roots[r]]);
}

int hs_buddy_attempt(hs_build *w, hs_job *j, int limit, bool sift,
                     hs_model_error *err)
{
    volatile int rc = -1;
    BDD *roots = malloc((size_t)(j->n_roots + 1) * sizeof *roots);
    if (!roots)
        return hs_model_fail(err, NULL, 0, "out of memory");
    for (int i = 0; i < j->n_leaves; i++)
        w->var_of[j->leaves[i]] = i;
    for (int i = 0; i < j->n_gates; i++)
        w->uses[j->gates[i]] = 0;
    /* The table starts at half the budget, at most 1 Mi nodes and 1 Ki per
     * gate (a small module must not pay for a large table), at least 4 Ki,
     * and grows as BuDDy sees fit; sifting attempts start small so that
     * they sift early, while the diagrams are small. BuDDy's operation
     * cache is as large as the table and cleared by every collection: a
     * table started small and kept small by collections starves the cache
     * (das9701 took over 60 s instead of 7). */
    int init = limit / 2;
    if (init > 1 << 20)
        init = 1 << 20;
    if (init / 1024 > j->n_gates)
        init = 1024 * j->n_gates;
    if (sift && init > 16384)
        init = 16384;
    if (init < 4096)
        init = 4096;
    memset(&ses, 0, sizeof ses);
    if (bdd_init(init, init) < 0) {
        hs_model_fail(err, NULL, 0, "BuDDy initialisation failed");
        goto out_noinit;
    }
    /* BuDDy keeps its error condition across bdd_done()/bdd_init(); a stale
     * one would make every later node creation silently return false. */
    bdd_clear_error();
    bdd_error_hook(on_error);
    bdd_gbc_hook(on_gbc);
    bdd_reorder_hook(on_reorder);
    /* As many cache entries as nodes: with fewer, some orders recompute
     * the same sub-results over and over (das9701: 7 s instead of more
     * than 100) */
    bdd_setcacheratio(1);
    bdd_setmaxincrease(1 << 23);
    bdd_setmaxnodenum(w->hard > bdd_getallocnum() ? w->hard
                                                  : bdd_getallocnum() + 1);
    set_varnum(j->n_leaves > 0 ? j->n_leaves : 1);
    if (sift)
        bdd_varblockall(); /* sift single variables */
    ses.want_sift = sift;
    ses.limit = limit;
    if (setjmp(ses.abort)) {
        rc = 1; /* abandoned from a hook: the session is discarded */
    } else if (ses.error) {
        fail_code(err, ses.error);
    } else {
        ses.armed = true;
        build_gates(w, j, roots);
        ses.armed = false;
        /* BuDDy may report running out of nodes only through the hook and
         * hand back a meaningless result, so the hook's flag decides. */
        if (ses.error == BDD_NODENUM) {
            rc = 1;
        } else if (ses.error) {
            fail_code(err, ses.error);
        } else {
            bdd_disable_reorder();
            if (w->flat) /* levels, which sifting may have changed */
                for (int i = 0; i < j->n_leaves; i++)
                    j->var_name[i] = bdd_var2level(i);
            rc = copy_out(w, j, roots, err);
        }
    }
    ses.armed = false;
    bdd_clear_error();
    bdd_done();
out_noinit:
    for (int i = 0; i < j->n_leaves; i++)
        w->var_of[j->leaves[i]] = -1;
    free(roots);
    return rc;
}
