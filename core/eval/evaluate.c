/*
 * core/eval/evaluate.c — one architecture: exact service figures from the
 * BDD, component requirements, technology contributions, then Monte Carlo.
 */
#include "eval/eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/bdd.h"
#include "model/progress.h"

void hs_eval_opts_default(hs_eval_opts *o)
{
    memset(o, 0, sizeof *o);
    o->simulate = true;
    o->years = HS_EVAL_DEFAULT_YEARS;
    o->replications = HS_EVAL_DEFAULT_REPLICATIONS;
    o->seed = HS_EVAL_DEFAULT_SEED;
}

void hs_eval_arch_clear(hs_eval_arch *e)
{
    if (!e)
        return;
    free(e->file);
    free(e->name);
    free(e->description);
    for (int i = 0; i < e->n_services; i++) {
        free(e->services[i].name);
        free(e->services[i].description);
        free(e->services[i].sim_note);
    }
    free(e->services);
    for (int i = 0; i < e->n_components; i++) {
        free(e->components[i].name);
        free(e->components[i].technology);
    }
    free(e->components);
    for (int i = 0; i < e->n_techs; i++)
        free(e->techs[i].key);
    free(e->techs);
    memset(e, 0, sizeof *e);
}

static const char *tech_of(const hs_model *m, int ev)
{
    const char *t = m->nodes[m->events[ev]].technology;
    return t && *t ? t : "(none)";
}

/* Fills e->techs with the distinct technologies of the model's events and
 * ev_tech[event] with each event's index into it. */
static int collect_techs(const hs_model *m, const hs_tech_table *tt, hs_eval_arch *e, int *ev_tech)
{
    e->techs = calloc((size_t)m->n_events + 1, sizeof *e->techs);
    if (!e->techs)
        return -1;
    for (int ev = 0; ev < m->n_events; ev++) {
        const char *k = tech_of(m, ev);
        int t;
        for (t = 0; t < e->n_techs; t++)
            if (strcmp(e->techs[t].key, k) == 0)
                break;
        if (t == e->n_techs) {
            if (!(e->techs[t].key = strdup(k)))
                return -1;
            e->techs[t].tech = -1;
            if (tt) {
                const hs_tech *x = hs_tech_find(tt, k);
                e->techs[t].tech = x ? (int)(x - tt->v) : -1;
            }
            e->n_techs++;
        }
        e->techs[t].n_components++;
        ev_tech[ev] = t;
    }
    return 0;
}

static int copy_header(const hs_arch *a, hs_eval_arch *e)
{
    const hs_model *m = a->model;
    double sum = 0;
    e->file = strdup(a->file);
    e->name = strdup(a->name);
    e->description = a->description ? strdup(a->description) : NULL;
    e->services = calloc((size_t)m->n_tops + 1, sizeof *e->services);
    e->components = calloc((size_t)m->n_events + 1, sizeof *e->components);
    if (!e->file || !e->name || (a->description && !e->description) || !e->services ||
        !e->components)
        return -1;
    for (int s = 0; s < m->n_tops; s++)
        sum += m->tops[s].importance;
    for (int s = 0; s < m->n_tops; s++) {
        hs_eval_service *sv = &e->services[s];
        const hs_model_top *t = &m->tops[s];
        e->n_services++;
        if (!(sv->name = strdup(t->name)) ||
            (t->description && !(sv->description = strdup(t->description))))
            return -1;
        sv->importance = t->importance;
        sv->weight = sum > 0 ? t->importance / sum : 0;
        sv->target_explicit = !isnan(t->target);
        sv->target = sv->target_explicit ? t->target : hs_arch_target_for(a, t->importance);
    }
    for (int ev = 0; ev < m->n_events; ev++) {
        hs_eval_component *c = &e->components[ev];
        const hs_model_node *n = &m->nodes[m->events[ev]];
        e->n_components++;
        if (!(c->name = strdup(n->name)) ||
            (n->technology && !(c->technology = strdup(n->technology))))
            return -1;
        c->required = NAN;
        c->binding_service = -1;
    }
    return 0;
}

/* Tightens component EV's requirement by service S (probability P,
 * Birnbaum B, component unavailability QI, target T). */
static void require(hs_eval_component *c, int s, double p, double b, double qi, double t)
{
    if (!(b > 0) || isnan(t) || c->req_status == HS_REQ_UNREACHABLE)
        return;
    double p0 = p - qi * b; /* P(top | component perfect) */
    double allowed_q = (1.0 - t - p0) / b;
    if (allowed_q < -1e-12) {
        c->req_status = HS_REQ_UNREACHABLE;
        c->required = NAN;
        c->binding_service = s;
        return;
    }
    double need = 1.0 - (allowed_q > 1 ? 1 : allowed_q < 0 ? 0 : allowed_q);
    if (c->req_status == HS_REQ_NONE || need > c->required) {
        c->required = need;
        c->binding_service = s;
    }
    c->req_status = HS_REQ_MET; /* decided against A after all services */
}

