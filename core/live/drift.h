/* live/drift.h — a hand-written model against what the probes see now.
 *
 * A model drifts from the cluster it describes: a node is added, a backend
 * removed, and the model silently lies. Three kinds of difference:
 *   - UNOBSERVED: a model component maps onto a probe component that its
 *     target did not report;
 *   - UNMODELED: a target reported a leaf component that no model component
 *     maps (or nothing of a target is in the model at all);
 *   - REDUNDANCY: a model gate over one group's members (one member per
 *     input: a Galera cluster's nodes, a backend's servers) tolerates other
 *     failures than the group's plugin declares now ("2 of 3" in the model,
 *     "3 of 5" in the cluster).
 * A target that could not be compared (its probe failed, its rules are
 * broken) is UNCHECKED, and so is a gate whose group has the model's members
 * but some of them not up and declares another rule now: a rule may follow
 * failures (Galera's quorum is a majority of the last Primary view). */
#ifndef HS_LIVE_DRIFT_H
#define HS_LIVE_DRIFT_H
#include <stddef.h>

#include "host/runner.h"
#include "live/live.h"
#include "util/error.h"

enum hs_drift_kind {
    HS_DRIFT_UNOBSERVED,
    HS_DRIFT_UNMODELED,
    HS_DRIFT_REDUNDANCY,
    HS_DRIFT_UNCHECKED
};

struct hs_drift_item {
    enum hs_drift_kind kind;
    char *text; /* owned */
};

struct hs_drift {
    struct hs_drift_item *v; /* owned */
    size_t n, cap;
};

/* "unobserved", "unmodeled", "redundancy", "unchecked". */
const char *hs_drift_kind_name(enum hs_drift_kind k);

/* Compare lv's model (a hand-written one: its components' live mappings and
 * gates) with results[0..n-1] into *out (caller-provided, zeroed; freed with
 * hs_drift_free, also after an error). Items come in target order. 0, or -1
 * when out of memory. */
int hs_drift_check(const struct hs_live *lv, const struct hs_target_result *results, size_t n,
                   struct hs_drift *out, hs_error *err);

/* How many items of kind k; with k < 0 those that are real drift (all but
 * UNCHECKED). */
size_t hs_drift_count(const struct hs_drift *d, int k);

void hs_drift_free(struct hs_drift *d);

#endif
