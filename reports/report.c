/* report.c — what all renderers share: the overall status and the one-line
 * summary of a target. */
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reports/report.h"

const double hs_windows[HS_NWINDOWS] = {86400.0, 7 * 86400.0, 30 * 86400.0};
const char *const hs_window_names[HS_NWINDOWS] = {"24h", "7d", "30d"};

void hs_report_obs_cell(const struct hs_observed *o, char *buf, size_t len)
{
    if (o->up + o->down + o->unknown <= 0 && isnan(o->availability))
        snprintf(buf, len, "-");
    else if (!o->enough)
        snprintf(buf, len, "n/a");
    else
        snprintf(buf, len, "%.4f%%", 100.0 * o->availability);
}

/* "3 min", "5.2 h", "2.1 d" */
static void span(double s, char *buf, size_t len)
{
    if (s < 3600)
        snprintf(buf, len, "%.0f min", s / 60.0);
    else if (s < 172800)
        snprintf(buf, len, "%.1f h", s / 3600.0);
    else
        snprintf(buf, len, "%.1f d", s / 86400.0);
}

void hs_report_obs_detail(const struct hs_observed *o, char *buf, size_t len)
{
    char seen[32], per[32];
    span(o->up + o->down, seen, sizeof seen);
    if (o->up + o->down + o->unknown <= 0 && isnan(o->availability)) {
        snprintf(buf, len, "no record");
    } else if (!o->enough) {
        snprintf(buf, len, "not enough data (%s observed, %.1f %% of the window)", seen,
                 100.0 * o->coverage);
    } else if (o->outages == 0 && isfinite(o->rate_high)) {
        int l;
        span(3600.0 / o->rate_high, per, sizeof per);
        l = snprintf(buf, len,
                     "no outage in %s (%.0f %% of the window): outage rate < 1 per %s (95 %%)",
                     seen, 100.0 * o->coverage, per);
        if (isfinite(o->avail_low) && l > 0 && (size_t)l < len)
            snprintf(buf + l, len - (size_t)l, ", availability >= %.4f %% with the model's MTTR",
                     100.0 * o->avail_low);
    } else {
        snprintf(buf, len,
                 "%.4f %% (95 %%: %.4f to %.4f %%), %.0f %% of the window observed, %d outage%s",
                 100.0 * o->availability, 100.0 * o->avail_low, 100.0 * o->avail_high,
                 100.0 * o->coverage, o->outages, o->outages == 1 ? "" : "s");
    }
}

int hs_report_evidence(struct hs_report *r, hs_error *err)
{
    const struct hs_live *lv = r->live;
    double *q = NULL;
    int seen = 0, rc = -1;

    if (!lv || r->calib.n == 0)
        return 0;
    q = calloc(lv->ncomps + 1, sizeof *q);
    r->calibrated = calloc(lv->nservices + 1, sizeof *r->calibrated);
    if (!q || !r->calibrated) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < lv->ncomps; i++) {
        const struct hs_calib_comp *c = &r->calib.comps[i];
        q[i] = isnan(lv->comps[i].q) ? 0 : lv->comps[i].q;
        if (c->seen && isfinite(c->fail.post) && isfinite(c->repair.post)) {
            q[i] = c->repair.post / (c->fail.post + c->repair.post);
            seen = 1;
        }
    }
    rc = seen ? hs_live_modeled_with(lv, q, r->calibrated, err) : 0;
out:
    if (!seen || rc < 0) {
        free(r->calibrated);
        r->calibrated = NULL;
    }
    free(q);
    return rc;
}

struct disagree {
    size_t i;
    double d;
};

static int by_disagreement(const void *a, const void *b)
{
    double x = ((const struct disagree *)a)->d, y = ((const struct disagree *)b)->d;
    return x < y ? 1 : x > y ? -1 : 0;
}

size_t hs_report_contradicted(const struct hs_report *r, size_t *idx, size_t max)
{
    struct disagree *v = calloc(r->calib.n + 1, sizeof *v);
    size_t n = 0;
    if (!v)
        return 0;
    for (size_t i = 0; i < r->calib.n; i++) {
        double d = hs_calib_disagreement(&r->calib.comps[i]);
        if (d > 0)
            v[n++] = (struct disagree){i, d};
    }
    qsort(v, n, sizeof *v, by_disagreement);
    if (n > max)
        n = max;
    for (size_t k = 0; k < n; k++)
        idx[k] = v[k].i;
    free(v);
    return n;
}

