/*
 * plugins/keepalived/judge.h — the verdict over a VRRP group, pure: from
 * what each node reported to who is MASTER per instance, the findings
 * (CRITICAL/WARNING with a reason naming the instance and node), the
 * component states and a health score. No I/O and no core calls (only the
 * enums of <hascout/plugin.h>), so it is unit-tested directly.
 */
#ifndef KA_JUDGE_H
#define KA_JUDGE_H

#include <hascout/plugin.h>

#include "parse.h"

/* What was observed of one node. */
struct ka_node_obs {
    char name[KA_NAME_MAX];
    int running;          /* 1 keepalived runs, 0 it does not, -1 unknown */
    int readable;         /* 1 when `view` holds the node's report */
    char why[256];        /* when !readable or !running: the reason */
    struct ka_view view;  /* owned by the obs (ka_node_obs_free) */
};

void ka_node_obs_init(struct ka_node_obs *o, const char *name);
void ka_node_obs_free(struct ka_node_obs *o);

struct ka_judge_cfg {
    const char *preferred;        /* preferred MASTER node, or NULL */
    const char *const *expected;  /* instances that must exist, or NULL */
    size_t n_expected;
};

/* One node's view of one instance. */
struct ka_cell {
    enum ka_state state;          /* UNKNOWN: unreadable or not reported */
    const struct ka_instance *in; /* NULL when not reported (borrowed) */
    long delta;                   /* transitions since the last run, -1 ? */
};

struct ka_inst_sum {
    char name[KA_NAME_MAX];
    int count[KA_STATE_COUNT];    /* nodes per state */
    int masters;
    int master_node;              /* index of the (first) MASTER, or -1 */
    hs_state service;             /* state of the VIP as a service */
    double health;                /* 0..100 */
};

struct ka_finding {
    hs_status status;
    char text[384];
};

/* The judgement; owns its arrays (ka_judgement_free). */
struct ka_judgement {
    struct ka_inst_sum *inst;
    size_t n_inst, n_nodes;
    struct ka_cell *cells;        /* [instance * n_nodes + node] */
    struct ka_finding *f;
    size_t nf, capf;
    double health;                /* min over instances */
};

/* Judge `n` nodes. `prev` (may be NULL) is the flap history of the last
 * run: cells get `delta` from it. Fills *out (caller frees with
 * ka_judgement_free, also after an error). Returns 0, or -1 with a
 * message when out of memory. */
int ka_judge(const struct ka_node_obs *nodes, size_t n,
             const struct ka_judge_cfg *cfg, const struct ka_flap *prev,
             struct ka_judgement *out, char *err, size_t errlen);

void ka_judgement_free(struct ka_judgement *j);

/* The cell of instance i on node k. */
const struct ka_cell *ka_cell_at(const struct ka_judgement *j, size_t i,
                                 size_t k);

/* A node's transition counter for an instance: the helper's count, else
 * become_master + release_master, else -1. */
long ka_counter(const struct ka_instance *in);

/* Transitions since the previous run: counter difference; a counter
 * that went backwards means keepalived restarted (count it as one more);
 * a changed last_transition with an equal counter is one. -1 when there
 * is nothing to compare. */
long ka_transitions_since(const struct ka_flap_entry *prev,
                          const struct ka_instance *cur);

/* The new flap history from a judgement (entries for every reported
 * cell). Returns 0, or -1 with a message. */
int ka_flap_from(const struct ka_judgement *j,
                 const struct ka_node_obs *nodes, struct ka_flap *out,
                 char *err, size_t errlen);

#endif /* KA_JUDGE_H */
