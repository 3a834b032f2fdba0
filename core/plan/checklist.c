/* checklist.c — a rolling plan as numbered steps an operator ticks off. */
#include <string.h>

#include "plan/render.h"

/* A word for the shell: single-quoted unless plainly safe. */
static void shq(FILE *out, const char *s)
{
    if (s[0] && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                          "_-./,:=@+") == strlen(s)) {
        fputs(s, out);
        return;
    }
    fputc('\'', out);
    for (; *s; s++)
        if (*s == '\'')
            fputs("'\\''", out);
        else
            fputc(*s, out);
    fputc('\'', out);
}

/* "hascout [--config F] [--state-dir D] CMD" as the operator should type it. */
static void cmd(FILE *out, const struct hs_plan_ctx *ctx, const char *sub)
{
    fputs("`hascout ", out);
    fputs(sub, out);
    if (ctx->config) {
        fputs(" --config ", out);
        shq(out, ctx->config);
    }
    if (ctx->state_dir) {
        fputs(" --state-dir ", out);
        shq(out, ctx->state_dir);
    }
}

static const char *whatif_meaning(int v)
{
    return v == 0   ? "every service keeps margin 2 or more"
           : v == 1 ? "every service up, some at margin 1"
                    : "not safe";
}

int hs_plan_render_checklist(FILE *out, const struct hs_live *lv, const struct hs_plan *p,
                             const struct hs_plan_ctx *ctx)
{
    fprintf(out,
            "Rolling maintenance checklist%s%s: %zu step%s, one component down at a time, "
            "%.3g h each.\n",
            ctx->group ? " for group " : "", ctx->group ? ctx->group : "", p->nsteps,
            p->nsteps == 1 ? "" : "s", p->opts.duration);
    if (p->verdict != HS_PLAN_OK) {
        fprintf(out, "DO NOT START: %s\n",
                p->verdict == HS_PLAN_NONE ? "there is no safe order"
                                           : "the state of components it depends on is UNKNOWN");
        for (size_t i = 0; i < p->nsteps; i++)
            if (p->steps[i].status != HS_PLAN_OK)
                hs_plan_explain_blocked(out, lv, p, i, "  ");
        return ferror(out) ? -1 : 0;
    }
    fputs("Stop at the first check that does not give the expected answer.\n\n", out);
    fputs("[ ] 0. Before you start: ", out);
    cmd(out, ctx, "check");
    fputs("` shows every service as it was when this plan was made (re-plan if not).\n", out);
    for (size_t i = 0; i < p->nsteps; i++) {
        const struct hs_plan_step *st = &p->steps[i];
        const char *c = lv->comps[st->comp].name;
        int k = 1;
        fprintf(out, "\nStep %zu of %zu: %s (about %.3g h; availability at risk %.3g)\n", i + 1,
                p->nsteps, c, p->opts.duration, st->risk);
        if (st->already_down)
            fprintf(out, "[ ] %zu.%d %s is DOWN already: nothing to drain.\n", i + 1, k++, c);
        else
            fprintf(out, "[ ] %zu.%d Drain %s: move its traffic, roles and VIPs to the others.\n",
                    i + 1, k++, c);
        fprintf(out, "[ ] %zu.%d Run ", i + 1, k++);
        cmd(out, ctx, "whatif");
        fputs(" --down ", out);
        shq(out, c);
        fprintf(out, "`: expect exit %d (%s); a higher exit code means stop.\n", st->whatif,
                whatif_meaning(st->whatif));
        if (!st->already_down)
            fprintf(out, "[ ] %zu.%d Take %s down.\n", i + 1, k++, c);
        fprintf(out, "[ ] %zu.%d Patch %s.\n", i + 1, k++, c);
        fprintf(out, "[ ] %zu.%d Bring %s up and let it rejoin its cluster.\n", i + 1, k++, c);
        fprintf(out, "[ ] %zu.%d Verify: ", i + 1, k++);
        cmd(out, ctx, "check");
        fprintf(out,
                "` reports %s UP and every service back at its margin before the next "
                "step.\n",
                c);
    }
    fputs("\nDone: every component patched; ", out);
    cmd(out, ctx, "report");
    fputs("` records the final state.\n", out);
    return ferror(out) ? -1 : 0;
}
