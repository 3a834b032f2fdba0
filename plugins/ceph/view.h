/*
 * plugins/ceph/view.h — turns what the monitors said into hascout
 * components: the cluster (kind "service"), each mon, the mgr and each
 * OSD, with their metrics, labels and the health checks as messages.
 * Component ids are stable across runs: "cluster", "mon.NAME", "mgr",
 * "osd.ID".
 */
#ifndef CEPH_VIEW_H
#define CEPH_VIEW_H

#include "hascout/plugin.h"
#include "plugins/ceph/parse.h"
#include "plugins/ceph/settings.h"

/* What one probe observed; all parts filled by the parsers. */
struct ceph_observation {
    struct ceph_health_report health;
    struct ceph_status status;
    struct ceph_monmap monmap;
    struct ceph_osdmap osdmap;
};

/* Add the components of `o` to probe `p`, judged by `set` (for the check
 * statuses and PG thresholds shown). Returns 0, or -1 after
 * hs_probe_fail() when the core refused a component. */
int ceph_view_build(hs_probe *p, const struct ceph_observation *o,
                    const struct ceph_settings *set);

/* Free the parsed parts; NULL-safe. */
void ceph_observation_free(struct ceph_observation *o);

#endif /* CEPH_VIEW_H */
