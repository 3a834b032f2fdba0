/* error.c — hs_error: fixed-size message buffers owned by the caller, so
 * error paths never allocate. */
#include <stdio.h>
#include <string.h>

#include "hs_error.h"

void hs_error_clear(hs_error *err)
{
    if (err)
        err->msg[0] = '\0';
}

void hs_error_vset(hs_error *err, const char *fmt, va_list ap)
{
    if (!err)
        return;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

void hs_error_set(hs_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hs_error_vset(err, fmt, ap);
    va_end(ap);
}

void hs_error_at(hs_error *err, const config_setting_t *where, const char *fmt,
                 ...)
{
    char body[HS_ERROR_MAX];
    va_list ap;
    if (!err)
        return;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    if (where && config_setting_source_file(where))
        snprintf(err->msg, sizeof err->msg, "%s:%u: %s",
                 config_setting_source_file(where),
                 config_setting_source_line(where), body);
    else
        snprintf(err->msg, sizeof err->msg, "%s", body);
}

void hs_error_prefix(hs_error *err, const char *fmt, ...)
{
    char pre[256], old[HS_ERROR_MAX];
    va_list ap;
    if (!err)
        return;
    va_start(ap, fmt);
    vsnprintf(pre, sizeof pre, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    snprintf(err->msg, sizeof err->msg, "%s: %s", pre, old);
}
