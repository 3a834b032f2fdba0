/* core/eval/cfgutil.c — libconfig readers with file:line errors. */
#include "eval/cfgutil.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

const char *hs_ecfg_file(const config_setting_t *s, const char *fallback)
{
    const char *f = s ? config_setting_source_file(s) : NULL;
    return f ? f : (fallback ? fallback : "<config>");
}

int hs_ecfg_fail(hs_error *err, const config_setting_t *s,
                 const char *fallback, const char *fmt, ...)
{
    char text[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return hs_error_fail(err, hs_ecfg_file(s, fallback),
                         s ? (int)config_setting_source_line(s) : 0, "%s",
                         text);
}

char *hs_ecfg_where(const config_setting_t *s, const char *fallback)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s:%d", hs_ecfg_file(s, fallback),
             s ? (int)config_setting_source_line(s) : 0);
    return strdup(buf);
}

int hs_ecfg_keys(const config_setting_t *g, const char *what,
                 const char *const *keys, const char *fallback,
                 hs_error *err)
{
    if (!config_setting_is_group(g))
        return hs_ecfg_fail(err, g, fallback, "%s must be a group { ... }",
                            what);
    for (int i = 0; i < config_setting_length(g); i++) {
        const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
        const char *k = config_setting_name(s);
        const char *const *p = keys;
        while (*p && (!k || strcmp(*p, k) != 0))
            p++;
        if (!*p) {
            char list[256] = "";
            for (p = keys; *p; p++)
                if (strcmp(*p, "comment") != 0)
                    snprintf(list + strlen(list), sizeof list - strlen(list),
                             "%s%s", list[0] ? ", " : "", *p);
            return hs_ecfg_fail(err, s, fallback,
                                "unknown key '%s' in %s (known: %s)",
                                k ? k : "?", what, list);
        }
    }
    return 0;
}

int hs_ecfg_number(const config_setting_t *g, const char *key, double *out,
                   bool *have, const char *fallback, hs_error *err)
{
    const config_setting_t *s = config_setting_get_member(g, key);
    *have = s != NULL;
    if (!s)
        return 0;
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        *out = (double)config_setting_get_int64(s);
        return 0;
    case CONFIG_TYPE_FLOAT:
        *out = config_setting_get_float(s);
        if (isfinite(*out))
            return 0;
        return hs_ecfg_fail(err, s, fallback, "'%s' is not a finite number",
                            key);
    default:
        return hs_ecfg_fail(err, s, fallback, "'%s' must be a number", key);
    }
}

int hs_ecfg_string(const config_setting_t *g, const char *key,
                   const char **out, const char *fallback,
                   hs_error *err)
{
    const config_setting_t *s = config_setting_get_member(g, key);
    *out = NULL;
    if (!s)
        return 0;
    if (config_setting_type(s) != CONFIG_TYPE_STRING)
        return hs_ecfg_fail(err, s, fallback, "'%s' must be a string", key);
    *out = config_setting_get_string(s);
    return 0;
}

int hs_ecfg_class(const char *name)
{
    char buf[64];
    size_t i;
    for (i = 0; name[i] && i + 1 < sizeof buf; i++)
        buf[i] = name[i] == '_' ? '-' : name[i];
    buf[i] = '\0';
    for (int c = 0; c <= HS_CLASS_LAST; c++)
        if (strcmp(buf, hs_ha_class_name(c)) == 0)
            return c;
    return -1;
}
