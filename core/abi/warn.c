/* warn.c — the process's warning list. One list per process is enough: a
 * probe child serves one target, and the parent prints its own. */
#include <stdio.h>
#include <string.h>

#include "abi/result.h"
#include "abi/warn.h"

static struct hs_strv warnings;

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

size_t hs_warn_count(void) { return warnings.n; }

const char *hs_warn_at(size_t i) { return i < warnings.n ? warnings.v[i] : NULL; }

void hs_warn_reset(void) { hs_strv_free(&warnings); }
