/* render_text.c — what-if and plan results for a terminal. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plan/render.h"

const char *hs_plan_verdict_name(int v)
{
    static const char *const n[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
    return v >= 0 && v <= 3 ? n[v] : "UNKNOWN";
}

void hs_plan_cut_text(const struct hs_live *lv, size_t s, long set, const enum hs_live_state *st,
                      const char *mark, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    if (set < 0) {
        snprintf(buf, len, "none (cannot fail)");
        return;
    }
    for (int e = 0; e < hs_live_cut_size(lv, s, set); e++) {
        int ev = hs_live_cut_event(lv, s, set, e);
        const char *tag = lv->comps[ev].state == HS_LIVE_DOWN ? " [down]"
                          : st[ev] == HS_LIVE_DOWN            ? mark
                          : st[ev] == HS_LIVE_UNKNOWN         ? " [unknown]"
                                                              : "";
        int w = snprintf(buf + used, len - used, "%s%s%s", e ? " + " : "", lv->comps[ev].name, tag);
        if (w < 0 || (size_t)w >= len - used)
            return; /* truncated: still a terminated string */
        used += (size_t)w;
    }
}

static void when(double t, char *buf, size_t len)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

static void margin_text(int m, int low, char *buf, size_t len)
{
    if (m < 0)
        snprintf(buf, len, "cannot fail");
    else if (m == 0)
        snprintf(buf, len, "DOWN");
    else if (low != m)
        snprintf(buf, len, "margin %d (%d if unknowns failed)", m, low);
    else
        snprintf(buf, len, "margin %d", m);
}

static void names(FILE *out, const struct hs_live *lv, const int *v, size_t n, const char *sep)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%s", i ? sep : "", lv->comps[v[i]].name);
}

int hs_whatif_render_text(FILE *out, const struct hs_live *lv, const struct hs_whatif *w,
                          const struct hs_plan_ctx *ctx)
{
    char t[64], cut[1024], a[96], b[96];
    int first = 1;
    when(ctx->state_time, t, sizeof t);
    fputs("What if ", out);
    names(out, lv, w->down, w->ndown, ", ");
    fprintf(out, " went down (live state %s %s):\n",
            ctx->from_history ? "from the history record of" : "probed at", t);
    for (size_t s = 0; s < w->nsv; s++) {
        const struct hs_whatif_service *v = &w->sv[s];
        margin_text(v->before, v->before_low, b, sizeof b);
        margin_text(v->after, v->after_low, a, sizeof a);
        hs_plan_cut_text(lv, s, v->cut, w->states, " [what-if]", cut, sizeof cut);
        fprintf(out, "  %-16s %-8s now %s -> %s; %s: %s\n", lv->services[s].name,
                hs_plan_verdict_name(v->verdict), b, a,
                v->after == 0 ? "cut complete" : "nearest cut", cut);
        if (v->nunknown) {
            fputs("                   decided by UNKNOWN: ", out);
            names(out, lv, v->unknown, (size_t)v->nunknown, ", ");
            fputc('\n', out);
        }
    }
    switch (w->verdict) {
    case HS_PLAN_OK: fputs("OK: every service keeps a margin of 2 or more", out); break;
    case HS_PLAN_WARN:
    case HS_PLAN_NONE:
        fprintf(out, "%s: ", hs_plan_verdict_name(w->verdict));
        fputs(w->verdict == HS_PLAN_WARN
                  ? "every service stays up, but these are left at margin 1: "
                  : "these services would be DOWN: ",
              out);
        for (size_t s = 0; s < w->nsv; s++)
            if (w->sv[s].after == (w->verdict == HS_PLAN_WARN ? 1 : 0)) {
                fprintf(out, "%s%s", first ? "" : ", ", lv->services[s].name);
                first = 0;
            }
        break;
    default: fputs("UNKNOWN: the answer depends on components whose state is unknown", out);
    }
    fprintf(out, " (exit %d)\n", w->verdict);
    return ferror(out) ? -1 : 0;
}

void hs_plan_step_states(const struct hs_live *lv, const struct hs_plan *p, size_t i,
                         enum hs_live_state *states)
{
    for (size_t c = 0; c < lv->ncomps; c++)
        states[c] = lv->comps[c].state;
    for (size_t j = 0; j < i; j++)
        if (p->steps[j].already_down)
            states[p->steps[j].comp] = HS_LIVE_UP;
    states[p->steps[i].comp] = HS_LIVE_DOWN;
}

