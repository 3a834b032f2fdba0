/* result.c — building and reading probe results and verdicts. Plugins call
 * these in the child; the parent fills the same structures when it reads a
 * result back (serialize.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "abi/result.h"

static int grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    size_t ncap;
    void *n;
    if (need <= *cap)
        return 0;
    ncap = *cap ? *cap * 2 : 8;
    while (ncap < need)
        ncap *= 2;
    n = realloc(*arr, ncap * elem);
    if (!n)
        return -1;
    *arr = n;
    *cap = ncap;
    return 0;
}

char *hs_text_dup(const char *s)
{
    size_t len, i;
    char *d;
    if (!s)
        s = "";
    len = strnlen(s, HS_MAX_TEXT);
    d = malloc(len + 1);
    if (!d)
        return NULL;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        d[i] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
    }
    d[len] = '\0';
    return d;
}

/* Whether STORED (a copy made by hs_text_dup) is what hs_text_dup makes of RAW.
 * Names are kept sanitised, but plugins refer to them again by the raw server
 * name (a parent, a lookup in score()): comparing raw bytes would miss them. */
static int text_eq(const char *stored, const char *raw)
{
    size_t len = strnlen(raw, HS_MAX_TEXT), i;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)raw[i];
        char want = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
        if (stored[i] != want)
            return 0;
    }
    return stored[i] == '\0';
}

int hs_strv_push(struct hs_strv *sv, const char *s)
{
    char *d;
    if (sv->n >= HS_MAX_MESSAGES)
        return -1;
    if (grow((void **)&sv->v, &sv->cap, sv->n + 1, sizeof *sv->v) < 0)
        return -1;
    d = hs_text_dup(s);
    if (!d)
        return -1;
    sv->v[sv->n++] = d;
    return 0;
}

void hs_strv_free(struct hs_strv *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        free(sv->v[i]);
    free(sv->v);
    sv->v = NULL;
    sv->n = sv->cap = 0;
}

hs_probe *hs_probe_new(const char *target, double deadline)
{
    hs_probe *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->target = hs_text_dup(target);
    if (!p->target) {
        free(p);
        return NULL;
    }
    p->deadline = deadline;
    return p;
}

static void component_free(struct hs_component *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nmetrics; i++) {
        free(c->metrics[i].name);
        free(c->metrics[i].unit);
        free(c->metrics[i].warn);
        free(c->metrics[i].crit);
    }
    free(c->metrics);
    for (size_t i = 0; i < c->nlabels; i++) {
        free(c->labels[i].name);
        free(c->labels[i].value);
    }
    free(c->labels);
    hs_strv_free(&c->needs);
    free(c->require_why);
    hs_strv_free(&c->messages);
    free(c->id);
    free(c->kind);
    free(c->parent);
    free(c);
}

void hs_probe_free(hs_probe *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->ncomps; i++)
        component_free(p->comps[i]);
    free(p->comps);
    hs_strv_free(&p->messages);
    hs_strv_free(&p->debug);
    free(p->target);
    free(p->fail);
    free(p->malformed);
    free(p);
}

void hs_probe_set_malformed(hs_probe *p, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    if (!p || p->malformed)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    p->malformed = hs_text_dup(buf);
}

double hs_probe_deadline(const hs_probe *p)
{
    return p->deadline;
}

double hs_probe_time_left(const hs_probe *p)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return p->deadline - ((double)ts.tv_sec + ts.tv_nsec / 1e9);
}

long hs_probe_timeout_ms(const hs_probe *p, double fraction, long cap_ms)
{
    double ms;

    if (!p)
        return 0;
    if (!(fraction > 0 && fraction <= 1)) /* NaN too */
        fraction = 1;
    ms = (hs_probe_time_left(p) * 1000.0 - HS_PROBE_RESERVE_MS) * fraction;
    if (!(ms >= 1)) /* nothing left: 0, however small the fraction made it */
        return ms > 0 ? 1 : 0;
    if (cap_ms > 0 && ms > (double)cap_ms)
        return cap_ms;
    return ms > 86400000.0 ? 86400000L : (long)ms;
}