void hs_report_drift_text(const struct hs_report *r, char *buf, size_t len)
{
    size_t real = hs_drift_count(&r->drift, -1);
    buf[0] = '\0';
    for (size_t i = 0; real && i < r->drift.n; i++)
        if (r->drift.v[i].kind != HS_DRIFT_UNCHECKED) {
            snprintf(buf, len,
                     "model drift: %zu difference%s between the model and what the probes see "
                     "(`hascout model discover --check` lists them), first: %s",
                     real, real == 1 ? "" : "s", r->drift.v[i].text);
            return;
        }
}

const char *hs_report_model_note(const struct hs_report *r)
{
    if (!r->live || !r->live->discovered)
        return NULL;
    return "model derived from the probes (the configuration has no 'model'): one service per "
           "target, the plugins' redundancy rules, assumed failure rates; `hascout model discover "
           "-o FILE` writes it out to edit";
}

const char *hs_report_suspect_text(void)
{
    return "every target is UNKNOWN: the monitoring host itself may be isolated (network links, "
           "routes, firewall) or unable to probe (probe user, plugins), rather than every service "
           "failing at once";
}

void hs_report_summarize(struct hs_report *r)
{
    size_t unknown = 0;
    r->status = HS_OK;
    for (size_t i = 0; i < r->n; i++) {
        r->status = hs_status_worst(r->status, r->results[i].status);
        unknown += r->results[i].status == HS_UNKNOWN;
    }
    /* one target UNKNOWN is that target's problem; all of several is ours */
    r->monitor_suspect = r->n >= 2 && unknown == r->n;
    for (size_t s = 0; r->live && r->services && s < r->live->nservices; s++)
        r->status = hs_status_worst(r->status, r->services[s].status);
}

void hs_report_no_record(struct hs_observed *o)
{
    memset(o, 0, sizeof *o);
    o->availability = o->avail_low = o->avail_high = o->rate_high = NAN;
}

static void service_status(const struct hs_live *lv, size_t s, struct hs_report_service *rs)
{
    const struct hs_live_service *sv = &lv->services[s];
    rs->state = sv->state;
    rs->design_margin = -1;
    for (long k = 0; k < hs_live_ncuts(lv, s); k++)
        if (rs->design_margin < 0 || hs_live_cut_size(lv, s, k) < rs->design_margin)
            rs->design_margin = hs_live_cut_size(lv, s, k);
    rs->status = sv->state == HS_LIVE_DOWN                             ? HS_CRITICAL
                 : sv->state == HS_LIVE_UNKNOWN                        ? HS_UNKNOWN
                 : (sv->margin >= 0 && sv->margin < rs->design_margin) ? HS_WARNING
                                                                       : HS_OK;
}

int hs_report_model_view(struct hs_report *r, double max_gap)
{
    const struct hs_live *lv = r->live;

    if (!lv)
        return 0;
    r->services = calloc(lv->nservices + 1, sizeof *r->services);
    r->comp_obs = calloc(lv->ncomps + 1, sizeof *r->comp_obs);
    if (!r->services || !r->comp_obs)
        return -1;
    for (size_t s = 0; s < lv->nservices; s++) {
        service_status(lv, s, &r->services[s]);
        for (int w = 0; w < HS_NWINDOWS; w++)
            hs_report_no_record(&r->services[s].obs[w]);
    }
    for (size_t c = 0; c < lv->ncomps; c++)
        for (int w = 0; w < HS_NWINDOWS; w++)
            hs_report_no_record(&r->comp_obs[c][w]);
    return hs_report_read_history(r, max_gap);
}

/* "a, b, c" of the model's services into buf. */
static void service_names(const struct hs_live *lv, char *buf, size_t len)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t s = 0; s < lv->nservices && o < len; s++) {
        int w = snprintf(buf + o, len - o, "%s%s", s ? ", " : "", lv->services[s].name);
        if (w < 0)
            break;
        o += (size_t)w;
    }
}

