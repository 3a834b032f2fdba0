/* plan_fuzz.c — libFuzzer target for the maintenance planner's readers of
 * outside data: the first line is a component list (as given to --down /
 * --rolling), the rest a config with a model and `maintenance` groups.
 * Everything the CLI does after reading them runs too: live view (no
 * probes), name resolution, group reading, what-if, rolling plan. */
#include <libconfig.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "plan/plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), *nl;
    char **names = NULL;
    size_t n = 0;
    config_t cfg;
    struct hs_live *lv = NULL;
    int *idx = NULL;
    hs_error err;

    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    nl = strchr(text, '\n');
    if (!nl) {
        free(text);
        return 0;
    }
    *nl = '\0';
    hs_error_clear(&err);
    config_init(&cfg);
    if (hs_plan_split_names(text, &names, &n, &err) < 0 ||
        config_read_string(&cfg, nl + 1) != CONFIG_TRUE)
        goto out;
    if (n > 0) {
        struct hs_plan_group g;
        if (hs_plan_group_read(&cfg, names[0], &g, &err) == 0)
            hs_plan_group_free(&g);
    }
    if (hs_live_build(&cfg, NULL, 0, NULL, &lv, &err) < 0 || !lv)
        goto out;
    idx = calloc(n + 1, sizeof *idx);
    if (idx && hs_plan_resolve(lv, names, n, idx, &err) == 0) {
        struct hs_whatif w;
        struct hs_plan p;
        struct hs_plan_opts o = {.duration = 1.0, .min_margin = 1};
        /* every other component DOWN, to reach blocked steps too */
        for (size_t i = 0; i < lv->ncomps; i += 2)
            lv->comps[i].state = i % 4 ? HS_LIVE_DOWN : HS_LIVE_UNKNOWN;
        hs_whatif_compute(lv, idx, n, &w, &err);
        hs_whatif_free(&w);
        hs_plan_rolling(lv, idx, n, &o, &p, &err);
        hs_plan_free(&p);
    }
out:
    free(idx);
    hs_live_free(lv);
    hs_plan_names_free(names, n);
    config_destroy(&cfg);
    free(text);
    return 0;
}
