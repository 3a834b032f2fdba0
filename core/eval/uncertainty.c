/*
 * core/eval/uncertainty.c — binds every architecture's components to the
 * shared uncertain inputs (uncertainty.h says how they are matched), builds
 * each BDD once, evaluates one architecture per draw, and runs the analyses
 * the options ask for.
 */
#include "eval/unc_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const param_name[3] = {"q", "mttf", "mttr"};

void hs_uncertainty_free(hs_uncertainty *u)
{
    if (!u)
        return;
    for (int i = 0; i < u->n_inputs; i++)
        free(u->inputs[i].key);
    free(u->inputs);
    for (int a = 0; a < u->n_archs; a++) {
        hs_unc_arch *x = &u->archs[a];
        free(x->avail);
        free(x->gain);
        free(x->p_beats_base);
        free(x->p_beats);
        free(x->bars);
    }
    free(u->archs);
    free(u);
}

/* Index of input KEY in U, added when new; -1 when out of memory. */
static int input_of(hs_uncertainty *u, const char *who, int p, bool shared)
{
    char key[512];
    snprintf(key, sizeof key, "%s %s", who, param_name[p]);
    for (int i = 0; i < u->n_inputs; i++)
        if (u->inputs[i].shared == shared && strcmp(u->inputs[i].key, key) == 0)
            return i;
    hs_unc_input *v = realloc(u->inputs, ((size_t)u->n_inputs + 1) * sizeof *v);
    if (!v)
        return -1;
    u->inputs = v;
    if (!(v[u->n_inputs].key = strdup(key)))
        return -1;
    v[u->n_inputs].shared = shared;
    return u->n_inputs++;
}

static bool base_has(const hs_model *base, const hs_model_node *n)
{
    for (int e = 0; e < base->n_events; e++) {
        const hs_model_node *b = &base->nodes[base->events[e]];
        if (n->technology ? b->technology && strcmp(b->technology, n->technology) == 0
                          : strcmp(b->name, n->name) == 0)
            return true;
    }
    return false;
}

/* The inputs of event E (model node N): its own distributions first, else
 * its technology's spread on an MTTF/MTTR component. */
static int bind_event(const hs_tech_table *tt, const hs_model_node *n, unc_event *e,
                      hs_uncertainty *u)
{
    const hs_dist *own[3] = {&n->u_q, &n->u_mttf, &n->u_mttr};
    bool rates = n->lambda > 0 && n->mu > 0 && n->exp_t == 0 && !n->u_q.kind;
    const hs_rate_spread *sp = rates ? hs_spread_find(tt, n->technology) : NULL;
    e->n = (hs_model_node){.q = n->q,
                           .lambda = n->lambda,
                           .mu = n->mu,
                           .exp_t = n->exp_t,
                           .u_q = n->u_q,
                           .u_mttf = n->u_mttf,
                           .u_mttr = n->u_mttr};
    for (int p = 0; p < 3; p++) {
        e->in[p] = -1;
        if (own[p]->kind) {
            if ((e->in[p] = input_of(u, n->name, p, false)) < 0)
                return -1;
            continue;
        }
        const hs_dist *d = !sp ? NULL : p == HS_UNC_MTTF ? &sp->mttf : &sp->mttr;
        if (p == HS_UNC_Q || !d || !d->kind)
            continue;
        hs_dist *dst = p == HS_UNC_MTTF ? &e->n.u_mttf : &e->n.u_mttr;
        *dst = *d;
        hs_dist_scale(dst, p == HS_UNC_MTTF ? 1.0 / n->lambda : 1.0 / n->mu);
        if ((e->in[p] = input_of(u, n->technology, p, true)) < 0)
            return -1;
    }
    return 0;
}

static int bind_arch(const hs_comparison *c, const hs_arch *a, const hs_model *base, unc_arch *x,
                     hs_uncertainty *u, hs_error *err)
{
    const hs_model *m = a->model;
    x->n_events = m->n_events;
    x->ev = calloc((size_t)m->n_events + 1, sizeof *x->ev);
    x->top = calloc((size_t)base->n_tops + 1, sizeof *x->top);
    if (!x->ev || !x->top)
        return hs_error_fail(err, NULL, 0, "out of memory");
    for (int ev = 0; ev < m->n_events; ev++) {
        const hs_model_node *n = &m->nodes[m->events[ev]];
        if (bind_event(&c->techs, n, &x->ev[ev], u))
            return hs_error_fail(err, NULL, 0, "out of memory");
        x->ev[ev].in_base = base_has(base, n);
    }
    /* check_candidate() made sure every baseline service is there */
    for (int s = 0; s < base->n_tops; s++)
        x->top[s] = hs_model_find_top(m, base->tops[s].name);
    hs_bdd_opts bo = {.progress = c->opts.progress};
    return hs_bdd_build(m, &bo, &x->b, err) ? -1 : 0;
}

