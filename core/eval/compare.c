/*
 * core/eval/compare.c — N architectures against a baseline: shared score
 * table with every file's overrides, consistency checks, differences.
 */
#include "eval/eval.h"
#include "eval/cfgutil.h"
#include "eval/uncertainty.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/progress.h"

void hs_comparison_free(hs_comparison *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->n_archs; i++)
        hs_eval_arch_clear(&c->archs[i]);
    free(c->archs);
    hs_tech_table_free(&c->techs);
    hs_uncertainty_free(c->unc);
    free(c);
}

/* Replaces *dst with a copy of SRC when SRC is set. */
static int take_str(char **dst, const char *src)
{
    char *d;
    if (!src)
        return 0;
    if (!(d = strdup(src)))
        return -1;
    free(*dst);
    *dst = d;
    return 0;
}

static bool differs(double given, double have)
{
    return !isnan(given) && given != have;
}

/* Applies one override to the table; FIRST[i] remembers which override
 * touched entry i first, so two files disagreeing is caught. */
static int apply_override(hs_tech_table *t, const hs_tech_override *o, const char **first,
                          hs_error *err)
{
    const hs_tech *x = &o->t;
    const hs_tech *cur = hs_tech_find(t, x->key);
    if (!cur) {
        if (!x->name || x->ha_class < 0 || isnan(x->chance) || isnan(x->risk) || isnan(x->maturity))
            return hs_error_fail(err, NULL, 0,
                                 "%s: technology '%s' has no "
                                 "default scores (no plugin, not in "
                                 "technologies.conf): give name, class, "
                                 "chance, risk and maturity",
                                 o->where, x->key);
        char src[600];
        snprintf(src, sizeof src, "override at %s", o->where);
        hs_tech e = *x;
        e.source = src;
        if (hs_tech_put(t, &e, err))
            return -1;
        first[t->n - 1] = o->where;
        return 0;
    }
    int i = (int)(cur - t->v);
    hs_tech *e = &t->v[i];
    if (first[i] &&
        (differs(x->chance, e->chance) || differs(x->risk, e->risk) ||
         differs(x->maturity, e->maturity) || (x->ha_class >= 0 && x->ha_class != e->ha_class)))
        return hs_error_fail(err, NULL, 0,
                             "%s: technology '%s' overridden "
                             "differently than at %s: the comparison needs "
                             "one set of scores",
                             o->where, x->key, first[i]);
    if (!isnan(x->chance))
        e->chance = x->chance;
    if (!isnan(x->risk))
        e->risk = x->risk;
    if (!isnan(x->maturity))
        e->maturity = x->maturity;
    if (x->ha_class >= 0)
        e->ha_class = x->ha_class;
    char src[700];
    snprintf(src, sizeof src, "%s; override at %s", e->source ? e->source : "", o->where);
    if (take_str(&e->name, x->name) || take_str(&e->chance_why, x->chance_why) ||
        take_str(&e->risk_why, x->risk_why) || take_str(&e->maturity_why, x->maturity_why) ||
        (!first[i] && take_str(&e->source, src)))
        return hs_error_fail(err, NULL, 0, "out of memory");
    if (!first[i])
        first[i] = o->where;
    return 0;
}

static int build_table(hs_comparison *c, hs_arch *const *archs, int n,
                       const hs_tech_table *defaults, hs_error *err)
{
    int total = defaults ? defaults->n : 0, rc = -1;
    const char **first;
    for (int a = 0; a < n; a++)
        total += archs[a]->n_overrides;
    first = calloc((size_t)total + 1, sizeof *first);
    if (!first || hs_tech_table_copy(&c->techs, defaults)) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    for (int a = 0; a < n; a++)
        for (int i = 0; i < archs[a]->n_overrides; i++)
            if (apply_override(&c->techs, &archs[a]->overrides[i], first, err))
                goto out;
    rc = 0;
out:
    free(first);
    return rc;
}

/* A candidate must be judged by the baseline's yardsticks. */
static int check_candidate(const hs_arch *base, const hs_arch *a, hs_error *err)
{
    const hs_model *bm = base->model, *m = a->model;
    for (int s = 0; s < bm->n_tops; s++) {
        int t = hs_model_find_top(m, bm->tops[s].name);
        if (t < 0)
            return hs_error_fail(err, a->file, 0,
                                 "no service '%s' (the "
                                 "baseline %s:%d has it): every candidate "
                                 "must model every baseline service",
                                 bm->tops[s].name, bm->tops[s].file, bm->tops[s].line);
        if (m->tops[t].importance != bm->tops[s].importance)
            return hs_error_fail(err, m->tops[t].file, m->tops[t].line,
                                 "service '%s' has importance %g, the "
                                 "baseline %g: importance comes from the "
                                 "users, not the architecture",
                                 bm->tops[s].name, m->tops[t].importance, bm->tops[s].importance);
    }
    for (int t = 0; t < m->n_tops; t++)
        if (hs_model_find_top(bm, m->tops[t].name) < 0)
            return hs_error_fail(err, m->tops[t].file, m->tops[t].line,
                                 "service '%s' is not in the baseline %s", m->tops[t].name,
                                 base->file);
    if (a->weights_given && memcmp(&a->weights, &base->weights, sizeof a->weights) != 0)
        return hs_error_fail(err, NULL, 0,
                             "%s: weights differ from the "
                             "baseline's (%s): the comparison uses one set",
                             a->weights_where,
                             base->weights_where ? base->weights_where : "defaults 1/1/1");
    if (a->rules_given && (a->n_rules != base->n_rules ||
                           memcmp(a->rules, base->rules, (size_t)a->n_rules * sizeof *a->rules)))
        return hs_error_fail(err, NULL, 0,
                             "%s: target rules differ from the "
                             "baseline's (%s)",
                             a->rules_where, base->rules_where ? base->rules_where : "defaults");
    return 0;
}

