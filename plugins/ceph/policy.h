/*
 * plugins/ceph/policy.h — how Ceph's health checks become monitoring
 * statuses, and the 0..100 health figure. Pure: unit-tested without a
 * cluster.
 *
 * The rule, per check: an override by exact code wins; else a muted check
 * is OK while mutes are honoured; else HEALTH_WARN → WARNING and
 * HEALTH_ERR → CRITICAL. There is deliberately no pattern matching: an
 * operator can silence OSD_DOWN, never "everything that is a warning".
 */
#ifndef CEPH_POLICY_H
#define CEPH_POLICY_H

#include <stddef.h>

#include "hascout/plugin.h"
#include "plugins/ceph/parse.h"

struct ceph_override {
    const char *code; /* exact health check code, e.g. "POOL_NO_REDUNDANCY" */
    hs_status status; /* what the check counts as while present */
};

struct ceph_policy {
    const struct ceph_override *overrides; /* borrowed, may be NULL */
    size_t noverrides;
    int honour_mutes; /* 1: muted checks count as OK (the default) */
};

/* Why a check got its status (for the report's text). */
typedef enum ceph_why {
    CEPH_WHY_SEVERITY = 0, /* mapped from Ceph's own severity */
    CEPH_WHY_OVERRIDE = 1, /* an override for its code */
    CEPH_WHY_MUTED = 2     /* muted with `ceph health mute` */
} ceph_why;

/* Status of one check under policy `p` (NULL: defaults); the reason in
 * *why when why != NULL. */
hs_status ceph_check_status(const struct ceph_policy *p,
                            const struct ceph_check *c, ceph_why *why);

/* Status for a Ceph health value with no check behind it. */
hs_status ceph_health_status(ceph_health h);

/* Parse "OK", "WARNING", "CRITICAL", "UNKNOWN" (case-insensitive).
 * Returns 0, or -1 for anything else. */
int ceph_status_from_name(const char *s, hs_status *out);

/* 0..100: the least of the active+clean PG share, the up share of the
 * OSDs that are in, and the quorum share of the mons; 100 for parts with
 * nothing to count (no PGs yet). */
double ceph_health_score(const struct ceph_status *s);

/* Percentage of PGs that are active+clean; 100 when there are none. */
double ceph_active_clean_pct(const struct ceph_status *s);

#endif /* CEPH_POLICY_H */
