/*
 * plugins/ceph/config.c — reading a ceph target's configuration.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ceph.h"

/* Ours; hs_config_check_keys() allows the core's (name, plugin, deadline,
 * probe_user, memory_limit) in a target group itself. */
static const char *const known_keys[] = {"conf",
                                         "client",
                                         "keyring",
                                         "mon_host",
                                         "client_mount_timeout",
                                         "rados_mon_op_timeout",
                                         "unreachable",
                                         "honour_mutes",
                                         "overrides",
                                         "warn_active_clean",
                                         "crit_active_clean",
                                         NULL};

/* A relative path is taken relative to the config file that names it, so
 * a config directory can be moved as a whole. Caller frees the result. */
static char *resolve(const config_setting_t *where, const char *path)
{
    const char *file = config_setting_source_file(where);
    char *copy, *dir, *out;
    size_t n;

    if (path[0] == '/' || !file)
        return strdup(path);
    copy = strdup(file);
    if (!copy)
        return NULL;
    dir = dirname(copy);
    n = strlen(dir) + strlen(path) + 2;
    out = malloc(n);
    if (out)
        snprintf(out, n, "%s/%s", dir, path);
    free(copy);
    return out;
}

static int read_path(const config_setting_t *t, const char *key, const char *def, char **out,
                     hs_error *err)
{
    const config_setting_t *m = config_setting_get_member(t, key);
    const char *v;

    *out = NULL;
    if (hs_config_string(t, key, def, &v, err) < 0)
        return -1;
    if (!v)
        return 0;
    if (!*v) {
        hs_error_at(err, m, "'%s' is empty", key);
        return -1;
    }
    *out = resolve(m ? m : t, v);
    if (!*out) {
        hs_error_at(err, t, "out of memory");
        return -1;
    }
    return 0;
}

static int read_timeout(const config_setting_t *t, const char *key, double *out, hs_error *err)
{
    if (hs_config_number(t, key, 5.0, out, err) < 0)
        return -1;
    if (*out < 1.0 || *out > 3600.0) {
        hs_error_at(err, config_setting_get_member(t, key),
                    "'%s' must be between 1 and 3600 seconds", key);
        return -1;
    }
    return 0;
}

/* librados takes its timeouts in whole seconds and 0 means "wait forever",
 * so every connect and mon command needs at least 1 s left, after the 0.7 s
 * kept back from the deadline for shutdown and reporting (plugin.c). Under
 * CEPH_MIN_DEADLINE the last command never gets its second and the target is
 * UNKNOWN on every run, healthy cluster or not: refuse that here, where it
 * can name the line. 2 s leaves 0.3 s for the child's start and a healthy
 * connect plus four commands (25-40 ms measured). */
static int check_deadline(const config_setting_t *t, hs_error *err)
{
    const config_setting_t *where = config_setting_get_member(t, "deadline");
    double dl = 10.0; /* the core's default when neither level sets one */

    if (!where && t->config)
        where = config_lookup(t->config, "hascout.deadline");
    if (where) {
        if (config_setting_type(where) == CONFIG_TYPE_INT)
            dl = config_setting_get_int(where);
        else if (config_setting_type(where) == CONFIG_TYPE_INT64)
            dl = (double)config_setting_get_int64(where);
        else if (config_setting_type(where) == CONFIG_TYPE_FLOAT)
            dl = config_setting_get_float(where);
        /* any other type the core has refused already */
    }
    if (dl < CEPH_MIN_DEADLINE) {
        hs_error_at(err, where ? where : t,
                    "a ceph target needs 'deadline' of at least %g s, not %g: "
                    "librados timeouts are whole seconds (1 s at least) and "
                    "0.7 s is kept back for shutdown",
                    CEPH_MIN_DEADLINE, dl);
        return -1;
    }
    return 0;
}

static int read_client(const config_setting_t *t, struct ceph_settings *s, hs_error *err)
{
    if (hs_config_string(t, "client", "client.admin", &s->conn.client, err) < 0)
        return -1;
    /* librados wants TYPE.ID; a bare id is the common slip. */
    if (strncmp(s->conn.client, "client.", 7) != 0 || !s->conn.client[7]) {
        hs_error_at(err, config_setting_get_member(t, "client"),
                    "'client' must be an entity name like \"client.hascout\", not \"%s\"",
                    s->conn.client);
        return -1;
    }
    return 0;
}

