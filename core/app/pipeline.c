/* pipeline.c — the run pipeline: config → selection → lock → probes → live
 * view → history → report, once for every command that probes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>

#include "util/cfgread.h"
#include "util/error.h"
#include "host/loader.h"
#include "live/discover.h"
#include "live/drift.h"
#include "app/lock.h"
#include "app/pipeline.h"
#include "util/procutil.h"

const char *hs_default_config(char *buf, size_t len, int *demo)
{
    const char *d = getenv("HASCOUT_DATADIR");
    *demo = 0;
    if (access(HS_SYSTEM_CONFIG, F_OK) == 0) {
        snprintf(buf, len, "%s", HS_SYSTEM_CONFIG);
        return buf;
    }
    *demo = 1;
    snprintf(buf, len, "%s/demo.conf", d && *d ? d : HS_DATADIR);
    return buf;
}

int hs_run_open(const struct hs_pipeline_opts *o, struct hs_run *run, hs_error *err)
{
    char pathbuf[4096];
    const char *path = o->config;
    const struct hs_config *cfg = &run->cfg;

    memset(run, 0, sizeof *run);
    run->opts = *o;
    hs_tech_table_init(&run->techs);
    if (!path) {
        path = hs_default_config(pathbuf, sizeof pathbuf, &run->demo);
        if (run->demo && !o->quiet)
            fprintf(stderr, "hascout: no --config and no %s: using the bundled demo %s\n",
                    HS_SYSTEM_CONFIG, path);
    }
    if (hs_config_load(&run->cfg, path, err) < 0)
        return -1;
    run->state_dir = o->state_dir     ? strdup(o->state_dir)
                     : cfg->state_dir ? strdup(cfg->state_dir)
                                      : hs_default_state_dir();
    run->ro.plugin_dirs = hs_plugin_dirs(cfg->plugin_dirs, cfg->nplugin_dirs);
    if (!run->state_dir || !run->ro.plugin_dirs) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    return 0;
}

int hs_run_validate(struct hs_run *run, hs_error *err)
{
    const struct hs_live_opts check = {.validate_only = 1};
    return hs_live_build(&run->cfg.cfg, NULL, 0, &check, &run->live, err);
}

int hs_run_select(struct hs_run *run, char *const *names, size_t n, hs_error *err)
{
    const struct hs_config *cfg = &run->cfg;

    run->n = 0;
    run->sel = calloc(cfg->ntargets + n + 1, sizeof *run->sel);
    if (!run->sel) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const struct hs_target *t = hs_config_target(cfg, names[i]);
        if (!t) {
            hs_error_set(err, "no target '%s' in %s", names[i], cfg->path);
            return -1;
        }
        run->sel[run->n++] = t;
    }
    for (size_t i = 0; n == 0 && i < cfg->ntargets; i++)
        run->sel[run->n++] = &cfg->targets[i];
    run->partial = n > 0;
    return 0;
}

int hs_run_lock(struct hs_run *run, hs_error *err)
{
    const struct hs_config *cfg = &run->cfg;
    hs_error why;

    hs_error_clear(&why);
    run->lockfd =
        hs_lock_take(run->state_dir, cfg->lock_mode == HS_LOCK_WAIT, cfg->lock_timeout, &why);
    if (run->lockfd == -2) {
        hs_error_set(err, "another run holds the lock in %s; %s", run->state_dir,
                     cfg->lock_mode == HS_LOCK_WAIT ? "gave up waiting" : "skipped");
        return -1;
    }
    /* a read-only or untrusted state dir (a planted symlink, a FIFO) costs
     * the lock and the history, never the report: an unlocked run writes no
     * history, so overlapping ones cannot interleave */
    run->locked = run->lockfd >= 0;
    if (!run->locked && !run->opts.quiet)
        fprintf(stderr, "hascout: warning: run not locked, history not written: %s\n", why.msg);
    return 0;
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double tv_ms(struct timeval tv)
{
    return tv.tv_sec * 1e3 + tv.tv_usec / 1e3;
}

/* One line a benchmark can parse: the runner's cost in this process and
 * its probe children, and the parent's own peak RSS. */
