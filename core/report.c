/* report.c — what all renderers share: the overall status and the one-line
 * summary of a target. */
#include <stdio.h>
#include <string.h>

#include "report.h"

void hs_report_summarize(struct hs_report *r)
{
    r->status = HS_OK;
    for (size_t i = 0; i < r->n; i++)
        r->status = hs_status_worst(r->status, r->results[i].status);
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
                    snprintf(buf, len, "%s (+%zu more)", v->reasons[i].text,
                             v->nreasons - 1);
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
        if (*p == ' ' || *p == '\'' || *p == '|' || *p == ';' || *p == ',')
            quote = 1;
    if (quote)
        buf[o++] = '\'';
    for (const char *p = in; *p && o + 3 < len; p++) {
        char c = *p;
        if (c == '=')
            c = '_';
        if ((unsigned char)c < 0x20)
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
