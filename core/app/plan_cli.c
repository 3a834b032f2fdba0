/* cli.c — arguments and orchestration of `hascout whatif` and `hascout
 * plan`: session (live state) → plan library → renderer → exit code. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "app/plan_cli.h"
#include "plan/plan.h"
#include "plan/render.h"
#include "app/session.h"

#define EX_ERR 3

struct args {
    const char *config, *state_dir, *group, *cmd;
    char *list; /* --down / --rolling, comma-joined (owned) */
    int from_history, json, checklist, quiet, min_margin;
    double duration; /* < 0: the group's or 1 h */
};

static void usage(FILE *f, int plan)
{
    if (!plan)
        fputs("usage: hascout whatif [--config F] [--state-dir D] [--from-history] [--json] [-q]\n"
              "                      --down C1[,C2...]\n"
              "What happens to every service if these model components go down now as well.\n"
              "Exit: 0 every service keeps margin >= 2, 1 all up but some at margin 1,\n"
              "      2 some service down, 3 UNKNOWN state decides it, or an error.\n",
              f);
    else
        fputs(
            "usage: hascout plan [--config F] [--state-dir D] [--from-history]\n"
            "                    [--json | --checklist] [--min-margin N] [--duration H] [-q]\n"
            "                    --rolling C1,C2,... | --group NAME\n"
            "An order to take the components down one at a time, every service kept at\n"
            "margin >= N (default 1), with the availability at risk of every step.\n"
            "Exit: 0 safe order found, 2 no safe order, 3 UNKNOWN state decides it, or an error.\n",
            f);
}

/* Append "a,b" to the comma-joined list (options may repeat). */
static int add_list(char **list, const char *more)
{
    size_t old = *list ? strlen(*list) : 0;
    char *n = realloc(*list, old + strlen(more) + 2);
    if (!n)
        return -1;
    if (old)
        n[old++] = ',';
    memcpy(n + old, more, strlen(more) + 1);
    *list = n;
    return 0;
}

static int number(const char *cmd, const char *opt, const char *s, double lo, double hi,
                  double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    if (end == s || *end || errno || !(*out >= lo && *out <= hi)) {
        fprintf(stderr, "hascout %s: %s '%s': expected a number from %g to %g\n", cmd, opt, s, lo,
                hi);
        return -1;
    }
    return 0;
}

