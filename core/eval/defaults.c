/*
 * core/eval/defaults.c — default technology scores: conf/technologies.conf
 * for technologies without a plugin, then the plugins' descriptors, read
 * through the core's isolated inspector (never dlopen'ed here).
 */
#include "eval/eval.h"
#include "eval/internal.h"

#include <stdlib.h>
#include <string.h>

#include "host/loader.h"

#ifndef HS_DATADIR
#define HS_DATADIR "/usr/local/share/hascout"
#endif

static int add_infos(hs_tech_table *t, const struct hs_plugin_info *infos, size_t n, hs_error *err)
{
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const struct hs_plugin_info *p = &infos[i];
        char src[1100];
        /* an unusable plugin (bad ABI, crashing constructor) has no
         * trustworthy scores: conf/'s defaults stay */
        if (p->error)
            continue;
        snprintf(src, sizeof src, "plugin %s", p->path);
        hs_tech e = {
            .key = p->name,
            .name = p->technology ? p->technology : p->name,
            .ha_class = p->ha_class,
            .chance = p->chance,
            .risk = p->risk,
            .maturity = p->maturity,
            .chance_why = p->chance_why,
            .risk_why = p->risk_why,
            .maturity_why = p->maturity_why,
            .source = src,
        };
        rc = hs_tech_put(t, &e, err);
    }
    return rc;
}

static int add_plugins(hs_tech_table *t, char *const *dirs, hs_error *err)
{
    struct hs_plugin_info *infos = NULL;
    int n = hs_plugin_scan(dirs, &infos), rc;
    if (n < 0)
        return hs_error_fail(err, NULL, 0,
                             "scanning plugin directories: "
                             "out of memory");
    rc = add_infos(t, infos, (size_t)n, err);
    for (int i = 0; i < n; i++)
        hs_plugin_info_free(&infos[i]);
    free(infos);
    return rc;
}

/* conf/technologies.conf from datadir (NULL: $HASCOUT_DATADIR or the
 * install's) into t. */
static int add_conf(hs_tech_table *t, const char *datadir, hs_error *err)
{
    char path[4096];
    char *text = NULL;
    int rc;
    if (!datadir) {
        const char *d = getenv("HASCOUT_DATADIR");
        datadir = d && *d ? d : HS_DATADIR;
    }
    snprintf(path, sizeof path, "%s/technologies.conf", datadir);
    rc = hs_eval_read_file(path, &text, err) || hs_tech_load_text(t, text, path, false, err) ? -1
                                                                                             : 0;
    free(text);
    return rc;
}

int hs_tech_defaults_from(hs_tech_table *t, const char *datadir, const struct hs_plugin_info *infos,
                          size_t n, hs_error *err)
{
    if (add_conf(t, datadir, err) < 0)
        return -1;
    return add_infos(t, infos, n, err);
}

int hs_tech_defaults(hs_tech_table *t, const char *datadir, char *const *plugin_dirs, hs_error *err)
{
    char **own_dirs = NULL;
    int rc = -1;
    if (add_conf(t, datadir, err) < 0)
        goto out;
    if (!plugin_dirs) {
        own_dirs = hs_plugin_dirs(NULL, 0);
        if (!own_dirs) {
            hs_error_fail(err, NULL, 0, "out of memory");
            goto out;
        }
        plugin_dirs = own_dirs;
    }
    rc = add_plugins(t, plugin_dirs, err);
out:
    hs_strings_free(own_dirs);
    return rc;
}
