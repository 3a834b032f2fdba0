/* calibrate_cli.c — `hascout model calibrate`: the configuration's model
 * against its own history (live/calibrate.h): per component the failures
 * and repairs seen, observed and posterior MTTF/MTTR with 90 % intervals,
 * the assumptions the evidence contradicts; -o writes the configuration
 * with the posterior rates, which analyze, compare, whatif and plan read. */
#include <getopt.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/discover_cli.h"
#include "app/pipeline.h"
#include "live/calibrate.h"
#include "util/atomicfile.h"

#define EX_ERR 3

struct cargs {
    const char *config, *state_dir, *output;
    double window_days, strength;
    int json, quiet;
};

static void usage(FILE *f)
{
    fputs("usage: hascout model calibrate [-c CONF] [--state-dir D] [--window DAYS]\n"
          "                               [--strength S] [--json] [-o FILE] [-q]\n"
          "Failure and repair rates learned from the history (default window 30 days):\n"
          "per model component the failures and repairs seen, the observed MTTF/MTTR\n"
          "with 90 % intervals, and the model's assumption updated by them (a Gamma\n"
          "prior worth S observed events, default 2). Components whose evidence\n"
          "contradicts the assumption are flagged. -o FILE writes the configuration\n"
          "with the calibrated rates (then: hascout compare CONF FILE).\n"
          "Exit: 0 no assumption contradicted, 1 some are, 3 bad usage or an error.\n",
          f);
}

static int number(const char *opt, const char *s, double lo, double hi, double *out)
{
    char *end;
    *out = strtod(s, &end);
    if (end == s || *end || !(*out >= lo && *out <= hi)) {
        fprintf(stderr, "hascout model calibrate: %s takes a number from %g to %g, not '%s'\n", opt,
                lo, hi, s);
        return -1;
    }
    return 0;
}