/* Exact phase: one BDD for all services. */
static int exact_phase(const hs_arch *a, const double *q, const int *ev_tech, bool progress,
                       hs_eval_arch *e, hs_error *err)
{
    const hs_model *m = a->model;
    hs_bdd_opts bo = {.progress = progress};
    hs_bdd *b = NULL;
    hs_importance *imp = calloc((size_t)m->n_events + 1, sizeof *imp);
    double *qt = malloc(((size_t)m->n_events + 1) * sizeof *qt);
    int rc = -1;
    if (!imp || !qt) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    if (hs_bdd_build(m, &bo, &b, err))
        goto out;
    for (int s = 0; s < e->n_services; s++) {
        hs_eval_service *sv = &e->services[s];
        double p;
        if (hs_steady_compute(b, s, q, &sv->exact, err) ||
            hs_importance_compute(b, s, q, &p, imp, err))
            goto out;
        sv->meets_target = isnan(sv->target) || sv->exact.availability >= sv->target;
        for (int ev = 0; ev < m->n_events; ev++) {
            require(&e->components[ev], s, p, imp[ev].birnbaum, q[ev], sv->target);
            e->techs[ev_tech[ev]].birnbaum += sv->weight * imp[ev].birnbaum;
        }
        for (int t = 0; t < e->n_techs; t++) {
            memcpy(qt, q, (size_t)m->n_events * sizeof *qt);
            for (int ev = 0; ev < m->n_events; ev++)
                if (ev_tech[ev] == t)
                    qt[ev] = 0.0;
            double pt = hs_bdd_probability(b, s, qt);
            if (p > 0)
                e->techs[t].fv += sv->weight * (p - pt) / p;
            e->techs[t].gain_points += sv->weight * (p - pt) * 100.0;
        }
        e->weighted_availability += sv->weight * sv->exact.availability;
        e->weighted_downtime_h += sv->weight * sv->exact.downtime_min_per_year / 60.0;
    }
    for (int ev = 0; ev < m->n_events; ev++) {
        hs_eval_component *c = &e->components[ev];
        c->availability = 1.0 - q[ev];
        if (c->req_status == HS_REQ_MET && c->availability < c->required)
            c->req_status = HS_REQ_SHORT;
    }
    rc = 0;
out:
    hs_bdd_free(b);
    free(imp);
    free(qt);
    return rc;
}

static int sim_phase(const hs_arch *a, const hs_eval_opts *o, const signed char *force,
                     hs_eval_arch *e, hs_error *err)
{
    for (int s = 0; s < e->n_services; s++) {
        hs_eval_service *sv = &e->services[s];
        hs_sim_opts so = {o->years, o->replications, o->seed, o->threads, o->progress, force};
        hs_error serr = {0};
        /* a model with fixed-availability components has no rates to
         * simulate: the exact figures stand, the note says why */
        if (hs_sim_run(a->model, s, &so, &sv->sim, &serr)) {
            if (!(sv->sim_note = strdup(serr.msg)))
                return hs_error_fail(err, NULL, 0, "out of memory");
            continue;
        }
        sv->sim_done = true;
    }
    return 0;
}

static int gain_cmp(const void *x, const void *y)
{
    const hs_eval_tech_use *a = x, *b = y;
    if (a->gain_points != b->gain_points)
        return a->gain_points > b->gain_points ? -1 : 1;
    return strcmp(a->key, b->key);
}

int hs_eval_run(const hs_arch *a, const hs_tech_table *techs, const hs_eval_opts *o,
                const signed char *force, hs_eval_arch *out, hs_error *err)
{
    const hs_model *m = a->model;
    hs_eval_opts def;
    double *q = calloc((size_t)m->n_events + 1, sizeof *q);
    int *ev_tech = calloc((size_t)m->n_events + 1, sizeof *ev_tech);
    int rc = -1;
    memset(out, 0, sizeof *out);
    if (!o) {
        hs_eval_opts_default(&def);
        o = &def;
    }
    if (!q || !ev_tech || copy_header(a, out) || collect_techs(m, techs, out, ev_tech)) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    if (hs_model_default_q(m, q, err))
        goto out;
    for (int ev = 0; force && ev < m->n_events; ev++)
        if (force[ev] >= 0)
            q[ev] = force[ev] ? 1.0 : 0.0;
    double t0 = hs_progress_now();
    if (exact_phase(a, q, ev_tech, o->progress, out, err))
        goto out;
    double t1 = hs_progress_now();
    if (o->simulate && sim_phase(a, o, force, out, err))
        goto out;
    out->exact_s = t1 - t0;
    out->sim_s = hs_progress_now() - t1;
    qsort(out->techs, (size_t)out->n_techs, sizeof *out->techs, gain_cmp);
    rc = 0;
out:
    if (rc)
        hs_eval_arch_clear(out);
    free(q);
    free(ev_tech);
    return rc;
}
