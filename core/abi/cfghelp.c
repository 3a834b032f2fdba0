/* cfghelp.c — typed access to libconfig settings for plugins and the core,
 * with every error naming file:line and no secret ever echoed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "abi/secrets.h"
#include "util/cfgread.h"
#include "abi/warn.h"

/* A target is an element of the top-level `targets` list: only there do
 * the core's own keys belong. A nested group (a plugin's node group, its
 * overrides) gets no core key for free, so "deadline" inside a node group is
 * refused instead of being silently ignored by both the core and the plugin. */
static int is_target_group(const config_setting_t *g)
{
    const config_setting_t *list = config_setting_parent(g);
    const char *name = list ? config_setting_name(list) : NULL;

    return name && strcmp(name, "targets") == 0 && config_setting_parent(list) &&
           config_setting_is_root(config_setting_parent(list));
}

int hs_config_check_keys(const config_setting_t *g, const char *const *allowed, hs_error *err)
{
    static const char *const core_keys[] = {"name",         "plugin",     "deadline", "probe_user",
                                            "memory_limit", "probe_caps", NULL};
    int target = g && is_target_group(g);
    const config_setting_t *parent = g ? config_setting_parent(g) : NULL;
    const config_setting_t *m = hs_cfg_unknown_key(g, allowed, target ? core_keys : NULL);
    const char *name;

    if (!m)
        return 0;
    name = config_setting_name(m);
    if (!name) /* an element of a list or array: not a key at all */
        name = "?";
    /* nested: say which group, the line alone may be shared */
    if (target || !parent)
        hs_error_at(err, m, "unknown key '%s'", name);
    else if (config_setting_name(g))
        hs_error_at(err, m, "unknown key '%s' in '%s'", name, config_setting_name(g));
    else
        hs_error_at(err, m, "unknown key '%s' in an element of '%s'", name,
                    config_setting_name(parent) ? config_setting_name(parent) : "?");
    return -1;
}

/* The readers below are the one reader of core/util/cfgread.c in the ABI's
 * message style (no fallback file: "FILE:LINE: " only where libconfig
 * knows the file). */

int hs_config_bool(const config_setting_t *g, const char *key, int def, int *out, hs_error *err)
{
    return hs_cfg_bool(g, key, def, out, NULL, err);
}

int hs_config_enum(const config_setting_t *g, const char *key, const char *const *names, int def,
                   int *out, hs_error *err)
{
    return hs_cfg_enum(g, key, names, def, out, NULL, err);
}

int hs_config_strings(const config_setting_t *g, const char *key, const char ***out, size_t *n,
                      hs_error *err)
{
    return hs_cfg_strings(g, key, out, n, NULL, err);
}

int hs_config_require(const config_setting_t *g, const char *const *keys, hs_error *err)
{
    return hs_cfg_require(g, keys, NULL, err);
}

int hs_config_path(const config_setting_t *g, const char *key, const char *def, const char **out,
                   hs_error *err)
{
    config_setting_t *s = g ? config_setting_get_member(g, key) : NULL;
    const char *v;

    if (!s) {
        *out = def;
        return 0;
    }
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        hs_error_at(err, s, "'%s' must be a string (an absolute path)", key);
        return -1;
    }
    v = config_setting_get_string(s);
    if (v[0] != '/') {
        /* probes do not run in the config's directory: a relative path
         * would mean something else there */
        hs_error_at(err, s, "'%s' must be an absolute path, not \"%s\"", key, v);
        return -1;
    }
    *out = v;
    return 0;
}

int hs_config_number(const config_setting_t *g, const char *key, double def, double *out,
                     hs_error *err)
{
    return hs_cfg_number(g, key, def, out, NULL, NULL, err);
}

int hs_config_string(const config_setting_t *g, const char *key, const char *def, const char **out,
                     hs_error *err)
{
    return hs_cfg_string(g, key, def, out, NULL, err);
}

