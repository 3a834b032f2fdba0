/* main.c — the hascout command line: dispatch only. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs-build.h"
#include "util/atomicfile.h"
#include "util/error.h"
#include "host/config.h"
#include "host/loader.h"
#include "host/plugininfo.h"
#include "app/pipeline.h"
#include "reports/report.h"
#include "abi/warn.h"
#include "app/cli_ext.h"

struct opts {
    const char *config;
    const char *state_dir;
    const char *format;
    const char *output;
    int verbose, quiet, parallel, stats;
    const char **services; /* check --service NAME..., into argv */
    size_t nservices;
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: hascout [OPTIONS] COMMAND [ARGS]\n"
            "\n"
            "Commands:\n"
            "  probe [TARGET...]       probe targets now and print a status table\n"
            "  check [TARGET...]       Nagios/Icinga plugin: one status line + perfdata\n"
            "      --service NAME    (repeatable) judge these model services only: their\n"
            "                        status is the exit code (every target is probed)\n"
            "  report                  full report (--format, -o FILE)\n"
            "  plugins                 list the plugins found: path, ABI, version, scores\n"
            "  model analyze FILE...   fault tree: exact probability, cut sets, importance\n"
            "  model simulate FILE...  fault tree: Monte Carlo over --years N\n"
            "  model discover          the model the probes show (rules, rates): -o FILE\n"
            "  model calibrate         failure/repair rates learned from the history\n"
            "  compare [FILE...]       architectures against a baseline: availability, scores\n"
            "  whatif --down C,...     what happens to every service if these go down now\n"
            "  plan --rolling C,...    a safe order to take components down one at a time\n"
            "model, compare, whatif and plan take options of their own: see CMD --help.\n"
            "\n"
            "Options:\n"
            "  -c, --config FILE     configuration (default: " HS_SYSTEM_CONFIG ",\n"
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
            "exit with their verdict (see their --help); plugins exits 1 when it lists\n"
            "a refused plugin.\n");
}

/* Global options that take a separate value ("-c FILE", "--config FILE"). */
static int takes_value(const char *a)
{
    static const char *const opts[] = {"-c",         "--config",  "-f",          "--format",
                                       "-o",         "--output",  "--state-dir", "-j",
                                       "--parallel", "--service", NULL};
    for (int i = 0; opts[i]; i++)
        if (strcmp(a, opts[i]) == 0)
            return 1;
    return 0;
}

static void print_warnings(const struct opts *o)
{
    if (o->quiet)
        return;
    for (size_t i = 0; i < hs_warn_count(); i++)
        fprintf(stderr, "hascout: warning: %s\n", hs_warn_at(i));
}

/* Under -v, every target's hs_debug() lines on stderr: never in the report
 * itself, so no output format has to carry them. */
static void print_debug(const struct opts *o, const struct hs_report *rep)
{
    if (!o->verbose)
        return;
    for (size_t i = 0; i < rep->n; i++) {
        const hs_probe *p = rep->results[i].probe;
        for (size_t k = 0; p && k < p->debug.n; k++)
            fprintf(stderr, "hascout: debug: %s: %s\n", rep->results[i].name, p->debug.v[k]);
    }
}

/* `hascout plugins`: 0 when every plugin found can be loaded, 1 when some
 * were refused (listed with the reason), 3 when the listing failed. */