/* 0 go on, 1 help printed, -1 bad usage (said). */
static int parse(int argc, char **argv, struct cargs *a)
{
    static const struct option longs[] = {
        {"config", required_argument, 0, 'c'},   {"state-dir", required_argument, 0, 'S'},
        {"output", required_argument, 0, 'o'},   {"window", required_argument, 0, 'w'},
        {"strength", required_argument, 0, 's'}, {"json", no_argument, 0, 'J'},
        {"quiet", no_argument, 0, 'q'},          {"verbose", no_argument, 0, 'v'},
        {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};
    a->window_days = 30;
    a->strength = HS_CALIB_STRENGTH;
    optind = 0;
    for (;;) {
        int o = getopt_long(argc, argv, "+c:o:qvh", longs, NULL);
        if (o == -1)
            break;
        switch (o) {
        case 'c': a->config = optarg; break;
        case 'S': a->state_dir = optarg; break;
        case 'o': a->output = optarg; break;
        case 'J': a->json = 1; break;
        case 'q': a->quiet = 1; break;
        case 'v': break;
        case 'w':
            if (number("--window", optarg, 0.01, 3650, &a->window_days) < 0)
                return -1;
            break;
        case 's':
            if (number("--strength", optarg, 0.01, 1e6, &a->strength) < 0)
                return -1;
            break;
        case 'h': usage(stdout); return 1;
        default: usage(stderr); return -1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "hascout model calibrate: unexpected '%s'\n", argv[optind]);
        return -1;
    }
    return 0;
}

/* "123.4 [56.7, 300.2]" of a mean time and its interval, or "-". */
static void fmt_time(char *buf, size_t len, double v, double lo, double hi)
{
    if (isnan(v) && isnan(lo))
        snprintf(buf, len, "-");
    else if (isnan(v))
        snprintf(buf, len, ">%.4g", lo);
    else
        snprintf(buf, len, "%.4g [%.3g, %.3g]", v, lo, hi);
}

static void print_text(const struct hs_calib *cal, FILE *out)
{
    char a[64], o[64], p[64];
    fprintf(out,
            "window %.1f days, prior worth %g events; times in hours, [90 %% interval]\n"
            "%-24s %5s %9s %10s %22s %22s %5s %8s %22s %22s  %s\n",
            (cal->to - cal->from) / 86400.0, cal->strength, "COMPONENT", "FAILS", "UP_h",
            "MTTF_MODEL", "MTTF_OBSERVED", "MTTF_CALIBRATED", "REPS", "MTTR_MOD", "MTTR_OBSERVED",
            "MTTR_CALIBRATED", "FLAG");
    for (size_t i = 0; i < cal->n; i++) {
        const struct hs_calib_comp *c = &cal->comps[i];
        const char *flag = c->fail.contradicts && c->repair.contradicts ? "MTTF,MTTR"
                           : c->fail.contradicts                        ? "MTTF"
                           : c->repair.contradicts                      ? "MTTR"
                           : c->seen                                    ? ""
                                                                        : "no history";
        snprintf(a, sizeof a, "%.4g", c->fail.assumed);
        fmt_time(o, sizeof o, c->fail.obs, c->fail.obs_lo, c->fail.obs_hi);
        fmt_time(p, sizeof p, c->fail.post, c->fail.post_lo, c->fail.post_hi);
        fprintf(out, "%-24s %5d %9.1f %10s %22s %22s", c->name, c->fail.events, c->up_h, a, o, p);
        snprintf(a, sizeof a, "%.4g", c->repair.assumed);
        fmt_time(o, sizeof o, c->repair.obs, c->repair.obs_lo, c->repair.obs_hi);
        fmt_time(p, sizeof p, c->repair.post, c->repair.post_lo, c->repair.post_hi);
        fprintf(out, " %5d %8s %22s %22s  %s\n", c->repair.events, a, o, p, flag);
    }
}

static json_object *jnum(double v)
{
    return isfinite(v) ? json_object_new_double(v) : NULL;
}

static json_object *jrate(const struct hs_calib_rate *r)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "assumed_h", jnum(r->assumed));
    json_object_object_add(o, "events", json_object_new_int(r->events));
    json_object_object_add(o, "exposure_h", jnum(r->exposure));
    json_object_object_add(o, "observed_h", jnum(r->obs));
    json_object_object_add(o, "observed_low_h", jnum(r->obs_lo));
    json_object_object_add(o, "observed_high_h", jnum(r->obs_hi));
    json_object_object_add(o, "calibrated_h", jnum(r->post));
    json_object_object_add(o, "calibrated_low_h", jnum(r->post_lo));
    json_object_object_add(o, "calibrated_high_h", jnum(r->post_hi));
    json_object_object_add(o, "contradicts", json_object_new_boolean(r->contradicts));
    return o;
}

static void print_json(const struct hs_calib *cal, FILE *out)
{
    json_object *root = json_object_new_object(), *cs = json_object_new_array();
    json_object_object_add(root, "window_days", jnum((cal->to - cal->from) / 86400.0));
    json_object_object_add(root, "prior_strength", jnum(cal->strength));
    for (size_t i = 0; i < cal->n; i++) {
        const struct hs_calib_comp *c = &cal->comps[i];
        json_object *o = json_object_new_object();
        json_object_object_add(o, "name", json_object_new_string(c->name));
        json_object_object_add(o, "seen", json_object_new_boolean(c->seen));
        json_object_object_add(o, "up_h", jnum(c->up_h));
        json_object_object_add(o, "down_h", jnum(c->down_h));
        json_object_object_add(o, "failure", jrate(&c->fail));
        json_object_object_add(o, "repair", jrate(&c->repair));
        json_object_array_add(cs, o);
    }
    json_object_object_add(root, "components", cs);
    fprintf(out, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY));
    json_object_put(root);
}

/* Replace one model component's rates by the calibrated ones, saying so. */
static int rewrite_component(config_setting_t *g, const struct hs_calib_comp *c)
{
    static const char *const rates[] = {"mttf",         "mttr",           "lambda",  "mu",
                                        "availability", "unavailability", "comment", NULL};
    char note[512];
    config_setting_t *s;
    if (!c->seen || !isfinite(c->fail.post) || !isfinite(c->repair.post))
        return 0;
    for (int k = 0; rates[k]; k++)
        while (config_setting_get_member(g, rates[k]))
            config_setting_remove(g, rates[k]);
    snprintf(note, sizeof note,
             "calibrated from history: %d failures in %.1f h up, %d repairs in %.1f h; assumed "
             "MTTF %.6g h, MTTR %.6g h",
             c->fail.events, c->up_h, c->repair.events, c->repair.exposure, c->fail.assumed,
             c->repair.assumed);
    if (!(s = config_setting_add(g, "mttf", CONFIG_TYPE_FLOAT)) ||
        !config_setting_set_float(s, c->fail.post) ||
        !(s = config_setting_add(g, "mttr", CONFIG_TYPE_FLOAT)) ||
        !config_setting_set_float(s, c->repair.post) ||
        !(s = config_setting_add(g, "comment", CONFIG_TYPE_STRING)) ||
        !config_setting_set_string(s, note))
        return -1;
    return 0;
}

