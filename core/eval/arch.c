/*
 * core/eval/arch.c — reading an architecture file: the model (through
 * core/model's reader) plus the `evaluation` group. Pure except for
 * hs_arch_load_file().
 */
#include "eval/eval.h"
#include "eval/cfgutil.h"
#include "eval/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void hs_arch_free(hs_arch *a)
{
    if (!a)
        return;
    free(a->file);
    free(a->name);
    free(a->description);
    hs_model_free(a->model);
    free(a->rules);
    free(a->rules_where);
    free(a->weights_where);
    for (int i = 0; i < a->n_overrides; i++) {
        hs_tech *t = &a->overrides[i].t;
        free(t->key);
        free(t->name);
        free(t->chance_why);
        free(t->risk_why);
        free(t->maturity_why);
        free(a->overrides[i].where);
    }
    free(a->overrides);
    free(a);
}

double hs_arch_target_for(const hs_arch *a, double imp)
{
    double t = NAN;
    for (int i = 0; i < a->n_rules; i++)
        if (a->rules[i].importance <= imp)
            t = a->rules[i].availability;
    return t;
}

static int oom(hs_error *err)
{
    return hs_error_fail(err, NULL, 0, "out of memory");
}

static int set_default_rules(hs_arch *a, hs_error *err)
{
    static const hs_target_rule def[] = HS_EVAL_DEFAULT_RULES;
    a->n_rules = (int)(sizeof def / sizeof def[0]);
    a->rules = malloc(sizeof def);
    if (!a->rules)
        return oom(err);
    memcpy(a->rules, def, sizeof def);
    return 0;
}

static int rule_cmp(const void *x, const void *y)
{
    const hs_target_rule *a = x, *b = y;
    return (a->importance > b->importance) - (a->importance < b->importance);
}

static int parse_rules(hs_arch *a, const config_setting_t *l, const char *file, hs_error *err)
{
    static const char *const keys[] = {"importance", "availability", "comment", NULL};
    int n = config_setting_length(l);
    if (!config_setting_is_list(l) || n == 0)
        return hs_ecfg_fail(err, l, file,
                            "'targets' must be a non-empty "
                            "list ( { importance = 4.5; availability = "
                            "0.9999; }, ... )");
    a->rules = calloc((size_t)n, sizeof *a->rules);
    if (!a->rules || !(a->rules_where = hs_ecfg_where(l, file)))
        return oom(err);
    for (int i = 0; i < n; i++) {
        const config_setting_t *g = config_setting_get_elem(l, (unsigned)i);
        hs_target_rule *r = &a->rules[i];
        bool hi, ha;
        if (hs_ecfg_keys(g, "a target rule", keys, file, err) ||
            hs_ecfg_number(g, "importance", &r->importance, &hi, file, err) ||
            hs_ecfg_number(g, "availability", &r->availability, &ha, file, err))
            return -1;
        if (!hi || !ha)
            return hs_ecfg_fail(err, g, file,
                                "a target rule needs "
                                "'importance' and 'availability'");
        if (r->importance < 0)
            return hs_ecfg_fail(err, g, file,
                                "target rule: importance %g "
                                "is negative",
                                r->importance);
        if (!(r->availability > 0 && r->availability <= 1))
            return hs_ecfg_fail(err, g, file,
                                "target rule: availability %g "
                                "must be in (0, 1] (a fraction, not percent)",
                                r->availability);
        for (int j = 0; j < i; j++)
            if (a->rules[j].importance == r->importance)
                return hs_ecfg_fail(err, g, file,
                                    "target rule: importance "
                                    "%g given twice",
                                    r->importance);
        a->n_rules++;
    }
    qsort(a->rules, (size_t)n, sizeof *a->rules, rule_cmp);
    for (int i = 1; i < n; i++)
        if (a->rules[i].availability < a->rules[i - 1].availability)
            return hs_ecfg_fail(err, l, file,
                                "target rules make no sense: "
                                "importance %g gets a lower target (%g) than "
                                "importance %g (%g)",
                                a->rules[i].importance, a->rules[i].availability,
                                a->rules[i - 1].importance, a->rules[i - 1].availability);
    a->rules_given = true;
    return 0;
}