/* Q of event E at draws U (NULL: stated values, scaled by SF and SR when
 * the event is the baseline's). */
static double event_q(const unc_event *e, const double *u, double sf, double sr)
{
    const hs_model_node *n = &e->n;
    if (u) {
        double d[3];
        for (int p = 0; p < 3; p++)
            d[p] = e->in[p] >= 0 ? u[e->in[p]] : 0.5;
        return hs_model_event_q(n, d[0], d[1], d[2]);
    }
    if (!e->in_base || (sf == 1.0 && sr == 1.0) || !(n->lambda > 0))
        return n->q;
    if (n->exp_t > 0)
        return -expm1(-n->lambda * sf * n->exp_t);
    if (!(n->mu > 0))
        return n->q;
    double f = 1.0 / (n->lambda * sf), r = sr / n->mu;
    return r / (f + r);
}

void hs_unc_eval(const unc_ctx *c, int a, const double *u, double sf, double sr, double *q,
                 double *avail)
{
    const unc_arch *x = &c->a[a];
    double w = 0;
    for (int ev = 0; ev < x->n_events; ev++)
        q[ev] = event_q(&x->ev[ev], u, sf, sr);
    for (int s = 0; s < c->n_services; s++) {
        avail[s] = 1.0 - hs_bdd_probability(x->b, x->top[s], q);
        w += c->weight[s] * avail[s];
    }
    avail[c->n_services] = w;
}

static void ctx_free(unc_ctx *c)
{
    for (int a = 0; c->a && a < c->n_archs; a++) {
        hs_bdd_free(c->a[a].b);
        free(c->a[a].ev);
        free(c->a[a].top);
    }
    free(c->a);
    free((double *)c->weight);
}

/* The candidate with the largest weighted gain at the stated values. */
static int best_candidate(const hs_comparison *c)
{
    int best = c->n_archs > 1 ? 1 : 0;
    for (int a = 2; a < c->n_archs; a++)
        if (c->archs[a].diff_points > c->archs[best].diff_points)
            best = a;
    return best;
}

static int bind_all(const hs_comparison *c, hs_arch *const *archs, int n, unc_ctx *x,
                    hs_uncertainty *u, hs_error *err)
{
    double *w = calloc((size_t)c->archs[0].n_services + 1, sizeof *w);
    x->weight = w;
    x->n_services = c->archs[0].n_services;
    x->a = calloc((size_t)n, sizeof *x->a);
    if (!w || !x->a)
        return hs_error_fail(err, NULL, 0, "out of memory");
    for (int s = 0; s < x->n_services; s++)
        w[s] = c->archs[0].services[s].weight;
    for (int a = 0; a < n; a++) {
        x->n_archs++;
        if (bind_arch(c, archs[a], archs[0]->model, &x->a[a], u, err))
            return -1;
        if (archs[a]->model->n_events > x->max_events)
            x->max_events = archs[a]->model->n_events;
    }
    x->inputs = u->inputs;
    x->n_inputs = u->n_inputs;
    return 0;
}

int hs_uncertainty_run(const hs_comparison *c, hs_arch *const *archs, int n, hs_uncertainty **out,
                       hs_error *err)
{
    hs_uncertainty *u = calloc(1, sizeof *u);
    unc_ctx x = {0};
    int rc = -1;
    *out = NULL;
    if (!u || !(u->archs = calloc((size_t)n, sizeof *u->archs))) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    u->n_archs = n;
    u->seed = c->opts.seed;
    if (bind_all(c, archs, n, &x, u, err))
        goto out;
    u->n_services = x.n_services;
    if (c->opts.samples > 0 && (hs_unc_sample(&x, &c->opts, u, err) || hs_unc_tornado(&x, u, err)))
        goto out;
    if (c->opts.explain && n > 1 &&
        hs_unc_explain_run(&x, best_candidate(c), c->opts.explain_points, &u->explain, err))
        goto out;
    *out = u;
    u = NULL;
    rc = 0;
out:
    ctx_free(&x);
    hs_uncertainty_free(u);
    return rc;
}
