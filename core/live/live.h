/* live.h — live probe results mapped onto the availability model.
 *
 * A model component (basic event) may carry `live = { target = "db";
 * component = "db1"; }`: its state now is that probe component's state (or,
 * without `component`, the target's status). For every service (top event)
 * hascout then says whether it is up now and its MARGIN: the least number of
 * further component failures that would take it down, from the minimal cut
 * sets, with the components that form that nearest cut. Margin 0 = down.
 *
 * UNKNOWN never counts as up: a service whose nearest cut is completed only
 * by unknown components is UNKNOWN, and both margins (unknowns working /
 * unknowns failed) are given.
 */
#ifndef HS_LIVE_H
#define HS_LIVE_H
#include <libconfig.h>
#include <stddef.h>

#include "model/bdd.h"
#include "model/mcs.h"
#include "model/model.h"
#include "host/runner.h"

enum hs_live_state {
    HS_LIVE_UP = 0,
    HS_LIVE_DOWN = 1,
    HS_LIVE_UNKNOWN = 2, /* mapped, but the probe could not tell */
    HS_LIVE_UNMAPPED = 3 /* no live source: assumed working */
};

const char *hs_live_state_name(enum hs_live_state s);
/* Parse "UP"/"DOWN"/"UNKNOWN"/"UNMAPPED"; 0 or -1. */
int hs_live_state_parse(const char *s, enum hs_live_state *out);

struct hs_live_component {
    const char *name;       /* model event name (borrowed from the model) */
    const char *technology; /* may be NULL (borrowed) */
    char *target, *source;  /* live mapping (owned), NULL when unmapped */
    enum hs_live_state state;
    char *why;     /* what the probe said, owned, may be NULL */
    double q;      /* modeled unavailability (NaN if the model has none) */
    double lambda; /* failures per hour (0 when unknown) */
};

struct hs_live_service {
    const char *name; /* borrowed from the model */
    double importance;
    double target;            /* availability target, NaN when none */
    double modeled;           /* exact steady-state availability from the model */
    enum hs_live_state state; /* UP, DOWN or UNKNOWN */
    int margin;               /* unknowns working; -1: no cut set (cannot fail) */
    int margin_low;           /* unknowns failed (<= margin) */
    int *cut;                 /* the nearest cut's components still to fail: event indices */
    int ncut;
};

struct hs_live {
    hs_model *model;                 /* owned */
    struct hs_live_component *comps; /* n_events of them */
    size_t ncomps;
    struct hs_live_service *services;
    size_t nservices;
    hs_mcs_result **mcs; /* per service, owned */
    int degraded_down;   /* DEGRADED probe states count as failed */
    int discovered;      /* the model was derived from the probes (discover.h) */
};

struct hs_live_opts {
    int order_limit;           /* cut sets beyond this order are ignored; 0: all */
    int validate_only;         /* check the model and mappings, build no BDD:
                               *out is then always NULL */
    const config_t *model_cfg; /* NULL: the model of cfg itself; else this
                                  config's (a discovered model), while the
                                  targets and `live` settings stay cfg's */
};

/* Build the live view from the `model` group of `cfg` and the probe
 * `results` (n of them; may be 0 to get the model alone with every mapped
 * component UNKNOWN). Returns 0 with *out = NULL when the config has no
 * model, 0 with *out (caller-owned, hs_live_free) on success, -1 with a
 * message naming file:line in err. Builds and frees a BDD (BuDDy is
 * process-global: no other hs_bdd may exist during the call). */
int hs_live_build(const config_t *cfg, const struct hs_target_result *results, size_t n,
                  const struct hs_live_opts *opts, struct hs_live **out, hs_error *err);

/* Recompute every service's state, margin and nearest cut from the
 * components' current states (after a caller changed some, e.g. what-if).
 * Returns 0, or -1 when out of memory. */
int hs_live_assess(struct hs_live *lv);

/* Margin and nearest cut of one service under the given per-event states
 * (n_events of them) without touching lv: writes *margin, *margin_low and,
 * when cut is not NULL, the nearest cut's remaining events (caller-owned
 * array of *ncut, free with free()). */
int hs_live_margin(const struct hs_live *lv, size_t service, const enum hs_live_state *states,
                   int *margin, int *margin_low, int **cut, int *ncut);

void hs_live_free(struct hs_live *lv);

/* The minimal cut sets behind service S's margin (S < lv->nservices), most
 * probable first, read through these instead of lv->mcs so that the layers
 * above need not know how the engine stores them. Inline: plan/ walks them
 * once per step and state. K < hs_live_ncuts(), E < hs_live_cut_size(). */
static inline long hs_live_ncuts(const struct hs_live *lv, size_t s)
{
    return lv->mcs[s]->n_sets;
}

/* Number of components (events) in cut set K of service S. */
static inline int hs_live_cut_size(const struct hs_live *lv, size_t s, long k)
{
    return lv->mcs[s]->sets[k].n;
}

/* Component index (into lv->comps) of the E-th event of cut set K of S. */
static inline int hs_live_cut_event(const struct hs_live *lv, size_t s, long k, int e)
{
    return lv->mcs[s]->sets[k].events[e];
}

/* Index of the component named `name`, or -1. */
int hs_live_find(const struct hs_live *lv, const char *name);

/* Each service's steady-state availability with the components'
 * unavailabilities q[0..ncomps-1] instead of the model's (calibrated rates,
 * say) into avail[0..nservices-1]. Builds and frees a BDD (no other hs_bdd
 * may exist during the call). 0, or -1 with the reason in err. */
int hs_live_modeled_with(const struct hs_live *lv, const double *q, double *avail, hs_error *err);

#endif
