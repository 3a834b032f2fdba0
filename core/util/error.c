/* error.c — hs_error: fixed-size message buffers owned by the caller, so
 * error paths never allocate. */
#include <stdio.h>
#include <string.h>

#include "util/error.h"

void hs_error_clear(hs_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

int hs_error_fail(hs_error *err, const char *file, int line, const char *fmt, ...)
{
    char text[HS_ERROR_MAX - 300];
    va_list ap;
    if (!err)
        return -1;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (file && line > 0)
        snprintf(err->msg, sizeof err->msg, "%s:%d: %s", file, line, text);
    else if (file)
        snprintf(err->msg, sizeof err->msg, "%s: %s", file, text);
    else
        snprintf(err->msg, sizeof err->msg, "%s", text);
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    return -1;
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

void hs_error_at(hs_error *err, const config_setting_t *where, const char *fmt, ...)
{
    size_t off = 0;
    va_list ap;
    if (!err)
        return;
    hs_error_clear(err);
    if (where && config_setting_source_file(where)) {
        snprintf(err->file, sizeof err->file, "%s", config_setting_source_file(where));
        err->line = (int)config_setting_source_line(where);
        int n = snprintf(err->msg, sizeof err->msg, "%s:%u: ", config_setting_source_file(where),
                         config_setting_source_line(where));
        off = n < 0 ? 0 : (size_t)n >= sizeof err->msg ? sizeof err->msg - 1 : (size_t)n;
    }
    va_start(ap, fmt);
    vsnprintf(err->msg + off, sizeof err->msg - off, fmt, ap);
    va_end(ap);
}

void hs_error_prefix(hs_error *err, const char *fmt, ...)
{
    char old[HS_ERROR_MAX];
    size_t off, len;
    int n;
    va_list ap;
    if (!err)
        return;
    memcpy(old, err->msg, sizeof old);
    va_start(ap, fmt);
    n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    off = n < 0 ? 0 : (size_t)n >= sizeof err->msg - 2 ? sizeof err->msg - 3 : (size_t)n;
    memcpy(err->msg + off, ": ", 2);
    off += 2;
    len = strnlen(old, sizeof err->msg - off - 1);
    memcpy(err->msg + off, old, len);
    err->msg[off + len] = '\0';
}
