/* rolling.c — an order for taking components down one at a time.
 *
 * Every step has exactly one maintained component down (plus whatever the
 * live state has down), so whether a step is safe does not depend on the
 * order — except through members that are DOWN already: they are
 * maintained first, while they are down anyway, and the later steps assume
 * them back UP. The remaining freedom is used by a documented rule: the
 * least risky step first, so a patch that breaks its host shows up where it
 * hurts least, and the most exposed step comes last, once the patch has
 * proven itself. The total risk is the same for every order. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "plan/internal.h"

static void step_free(struct hs_plan_step *st, size_t nsv)
{
    for (size_t s = 0; st->sv && s < nsv; s++)
        free(st->sv[s].completers);
    free(st->sv);
    free(st->unknown);
    memset(st, 0, sizeof *st);
}

void hs_plan_free(struct hs_plan *p)
{
    for (size_t i = 0; p->steps && i < p->nsteps; i++)
        step_free(&p->steps[i], p->nsv);
    free(p->steps);
    memset(p, 0, sizeof *p);
}

/* below min: -1 (cannot fail) never is */
static int below(int margin, int min)
{
    return margin >= 0 && margin < min;
}

static int riskier(double a, double b)
{
    return a > b + 1e-9 * b + 1e-300;
}

/* Add to the step's unknown components those of U (NU) it lacks yet. 0,
 * or -1 when out of memory. */
static int add_unknowns(struct hs_plan_step *st, const int *u, int nu)
{
    for (int k = 0; k < nu; k++) {
        int dup = 0;
        for (int j = 0; j < st->nunknown; j++)
            dup |= st->unknown[j] == u[k];
        if (dup)
            continue;
        int *grown = realloc(st->unknown, (size_t)(st->nunknown + 1) * sizeof *grown);
        if (!grown)
            return -1;
        st->unknown = grown;
        st->unknown[st->nunknown++] = u[k];
    }
    return 0;
}

/* Evaluate one step: base states with st->comp down. */
static int eval_step(const struct hs_live *lv, const hs_bdd *bdd, enum hs_live_state *states,
                     double *q, const struct hs_plan_opts *o, struct hs_plan_step *st)
{
    int hi = HS_PLAN_OK, lo = HS_PLAN_OK, blocked = 0, unsure = 0;
    st->sv = calloc(lv->nservices + 1, sizeof *st->sv);
    if (!st->sv)
        return -1;
    states[st->comp] = HS_LIVE_DOWN;
    hs_plan_step_q(lv, states, o->duration, q);
    st->risk = 0;
    for (size_t s = 0; s < lv->nservices; s++) {
        struct hs_plan_svc *v = &st->sv[s];
        double sum = 0;
        hs_plan_nearest(lv, s, states, &v->margin, &v->margin_low, &v->cut);
        v->below = below(v->margin, o->min_margin) || below(v->margin_low, o->min_margin);
        blocked |= below(v->margin, o->min_margin);
        unsure |= below(v->margin_low, o->min_margin);
        hi = hs_plan_margin_verdict(v->margin) > hi ? hs_plan_margin_verdict(v->margin) : hi;
        lo =
            hs_plan_margin_verdict(v->margin_low) > lo ? hs_plan_margin_verdict(v->margin_low) : lo;
        v->completers = calloc(lv->ncomps + 1, sizeof *v->completers);
        if (!v->completers)
            return -1;
        v->ncompleters = hs_plan_completers(lv, s, states, v->completers);
        for (int k = 0; k < v->ncompleters; k++)
            sum += lv->comps[v->completers[k]].lambda;
        v->risk_first = v->margin == 0 ? 1.0 : -expm1(-sum * o->duration);
        v->risk = hs_bdd_probability(bdd, (int)s, q);
        if (v->risk > st->risk)
            st->risk = v->risk;
        if (below(v->margin_low, o->min_margin) && !below(v->margin, o->min_margin)) {
            int *u = NULL, nu = 0, r;
            if (hs_plan_deciding_unknowns(lv, s, states, v->margin_low, &u, &nu) < 0)
                return -1;
            r = add_unknowns(st, u, nu);
            free(u);
            if (r < 0)
                return -1;
        }
    }
    st->status = blocked ? HS_PLAN_NONE : unsure ? HS_PLAN_UNKNOWN : HS_PLAN_OK;
    st->whatif = hi == lo ? hi : HS_PLAN_UNKNOWN;
    return 0;
}

/* Components in some cut of some service, up now, without a failure rate:
 * the risk figures count them as never failing. */
static int count_unrated(const struct hs_live *lv)
{
    int n = 0;
    for (size_t i = 0; i < lv->ncomps; i++) {
        int used = 0;
        if (lv->comps[i].lambda > 0 || lv->comps[i].state == HS_LIVE_DOWN)
            continue;
        for (size_t s = 0; s < lv->nservices && !used; s++)
            for (long k = 0; k < hs_live_ncuts(lv, s) && !used; k++)
                for (int e = 0; e < hs_live_cut_size(lv, s, k); e++)
                    used |= hs_live_cut_event(lv, s, k, e) == (int)i;
        n += used;
    }
    return n;
}

