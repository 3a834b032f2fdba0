/* main.c — the hascout command line: dispatch only. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>

#include "hs-build.h"
#include "atomicfile.h"
#include "hs_error.h"
#include "hsconfig.h"
#include "loader.h"
#include "lock.h"
#include "eval/eval.h"
#include "history.h"
#include "live/live.h"
#include "report.h"
#include "runner.h"
#include "warn.h"
#include "cli_ext.h"
#include "procutil.h"

#define SYSTEM_CONFIG "/etc/hascout/hascout.conf"

struct opts {
    const char *config;
    const char *state_dir;
    const char *format;
    const char *output;
    int verbose, quiet, parallel, stats;
};

static void usage(FILE *out)
{
    fprintf(out,
        "usage: hascout [OPTIONS] COMMAND [ARGS]\n"
        "\n"
        "Commands:\n"
        "  probe [TARGET...]       probe targets now and print a status table\n"
        "  check                   Nagios/Icinga plugin: one status line + perfdata\n"
        "  report                  full report (--format, -o FILE)\n"
        "  plugins                 list the plugins found, with path, ABI, version\n"
        "  model analyze FILE...   fault tree: exact probability, cut sets, importance\n"
        "  model simulate FILE...  fault tree: Monte Carlo over --years N\n"
        "  compare [FILE...]       architectures against a baseline: availability, scores\n"
        "  whatif --down C,...     what happens to every service if these go down now\n"
        "  plan --rolling C,...    a safe order to take components down one at a time\n"
        "model, compare, whatif and plan take options of their own: see CMD --help.\n"
        "\n"
        "Options:\n"
        "  -c, --config FILE     configuration (default: " SYSTEM_CONFIG ",\n"
        "                        else the bundled demo)\n"
        "  -f, --format FMT      report format: text, json, html, prometheus\n"
        "  -o, --output FILE     write the report to FILE (replaced atomically)\n"
        "      --state-dir DIR   where locks (and history) live\n"
        "  -j, --parallel N      probe at most N targets at once\n"
        "  -v, --verbose         more detail (components, metrics)\n"
        "  -q, --quiet           no warnings on stderr (for cron)\n"
        "      --stats           print run statistics (wall, CPU, peak RSS) on stderr\n"
        "  -h, --help            this help\n"
        "  -V, --version         print the version\n"
        "\n"
        "Exit codes (probe, check, report): 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN\n"
        "(also for bad usage, bad configuration, or a run skipped by the lock).\n"
        "Every command exits 3 on bad usage or input; whatif and plan otherwise\n"
        "exit with their verdict (see their --help).\n");
}

/* Global options that take a separate value ("-c FILE", "--config FILE"). */
static int takes_value(const char *a)
{
    static const char *const opts[] = {"-c", "--config", "-f", "--format", "-o", "--output",
                                       "--state-dir", "-j", "--parallel", NULL};
    for (int i = 0; opts[i]; i++)
        if (strcmp(a, opts[i]) == 0)
            return 1;
    return 0;
}

static const char *demo_config(char *buf, size_t len)
{
    const char *d = getenv("HASCOUT_DATADIR");
    snprintf(buf, len, "%s/demo.conf", d && *d ? d : HS_DATADIR);
    return buf;
}

