/*
 * core/eval/eval.h — the evaluation layer: business services with survey
 * importance over a fault-tree model, technology scores, and the comparison
 * of candidate architectures against a baseline.
 *
 * An ARCHITECTURE FILE is a hascout config holding
 *   model = { components = (...); gates = (...); services = (...); };
 *       (core/model's own format; components name their `technology`,
 *        services carry `importance` (survey weight, >= 0) and may carry
 *        an explicit availability `target`)
 *   evaluation = {                       # every key optional
 *     name = "HA: keepalived + HAProxy"; description = "...";
 *     # importance -> availability target: a service gets the target of the
 *     # rule with the largest `importance` not above its own importance.
 *     targets = ( { importance = 4.5; availability = 0.9999; }, ... );
 *     # composite technology score = chance*w_c - risk*w_r + maturity*w_m
 *     weights = { chance = 1.0; risk = 1.0; maturity = 1.0; };
 *     # score overrides (same keys as conf/technologies.conf entries)
 *     technologies = ( { key = "haproxy"; risk = 2; risk_why = "..."; } );
 *   };
 * Other top-level groups (hascout, targets, ...) are ignored here.
 *
 * THE SCORE SCALE (1..5, all three scores; see conf/technologies.conf):
 *   chance   1 adds almost no availability ... 5 removes a whole class of
 *            single points of failure automatically;
 *   risk     1 cannot make things worse ... 5 a failure or misuse of it
 *            takes down (or corrupts) everything behind it;
 *   maturity 1 young, few users ... 5 decades of use, large community,
 *            stable releases and documentation.
 *
 * Numbers: availabilities are fractions (0..1); "points" are percentage
 * points (difference of availabilities × 100); times in hours unless a name
 * says otherwise. Monte Carlo uses core/model's simulation with a fixed
 * default seed so reports are reproducible.
 *
 * Errors: every failing function fills a caller-owned hs_error
 * (msg = "file:line: text") and returns -1. Ownership of every object
 * handed out is stated at the function.
 */
#ifndef HS_EVAL_EVAL_H
#define HS_EVAL_EVAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>
#include <libconfig.h>

#include "model/importance.h"
#include "model/model.h"
#include "model/sim.h"
#include "model/uncert.h"

/* ---- technology scores ------------------------------------------------- */

typedef struct hs_tech {
    char *key;                                  /* as components name it ("haproxy"); owned */
    char *name;                                 /* human name ("HAProxy"); owned */
    int ha_class;                               /* hs_ha_class value */
    double chance, risk, maturity;              /* 1..5 */
    char *chance_why, *risk_why, *maturity_why; /* owned, may be NULL */
    char *source;                               /* where the scores came from; owned */
} hs_tech;

/* Composite score = chance·w.chance − risk·w.risk + maturity·w.maturity.
 * Weights are >= 0, finite and not all 0. */
typedef struct hs_eval_weights {
    double chance, risk, maturity;
} hs_eval_weights;

#define HS_EVAL_WEIGHTS_DEFAULT ((hs_eval_weights){1.0, 1.0, 1.0})

/* A technology's default uncertainty of its components' MTTF and MTTR
 * (the `rate_uncertainty` list of conf/technologies.conf): relative
 * spreads (median or mean 1, core/model/uncert.h), scaled to each
 * component's own value. A component's own uncertainty wins. */
typedef struct hs_rate_spread {
    char *technology;   /* owned */
    hs_dist mttf, mttr; /* HS_DIST_NONE when not given */
    char *source;       /* the reference the spread is argued from; owned */
    char *where;        /* "file:line"; owned */
} hs_rate_spread;

typedef struct hs_tech_table {
    hs_tech *v;
    int n, cap;
    hs_rate_spread *spreads; /* owned, n_spreads */
    int n_spreads;
} hs_tech_table;

/* An empty table (no allocation). */
void hs_tech_table_init(hs_tech_table *t);
/* Frees everything the table owns and leaves it empty; t may be zeroed. */
void hs_tech_table_free(hs_tech_table *t);
/* Deep copy of SRC into *dst (which must be uninitialised or freed).
 * 0, or -1 on out of memory (then *dst is empty). */
