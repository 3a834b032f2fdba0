/*
 * core/eval/cli.c — `hascout compare`: arguments and orchestration only;
 * numbers come from the library, output from the renderers.
 */
#include "eval/cli.h"
#include "eval/eval.h"
#include "eval/uncertainty.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef HS_DATADIR
#define HS_DATADIR "/usr/local/share/hascout"
#endif

#define EX_OK 0
/* Bad arguments or a bad input file exit 3 (UNKNOWN), as everywhere in hascout
 * (man page, README): 2 reads CRITICAL to anything that runs us like a check. */
#define EX_INPUT 3
#define EX_INTERNAL 3

typedef struct cli {
    bool json, verbose, quiet;
    bool years_set, reps_set, seed_set;
    hs_eval_opts o;
} cli;

static void usage(FILE *f)
{
    fputs("usage: hascout compare [--json] [-v] [-q] [--years N] [--seed S] "
          "[--replications R]\n"
          "                       [--threads T] [--no-simulate] [--uncertainty] "
          "[--samples N]\n"
          "                       [--explain-gain P] [BASE.conf CANDIDATE.conf...]\n"
          "Compares candidate architectures with a baseline: availability "
          "per business service\n(exact and Monte Carlo), importance-"
          "weighted average, technology contributions and\nscores. Without "
          "files: the reference architectures (DATADIR/arch/compare.conf).\n"
          "--uncertainty: how much of each gain survives uncertain rates (paired "
          "samples, default\n10000, seeded by --seed), which input matters most; "
          "--explain-gain P: how the\nbaseline's failure rates or repair times "
          "would have to scale for a gain of P points.\n",
          f);
}