static int write_calibrated(config_t *cfg, const struct hs_calib *cal, const char *path,
                            hs_error *err)
{
    config_setting_t *comps = config_lookup(cfg, "model.components");
    char *buf = NULL;
    size_t len = 0;
    FILE *f;
    int rc = -1;

    for (int i = 0; comps && i < config_setting_length(comps); i++) {
        config_setting_t *g = config_setting_get_elem(comps, (unsigned)i);
        const char *name = NULL;
        config_setting_lookup_string(g, "name", &name);
        for (size_t k = 0; name && k < cal->n; k++)
            if (strcmp(cal->comps[k].name, name) == 0 && rewrite_component(g, &cal->comps[k]) < 0)
                return hs_error_fail(err, NULL, 0, "out of memory");
    }
    if (!(f = open_memstream(&buf, &len)))
        return hs_error_fail(err, NULL, 0, "out of memory");
    fputs("# Written by `hascout model calibrate`: the configuration with each observed\n"
          "# component's failure and repair rates replaced by the calibrated ones (see\n"
          "# their comments). Compare: hascout compare ORIGINAL THIS-FILE\n",
          f);
    config_write(cfg, f);
    if (fclose(f) == 0)
        rc = hs_atomic_write(path, buf, len, 0, err);
    else
        hs_error_set(err, "out of memory");
    free(buf);
    return rc;
}

static int calibrate(const struct cargs *a)
{
    struct hs_pipeline_opts po = {
        .config = a->config, .state_dir = a->state_dir, .quiet = a->quiet};
    struct hs_run run;
    struct hs_calib cal = {0};
    hs_error err;
    double now = (double)time(NULL), from = now - a->window_days * 86400.0;
    char warning[512];
    int rc = EX_ERR, flagged = 0;

    memset(&run, 0, sizeof run);
    hs_error_clear(&err);
    if (hs_run_open(&po, &run, &err) < 0 ||
        hs_live_build(&run.cfg.cfg, NULL, 0, NULL, &run.live, &err) < 0)
        goto out;
    if (!run.live) {
        hs_error_set(&err,
                     "%s has no 'model' to calibrate (`hascout model discover -o FILE` writes "
                     "one to @include)",
                     run.cfg.path);
        goto out;
    }
    if (hs_calibrate_dir(run.live, run.state_dir, from, now, run.cfg.history_max_gap, a->strength,
                         &cal, warning, sizeof warning, &err) < 0)
        goto out;
    if (warning[0] && !a->quiet)
        fprintf(stderr, "hascout model calibrate: warning: %s\n", warning);
    if (a->json)
        print_json(&cal, stdout);
    else
        print_text(&cal, stdout);
    if (a->output && write_calibrated(&run.cfg.cfg, &cal, a->output, &err) < 0)
        goto out;
    for (size_t i = 0; i < cal.n; i++)
        flagged |= cal.comps[i].fail.contradicts || cal.comps[i].repair.contradicts;
    rc = flagged ? 1 : 0;
out:
    if (rc == EX_ERR && err.msg[0])
        fprintf(stderr, "hascout model calibrate: %s\n", err.msg);
    hs_calib_free(&cal);
    hs_run_free(&run);
    return rc;
}

int hs_calibrate_cli(int argc, char **argv)
{
    struct cargs a;
    int p;
    memset(&a, 0, sizeof a);
    p = parse(argc, argv, &a);
    if (p != 0)
        return p > 0 ? 0 : EX_ERR;
    return calibrate(&a);
}
