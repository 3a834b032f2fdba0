/* core/eval/cfgutil.c — libconfig readers with file:line errors. */
#include "eval/cfgutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/result.h"
#include "util/cfgread.h"

/* The evaluation's messages always name a file: "<config>" for text parsed
 * from a string when the caller knows no better. */
static const char *fb(const char *fallback)
{
    return fallback ? fallback : "<config>";
}

const char *hs_ecfg_file(const config_setting_t *s, const char *fallback)
{
    return hs_cfg_file(s, fb(fallback));
}

int hs_ecfg_fail(hs_error *err, const config_setting_t *s, const char *fallback, const char *fmt,
                 ...)
{
    va_list ap;
    va_start(ap, fmt);
    hs_cfg_vfail(err, s, fb(fallback), fmt, ap);
    va_end(ap);
    return -1;
}

char *hs_ecfg_where(const config_setting_t *s, const char *fallback)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s:%d", hs_ecfg_file(s, fallback),
             s ? (int)config_setting_source_line(s) : 0);
    return strdup(buf);
}

int hs_ecfg_keys(const config_setting_t *g, const char *what, const char *const *keys,
                 const char *fallback, hs_error *err)
{
    const config_setting_t *s;
    char list[256] = "";

    if (!config_setting_is_group(g))
        return hs_ecfg_fail(err, g, fallback, "%s must be a group { ... }", what);
    s = hs_cfg_unknown_key(g, keys, NULL);
    if (!s)
        return 0;
    for (const char *const *p = keys; *p; p++)
        if (strcmp(*p, "comment") != 0)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? ", " : "",
                     *p);
    return hs_ecfg_fail(err, s, fallback, "unknown key '%s' in %s (known: %s)",
                        config_setting_name(s) ? config_setting_name(s) : "?", what, list);
}

int hs_ecfg_number(const config_setting_t *g, const char *key, double *out, bool *have,
                   const char *fallback, hs_error *err)
{
    double v = 0.0;
    int rc = hs_cfg_number(g, key, 0.0, &v, have, fb(fallback), err);
    if (rc == 0 && *have) /* absent: the caller's default stays */
        *out = v;
    return rc;
}

int hs_ecfg_string(const config_setting_t *g, const char *key, const char **out,
                   const char *fallback, hs_error *err)
{
    *out = NULL;
    return hs_cfg_string(g, key, NULL, out, fb(fallback), err);
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