static const hs_eval_service *find_service(const hs_eval_arch *e, const char *name)
{
    for (int s = 0; s < e->n_services; s++)
        if (strcmp(e->services[s].name, name) == 0)
            return &e->services[s];
    return NULL;
}

static bool has_tech(const hs_eval_arch *e, const char *key)
{
    for (int t = 0; t < e->n_techs; t++)
        if (strcmp(e->techs[t].key, key) == 0)
            return true;
    return false;
}

static void differences(hs_comparison *c)
{
    const hs_eval_arch *base = &c->archs[0];
    for (int a = 0; a < c->n_archs; a++) {
        hs_eval_arch *e = &c->archs[a];
        bool added = false;
        e->diff_points = (e->weighted_availability - base->weighted_availability) * 100.0;
        for (int s = 0; s < e->n_services; s++) {
            hs_eval_service *sv = &e->services[s];
            const hs_eval_service *bs = find_service(base, sv->name);
            double d = sv->exact.availability - bs->exact.availability;
            sv->diff_points = d * 100.0;
            e->improved += d > HS_EVAL_GAIN_EPS;
            e->worsened += d < -HS_EVAL_GAIN_EPS;
        }
        for (int t = 0; t < e->n_techs; t++) {
            e->techs[t].added =
                a > 0 && strcmp(e->techs[t].key, "(none)") && !has_tech(base, e->techs[t].key);
            added |= e->techs[t].added;
        }
        e->adds_without_gain = added && e->improved == 0;
    }
}

int hs_eval_compare(hs_arch *const *archs, int n, const hs_tech_table *defaults,
                    const hs_eval_opts *o, hs_comparison **out, hs_error *err)
{
    hs_comparison *c = calloc(1, sizeof *c);
    hs_progress pr;
    int rc = -1;
    *out = NULL;
    if (!c)
        return hs_error_fail(err, NULL, 0, "out of memory");
    if (o)
        c->opts = *o;
    else
        hs_eval_opts_default(&c->opts);
    hs_progress_start(&pr, c->opts.progress, "compare");
    if (n < 1) {
        hs_error_fail(err, NULL, 0, "nothing to compare: give a baseline");
        goto out;
    }
    c->weights = archs[0]->weights;
    if (build_table(c, archs, n, defaults, err))
        goto out;
    for (int a = 1; a < n; a++)
        if (check_candidate(archs[0], archs[a], err))
            goto out;
    if (!(c->archs = calloc((size_t)n, sizeof *c->archs))) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    for (int a = 0; a < n; a++) {
        hs_progress_update(&pr, "architecture %d/%d: %s", a + 1, n, archs[a]->name);
        if (hs_eval_run(archs[a], &c->techs, &c->opts, NULL, &c->archs[a], err))
            goto out;
        c->n_archs++;
    }
    differences(c);
    hs_progress_end(&pr); /* the uncertainty analysis draws its own */
    if ((c->opts.samples > 0 || c->opts.explain) && hs_uncertainty_run(c, archs, n, &c->unc, err))
        goto out;
    *out = c;
    c = NULL;
    rc = 0;
out:
    hs_progress_end(&pr);
    hs_comparison_free(c);
    return rc;
}

int hs_eval_compare_files(char *const *paths, int n, const hs_tech_table *defaults,
                          const hs_eval_opts *o, hs_comparison **out, hs_error *err)
{
    hs_arch **archs = calloc((size_t)n + 1, sizeof *archs);
    int rc = -1, loaded = 0;
    *out = NULL;
    if (!archs)
        return hs_error_fail(err, NULL, 0, "out of memory");
    for (; loaded < n; loaded++)
        if (hs_arch_load_file(paths[loaded], &archs[loaded], err))
            goto out;
    rc = hs_eval_compare(archs, n, defaults, o, out, err);
out:
    for (int i = 0; i < loaded; i++)
        hs_arch_free(archs[i]);
    free(archs);
    return rc;
}
