/*
 * plugins/galera/plugin.c — the Galera plugin: descriptor and the
 * configure → probe → score → release life cycle. Config reading, transport,
 * parsing, judgement and components live in config.c, io.c, parse*.c,
 * judge.c and emit.c; this file only runs them in order.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>

#include "galera.h"

struct gal_state {
    gal_config cfg;
    gal_assessment verdict;
    int client_ready; /* mysql_library_init() ran and needs its _end() */
};

static int gal_configure(const config_setting_t *target, void **state, hs_error *err)
{
    struct gal_state *s = calloc(1, sizeof *s);
    int rc = -1;

    if (!s) {
        hs_error_set(err, "galera: out of memory");
        goto out;
    }
    if (gal_config_read(target, &s->cfg, err) < 0)
        goto out;
    *state = s;
    s = NULL;
    rc = 0;
out:
    free(s);
    return rc;
}

/* Whole seconds for the client library: the configured value, but never so
 * long that one connect and two reads overrun the target's deadline. */
static unsigned budget(double configured, double left)
{
    double share = floor((left - 0.5) / 3.0);
    if (share < 1)
        share = 1;
    return (unsigned)ceil(configured < share ? configured : share);
}

static int gal_probe(void *state, hs_probe *p)
{
    struct gal_state *s = state;
    gal_config *cfg = &s->cfg;
    double left = hs_probe_time_left(p);
    gal_login login;
    size_t i, down = 0, answered = 0;

    if (left < 1.0) {
        hs_probe_fail(p, "galera: only %.2f s left before the deadline", left);
        return -1;
    }
    if (!s->client_ready) {
        if (mysql_library_init(0, NULL, NULL) != 0) {
            hs_probe_fail(p, "galera: the MySQL client library failed to initialise");
            return -1;
        }
        s->client_ready = 1;
    }
    login.user = cfg->user;
    login.password = cfg->has_password ? cfg->password : NULL;
    login.connect_timeout = budget(cfg->connect_timeout, left);
    login.read_timeout = budget(cfg->read_timeout, left);
    login.write_timeout = budget(cfg->write_timeout, left);
    gal_query_all(cfg->nodes, cfg->nnodes, &login);

    for (i = 0; i < cfg->nnodes; i++) {
        down += cfg->nodes[i].reach == GAL_REACH_DOWN;
        answered += cfg->nodes[i].reach == GAL_REACH_OK;
    }
    /* Nothing answered and not every node plainly refused: we saw nothing
     * (wrong password, firewall, timeouts), which is UNKNOWN, not DOWN. */
    if (answered == 0 && down < cfg->nnodes) {
        char why[1024];
        size_t o = 0;
        for (i = 0; i < cfg->nnodes && o < sizeof why; i++)
            o += (size_t)snprintf(why + o, sizeof why - o, "%s%s: %s", i ? "; " : "",
                                  cfg->nodes[i].id, cfg->nodes[i].error);
        hs_probe_fail(p, "galera: no node answered: %s", why);
        return -1;
    }

    gal_assess(cfg->nodes, cfg->nnodes, &cfg->policy, &s->verdict);
    gal_emit(p, cfg, &s->verdict);
    hs_probe_message(
        p,
        "%u of %zu nodes answered, %u Primary, %u Synced; Primary component size %u (expected %u)",
        s->verdict.reachable, cfg->nnodes, s->verdict.primary, s->verdict.synced,
        s->verdict.primary_size, cfg->policy.expected_size);
    return 0;
}

static int gal_score(void *state, const hs_probe *p, hs_verdict *v)
{
    const struct gal_state *s = state;
    size_t i;
    (void)p;
    for (i = 0; i < s->verdict.nreasons; i++)
        hs_verdict_raise(v, s->verdict.reasons[i].status, "%s", s->verdict.reasons[i].text);
    hs_verdict_health(v, s->verdict.health);
    return 0;
}

static void gal_release(void *state)
{
    struct gal_state *s = state;
    if (!s)
        return;
    if (s->client_ready)
        mysql_library_end();
    /* The password must not linger in freed memory. */
    memset(s->cfg.password, 0, sizeof s->cfg.password);
    free(s);
}

static const struct hs_plugin galera_plugin = {
    .abi_version = HS_PLUGIN_ABI_VERSION,
    .name = "galera",
    .version = "1.0",
    .technology = "Galera",
    .ha_class = HS_CLASS_DISTRIBUTED_DATABASE,
    .scores =
        {
            .chance = 4,
            .risk = 3,
            .maturity = 4,
            .chance_why = "synchronous multi-master replication: any node takes writes, "
                          "no promotion on failover, no committed transaction lost with a node",
            .risk_why = "losing quorum stops every write (non-Primary), one slow node throttles "
                        "all through flow control, and recovery after a full outage is manual",
            .maturity_why = "in production since 2009 (Codership), shipped with MariaDB since "
                            "10.1 and in Percona XtraDB Cluster; documented, maintained upstream",
        },
    .description =
        "MariaDB/MySQL Galera cluster: wsrep status of every node over the MySQL protocol",
    .configure = gal_configure,
    .probe = gal_probe,
    .score = gal_score,
    .release = gal_release,
};

HS_PLUGIN_DEFINE(galera_plugin)