const char *hs_probe_target(const hs_probe *p)
{
    return p->target;
}

const hs_component *hs_probe_find(const hs_probe *p, const char *id)
{
    if (!p || !id)
        return NULL;
    for (size_t i = 0; i < p->ncomps; i++)
        if (text_eq(p->comps[i]->id, id))
            return p->comps[i];
    return NULL;
}

static int valid_state(hs_state s)
{
    return s >= HS_STATE_UP && s <= HS_STATE_UNKNOWN;
}

hs_component *hs_probe_component(hs_probe *p, const char *id, const char *kind, const char *parent,
                                 hs_state state)
{
    struct hs_component *c;
    if (!p)
        return NULL;
    if (!id || !*id) {
        hs_probe_set_malformed(p, "component with an empty id");
        return NULL;
    }
    if (hs_probe_find(p, id)) {
        hs_probe_set_malformed(p, "duplicate component id '%.200s'", id);
        return NULL;
    }
    if (parent && !hs_probe_find(p, parent)) {
        hs_probe_set_malformed(p, "component '%.200s' names unknown parent '%.200s'", id, parent);
        return NULL;
    }
    if (!valid_state(state)) {
        hs_probe_set_malformed(p, "component '%.200s' has invalid state %d", id, (int)state);
        return NULL;
    }
    if (p->ncomps >= HS_MAX_COMPONENTS) {
        hs_probe_set_malformed(p, "more than %d components", HS_MAX_COMPONENTS);
        return NULL;
    }
    if (grow((void **)&p->comps, &p->capcomps, p->ncomps + 1, sizeof *p->comps) < 0)
        goto oom;
    c = calloc(1, sizeof *c);
    if (!c)
        goto oom;
    c->id = hs_text_dup(id);
    c->kind = hs_text_dup(kind ? kind : "component");
    c->parent = parent ? hs_text_dup(parent) : NULL;
    c->state = state;
    c->owner = p;
    if (!c->id || !c->kind || (parent && !c->parent)) {
        component_free(c);
        goto oom;
    }
    p->comps[p->ncomps++] = c;
    return c;
oom:
    hs_probe_set_malformed(p, "out of memory");
    return NULL;
}

void hs_component_set_state(hs_component *c, hs_state state)
{
    if (!c)
        return;
    if (!valid_state(state)) {
        hs_probe_set_malformed(c->owner, "component '%.200s' set to invalid state %d", c->id,
                               (int)state);
        return;
    }
    c->state = state;
}

void hs_component_message(hs_component *c, const char *fmt, ...)
{
    char buf[HS_MAX_TEXT];
    va_list ap;
    if (!c)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (hs_strv_push(&c->messages, buf) < 0)
        hs_probe_set_malformed(c->owner, "too many messages or out of memory");
}

hs_metric *hs_component_metric(hs_component *c, const char *name, double value, const char *unit)
{
    struct hs_metric *m;
    if (!c)
        return NULL;
    if (!name || !*name) {
        hs_probe_set_malformed(c->owner, "metric with an empty name");
        return NULL;
    }
    for (size_t i = 0; i < c->nmetrics; i++)
        if (text_eq(c->metrics[i].name, name)) {
            hs_probe_set_malformed(c->owner, "duplicate metric '%.200s' on '%.200s'", name, c->id);
            return NULL;
        }
    if (c->nmetrics >= HS_MAX_METRICS ||
        grow((void **)&c->metrics, &c->capmetrics, c->nmetrics + 1, sizeof *c->metrics) < 0) {
        hs_probe_set_malformed(c->owner, "too many metrics or out of memory");
        return NULL;
    }
    m = &c->metrics[c->nmetrics];
    memset(m, 0, sizeof *m);
    m->name = hs_text_dup(name);
    m->unit = hs_text_dup(unit ? unit : "");
    if (!m->name || !m->unit) {
        free(m->name);
        free(m->unit);
        hs_probe_set_malformed(c->owner, "out of memory");
        return NULL;
    }
    m->value = isfinite(value) ? value : NAN;
    m->min = m->max = NAN;
    c->nmetrics++;
    return m;
}

