/*
 * core/model/cli.c — `hascout model analyze|simulate FILE...`: argument
 * parsing and orchestration only; numbers come from the library, output
 * from render.c.
 */
#include "model/cli.h"
#include "model/bdd.h"
#include "model/importance.h"
#include "model/mcs.h"
#include "model/order.h"
#include "model/progress.h"
#include "model/render.h"
#include "model/sim.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EX_OK 0
/* Bad arguments or a bad input file exit 3 (UNKNOWN), as everywhere in hascout
 * (man page, README): 2 reads CRITICAL to anything that runs us like a check. */
#define EX_INPUT 3
#define EX_INTERNAL 3

typedef struct cli_opts {
    bool json, mcs, importance;
    int order;
    double cutoff;
    long limit;
    const char *top;
    char **down, **up;
    int n_down, n_up;
    int max_nodes;
    int var_order; /* 0: try them all; 1 + hs_order: that one */
    bool race;     /* --var-order race: in worker processes */
    double years;
    unsigned long long seed;
    int threads, replications;
} cli_opts;

static void usage(FILE *f)
{
    fputs("usage: hascout model analyze FILE... [--format text|json | "
          "--json] [--mcs [--order N]\n"
          "                              [--cutoff P] [--limit N]]"
          "\n"
          "                              [--importance] [--top NAME] "
          "[--down EVENT]... [--up EVENT]...\n"
          "                              [--max-nodes N] [--var-order "
          "rounds|race|{large|small|dfs|shared}[+sift|+factor]]\n"
          "       hascout model simulate FILE... --years N [--seed S] "
          "[--threads T] [--replications R]\n"
          "                              [--top NAME] [--format text|json | "
          "--json] [--down EVENT]... [--up EVENT]...\n"
          "FILE: Open-PSA MEF XML (several may be combined) or a hascout "
          "config with a `model` group.\n",
          f);
}