int hs_tech_table_copy(hs_tech_table *dst, const hs_tech_table *src);
/* The entry for KEY, or NULL. The pointer lives until the table changes. */
const hs_tech *hs_tech_find(const hs_tech_table *t, const char *key);
/* The rate spread of technology KEY, or NULL; lives until the table
 * changes. */
const hs_rate_spread *hs_spread_find(const hs_tech_table *t, const char *key);

/* PURE: reads the `technologies = ( {...}, ... )` list of a config text
 * (conf/technologies.conf), named FILE in messages. Each entry needs key,
 * name, class (resource-monitor, load-balancer, distributed-storage,
 * distributed-database, other), chance, risk, maturity (1..5) and may have
 * the three *_why lines. An entry whose key is already in T is skipped when
 * KEEP_EXISTING (plugin descriptors win over conf/), otherwise replaced.
 * The optional `rate_uncertainty = ( { technology = "host"; mttf = {
 * dist = "lognormal"; ef = 3.0; }; mttr = { ... }; source = "..."; } )`
 * list (relative spreads only: lognormal ef, gamma shape, uniform factor;
 * a source is required) fills t->spreads the same way. */
int hs_tech_load_text(hs_tech_table *t, const char *text, const char *file, bool keep_existing,
                      hs_error *err);

/* Adds (or replaces) the entry for E->key with a copy of *E (its strings
 * are borrowed, not taken); `why` strings may be NULL. 0 or -1 (out of
 * memory). */
int hs_tech_put(hs_tech_table *t, const hs_tech *e, hs_error *err);

/* The defaults: DATADIR/technologies.conf (DATADIR NULL: $HASCOUT_DATADIR,
 * else the compiled-in HS_DATADIR) first, then every usable plugin found in
 * PLUGIN_DIRS (NULL-terminated; NULL: hs_plugin_dirs(NULL, 0)) through the
 * core's isolated inspector, whose descriptor scores replace conf/'s.
 * Never dlopens in this process. Fills *t (init'ed by the caller). */
int hs_tech_defaults(hs_tech_table *t, const char *datadir, char *const *plugin_dirs,
                     hs_error *err);

/* The same with the plugins a run already loaded (their probe hosts
 * described them: runner.h hs_run_opts.infos) instead of inspecting every
 * plugin found: a report asks only about what it probed. */
struct hs_plugin_info;
int hs_tech_defaults_from(hs_tech_table *t, const char *datadir, const struct hs_plugin_info *infos,
                          size_t n, hs_error *err);

/* Composite score of T under W. */
double hs_tech_score(const hs_tech *t, const hs_eval_weights *w);

/* Indices into t->v of the technologies of HA class CLS, best composite
 * score first (ties: higher maturity, then key). Writes at most t->n
 * entries into ORDER (caller-owned, t->n ints) and returns the count,
 * or -1 when out of memory. */
int hs_tech_rank(const hs_tech_table *t, int cls, const hs_eval_weights *w, int *order);

/* ---- architectures ----------------------------------------------------- */

typedef struct hs_target_rule {
    double importance;   /* services with at least this importance ... */
    double availability; /* ... get this target (unless set explicitly) */
} hs_target_rule;

/* A score override from an `evaluation.technologies` entry: fields not
 * given are NaN / NULL / -1. */
typedef struct hs_tech_override {
    hs_tech t;
    char *where; /* "file:line", owned */
} hs_tech_override;

typedef struct hs_arch {
    char *file;            /* as given; owned */
    char *name;            /* evaluation.name, else the file's stem; owned */
    char *description;     /* owned, may be NULL */
    hs_model *model;       /* finished; owned */
    hs_target_rule *rules; /* sorted by importance, ascending; owned */
    int n_rules;
    bool rules_given;  /* false: the defaults below */
    char *rules_where; /* "file:line" when given; owned */
    hs_eval_weights weights;
    bool weights_given;
    char *weights_where;
    hs_tech_override *overrides; /* owned */
    int n_overrides;
} hs_arch;

/* The importance→target mapping used when a file gives none: importance is
 * read as the mean answer of a 1..5 survey. */
#define HS_EVAL_DEFAULT_RULES                                                                      \
    {                                                                                              \
        {0.0, 0.99}, {2.5, 0.995}, {3.5, 0.999},                                                   \
        {                                                                                          \
            4.5, 0.9995                                                                            \
        }                                                                                          \
    }

