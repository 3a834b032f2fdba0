/*
 * judge.h — the scoring rules of the HAProxy plugin, as pure functions.
 *
 * From a hap_view and the configured limits, decide the component states,
 * the alerts (through a callback, so the plugin feeds them to the core's
 * verdict and the tests collect them) and the health score.
 */
#ifndef HAP_JUDGE_H
#define HAP_JUDGE_H

#include <hascout/plugin.h>

#include "plugins/haproxy/view.h"

struct hap_limits {
    double min_up;            /* CRITICAL when fewer usable servers */
    hs_range warn_sessions;   /* on scur/slim in percent */
    hs_range crit_sessions;
    hs_range warn_queue;      /* on qcur of a backend */
    hs_range crit_queue;
};

/* Receives one alert: its status and a text naming the proxy/server. */
typedef void (*hap_alert_fn)(void *ctx, hs_status status, const char *text);

/* Judge every frontend and backend of v; call alert() for each finding
 * (never for OK). Returns the health score 0..100: the up fraction of
 * backend capacity by configured weight, or NaN when v has no server to
 * weigh. */
double hap_judge(const struct hap_view *v, const struct hap_limits *l,
                 hap_alert_fn alert, void *ctx);

/* Observed state of a server row (UP n/m going down is DEGRADED, MAINT and
 * DRAIN are DOWN and DEGRADED: they serve nothing / only old sessions). */
hs_state hap_server_state(const struct hap_row *r);

/* Observed state of a backend: DOWN without a usable server or below
 * min_up, DEGRADED when it lost a server or runs on backups, else UP. */
hs_state hap_backend_state(const struct hap_backend *b, double min_up);

/* Observed state of a frontend: OPEN is UP, FULL DEGRADED, others DOWN. */
hs_state hap_frontend_state(const struct hap_row *r);

/* scur as a percentage of slim, or NaN when there is no limit. */
double hap_session_pct(const struct hap_row *r);

#endif /* HAP_JUDGE_H */