/* Load the configuration chosen by the options. 0, or -1 after printing. */
static int load_config(const struct opts *o, struct hs_config *cfg, int *demo,
                       char *pathbuf, size_t pathlen)
{
    hs_error err;
    const char *path = o->config;

    hs_error_clear(&err);
    *demo = 0;
    if (!path) {
        if (access(SYSTEM_CONFIG, F_OK) == 0)
            path = SYSTEM_CONFIG;
        else {
            path = demo_config(pathbuf, pathlen);
            *demo = 1;
            if (!o->quiet)
                fprintf(stderr, "hascout: no --config and no %s: using the bundled demo %s\n",
                        SYSTEM_CONFIG, path);
        }
    }
    if (hs_config_load(cfg, path, &err) < 0) {
        fprintf(stderr, "hascout: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static void print_warnings(const struct opts *o)
{
    if (o->quiet)
        return;
    for (size_t i = 0; i < hs_warn_count(); i++)
        fprintf(stderr, "hascout: warning: %s\n", hs_warn_at(i));
}

static int cmd_plugins(const struct opts *o)
{
    struct hs_config cfg;
    struct hs_plugin_info *infos = NULL;
    char buf[4096];
    char **dirs;
    int demo, n;

    memset(&cfg, 0, sizeof cfg);
    /* a config only adds directories: listing works without one */
    if (o->config && load_config(o, &cfg, &demo, buf, sizeof buf) < 0)
        return 3;
    dirs = hs_plugin_dirs(cfg.plugin_dirs, cfg.nplugin_dirs);
    if (!dirs) {
        hs_config_free(&cfg);
        return 3;
    }
    n = hs_plugin_scan(dirs, &infos);
    print_warnings(o); /* the config's, and plugin path entries ignored */
    printf("plugin directories:");
    for (size_t i = 0; dirs[i]; i++)
        printf(" %s", dirs[i]);
    printf("\n%-12s %-8s %-4s %-22s %-21s %s\n", "NAME", "VERSION", "ABI", "TECHNOLOGY",
           "CLASS", "PATH");
    for (int i = 0; i < n; i++) {
        const struct hs_plugin_info *p = &infos[i];
        if (p->error)
            printf("%-12s %-8s %-4s %-22s %-21s %s\n    refused: %s\n", p->name, "-", "-",
                   "-", "-", p->path, p->error);
        else
            printf("%-12s %-8s %-4d %-22s %-21s %s\n", p->name, p->version, p->abi_version,
                   p->technology, hs_ha_class_name(p->ha_class), p->path);
        if (o->verbose && !p->error)
            printf("    %s\n    scores: chance %.1f (%s), risk %.1f (%s), maturity %.1f (%s)\n",
                   p->description ? p->description : "", p->chance,
                   p->chance_why ? p->chance_why : "", p->risk, p->risk_why ? p->risk_why : "",
                   p->maturity, p->maturity_why ? p->maturity_why : "");
    }
    if (n == 0)
        printf("(no plugins found)\n");
    for (int i = 0; i < n; i++)
        hs_plugin_info_free(&infos[i]);
    free(infos);
    hs_strings_free(dirs);
    hs_config_free(&cfg);
    return n < 0 ? 3 : 0;
}

enum run_kind { RUN_PROBE, RUN_CHECK, RUN_REPORT };

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Append this run's states to the history (called under the run lock). */
/* Services without an explicit availability target get the one the
 * evaluation derives from their importance (evaluation.targets). */
static void derive_targets(const struct hs_config *cfg, struct hs_live *lv)
{
    hs_arch *arch = NULL;
    hs_model_error merr;
    hs_model_error_clear(&merr);
    if (hs_arch_from_config(&cfg->cfg, cfg->path, &arch, &merr) < 0)
        return; /* the model itself loaded: only the evaluation part is off */
    for (size_t s = 0; s < lv->nservices; s++)
        if (isnan(lv->services[s].target))
            lv->services[s].target = hs_arch_target_for(arch, lv->services[s].importance);
    hs_arch_free(arch);
}

/* The architecture comparison a `compare` group asks for, and the scores of
 * the technologies the report speaks of. 0, or -1 after printing why. */
static int add_evaluation(const struct hs_config *cfg, const struct opts *o,
                          const struct hs_run_opts *ro, struct hs_report *rep,
                          hs_comparison **cmp, hs_tech_table *techs)
{
    const config_setting_t *g = config_lookup(&cfg->cfg, "compare");
    hs_model_error merr;
    hs_eval_opts eo;

    hs_model_error_clear(&merr);
    if (g) {
        hs_eval_opts_default(&eo);
        eo.progress = !o->quiet && isatty(2);
        if (hs_eval_compare_group(g, NULL, NULL, &eo, cmp, &merr) < 0) {
            fprintf(stderr, "hascout: %s\n", merr.msg);
            return -1;
        }
        rep->comparison = *cmp;
        rep->techs = &(*cmp)->techs;
    } else if (rep->live) {
        /* only the plugins this run loaded: never inspect the others */
        if (hs_tech_defaults_from(techs, NULL, ro->infos, ro->ninfos, &merr) < 0) {
            fprintf(stderr, "hascout: technology scores: %s\n", merr.msg);
            return -1;
        }
        rep->techs = techs;
    }
    return 0;
}

static int record_history(const struct hs_config *cfg, const char *dir,
                          const struct hs_report *rep, hs_error *err)
{
    struct hs_hist_record rec;
    struct hs_history_opts ho = {cfg->history_max_bytes, cfg->history_max_age,
                                 cfg->history_keep};
    int rc = -1;

    memset(&rec, 0, sizeof rec);
    rec.t = rep->now;
    for (size_t i = 0; i < rep->n; i++)
        if (hs_hist_add(&rec, HS_HIST_TARGET, rep->results[i].name,
                        hs_status_name(rep->results[i].status)) < 0)
            goto oom;
    for (size_t i = 0; rep->live && i < rep->live->ncomps; i++)
        if (rep->live->comps[i].state != HS_LIVE_UNMAPPED &&
            hs_hist_add(&rec, HS_HIST_COMPONENT, rep->live->comps[i].name,
                        hs_live_state_name(rep->live->comps[i].state)) < 0)
            goto oom;
    for (size_t i = 0; rep->live && i < rep->live->nservices; i++)
        if (hs_hist_add(&rec, HS_HIST_SERVICE, rep->live->services[i].name,
                        hs_live_state_name(rep->live->services[i].state)) < 0)
            goto oom;
    rc = hs_history_append(dir, &rec, &ho, err);
    goto out;
oom:
    hs_error_set(err, "out of memory");
out:
    hs_hist_record_free(&rec);
    return rc;
}

static double tv_ms(struct timeval tv) { return tv.tv_sec * 1e3 + tv.tv_usec / 1e3; }

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

static int render(enum run_kind kind, const struct opts *o, struct hs_report *rep)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    hs_error err;
    int rc = 0;

    if (!mem)
        return -1;
    if (kind == RUN_PROBE)
        rc = hs_render_table(rep, mem, o->verbose);
    else if (kind == RUN_CHECK)
        rc = hs_render_nagios(rep, mem);
    else if (!o->format || strcmp(o->format, "text") == 0)
        rc = hs_render_text(rep, mem, o->verbose);
    else if (strcmp(o->format, "json") == 0)
        rc = hs_render_json(rep, mem);
    else if (strcmp(o->format, "html") == 0)
        rc = hs_render_html(rep, mem);
    else
        rc = hs_render_prometheus(rep, mem);
    if (fclose(mem) != 0)
        rc = -1;
    if (rc == 0) {
        hs_error_clear(&err);
        if (o->output) {
            if (hs_atomic_write(o->output, buf, len, 0, &err) < 0) {
                fprintf(stderr, "hascout: %s\n", err.msg);
                rc = -1;
            }
        } else if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0) {
            rc = -1;
        }
    }
    free(buf);
    return rc;
}

static int cmd_run(enum run_kind kind, const struct opts *o, int argc, char **argv)
{
    struct hs_config cfg;
    struct hs_target_result *results = NULL;
    const struct hs_target **sel = NULL;
    struct hs_run_opts ro;
    struct hs_report rep;
    struct hs_live *lv = NULL;
    struct hs_history hist;
    hs_comparison *cmp = NULL;
    hs_tech_table techs;
    char pathbuf[4096], *state_dir = NULL;
    hs_error err;
    size_t n = 0;
    int demo = 0, lockfd = -1, rc = 3, unlocked = 0;
    double t0;

    memset(&cfg, 0, sizeof cfg);
    memset(&ro, 0, sizeof ro);
    memset(&rep, 0, sizeof rep);
    memset(&hist, 0, sizeof hist);
    hs_tech_table_init(&techs);
    hs_error_clear(&err);
    if (kind == RUN_REPORT && o->format && strcmp(o->format, "text") != 0 &&
        strcmp(o->format, "json") != 0 && strcmp(o->format, "html") != 0 &&
        strcmp(o->format, "prometheus") != 0) {
        fprintf(stderr, "hascout: unknown report format '%s' (text, json, html, prometheus)\n",
                o->format);
        return 3;
    }
    if (load_config(o, &cfg, &demo, pathbuf, sizeof pathbuf) < 0)
        goto out;
    ro.plugin_dirs = hs_plugin_dirs(cfg.plugin_dirs, cfg.nplugin_dirs);
    if (!ro.plugin_dirs)
        goto out;
    print_warnings(o); /* the config's, and plugin path entries ignored */
    /* a broken model is a configuration error: say so before probing */
    {
        const struct hs_live_opts check = {.validate_only = 1};
        if (hs_live_build(&cfg.cfg, NULL, 0, &check, &lv, &err) < 0) {
            fprintf(stderr, "hascout: %s\n", err.msg);
            goto out;
        }
    }
    sel = calloc(cfg.ntargets + (size_t)argc + 1, sizeof *sel);
    if (!sel)
        goto out;
    if (argc > 0) {
        for (int i = 0; i < argc; i++) {
            const struct hs_target *t = hs_config_target(&cfg, argv[i]);
            if (!t) {
                fprintf(stderr, "hascout: no target '%s' in %s\n", argv[i], cfg.path);
                goto out;
            }
            sel[n++] = t;
        }
    } else {
        for (size_t i = 0; i < cfg.ntargets; i++)
            sel[n++] = &cfg.targets[i];
    }
    if (kind != RUN_PROBE || cfg.history) {
        state_dir = o->state_dir ? strdup(o->state_dir)
                    : cfg.state_dir ? strdup(cfg.state_dir)
                                    : hs_default_state_dir();
        if (!state_dir)
            goto out;
    }
    if (kind != RUN_PROBE) {
        lockfd = hs_lock_take(state_dir, cfg.lock_mode == HS_LOCK_WAIT, cfg.lock_timeout, &err);
        if (lockfd == -2) {
            fprintf(stderr, "hascout: another run holds the lock in %s; %s\n", state_dir,
                    cfg.lock_mode == HS_LOCK_WAIT ? "gave up waiting" : "skipped");
            goto out;
        }
        if (lockfd == -3 || lockfd < 0) {
            /* a read-only or untrusted state dir (a planted symlink, a FIFO)
             * costs the lock and the history, never the report: an unlocked
             * run writes no history, so overlapping ones cannot interleave */
            if (!o->quiet)
                fprintf(stderr, "hascout: warning: run not locked, history not written: %s\n",
                        err.msg);
            unlocked = 1;
        }
    }
    results = calloc(n + 1, sizeof *results);
    if (!results)
        goto out;
    ro.max_parallel = o->parallel > 0 ? o->parallel : cfg.max_parallel;
    ro.progress = !o->quiet && isatty(2) && n > 1 && kind != RUN_CHECK;
    ro.config_dir = cfg.dir;
    t0 = hs_now();
    hs_run_targets(sel, n, &ro, results);
    if (o->stats)
        print_stats(n, hs_now() - t0);
    memset(&rep, 0, sizeof rep);
    rep.config_path = cfg.path;
    rep.demo = demo;
    rep.generated = time(NULL);
    rep.now = wall_now();
    rep.results = results;
    rep.n = n;
    if (hs_live_build(&cfg.cfg, results, n, NULL, &lv, &err) < 0) {
        fprintf(stderr, "hascout: %s\n", err.msg);
        goto out;
    }
    rep.live = lv;
    if (lv)
        derive_targets(&cfg, lv);
    if (cfg.history && state_dir) {
        if (kind != RUN_PROBE && !unlocked && record_history(&cfg, state_dir, &rep, &err) < 0 && !o->quiet)
            fprintf(stderr, "hascout: warning: history not written: %s\n", err.msg);
        if (hs_history_load(state_dir, rep.now - hs_windows[HS_NWINDOWS - 1], &hist, &err) < 0) {
            if (!o->quiet)
                fprintf(stderr, "hascout: warning: history not read: %s\n", err.msg);
        } else {
            rep.history = &hist;
            if (hist.warning[0]) {
                rep.history_warning = strdup(hist.warning);
                if (!o->quiet)
                    fprintf(stderr, "hascout: warning: %s\n", hist.warning);
            }
        }
    }
    if (hs_report_model_view(&rep, cfg.history_max_gap) < 0)
        goto out;
    if (kind == RUN_REPORT && add_evaluation(&cfg, o, &ro, &rep, &cmp, &techs) < 0)
        goto out;
    hs_report_summarize(&rep);
    if (render(kind, o, &rep) < 0) {
        fprintf(stderr, "hascout: cannot write the output: %s\n", strerror(errno));
        goto out;
    }
    rc = (int)rep.status;
out:
    hs_comparison_free(cmp);
    hs_tech_table_free(&techs);
    hs_report_model_free(&rep);
    hs_history_free(&hist);
    hs_live_free(lv);
    for (size_t i = 0; results && i < n; i++)
        hs_target_result_free(&results[i]);
    free(results);
    free(sel);
    hs_strings_free(ro.plugin_dirs);
    hs_run_opts_release(&ro);
    if (lockfd >= 0)
        close(lockfd);
    free(state_dir);
    hs_config_free(&cfg);
    return rc;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"state-dir", required_argument, NULL, 'S'},
        {"parallel", required_argument, NULL, 'j'},
        {"verbose", no_argument, NULL, 'v'},
        {"quiet", no_argument, NULL, 'q'},
        {"stats", no_argument, NULL, 'T'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    struct opts o;
    const char *cmd;
    int c, rc;

    memset(&o, 0, sizeof o);
    /* Sub-commands with options of their own take the line, with any
     * global options given before them moved after their name. */
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-') {
            if (takes_value(argv[i]))
                i++;
            continue;
        }
        if (hs_cli_ext_find(argv[i])) {
            char **v = calloc((size_t)argc + 1, sizeof *v);
            int k = 0;
            if (!v)
                return 3;
            v[k++] = argv[i];
            for (int j = 1; j < argc; j++)
                if (j != i)
                    v[k++] = argv[j];
            rc = hs_cli_ext_find(argv[i])(k, v);
            free(v);
            return rc;
        }
        break;
    }
    while ((c = getopt_long(argc, argv, "c:f:o:j:vqhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': o.config = optarg; break;
        case 'f': o.format = optarg; break;
        case 'o': o.output = optarg; break;
        case 'S': o.state_dir = optarg; break;
        case 'j': {
            /* strtol with an end check: atoi read "5x" as 5 and "" as 0 */
            char *end;
            long n;
            errno = 0;
            n = strtol(optarg, &end, 10);
            if (errno || end == optarg || *end || n < 1 || n > 1024) {
                fprintf(stderr, "hascout: -j/--parallel takes a whole number from 1 to 1024, "
                        "not '%s'\n", optarg);
                return 3;
            }
            o.parallel = (int)n;
            break;
        }
        case 'v': o.verbose++; break;
        case 'q': o.quiet = 1; break;
        case 'T': o.stats = 1; break;
        case 'h': usage(stdout); return 0;
        case 'V': printf("hascout %s (plugin ABI %d)\n", PACKAGE_VERSION, HS_PLUGIN_ABI_VERSION);
                  return 0;
        default: usage(stderr); return 3;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return 3;
    }
    cmd = argv[optind++];
    if (strcmp(cmd, "probe") == 0)
        rc = cmd_run(RUN_PROBE, &o, argc - optind, argv + optind);
    else if (strcmp(cmd, "check") == 0)
        rc = cmd_run(RUN_CHECK, &o, argc - optind, argv + optind);
    else if (strcmp(cmd, "report") == 0)
        rc = cmd_run(RUN_REPORT, &o, argc - optind, argv + optind);
    else if (strcmp(cmd, "plugins") == 0)
        rc = cmd_plugins(&o);
    else {
        fprintf(stderr, "hascout: unknown command '%s' (try --help)\n", cmd);
        rc = 3;
    }
    hs_warn_reset();
    return rc;
}
