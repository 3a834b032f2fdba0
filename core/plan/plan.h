/* plan.h — maintenance planning on the live view: what happens to every
 * service if some components go down now (what-if), and an order in which
 * to take a set of components down one at a time (rolling plan), with the
 * availability at risk of every step.
 *
 * Everything here is pure: it reads a struct hs_live (the session's live
 * view), never probes, reads files or prints. Renderers and the command
 * line live in render_*.c and cli.c.
 *
 * Verdict codes follow the Nagios convention the rest of hascout uses:
 *   0  every service keeps margin >= 2 (what-if) / a safe order exists (plan)
 *   1  every service stays up, some are left at margin 1 (what-if only)
 *   2  some service would be down (what-if) / no safe order (plan)
 *   3  the answer depends on a component whose state is UNKNOWN
 */
#ifndef HS_PLAN_H
#define HS_PLAN_H
#include <libconfig.h>
#include <stddef.h>

#include "hascout/plugin.h"
#include "live/live.h"

enum { HS_PLAN_OK = 0, HS_PLAN_WARN = 1, HS_PLAN_NONE = 2, HS_PLAN_UNKNOWN = 3 };

/* ---- names (pure parsers of command-line text) ------------------------- */

/* Split a comma-separated list of component names ("db1,db2") into
 * *names (caller-owned: free each and the array with hs_plan_names_free).
 * Surrounding blanks are dropped; an empty item, a duplicate or a name
 * longer than 255 bytes is an error naming its position. 0 or -1 + err. */
int hs_plan_split_names(const char *arg, char ***names, size_t *n, hs_error *err);
void hs_plan_names_free(char **names, size_t n);

/* Event indices of `names` in lv into idx (caller-owned, n of them). An
 * unknown name is an error listing the model's component names. 0 or -1. */
int hs_plan_resolve(const struct hs_live *lv, char *const *names, size_t n, int *idx,
                    hs_error *err);

/* ---- maintenance groups from the config --------------------------------
 *   maintenance = { duration = 1.0; min_margin = 1;
 *     groups = ( { name = "galera"; members = [ "db1", "db2", "db3" ];
 *                  duration = 2.0; min_margin = 1; } ); };
 * duration: hours per step (> 0, default 1.0); min_margin: >= 0 (default
 * 1). A group's own values override the maintenance-wide ones. */
struct hs_plan_group {
    const char *name;     /* borrowed from the config */
    const char **members; /* owned array, strings borrowed from the config */
    size_t nmembers;
    double duration; /* hours per step */
    int min_margin;
};

/* Read the group called `name` from the `maintenance` setting of cfg's
 * root (may be absent: then no group exists). Every group is validated
 * (unknown keys, types, ranges, duplicate names or members), so a typo in
 * another group is reported too. On success *g is filled (release with
 * hs_plan_group_free); an unknown group name is an error listing the
 * groups. 0 or -1 + err naming file:line. */
int hs_plan_group_read(const config_t *cfg, const char *name, struct hs_plan_group *g,
                       hs_error *err);
void hs_plan_group_free(struct hs_plan_group *g);

/* ---- nearest cut --------------------------------------------------------- */

/* Service s under states: *margin (unknowns working, -1 when s cannot
 * fail), *margin_low (unknowns failed) and *set, the index of the nearest
 * cut among service s's cut sets (hs_live_ncuts(); -1 when none). */
void hs_plan_nearest(const struct hs_live *lv, size_t s, const enum hs_live_state *st, int *margin,
                     int *margin_low, long *set);

/* The verdict a margin alone gives: 2 for 0, 1 for 1, 0 for >= 2 or -1. */
int hs_plan_margin_verdict(int margin);

/* ---- what-if -------------------------------------------------------------- */

struct hs_whatif_service {
    int before, before_low;         /* margins in the live state (-1: cannot fail) */
    int after, after_low;           /* with the what-if components down too */
    enum hs_live_state state_after; /* UP, DOWN or UNKNOWN */
    long cut;                       /* nearest cut after: cut set index of service s, -1 none */
    int *unknown;                   /* UNKNOWN components the verdict depends on (owned) */
    int nunknown;
    int verdict; /* this service's 0..3 */
};

struct hs_whatif {
    int *down; /* the components taken down (owned, ndown) */
    size_t ndown;
    enum hs_live_state *states;   /* the what-if state vector (owned, ncomps) */
    struct hs_whatif_service *sv; /* one per lv->services (owned) */
    size_t nsv;
    int verdict; /* worst; 3 when unknowns could change it */
};

/* What if components down[0..ndown) went down in addition to the live
 * state. Fills *w (caller-owned, hs_whatif_free; also after an error).
 * 0, or -1 (out of memory) + err. */
int hs_whatif_compute(const struct hs_live *lv, const int *down, size_t ndown, struct hs_whatif *w,
                      hs_error *err);
void hs_whatif_free(struct hs_whatif *w);

/* ---- rolling plan ----------------------------------------------------------- */

struct hs_plan_opts {
    double duration; /* hours per step (> 0) */
    int min_margin;  /* every service keeps at least this (>= 0) */
};

struct hs_plan_svc {
    int margin, margin_low; /* during the step */
    long cut;               /* nearest cut during the step, -1 none */
    double risk;            /* exact P(outage during the step), see risk.c */
    double risk_first;      /* 1 - exp(-sum lambda * T) over `completers` */
    int *completers;        /* components whose failure alone completes a cut (owned) */
    int ncompleters;
    int below; /* margin (or margin_low) below min_margin */
};

struct hs_plan_step {
    int comp;               /* the component maintained (event index) */
    int already_down;       /* DOWN in the live state: patched first, then assumed UP */
    int status;             /* 0 safe, 2 blocked, 3 depends on UNKNOWN */
    int whatif;             /* what `hascout whatif --down comp` should answer then */
    double risk;            /* the most exposed service's risk */
    struct hs_plan_svc *sv; /* one per service (owned) */
    int *unknown;           /* UNKNOWN components that decide a service's margin (owned) */
    int nunknown;
};

struct hs_plan {
    struct hs_plan_opts opts;
    struct hs_plan_step *steps; /* in the planned order (owned, nsteps) */
    size_t nsteps;
    size_t nsv;
    double total_risk; /* 1 - prod(1 - step risk) */
    int unrated;       /* components in some cut with no failure rate */
    int verdict;       /* 0 safe order, 2 none, 3 unknown */
};

/* Plan the rolling maintenance of members[0..n) (event indices, no
 * duplicates) under o. Order: members already DOWN first (they are
 * maintained while down and assumed back UP afterwards), then the rest by
 * increasing risk, ties in the given order. Builds one BDD for the risk
 * figures (BuDDy is process-global: no other hs_bdd may exist during the
 * call). Fills *p (caller-owned, hs_plan_free; also after an error).
 * 0, or -1 + err. */
int hs_plan_rolling(const struct hs_live *lv, const int *members, size_t n,
                    const struct hs_plan_opts *o, struct hs_plan *p, hs_error *err);
void hs_plan_free(struct hs_plan *p);

#endif
