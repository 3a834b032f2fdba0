/*
 * core/eval/group.c — a comparison described by a config group (the demo,
 * the live report): file list, Monte Carlo options and the uncertainty
 * analysis's sample count.
 */
#include "eval/eval.h"
#include "eval/cfgutil.h"

#include <stdlib.h>
#include <string.h>

/* BASE/PATH unless PATH is absolute; caller frees. */
static char *resolve(const char *base, const char *path)
{
    if (path[0] == '/' || !base || !*base)
        return strdup(path);
    size_t n = strlen(base) + strlen(path) + 2;
    char *r = malloc(n);
    if (r)
        snprintf(r, n, "%s/%s", base, path);
    return r;
}

/* The directory of the group's source file, "." when it has none. */
static char *dir_of(const config_setting_t *g)
{
    const char *f = config_setting_source_file(g);
    const char *slash = f ? strrchr(f, '/') : NULL;
    if (!slash)
        return strdup(".");
    return strndup(f, (size_t)(slash - f) ? (size_t)(slash - f) : 1);
}

static int read_opts(const config_setting_t *g, hs_eval_opts *o, hs_error *err)
{
    double v;
    bool have;
    const config_setting_t *s;
    if (hs_ecfg_number(g, "years", &v, &have, NULL, err))
        return -1;
    if (have && !(v > 0 && v <= 1e9))
        return hs_ecfg_fail(err, config_setting_get_member(g, "years"), NULL,
                            "'years' must be > 0 (simulated years)");
    if (have)
        o->years = v;
    if (hs_ecfg_number(g, "replications", &v, &have, NULL, err))
        return -1;
    if (have && !(v >= 2 && v <= 1000000 && v == (int)v))
        return hs_ecfg_fail(err, config_setting_get_member(g, "replications"), NULL,
                            "'replications' must be a whole number "
                            "from 2 to 1000000");
    if (have)
        o->replications = (int)v;
    if (hs_ecfg_number(g, "seed", &v, &have, NULL, err))
        return -1;
    if (have && !(v >= 0 && v < 1.8e19 && v == (double)(uint64_t)v))
        return hs_ecfg_fail(err, config_setting_get_member(g, "seed"), NULL,
                            "'seed' must be a whole number >= 0");
    if (have)
        o->seed = (uint64_t)v;
    if (hs_ecfg_number(g, "samples", &v, &have, NULL, err))
        return -1;
    if (have && !(v >= 0 && v <= 10000000 && v == (int)v))
        return hs_ecfg_fail(err, config_setting_get_member(g, "samples"), NULL,
                            "'samples' must be a whole number from 0 (no uncertainty "
                            "analysis) to 10000000");
    if (have)
        o->samples = (int)v;
    if ((s = config_setting_get_member(g, "simulate"))) {
        if (config_setting_type(s) != CONFIG_TYPE_BOOL)
            return hs_ecfg_fail(err, s, NULL,
                                "'simulate' must be true or "
                                "false");
        o->simulate = config_setting_get_bool(s);
    }
    return 0;
}

int hs_eval_compare_group(const config_setting_t *group, const char *base_dir,
                          const hs_tech_table *defaults, const hs_eval_opts *o, hs_comparison **out,
                          hs_error *err)
{
    static const char *const keys[] = {"baseline",     "candidates", "years",
                                       "replications", "seed",       "simulate",
                                       "samples",      "comment",    NULL};
    hs_tech_table own;
    hs_eval_opts opts;
    const config_setting_t *cl;
    const char *base;
    char **paths = NULL, *dir = NULL;
    int n = 0, rc = -1;
    *out = NULL;
    hs_tech_table_init(&own);
    if (o)
        opts = *o;
    else
        hs_eval_opts_default(&opts);
    if (hs_ecfg_keys(group, "the comparison group", keys, NULL, err) ||
        hs_ecfg_string(group, "baseline", &base, NULL, err) || read_opts(group, &opts, err))
        goto out;
    if (!base) {
        hs_ecfg_fail(err, group, NULL,
                     "comparison without a 'baseline' "
                     "architecture file");
        goto out;
    }
    cl = config_setting_get_member(group, "candidates");
    if (cl && !config_setting_is_array(cl) && !config_setting_is_list(cl)) {
        hs_ecfg_fail(err, cl, NULL,
                     "'candidates' must be a list of file "
                     "names [ \"...\", ... ]");
        goto out;
    }
    int nc = cl ? config_setting_length(cl) : 0;
    dir = base_dir ? strdup(base_dir) : dir_of(group);
    paths = calloc((size_t)nc + 2, sizeof *paths);
    if (!dir || !paths || !(paths[n++] = resolve(dir, base))) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    for (int i = 0; i < nc; i++) {
        const config_setting_t *e = config_setting_get_elem(cl, (unsigned)i);
        if (config_setting_type(e) != CONFIG_TYPE_STRING) {
            hs_ecfg_fail(err, e, NULL,
                         "'candidates' entries must be file "
                         "names (strings)");
            goto out;
        }
        if (!(paths[n++] = resolve(dir, config_setting_get_string(e)))) {
            hs_error_fail(err, NULL, 0, "out of memory");
            goto out;
        }
    }
    if (!defaults) {
        if (hs_tech_defaults(&own, NULL, NULL, err))
            goto out;
        defaults = &own;
    }
    rc = hs_eval_compare_files(paths, n, defaults, &opts, out, err);
out:
    for (int i = 0; paths && i < n; i++)
        free(paths[i]);
    free(paths);
    free(dir);
    hs_tech_table_free(&own);
    return rc;
}