static void print_stats(size_t n, double wall)
{
    struct rusage self, kids;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &kids);
    fprintf(stderr,
            "stats: targets=%zu wall_s=%.3f cpu_parent_ms=%.1f cpu_children_ms=%.1f "
            "cpu_total_ms=%.1f parent_maxrss_kib=%ld\n",
            n, wall, tv_ms(self.ru_utime) + tv_ms(self.ru_stime),
            tv_ms(kids.ru_utime) + tv_ms(kids.ru_stime),
            tv_ms(self.ru_utime) + tv_ms(self.ru_stime) + tv_ms(kids.ru_utime) +
                tv_ms(kids.ru_stime),
            self.ru_maxrss);
}

/* The config has no `model`: derive one from what the probes saw (unless
 * live.discover = false), so a new user sees margins and nearest cuts at
 * once. A model that cannot be derived (a plugin naming a component it did
 * not report, no rates.conf) is a warning: the report goes on without the
 * model's view. Only a bad live.discover setting is an error. */
static int discover_model(struct hs_run *run, hs_error *err)
{
    const struct hs_live_opts lo = {.model_cfg = &run->discovered};
    struct hs_discover_opts dopts;
    struct hs_rates rates;
    char *text = NULL;
    hs_error derr;
    int on;

    if (hs_cfg_bool(config_lookup(&run->cfg.cfg, "live"), "discover", 1, &on, NULL, err) < 0)
        return -1;
    if (!on || run->n == 0 || run->opts.no_discover)
        return 0;
    hs_error_clear(&derr);
    config_init(&run->discovered);
    run->have_discovered = 1;
    if (hs_rates_load(&rates, NULL, &derr) == 0) {
        dopts = (struct hs_discover_opts){&rates, run->cfg.path, run->generated};
        if (hs_discover_text(run->results, run->n, &dopts, &text, &derr) == 0 &&
            config_read_string(&run->discovered, text) != CONFIG_TRUE)
            hs_error_set(&derr, "line %d: %s", config_error_line(&run->discovered),
                         config_error_text(&run->discovered));
        else if (text)
            hs_live_build(&run->cfg.cfg, run->results, run->n, &lo, &run->live, &derr);
    }
    if (!run->live)
        hs_warn("no model in %s, and none could be derived from the probes: %s", run->cfg.path,
                derr.msg);
    hs_rates_free(&rates);
    free(text);
    return 0;
}

int hs_run_probe(struct hs_run *run, hs_error *err)
{
    const struct hs_pipeline_opts *o = &run->opts;
    double t0;

    run->results = calloc(run->n + 1, sizeof *run->results);
    if (!run->results) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    run->ro.max_parallel = o->parallel > 0 ? o->parallel : run->cfg.max_parallel;
    run->ro.progress = o->progress && !o->quiet && isatty(2) && run->n > 1;
    run->ro.config_dir = run->cfg.dir;
    t0 = hs_now();
    hs_run_targets(run->sel, run->n, &run->ro, run->results);
    if (o->stats)
        print_stats(run->n, hs_now() - t0);
    run->generated = time(NULL);
    run->now = wall_now();
    if (!config_lookup(&run->cfg.cfg, "model"))
        return discover_model(run, err);
    return hs_live_build(&run->cfg.cfg, run->results, run->n, NULL, &run->live, err);
}

/* Append this run's states to the history (called under the run lock). */
static int record_history(const struct hs_run *run, hs_error *err)
{
    const struct hs_config *cfg = &run->cfg;
    const struct hs_live *lv = run->live;
    struct hs_hist_record rec;
    struct hs_history_opts ho = {cfg->history_max_bytes, cfg->history_max_age, cfg->history_keep};
    int rc = -1;

    memset(&rec, 0, sizeof rec);
    rec.t = run->now;
    for (size_t i = 0; i < run->n; i++)
        if (hs_hist_add(&rec, HS_HIST_TARGET, run->results[i].name,
                        hs_status_name(run->results[i].status)) < 0)
            goto oom;
    for (size_t i = 0; lv && i < lv->ncomps; i++)
        if (lv->comps[i].state != HS_LIVE_UNMAPPED &&
            hs_hist_add(&rec, HS_HIST_COMPONENT, lv->comps[i].name,
                        hs_live_state_name(lv->comps[i].state)) < 0)
            goto oom;
    for (size_t i = 0; lv && i < lv->nservices; i++)
        if (hs_hist_add(&rec, HS_HIST_SERVICE, lv->services[i].name,
                        hs_live_state_name(lv->services[i].state)) < 0)
            goto oom;
    rc = hs_history_append(run->state_dir, &rec, &ho, err);
    goto out;
oom:
    hs_error_set(err, "out of memory");
out:
    hs_hist_record_free(&rec);
    return rc;
}

