/* live/discover.h — an availability model derived from what the probes see.
 *
 * Every target becomes one service of the model. Each component a target
 * reported without children (see "redundancy rules" in hascout/plugin.h,
 * ABI revision 3) becomes a basic event mapped live onto it
 * (`live = { target; component; }`), with the failure and repair rates of
 * conf/rates.conf for its plugin and kind, marked as an assumption. Each
 * component with children becomes a gate: it fails once more than n - k of
 * its n children have (k from the plugin's rule; all n without one),
 * described with the plugin's reason; a component that needs others fails
 * with them too. The service fails when any top (a component without a
 * parent that nothing needs) fails. A target that reported no component
 * (its probe failed, or the plugin lists none), or whose plugin declared no
 * rule at all (it predates them, and "every component needed" could
 * contradict its verdict), is one basic event mapped onto the target's
 * status, so the model never silently drops a target.
 *
 * The text is hascout's own model format: `model analyze`, `compare`,
 * `whatif` and `plan` read it as it is. Event names are "TARGET/ID", gates
 * and basic events alike ("TARGET/ID+needs" for a component with what it
 * needs); the service and a top over several tops are "TARGET". */
#ifndef HS_LIVE_DISCOVER_H
#define HS_LIVE_DISCOVER_H
#include <stddef.h>
#include <time.h>

#include "host/runner.h"
#include "live/rates.h"
#include "util/error.h"

struct hs_discover_opts {
    const struct hs_rates *rates; /* required */
    const char *source;           /* the configuration, for the header; may be NULL */
    time_t generated;             /* when the probes ran; 0: no date in the header */
};

/* Write the model of results[0..n-1] as libconfig text into *out (malloc'ed,
 * the caller frees it; NULL on error). Returns 0, or -1 with the reason in
 * err, naming the target and component: a needed id the probe did not
 * report, or children and needs that form a cycle. */
int hs_discover_text(const struct hs_target_result *results, size_t n,
                     const struct hs_discover_opts *o, char **out, hs_error *err);

#endif
