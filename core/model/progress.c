/*
 * core/model/progress.c — see progress.h.
 */
#include "model/progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

double hs_progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void hs_progress_start(hs_progress *p, bool on, const char *label)
{
    p->on = on;
    p->shown = false;
    p->label = label;
    p->next = on ? hs_progress_now() + 0.5 : 0.0;
}

void hs_progress_update(hs_progress *p, const char *fmt, ...)
{
    if (!p->on)
        return;
    double now = hs_progress_now();
    if (now < p->next)
        return;
    p->next = now + 0.2;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "\r%s: ", p->label);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\033[K");
    va_end(ap);
    fflush(stderr);
    p->shown = true;
}

void hs_progress_end(hs_progress *p)
{
    if (p->on && p->shown) {
        fprintf(stderr, "\r\033[K");
        fflush(stderr);
    }
    p->shown = false;
}
