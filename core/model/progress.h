/*
 * core/model/progress.h — a one-line progress indicator on stderr for long
 * analyses; silent unless enabled (callers pass isatty(2)), and rate-limited
 * so it costs nothing measurable.
 */
#ifndef HS_MODEL_PROGRESS_H
#define HS_MODEL_PROGRESS_H

#include <stdbool.h>

typedef struct hs_progress {
    bool on;
    bool shown;
    double next; /* monotonic time of the next allowed update */
    const char *label;
} hs_progress;

void hs_progress_start(hs_progress *p, bool on, const char *label);
/* Redraws the line at most 5 times a second. */
void hs_progress_update(hs_progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Clears the line if anything was drawn. */
void hs_progress_end(hs_progress *p);
/* Seconds on CLOCK_MONOTONIC. */
double hs_progress_now(void);

#endif
