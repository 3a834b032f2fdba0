/* pipeline.h — the one run pipeline behind every command that probes:
 * configuration → model check → target selection → lock → probes → live
 * view → history → report. `probe`, `check` and `report` (main.c) run all
 * of it; `whatif` and `plan` (session.c) stop at the live view. The steps
 * are separate calls so each command takes exactly the ones it needs, in
 * this order, and every command says the same thing when one fails. */
#ifndef HS_PIPELINE_H
#define HS_PIPELINE_H
#include <time.h>

#include "eval/eval.h"
#include "live/history.h"
#include "live/histstream.h"
#include "host/config.h"
#include "live/live.h"
#include "reports/report.h"
#include "host/runner.h"

/* The configuration every command reads when given none. */
#define HS_SYSTEM_CONFIG "/etc/hascout/hascout.conf"

/* Named apart from runner.h's struct hs_run_opts, which configures only the
 * probing step and lives inside struct hs_run as `ro`. */
struct hs_pipeline_opts {
    const char *config;    /* NULL: /etc/hascout/hascout.conf, else the demo */
    const char *state_dir; /* NULL: the config's, else the default */
    int quiet;             /* no notes or warnings on stderr */
    int parallel;          /* targets probed at once; 0: the config's */
    int progress;          /* 1: a progress line on a terminal when several
                              targets are probed (unless quiet) */
    int stats;             /* 1: one line of run statistics on stderr */
    int no_discover;       /* 1: no model derived when the config has none
                              (`model discover` derives its own) */
};

/* One run. Everything is owned by the run and released by hs_run_free;
 * pointers into it (results, live, rep) stay valid until then. All zero is
 * a valid empty run (hs_run_free does nothing), so callers may free one
 * they never opened. */
struct hs_run {
    struct hs_pipeline_opts opts; /* its strings borrowed from the caller */
    struct hs_config cfg;
    int demo;                             /* the bundled demo config was used */
    char *state_dir;                      /* locks and history live here */
    const struct hs_target **sel;         /* the targets to probe, into cfg */
    size_t n;                             /* how many: sel[n], results[n] */
    int partial;                          /* targets were named: no history is written */
    struct hs_run_opts ro;                /* plugin dirs in; loaded plugins out */
    struct hs_target_result *results;     /* n of them once probed */
    struct hs_live *live;                 /* NULL when there is no model */
    config_t discovered;                  /* the model derived from the probes when
                                         the config has none (live->discovered) */
    int have_discovered;                  /* discovered holds a config to destroy */
    time_t generated;                     /* when the probes ended */
    double now;                           /* the same, epoch seconds */
    int locked;                           /* 1 while this run holds the lock */
    int lockfd;                           /* the lock, while locked */
    struct hs_hist_source hsrc;           /* the history: state_dir, streamed */
    const struct hs_hist_source *history; /* &hsrc when kept, else NULL */
    hs_comparison *cmp;                   /* a `compare` group's evaluation */
    hs_tech_table techs;                  /* technology scores without one */
    struct hs_report rep;                 /* filled by hs_run_report */
};

/* Start a run (*run caller-provided; release it with hs_run_free, also
 * after an error): load the configuration o names (with a note on stderr
 * when it is the bundled demo), choose the state directory and the plugin
 * search path. Takes no lock and probes nothing. Warnings go to the
 * hs_warn list for the caller to print. 0, or -1 with the reason in err. */
int hs_run_open(const struct hs_pipeline_opts *o, struct hs_run *run, hs_error *err);

/* Check the model and its mappings without building it: a broken model is
 * a configuration error, said before any time is spent on probes. */
int hs_run_validate(struct hs_run *run, hs_error *err);

/* Select the targets named in names[0..n-1] (borrowed only for the call;
 * the run is then partial: it writes no history), or every target of the
 * configuration when n is 0. -1 names the first unknown one in err. */
int hs_run_select(struct hs_run *run, char *const *names, size_t n, hs_error *err);

/* Take the run lock in the state directory, as the configuration says
 * (wait or skip). -1 when another run holds it. A state directory that
 * cannot be locked (read-only, untrusted) is not an error: the run goes
 * on unlocked, with a warning, and hs_run_history then writes nothing. */
int hs_run_lock(struct hs_run *run, hs_error *err);

/* Probe the selected targets and build the live view from the results. */
int hs_run_probe(struct hs_run *run, hs_error *err);

/* When the configuration keeps a history: append this run's states (only
 * under the lock, so overlapping runs cannot interleave, and only for a
 * run of every target) and point the report at it (read as a stream by
 * hs_run_report). Failures are warnings, never errors. */
void hs_run_history(struct hs_run *run);

/* Fill run->rep from the run: the model view over the history and, with
 * evaluate, what only a full report shows (the architecture comparison or
 * technology scores, the services modeled from calibrated rates); then its
 * status. */
int hs_run_report(struct hs_run *run, int evaluate, hs_error *err);

void hs_run_free(struct hs_run *run);

/* The configuration file hascout uses when none is given: writes it into
 * buf and sets *demo when it is the bundled demo. */
const char *hs_default_config(char *buf, size_t len, int *demo);

#endif
