/* warn.c — the process's warning and debug lists. One list per process is
 * enough: a probe child serves one target, and the parent prints its own. */
#include <stdio.h>
#include <string.h>

#include "abi/result.h"
#include "abi/warn.h"

static struct hs_strv warnings;
static struct hs_strv debug_lines;
static unsigned long debug_dropped;

void hs_warn(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < warnings.n; i++)
        if (strcmp(warnings.v[i], buf) == 0)
            return; /* once is enough */
    hs_strv_push(&warnings, buf);
}

size_t hs_warn_count(void)
{
    return warnings.n;
}

const char *hs_warn_at(size_t i)
{
    return i < warnings.n ? warnings.v[i] : NULL;
}

void hs_warn_reset(void)
{
    hs_strv_free(&warnings);
}

void hs_debug(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;

    if (debug_lines.n >= HS_DEBUG_MAX_LINES) {
        debug_dropped++; /* counted, not formatted: a loop tracing per item stays cheap */
        return;
    }
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (hs_strv_push(&debug_lines, buf) < 0)
        debug_dropped++;
}

void hs_debug_move(struct hs_strv *to)
{
    char note[64];

    for (size_t i = 0; i < debug_lines.n; i++)
        hs_strv_push(to, debug_lines.v[i]);
    if (debug_dropped) {
        snprintf(note, sizeof note, "(%lu more debug lines dropped)", debug_dropped);
        hs_strv_push(to, note);
    }
    hs_debug_reset();
}

void hs_debug_reset(void)
{
    hs_strv_free(&debug_lines);
    debug_dropped = 0;
}