static int read_mon_host(const config_setting_t *t, struct ceph_settings *s, hs_error *err)
{
    if (hs_config_string(t, "mon_host", NULL, &s->conn.mon_host, err) < 0)
        return -1;
    if (s->conn.mon_host && !*s->conn.mon_host) {
        hs_error_at(err, config_setting_get_member(t, "mon_host"),
                    "'mon_host' is empty; leave it out to use ceph.conf's");
        return -1;
    }
    return 0;
}

static int valid_code(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

static int read_overrides(const config_setting_t *t, struct ceph_settings *s, hs_error *err)
{
    const config_setting_t *g = config_setting_get_member(t, "overrides");
    int n;

    if (!g)
        return 0;
    if (!config_setting_is_group(g)) {
        hs_error_at(err, g, "'overrides' must be a group { CODE = \"STATUS\"; ... }");
        return -1;
    }
    n = config_setting_length(g);
    if (n == 0)
        return 0;
    s->overrides = calloc((size_t)n, sizeof *s->overrides);
    if (!s->overrides) {
        hs_error_at(err, g, "out of memory");
        return -1;
    }
    for (int i = 0; i < n; i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        const char *code = config_setting_name(m), *v = config_setting_get_string(m);
        struct ceph_override *o = &s->overrides[i];
        if (!code || !valid_code(code)) {
            hs_error_at(err, m, "override '%s' is not a health check code (like OSD_DOWN)",
                        code ? code : "?");
            return -1;
        }
        if (!v || ceph_status_from_name(v, &o->status) < 0) {
            hs_error_at(err, m,
                        "override %s must be \"OK\", \"WARNING\", \"CRITICAL\" or \"UNKNOWN\"",
                        code);
            return -1;
        }
        o->code = code;
    }
    s->policy.overrides = s->overrides;
    s->policy.noverrides = (size_t)n;
    return 0;
}

static int read_unreachable(const config_setting_t *t, struct ceph_settings *s, hs_error *err)
{
    const char *v;

    if (hs_config_string(t, "unreachable", "UNKNOWN", &v, err) < 0)
        return -1;
    if (ceph_status_from_name(v, &s->unreachable) < 0 ||
        (s->unreachable != HS_UNKNOWN && s->unreachable != HS_CRITICAL)) {
        hs_error_at(err, config_setting_get_member(t, "unreachable"),
                    "'unreachable' must be \"UNKNOWN\" or \"CRITICAL\"");
        return -1;
    }
    return 0;
}

int ceph_settings_read(const config_setting_t *t, struct ceph_settings *s, hs_error *err)
{
    memset(s, 0, sizeof *s);
    if (hs_config_check_keys(t, known_keys, err) < 0 || check_deadline(t, err) < 0 ||
        read_path(t, "conf", "/etc/ceph/ceph.conf", &s->conf_path, err) < 0 ||
        read_path(t, "keyring", NULL, &s->keyring_path, err) < 0 || read_client(t, s, err) < 0 ||
        read_mon_host(t, s, err) < 0 ||
        read_timeout(t, "client_mount_timeout", &s->conn.mount_timeout, err) < 0 ||
        read_timeout(t, "rados_mon_op_timeout", &s->conn.op_timeout, err) < 0 ||
        read_unreachable(t, s, err) < 0 ||
        hs_config_bool(t, "honour_mutes", 1, &s->policy.honour_mutes, err) < 0 ||
        read_overrides(t, s, err) < 0 ||
        hs_config_range(t, "warn_active_clean", NULL, &s->warn_active_clean, err) < 0 ||
        hs_config_range(t, "crit_active_clean", NULL, &s->crit_active_clean, err) < 0 ||
        hs_config_string(t, "warn_active_clean", NULL, &s->warn_active_clean_text, err) < 0 ||
        hs_config_string(t, "crit_active_clean", NULL, &s->crit_active_clean_text, err) < 0) {
        ceph_settings_free(s);
        return -1;
    }
    s->conn.conf = s->conf_path;
    s->conn.keyring = s->keyring_path;
    return 0;
}

void ceph_settings_free(struct ceph_settings *s)
{
    if (!s)
        return;
    free(s->overrides);
    free(s->conf_path);
    free(s->keyring_path);
    memset(s, 0, sizeof *s);
}
