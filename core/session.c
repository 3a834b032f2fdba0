/* session.c — loading, probing (or replaying history) and the live view. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "history.h"
#include "hs_error.h"
#include "loader.h"
#include "lock.h"
#include "session.h"

#define SYSTEM_CONFIG "/etc/hascout/hascout.conf"

const char *hs_default_config(char *buf, size_t len, int *demo)
{
    const char *d = getenv("HASCOUT_DATADIR");
    *demo = 0;
    if (access(SYSTEM_CONFIG, F_OK) == 0) {
        snprintf(buf, len, "%s", SYSTEM_CONFIG);
        return buf;
    }
    *demo = 1;
    snprintf(buf, len, "%s/demo.conf", d && *d ? d : HS_DATADIR);
    return buf;
}

/* Component states from the newest history record. */
static int replay_history(struct hs_session *s, hs_error *err)
{
    struct hs_history h;
    const struct hs_hist_record *last;
    if (hs_history_load(s->state_dir, 0, &h, err) < 0)
        return -1;
    if (h.n == 0) {
        hs_error_set(err, "no history in %s: run `hascout report` first, or probe live",
                     s->state_dir);
        hs_history_free(&h);
        return -1;
    }
    last = &h.recs[h.n - 1];
    s->state_time = last->t;
    for (size_t c = 0; c < s->live->ncomps; c++) {
        struct hs_live_component *cp = &s->live->comps[c];
        if (cp->state == HS_LIVE_UNMAPPED)
            continue;
        cp->state = HS_LIVE_UNKNOWN;
        for (size_t i = 0; i < last->n[HS_HIST_COMPONENT]; i++)
            if (strcmp(last->e[HS_HIST_COMPONENT][i].name, cp->name) == 0 &&
                hs_live_state_parse(last->e[HS_HIST_COMPONENT][i].state, &cp->state) < 0)
                cp->state = HS_LIVE_UNKNOWN;
    }
    hs_history_free(&h);
    return hs_live_assess(s->live) < 0 ? (hs_error_set(err, "out of memory"), -1) : 0;
}

int hs_session_open(const struct hs_session_opts *o, struct hs_session *s, hs_error *err)
{
    char pathbuf[4096];
    const char *path = o->config;
    const struct hs_target **sel = NULL;
    struct hs_run_opts ro;
    int rc = -1;

    memset(s, 0, sizeof *s);
    memset(&ro, 0, sizeof ro);
    if (!path)
        path = hs_default_config(pathbuf, sizeof pathbuf, &s->demo);
    if (s->demo && !o->quiet)
        fprintf(stderr, "hascout: no --config and no %s: using the bundled demo %s\n",
                SYSTEM_CONFIG, path);
    if (hs_config_load(&s->cfg, path, err) < 0)
        goto out;
    s->state_dir = o->state_dir ? strdup(o->state_dir)
                   : s->cfg.state_dir ? strdup(s->cfg.state_dir)
                                      : hs_default_state_dir();
    if (!s->state_dir)
        goto oom;
    if (o->from_history) {
        if (hs_live_build(&s->cfg.cfg, NULL, 0, NULL, &s->live, err) < 0)
            goto out;
        if (!s->live) {
            hs_error_set(err, "%s has no 'model': nothing to reason about", path);
            goto out;
        }
        rc = replay_history(s, err);
        goto out;
    }
    /* validate the model before spending time on probes */
    if (!config_lookup(&s->cfg.cfg, "model")) {
        hs_error_set(err, "%s has no 'model': nothing to reason about", path);
        goto out;
    }
    {
        const struct hs_live_opts check = {.validate_only = 1};
        if (hs_live_build(&s->cfg.cfg, NULL, 0, &check, &s->live, err) < 0)
            goto out;
    }
    s->n = s->cfg.ntargets;
    s->results = calloc(s->n + 1, sizeof *s->results);
    sel = calloc(s->n + 1, sizeof *sel);
    ro.plugin_dirs = hs_plugin_dirs(s->cfg.plugin_dirs, s->cfg.nplugin_dirs);
    if (!s->results || !sel || !ro.plugin_dirs)
        goto oom;
    for (size_t i = 0; i < s->n; i++)
        sel[i] = &s->cfg.targets[i];
    ro.max_parallel = o->parallel > 0 ? o->parallel : s->cfg.max_parallel;
    ro.progress = !o->quiet && isatty(2) && s->n > 1;
    ro.config_dir = s->cfg.dir;
    hs_run_targets(sel, s->n, &ro, s->results);
    hs_run_opts_release(&ro);
    {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        s->state_time = (double)ts.tv_sec + ts.tv_nsec / 1e9;
    }
    rc = hs_live_build(&s->cfg.cfg, s->results, s->n, NULL, &s->live, err);
    goto out;
oom:
    hs_error_set(err, "out of memory");
out:
    free(sel);
    hs_strings_free(ro.plugin_dirs);
    return rc;
}

void hs_session_free(struct hs_session *s)
{
    for (size_t i = 0; s->results && i < s->n; i++)
        hs_target_result_free(&s->results[i]);
    free(s->results);
    hs_live_free(s->live);
    free(s->state_dir);
    hs_config_free(&s->cfg);
    memset(s, 0, sizeof *s);
}