/* PURE: parses an architecture file's TEXT (named FILE in messages) into
 * *out (caller-owned, hs_arch_free). Rejects: no model, services naming
 * unknown components or gates (file:line of the reference), negative
 * importance, all importances 0, weights < 0 / not finite / all 0, target
 * rules outside (0, 1] or with a higher importance getting a lower target,
 * overrides of scores outside 1..5, unknown keys. */
int hs_arch_parse(const char *text, const char *file, hs_arch **out, hs_error *err);
/* Reads PATH and calls hs_arch_parse. */
int hs_arch_load_file(const char *path, hs_arch **out, hs_error *err);
/* From an already loaded config (e.g. the main hascout config, for the live
 * report); FILE names it when libconfig knows no source file. */
int hs_arch_from_config(const config_t *cfg, const char *file, hs_arch **out, hs_error *err);
void hs_arch_free(hs_arch *a);

/* The target of a service of importance IMP under A's rules. */
double hs_arch_target_for(const hs_arch *a, double imp);

/* ---- evaluation results ------------------------------------------------ */

typedef struct hs_eval_opts {
    bool simulate;    /* run Monte Carlo (default true) */
    double years;     /* simulated years per service */
    int replications; /* >= 2 */
    uint64_t seed;
    int threads;   /* 0 = all cores */
    bool progress; /* progress on stderr (callers pass isatty(2)) */
    int samples;   /* > 0: the uncertainty analysis with this many paired
                      samples (core/eval/uncertainty.h); 0: none */
    bool explain;  /* the inverse question for explain_points (points) */
    double explain_points;
} hs_eval_opts;

/* Defaults sized so the five reference architectures take well under 2 s
 * on 2 cores (see bench/eval-bench.sh). */
#define HS_EVAL_DEFAULT_YEARS 2000.0
#define HS_EVAL_DEFAULT_REPLICATIONS 20
#define HS_EVAL_DEFAULT_SEED 20240607u
void hs_eval_opts_default(hs_eval_opts *o);

/* Improvements below this (as availability, i.e. 1e-7 = 0.00001 points)
 * count as none: rounding noise of the BDD passes is far below it. */
#define HS_EVAL_GAIN_EPS 1e-7

typedef struct hs_eval_service {
    char *name, *description; /* owned */
    double importance;        /* survey weight from the model */
    double weight;            /* importance / Σ importance */
    double target;            /* availability target */
    bool target_explicit;
    hs_steady exact; /* availability, nines, downtime, ω, MTTR (mdt) */
    bool meets_target;
    bool sim_done;
    char *sim_note;     /* why not simulated; owned, NULL when done */
    hs_sim_result sim;  /* valid when sim_done */
    double diff_points; /* (A − A_baseline) × 100; 0 for the baseline */
} hs_eval_service;

/* Requirement status of a component. */
enum {
    HS_REQ_NONE = 0,   /* no service depends on it */
    HS_REQ_MET,        /* it already reaches `required` */
    HS_REQ_SHORT,      /* it is below `required` */
    HS_REQ_UNREACHABLE /* even a perfect component cannot make some
                           service meet its target */
};

typedef struct hs_eval_component {
    char *name;       /* owned */
    char *technology; /* owned, NULL when none given */
    double availability;
    /* The least availability this component must reach, others as they
     * are, for every service to meet its target: P(top) is linear in q_i
     * (P = P0_i + q_i·B_i), so q_i <= (1 − T − P0_i)/B_i per service. */
    double required; /* NaN for NONE and UNREACHABLE */
    int req_status;
    int binding_service; /* service index that sets `required`, or -1 */
} hs_eval_component;

typedef struct hs_eval_tech_use {
    char *key; /* owned; "(none)" for components without one */
    int n_components;
    /* Importance-weighted over services (weights as in hs_eval_service):
     *   fv          Fussell-Vesely of the group: (P − P|t perfect) / P,
     *               the share of unavailability its components cause;
     *   birnbaum    Σ of its components' Birnbaum importance;
     *   gain_points availability points won if it never failed. */
    double fv, birnbaum, gain_points;
    int tech;   /* index into the comparison's table, -1 unknown */
    bool added; /* absent from the baseline architecture */
} hs_eval_tech_use;

