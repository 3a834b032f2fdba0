/*
 * plugins/galera/config.c — the galera target's keys, checked up front so a
 * typo is a config error with its line, not a silent default at 3 a.m.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "galera.h"

static const char *const known_keys[] = {"name",
                                         "plugin",
                                         "deadline", /* the core's */
                                         "nodes",
                                         "user",
                                         "password",
                                         "password_file",
                                         "connect_timeout",
                                         "read_timeout",
                                         "write_timeout",
                                         "expected_size",
                                         "min_primary",
                                         "donor_status",
                                         "warn_flow_control",
                                         "crit_flow_control",
                                         "warn_recv_queue",
                                         "crit_recv_queue",
                                         NULL};

static int read_nodes(const config_setting_t *g, gal_config *cfg, hs_error *err)
{
    const config_setting_t *list = config_setting_get_member(g, "nodes");
    int i, n;
    char why[200];

    if (!list) {
        hs_error_at(err, g, "galera: 'nodes' is missing (a list of \"host:port\" or socket paths)");
        return -1;
    }
    if (!config_setting_is_aggregate(list) || (n = config_setting_length(list)) < 1) {
        hs_error_at(err, list, "galera: 'nodes' must be a non-empty list of strings");
        return -1;
    }
    if (n > GAL_MAX_NODES) {
        hs_error_at(err, list, "galera: more than %d nodes", GAL_MAX_NODES);
        return -1;
    }
    for (i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        const char *text = config_setting_get_string(e);
        gal_node *node = &cfg->nodes[i];
        size_t j;
        if (!text) {
            hs_error_at(err, e, "galera: nodes[%d] is not a string", i);
            return -1;
        }
        if (gal_addr_parse(text, &node->addr, why, sizeof why) < 0) {
            hs_error_at(err, e, "galera: nodes[%d]: %s", i, why);
            return -1;
        }
        for (j = 0; j < (size_t)i; j++)
            if (strcmp(cfg->nodes[j].id, text) == 0) {
                hs_error_at(err, e, "galera: node '%s' listed twice", text);
                return -1;
            }
        node->id = text;
    }
    cfg->nnodes = (size_t)n;
    return 0;
}

/* A whole number in [lo, hi], or `def` when absent. */
static int read_count(const config_setting_t *g, const char *key, double def, double lo, double hi,
                      double *out, hs_error *err)
{
    if (hs_config_number(g, key, def, out, err) < 0)
        return -1;
    if (*out != floor(*out) || *out < lo || *out > hi) {
        hs_error_at(err, config_setting_get_member(g, key),
                    "galera: '%s' must be a whole number in %.0f..%.0f", key, lo, hi);
        return -1;
    }
    return 0;
}

static int read_timeout(const config_setting_t *g, const char *key, double *out, hs_error *err)
{
    if (hs_config_number(g, key, 3.0, out, err) < 0)
        return -1;
    if (!(*out >= 1.0 && *out <= 3600.0)) {
        hs_error_at(err, config_setting_get_member(g, key),
                    "galera: '%s' must be 1..3600 seconds (the client counts whole seconds)", key);
        return -1;
    }
    return 0;
}

int gal_config_read(const config_setting_t *target, gal_config *cfg, hs_error *err)
{
    gal_policy *pol = &cfg->policy;
    const char *donor = NULL;
    double expected, min_primary;
    int rc;

    memset(cfg, 0, sizeof *cfg);
    if (hs_config_check_keys(target, known_keys, err) < 0 || read_nodes(target, cfg, err) < 0)
        return -1;
    if (hs_config_string(target, "user", NULL, &cfg->user, err) < 0)
        return -1;
    if (!cfg->user || !cfg->user[0]) {
        hs_error_at(err, target,
                    "galera: 'user' is missing (a monitor login with USAGE privilege)");
        return -1;
    }
    rc = hs_config_secret(target, "password", cfg->password, sizeof cfg->password, err);
    if (rc < 0)
        return -1;
    cfg->has_password = rc == 1;
    if (read_timeout(target, "connect_timeout", &cfg->connect_timeout, err) < 0 ||
        read_timeout(target, "read_timeout", &cfg->read_timeout, err) < 0 ||
        read_timeout(target, "write_timeout", &cfg->write_timeout, err) < 0)
        return -1;
    if (read_count(target, "expected_size", (double)cfg->nnodes, 1, 1000, &expected, err) < 0)
        return -1;
    /* Default minimum: a majority of the expected size, which is what
     * Galera's own quorum needs with equal weights. */
    if (read_count(target, "min_primary", floor(expected / 2) + 1, 1, expected, &min_primary, err) <
        0)
        return -1;
    pol->expected_size = (unsigned)expected;
    pol->min_primary = (unsigned)min_primary;
    if (hs_config_string(target, "donor_status", "warning", &donor, err) < 0)
        return -1;
    if (strcasecmp(donor, "warning") == 0)
        pol->donor_status = HS_WARNING;
    else if (strcasecmp(donor, "ok") == 0)
        pol->donor_status = HS_OK;
    else {
        hs_error_at(err, config_setting_get_member(target, "donor_status"),
                    "galera: 'donor_status' must be \"warning\" or \"ok\"");
        return -1;
    }
    if (hs_config_range(target, "warn_flow_control", "0.1", &pol->warn_fc, err) < 0 ||
        hs_config_range(target, "crit_flow_control", NULL, &pol->crit_fc, err) < 0 ||
        hs_config_range(target, "warn_recv_queue", "10", &pol->warn_rq, err) < 0 ||
        hs_config_range(target, "crit_recv_queue", NULL, &pol->crit_rq, err) < 0)
        return -1;
    /* Already checked as ranges above: these reads cannot fail. */
    hs_config_string(target, "warn_flow_control", "0.1", &cfg->warn_fc_text, err);
    hs_config_string(target, "crit_flow_control", NULL, &cfg->crit_fc_text, err);
    hs_config_string(target, "warn_recv_queue", "10", &cfg->warn_rq_text, err);
    hs_config_string(target, "crit_recv_queue", NULL, &cfg->crit_rq_text, err);
    return 0;
}
