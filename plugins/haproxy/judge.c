/*
 * plugins/haproxy/judge.c — scoring rules of the HAProxy plugin (contract in
 * haproxy.h).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "haproxy.h"

/* Enough for a dozen server names with their check results; the rest is
 * summarised, a reason is a line for a human, not a dump. */
#define REASON_MAX 1024
#define LIST_NAMES 10

static void alertf(hap_alert_fn alert, void *ctx, hs_status st, const char *fmt, ...)
    HS_PRINTF(4, 5);

static void alertf(hap_alert_fn alert, void *ctx, hs_status st, const char *fmt, ...)
{
    char text[REASON_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    alert(ctx, st, text);
}

hs_state hap_server_state(const struct hap_row *r)
{
    switch (r->status) {
    case HAP_ST_UP: return r->trans_max ? HS_STATE_DEGRADED : HS_STATE_UP;
    case HAP_ST_NOCHECK: return HS_STATE_UP;
    case HAP_ST_DRAIN:
    case HAP_ST_NOLB: return HS_STATE_DEGRADED;
    case HAP_ST_DOWN:
    case HAP_ST_MAINT: return HS_STATE_DOWN;
    default: return HS_STATE_UNKNOWN;
    }
}

static int usable(const struct hap_backend *b)
{
    return b->act_up + b->bck_up;
}

hs_state hap_backend_state(const struct hap_backend *b, double min_up)
{
    if (b->nservers == 0) {
        if (!b->row)
            return HS_STATE_UNKNOWN;
        return b->row->status == HAP_ST_UP ? HS_STATE_UP : HS_STATE_DOWN;
    }
    if (usable(b) == 0 || usable(b) < min_up)
        return HS_STATE_DOWN;
    if (b->act_up < b->act_total || b->bck_up < b->bck_total ||
        (b->act_total > 0 && b->act_up == 0))
        return HS_STATE_DEGRADED;
    return HS_STATE_UP;
}

hs_state hap_frontend_state(const struct hap_row *r)
{
    switch (r->status) {
    case HAP_ST_OPEN: return HS_STATE_UP;
    case HAP_ST_FULL: return HS_STATE_DEGRADED;
    case HAP_ST_UNKNOWN:
    case HAP_ST_EMPTY: return HS_STATE_UNKNOWN;
    default: return HS_STATE_DOWN;
    }
}

double hap_session_pct(const struct hap_row *r)
{
    if (!isfinite(r->scur) || !isfinite(r->slim) || r->slim <= 0)
        return NAN;
    return 100.0 * r->scur / r->slim;
}

/* "web2 DOWN (L4CON: Connection refused), web3 MAINT" for the servers of b
 * that do not take traffic and count against it. */
static void list_lost(const struct hap_backend *b, char *out, size_t outlen)
{
    size_t i, shown = 0, more = 0, len = 0;

    out[0] = '\0';
    for (i = 0; i < b->nservers; i++) {
        const struct hap_server *s = &b->servers[i];
        const struct hap_row *r = s->row;
        int n;

        if (s->use == HAP_USE_UP || s->use == HAP_USE_ADMIN)
            continue;
        if (shown == LIST_NAMES) {
            more++;
            continue;
        }
        n = snprintf(out + len, outlen - len, "%s%s %s", shown ? ", " : "", r->svname,
                     r->status_text);
        if (n > 0 && (size_t)n < outlen - len)
            len += (size_t)n;
        if (r->check_status[0] && len < outlen) {
            n = snprintf(out + len, outlen - len, " (%s%s%s)", r->check_status,
                         r->check_desc[0] ? ": " : "", r->check_desc);
            if (n > 0 && (size_t)n < outlen - len)
                len += (size_t)n;
        }
        shown++;
    }
    if (more && len < outlen)
        snprintf(out + len, outlen - len, " and %zu more", more);
}

static void judge_sessions(const char *kind, const struct hap_row *r, const struct hap_limits *l,
                           hap_alert_fn alert, void *ctx)
{
    double pct = hap_session_pct(r);

    if (isnan(pct))
        return;
    if (hs_range_alerts(&l->crit_sessions, pct))
        alertf(alert, ctx, HS_CRITICAL, "%s %s: sessions at %.0f%% of the limit (%.0f of %.0f)",
               kind, r->pxname, pct, r->scur, r->slim);
    else if (hs_range_alerts(&l->warn_sessions, pct))
        alertf(alert, ctx, HS_WARNING, "%s %s: sessions at %.0f%% of the limit (%.0f of %.0f)",
               kind, r->pxname, pct, r->scur, r->slim);
}

static void judge_backend(const struct hap_backend *b, const struct hap_limits *l,
                          hap_alert_fn alert, void *ctx)
{
    char lost[REASON_MAX / 2];
    int up = usable(b), total = b->act_total + b->bck_total;

    if (b->row) {
        judge_sessions("backend", b->row, l, alert, ctx);
        if (isfinite(b->row->qcur)) {
            if (hs_range_alerts(&l->crit_queue, b->row->qcur))
                alertf(alert, ctx, HS_CRITICAL,
                       "backend %s: %.0f requests "
                       "queued",
                       b->name, b->row->qcur);
            else if (hs_range_alerts(&l->warn_queue, b->row->qcur))
                alertf(alert, ctx, HS_WARNING,
                       "backend %s: %.0f requests "
                       "queued",
                       b->name, b->row->qcur);
        }
    }
    if (b->nservers == 0) {
        /* Served by HAProxy itself (stats, redirects): only its own
         * status tells. */
        if (b->row && b->row->status != HAP_ST_UP)
            alertf(alert, ctx, HS_CRITICAL, "backend %s is %s", b->name, b->row->status_text);
        return;
    }
    list_lost(b, lost, sizeof lost);
    if (up == 0) {
        alertf(alert, ctx, HS_CRITICAL, "backend %s: no usable server%s%s", b->name,
               lost[0] ? ": " : " (all in maintenance)", lost);
        return;
    }
    if (up < l->min_up) {
        alertf(alert, ctx, HS_CRITICAL, "backend %s: %d server%s up, fewer than min_up %g: %s",
               b->name, up, up == 1 ? "" : "s", l->min_up, lost);
        return;
    }
    if (b->act_total > 0 && b->act_up == 0)
        alertf(alert, ctx, HS_WARNING, "backend %s: running on backup servers only: %s", b->name,
               lost);
    else if (up < total)
        alertf(alert, ctx, HS_WARNING, "backend %s: lost redundancy, %d of %d servers up: %s",
               b->name, up, total, lost);
}

double hap_judge(const struct hap_view *v, const struct hap_limits *l, hap_alert_fn alert,
                 void *ctx)
{
    double w_up = 0, w_total = 0;
    int n_up = 0, n_total = 0;
    size_t i;

    for (i = 0; i < v->nfrontends; i++) {
        const struct hap_row *r = v->frontends[i];

        if (r->status != HAP_ST_OPEN)
            alertf(alert, ctx, HS_CRITICAL, "frontend %s is %s, not OPEN", r->pxname,
                   r->status_text[0] ? r->status_text : "empty");
        judge_sessions("frontend", r, l, alert, ctx);
    }
    for (i = 0; i < v->nbackends; i++) {
        const struct hap_backend *b = &v->backends[i];

        judge_backend(b, l, alert, ctx);
        w_up += b->weight_up;
        w_total += b->weight_total;
        n_up += b->act_total ? b->act_up : b->bck_up;
        n_total += b->act_total ? b->act_total : b->bck_total;
    }
    if (w_total > 0)
        return 100.0 * w_up / w_total;
    /* All weights zero: fall back to counting servers. */
    if (n_total > 0)
        return 100.0 * n_up / n_total;
    return NAN;
}