int hs_config_range(const config_setting_t *g, const char *key, const char *def, hs_range *r,
                    hs_error *err)
{
    char msg[256];
    const char *text;
    config_setting_t *s = g ? config_setting_get_member(g, key) : NULL;

    if (hs_config_string(g, key, def, &text, err) < 0)
        return -1;
    if (!text) {
        memset(r, 0, sizeof *r);
        return 0;
    }
    if (hs_range_parse(text, r, msg, sizeof msg) < 0) {
        hs_error_at(err, s, "'%s': %s", key, msg);
        return -1;
    }
    return 0;
}

/* Read the first line of `path` into buf. Never reports the content. */
static int read_secret_file(const config_setting_t *where, const char *path, char *buf,
                            size_t buflen, hs_error *err)
{
    struct stat st;
    FILE *f = NULL;
    size_t len;
    int rc = -1;

    f = fopen(path, "re");
    if (!f && (errno == EACCES || errno == EPERM)) {
        /* the probe user may not read it: the root parent did, for us */
        const char *s = hs_secrets_lookup(path);
        if (s && strlen(s) < buflen) {
            memcpy(buf, s, strlen(s) + 1);
            rc = 0;
            goto out;
        }
        hs_error_at(err, where,
                    "cannot open secret file '%s': %s (probes run as "
                    "uid %u: make the file readable by it, or leave it to root: "
                    "chown root and chmod 600)",
                    path, strerror(EACCES), (unsigned)getuid());
        goto out;
    }
    if (!f) {
        hs_error_at(err, where, "cannot open secret file '%s': %s", path, strerror(errno));
        goto out;
    }
    if (fstat(fileno(f), &st) == 0 && (st.st_mode & (S_IRGRP | S_IROTH)))
        hs_warn("secret file '%s' is readable by group or others (mode %03o); "
                "chmod 600 it",
                path, (unsigned)(st.st_mode & 0777));
    if (!fgets(buf, (int)buflen, f)) {
        buf[0] = '\0';
        if (ferror(f)) {
            hs_error_at(err, where, "cannot read secret file '%s'", path);
            goto out;
        }
    }
    len = strlen(buf);
    if (len + 1 == buflen && buf[len - 1] != '\n' && !feof(f)) {
        hs_error_at(err, where, "secret in '%s' is longer than %zu bytes", path, buflen - 1);
        goto out;
    }
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        buf[--len] = '\0';
    rc = 0;
out:
    if (f)
        fclose(f);
    if (rc < 0 && buflen)
        memset(buf, 0, buflen);
    return rc;
}

int hs_config_secret(const config_setting_t *g, const char *key, char *buf, size_t buflen,
                     hs_error *err)
{
    char filekey[128];
    const char *path = NULL, *inline_val = NULL;
    config_setting_t *s;

    if (!buf || buflen == 0) {
        hs_error_set(err, "hs_config_secret: no buffer");
        return -1;
    }
    buf[0] = '\0';
    snprintf(filekey, sizeof filekey, "%s_file", key);
    if (hs_config_string(g, filekey, NULL, &path, err) < 0)
        return -1;
    s = config_setting_get_member(g, key);
    if (s && config_setting_type(s) != CONFIG_TYPE_STRING) {
        hs_error_at(err, s, "'%s' must be a string", key);
        return -1;
    }
    inline_val = s ? config_setting_get_string(s) : NULL;
    if (path && inline_val) {
        hs_error_at(err, s, "give either '%s' or '%s', not both", key, filekey);
        return -1;
    }
    if (path)
        return read_secret_file(config_setting_get_member(g, filekey), path, buf, buflen, err) < 0
                   ? -1
                   : 1;
    if (!inline_val)
        return 0;
    if (strlen(inline_val) >= buflen) {
        hs_error_at(err, s, "'%s' is longer than %zu bytes", key, buflen - 1);
        return -1;
    }
    memcpy(buf, inline_val, strlen(inline_val) + 1);
    return 1;
}