void hs_metric_thresholds(hs_metric *m, const char *warn, const char *crit)
{
    if (!m)
        return;
    free(m->warn);
    free(m->crit);
    m->warn = warn && *warn ? hs_text_dup(warn) : NULL;
    m->crit = crit && *crit ? hs_text_dup(crit) : NULL;
}

void hs_metric_bounds(hs_metric *m, double min, double max)
{
    if (!m)
        return;
    m->min = isfinite(min) ? min : NAN;
    m->max = isfinite(max) ? max : NAN;
}

void hs_component_label(hs_component *c, const char *name, const char *value)
{
    struct hs_label *l;
    if (!c || !name || !*name)
        return;
    for (size_t i = 0; i < c->nlabels; i++)
        if (text_eq(c->labels[i].name, name)) {
            char *v = hs_text_dup(value);
            if (v) {
                free(c->labels[i].value);
                c->labels[i].value = v;
            }
            return;
        }
    if (c->nlabels >= HS_MAX_METRICS ||
        grow((void **)&c->labels, &c->caplabels, c->nlabels + 1, sizeof *c->labels) < 0) {
        hs_probe_set_malformed(c->owner, "too many labels or out of memory");
        return;
    }
    l = &c->labels[c->nlabels];
    l->name = hs_text_dup(name);
    l->value = hs_text_dup(value);
    if (!l->name || !l->value) {
        free(l->name);
        free(l->value);
        hs_probe_set_malformed(c->owner, "out of memory");
        return;
    }
    c->nlabels++;
}

void hs_probe_message(hs_probe *p, const char *fmt, ...)
{
    char buf[HS_MAX_TEXT];
    va_list ap;
    if (!p)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (hs_strv_push(&p->messages, buf) < 0)
        hs_probe_set_malformed(p, "too many messages or out of memory");
}

void hs_probe_fail(hs_probe *p, const char *fmt, ...)
{
    char buf[HS_MAX_TEXT];
    va_list ap;
    if (!p)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    free(p->fail);
    p->fail = hs_text_dup(buf);
}

size_t hs_probe_component_count(const hs_probe *p)
{
    return p ? p->ncomps : 0;
}

const hs_component *hs_probe_component_at(const hs_probe *p, size_t i)
{
    return p && i < p->ncomps ? p->comps[i] : NULL;
}

const char *hs_component_id(const hs_component *c)
{
    return c ? c->id : NULL;
}
const char *hs_component_kind(const hs_component *c)
{
    return c ? c->kind : NULL;
}
const char *hs_component_parent(const hs_component *c)
{
    return c ? c->parent : NULL;
}
hs_state hs_component_state(const hs_component *c)
{
    return c ? c->state : HS_STATE_UNKNOWN;
}

int hs_component_value(const hs_component *c, const char *name, double *out)
{
    if (!c || !name)
        return 0;
    for (size_t i = 0; i < c->nmetrics; i++)
        if (text_eq(c->metrics[i].name, name)) {
            if (out)
                *out = c->metrics[i].value;
            return 1;
        }
    return 0;
}

void hs_component_require(hs_component *c, int k, const char *why)
{
    char *w = NULL;
    if (!c)
        return;
    if (k < 1) {
        hs_probe_set_malformed(c->owner, "component '%.100s': require %d (at least 1)", c->id, k);
        return;
    }
    if (why && *why && !(w = hs_text_dup(why))) {
        hs_probe_set_malformed(c->owner, "out of memory");
        return;
    }
    free(c->require_why);
    c->require_why = w;
    c->require = k;
}

void hs_component_needs(hs_component *c, const char *id)
{
    if (!c || !id || !*id)
        return;
    for (size_t i = 0; i < c->needs.n; i++)
        if (text_eq(c->needs.v[i], id))
            return;
    if (text_eq(c->id, id) || hs_strv_push(&c->needs, id) < 0)
        hs_probe_set_malformed(c->owner, "component '%.100s': needs '%.100s': itself, or too many",
                               c->id, id);
}

