/* config.c — loading and validating the hascout configuration. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "host/config.h"
#include "util/error.h"
#include "util/sandbox.h"
#include "abi/warn.h"

static const char *const global_keys[] = {
    "plugin_dirs", "state_dir", "max_parallel", "deadline",     "lock", "lock_timeout",
    "history",     "report",    "probe_user",   "memory_limit", NULL};

static int in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

static int valid_name(const char *s, int allow_upper)
{
    if (!s || !*s || strlen(s) > 128)
        return 0;
    for (; *s; s++) {
        char ch = *s;
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' ||
            (allow_upper && ((ch >= 'A' && ch <= 'Z') || ch == '.')))
            continue;
        return 0;
    }
    return 1;
}

char *hs_config_resolve(const struct hs_config *c, const char *path)
{
    char *out;
    size_t n;
    if (path[0] == '/' || !c->dir)
        return strdup(path);
    n = strlen(c->dir) + strlen(path) + 2;
    out = malloc(n);
    if (out)
        snprintf(out, n, "%s/%s", c->dir, path);
    return out;
}

static int looks_secret(const char *name)
{
    size_t n = strlen(name);
    return strcmp(name, "password") == 0 || strcmp(name, "secret") == 0 ||
           (n > 9 && strcmp(name + n - 9, "_password") == 0) ||
           (n > 7 && strcmp(name + n - 7, "_secret") == 0);
}

static int has_inline_secret(const config_setting_t *s)
{
    int n = config_setting_length(s);
    for (int i = 0; i < n; i++) {
        config_setting_t *m = config_setting_get_elem(s, (unsigned)i);
        const char *name = config_setting_name(m);
        if (name && looks_secret(name) && config_setting_type(m) == CONFIG_TYPE_STRING)
            return 1;
        if (config_setting_is_aggregate(m) && has_inline_secret(m))
            return 1;
    }
    return 0;
}

static int load_history(struct hs_config *c, const config_setting_t *g, hs_error *err);

/* probe_user and memory_limit, in `hascout` or a target (sandbox.h). */
static int load_sandbox(const config_setting_t *g, const char *where, const char **user,
                        size_t *mib, hs_error *err)
{
    const char *s;
    double v;
    if (hs_config_string(g, "probe_user", *user, &s, err) < 0)
        return -1;
    if (s && (!*s || strlen(s) > 32 || strpbrk(s, ":/ \t\n"))) {
        hs_error_at(err, config_setting_get_member(g, "probe_user"),
                    "%s'probe_user' must be a user name", where);
        return -1;
    }
    *user = s;
    if (hs_config_number(g, "memory_limit", (double)*mib, &v, err) < 0)
        return -1;
    if (!(v == 0 || (v >= 16 && v <= 1 << 20)) || v != (double)(size_t)v) {
        hs_error_at(err, config_setting_get_member(g, "memory_limit"),
                    "%s'memory_limit' must be a whole number of MiB from 16 to 1048576, "
                    "or 0 for none",
                    where);
        return -1;
    }
    *mib = (size_t)v;
    return 0;
}

/* A target's probe_caps = ["net_raw"]: the capabilities its probe keeps
 * as the probe user (sandbox.h). Only per target: a global one would hand
 * them to every plugin. 0, or -1 + err. */
static int load_caps(const config_setting_t *t, uint64_t *caps, hs_error *err)
{
    config_setting_t *list = config_setting_get_member(t, "probe_caps");
    int n = list ? config_setting_length(list) : 0;

    *caps = 0;
    if (list && !config_setting_is_array(list) && !config_setting_is_list(list)) {
        hs_error_at(err, list, "'probe_caps' must be a list of names: probe_caps = [\"net_raw\"];");
        return -1;
    }
    for (int i = 0; i < n; i++) {
        config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        const char *name = config_setting_get_string(e);
        uint64_t bit = hs_sandbox_cap_parse(name);
        if (!bit) {
            hs_error_at(err, e,
                        "probe_caps: '%.40s' is not allowed (only \"net_raw\", for raw "
                        "sockets)",
                        name ? name : "(not a string)");
            return -1;
        }
        *caps |= bit;
    }
    return 0;
}

/* hascout.plugin_dirs, each resolved against the config's directory. 0,
 * or -1 + err. */
