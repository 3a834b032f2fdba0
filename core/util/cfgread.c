/* util/cfgread.c — see cfgread.h. */
#include "util/cfgread.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *hs_cfg_file(const config_setting_t *s, const char *fallback)
{
    const char *f = s ? config_setting_source_file(s) : NULL;
    return f ? f : fallback;
}

int hs_cfg_vfail(hs_error *err, const config_setting_t *s, const char *fallback, const char *fmt,
                 va_list ap)
{
    char text[HS_ERROR_MAX];

    vsnprintf(text, sizeof text, fmt, ap);
    if (!fallback) {
        hs_error_at(err, s, "%s", text);
        return -1;
    }
    return hs_error_fail(err, hs_cfg_file(s, fallback), s ? (int)config_setting_source_line(s) : 0,
                         "%s", text);
}

int hs_cfg_fail(hs_error *err, const config_setting_t *s, const char *fallback, const char *fmt,
                ...)
{
    va_list ap;
    va_start(ap, fmt);
    hs_cfg_vfail(err, s, fallback, fmt, ap);
    va_end(ap);
    return -1;
}

/* libconfig's lookup refuses no NULL group; to us it has no members. */
static config_setting_t *member(const config_setting_t *g, const char *key)
{
    return g ? config_setting_get_member(g, key) : NULL;
}

int hs_cfg_number(const config_setting_t *g, const char *key, double def, double *out, bool *have,
                  const char *fallback, hs_error *err)
{
    const config_setting_t *s = member(g, key);

    if (have)
        *have = s != NULL;
    if (!s) {
        *out = def;
        return 0;
    }
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64: *out = (double)config_setting_get_int64(s); return 0;
    case CONFIG_TYPE_FLOAT:
        *out = config_setting_get_float(s);
        if (!isfinite(*out))
            return hs_cfg_fail(err, s, fallback, "'%s' must be a finite number", key);
        return 0;
    default: return hs_cfg_fail(err, s, fallback, "'%s' must be a number", key);
    }
}

int hs_cfg_string(const config_setting_t *g, const char *key, const char *def, const char **out,
                  const char *fallback, hs_error *err)
{
    const config_setting_t *s = member(g, key);

    if (!s) {
        *out = def;
        return 0;
    }
    if (config_setting_type(s) != CONFIG_TYPE_STRING)
        return hs_cfg_fail(err, s, fallback, "'%s' must be a string", key);
    *out = config_setting_get_string(s);
    return 0;
}

int hs_cfg_bool(const config_setting_t *g, const char *key, int def, int *out, const char *fallback,
                hs_error *err)
{
    const config_setting_t *s = member(g, key);

    if (!s) {
        *out = def;
        return 0;
    }
    if (config_setting_type(s) != CONFIG_TYPE_BOOL)
        return hs_cfg_fail(err, s, fallback, "'%s' must be true or false", key);
    *out = config_setting_get_bool(s) != 0;
    return 0;
}

/* Write `"a", "b" or "c"` for the NULL-terminated NAMES into buf. */
static void list_names(char *buf, size_t len, const char *const *names)
{
    size_t off = 0;

    buf[0] = '\0';
    for (size_t i = 0; names && names[i] && off < len; i++) {
        const char *sep = i == 0 ? "" : names[i + 1] ? ", " : " or ";
        int w = snprintf(buf + off, len - off, "%s\"%s\"", sep, names[i]);
        if (w < 0)
            break;
        off += (size_t)w;
    }
}

int hs_cfg_enum(const config_setting_t *g, const char *key, const char *const *names, int def,
                int *out, const char *fallback, hs_error *err)
{
    const config_setting_t *s = member(g, key);
    char allowed[512];
    const char *v;

    if (!s) {
        *out = def;
        return 0;
    }
    list_names(allowed, sizeof allowed, names);
    if (config_setting_type(s) != CONFIG_TYPE_STRING)
        return hs_cfg_fail(err, s, fallback, "'%s' must be %s", key, allowed);
    v = config_setting_get_string(s);
    for (int i = 0; names && names[i]; i++)
        if (strcmp(names[i], v) == 0) {
            *out = i;
            return 0;
        }
    return hs_cfg_fail(err, s, fallback, "'%s' must be %s, not \"%s\"", key, allowed, v);
}

int hs_cfg_strings(const config_setting_t *g, const char *key, const char ***out, size_t *n,
                   const char *fallback, hs_error *err)
{
    const config_setting_t *s = member(g, key);
    const char **items = NULL;
    int len, rc = -1;

    *out = NULL;
    *n = 0;
    if (!s)
        return 0;
    if (!config_setting_is_array(s) && !config_setting_is_list(s)) {
        hs_cfg_fail(err, s, fallback, "'%s' must be a list of strings: [ \"a\", \"b\" ]", key);
        goto out;
    }
    len = config_setting_length(s);
    items = calloc((size_t)len + 1, sizeof *items);
    if (!items) {
        hs_cfg_fail(err, s, fallback, "out of memory reading '%s'", key);
        goto out;
    }
    for (int i = 0; i < len; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        if (config_setting_type(e) != CONFIG_TYPE_STRING) {
            hs_cfg_fail(err, e, fallback, "'%s'[%d] must be a string", key, i);
            goto out;
        }
        items[i] = config_setting_get_string(e);
    }
    *out = items;
    *n = (size_t)len;
    items = NULL;
    rc = 0;
out:
    free(items);
    return rc;
}

int hs_cfg_require(const config_setting_t *g, const char *const *keys, const char *fallback,
                   hs_error *err)
{
    for (; keys && *keys; keys++)
        if (!member(g, *keys))
            return hs_cfg_fail(err, g, fallback, "'%s' is missing", *keys);
    return 0;
}

static bool named_in(const char *name, const char *const *keys)
{
    for (; keys && *keys; keys++)
        if (strcmp(*keys, name) == 0)
            return true;
    return false;
}

const config_setting_t *hs_cfg_unknown_key(const config_setting_t *g, const char *const *allowed,
                                           const char *const *extra)
{
    int n = g ? config_setting_length(g) : 0;

    for (int i = 0; i < n; i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        const char *name = config_setting_name(m);
        if (!name || !(named_in(name, allowed) || named_in(name, extra)))
            return m;
    }
    return NULL;
}