int hs_component_required(const hs_component *c)
{
    return c ? c->require : 0;
}

size_t hs_component_needs_count(const hs_component *c)
{
    return c ? c->needs.n : 0;
}

const char *hs_component_needs_at(const hs_component *c, size_t i)
{
    return c && i < c->needs.n ? c->needs.v[i] : NULL;
}

const char *hs_component_label_value(const hs_component *c, const char *name)
{
    if (!c || !name)
        return NULL;
    for (size_t i = 0; i < c->nlabels; i++)
        if (text_eq(c->labels[i].name, name))
            return c->labels[i].value;
    return NULL;
}

/* ---- verdicts ---------------------------------------------------------- */

hs_verdict *hs_verdict_new(void)
{
    hs_verdict *v = calloc(1, sizeof *v);
    if (v) {
        v->status = HS_OK;
        v->health = NAN;
    }
    return v;
}

void hs_verdict_free(hs_verdict *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->nreasons; i++)
        free(v->reasons[i].text);
    free(v->reasons);
    free(v);
}

int hs_status_rank(hs_status s)
{
    switch (s) {
    case HS_OK: return 0;
    case HS_WARNING: return 1;
    case HS_UNKNOWN: return 2;
    case HS_CRITICAL: return 3;
    }
    return 2;
}

hs_status hs_status_worst(hs_status a, hs_status b)
{
    return hs_status_rank(a) >= hs_status_rank(b) ? a : b;
}

void hs_verdict_raise(hs_verdict *v, hs_status status, const char *fmt, ...)
{
    char buf[HS_MAX_TEXT];
    va_list ap;
    if (!v)
        return;
    if (status < HS_OK || status > HS_UNKNOWN)
        status = HS_UNKNOWN;
    v->status = hs_status_worst(v->status, status);
    if (!fmt)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (v->nreasons >= HS_MAX_MESSAGES ||
        grow((void **)&v->reasons, &v->capreasons, v->nreasons + 1, sizeof *v->reasons) < 0)
        return;
    v->reasons[v->nreasons].status = status;
    v->reasons[v->nreasons].text = hs_text_dup(buf);
    if (v->reasons[v->nreasons].text)
        v->nreasons++;
}

void hs_verdict_health(hs_verdict *v, double health)
{
    if (!v || isnan(health))
        return;
    v->health = health < 0 ? 0 : health > 100 ? 100 : health;
}

hs_status hs_verdict_status(const hs_verdict *v)
{
    return v ? v->status : HS_UNKNOWN;
}

double hs_verdict_effective_health(const hs_verdict *v)
{
    if (!isnan(v->health))
        return v->health;
    switch (v->status) {
    case HS_OK: return 100;
    case HS_WARNING: return 50;
    case HS_CRITICAL: return 0;
    default: return NAN;
    }
}

static const char *const state_names[] = {"UP", "DEGRADED", "DOWN", "UNKNOWN"};
static const char *const status_names[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};

const char *hs_state_name(hs_state s)
{
    return valid_state(s) ? state_names[s] : "UNKNOWN";
}

const char *hs_status_name(hs_status s)
{
    return s >= HS_OK && s <= HS_UNKNOWN ? status_names[s] : "UNKNOWN";
}

static const char *const class_names[] = {
    "resource-monitor",     "load-balancer", "distributed-storage",
    "distributed-database", "other",         "failover-manager"};

const char *hs_ha_class_name(int cls)
{
    return cls >= 0 && cls <= HS_CLASS_LAST ? class_names[cls] : "invalid";
}

int hs_state_parse(const char *s, hs_state *out)
{
    for (int i = 0; i < 4; i++)
        if (s && strcasecmp(s, state_names[i]) == 0) {
            *out = (hs_state)i;
            return 0;
        }
    return -1;
}
