/* render.h — what-if results and rolling plans as text, JSON and an
 * operator's checklist. Renderers only format: every figure comes from
 * plan.h. */
#ifndef HS_PLAN_RENDER_H
#define HS_PLAN_RENDER_H
#include <stdio.h>

#include "plan/plan.h"

/* Where the live state came from and how to repeat the commands. */
struct hs_plan_ctx {
    const char *config;    /* --config as given, NULL: the default */
    const char *state_dir; /* --state-dir as given, NULL: the config's */
    int from_history;      /* states from the last history record */
    double state_time;     /* when they were observed (epoch s) */
    const char *group;     /* plan: the group's name, NULL for --rolling */
};

/* "OK", "WARNING", "CRITICAL", "UNKNOWN" for verdict codes 0..3. */
const char *hs_plan_verdict_name(int v);

/* A cut set (cut set SET of service S) as "db1 [down] + db2": components down
 * in `live` are marked [down], those down only in `st` get `mark`. */
void hs_plan_cut_text(const struct hs_live *lv, size_t s, long set, const enum hs_live_state *st,
                      const char *mark, char *buf, size_t len);

int hs_whatif_render_text(FILE *out, const struct hs_live *lv, const struct hs_whatif *w,
                          const struct hs_plan_ctx *ctx);
int hs_whatif_render_json(FILE *out, const struct hs_live *lv, const struct hs_whatif *w,
                          const struct hs_plan_ctx *ctx);

/* The state vector during step i (caller-owned states, lv->ncomps). */
void hs_plan_step_states(const struct hs_live *lv, const struct hs_plan *p, size_t i,
                         enum hs_live_state *states);

int hs_plan_render_text(FILE *out, const struct hs_live *lv, const struct hs_plan *p,
                        const struct hs_plan_ctx *ctx);
int hs_plan_render_json(FILE *out, const struct hs_live *lv, const struct hs_plan *p,
                        const struct hs_plan_ctx *ctx);
int hs_plan_render_checklist(FILE *out, const struct hs_live *lv, const struct hs_plan *p,
                             const struct hs_plan_ctx *ctx);

/* Why a blocked step is blocked, one line per service below the minimum,
 * each starting with `indent`. */
void hs_plan_explain_blocked(FILE *out, const struct hs_live *lv, const struct hs_plan *p, size_t i,
                             const char *indent);

#endif
