/*
 * core/eval/tech.c — the technology score table: pure reader of
 * conf/technologies.conf, entries from plugin descriptors, composite score
 * and ranking per HA class.
 */
#include "eval/eval.h"
#include "eval/cfgutil.h"
#include "eval/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "abi/result.h"

void hs_tech_table_init(hs_tech_table *t)
{
    memset(t, 0, sizeof *t);
}

static void tech_clear(hs_tech *e)
{
    free(e->key);
    free(e->name);
    free(e->chance_why);
    free(e->risk_why);
    free(e->maturity_why);
    free(e->source);
    memset(e, 0, sizeof *e);
}

void hs_tech_table_free(hs_tech_table *t)
{
    for (int i = 0; i < t->n; i++)
        tech_clear(&t->v[i]);
    free(t->v);
    hs_spread_free_all(t);
    hs_tech_table_init(t);
}

/* strdup that keeps NULL; sets *oom on failure. */
static char *dup_or_null(const char *s, bool *oom)
{
    char *d;
    if (!s)
        return NULL;
    d = strdup(s);
    if (!d)
        *oom = true;
    return d;
}

static int tech_copy(hs_tech *d, const hs_tech *s)
{
    bool oom = false;
    *d = *s;
    d->key = dup_or_null(s->key, &oom);
    d->name = dup_or_null(s->name, &oom);
    d->chance_why = dup_or_null(s->chance_why, &oom);
    d->risk_why = dup_or_null(s->risk_why, &oom);
    d->maturity_why = dup_or_null(s->maturity_why, &oom);
    d->source = dup_or_null(s->source, &oom);
    if (oom) {
        tech_clear(d);
        return -1;
    }
    return 0;
}

int hs_tech_table_copy(hs_tech_table *dst, const hs_tech_table *src)
{
    hs_tech_table_init(dst);
    if (!src)
        return 0;
    if (hs_spread_copy_all(dst, src))
        return -1;
    if (src->n == 0)
        return 0;
    dst->v = calloc((size_t)src->n, sizeof *dst->v);
    if (!dst->v) {
        hs_tech_table_free(dst);
        return -1;
    }
    dst->cap = src->n;
    for (int i = 0; i < src->n; i++) {
        if (tech_copy(&dst->v[i], &src->v[i])) {
            hs_tech_table_free(dst);
            return -1;
        }
        dst->n++;
    }
    return 0;
}

static int find_index(const hs_tech_table *t, const char *key)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->v[i].key, key) == 0)
            return i;
    return -1;
}

const hs_tech *hs_tech_find(const hs_tech_table *t, const char *key)
{
    int i = t && key ? find_index(t, key) : -1;
    return i < 0 ? NULL : &t->v[i];
}

int hs_tech_put(hs_tech_table *t, const hs_tech *e, hs_error *err)
{
    hs_tech copy;
    int i = find_index(t, e->key);
    if (i < 0 && t->n == t->cap) {
        int cap = t->cap ? 2 * t->cap : 16;
        hs_tech *v = realloc(t->v, (size_t)cap * sizeof *v);
        if (!v)
            return hs_error_fail(err, NULL, 0, "out of memory");
        t->v = v;
        t->cap = cap;
    }
    if (tech_copy(&copy, e))
        return hs_error_fail(err, NULL, 0, "out of memory");
    if (i < 0)
        i = t->n++;
    else
        tech_clear(&t->v[i]);
    t->v[i] = copy;
    return 0;
}

/* One score (1..5) of an entry; must be present when REQUIRED. */
static int score_of(const config_setting_t *g, const char *key, bool required, double *out,
                    const char *file, hs_error *err)
{
    bool have;
    *out = NAN;
    if (hs_ecfg_number(g, key, out, &have, file, err))
        return -1;
    if (!have) {
        *out = NAN;
        return required ? hs_ecfg_fail(err, g, file, "technology entry without '%s'", key) : 0;
    }
    if (!(*out >= 1.0 && *out <= 5.0))
        return hs_ecfg_fail(err, config_setting_get_member(g, key), file,
                            "'%s' = %g is outside the 1..5 scale", key, *out);
    return 0;
}