static int cmd_plugins(const struct opts *o)
{
    struct hs_config cfg;
    struct hs_plugin_info *infos = NULL;
    hs_error err;
    char **dirs;
    int n, refused = 0;

    memset(&cfg, 0, sizeof cfg);
    hs_error_clear(&err);
    /* a config only adds directories: listing works without one */
    if (o->config && hs_config_load(&cfg, o->config, &err) < 0) {
        fprintf(stderr, "hascout: %s\n", err.msg);
        return 3;
    }
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
    printf("\n%-12s %-8s %-4s %-22s %-21s %-11s %s\n", "NAME", "VERSION", "ABI", "TECHNOLOGY",
           "CLASS", "C/R/M", "PATH");
    for (int i = 0; i < n; i++) {
        const struct hs_plugin_info *p = &infos[i];
        char crm[32];
        if (p->error) {
            refused++;
            printf("%-12s %-8s %-4s %-22s %-21s %-11s %s\n    refused: %s\n", p->name, "-", "-",
                   "-", "-", "-", p->path, p->error);
        } else {
            /* the scores (chance/risk/maturity) are what compare ranks by */
            snprintf(crm, sizeof crm, "%.1f/%.1f/%.1f", p->chance, p->risk, p->maturity);
            printf("%-12s %-8s %-4d %-22s %-21s %-11s %s\n", p->name, p->version, p->abi_version,
                   p->technology, hs_ha_class_name(p->ha_class), crm, p->path);
        }
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
    /* a refused plugin is a target that cannot be probed: make it visible
     * to scripts (cron, CI) that only look at the exit code */
    return n < 0 ? 3 : refused ? 1 : 0;
}

enum run_kind { RUN_PROBE, RUN_CHECK, RUN_REPORT };

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

/* tests/cli/test-help.sh reads the formats from these strcmp calls */
static int unknown_format(const struct opts *o)
{
    return o->format && strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0 &&
           strcmp(o->format, "html") != 0 && strcmp(o->format, "prometheus") != 0;
}

/* probe, check and report: the whole pipeline, then one renderer. */
static int cmd_run(enum run_kind kind, const struct opts *o, int argc, char **argv)
{
    const struct hs_pipeline_opts po = {.config = o->config,
                                        .state_dir = o->state_dir,
                                        .quiet = o->quiet,
                                        .parallel = o->parallel,
                                        .progress = kind != RUN_CHECK,
                                        .stats = o->stats};
    struct hs_run run;
    hs_error err;
    int rc = 3;

    if (o->nservices && kind != RUN_CHECK) {
        fprintf(stderr, "hascout: --service is an option of check\n");
        return 3;
    }
    if (kind == RUN_REPORT && unknown_format(o)) {
        fprintf(stderr, "hascout: unknown report format '%s' (text, json, html, prometheus)\n",
                o->format);
        return 3;
    }
    hs_error_clear(&err);
    if (hs_run_open(&po, &run, &err) < 0)
        goto fail;
    print_warnings(o); /* the config's, and plugin path entries ignored */
    hs_warn_reset();
    if (hs_run_validate(&run, &err) < 0 || hs_run_select(&run, argv, (size_t)argc, &err) < 0 ||
        (kind != RUN_PROBE && hs_run_lock(&run, &err) < 0) || hs_run_probe(&run, &err) < 0)
        goto fail;
    print_warnings(o); /* the run's: a model that could not be derived */
    hs_run_history(&run);
    if (hs_run_report(&run, kind == RUN_REPORT, &err) < 0 ||
        (o->nservices && hs_report_focus(&run.rep, o->services, o->nservices, &err) < 0))
        goto fail;
    print_debug(o, &run.rep);
    if (render(kind, o, &run.rep) < 0)
        fprintf(stderr, "hascout: cannot write the output: %s\n", strerror(errno));
    else
        rc = (int)run.rep.status;
    goto out;
fail:
    fprintf(stderr, "hascout: %s\n", err.msg);
out:
    hs_run_free(&run);
    return rc;
}

/* Sub-commands with options of their own (hs_cli_ext_find) take the line,
 * with any global options given before them moved after their name.
 * Returns 1 with *rc their exit code when one ran, 0 when the line is
 * ours. */
static int run_extension(int argc, char **argv, int *rc)
{
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-') {
            if (takes_value(argv[i]))
                i++;
            continue;
        }
        if (!hs_cli_ext_find(argv[i]))
            return 0;
        char **v = calloc((size_t)argc + 1, sizeof *v);
        int k = 0;
        if (!v) {
            *rc = 3;
            return 1;
        }
        v[k++] = argv[i];
        for (int j = 1; j < argc; j++)
            if (j != i)
                v[k++] = argv[j];
        *rc = hs_cli_ext_find(argv[i])(k, v);
        free(v);
        return 1;
    }
    return 0;
}

/* -j/--parallel's value into *out: 0, or -1 said on stderr. strtol with an
 * end check: atoi read "5x" as 5 and "" as 0. */
static int parse_parallel(const char *arg, int *out)
{
    char *end;
    long n;
    errno = 0;
    n = strtol(arg, &end, 10);
    if (errno || end == arg || *end || n < 1 || n > 1024) {
        fprintf(stderr,
                "hascout: -j/--parallel takes a whole number from 1 to 1024, "
                "not '%s'\n",
                arg);
        return -1;
    }
    *out = (int)n;
    return 0;
}

/* The global options into *o (optind then points at the command).
 * Returns -1 to go on, or the exit code when the line is done: --help,
 * --version or a bad option. */
static int parse_options(int argc, char **argv, struct opts *o)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},   {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},   {"state-dir", required_argument, NULL, 'S'},
        {"parallel", required_argument, NULL, 'j'}, {"verbose", no_argument, NULL, 'v'},
        {"quiet", no_argument, NULL, 'q'},          {"stats", no_argument, NULL, 'T'},
        {"service", required_argument, NULL, 's'},  {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},        {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "c:f:o:j:vqhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': o->config = optarg; break;
        case 'f': o->format = optarg; break;
        case 'o': o->output = optarg; break;
        case 'S': o->state_dir = optarg; break;
        case 'j':
            if (parse_parallel(optarg, &o->parallel) < 0)
                return 3;
            break;
        case 'v': o->verbose++; break;
        case 'q': o->quiet = 1; break;
        case 'T': o->stats = 1; break;
        case 's': o->services[o->nservices++] = optarg; break;
        case 'h': usage(stdout); return 0;
        case 'V':
            printf("hascout %s (plugin ABI %d)\n", PACKAGE_VERSION, HS_PLUGIN_ABI_VERSION);
            return 0;
        default: usage(stderr); return 3;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return 3;
    }
    return -1;
}

int main(int argc, char **argv)
{
    struct opts o;
    const char *cmd;
    int rc;

    memset(&o, 0, sizeof o);
    if (run_extension(argc, argv, &rc))
        return rc;
    if (!(o.services = calloc((size_t)argc + 1, sizeof *o.services)))
        return 3;
    if ((rc = parse_options(argc, argv, &o)) >= 0)
        goto out;
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
out:
    hs_warn_reset();
    free(o.services);
    return rc;
}
