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
#include <stdio.h>

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

int hs_buddy_fail_limit(hs_error *err)
{
    hs_error_fail(err, NULL, 0,
                  "BDD construction failed: node limit reached (tree "
                  "too hard for the variable orders tried)");
    return HS_BDD_TOO_HARD;
}

int hs_buddy_fail_cap(int tried, hs_error *err)
{
    hs_error_fail(err, NULL, 0,
                  "BDD construction failed: node limit reached (tree "
                  "too hard for the variable orders tried: the default rounds stopped at "
                  "%d nodes; --max-nodes N tries up to N)",
                  tried);
    return HS_BDD_TOO_HARD;
}

static int fail_code(hs_error *err, int code)
{
    if (code == BDD_NODENUM)
        return hs_buddy_fail_limit(err);
    return hs_error_fail(err, NULL, 0, "BDD construction failed: %s", bdd_errstring(code));
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

/* One operand of fold_refs being sorted: its level, its place. */
typedef struct ranked {
    int level, pos;
    BDD f;
} ranked;

/* Deepest level first; equal levels keep their order (the sort is then
 * stable, as the insertion sort of short lists is). */
static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->level != y->level)
        return x->level > y->level ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* V[0..n) by the level of v[i] >> SHIFT, deepest first, stably: by
 * insertion for short lists, by qsort for long ones (an OR of 10^5 events
 * took minutes by insertion), and by insertion again when the buffer
 * cannot be had. */