/* 0 ok, 1 help printed, -1 bad usage (message printed). */
static int parse(int argc, char **argv, int plan, struct args *a)
{
    static const struct option longs[] = {{"config", required_argument, 0, 'c'},
                                          {"state-dir", required_argument, 0, 'S'},
                                          {"from-history", no_argument, 0, 'H'},
                                          {"json", no_argument, 0, 'j'},
                                          {"checklist", no_argument, 0, 'k'},
                                          {"quiet", no_argument, 0, 'q'},
                                          {"down", required_argument, 0, 'd'},
                                          {"rolling", required_argument, 0, 'r'},
                                          {"group", required_argument, 0, 'g'},
                                          {"min-margin", required_argument, 0, 'm'},
                                          {"duration", required_argument, 0, 'D'},
                                          {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    double v;
    a->cmd = plan ? "plan" : "whatif";
    a->min_margin = -1;
    a->duration = -1;
    optind = 0; /* full reset: getopt may have run before */
    opterr = 0;
    for (;;) {
        int o = getopt_long(argc, argv, "+c:qh", longs, NULL);
        if (o == -1)
            break;
        /* options of the other command are refused, not ignored */
        if (!plan && (o == 'k' || o == 'r' || o == 'g' || o == 'm' || o == 'D'))
            o = '?';
        if (plan && o == 'd')
            o = '?';
        switch (o) {
        case 'c': a->config = optarg; break;
        case 'S': a->state_dir = optarg; break;
        case 'H': a->from_history = 1; break;
        case 'j': a->json = 1; break;
        case 'k': a->checklist = 1; break;
        case 'q': a->quiet = 1; break;
        case 'g': a->group = optarg; break;
        case 'd':
        case 'r':
            if (add_list(&a->list, optarg) < 0) {
                fprintf(stderr, "hascout %s: out of memory\n", a->cmd);
                return -1;
            }
            break;
        case 'm':
            if (number(a->cmd, "--min-margin", optarg, 0, 1000, &v) < 0)
                return -1;
            if (v != floor(v)) {
                fprintf(stderr, "hascout plan: --min-margin '%s': expected a whole number\n",
                        optarg);
                return -1;
            }
            a->min_margin = (int)v;
            break;
        case 'D':
            if (number(a->cmd, "--duration", optarg, 1e-6, 87600, &v) < 0)
                return -1;
            a->duration = v;
            break;
        case 'h': usage(stdout, plan); return 1;
        default:
            fprintf(stderr, "hascout %s: unknown or incomplete option '%s'\n", a->cmd,
                    argv[optind - 1]);
            usage(stderr, plan);
            return -1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "hascout %s: unexpected argument '%s'\n", a->cmd, argv[optind]);
        return -1;
    }
    if (a->json && a->checklist) {
        fprintf(stderr, "hascout plan: --json and --checklist exclude each other\n");
        return -1;
    }
    if (plan && !!a->list == !!a->group) {
        fprintf(stderr, "hascout plan: give either --rolling C1,C2,... or --group NAME\n");
        return -1;
    }
    if (!plan && !a->list) {
        fprintf(stderr, "hascout whatif: --down C1[,C2...] is required\n");
        return -1;
    }
    return 0;
}

/* The live state from the session, or an error message. */
static int open_session(const struct args *a, struct hs_session *s, struct hs_plan_ctx *ctx)
{
    struct hs_session_opts so = {.config = a->config,
                                 .state_dir = a->state_dir,
                                 .from_history = a->from_history,
                                 .quiet = a->quiet};
    hs_error err;
    hs_error_clear(&err);
    if (hs_session_open(&so, s, &err) < 0) {
        fprintf(stderr, "hascout %s: %s\n", a->cmd, err.msg);
        return -1;
    }
    ctx->config = a->config;
    ctx->state_dir = a->state_dir;
    ctx->from_history = a->from_history;
    ctx->state_time = s->state_time;
    return 0;
}

/* Names → event indices; *idx caller-owned. */
static int resolve(const struct args *a, const struct hs_live *lv, char *const *names, size_t n,
                   int **idx)
{
    hs_error err;
    hs_error_clear(&err);
    *idx = calloc(n + 1, sizeof **idx);
    if (!*idx) {
        fprintf(stderr, "hascout %s: out of memory\n", a->cmd);
        return -1;
    }
    if (hs_plan_resolve(lv, names, n, *idx, &err) < 0) {
        fprintf(stderr, "hascout %s: %s\n", a->cmd, err.msg);
        return -1;
    }
    return 0;
}

static int finish_output(const char *cmd, int wrote)
{
    if (wrote < 0 || fflush(stdout) != 0) {
        fprintf(stderr, "hascout %s: cannot write the output: %s\n", cmd, strerror(errno));
        return -1;
    }
    return 0;
}

int hs_whatif_cli(int argc, char **argv)
{
    struct args a = {0};
    struct hs_session s;
    struct hs_plan_ctx ctx = {0};
    struct hs_whatif w = {0};
    char **names = NULL;
    size_t n = 0;
    int *idx = NULL, rc = EX_ERR, p;
    hs_error err;

    memset(&s, 0, sizeof s);
    hs_error_clear(&err);
    p = parse(argc, argv, 0, &a);
    if (p != 0) {
        rc = p > 0 ? 0 : EX_ERR;
        goto out;
    }
    if (hs_plan_split_names(a.list, &names, &n, &err) < 0) {
        fprintf(stderr, "hascout whatif: --down: %s\n", err.msg);
        goto out;
    }
    if (open_session(&a, &s, &ctx) < 0 || resolve(&a, s.run.live, names, n, &idx) < 0)
        goto out;
    if (hs_whatif_compute(s.run.live, idx, n, &w, &err) < 0) {
        fprintf(stderr, "hascout whatif: %s\n", err.msg);
        goto out;
    }
    if (finish_output("whatif", a.json ? hs_whatif_render_json(stdout, s.run.live, &w, &ctx)
                                       : hs_whatif_render_text(stdout, s.run.live, &w, &ctx)) < 0)
        goto out;
    rc = w.verdict;
out:
    hs_whatif_free(&w);
    free(idx);
    hs_plan_names_free(names, n);
    hs_session_free(&s);
    free(a.list);
    return rc;
}

int hs_plan_cli(int argc, char **argv)
{
    struct args a = {0};
    struct hs_session s;
    struct hs_plan_ctx ctx = {0};
    struct hs_plan plan = {0};
    struct hs_plan_group g = {0};
    struct hs_plan_opts po = {.duration = 1.0, .min_margin = 1};
    char **names = NULL;
    size_t n = 0;
    int *idx = NULL, rc = EX_ERR, p, wrote;
    hs_error err;

    memset(&s, 0, sizeof s);
    hs_error_clear(&err);
    p = parse(argc, argv, 1, &a);
    if (p != 0) {
        rc = p > 0 ? 0 : EX_ERR;
        goto out;
    }
    if (a.list && hs_plan_split_names(a.list, &names, &n, &err) < 0) {
        fprintf(stderr, "hascout plan: --rolling: %s\n", err.msg);
        goto out;
    }
    if (open_session(&a, &s, &ctx) < 0)
        goto out;
    if (a.group) {
        if (hs_plan_group_read(&s.run.cfg.cfg, a.group, &g, &err) < 0) {
            fprintf(stderr, "hascout plan: %s\n", err.msg);
            goto out;
        }
        names = calloc(g.nmembers + 1, sizeof *names);
        if (!names)
            goto oom;
        for (n = 0; n < g.nmembers; n++)
            if (!(names[n] = strdup(g.members[n])))
                goto oom;
        po.duration = g.duration;
        po.min_margin = g.min_margin;
        ctx.group = a.group;
    }
    if (a.duration > 0)
        po.duration = a.duration;
    if (a.min_margin >= 0)
        po.min_margin = a.min_margin;
    if (resolve(&a, s.run.live, names, n, &idx) < 0)
        goto out;
    if (hs_plan_rolling(s.run.live, idx, n, &po, &plan, &err) < 0) {
        fprintf(stderr, "hascout plan: %s\n", err.msg);
        goto out;
    }
    wrote = a.json        ? hs_plan_render_json(stdout, s.run.live, &plan, &ctx)
            : a.checklist ? hs_plan_render_checklist(stdout, s.run.live, &plan, &ctx)
                          : hs_plan_render_text(stdout, s.run.live, &plan, &ctx);
    if (finish_output("plan", wrote) < 0)
        goto out;
    rc = plan.verdict;
    goto out;
oom:
    fprintf(stderr, "hascout plan: out of memory\n");
out:
    hs_plan_free(&plan);
    hs_plan_group_free(&g);
    free(idx);
    hs_plan_names_free(names, n);
    hs_session_free(&s);
    free(a.list);
    return rc;
}