static int load_plugin_dirs(struct hs_config *c, const config_setting_t *g, hs_error *err)
{
    config_setting_t *dirs = config_setting_get_member(g, "plugin_dirs");
    int n;
    if (!dirs)
        return 0;
    if (!config_setting_is_array(dirs) && !config_setting_is_list(dirs)) {
        hs_error_at(err, dirs, "'plugin_dirs' must be a list of strings [ \"...\" ]");
        return -1;
    }
    n = config_setting_length(dirs);
    c->plugin_dirs = calloc((size_t)n + 1, sizeof *c->plugin_dirs);
    if (!c->plugin_dirs)
        goto oom;
    for (int i = 0; i < n; i++) {
        config_setting_t *d = config_setting_get_elem(dirs, (unsigned)i);
        if (config_setting_type(d) != CONFIG_TYPE_STRING) {
            hs_error_at(err, d, "'plugin_dirs' entries must be strings");
            return -1;
        }
        c->plugin_dirs[i] = hs_config_resolve(c, config_setting_get_string(d));
        if (!c->plugin_dirs[i])
            goto oom;
        c->nplugin_dirs++;
    }
    return 0;
oom:
    hs_error_set(err, "out of memory");
    return -1;
}

/* hascout.max_parallel and hascout.deadline. 0, or -1 + err. */
static int load_run_limits(struct hs_config *c, const config_setting_t *g, hs_error *err)
{
    double v;
    if (hs_config_number(g, "max_parallel", HS_DEFAULT_PARALLEL, &v, err) < 0)
        return -1;
    if (v < 1 || v > 1024 || v != (int)v) {
        hs_error_at(err, config_setting_get_member(g, "max_parallel"),
                    "'max_parallel' must be a whole number from 1 to 1024");
        return -1;
    }
    c->max_parallel = (int)v;
    if (hs_config_number(g, "deadline", HS_DEFAULT_DEADLINE, &v, err) < 0)
        return -1;
    if (v <= 0 || v > 3600) {
        hs_error_at(err, config_setting_get_member(g, "deadline"),
                    "'deadline' must be more than 0 and at most 3600 seconds");
        return -1;
    }
    c->default_deadline = v;
    return 0;
}

/* hascout.lock and hascout.lock_timeout. 0, or -1 + err. */
static int load_lock(struct hs_config *c, const config_setting_t *g, hs_error *err)
{
    const char *s;
    double v;
    if (hs_config_string(g, "lock", "wait", &s, err) < 0)
        return -1;
    if (strcmp(s, "wait") == 0)
        c->lock_mode = HS_LOCK_WAIT;
    else if (strcmp(s, "skip") == 0)
        c->lock_mode = HS_LOCK_SKIP;
    else {
        hs_error_at(err, config_setting_get_member(g, "lock"),
                    "'lock' must be \"wait\" or \"skip\"");
        return -1;
    }
    if (hs_config_number(g, "lock_timeout", 60, &v, err) < 0)
        return -1;
    if (v < 0 || v > 86400) {
        hs_error_at(err, config_setting_get_member(g, "lock_timeout"),
                    "'lock_timeout' must be from 0 to 86400 seconds");
        return -1;
    }
    c->lock_timeout = v;
    return 0;
}

static int load_globals(struct hs_config *c, hs_error *err)
{
    config_setting_t *g = config_lookup(&c->cfg, "hascout");
    const char *s;

    c->max_parallel = HS_DEFAULT_PARALLEL;
    c->default_deadline = HS_DEFAULT_DEADLINE;
    c->lock_mode = HS_LOCK_WAIT;
    c->lock_timeout = 60;
    c->memory_limit = HS_MEMORY_LIMIT_DEFAULT;
    if (load_history(c, g, err) < 0)
        return -1;
    if (!g)
        return 0;
    if (!config_setting_is_group(g)) {
        hs_error_at(err, g, "'hascout' must be a group { ... }");
        return -1;
    }
    for (int i = 0; i < config_setting_length(g); i++) {
        config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        if (!in_list(config_setting_name(m), global_keys)) {
            hs_error_at(err, m, "unknown setting 'hascout.%s'", config_setting_name(m));
            return -1;
        }
    }
    if (load_plugin_dirs(c, g, err) < 0)
        return -1;
    if (hs_config_string(g, "state_dir", NULL, &s, err) < 0)
        return -1;
    if (s && !(c->state_dir = hs_config_resolve(c, s))) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    if (load_run_limits(c, g, err) < 0 || load_lock(c, g, err) < 0)
        return -1;
    return load_sandbox(g, "", &c->probe_user, &c->memory_limit, err);
}

