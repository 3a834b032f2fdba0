/* result.h — probe results and verdicts: what a plugin builds through the
 * hs_* calls of plugin.h, and what the parent gets back from the pipe. The
 * same structures serve both sides so renderers read one representation. */
#ifndef HS_RESULT_H
#define HS_RESULT_H
#include <stddef.h>
#include "hascout/plugin.h"

/* Bounds the parent enforces on what a plugin sends (see serialize.c). */
#define HS_MAX_COMPONENTS 20000
#define HS_MAX_METRICS 2000  /* per component */
#define HS_MAX_MESSAGES 1000 /* per component or target */
#define HS_MAX_TEXT 4096     /* bytes per string */

struct hs_strv {
    char **v;
    size_t n, cap;
};

struct hs_metric {
    char *name;
    double value;      /* NaN: unknown ("U" in perfdata) */
    char *unit;        /* "" when none */
    char *warn, *crit; /* range text or NULL */
    double min, max;   /* NaN: none */
};

struct hs_label {
    char *name, *value;
};

struct hs_component {
    char *id, *kind, *parent; /* parent may be NULL */
    hs_state state;
    struct hs_metric *metrics;
    size_t nmetrics, capmetrics;
    struct hs_label *labels;
    size_t nlabels, caplabels;
    struct hs_strv messages;
    int require;          /* redundancy: works while >= require inputs do; 0: all */
    char *require_why;    /* where `require` comes from, or NULL */
    struct hs_strv needs; /* ids named by hs_component_needs() */
    hs_probe *owner;
};

struct hs_probe {
    char *target;
    double deadline;
    struct hs_component **comps;
    size_t ncomps, capcomps;
    struct hs_strv messages;
    char *fail;           /* why observing failed, or NULL */
    char *malformed;      /* first misuse of the API, or NULL */
    struct hs_strv debug; /* the child's hs_debug() lines, shown under -v */
};

struct hs_reason {
    hs_status status;
    char *text;
};

struct hs_verdict {
    hs_status status;
    double health; /* NaN until set */
    struct hs_reason *reasons;
    size_t nreasons, capreasons;
};

/* Allocate an empty probe for `target` with an absolute monotonic deadline.
 * Returns NULL on allocation failure; the caller owns the result and frees
 * it with hs_probe_free(). */
hs_probe *hs_probe_new(const char *target, double deadline);
void hs_probe_free(hs_probe *p);

/* Allocate an empty verdict (status OK, health unset); free with
 * hs_verdict_free(). NULL on allocation failure. */
hs_verdict *hs_verdict_new(void);
void hs_verdict_free(hs_verdict *v);

/* Health as the verdict states it, or the default for its status
 * (100/50/0, NaN for UNKNOWN). */
double hs_verdict_effective_health(const hs_verdict *v);

/* Rank for worst-of aggregation: OK 0 < WARNING 1 < UNKNOWN 2 < CRITICAL 3.
 * UNKNOWN ranks above WARNING because an unobserved target may be failing,
 * and below CRITICAL because a known failure is worse. */
int hs_status_rank(hs_status s);
hs_status hs_status_worst(hs_status a, hs_status b);

/* Parse "UP"/"DOWN"/... (case-insensitive). Returns 0 or -1. */
int hs_state_parse(const char *s, hs_state *out);

/* String vectors: push a copy (returns 0/-1), free all. */
int hs_strv_push(struct hs_strv *sv, const char *s);
void hs_strv_free(struct hs_strv *sv);

/* Mark the probe malformed with a reason (first one wins). */
void hs_probe_set_malformed(hs_probe *p, const char *fmt, ...) HS_PRINTF(2, 3);

/* Copy at most HS_MAX_TEXT bytes of s, replacing control characters by
 * spaces so a plugin's text cannot break any output format. */
char *hs_text_dup(const char *s);

/* The highest hs_ha_class value this core knows: a descriptor with a higher
 * one is refused, and loops over the classes stop here. */
#define HS_CLASS_LAST HS_CLASS_FAILOVER_MANAGER

/* The class's name ("load-balancer"), or "invalid" beyond HS_CLASS_LAST;
 * never NULL, static. */
const char *hs_ha_class_name(int cls);

#endif