/* Why the plan cannot be made (-1 + err): a bad step duration or margin,
 * or a member listed twice; 0 when it can. */
static int check_request(const struct hs_live *lv, const int *members, size_t n,
                         const struct hs_plan_opts *o, hs_error *err)
{
    if (!(o->duration > 0) || !isfinite(o->duration) || o->min_margin < 0) {
        hs_error_set(err, "a step needs a duration > 0 hours and a min margin >= 0");
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (members[i] == members[j]) {
                hs_error_set(err, "component '%s' is listed twice", lv->comps[members[i]].name);
                return -1;
            }
    return 0;
}

/* What the steps of one plan share while they are evaluated. */
struct roll {
    const struct hs_live *lv;
    const hs_bdd *bdd;
    const struct hs_plan_opts *o;
    enum hs_live_state *base;   /* live states, members maintained assumed back UP */
    enum hs_live_state *states; /* scratch: base with the step's component down */
    double *q;                  /* scratch: the step's probabilities */
};

/* Append to P the steps of the members that are DOWN now (DOWN_NOW) or
 * not, in the given order. 0, or -1 when out of memory. */
static int add_steps(struct roll *rl, const int *members, size_t n, int down_now, struct hs_plan *p)
{
    const struct hs_live *lv = rl->lv;
    for (size_t i = 0; i < n; i++) {
        struct hs_plan_step *st;
        if ((lv->comps[members[i]].state == HS_LIVE_DOWN) != down_now)
            continue;
        st = &p->steps[p->nsteps++];
        st->comp = members[i];
        st->already_down = down_now;
        memcpy(rl->states, rl->base, lv->ncomps * sizeof *rl->states);
        if (eval_step(lv, rl->bdd, rl->states, rl->q, rl->o, st) < 0)
            return -1;
        if (down_now)
            rl->base[members[i]] = HS_LIVE_UP; /* assumed back after its step */
    }
    return 0;
}

/* Stable insertion sort of the steps from FIRST on by risk: ties (equal up
 * to rounding, which differs with the BDD's variable order) keep the given
 * order. */
static void sort_by_risk(struct hs_plan *p, size_t first)
{
    for (size_t i = first + 1; i < p->nsteps; i++) {
        struct hs_plan_step t = p->steps[i];
        size_t j = i;
        while (j > first && riskier(p->steps[j - 1].risk, t.risk)) {
            p->steps[j] = p->steps[j - 1];
            j--;
        }
        p->steps[j] = t;
    }
}

/* The plan's total risk and verdict from its steps. */
static void plan_verdict(struct hs_plan *p)
{
    double ok = 1.0;
    int blocked = 0, unsure = 0;
    for (size_t i = 0; i < p->nsteps; i++) {
        ok *= 1.0 - p->steps[i].risk;
        blocked |= p->steps[i].status == HS_PLAN_NONE;
        unsure |= p->steps[i].status == HS_PLAN_UNKNOWN;
    }
    p->total_risk = 1.0 - ok;
    p->verdict = blocked ? HS_PLAN_NONE : unsure ? HS_PLAN_UNKNOWN : HS_PLAN_OK;
}

int hs_plan_rolling(const struct hs_live *lv, const int *members, size_t n,
                    const struct hs_plan_opts *o, struct hs_plan *p, hs_error *err)
{
    struct roll rl = {.lv = lv, .o = o};
    hs_bdd *bdd = NULL;
    hs_error merr;
    int rc = -1;

    memset(p, 0, sizeof *p);
    p->opts = *o;
    p->nsv = lv->nservices;
    if (check_request(lv, members, n, o, err) < 0)
        return -1;
    rl.base = calloc(lv->ncomps + 1, sizeof *rl.base);
    rl.states = calloc(lv->ncomps + 1, sizeof *rl.states);
    rl.q = calloc(lv->ncomps + 1, sizeof *rl.q);
    p->steps = calloc(n + 1, sizeof *p->steps);
    if (!rl.base || !rl.states || !rl.q || !p->steps)
        goto oom;
    hs_error_clear(&merr);
    if (hs_bdd_build(lv->model, NULL, &bdd, &merr) < 0) {
        hs_error_set(err, "%s", merr.msg);
        goto out;
    }
    rl.bdd = bdd;
    for (size_t i = 0; i < lv->ncomps; i++)
        rl.base[i] = lv->comps[i].state;
    /* members down already: maintained first, in the given order */
    if (add_steps(&rl, members, n, 1, p) < 0)
        goto oom;
    size_t first = p->nsteps;
    if (add_steps(&rl, members, n, 0, p) < 0)
        goto oom;
    sort_by_risk(p, first);
    plan_verdict(p);
    p->unrated = count_unrated(lv);
    rc = 0;
    goto out;
oom:
    hs_error_set(err, "out of memory");
out:
    hs_bdd_free(bdd);
    free(rl.q);
    free(rl.states);
    free(rl.base);
    return rc;
}
