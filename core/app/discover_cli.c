/* discover_cli.c — `hascout model discover [-c CONF] [-o FILE]`: probe
 * every configured target, derive the model (live/discover.h) with the
 * rates of conf/rates.conf, check that the engine reads it back, and write
 * it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/discover_cli.h"
#include "app/pipeline.h"
#include "abi/warn.h"
#include "live/discover.h"
#include "live/drift.h"
#include "model/model.h"
#include "util/atomicfile.h"

#define EX_ERR 3

struct args {
    const char *config, *output, *rates;
    int quiet, parallel, check;
};

static void usage(FILE *f)
{
    fputs("usage: hascout model discover [-c CONF] [-o FILE] [--rates FILE] [-j N] [-q]\n"
          "       hascout model discover --check [-c CONF] [-j N] [-q]\n"
          "Probe every target of CONF and write the availability model they show:\n"
          "one basic event per component found, gates from the plugins' redundancy\n"
          "rules, one service per target, failure and repair rates assumed from\n"
          "rates.conf (marked for you to edit). model analyze, compare, whatif and\n"
          "plan read the result as it is.\n"
          "With --check, compare CONF's own model with what the probes see: model\n"
          "components never observed, observed ones the model lacks, redundancy\n"
          "that differs from what the cluster declares (the model says 2 of 3, the\n"
          "cluster has 5 nodes).\n"
          "Exit: 0 written (--check: no drift), 1 drift found, 3 bad usage, a\n"
          "configuration or model error, or (--check) nothing could be compared.\n",
          f);
}

/* 0 go on, 1 help printed, -1 bad usage (said). */
static int parse(int argc, char **argv, struct args *a)
{
    static const struct option longs[] = {{"config", required_argument, 0, 'c'},
                                          {"output", required_argument, 0, 'o'},
                                          {"rates", required_argument, 0, 'r'},
                                          {"check", no_argument, 0, 'C'},
                                          {"parallel", required_argument, 0, 'j'},
                                          {"quiet", no_argument, 0, 'q'},
                                          {"state-dir", required_argument, 0, 'S'},
                                          {"verbose", no_argument, 0, 'v'},
                                          {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    optind = 0; /* full reset: getopt ran on the global options before */
    for (;;) {
        int o = getopt_long(argc, argv, "+c:o:j:qvh", longs, NULL);
        char *end;
        if (o == -1)
            break;
        switch (o) {
        case 'c': a->config = optarg; break;
        case 'o': a->output = optarg; break;
        case 'r': a->rates = optarg; break;
        case 'C': a->check = 1; break;
        case 'q': a->quiet = 1; break;
        case 'S':
        case 'v': break; /* global options main.c passes along: no use here */
        case 'j':
            a->parallel = (int)strtol(optarg, &end, 10);
            if (*end || a->parallel < 1 || a->parallel > 1024) {
                fprintf(stderr, "hascout model discover: -j takes 1 to 1024, not '%s'\n", optarg);
                return -1;
            }
            break;
        case 'h': usage(stdout); return 1;
        default: usage(stderr); return -1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "hascout model discover: unexpected '%s'\n", argv[optind]);
        return -1;
    }
    return 0;
}

/* The engine must read what discover wrote: a failure here is hascout's own
 * bug, said as such rather than left for `model analyze` to find. */
static int check_readable(const char *text, hs_error *err)
{
    hs_model *m = hs_model_new();
    hs_error merr;
    int rc = -1;

    hs_error_clear(&merr);
    if (!m) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    if (hs_model_load_config_text(m, text, "<discovered>", &merr) < 0 ||
        hs_model_finish(m, &merr) < 0)
        hs_error_set(err, "the discovered model does not load (a hascout bug): %s", merr.msg);
    else
        rc = 0;
    hs_model_free(m);
    return rc;
}

static int write_model(const struct args *a, const char *text, hs_error *err)
{
    if (!a->output || strcmp(a->output, "-") == 0)
        return fputs(text, stdout) == EOF || fflush(stdout)
                   ? hs_error_fail(err, NULL, 0, "stdout: write failed")
                   : 0;
    return hs_atomic_write(a->output, text, strlen(text), 0, err);
}

/* --check: the config's own model against the probes (live/drift.h). */
static int check_drift(const struct args *a)
{
    struct hs_pipeline_opts po = {
        .config = a->config, .quiet = a->quiet, .parallel = a->parallel, .progress = 1};
    struct hs_run run;
    struct hs_drift d = {0};
    hs_error err;
    size_t real;
    int rc = EX_ERR;

    memset(&run, 0, sizeof run);
    hs_error_clear(&err);
    if (hs_run_open(&po, &run, &err) < 0 || hs_run_validate(&run, &err) < 0)
        goto out;
    if (!config_lookup(&run.cfg.cfg, "model")) {
        hs_error_set(&err, "%s has no 'model' to check (discover -o FILE writes one)",
                     run.cfg.path);
        goto out;
    }
    if (hs_run_select(&run, NULL, 0, &err) < 0 || hs_run_probe(&run, &err) < 0 ||
        hs_drift_check(run.live, run.results, run.n, &d, &err) < 0)
        goto out;
    for (size_t i = 0; i < d.n; i++)
        printf("%-10s %s\n", hs_drift_kind_name(d.v[i].kind), d.v[i].text);
    real = hs_drift_count(&d, -1);
    printf("%s: %zu difference%s between the model and what the probes see", run.cfg.path, real,
           real == 1 ? "" : "s");
    if (d.n > real)
        printf("; %zu thing%s not compared (see 'unchecked')", d.n - real,
               d.n - real == 1 ? "" : "s");
    printf("\n");
    rc = real ? 1 : d.n ? EX_ERR : 0;
out:
    if (rc == EX_ERR && err.msg[0])
        fprintf(stderr, "hascout model discover: %s\n", err.msg);
    hs_drift_free(&d);
    hs_run_free(&run);
    return rc;
}

static int discover(const struct args *a)
{
    struct hs_pipeline_opts po = {.config = a->config,
                                  .quiet = a->quiet,
                                  .parallel = a->parallel,
                                  .progress = 1,
                                  .no_discover = 1};
    struct hs_run run;
    struct hs_rates rates;
    struct hs_discover_opts dopts;
    hs_error err;
    char *text = NULL;
    int rc = EX_ERR;

    memset(&run, 0, sizeof run);
    hs_error_clear(&err);
    /* rates first: hs_rates_free needs a table that was loaded, even badly */
    if (hs_rates_load(&rates, a->rates, &err) < 0 || hs_run_open(&po, &run, &err) < 0 ||
        hs_run_select(&run, NULL, 0, &err) < 0 || hs_run_probe(&run, &err) < 0)
        goto out;
    dopts = (struct hs_discover_opts){&rates, run.cfg.path, run.generated};
    if (hs_discover_text(run.results, run.n, &dopts, &text, &err) < 0 ||
        check_readable(text, &err) < 0 || write_model(a, text, &err) < 0)
        goto out;
    rc = 0;
out:
    if (rc && err.msg[0])
        fprintf(stderr, "hascout model discover: %s\n", err.msg);
    for (size_t i = 0; !a->quiet && i < hs_warn_count(); i++)
        fprintf(stderr, "hascout: warning: %s\n", hs_warn_at(i));
    free(text);
    hs_rates_free(&rates);
    hs_run_free(&run);
    return rc;
}

int hs_discover_cli(int argc, char **argv)
{
    struct args a;
    int p;

    memset(&a, 0, sizeof a);
    p = parse(argc, argv, &a);
    if (p != 0)
        return p > 0 ? 0 : EX_ERR;
    if (a.check && a.output) {
        fprintf(stderr, "hascout model discover: --check writes no model: no -o\n");
        return EX_ERR;
    }
    return a.check ? check_drift(&a) : discover(&a);
}
