/* report.h — the one in-memory report every renderer reads. Renderers
 * format; they never probe or compute availability themselves. */
#ifndef HS_REPORT_H
#define HS_REPORT_H
#include <stdio.h>
#include <time.h>
#include "runner.h"

struct hs_report {
    const char *config_path;   /* borrowed */
    int demo;                  /* the bundled demo config was used */
    time_t generated;
    struct hs_target_result *results; /* borrowed array */
    size_t n;
    hs_status status;          /* worst of the targets (hs_status_worst) */
};

/* Compute r->status from the results. */
void hs_report_summarize(struct hs_report *r);

/* Renderers: write to `out`, return 0 or -1 on a write error. */
int hs_render_text(const struct hs_report *r, FILE *out, int verbose);
int hs_render_table(const struct hs_report *r, FILE *out, int verbose);
int hs_render_json(const struct hs_report *r, FILE *out);
int hs_render_nagios(const struct hs_report *r, FILE *out);

/* One short line saying why a target has its status (first reason, error
 * or "all N components UP"), into buf. */
void hs_target_summary(const struct hs_target_result *t, char *buf, size_t len);

/* Nagios perfdata label quoting: quotes when needed, doubles ', replaces
 * '=' (not allowed) by '_'. Writes into buf (always NUL-terminated). */
void hs_perf_label(const char *in, char *buf, size_t len);

#endif