void hs_plan_explain_blocked(FILE *out, const struct hs_live *lv, const struct hs_plan *p, size_t i,
                             const char *indent)
{
    const struct hs_plan_step *st = &p->steps[i];
    enum hs_live_state *states = calloc(lv->ncomps + 1, sizeof *states);
    char cut[1024];
    if (!states)
        return;
    hs_plan_step_states(lv, p, i, states);
    for (size_t s = 0; s < p->nsv; s++) {
        const struct hs_plan_svc *v = &st->sv[s];
        if (!v->below ||
            (st->status == HS_PLAN_NONE && !(v->margin >= 0 && v->margin < p->opts.min_margin)))
            continue;
        hs_plan_cut_text(lv, s, v->cut, states, " [this step]", cut, sizeof cut);
        if (v->margin == 0)
            fprintf(out, "%s%s cannot be taken down: service %s would be DOWN (cut %s)\n", indent,
                    lv->comps[st->comp].name, lv->services[s].name, cut);
        else if (v->margin < p->opts.min_margin)
            fprintf(out,
                    "%s%s cannot be taken down: service %s would be left at margin %d, "
                    "below the minimum %d (nearest cut %s)\n",
                    indent, lv->comps[st->comp].name, lv->services[s].name, v->margin,
                    p->opts.min_margin, cut);
        else
            fprintf(out,
                    "%s%s: service %s keeps margin %d only if the UNKNOWN components "
                    "work (%d if they failed; nearest cut %s)\n",
                    indent, lv->comps[st->comp].name, lv->services[s].name, v->margin,
                    v->margin_low, cut);
    }
    if (st->status == HS_PLAN_UNKNOWN && st->nunknown) {
        fprintf(out, "%s  state UNKNOWN, needed: ", indent);
        names(out, lv, st->unknown, (size_t)st->nunknown, ", ");
        fputc('\n', out);
    }
    free(states);
}

static const char *status_word(int s)
{
    return s == HS_PLAN_OK ? "safe" : s == HS_PLAN_NONE ? "BLOCKED" : "UNKNOWN";
}

int hs_plan_render_text(FILE *out, const struct hs_live *lv, const struct hs_plan *p,
                        const struct hs_plan_ctx *ctx)
{
    enum hs_live_state *states = calloc(lv->ncomps + 1, sizeof *states);
    char t[64], cut[1024], m[96];
    if (!states)
        return -1;
    when(ctx->state_time, t, sizeof t);
    fprintf(out,
            "Rolling maintenance of %zu component%s%s%s: %.3g h per step, every service "
            "kept at margin >= %d\nLive state %s %s\n",
            p->nsteps, p->nsteps == 1 ? "" : "s", ctx->group ? " of group " : "",
            ctx->group ? ctx->group : "", p->opts.duration, p->opts.min_margin,
            ctx->from_history ? "from the history record of" : "probed at", t);
    for (size_t i = 0; i < p->nsteps; i++) {
        const struct hs_plan_step *st = &p->steps[i];
        hs_plan_step_states(lv, p, i, states);
        fprintf(out, "\nStep %zu: %s%s — %s, availability at risk %.3g (whatif exit %d)\n", i + 1,
                lv->comps[st->comp].name,
                st->already_down ? " (already DOWN: patched first, "
                                   "then assumed back UP)"
                                 : "",
                status_word(st->status), st->risk, st->whatif);
        for (size_t s = 0; s < p->nsv; s++) {
            const struct hs_plan_svc *v = &st->sv[s];
            margin_text(v->margin, v->margin_low, m, sizeof m);
            hs_plan_cut_text(lv, s, v->cut, states, " [this step]", cut, sizeof cut);
            fprintf(out, "    %-16s %-34s risk %.3g (first order %.3g); %s: %s\n",
                    lv->services[s].name, m, v->risk, v->risk_first,
                    v->margin == 0 ? "cut complete" : "nearest cut", cut);
        }
    }
    fprintf(out, "\nTotal availability at risk over %zu step%s: %.3g\n", p->nsteps,
            p->nsteps == 1 ? "" : "s", p->total_risk);
    if (p->unrated)
        fprintf(out,
                "Note: %d component%s in some cut ha%s no failure rate and count as never "
                "failing in the risk figures\n",
                p->unrated, p->unrated == 1 ? "" : "s", p->unrated == 1 ? "s" : "ve");
    if (p->verdict == HS_PLAN_OK) {
        fputs("Safe order: ", out);
        for (size_t i = 0; i < p->nsteps; i++)
            fprintf(out, "%s%s", i ? ", " : "", lv->comps[p->steps[i].comp].name);
        fputs(" (exit 0)\n", out);
    } else {
        fprintf(out, "%s (exit %d):\n",
                p->verdict == HS_PLAN_NONE
                    ? "No safe order"
                    : "Cannot tell whether the order is safe: some states are UNKNOWN",
                p->verdict);
        for (size_t i = 0; i < p->nsteps; i++)
            if (p->steps[i].status != HS_PLAN_OK)
                hs_plan_explain_blocked(out, lv, p, i, "  ");
    }
    free(states);
    return ferror(out) ? -1 : 0;
}
