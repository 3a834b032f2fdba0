/* config.h — the hascout configuration file (libconfig): global settings,
 * probe targets, and the groups later layers read (model, evaluation). */
#ifndef HS_CONFIG_H
#define HS_CONFIG_H
#include <libconfig.h>
#include <stddef.h>
#include <stdint.h>
#include "hascout/plugin.h"

#define HS_DEFAULT_DEADLINE 10.0
/* Probes are network-bound: they wait, they do not compute. 64 children on
 * 2 cores keep the machine mostly idle while hiding latency. */
#define HS_DEFAULT_PARALLEL 64

enum hs_lock_mode { HS_LOCK_WAIT = 0, HS_LOCK_SKIP = 1 };

struct hs_target {
    const char *name;          /* owned by cfg */
    const char *plugin;        /* owned by cfg */
    double deadline;           /* seconds */
    const char *probe_user;    /* owned by cfg; NULL: the global one */
    size_t memory_limit;       /* MiB, 0: none */
    uint64_t caps;             /* probe_caps as a mask (sandbox.h), 0: none */
    config_setting_t *setting; /* the target's group, passed to configure() */
};

struct hs_config {
    config_t cfg;
    int cfg_inited;
    char *path;         /* as given, owned */
    char *dir;          /* directory of path, owned: relative paths resolve here */
    char **plugin_dirs; /* absolute or as given, owned; NULL-terminated */
    size_t nplugin_dirs;
    char *state_dir; /* owned; NULL: choose a default */
    int max_parallel;
    double default_deadline;
    enum hs_lock_mode lock_mode;
    double lock_timeout;
    const char *probe_user; /* owned by cfg; NULL: the default (sandbox.h) */
    size_t memory_limit;    /* MiB per probe, 0: none */
    int history;            /* append to / read the state history (default 1) */
    size_t history_max_bytes;
    double history_max_age; /* seconds */
    int history_keep;
    double history_max_gap;    /* seconds a record's state is trusted to hold */
    struct hs_target *targets; /* owned array */
    size_t ntargets;
};

/* Load and validate the configuration at `path` into *c (which the caller
 * owns and must release with hs_config_free(), also after an error).
 * Returns 0, or -1 with a message naming file:line in err. Warns (hs_warn)
 * about a config file readable by others that holds inline secrets. */
int hs_config_load(struct hs_config *c, const char *path, hs_error *err);

/* The same from text in memory (no includes, no permission checks), named
 * `name` in messages: pure, for tests and fuzzing. */
int hs_config_load_text(struct hs_config *c, const char *text, const char *name, hs_error *err);

/* Release everything hs_config_load() allocated; *c may be zeroed. */
void hs_config_free(struct hs_config *c);

/* Find a target by name; NULL when absent. */
const struct hs_target *hs_config_target(const struct hs_config *c, const char *name);

/* Resolve a path from the config: absolute stays, relative is taken from
 * the config file's directory. Returns a new string the caller frees, or
 * NULL on allocation failure. */
char *hs_config_resolve(const struct hs_config *c, const char *path);

#endif