static int parse_weights(hs_arch *a, const config_setting_t *g, const char *file, hs_error *err)
{
    static const char *const keys[] = {"chance", "risk", "maturity", "comment", NULL};
    double *w[3] = {&a->weights.chance, &a->weights.risk, &a->weights.maturity};
    bool have;
    if (hs_ecfg_keys(g, "'weights'", keys, file, err))
        return -1;
    for (int i = 0; i < 3; i++) {
        if (hs_ecfg_number(g, keys[i], w[i], &have, file, err))
            return -1;
        if (*w[i] < 0)
            return hs_ecfg_fail(err, config_setting_get_member(g, keys[i]), file,
                                "weight '%s' = %g is negative: a "
                                "weight scales a score, it cannot invert it "
                                "(risk is already subtracted)",
                                keys[i], *w[i]);
    }
    if (a->weights.chance + a->weights.risk + a->weights.maturity <= 0)
        return hs_ecfg_fail(err, g, file,
                            "weights make no sense: all three "
                            "are 0, every technology would score the same");
    a->weights_given = true;
    a->weights_where = hs_ecfg_where(g, file);
    return a->weights_where ? 0 : oom(err);
}

static char *dup_opt(const char *s, bool *failed)
{
    char *d = s ? strdup(s) : NULL;
    if (s && !d)
        *failed = true;
    return d;
}

static int parse_overrides(hs_arch *a, const config_setting_t *l, const char *file, hs_error *err)
{
    int n = config_setting_length(l);
    if (!config_setting_is_list(l))
        return hs_ecfg_fail(err, l, file,
                            "'technologies' must be a list "
                            "( { key = \"...\"; ... }, ... )");
    a->overrides = calloc((size_t)n + 1, sizeof *a->overrides);
    if (!a->overrides)
        return oom(err);
    for (int i = 0; i < n; i++) {
        const config_setting_t *g = config_setting_get_elem(l, (unsigned)i);
        hs_tech e;
        bool failed = false;
        if (hs_tech_read_entry(g, file, true, &e, err))
            return -1;
        for (int j = 0; j < a->n_overrides; j++)
            if (strcmp(a->overrides[j].t.key, e.key) == 0)
                return hs_ecfg_fail(err, g, file,
                                    "technology '%s' "
                                    "overridden twice (also at %s)",
                                    e.key, a->overrides[j].where);
        hs_tech_override *o = &a->overrides[a->n_overrides++];
        o->t = e;
        o->t.key = dup_opt(e.key, &failed);
        o->t.name = dup_opt(e.name, &failed);
        o->t.chance_why = dup_opt(e.chance_why, &failed);
        o->t.risk_why = dup_opt(e.risk_why, &failed);
        o->t.maturity_why = dup_opt(e.maturity_why, &failed);
        o->t.source = NULL;
        o->where = hs_ecfg_where(g, file);
        if (failed || !o->where)
            return oom(err);
    }
    return 0;
}

static int parse_evaluation(hs_arch *a, const config_t *cfg, const char *file, hs_error *err)
{
    static const char *const keys[] = {"name",         "description", "targets", "weights",
                                       "technologies", "comment",     NULL};
    const config_setting_t *g = config_lookup(cfg, "evaluation");
    const config_setting_t *s;
    const char *name = NULL, *desc = NULL;
    a->weights = HS_EVAL_WEIGHTS_DEFAULT;
    if (g && (hs_ecfg_keys(g, "'evaluation'", keys, file, err) ||
              hs_ecfg_string(g, "name", &name, file, err) ||
              hs_ecfg_string(g, "description", &desc, file, err)))
        return -1;
    if (!name) {
        /* the file's stem names an architecture without a name */
        const char *base = strrchr(file, '/');
        base = base ? base + 1 : file;
        size_t len = strcspn(base, ".");
        a->name = strndup(base, len ? len : strlen(base));
    } else {
        a->name = strdup(name);
    }
    if (!a->name || (desc && !(a->description = strdup(desc))))
        return oom(err);
    if (g && (s = config_setting_get_member(g, "targets"))) {
        if (parse_rules(a, s, file, err))
            return -1;
    } else if (set_default_rules(a, err)) {
        return -1;
    }
    if (g && (s = config_setting_get_member(g, "weights")) && parse_weights(a, s, file, err))
        return -1;
    if (g && (s = config_setting_get_member(g, "technologies")) && parse_overrides(a, s, file, err))
        return -1;
    return 0;
}