static int num_arg(const char *opt, const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !(v >= lo && v <= hi)) {
        fprintf(stderr,
                "hascout model: %s '%s': expected a number in "
                "[%g, %g]\n",
                opt, s, lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

static int push(char ***list, int *n, const char *s)
{
    char **l = realloc(*list, (size_t)(*n + 1) * sizeof *l);
    if (!l)
        return -1;
    l[(*n)++] = (char *)s;
    *list = l;
    return 0;
}

static const struct option model_options[] = {
    {"format", required_argument, 0, 'f'},
    {"json", no_argument, 0, 'j'}, /* as compare, whatif and plan take it */
    {"mcs", no_argument, 0, 'm'},
    {"order", required_argument, 0, 'n'},
    {"cutoff", required_argument, 0, 'c'},
    {"limit", required_argument, 0, 'l'},
    {"importance", no_argument, 0, 'i'},
    {"top", required_argument, 0, 't'},
    {"down", required_argument, 0, 'D'},
    {"up", required_argument, 0, 'U'},
    {"max-nodes", required_argument, 0, 'N'},
    {"var-order", required_argument, 0, 'V'},
    {"years", required_argument, 0, 'y'},
    {"seed", required_argument, 0, 's'},
    {"threads", required_argument, 0, 'T'},
    {"replications", required_argument, 0, 'R'},
    {"help", no_argument, 0, 'h'},
    {0, 0, 0, 0}};

static bool is_sim_option(int c)
{
    return c == 'y' || c == 's' || c == 'T' || c == 'R';
}

static bool is_analysis_option(int c)
{
    return c == 'm' || c == 'n' || c == 'c' || c == 'l' || c == 'i' || c == 'N' || c == 'V';
}

/* --format, --json, --top, --down and --up: both subcommands take them. */
static bool is_common_option(int c)
{
    return c == 'f' || c == 'j' || c == 't' || c == 'D' || c == 'U';
}

static int parse_common_option(int c, const char *arg, cli_opts *o)
{
    switch (c) {
    case 'f':
        if (strcmp(arg, "json") && strcmp(arg, "text")) {
            fprintf(stderr, "hascout model: --format must be text or json\n");
            return -1;
        }
        o->json = strcmp(arg, "json") == 0;
        return 0;
    case 'j': o->json = true; return 0;
    case 't': o->top = arg; return 0;
    default: /* 'D', 'U' */
        if (push(c == 'D' ? &o->down : &o->up, c == 'D' ? &o->n_down : &o->n_up, arg)) {
            fprintf(stderr, "hascout model: out of memory\n");
            return -1;
        }
        return 0;
    }
}

/* "rounds" or "race" (0, the latter in worker processes) or one
 * strategy's name (1 + its index). */
static int parse_var_order(const char *arg, cli_opts *o)
{
    o->var_order = -1;
    for (int i = 1; i <= hs_bdd_strategy_count(); i++)
        if (strcmp(arg, hs_bdd_strategy_name(i)) == 0)
            o->var_order = i;
    if (strcmp(arg, "race") == 0 || strcmp(arg, "rounds") == 0)
        o->var_order = 0;
    o->race = strcmp(arg, "race") == 0;
    if (o->var_order < 0) {
        fprintf(stderr, "hascout model: --var-order must be rounds, race or an "
                        "order (large, small, dfs, shared), alone or with "
                        "+sift or +factor\n");
        return -1;
    }
    return 0;
}

static int parse_analysis_option(int c, const char *arg, cli_opts *o)
{
    double v;
    switch (c) {
    case 'm': o->mcs = true; return 0;
    case 'i': o->importance = true; return 0;
    case 'n':
        if (num_arg("--order", arg, 1, 65535, &v))
            return -1;
        o->order = (int)v;
        o->mcs = true; /* an order asks for the cut sets */
        return 0;
    case 'c': return num_arg("--cutoff", arg, 0, 1, &o->cutoff);
    case 'l':
        if (num_arg("--limit", arg, -1, 1e12, &v))
            return -1;
        o->limit = (long)v;
        return 0;
    case 'N':
        if (num_arg("--max-nodes", arg, 1000, 1 << 30, &v))
            return -1;
        o->max_nodes = (int)v;
        return 0;
    default: /* 'V' */ return parse_var_order(arg, o);
    }
}

static int parse_sim_option(int c, const char *arg, cli_opts *o)
{
    double v;
    switch (c) {
    case 'y': return num_arg("--years", arg, 1e-6, 1e12, &o->years);
    case 's':
        /* num_arg checks the range; strtoull keeps all 64 bits */
        if (num_arg("--seed", arg, 0, 1.8e19, &v))
            return -1;
        o->seed = strtoull(arg, NULL, 10);
        return 0;
    case 'T':
        if (num_arg("--threads", arg, 1, 256, &v))
            return -1;
        o->threads = (int)v;
        return 0;
    default: /* 'R' */
        if (num_arg("--replications", arg, 2, 1000000, &v))
            return -1;
        o->replications = (int)v;
        return 0;
    }
}

/* An option of the other subcommand is an error, not silently ignored. */
static int check_applies(int c, bool sim)
{
    if (!(sim && is_analysis_option(c)) && !(!sim && is_sim_option(c)))
        return 0;
    const char *name = NULL;
    for (int i = 0; model_options[i].name; i++)
        if (model_options[i].val == c)
            name = model_options[i].name;
    fprintf(stderr, "hascout model %s: --%s does not apply\n", sim ? "simulate" : "analyze", name);
    return -1;
}

/* Parses options; *first_file is the index of the first file in argv.
 * 1 after --help, -1 on an error (reported). */
static int parse(int argc, char **argv, bool sim, cli_opts *o, int *first_file)
{
    optind = 0; /* full reset: the core may have used getopt already */
    opterr = 0;
    for (;;) {
        int c = getopt_long(argc, argv, "h", model_options, NULL), rc;
        if (c == -1)
            break;
        if (check_applies(c, sim))
            return -1;
        if (c == 'h') {
            usage(stdout);
            return 1;
        } else if (is_sim_option(c)) {
            rc = parse_sim_option(c, optarg, o);
        } else if (is_analysis_option(c)) {
            rc = parse_analysis_option(c, optarg, o);
        } else if (is_common_option(c)) {
            rc = parse_common_option(c, optarg, o);
        } else {
            fprintf(stderr,
                    "hascout model: unknown or incomplete option "
                    "'%s'\n",
                    argv[optind - 1]);
            return -1;
        }
        if (rc)
            return -1;
    }
    if (optind >= argc) {
        fprintf(stderr, "hascout model: no model file given\n");
        usage(stderr);
        return -1;
    }
    if (sim && !(o->years > 0)) {
        fprintf(stderr, "hascout model simulate: --years N is required\n");
        return -1;
    }
    *first_file = optind;
    return 0;
}

static int probabilities(const hs_model *m, const cli_opts *o, double *q, signed char *force,
                         bool need_q)
{
    hs_error err = {0};
    if (need_q && hs_model_default_q(m, q, &err)) {
        fprintf(stderr, "hascout model: %s\n", err.msg);
        return -1;
    }
    if (force)
        memset(force, -1, (size_t)m->n_events);
    for (int pass = 0; pass < 2; pass++) {
        char **l = pass ? o->up : o->down;
        int n = pass ? o->n_up : o->n_down;
        for (int i = 0; i < n; i++) {
            int id = hs_model_find(m, l[i]);
            if (id < 0 || m->nodes[id].kind != HS_NODE_EVENT) {
                fprintf(stderr,
                        "hascout model: --%s '%s': no such basic "
                        "event\n",
                        pass ? "up" : "down", l[i]);
                return -1;
            }
            q[m->nodes[id].event] = pass ? 0.0 : 1.0;
            if (force)
                force[m->nodes[id].event] = pass ? 0 : 1;
        }
    }
    return 0;
}

static int select_tops(const hs_model *m, const char *name, int *first, int *last)
{
    if (!name) {
        *first = 0;
        *last = m->n_tops;
        return 0;
    }
    int t = hs_model_find_top(m, name);
    if (t < 0) {
        fprintf(stderr,
                "hascout model: --top '%s': no such top event or "
                "service (have:",
                name);
        for (int i = 0; i < m->n_tops; i++)
            fprintf(stderr, " %s", m->tops[i].name);
        fputs(")\n", stderr);
        return -1;
    }
    *first = t;
    *last = t + 1;
    return 0;
}

/* Cut-set order used when the exact diagram is out of reach and no --order
 * was given: order 4 cost nus9601 (1,567 events) 0.5 s, each order more
 * seven to eight times that (5: 3.8 s, 6: 32 s and 2 GB). */
#define FALLBACK_ORDER 4

/* The answer for trees too hard for an exact BDD (ERR says why): the
 * minimal cut sets up to an order limit, built from the circuit, and the
 * min-cut upper bound (or rare-event sum) as the unavailability, flagged
 * approximate everywhere it is printed. */
static int approximate(const hs_model *m, const cli_opts *o, char *const *files, int n_files,
                       double t0, const double *q, int first, int last, hs_error *err)
{
    int rc = EX_INTERNAL, n = 0;
    int order = o->order > 0 ? o->order : FALLBACK_ORDER;
    hs_top_result *res = calloc((size_t)(last - first), sizeof *res);
    if (!res)
        goto out;
    fprintf(stderr,
            "hascout model: %s; approximating from the minimal cut "
            "sets of order <= %d instead%s\n",
            err->msg, order, o->importance ? " (no importance measures without the BDD)" : "");
    for (int t = first; t < last; t++, n++) {
        hs_top_result *r = &res[n];
        r->top = t;
        r->q = q;
        r->bdd_nodes = -1;
        r->coherent = true;
        r->approx = true;
        r->steady = (hs_steady){NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0};
        hs_mcs_opts mo = {order, o->cutoff, o->mcs ? o->limit : 0, isatty(2), true};
        if (hs_mcs_compute_circuit(m, t, q, &mo, &r->mcs, err)) {
            fprintf(stderr, "hascout model: %s\n", err->msg);
            goto out;
        }
        /* beside the certain lower bound, an estimate of the whole
         * probability with its interval (fixed seed: reproducible), drawn
         * for what the bound's cut sets leave out */
        if (hs_mc_estimate_beyond(m, t, q, r->mcs, 0, 1, &r->mc, err)) {
            fprintf(stderr, "hascout model: %s\n", err->msg);
            goto out;
        }
        r->has_mc = true;
        r->p = NAN;
    }
    double now = hs_progress_now();
    hs_analysis_info info = {n_files, files, now - t0, now - t0, order, o->limit};
    if (o->json)
        hs_render_analysis_json(stdout, m, &info, res, n);
    else
        hs_render_analysis_text(stdout, m, &info, res, n);
    rc = fflush(stdout) == 0 ? EX_OK : EX_INTERNAL;
out:
    for (int i = 0; res && i < last - first; i++)
        hs_mcs_free(res[i].mcs);
    free(res);
    return rc;
}

static int analyze(const hs_model *m, const cli_opts *o, char *const *files, int n_files, double t0)
{
    int rc = EX_INTERNAL, first = 0, last = 0, n = 0;
    hs_error err = {0};
    hs_bdd *b = NULL;
    hs_top_result *res = NULL;
    double *q = malloc((size_t)(m->n_events + 1) * sizeof *q);
    bool tty = isatty(2);
    if (!q) {
        fprintf(stderr, "hascout model: out of memory\n");
        goto out;
    }
    rc = EX_INPUT;
    if (select_tops(m, o->top, &first, &last) || probabilities(m, o, q, NULL, true))
        goto out;
    rc = EX_INTERNAL;
    /* Modules make the exact analysis of large trees cheap; cut sets need
     * the whole tree in one diagram. */
    hs_bdd_opts bo = {.max_nodes = o->max_nodes,
                      .progress = tty,
                      .only_order = o->var_order,
                      .flat = o->mcs,
                      .race = o->race};
    int brc = hs_bdd_build(m, &bo, &b, &err);
    if (brc == HS_BDD_TOO_HARD) {
        rc = approximate(m, o, files, n_files, t0, q, first, last, &err);
        goto out;
    }
    if (brc) {
        fprintf(stderr, "hascout model: %s\n", err.msg);
        goto out;
    }
    double t_build = hs_progress_now();
    res = calloc((size_t)(last - first), sizeof *res);
    if (!res)
        goto out;
    for (int t = first; t < last; t++, n++) {
        hs_top_result *r = &res[n];
        r->top = t;
        r->q = q;
        r->bdd_nodes = hs_bdd_size(b, t);
        r->coherent = hs_bdd_coherent(b, t);
        if (hs_steady_compute(b, t, q, &r->steady, &err))
            goto fail;
        r->p = r->steady.unavailability;
        if (o->mcs) {
            hs_mcs_opts mo = {o->order, o->cutoff, o->limit, tty, false};
            if (hs_mcs_compute(b, t, q, &mo, &r->mcs, &err))
                goto fail;
        }
        if (o->importance) {
            double p;
            r->imp = calloc((size_t)m->n_events + 1, sizeof *r->imp);
            if (!r->imp || hs_importance_compute(b, t, q, &p, r->imp, &err))
                goto fail;
        }
    }
    hs_analysis_info info = {n_files,  files,   t_build - t0, hs_progress_now() - t0,
                             o->order, o->limit};
    if (o->json)
        hs_render_analysis_json(stdout, m, &info, res, n);
    else
        hs_render_analysis_text(stdout, m, &info, res, n);
    rc = fflush(stdout) == 0 ? EX_OK : EX_INTERNAL;
    goto out;
fail:
    fprintf(stderr, "hascout model: %s\n", err.msg[0] ? err.msg : "out of memory");
out:
    for (int i = 0; res && i < last - first; i++) {
        hs_mcs_free(res[i].mcs);
        free(res[i].imp);
    }
    free(res);
    hs_bdd_free(b);
    free(q);
    return rc;
}

static int simulate(const hs_model *m, const cli_opts *o)
{
    int rc = EX_INPUT, first = 0, last = 0;
    hs_error err = {0};
    hs_bdd *b = NULL;
    double *q = malloc((size_t)(m->n_events + 1) * sizeof *q);
    signed char *force = malloc((size_t)m->n_events + 1);
    if (!q || !force) {
        rc = EX_INTERNAL;
        goto out;
    }
    if (select_tops(m, o->top, &first, &last))
        goto out;
    if (last - first != 1) {
        fprintf(stderr,
                "hascout model simulate: the model has %d top "
                "events; choose one with --top\n",
                last - first);
        goto out;
    }
    for (int e = 0; e < m->n_events; e++)
        q[e] = m->nodes[m->events[e]].q;
    if (probabilities(m, o, q, force, false))
        goto out;
    hs_sim_opts so = {o->years, o->replications, o->seed, o->threads, isatty(2), force};
    hs_sim_result s;
    if (hs_sim_run(m, first, &so, &s, &err)) {
        fprintf(stderr, "hascout model: %s\n", err.msg);
        goto out;
    }
    /* The exact figures beside the estimates, when every event has a q. */
    hs_steady st, *exact = NULL;
    bool all_q = true;
    for (int e = 0; e < m->n_events; e++)
        all_q = all_q && !isnan(q[e]);
    if (all_q && hs_bdd_build(m, NULL, &b, &err) == 0 &&
        hs_steady_compute(b, first, q, &st, &err) == 0)
        exact = &st;
    if (o->json)
        hs_render_sim_json(stdout, m, first, &s, exact, o->seed);
    else
        hs_render_sim_text(stdout, m, first, &s, exact);
    rc = fflush(stdout) == 0 ? EX_OK : EX_INTERNAL;
out:
    hs_bdd_free(b);
    free(q);
    free(force);
    return rc;
}

int hs_model_cli(int argc, char **argv)
{
    cli_opts o = {0};
    o.limit = 20;
    o.seed = 1;
    int first_file, rc;
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EX_INPUT : EX_OK;
    }
    bool sim = strcmp(argv[1], "simulate") == 0;
    if (!sim && strcmp(argv[1], "analyze") != 0) {
        fprintf(stderr,
                "hascout model: unknown sub-command '%s' (analyze, "
                "simulate)\n",
                argv[1]);
        return EX_INPUT;
    }
    double t0 = hs_progress_now();
    rc = parse(argc - 1, argv + 1, sim, &o, &first_file);
    if (rc) {
        free(o.down);
        free(o.up);
        return rc > 0 ? EX_OK : EX_INPUT;
    }
    hs_model *m = NULL;
    hs_error err = {0};
    char *const *files = argv + 1 + first_file;
    int n_files = argc - 1 - first_file;
    if (hs_model_load_files(&m, files, n_files, &err)) {
        fprintf(stderr, "hascout model: %s\n", err.msg);
        rc = EX_INPUT;
    } else {
        rc = sim ? simulate(m, &o) : analyze(m, &o, files, n_files, t0);
    }
    hs_model_free(m);
    free(o.down);
    free(o.up);
    return rc;
}
