/*
 * core/model/modules.c — module detection on the circuit (see circuit.h).
 *
 * One depth-first walk from the top events stamps every node with the date
 * of its first visit, the date the walk leaves it (gates) and the date of
 * its last visit from any parent. A gate G is a module exactly when every
 * node below it was first visited after G was entered and last visited
 * before G was left: nothing outside reaches into G. Gates are numbered
 * inputs first, so the min/max pass is one ascending loop; the walk is
 * iterative because chains of thousands of gates occur.
 */
#include "model/circuit.h"

#include <limits.h>
#include <stdlib.h>

/* The walk's dates per node (0: not visited yet) and its explicit stack. */
typedef struct dates {
    int *first; /* first visit */
    int *leave; /* leaving a gate; a leaf leaves when first visited */
    int *last;  /* last visit from any parent (or as a top) */
    int *stack; /* gates being walked ... */
    int *pos;   /* ... and the next input of each */
    int date;   /* the clock, one tick per visit */
} dates;

/* Walk from gate S (first visited just now) down to every node not
 * visited yet, stamping the dates. */
static void walk_gate(const hs_circuit *c, dates *d, int s)
{
    int sp = 0;
    d->stack[0] = s;
    d->pos[0] = 0;
    while (sp >= 0) {
        const hs_circ_gate *g = hs_circ_gate_of(c, d->stack[sp]);
        if (d->pos[sp] == g->n) {
            d->leave[d->stack[sp]] = ++d->date;
            d->last[d->stack[sp]] = d->date;
            sp--;
            continue;
        }
        int x = HS_LIT_NODE(c->in[g->first + d->pos[sp]++]);
        d->last[x] = ++d->date;
        if (d->first[x])
            continue;
        d->first[x] = d->date;
        if (hs_circ_is_gate(c, x)) {
            d->stack[++sp] = x;
            d->pos[sp] = 0;
        } else {
            d->leave[x] = d->date;
        }
    }
}

/* Stamp every node reached from the tops. */
static void walk_tops(const hs_circuit *c, dates *d)
{
    for (int t = 0; t < c->n_tops; t++) {
        int s = HS_LIT_NODE(c->top[t]);
        d->last[s] = ++d->date;
        if (d->first[s])
            continue;
        d->first[s] = d->date;
        if (hs_circ_is_gate(c, s))
            walk_gate(c, d, s);
        else
            d->leave[s] = d->date;
    }
}

/* lo/hi: earliest first visit and latest last visit below each gate; a
 * gate is a module (MOD) when both fall within its own visit. */
static void judge_modules(const hs_circuit *c, const dates *d, int *lo, int *hi, char *mod)
{
    for (int g = hs_circ_first_gate(c); g < c->n_nodes; g++) {
        if (!d->first[g])
            continue; /* unreachable (cannot happen after compaction) */
        const hs_circ_gate *cg = hs_circ_gate_of(c, g);
        int l = INT_MAX, h = 0;
        for (int i = 0; i < cg->n; i++) {
            int x = HS_LIT_NODE(c->in[cg->first + i]);
            if (d->first[x] < l)
                l = d->first[x];
            if (d->last[x] > h)
                h = d->last[x];
            if (hs_circ_is_gate(c, x)) {
                if (lo[x] < l)
                    l = lo[x];
                if (hi[x] > h)
                    h = hi[x];
            }
        }
        lo[g] = l;
        hi[g] = h;
        mod[g] = l > d->first[g] && h < d->leave[g];
    }
}

int hs_circuit_modules(const hs_circuit *c, char **is_module, hs_error *err)
{
    int rc = -1;
    size_t nn = (size_t)c->n_nodes + 1;
    dates d = {.first = calloc(nn, sizeof *d.first),
               .leave = calloc(nn, sizeof *d.leave),
               .last = calloc(nn, sizeof *d.last),
               .stack = malloc(nn * sizeof *d.stack),
               .pos = malloc(nn * sizeof *d.pos)};
    int *lo = malloc(nn * sizeof *lo);
    int *hi = malloc(nn * sizeof *hi);
    char *mod = calloc(nn, 1);
    if (!d.first || !d.leave || !d.last || !d.stack || !d.pos || !lo || !hi || !mod) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    walk_tops(c, &d);
    judge_modules(c, &d, lo, hi, mod);
    *is_module = mod;
    mod = NULL;
    rc = 0;
out:
    free(d.first);
    free(d.leave);
    free(d.last);
    free(d.stack);
    free(d.pos);
    free(lo);
    free(hi);
    free(mod);
    return rc;
}