typedef struct hs_eval_arch {
    char *file, *name, *description; /* owned */
    hs_eval_service *services;       /* owned, n_services */
    int n_services;
    hs_eval_component *components; /* owned */
    int n_components;
    hs_eval_tech_use *techs; /* owned, most gain first */
    int n_techs;
    double weighted_availability; /* Σ weight·A */
    double weighted_downtime_h;   /* Σ weight·downtime per year, hours */
    double diff_points;           /* weighted: candidate − baseline */
    int improved, worsened;       /* services better / worse than base */
    bool adds_without_gain;       /* adds a technology, improves nothing */
    double exact_s, sim_s;        /* wall time of the two phases */
} hs_eval_arch;

/* Evaluates one architecture. FORCE (may be NULL) holds per model event
 * -1 free, 0 forced working, 1 forced failed (live states). TECHS resolves
 * technology keys (may be NULL). Fills *out (caller frees with
 * hs_eval_arch_clear). Only one BDD exists at a time (core/model/bdd.h):
 * do not call this while another hs_bdd is alive. */
int hs_eval_run(const hs_arch *a, const hs_tech_table *techs, const hs_eval_opts *o,
                const signed char *force, hs_eval_arch *out, hs_error *err);
void hs_eval_arch_clear(hs_eval_arch *e);

/* ---- comparison --------------------------------------------------------- */

typedef struct hs_comparison {
    hs_eval_arch *archs; /* [0] is the baseline; owned */
    int n_archs;
    hs_tech_table techs;     /* defaults + every file's overrides; owned */
    hs_eval_weights weights; /* the baseline's */
    hs_eval_opts opts;
    struct hs_uncertainty *unc; /* owned; NULL unless opts asked for it */
} hs_comparison;

/* Compares ARCHS[0] (baseline) with ARCHS[1..N-1]. DEFAULTS (may be NULL:
 * none) is copied, then every architecture's overrides are applied; two
 * files overriding one score differently is an error naming both places.
 * Every candidate must have the baseline's services (by name) with the
 * same importance, and the same weights and target rules. *out is
 * caller-owned (hs_comparison_free). */
int hs_eval_compare(hs_arch *const *archs, int n, const hs_tech_table *defaults,
                    const hs_eval_opts *o, hs_comparison **out, hs_error *err);

/* Loads PATHS[0] (baseline) .. PATHS[N-1] and compares them. */
int hs_eval_compare_files(char *const *paths, int n, const hs_tech_table *defaults,
                          const hs_eval_opts *o, hs_comparison **out, hs_error *err);

/* Runs the comparison a config group describes, for the demo and the live
 * report:
 *   compare = {
 *     baseline = "arch/openstack-base.conf";   # relative to BASE_DIR
 *     candidates = [ "arch/openstack-lb.conf", ... ];
 *     years = 2000.0; replications = 20; seed = 1; simulate = true;  # opt.
 *     samples = 2000;   # opt.: the uncertainty analysis (0 = none)
 *   };
 * BASE_DIR (NULL: the directory of the group's source file, else ".")
 * resolves relative paths. O gives the defaults the group's keys override
 * (NULL: hs_eval_opts_default). DEFAULTS as for hs_eval_compare; NULL
 * loads hs_tech_defaults(NULL, NULL). *out is caller-owned. */
int hs_eval_compare_group(const config_setting_t *group, const char *base_dir,
                          const hs_tech_table *defaults, const hs_eval_opts *o, hs_comparison **out,
                          hs_error *err);

void hs_comparison_free(hs_comparison *c);

/* ---- renderers (format only; no recomputation) -------------------------- */

/* Human-readable report. VERBOSE adds component requirements and every
 * technology's rationale lines. */
void hs_eval_render_text(FILE *f, const hs_comparison *c, bool verbose);

/* The comparison as a json-c object (caller owns it: json_object_put), or
 * NULL when out of memory. Layout: {"weights", "options", "baseline",
 * "architectures": [{"name", "file", "weighted_availability",
 * "diff_points", "adds_without_gain", "services": [...],
 * "technologies": [...], "components": [...]}], "technologies": [...],
 * "ranking": {"load-balancer": ["haproxy", ...], ...}}. */
json_object *hs_eval_render_json(const hs_comparison *c);

#endif
