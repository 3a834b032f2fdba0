/*
 * settings.h — the HAProxy plugin's target configuration.
 *
 * Reads and checks every key of a target group (see README.md for the
 * list) through the core's hs_config_* helpers, so that a mistake is
 * reported at configure time with file:line, not at probe time.
 */
#ifndef HAP_SETTINGS_H
#define HAP_SETTINGS_H

#include <hascout/plugin.h>

#include "plugins/haproxy/fetch.h"
#include "plugins/haproxy/judge.h"
#include "plugins/haproxy/view.h"

/* Passwords longer than this are refused rather than cut. */
#define HAP_SECRET_MAX 512

struct hap_config {
    const char *socket;       /* "unix:/p" / "tcp:h:p", or NULL (config's) */
    struct hap_http http;     /* used when socket is NULL; http.url owned */
    char password[HAP_SECRET_MAX];
    double timeout;           /* seconds for the whole fetch, capped by
                                 the target's deadline at probe time */
    struct hap_limits limits;
    /* the threshold texts, for perfdata (the config's strings or NULL) */
    const char *warn_sessions, *crit_sessions, *warn_queue, *crit_queue;
    struct hap_filter filter; /* pattern arrays owned, strings the config's
                                 or in the stores below */
    char *inc_store, *exc_store; /* owned copies of comma-separated lists */
};

/* Fill *c from the target group g. Returns 0, or -1 with err set (file:line
 * of the offending key). Either way *c must be released with
 * hap_config_free(). */
int hap_config_read(const config_setting_t *g, struct hap_config *c,
                    hs_error *err);

/* Free what hap_config_read() allocated and wipe the password. */
void hap_config_free(struct hap_config *c);

/* Where the stats come from, for messages: the socket spec or the URL. */
const char *hap_config_source(const struct hap_config *c);

#endif /* HAP_SETTINGS_H */
