/*
 * plugins/galera/config.h — read a galera target's configuration group.
 */
#ifndef GAL_CONFIG_H
#define GAL_CONFIG_H

#include <hascout/plugin.h>

#include "assess.h"
#include "node.h"

#define GAL_PASSWORD_MAX 256

typedef struct gal_config {
    size_t nnodes;
    gal_node nodes[GAL_MAX_NODES]; /* id and addr set; results filled by probes */
    const char *user;              /* owned by the libconfig tree */
    char password[GAL_PASSWORD_MAX];
    int has_password;
    double connect_timeout, read_timeout, write_timeout; /* seconds */
    gal_policy policy;
    /* the thresholds as written, for perfdata; owned by the libconfig tree */
    const char *warn_fc_text, *crit_fc_text, *warn_rq_text, *crit_rq_text;
} gal_config;

/* Read and check every key of `target` (see README.md) into *cfg (caller
 * owned). Keys that are neither the core's (name, plugin, deadline) nor ours
 * are refused. Returns 0, or -1 after hs_error_at() naming file:line. */
int gal_config_read(const config_setting_t *target, gal_config *cfg,
                    hs_error *err);

#endif /* GAL_CONFIG_H */