int hs_tech_read_entry(const config_setting_t *g, const char *file, bool partial, hs_tech *e,
                       hs_error *err)
{
    static const char *const keys[] = {"key",          "name",     "class",      "chance",
                                       "risk",         "maturity", "chance_why", "risk_why",
                                       "maturity_why", "comment",  NULL};
    const char *cls;
    memset(e, 0, sizeof *e);
    e->ha_class = -1;
    if (hs_ecfg_keys(g, "a technology entry", keys, file, err) ||
        hs_ecfg_string(g, "key", (const char **)&e->key, file, err) ||
        hs_ecfg_string(g, "name", (const char **)&e->name, file, err) ||
        hs_ecfg_string(g, "class", &cls, file, err) ||
        hs_ecfg_string(g, "chance_why", (const char **)&e->chance_why, file, err) ||
        hs_ecfg_string(g, "risk_why", (const char **)&e->risk_why, file, err) ||
        hs_ecfg_string(g, "maturity_why", (const char **)&e->maturity_why, file, err))
        return -1;
    if (!e->key || !*e->key)
        return hs_ecfg_fail(err, g, file, "technology entry without a 'key'");
    if (!partial && (!e->name || !cls))
        return hs_ecfg_fail(err, g, file,
                            "technology '%s' needs 'name' and "
                            "'class'",
                            e->key);
    if (cls && (e->ha_class = hs_ecfg_class(cls)) < 0)
        return hs_ecfg_fail(err, config_setting_get_member(g, "class"), file,
                            "technology '%s': unknown class '%s' "
                            "(resource-monitor, load-balancer, "
                            "distributed-storage, distributed-database, "
                            "other)",
                            e->key, cls);
    if (score_of(g, "chance", !partial, &e->chance, file, err) ||
        score_of(g, "risk", !partial, &e->risk, file, err) ||
        score_of(g, "maturity", !partial, &e->maturity, file, err))
        return -1;
    return 0;
}

int hs_tech_load_text(hs_tech_table *t, const char *text, const char *file, bool keep_existing,
                      hs_error *err)
{
    config_t cfg;
    int rc = -1;
    config_init(&cfg);
    if (!file)
        file = "<technologies>";
    if (hs_model_cfg_include_dir(&cfg, file) < 0) {
        hs_error_fail(err, file, 0, "out of memory");
        goto out;
    }
    if (config_read_string(&cfg, text) != CONFIG_TRUE) {
        hs_error_fail(err, file, config_error_line(&cfg), "%s",
                      config_error_text(&cfg) ? config_error_text(&cfg) : "syntax error");
        goto out;
    }
    const config_setting_t *l = config_lookup(&cfg, "technologies");
    if (!l || !config_setting_is_list(l)) {
        hs_ecfg_fail(err, l, file,
                     "expected 'technologies = ( { key = ...; "
                     "}, ... );'");
        goto out;
    }
    const config_setting_t *ru = config_lookup(&cfg, "rate_uncertainty");
    if (ru && hs_spread_load(t, ru, file, keep_existing, err))
        goto out;
    for (int i = 0; i < config_setting_length(l); i++) {
        const config_setting_t *g = config_setting_get_elem(l, (unsigned)i);
        hs_tech e;
        char *where = NULL;
        if (hs_tech_read_entry(g, file, false, &e, err))
            goto out;
        for (int j = 0; j < i; j++) {
            const char *k = NULL;
            config_setting_lookup_string(config_setting_get_elem(l, (unsigned)j), "key", &k);
            if (k && strcmp(k, e.key) == 0) {
                hs_ecfg_fail(err, g, file, "technology '%s' listed twice", e.key);
                goto out;
            }
        }
        if (keep_existing && find_index(t, e.key) >= 0)
            continue;
        where = hs_ecfg_where(g, file);
        if (!where) {
            hs_error_fail(err, NULL, 0, "out of memory");
            goto out;
        }
        e.source = where;
        int r = hs_tech_put(t, &e, err);
        free(where);
        if (r)
            goto out;
    }
    rc = 0;
out:
    config_destroy(&cfg);
    return rc;
}

double hs_tech_score(const hs_tech *t, const hs_eval_weights *w)
{
    return t->chance * w->chance - t->risk * w->risk + t->maturity * w->maturity;
}

/* Scores are computed once per sort, not per comparison. */
typedef struct rank_item {
    const hs_tech *t;
    double score;
    int index;
} rank_item;

static int rank_cmp(const void *a, const void *b)
{
    const rank_item *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->t->maturity != y->t->maturity)
        return x->t->maturity > y->t->maturity ? -1 : 1;
    return strcmp(x->t->key, y->t->key);
}

int hs_tech_rank(const hs_tech_table *t, int cls, const hs_eval_weights *w, int *order)
{
    rank_item *items;
    int n = 0;
    if (t->n == 0)
        return 0;
    items = calloc((size_t)t->n, sizeof *items);
    if (!items)
        return -1;
    for (int i = 0; i < t->n; i++)
        if (t->v[i].ha_class == cls)
            items[n++] = (rank_item){&t->v[i], hs_tech_score(&t->v[i], w), i};
    qsort(items, (size_t)n, sizeof *items, rank_cmp);
    for (int i = 0; i < n; i++)
        order[i] = items[i].index;
    free(items);
    return n;
}
