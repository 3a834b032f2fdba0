/* runner.h — probing many targets at once, each in its own child process
 * with a hard deadline, so one broken plugin or dead server never spoils
 * the rest of a report. */
#ifndef HS_RUNNER_H
#define HS_RUNNER_H
#include "host/config.h"
#include "abi/result.h"

/* Everything the report knows about one target after a run. */
struct hs_target_result {
    const char *name;   /* borrowed from the config */
    const char *plugin; /* borrowed from the config */
    hs_status status;
    double health;           /* 0..100, NaN when unknown */
    double duration;         /* seconds, fork to reap */
    char *error;             /* why the target is UNKNOWN without a verdict, owned */
    hs_probe *probe;         /* components and messages, owned, may be NULL */
    hs_verdict *verdict;     /* owned, may be NULL */
    struct hs_strv warnings; /* from the child: insecure files, stray output */
};

struct hs_plugin_info;

struct hs_run_opts {
    int max_parallel;       /* >= 1: targets probed at once, shared by the hosts */
    char **plugin_dirs;     /* NULL-terminated search path */
    int progress;           /* 1: show progress on stderr (a terminal) */
    const char *config_dir; /* relative secret paths resolve here; may be NULL */
    /* out: the plugins the run loaded, as their hosts described them
     * (caller frees each with hs_plugin_info_free, then the array) */
    struct hs_plugin_info *infos;
    size_t ninfos;
};

/* Probe `n` targets (pointers into cfg) and fill results[0..n-1] (caller
 * allocated, zeroed; release each with hs_target_result_free). Plugins run
 * only in probe hosts (probehost.h), never in this process, and every
 * process they start is killed and reaped before this returns. Makes this
 * process a child subreaper. Always returns 0 once every target has a
 * result — failures are per target. */
int hs_run_targets(const struct hs_target *const *targets, size_t n, struct hs_run_opts *opts,
                   struct hs_target_result *results);

void hs_target_result_free(struct hs_target_result *r);

/* Free what hs_run_targets() left in opts->infos. */
void hs_run_opts_release(struct hs_run_opts *opts);

/* Run one target in the current process (the child side of the runner):
 * open the plugin (unless `preloaded` gives its already validated
 * descriptor), configure, probe, score, release, and encode the result.
 * Returns a malloc'ed protocol document (caller frees) — never NULL except
 * on allocation failure. Exposed for tests. */
char *hs_runner_child_work(const struct hs_target *t, const char *plugin_path,
                           const struct hs_plugin *preloaded, double deadline);

#endif