static int num_arg(const char *opt, const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !(v >= lo && v <= hi)) {
        fprintf(stderr,
                "hascout compare: %s '%s': expected a number in "
                "[%g, %g]\n",
                opt, s, lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

/* 0 ok, 1 help printed, -1 bad usage. */
static int parse(int argc, char **argv, cli *c)
{
    static const struct option longs[] = {{"json", no_argument, 0, 'j'},
                                          {"verbose", no_argument, 0, 'v'},
                                          {"years", required_argument, 0, 'y'},
                                          {"seed", required_argument, 0, 's'},
                                          {"replications", required_argument, 0, 'R'},
                                          {"threads", required_argument, 0, 'T'},
                                          {"no-simulate", no_argument, 0, 'n'},
                                          {"uncertainty", no_argument, 0, 'U'},
                                          {"samples", required_argument, 0, 'N'},
                                          {"explain-gain", required_argument, 0, 'E'},
                                          {"quiet", no_argument, 0, 'q'},
                                          {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    double v;
    optind = 0; /* full reset: the core may have used getopt already */
    opterr = 0;
    for (;;) {
        int o = getopt_long(argc, argv, "+vqh", longs, NULL);
        if (o == -1)
            return 0;
        switch (o) {
        case 'j': c->json = true; break;
        case 'v': c->verbose = true; break;
        case 'n': c->o.simulate = false; break;
        case 'q': c->quiet = true; break; /* `hascout -q compare`: no progress line */
        case 'y':
            if (num_arg("--years", optarg, 1e-3, 1e9, &c->o.years))
                return -1;
            c->years_set = true;
            break;
        case 's':
            if (num_arg("--seed", optarg, 0, 1.8e19, &v))
                return -1;
            c->o.seed = strtoull(optarg, NULL, 10);
            c->seed_set = true;
            break;
        case 'R':
            if (num_arg("--replications", optarg, 2, 1000000, &v))
                return -1;
            c->o.replications = (int)v;
            c->reps_set = true;
            break;
        case 'T':
            if (num_arg("--threads", optarg, 1, 256, &v))
                return -1;
            c->o.threads = (int)v;
            break;
        case 'U':
            if (!c->o.samples)
                c->o.samples = HS_UNC_DEFAULT_SAMPLES;
            break;
        case 'N':
            if (num_arg("--samples", optarg, 1, 10000000, &v))
                return -1;
            c->o.samples = (int)v;
            break;
        case 'E':
            if (num_arg("--explain-gain", optarg, -100, 100, &c->o.explain_points))
                return -1;
            c->o.explain = true;
            break;
        case 'h': usage(stdout); return 1;
        default:
            fprintf(stderr,
                    "hascout compare: unknown or incomplete option "
                    "'%s'\n",
                    argv[optind - 1]);
            usage(stderr);
            return -1;
        }
    }
}

/* Writes an option given on the command line into the group, so it wins
 * over the group's own value. -1 when out of memory. */
static int override(config_setting_t *g, const char *key, int type, bool set, double v)
{
    config_setting_t *s;
    if (!set)
        return 0;
    config_setting_remove(g, key);
    if (!(s = config_setting_add(g, key, type)))
        return -1;
    switch (type) {
    case CONFIG_TYPE_FLOAT: return config_setting_set_float(s, v) ? 0 : -1;
    case CONFIG_TYPE_INT: return config_setting_set_int(s, (int)v) ? 0 : -1;
    case CONFIG_TYPE_INT64: return config_setting_set_int64(s, (long long)v) ? 0 : -1;
    default: return config_setting_set_bool(s, (int)v) ? 0 : -1;
    }
}

/* The bundled reference comparison. */
static int reference(const cli *c, const hs_tech_table *defaults, hs_comparison **out,
                     hs_error *err)
{
    const char *d = getenv("HASCOUT_DATADIR");
    char path[4096];
    config_t cfg;
    int rc = -1;
    snprintf(path, sizeof path, "%s/arch/compare.conf", d && *d ? d : HS_DATADIR);
    config_init(&cfg);
    if (hs_model_cfg_include_dir(&cfg, path) < 0) {
        hs_error_fail(err, path, 0, "out of memory");
        goto out;
    }
    if (config_read_file(&cfg, path) != CONFIG_TRUE) {
        hs_error_fail(err, path, config_error_line(&cfg), "%s",
                      config_error_type(&cfg) == CONFIG_ERR_FILE_IO
                          ? "cannot read the reference comparison"
                          : config_error_text(&cfg));
        goto out;
    }
    config_setting_t *g = config_lookup(&cfg, "compare");
    if (!g || !config_setting_is_group(g)) {
        hs_error_fail(err, path, 0, "no 'compare' group");
        goto out;
    }
    if (override(g, "years", CONFIG_TYPE_FLOAT, c->years_set, c->o.years) ||
        override(g, "replications", CONFIG_TYPE_INT, c->reps_set, c->o.replications) ||
        override(g, "seed", CONFIG_TYPE_INT64, c->seed_set, (double)c->o.seed) ||
        override(g, "simulate", CONFIG_TYPE_BOOL, !c->o.simulate, 0) ||
        override(g, "samples", CONFIG_TYPE_INT, c->o.samples > 0, c->o.samples)) {
        hs_error_fail(err, NULL, 0, "out of memory");
        goto out;
    }
    rc = hs_eval_compare_group(g, NULL, defaults, &c->o, out, err);
out:
    config_destroy(&cfg);
    return rc;
}

static int output(const cli *c, const hs_comparison *cmp)
{
    if (c->json) {
        json_object *j = hs_eval_render_json(cmp);
        const char *s = j ? json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY |
                                                                  JSON_C_TO_STRING_NOSLASHESCAPE)
                          : NULL;
        int ok = s && fputs(s, stdout) >= 0 && fputc('\n', stdout) != EOF;
        json_object_put(j);
        if (!ok)
            return -1;
    } else {
        hs_eval_render_text(stdout, cmp, c->verbose);
    }
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : -1;
}

int hs_compare_cli(int argc, char **argv)
{
    cli c = {0};
    hs_tech_table defaults;
    hs_comparison *cmp = NULL;
    hs_error err = {0};
    int rc = EX_INPUT, r;
    hs_tech_table_init(&defaults);
    hs_eval_opts_default(&c.o);
    c.o.progress = isatty(2);
    if ((r = parse(argc, argv, &c)) != 0)
        return r > 0 ? EX_OK : EX_INPUT;
    if (c.quiet)
        c.o.progress = false;
    if (hs_tech_defaults(&defaults, NULL, NULL, &err))
        goto fail;
    if (optind >= argc)
        r = reference(&c, &defaults, &cmp, &err);
    else
        r = hs_eval_compare_files(argv + optind, argc - optind, &defaults, &c.o, &cmp, &err);
    if (r)
        goto fail;
    rc = EX_OK;
    if (output(&c, cmp)) {
        fprintf(stderr, "hascout compare: writing the output failed\n");
        rc = EX_INTERNAL;
    }
    goto out;
fail:
    fprintf(stderr, "hascout compare: %s\n", err.msg);
    /* the library reports allocation failures with this fixed text */
    rc = strstr(err.msg, "out of memory") ? EX_INTERNAL : EX_INPUT;
out:
    hs_comparison_free(cmp);
    hs_tech_table_free(&defaults);
    return rc;
}