static int load_history(struct hs_config *c, const config_setting_t *g, hs_error *err)
{
    static const char *const keys[] = {"enabled", "max_bytes", "max_age_days",
                                       "keep",    "max_gap",   NULL};
    const config_setting_t *h = g ? config_setting_get_member(g, "history") : NULL;
    const config_setting_t *e;
    double v;

    c->history = 1;
    c->history_max_bytes = 8u << 20;
    c->history_max_age = 35 * 86400.0;
    c->history_keep = 3;
    c->history_max_gap = 900;
    if (!h)
        return 0;
    if (!config_setting_is_group(h)) {
        hs_error_at(err, h, "'history' must be a group { enabled = true; ... }");
        return -1;
    }
    for (int i = 0; i < config_setting_length(h); i++) {
        config_setting_t *m = config_setting_get_elem(h, (unsigned)i);
        if (!in_list(config_setting_name(m), keys)) {
            hs_error_at(err, m, "unknown setting 'hascout.history.%s'", config_setting_name(m));
            return -1;
        }
    }
    /* config_setting_lookup_bool skips a string or number silently: enabled = "no"
     * would leave history on while the file says off */
    e = config_setting_get_member(h, "enabled");
    if (e) {
        if (config_setting_type(e) != CONFIG_TYPE_BOOL) {
            hs_error_at(err, e, "'hascout.history.enabled' must be true or false (unquoted)");
            return -1;
        }
        c->history = config_setting_get_bool(e);
    }
    if (hs_config_number(h, "max_bytes", (double)c->history_max_bytes, &v, err) < 0)
        return -1;
    if (v < 4096 || v > 1e12) {
        hs_error_at(err, config_setting_get_member(h, "max_bytes"),
                    "'max_bytes' must be from 4096 to 1e12");
        return -1;
    }
    c->history_max_bytes = (size_t)v;
    if (hs_config_number(h, "max_age_days", 35, &v, err) < 0)
        return -1;
    if (v <= 0 || v > 3650) {
        hs_error_at(err, config_setting_get_member(h, "max_age_days"),
                    "'max_age_days' must be more than 0 and at most 3650");
        return -1;
    }
    c->history_max_age = v * 86400.0;
    if (hs_config_number(h, "keep", 3, &v, err) < 0)
        return -1;
    if (v < 1 || v > 9 || v != (int)v) {
        hs_error_at(err, config_setting_get_member(h, "keep"),
                    "'keep' must be a whole number from 1 to 9");
        return -1;
    }
    c->history_keep = (int)v;
    if (hs_config_number(h, "max_gap", 900, &v, err) < 0)
        return -1;
    if (v <= 0) {
        hs_error_at(err, config_setting_get_member(h, "max_gap"),
                    "'max_gap' must be more than 0 seconds");
        return -1;
    }
    c->history_max_gap = v;
    return 0;
}

static int load_targets(struct hs_config *c, hs_error *err)
{
    config_setting_t *ts = config_lookup(&c->cfg, "targets");
    int n;
    if (!ts)
        return 0;
    if (!config_setting_is_list(ts)) {
        hs_error_at(err, ts, "'targets' must be a list ( { ... }, ... )");
        return -1;
    }
    n = config_setting_length(ts);
    c->targets = calloc((size_t)n + 1, sizeof *c->targets);
    if (!c->targets) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    for (int i = 0; i < n; i++) {
        config_setting_t *t = config_setting_get_elem(ts, (unsigned)i);
        struct hs_target *tg = &c->targets[i];
        double dl;
        if (!config_setting_is_group(t)) {
            hs_error_at(err, t, "target %d must be a group { name = ...; plugin = ...; }", i + 1);
            return -1;
        }
        if (hs_config_string(t, "name", NULL, &tg->name, err) < 0 ||
            hs_config_string(t, "plugin", NULL, &tg->plugin, err) < 0)
            return -1;
        if (!tg->name) {
            hs_error_at(err, t, "target %d has no 'name'", i + 1);
            return -1;
        }
        if (!valid_name(tg->name, 1)) {
            hs_error_at(err, config_setting_get_member(t, "name"),
                        "target name '%.100s' may hold only letters, digits, '.', '_' and '-'",
                        tg->name);
            return -1;
        }
        if (!tg->plugin) {
            hs_error_at(err, t, "target '%s' has no 'plugin'", tg->name);
            return -1;
        }
        if (!valid_name(tg->plugin, 0)) {
            hs_error_at(err, config_setting_get_member(t, "plugin"),
                        "plugin name '%.100s' may hold only a-z, 0-9, '_' and '-'", tg->plugin);
            return -1;
        }
        if (hs_config_number(t, "deadline", c->default_deadline, &dl, err) < 0)
            return -1;
        if (dl <= 0 || dl > 3600) {
            hs_error_at(err, config_setting_get_member(t, "deadline"),
                        "target '%s': 'deadline' must be more than 0 and at most 3600 s", tg->name);
            return -1;
        }
        tg->deadline = dl;
        tg->probe_user = c->probe_user;
        tg->memory_limit = c->memory_limit;
        if (load_sandbox(t, "", &tg->probe_user, &tg->memory_limit, err) < 0 ||
            load_caps(t, &tg->caps, err) < 0)
            return -1;
        tg->setting = t;
        for (size_t j = 0; j < c->ntargets; j++)
            if (strcmp(c->targets[j].name, tg->name) == 0) {
                hs_error_at(err, config_setting_get_member(t, "name"),
                            "target '%s' is defined twice (first at line %u)", tg->name,
                            config_setting_source_line(c->targets[j].setting));
                return -1;
            }
        c->ntargets++;
    }
    return 0;
}