static void sort_deepest_first(BDD *v, int n, int shift)
{
    ranked *r = n > 32 ? malloc((size_t)n * sizeof *r) : NULL;
    if (r) {
        for (int i = 0; i < n; i++)
            r[i] = (ranked){level_of(v[i] >> shift), i, v[i]};
        qsort(r, (size_t)n, sizeof *r, cmp_ranked);
        for (int i = 0; i < n; i++)
            v[i] = r[i].f;
        free(r);
        return;
    }
    for (int i = 1; i < n; i++) {
        BDD x = v[i];
        int lx = level_of(x >> shift), j = i - 1;
        while (j >= 0 && level_of(v[j] >> shift) < lx) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
}

/* AND/OR over V[0..n), each referenced (and released here); the result is
 * not referenced. Operands are combined deepest first: one whose variables
 * all sit below the accumulated result then only has to be hooked under
 * it, which keeps each step cheap. */
static BDD fold_refs(BDD *v, int n, int op)
{
    sort_deepest_first(v, n, 0);
    BDD acc = bdd_addref(v[0]);
    for (int i = 1; i < n; i++) {
        BDD t = bdd_addref(bdd_apply(acc, v[i], op));
        bdd_delref(acc);
        acc = t;
        maybe_sift();
    }
    for (int i = 0; i < n; i++)
        bdd_delref(v[i]);
    return bdd_delref(acc);
}

/* BuDDy's operation for acc ∘ v where either may stand negated, indexed
 * [OR][acc negated][v negated]: a·¬b is diff, ¬a·b less, ¬a·¬b nor,
 * a + ¬b invimp, ¬a + b imp, ¬a + ¬b nand. */
static const int signed_op[2][2][2] = {
    {{bddop_and, bddop_diff}, {bddop_less, bddop_nor}},
    {{bddop_or, bddop_invimp}, {bddop_imp, bddop_nand}},
};

/* Gate G's AND/OR over its input literals, like fold_refs: a negated
 * input goes into the operation (a·¬b as diff(a, b)) instead of being
 * built first, since BuDDy has no complement edges and bdd_not copies the
 * whole diagram (8 % of das9601, each time, as collections empty the
 * cache). The operands are w->buf[i] = BDD << 1 | negated. */
static BDD fold(hs_build *w, const hs_circ_gate *g, int op)
{
    BDD *v = w->buf;
    int n = g->n, or = op == bddop_or;
    for (int i = 0; i < n; i++) {
        int l = w->c->in[g->first + i], x = HS_LIT_NODE(l);
        BDD f = w->var_of[x] >= 0 ? bdd_ithvar(w->var_of[x]) : w->f[x];
        v[i] = bdd_addref(f) << 1 | HS_LIT_NEG(l);
    }
    sort_deepest_first(v, n, 1);
    BDD acc = bdd_addref(v[0] >> 1);
    int neg = v[0] & 1;
    for (int i = 1; i < n; i++) {
        BDD t = bdd_addref(bdd_apply(acc, v[i] >> 1, signed_op[or][neg][v[i] & 1]));
        bdd_delref(acc);
        acc = t;
        neg = 0;
        maybe_sift();
    }
    for (int i = 0; i < n; i++)
        bdd_delref(v[i] >> 1);
    return bdd_delref(acc);
}

/* --- factoring -------------------------------------------------------- */

/* x·a + x·b + x·c is built as x·(a + b + c) (and dually) where the
 * products are used by the sum alone: the products over one shared
 * operand are each as large as the result, which one product then builds
 * once (das9701: three AND gates over one 4.5 Ki-node operand made 5.5 Mi
 * nodes on the way to a 1.3 Mi-node OR). The circuit and so the variable
 * orders stay as they are; the products are simply never built. */

/* w->grp of the one product a gate builds fused with the rest of its
 * inputs S, in one ite: a·b + S = ite(a, b + S, S), and dually
 * (a + b)·S = ite(a, S, b·S), so that a·b itself, as large as the result,
 * is never made (das9701's top: the OR of three small gates and a 2.8 Mi
 * node product). No gate input is literal 0, the constant. */
#define FUSED 0

static bool is_and_or(const hs_circ_gate *g)
{
    return g->op == HS_CIRC_AND || g->op == HS_CIRC_OR;
}

/* What plan_factoring decided for node X: the literal its parent factors
 * it on, FUSED, or -1 when X is built on its own (or is no gate of the
 * job). */
static int plan_of(const hs_build *w, int x)
{
    return hs_circ_is_gate(w->c, x) && w->var_of[x] < 0 ? w->grp[x] : -1;
}

/* The plan for input literal L (products are used positively only). */
static int plan_of_lit(const hs_build *w, int l)
{
    return HS_LIT_NEG(l) ? -1 : plan_of(w, HS_LIT_NODE(l));
}

/* Input literal L of a gate of operation OP is a product the gate may
 * build itself: a gate of the dual operation used by it alone, none of
 * whose own inputs is built that way (it is never built itself, so they
 * would not be either). Inputs are planned before their parents. */
static bool factorable(const hs_build *w, int l, hs_circ_op op)
{
    int x = HS_LIT_NODE(l);
    if (HS_LIT_NEG(l) || !hs_circ_is_gate(w->c, x) || w->var_of[x] >= 0 || w->uses[x] != 1)
        return false;
    const hs_circ_gate *g = hs_circ_gate_of(w->c, x);
    if (!is_and_or(g) || g->op == op)
        return false;
    for (int k = 0; k < g->n; k++)
        if (plan_of(w, HS_LIT_NODE(w->c->in[g->first + k])) >= 0)
            return false;
    return true;
}

/* Decides, for every AND/OR gate of J, which of its inputs it builds
 * factored and on what: w->grp[product] = the shared literal. Repeatedly
 * the literal most products of a gate share (two at least; ties to the
 * smallest) groups those that have it. 0, or -1 out of memory. */
static int plan_factoring(hs_build *w, const hs_job *j)
{
    const hs_circuit *c = w->c;
    int *cand = NULL, *all = NULL, cap = 0, rc = -1;
    for (int i = 0; i < j->n_gates; i++) {
        const hs_circ_gate *g = hs_circ_gate_of(c, j->gates[i]);
        if (!is_and_or(g))
            continue;
        int nc = 0, total = 0;
        for (int k = 0; k < g->n; k++)
            if (factorable(w, c->in[g->first + k], g->op)) {
                nc++;
                total += hs_circ_gate_of(c, HS_LIT_NODE(c->in[g->first + k]))->n;
            }
        if (nc < 1)
            continue;
        if (total + g->n > cap) {
            cap = 2 * (total + g->n);
            free(cand);
            free(all);
            cand = malloc((size_t)cap * sizeof *cand);
            all = malloc((size_t)cap * sizeof *all);
            if (!cand || !all)
                goto out;
        }
        nc = 0;
        for (int k = 0; k < g->n; k++)
            if (factorable(w, c->in[g->first + k], g->op))
                cand[nc++] = HS_LIT_NODE(c->in[g->first + k]);
        for (;;) {
            int n_all = 0;
            for (int k = 0; k < nc; k++) {
                const hs_circ_gate *p = hs_circ_gate_of(c, cand[k]);
                memcpy(all + n_all, c->in + p->first, (size_t)p->n * sizeof *all);
                n_all += p->n;
            }
            qsort(all, (size_t)n_all, sizeof *all, hs_cmp_int);
            int best = -1, most = 1;
            for (int a = 0; a < n_all;) {
                int b = a;
                while (b < n_all && all[b] == all[a])
                    b++;
                if (b - a > most) {
                    most = b - a;
                    best = all[a];
                }
                a = b;
            }
            if (best < 0)
                break;
            int keep = 0;
            for (int k = 0; k < nc; k++) {
                const hs_circ_gate *p = hs_circ_gate_of(c, cand[k]);
                bool has = false;
                for (int q = 0; q < p->n && !has; q++)
                    has = c->in[p->first + q] == best;
                if (has)
                    w->grp[cand[k]] = best;
                else
                    cand[keep++] = cand[k];
            }
            nc = keep;
        }
        if (nc > 0)
            w->grp[cand[0]] = FUSED;
    }
    rc = 0;
out:
    free(cand);
    free(all);
    return rc;
}

/* Gate G (AND/OR) with its planned products factored (plan_factoring):
 * per shared literal d, d ∘ (the rest of each product, combined by G's own
 * operation), then G's operation over those and its other inputs. */
static BDD fold_factored(hs_build *w, const hs_circ_gate *g, int op, int dual)
{
    const hs_circuit *c = w->c;
    BDD *v = w->buf + w->fan, *part = v + w->fan, *rest = part + w->fan;
    int m = 0, fused = -1;
    for (int i = 0; i < g->n; i++) {
        int l = c->in[g->first + i], d = plan_of_lit(w, l);
        if (d < 0) {
            v[m++] = bdd_addref(lit_bdd(w, l));
            continue;
        }
        if (d == FUSED) {
            fused = HS_LIT_NODE(l);
            continue;
        }
        bool seen = false;
        for (int k = 0; k < i && !seen; k++)
            seen = plan_of_lit(w, c->in[g->first + k]) == d;
        if (seen)
            continue; /* its group was built with the first of it */
        int np = 0;
        for (int k = i; k < g->n; k++) {
            int lk = c->in[g->first + k];
            if (plan_of_lit(w, lk) != d)
                continue;
            /* a product has two distinct inputs at least: one besides d */
            const hs_circ_gate *p = hs_circ_gate_of(c, HS_LIT_NODE(lk));
            int nr = 0;
            for (int q = 0; q < p->n; q++)
                if (c->in[p->first + q] != d)
                    rest[nr++] = bdd_addref(lit_bdd(w, c->in[p->first + q]));
            part[np++] = bdd_addref(fold_refs(rest, nr, dual));
        }
        BDD sum = bdd_addref(fold_refs(part, np, op));
        BDD pair[2] = {bdd_addref(lit_bdd(w, d)), sum};
        v[m++] = bdd_addref(fold_refs(pair, 2, dual));
    }
    if (fused < 0)
        return fold_refs(v, m, op);
    /* the rest S, then the product's largest input a against b, the
     * product of its others */
    BDD s =
        m > 0 ? bdd_addref(fold_refs(v, m, op)) : bdd_addref(op == bddop_and ? bddtrue : bddfalse);
    const hs_circ_gate *p = hs_circ_gate_of(c, fused);
    int big = 0, big_size = -1, nr = 0;
    for (int q = 0; q < p->n; q++) {
        int size = bdd_nodecount(lit_bdd(w, c->in[p->first + q]));
        if (size > big_size) {
            big_size = size;
            big = q;
        }
    }
    for (int q = 0; q < p->n; q++)
        if (q != big)
            rest[nr++] = bdd_addref(lit_bdd(w, c->in[p->first + q]));
    BDD a = bdd_addref(lit_bdd(w, c->in[p->first + big]));
    BDD b = bdd_addref(fold_refs(rest, nr, dual));
    BDD r;
    if (op == bddop_or) {
        BDD bs = bdd_addref(bdd_apply(b, s, bddop_or));
        r = bdd_addref(bdd_ite(a, bs, s));
        bdd_delref(bs);
    } else {
        BDD bs = bdd_addref(bdd_apply(b, s, bddop_and));
        r = bdd_addref(bdd_ite(a, s, bs));
        bdd_delref(bs);
    }
    bdd_delref(a);
    bdd_delref(b);
    bdd_delref(s);
    return bdd_delref(r);
}

/* Releases what gate CG held of its inputs once built: products factored
 * into it give up their own inputs instead, never having been built. */
static void release_inputs(hs_build *w, const hs_circ_gate *cg)
{
    const hs_circuit *c = w->c;
    for (int k = 0; k < cg->n; k++) {
        int x = HS_LIT_NODE(c->in[cg->first + k]);
        if (w->var_of[x] >= 0 || --w->uses[x] != 0)
            continue;
        if (plan_of(w, x) < 0) {
            bdd_delref(w->f[x]);
            continue;
        }
        const hs_circ_gate *p = hs_circ_gate_of(c, x);
        for (int q = 0; q < p->n; q++) {
            int y = HS_LIT_NODE(c->in[p->first + q]);
            if (w->var_of[y] < 0 && --w->uses[y] == 0)
                bdd_delref(w->f[y]);
        }
    }
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

int hs_build_append(hs_build *w, int var, int lo, int hi, hs_error *err)
{
    hs_bdd *b = w->b;
    if (hs_build_grow(w, b->n_nodes + 1))
        return hs_error_fail(err, NULL, 0, "out of memory");
    b->var[b->n_nodes] = var;
    b->lo[b->n_nodes] = lo;
    b->hi[b->n_nodes] = hi;
    return b->n_nodes++;
}

/* Appends the BuDDy diagrams under ROOTS to b's arrays, children first,
 * and writes their indices to j->out; a node's var is j->var_name[its
 * BuDDy variable]. */
static int copy_out(hs_build *w, hs_job *j, const BDD *roots, hs_error *err)
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
            return hs_error_fail(err, NULL, 0, "out of memory");
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
            int n = hs_build_append(w, j->var_name[bdd_var(x)], idx[l], idx[h], err);
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
 * last use inside J; ROOTS gets the roots' BDDs, referenced. 0, or -1 out
 * of memory. */
static int build_gates(hs_build *w, const hs_job *j, bool factor, BDD *roots)
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
    for (int i = 0; i < j->n_gates; i++)
        w->grp[j->gates[i]] = -1;
    if (factor && plan_factoring(w, j))
        return -1;
    w->done = 0;
    for (int i = 0; i < j->n_gates; i++) {
        int g = j->gates[i];
        if (w->grp[g] >= 0)
            continue; /* built inside its parent */
        const hs_circ_gate *cg = hs_circ_gate_of(c, g);
        bool factored = false;
        for (int k = 0; k < cg->n && !factored; k++)
            factored = plan_of(w, HS_LIT_NODE(c->in[cg->first + k])) >= 0;
        int op = cg->op == HS_CIRC_AND ? bddop_and : bddop_or;
        int dual = cg->op == HS_CIRC_AND ? bddop_or : bddop_and;
        BDD r = factored                    ? fold_factored(w, cg, op, dual)
                : cg->op != HS_CIRC_ATLEAST ? fold(w, cg, op)
                                            : at_least(w, cg);
        w->f[g] = bdd_addref(r);
        maybe_sift();
        release_inputs(w, cg);
        w->done = i + 1;
        hs_progress_update(&w->pr, "build %d/%d: gate %d/%d, %d nodes", w->step + 1, w->n_steps,
                           i + 1, j->n_gates, bdd_getnodenum());
    }
    for (int r = 0; r < j->n_roots; r++)
        roots[r] = bdd_addref(lit_bdd(w, j->root_lits[r]));
    for (int r = 0; r < j->n_roots; r++)
        if (w->var_of[j->roots[r]] < 0 && --w->uses[j->roots[r]] == 0)
            bdd_delref(w->f[j->roots[r]]);
    return 0;
}

/* BuDDy's first table size for a job of N_GATES gates under LIMIT nodes.
 * The table starts at half the budget, at most 1 Mi nodes and 1 Ki per
 * gate (a small module must not pay for a large table), at least 4 Ki,
 * and grows as BuDDy sees fit; sifting attempts start small so that they
 * sift early, while the diagrams are small. BuDDy's operation cache is as
 * large as the table and cleared by every collection: a table started
 * small and kept small by collections starves the cache (das9701 took
 * over 60 s instead of 7). */
static int initial_nodes(int limit, int n_gates, bool sift)
{
    int init = limit / 2;
    if (init > 1 << 20)
        init = 1 << 20;
    if (init / 1024 > n_gates)
        init = 1024 * n_gates;
    if (sift && init > 16384)
        init = 16384;
    if (init < 4096)
        init = 4096;
    return init;
}

/* Start a BuDDy session for job J: a table of INIT nodes growing up to
 * W's hard limit, our hooks, one variable per leaf. 0, or -1 + err. */
static int session_start(const hs_build *w, const hs_job *j, int init, int limit, bool sift,
                         hs_error *err)
{
    memset(&ses, 0, sizeof ses);
    if (bdd_init(init, init) < 0)
        return hs_error_fail(err, NULL, 0, "BuDDy initialisation failed");
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
    if (getenv("HS_MINFREE"))
        bdd_setminfreenodes(atoi(getenv("HS_MINFREE")));
    if (getenv("HS_CACHERATIO"))
        bdd_setcacheratio(atoi(getenv("HS_CACHERATIO")));
    bdd_setmaxnodenum(w->hard > bdd_getallocnum() ? w->hard : bdd_getallocnum() + 1);
    set_varnum(j->n_leaves > 0 ? j->n_leaves : 1);
    if (sift)
        bdd_varblockall(); /* sift single variables */
    ses.want_sift = sift;
    /* BuDDy keeps two live nodes per variable (it and its negation): a
     * budget meant for the diagrams must not be eaten by them (an OR of
     * 10^5 events failed every cheap round and went to the race) */
    ses.limit = limit > INT_MAX - 2 * j->n_leaves ? INT_MAX : limit + 2 * j->n_leaves;
    return 0;
}

/* After build_gates returned BRC (not abandoned): 0 with the diagram of
 * ROOTS copied out, 1 over the node limit, -1 + err. BuDDy may report
 * running out of nodes only through the hook and hand back a meaningless
 * result, so the hook's flag decides. */
static int session_result(hs_build *w, hs_job *j, int brc, BDD *roots, hs_error *err)
{
    if (ses.error == BDD_NODENUM)
        return 1;
    if (brc)
        return hs_error_fail(err, NULL, 0, "out of memory");
    if (ses.error) {
        fail_code(err, ses.error);
        return -1;
    }
    bdd_disable_reorder();
    if (w->flat) /* levels, which sifting may have changed */
        for (int i = 0; i < j->n_leaves; i++)
            j->var_name[i] = bdd_var2level(i);
    return copy_out(w, j, roots, err);
}

int hs_buddy_attempt(hs_build *w, hs_job *j, int limit, const hs_strategy *s, hs_error *err)
{
    bool sift = s->sift;
    volatile int rc = -1;
    BDD *roots = malloc((size_t)(j->n_roots + 1) * sizeof *roots);
    if (!roots)
        return hs_error_fail(err, NULL, 0, "out of memory");
    for (int i = 0; i < j->n_leaves; i++)
        w->var_of[j->leaves[i]] = i;
    for (int i = 0; i < j->n_gates; i++)
        w->uses[j->gates[i]] = 0;
    int init = initial_nodes(limit, j->n_gates, sift);
    init = init > INT_MAX / 2 - 2 * j->n_leaves ? init : init + 2 * j->n_leaves;
    if (session_start(w, j, init, limit, sift, err))
        goto out_noinit;
    if (setjmp(ses.abort)) {
        rc = 1; /* abandoned from a hook: the session is discarded */
    } else if (ses.error) {
        fail_code(err, ses.error);
    } else {
        ses.armed = true;
        int brc = build_gates(w, j, s->factor, roots);
        ses.armed = false;
        rc = session_result(w, j, brc, roots, err);
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
