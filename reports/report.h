/* report.h — the one in-memory report every renderer reads. Renderers
 * format; they never probe or compute availability themselves. */
#ifndef HS_REPORT_H
#define HS_REPORT_H
#include <stdio.h>
#include <time.h>
#include "eval/eval.h"
#include "live/histstream.h"
#include "live/observe.h"
#include "live/calibrate.h"
#include "live/drift.h"
#include "live/live.h"
#include "host/runner.h"

/* Windows of observed availability, in report order. */
#define HS_NWINDOWS 3
extern const double hs_windows[HS_NWINDOWS];           /* seconds */
extern const char *const hs_window_names[HS_NWINDOWS]; /* "24h", "7d", "30d" */

/* A run of one recorded state of a service, [a, b) in seconds since the
 * epoch; the services' timelines (hs_report.timeline) are these in time
 * order, with gaps where nothing was recorded. */
struct hs_report_seg {
    double a, b;
    char state[16];
};
struct hs_report_timeline {
    struct hs_report_seg *segs; /* owned */
    size_t n, cap;
};

/* What the report says of one service of the model. */
struct hs_report_service {
    enum hs_live_state state; /* UP, DOWN, UNKNOWN now */
    hs_status status;         /* CRITICAL down, UNKNOWN unknown, WARNING lost redundancy */
    int design_margin;        /* margin with every component up (lowest cut order) */
    struct hs_observed obs[HS_NWINDOWS];
};

struct hs_report {
    const char *config_path; /* borrowed */
    int demo;                /* the bundled demo config was used */
    time_t generated;
    struct hs_target_result *results; /* borrowed array */
    size_t n;
    hs_status status; /* worst of the targets and services */
    double now;       /* seconds since the epoch */
    /* the model's view (all NULL when the config has no model) */
    const struct hs_live *live;                  /* borrowed */
    struct hs_report_service *services;          /* owned by whoever filled it */
    struct hs_observed (*comp_obs)[HS_NWINDOWS]; /* per model component */
    const struct hs_hist_source *history;        /* borrowed; NULL: no history kept or read */
    size_t history_records;                      /* records read over the longest window */
    struct hs_report_timeline *timeline;         /* per service, last 7 days (owned; may be NULL) */
    size_t ntimeline;
    const hs_comparison *comparison; /* borrowed, may be NULL */
    const hs_tech_table *techs;      /* borrowed, may be NULL */
    char *history_warning;           /* owned, may be NULL */
    /* Set by hs_report_summarize: every target (two or more) is UNKNOWN, so
     * the likelier fault is this monitoring host (cut off from the network,
     * or its probe user or plugins broken), not every service at once. */
    int monitor_suspect;
    /* With the configuration's own model: how it differs from what the
     * probes see (live/drift.h); owned, empty otherwise. */
    struct hs_drift drift;
    /* Assumptions vs evidence (live/calibrate.h) over the longest window:
     * the calibration (owned, n 0 without a history) and each service's
     * modeled availability from the calibrated rates (owned, NULL when no
     * component was seen). */
    struct hs_calib calib;
    double *calibrated;
    /* `check --service`: per model service, 1 when asked for (owned; NULL:
     * the whole report). Set by hs_report_focus. */
    unsigned char *focus;
};

/* An observed window in a table cell: "99.9871%", "n/a" when the window
 * was observed too little to say (live/evidence.h), "-" with no record. */
void hs_report_obs_cell(const struct hs_observed *o, char *buf, size_t len);

/* The same in words, with what supports it: "99.9871 % (95 %: 99.95 to
 * 99.999 %), 96 % of the window observed, 2 outages", "not enough data
 * (3 min observed, 0.2 % of the window)", or for a clean record "no outage
 * in 23.9 h: outage rate < 1 per 8.0 h (95 %)[, availability >= ...]". */
void hs_report_obs_detail(const struct hs_observed *o, char *buf, size_t len);

/* The model components whose evidence most contradicts their assumption,
 * most first: up to `max` indices into r->calib.comps in idx; returns how
 * many. */
size_t hs_report_contradicted(const struct hs_report *r, size_t *idx, size_t max);

/* Fill r->calibrated from r->live and r->calib (hs_report_read_history).
 * 0, or -1 (out of memory, or the BDD) with err set. */
int hs_report_evidence(struct hs_report *r, hs_error *err);

/* Read r->history once, as a stream, for r->live's services and
 * components: their observed windows (r->services[].obs, r->comp_obs), the
 * calibration (r->calib), the services' timeline (r->timeline) and
 * r->history_records; a damaged line's warning in r->history_warning. A
 * history that cannot be read (refused, a read error) leaves the report as
 * without one (r->history NULL) with the reason in r->history_warning.
 * Called by hs_report_model_view. 0, or -1 when out of memory. */
int hs_report_read_history(struct hs_report *r, double max_gap);

/* o as for a window with no record: nothing observed, no figure. */
void hs_report_no_record(struct hs_observed *o);

/* Free r->timeline. */
void hs_report_timeline_free(struct hs_report *r);

/* One sentence on r->drift ("model drift: 3 differences ...: FIRST"), into
 * buf; empty when there is none. */
void hs_report_drift_text(const struct hs_report *r, char *buf, size_t len);

/* The sentence saying the model was derived from the probes, or NULL when
 * the report has no model view or the configuration's own model; static. */
const char *hs_report_model_note(const struct hs_report *r);

/* The operator's sentence for r->monitor_suspect; static, never NULL. */
const char *hs_report_suspect_text(void);

/* Compute r->status from the results and the services, and
 * r->monitor_suspect from the results. */
void hs_report_summarize(struct hs_report *r);

/* Fill r->services and r->comp_obs from r->live and r->history (either may
 * be NULL; hs_report_read_history). 0, or -1 when out of memory. */
int hs_report_model_view(struct hs_report *r, double max_gap);

/* Narrow r to the model services names[0..n-1] (`check --service`): r->focus
 * marks them and r->status becomes the worst of their statuses — what a
 * monitoring system's service object for that business service wants. -1
 * with err naming the first name the model lacks (and the services it has),
 * or when there is no model. */
int hs_report_focus(struct hs_report *r, const char *const *names, size_t n, hs_error *err);

/* Free what hs_report_model_view allocated. */
void hs_report_model_free(struct hs_report *r);

/* Render "a, b, c" of the nearest cut of service s into buf. */
void hs_report_cut_text(const struct hs_report *r, size_t s, char *buf, size_t len);

/* Renderers: write to `out`, return 0 or -1 on a write error. */
int hs_render_text(const struct hs_report *r, FILE *out, int verbose);
int hs_render_table(const struct hs_report *r, FILE *out, int verbose);
int hs_render_json(const struct hs_report *r, FILE *out);
int hs_render_nagios(const struct hs_report *r, FILE *out);
int hs_render_prometheus(const struct hs_report *r, FILE *out);
int hs_render_html(const struct hs_report *r, FILE *out);

/* One short line saying why a target has its status (first reason, error
 * or "all N components UP"), into buf. */
void hs_target_summary(const struct hs_target_result *t, char *buf, size_t len);

/* Nagios perfdata label quoting: quotes when needed (space, quote, ';', ','),
 * doubles ', replaces '=' and '|' (neither can be escaped) by '_' and control
 * characters by ' '. Writes into buf (always NUL-terminated). */
void hs_perf_label(const char *in, char *buf, size_t len);

#endif