int hs_config_load_text(struct hs_config *c, const char *text, const char *name, hs_error *err)
{
    int rc = -1;
    memset(c, 0, sizeof *c);
    config_init(&c->cfg);
    c->cfg_inited = 1;
    c->path = strdup(name);
    if (!c->path) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    if (!config_read_string(&c->cfg, text)) {
        hs_error_set(err, "%s:%d: %s", name, config_error_line(&c->cfg),
                     config_error_text(&c->cfg));
        goto out;
    }
    if (load_globals(c, err) < 0 || load_targets(c, err) < 0)
        goto out;
    rc = 0;
out:
    return rc;
}

int hs_config_load(struct hs_config *c, const char *path, hs_error *err)
{
    struct stat st;
    char *tmp = NULL;
    int rc = -1;

    memset(c, 0, sizeof *c);
    config_init(&c->cfg);
    c->cfg_inited = 1;
    c->path = strdup(path);
    tmp = strdup(path);
    if (!c->path || !tmp) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    c->dir = strdup(dirname(tmp));
    if (!c->dir) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    config_set_include_dir(&c->cfg, c->dir);
    if (stat(path, &st) < 0) {
        hs_error_set(err, "%s: %s", path, strerror(errno));
        goto out;
    }
    /* libconfig reports a directory as a file I/O error with errno 0 ("Success"),
     * and would block on a FIFO: only a regular file is a config */
    if (S_ISDIR(st.st_mode)) {
        hs_error_set(err, "%s: %s (give the config file, not its directory)", path,
                     strerror(EISDIR));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        hs_error_set(err, "%s: not a regular file", path);
        goto out;
    }
    errno = 0;
    if (!config_read_file(&c->cfg, path)) {
        if (config_error_type(&c->cfg) == CONFIG_ERR_FILE_IO)
            hs_error_set(err, "%s: cannot read: %s", path, errno ? strerror(errno) : "I/O error");
        else
            hs_error_set(err, "%s:%d: %s",
                         config_error_file(&c->cfg) ? config_error_file(&c->cfg) : path,
                         config_error_line(&c->cfg), config_error_text(&c->cfg));
        goto out;
    }
    if (load_globals(c, err) < 0 || load_targets(c, err) < 0)
        goto out;
    if ((st.st_mode & (S_IRGRP | S_IROTH)) && has_inline_secret(config_root_setting(&c->cfg)))
        hs_warn("%s holds a password inline and is readable by group or others "
                "(mode %03o): use password_file, or chmod 600 it",
                path, (unsigned)(st.st_mode & 0777));
    rc = 0;
out:
    free(tmp);
    return rc;
}

void hs_config_free(struct hs_config *c)
{
    if (!c)
        return;
    if (c->cfg_inited)
        config_destroy(&c->cfg);
    for (size_t i = 0; i < c->nplugin_dirs; i++)
        free(c->plugin_dirs[i]);
    free(c->plugin_dirs);
    free(c->targets);
    free(c->state_dir);
    free(c->path);
    free(c->dir);
    memset(c, 0, sizeof *c);
}

const struct hs_target *hs_config_target(const struct hs_config *c, const char *name)
{
    for (size_t i = 0; i < c->ntargets; i++)
        if (strcmp(c->targets[i].name, name) == 0)
            return &c->targets[i];
    return NULL;
}
