/*
 * plugins/galera/assess.h — judge a Galera cluster from its nodes' answers.
 *
 * Pure: takes what gal_query_all() saw and the target's policy, gives each
 * node and the cluster a state and the reasons with their status. No I/O; the
 * plugin maps the result onto hs_* calls, the unit tests check it directly.
 */
#ifndef GAL_ASSESS_H
#define GAL_ASSESS_H

#include <hascout/plugin.h>

#include "node.h"

#define GAL_MAX_NODES 64
#define GAL_MAX_REASONS (2 * GAL_MAX_NODES + 8)

/* How a target wants its cluster judged (see README.md for the keys). */
typedef struct gal_policy {
    unsigned expected_size; /* nodes the cluster should have */
    unsigned min_primary;   /* fewer in the Primary component: CRITICAL */
    hs_status donor_status; /* status of a Donor/Desynced node: OK or WARNING */
    hs_range warn_fc, crit_fc; /* wsrep_flow_control_paused (0..1) */
    hs_range warn_rq, crit_rq; /* wsrep_local_recv_queue_avg */
} gal_policy;

typedef struct gal_reason {
    hs_status status;
    char text[400];
} gal_reason;

typedef struct gal_assessment {
    hs_state cluster;                  /* the "service" component */
    hs_state node[GAL_MAX_NODES];      /* per node, same order as the input */
    unsigned primary_size;   /* largest wsrep_cluster_size seen on a Primary node */
    unsigned reachable;      /* nodes that answered */
    unsigned primary;        /* of those, in a Primary component */
    unsigned synced;         /* of those, Synced, ready and connected */
    double health;           /* 0..100 */
    size_t nreasons;
    gal_reason reasons[GAL_MAX_REASONS];
} gal_assessment;

/* Judge nodes[0..count) (count <= GAL_MAX_NODES) under `pol` into *out
 * (caller-owned; fully overwritten). Never fails. */
void gal_assess(const gal_node *nodes, size_t count, const gal_policy *pol,
                gal_assessment *out);

/* The worst status among out's reasons (HS_OK when none), ranked as the
 * core ranks them: OK < WARNING < UNKNOWN < CRITICAL. */
hs_status gal_assess_status(const gal_assessment *a);

#endif /* GAL_ASSESS_H */