void hs_run_history(struct hs_run *run)
{
    const int quiet = run->opts.quiet;
    hs_error err;

    if (!run->cfg.history)
        return;
    hs_error_clear(&err);
    /* a run of some targets only (`check TARGET`, every minute from Icinga)
       would record the others as unknown between two full runs */
    if (run->locked && !run->partial && record_history(run, &err) < 0 && !quiet)
        fprintf(stderr, "hascout: warning: history not written: %s\n", err.msg);
    /* read back as a stream by the report (hs_report_read_history) */
    run->hsrc.dir = run->state_dir;
    run->hsrc.mem = NULL;
    run->history = &run->hsrc;
}

/* Services without an explicit availability target get the one the
 * evaluation derives from their importance (evaluation.targets). */
static void derive_targets(const struct hs_config *cfg, struct hs_live *lv)
{
    hs_arch *arch = NULL;
    hs_error merr;
    hs_error_clear(&merr);
    if (hs_arch_from_config(&cfg->cfg, cfg->path, &arch, &merr) < 0)
        return; /* the model itself loaded: only the evaluation part is off */
    for (size_t s = 0; s < lv->nservices; s++)
        if (isnan(lv->services[s].target))
            lv->services[s].target = hs_arch_target_for(arch, lv->services[s].importance);
    hs_arch_free(arch);
}

/* The architecture comparison a `compare` group asks for, and the scores of
 * the technologies the report speaks of. */
static int add_evaluation(struct hs_run *run, hs_error *err)
{
    const config_setting_t *g = config_lookup(&run->cfg.cfg, "compare");
    hs_error merr;
    hs_eval_opts eo;

    hs_error_clear(&merr);
    if (g) {
        hs_eval_opts_default(&eo);
        eo.progress = !run->opts.quiet && isatty(2);
        if (hs_eval_compare_group(g, NULL, NULL, &eo, &run->cmp, &merr) < 0) {
            hs_error_set(err, "%s", merr.msg);
            return -1;
        }
        run->rep.comparison = run->cmp;
        run->rep.techs = &run->cmp->techs;
    } else if (run->live) {
        /* only the plugins this run loaded: never inspect the others */
        if (hs_tech_defaults_from(&run->techs, NULL, run->ro.infos, run->ro.ninfos, &merr) < 0) {
            hs_error_set(err, "technology scores: %s", merr.msg);
            return -1;
        }
        run->rep.techs = &run->techs;
    }
    return 0;
}

int hs_run_report(struct hs_run *run, int evaluate, hs_error *err)
{
    struct hs_report *rep = &run->rep;

    rep->config_path = run->cfg.path;
    rep->demo = run->demo;
    rep->generated = run->generated;
    rep->now = run->now;
    rep->results = run->results;
    rep->n = run->n;
    rep->live = run->live;
    rep->history = run->history;
    if (run->live)
        derive_targets(&run->cfg, run->live);
    if (hs_report_model_view(rep, run->cfg.history_max_gap) < 0) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    if (rep->history_warning && !run->opts.quiet)
        fprintf(stderr, "hascout: warning: %s\n", rep->history_warning);
    if (evaluate && add_evaluation(run, err) < 0)
        return -1;
    /* the model's assumptions against the history's evidence: only a
       report shows it (a check every minute need not evaluate every
       service's model again with calibrated rates) */
    if (evaluate && hs_report_evidence(rep, err) < 0)
        return -1;
    /* a hand-written model is compared with what the probes saw */
    if (run->live && !run->live->discovered && run->n > 0 &&
        hs_drift_check(run->live, run->results, run->n, &rep->drift, err) < 0)
        return -1;
    hs_report_summarize(rep);
    return 0;
}

void hs_run_free(struct hs_run *run)
{
    hs_comparison_free(run->cmp);
    hs_tech_table_free(&run->techs);
    hs_report_model_free(&run->rep);
    hs_live_free(run->live);
    for (size_t i = 0; run->results && i < run->n; i++)
        hs_target_result_free(&run->results[i]);
    free(run->results);
    free(run->sel);
    hs_strings_free(run->ro.plugin_dirs);
    hs_run_opts_release(&run->ro);
    if (run->locked)
        close(run->lockfd);
    free(run->state_dir);
    hs_config_free(&run->cfg);
    if (run->have_discovered)
        config_destroy(&run->discovered);
    memset(run, 0, sizeof *run);
}