/* Checks what the model reader leaves to its users: an architecture needs
 * declared services whose importances allow a weighted average. */
static int check_services(const hs_arch *a, const config_t *cfg, const char *file, hs_error *err)
{
    const config_setting_t *sv = config_lookup(cfg, "model.services");
    double sum = 0;
    for (int i = 0; i < a->model->n_tops; i++)
        sum += a->model->tops[i].importance;
    if (!(sum > 0))
        return hs_ecfg_fail(err, sv, file,
                            "every service has importance 0: "
                            "the importance-weighted average is undefined");
    return 0;
}

/* Everything after the model was loaded (unfinished) into a->model. */
static int complete(hs_arch *a, const config_t *cfg, const char *file, hs_error *err)
{
    const config_setting_t *sv = config_lookup(cfg, "model.services");
    /* without services the model would guess top events from the gates */
    if (!sv || config_setting_length(sv) == 0)
        return hs_ecfg_fail(err, config_lookup(cfg, "model"), file,
                            "an architecture needs 'services' in its model "
                            "(the business services users see)");
    if (hs_model_finish(a->model, err) || check_services(a, cfg, file, err))
        return -1;
    return parse_evaluation(a, cfg, file, err);
}

int hs_arch_parse(const char *text, const char *file, hs_arch **out, hs_error *err)
{
    config_t cfg;
    hs_arch *a = calloc(1, sizeof *a);
    int rc = -1;
    *out = NULL;
    config_init(&cfg);
    if (!file)
        file = "<architecture>";
    if (!a || !(a->file = strdup(file)) || !(a->model = hs_model_new()) ||
        hs_model_cfg_include_dir(&cfg, file) < 0) {
        oom(err);
        goto out;
    }
    if (config_read_string(&cfg, text) != CONFIG_TRUE) {
        hs_error_fail(err, file, config_error_line(&cfg), "%s",
                      config_error_text(&cfg) ? config_error_text(&cfg) : "syntax error");
        goto out;
    }
    /* the model reader re-reads the text itself so its messages carry
     * FILE (libconfig keeps no file name for string input) */
    if (hs_model_load_config_text(a->model, text, file, err) || complete(a, &cfg, file, err))
        goto out;
    *out = a;
    a = NULL;
    rc = 0;
out:
    config_destroy(&cfg);
    hs_arch_free(a);
    return rc;
}

int hs_arch_from_config(const config_t *cfg, const char *file, hs_arch **out, hs_error *err)
{
    const config_setting_t *m = config_lookup(cfg, "model");
    hs_arch *a = calloc(1, sizeof *a);
    int rc = -1;
    *out = NULL;
    if (!file)
        file = "<config>";
    if (!a || !(a->file = strdup(file)) || !(a->model = hs_model_new())) {
        oom(err);
        goto out;
    }
    if (!m) {
        hs_error_fail(err, file, 0, "no 'model' group in this config");
        goto out;
    }
    if (hs_model_load_config_setting(a->model, m, err) || complete(a, cfg, file, err))
        goto out;
    *out = a;
    a = NULL;
    rc = 0;
out:
    hs_arch_free(a);
    return rc;
}

int hs_arch_load_file(const char *path, hs_arch **out, hs_error *err)
{
    char *text = NULL;
    int rc;
    *out = NULL;
    if (hs_eval_read_file(path, &text, err))
        return -1;
    rc = hs_arch_parse(text, path, out, err);
    free(text);
    return rc;
}