int hs_report_focus(struct hs_report *r, const char *const *names, size_t n, hs_error *err)
{
    const struct hs_live *lv = r->live;
    char have[512];
    if (!lv || !r->services) {
        hs_error_set(err, "--service needs a model (the configuration has none, and none "
                          "could be derived from the probes)");
        return -1;
    }
    free(r->focus);
    if (!(r->focus = calloc(lv->nservices + 1, 1))) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        size_t s = 0;
        while (s < lv->nservices && strcmp(lv->services[s].name, names[i]) != 0)
            s++;
        if (s == lv->nservices) {
            service_names(lv, have, sizeof have);
            hs_error_set(err, "no service '%s' in the model (it has: %s)", names[i], have);
            return -1;
        }
        r->focus[s] = 1;
    }
    r->status = HS_OK;
    for (size_t s = 0; s < lv->nservices; s++)
        if (r->focus[s])
            r->status = hs_status_worst(r->status, r->services[s].status);
    return 0;
}

void hs_report_timeline_free(struct hs_report *r)
{
    for (size_t s = 0; r->timeline && s < r->ntimeline; s++)
        free(r->timeline[s].segs);
    free(r->timeline);
    r->timeline = NULL;
    r->ntimeline = 0;
}

void hs_report_model_free(struct hs_report *r)
{
    free(r->services);
    free(r->comp_obs);
    free(r->history_warning);
    free(r->focus);
    r->focus = NULL;
    hs_report_timeline_free(r);
    hs_drift_free(&r->drift);
    hs_calib_free(&r->calib);
    free(r->calibrated);
    r->calibrated = NULL;
    r->services = NULL;
    r->comp_obs = NULL;
    r->history_warning = NULL;
}

void hs_report_cut_text(const struct hs_report *r, size_t s, char *buf, size_t len)
{
    const struct hs_live_service *sv = &r->live->services[s];
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i < sv->ncut && o + 1 < len; i++)
        o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? ", " : "",
                              r->live->comps[sv->cut[i]].name);
    if (o >= len && len > 4)
        memcpy(buf + len - 4, "...", 4);
}

void hs_target_summary(const struct hs_target_result *t, char *buf, size_t len)
{
    const hs_verdict *v = t->verdict;
    if (t->error) {
        snprintf(buf, len, "%s", t->error);
        return;
    }
    if (v) {
        /* the first reason at the verdict's status says most */
        for (size_t i = 0; i < v->nreasons; i++)
            if (v->reasons[i].status == v->status) {
                if (v->nreasons > 1)
                    snprintf(buf, len, "%s (+%zu more)", v->reasons[i].text, v->nreasons - 1);
                else
                    snprintf(buf, len, "%s", v->reasons[i].text);
                return;
            }
        if (v->nreasons) {
            snprintf(buf, len, "%s", v->reasons[0].text);
            return;
        }
    }
    if (t->probe) {
        size_t up = 0;
        for (size_t i = 0; i < t->probe->ncomps; i++)
            up += t->probe->comps[i]->state == HS_STATE_UP;
        snprintf(buf, len, "%zu of %zu components UP", up, t->probe->ncomps);
        return;
    }
    snprintf(buf, len, "no result");
}

void hs_perf_label(const char *in, char *buf, size_t len)
{
    size_t o = 0;
    int quote = 0;
    if (len < 3) {
        if (len)
            buf[0] = '\0';
        return;
    }
    for (const char *p = in; *p; p++)
        if (*p == ' ' || *p == '\'' || *p == ';' || *p == ',' || (unsigned char)*p < 0x20 ||
            *p == 0x7f)
            quote = 1;
    if (quote)
        buf[o++] = '\'';
    for (const char *p = in; *p && o + 3 < len; p++) {
        char c = *p;
        /* '=' ends the label; '|' starts perfdata wherever Nagios finds it on
         * a line, quoted or not: neither can be escaped, both become '_' */
        if (c == '=' || c == '|')
            c = '_';
        if ((unsigned char)c < 0x20 || c == 0x7f)
            c = ' ';
        if (c == '\'') {
            buf[o++] = '\'';
            buf[o++] = '\'';
            continue;
        }
        buf[o++] = c;
    }
    if (quote)
        buf[o++] = '\'';
    buf[o] = '\0';
}
