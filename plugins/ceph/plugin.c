/*
 * plugins/ceph/plugin.c — the Ceph/RADOS plugin: descriptor and the
 * configure → probe → score → release callbacks. It asks the monitors
 * through librados (io.c) for `health detail`, `status`, `mon dump`
 * and `osd dump` (and, for the redundancy rules, `osd crush rule dump`
 * and `osd tree`), parses them (parse.c, parse_maps.c), shows them as
 * components with their rules (emit.c, placement.c) and judges them by
 * health check (judge.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ceph.h"

/* Kept back from the deadline for librados' shutdown, scoring and
 * sending the result to the parent. */
#define CEPH_DEADLINE_MARGIN 0.7

struct ceph_target {
    struct ceph_settings set;
    struct ceph_observation obs;
    int reached;     /* the monitors answered every command */
    char fail[1024]; /* why not, when `unreachable` makes this a verdict */
};

static int ceph_configure(const config_setting_t *target, void **state, hs_error *err)
{
    struct ceph_target *t = calloc(1, sizeof *t);

    *state = NULL;
    if (!t) {
        hs_error_at(err, target, "out of memory");
        return -1;
    }
    if (ceph_settings_read(target, &t->set, err) < 0) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

typedef int (*parse_fn)(const char *, size_t, void *, char *, size_t);

/* The parsers differ only in the type of their output struct. */
static int parse_health(const char *b, size_t n, void *o, char *e, size_t el)
{
    return ceph_parse_health(b, n, o, e, el);
}
static int parse_status(const char *b, size_t n, void *o, char *e, size_t el)
{
    return ceph_parse_status(b, n, o, e, el);
}
static int parse_monmap(const char *b, size_t n, void *o, char *e, size_t el)
{
    return ceph_parse_monmap(b, n, o, e, el);
}
static int parse_osdmap(const char *b, size_t n, void *o, char *e, size_t el)
{
    return ceph_parse_osdmap(b, n, o, e, el);
}

static int parse_crush_rules(const char *b, size_t n, void *o, char *e, size_t el)
{
    return ceph_parse_crush_rules(b, n, o, e, el);
}
static int parse_osd_tree(const char *b, size_t n, void *o, char *e, size_t el)
{
    return ceph_parse_osd_tree(b, n, o, e, el);
}

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double budget(const hs_probe *p)
{
    return hs_probe_time_left(p) - CEPH_DEADLINE_MARGIN;
}

/* The CRUSH rules and tree, for the data's redundancy rule only: a command
 * that fails or a reply that does not parse leaves the rule undeclared (the
 * plugin's view and verdict need neither), said on the debug channel.
 * Adds the time spent to *cmds_s and the commands run to *ran. */
static void optional_commands(struct ceph_target *t, hs_probe *p, ceph_conn *conn, double *cmds_s,
                              size_t *ran)
{
    const struct {
        const char *name, *cmd;
        parse_fn parse;
        void *out;
    } cmds[] = {
        {"osd crush rule dump", "{\"prefix\":\"osd crush rule dump\",\"format\":\"json\"}",
         parse_crush_rules, &t->obs.crush_rules},
        {"osd tree", "{\"prefix\":\"osd tree\",\"format\":\"json\"}", parse_osd_tree,
         &t->obs.osd_tree},
    };
    char err[768];
    char *reply = NULL;
    size_t n, i;
    double t0;
    int r = 0;

    for (i = 0; i < sizeof cmds / sizeof cmds[0] && r == 0; i++) {
        free(reply);
        reply = NULL;
        t0 = now_s();
        r = ceph_conn_command(conn, cmds[i].cmd, budget(p), &reply, &n, err, sizeof err);
        *cmds_s += now_s() - t0;
        (*ran)++;
        if (r < 0)
            hs_debug("ceph: no redundancy rule for the data: mon command '%s': %s", cmds[i].name,
                     err);
        else if ((r = cmds[i].parse(reply, n, cmds[i].out, err, sizeof err)) < 0)
            hs_debug("ceph: no redundancy rule for the data: %s", err);
    }
    free(reply);
    t->obs.have_rules = r == 0;
}

/* Run every command and parse its reply into t->obs. Returns 0, or -1
 * with the reason in msg and *unreached = 1 when no monitor answered in
 * time (0 for local, credential, command and parse errors). */
static int observe(struct ceph_target *t, hs_probe *p, char *msg, size_t len, int *unreached)
{
    const struct {
        const char *name, *cmd;
        parse_fn parse;
        void *out;
    } cmds[] = {
        {"health detail", "{\"prefix\":\"health\",\"detail\":\"detail\",\"format\":\"json\"}",
         parse_health, &t->obs.health},
        {"status", "{\"prefix\":\"status\",\"format\":\"json\"}", parse_status, &t->obs.status},
        {"mon dump", "{\"prefix\":\"mon dump\",\"format\":\"json\"}", parse_monmap, &t->obs.monmap},
        {"osd dump", "{\"prefix\":\"osd dump\",\"format\":\"json\"}", parse_osdmap, &t->obs.osdmap},
    };
    char err[768];
    ceph_conn *conn = NULL;
    char *reply = NULL;
    size_t n;
    int r, rc = -1;
    size_t ran;
    double t0 = now_s(), cmds_s = 0;

    *unreached = 0;
    r = ceph_conn_open(&t->set.conn, budget(p), &conn, err, sizeof err);
    t->obs.connect_s = now_s() - t0;
    if (r < 0) {
        *unreached = r == CEPH_CONN_UNREACHABLE;
        snprintf(msg, len, "%s", err);
        goto out;
    }
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        free(reply);
        reply = NULL;
        t0 = now_s();
        r = ceph_conn_command(conn, cmds[i].cmd, budget(p), &reply, &n, err, sizeof err);
        cmds_s += now_s() - t0;
        if (r < 0) {
            *unreached = r == CEPH_CONN_UNREACHABLE;
            snprintf(msg, len, "mon command '%s': %s", cmds[i].name, err);
            goto out;
        }
        if (cmds[i].parse(reply, n, cmds[i].out, err, sizeof err) < 0) {
            snprintf(msg, len, "malformed reply: %s", err);
            goto out;
        }
    }
    ran = sizeof cmds / sizeof cmds[0];
    if (t->obs.osdmap.pools_err)
        hs_debug("ceph: no redundancy rule for the data: %s", t->obs.osdmap.pools_err);
    else
        optional_commands(t, p, conn, &cmds_s, &ran);
    t->obs.latency_s = cmds_s / (double)ran;
    rc = 0;
out:
    free(reply);
    ceph_conn_close(conn);
    return rc;
}

static int ceph_probe(void *state, hs_probe *p)
{
    struct ceph_target *t = state;
    int unreached;
    struct stat st;

    /* The key grants read access to the whole cluster map. */
    if (t->set.keyring_path && stat(t->set.keyring_path, &st) == 0 && (st.st_mode & 077))
        hs_probe_message(p, "keyring %s is readable by group or others (chmod 600)",
                         t->set.keyring_path);
    if (observe(t, p, t->fail, sizeof t->fail, &unreached) < 0) {
        ceph_observation_free(&t->obs);
        /* A cluster no monitor of which answers may be the alarm itself;
         * a missing file, a refused key or an unreadable reply is our
         * blind spot, so UNKNOWN. */
        if (unreached && t->set.unreachable != HS_UNKNOWN) {
            hs_component *c = hs_probe_component(p, "cluster", "service", NULL, HS_STATE_UNKNOWN);
            hs_component_message(c, "%s", t->fail);
            return 0;
        }
        hs_probe_fail(p, "%s", t->fail);
        return -1;
    }
    t->reached = 1;
    return ceph_view_build(p, &t->obs, &t->set);
}

static void judge_checks(const struct ceph_target *t, hs_verdict *v)
{
    const struct ceph_health_report *h = &t->obs.health;
    int raised = 0;

    for (size_t i = 0; i < h->nchecks; i++) {
        const struct ceph_check *c = &h->checks[i];
        ceph_why why;
        hs_status st = ceph_check_status(&t->set.policy, c, &why);
        if (st == HS_OK)
            continue;
        hs_verdict_raise(v, st, "cluster: %s (%s%s): %s", c->code, ceph_health_name(c->severity),
                         why == CEPH_WHY_OVERRIDE ? ", by override" : "", c->summary);
        raised = 1;
    }
    /* Ceph never reports a bad status without a check; if it does, trust
     * the status rather than our reading of the checks. */
    if (!raised && h->nchecks == 0 && h->status != CEPH_HEALTH_OK)
        hs_verdict_raise(v, ceph_health_status(h->status), "cluster: %s without any health check",
                         ceph_health_name(h->status));
}

static int ceph_score(void *state, const hs_probe *p, hs_verdict *v)
{
    struct ceph_target *t = state;
    double pct;

    (void)p;
    if (!t->reached) {
        hs_verdict_raise(v, t->set.unreachable, "cluster unreachable: %s", t->fail);
        return 0;
    }
    judge_checks(t, v);
    pct = ceph_active_clean_pct(&t->obs.status);
    if (hs_range_alerts(&t->set.crit_active_clean, pct))
        hs_verdict_raise(v, HS_CRITICAL, "cluster: %.1f%% of PGs active+clean", pct);
    else if (hs_range_alerts(&t->set.warn_active_clean, pct))
        hs_verdict_raise(v, HS_WARNING, "cluster: %.1f%% of PGs active+clean", pct);
    hs_verdict_health(v, ceph_health_score(&t->obs.status));
    return 0;
}

static void ceph_release(void *state)
{
    struct ceph_target *t = state;

    if (!t)
        return;
    ceph_observation_free(&t->obs);
    ceph_settings_free(&t->set);
    free(t);
}

static const struct hs_plugin ceph_plugin = {
    .abi_version = HS_PLUGIN_ABI_VERSION,
    .name = "ceph",
    .version = "0.1.0",
    .technology = "Ceph/RADOS",
    .ha_class = HS_CLASS_DISTRIBUTED_STORAGE,
    .scores =
        {
            .chance = 5,
            .risk = 4,
            .maturity = 4,
            .chance_why = "replicated or erasure-coded objects with Paxos-quorum "
                          "monitors and automatic recovery survive disk, host and "
                          "rack loss without a single point of failure",
            .risk_why = "a large, complex system: misplaced CRUSH rules, full OSDs "
                        "or lost quorum stop I/O cluster-wide, and recovery traffic "
                        "can starve clients",
            .maturity_why = "in production since 2012 (Argonaut), at CERN and in "
                            "most OpenStack clouds; a Linux Foundation project with "
                            "yearly releases, but each release needs careful upgrades",
        },
    .description = "Ceph cluster health, mons, mgr and OSDs through librados",
    .configure = ceph_configure,
    .probe = ceph_probe,
    .score = ceph_score,
    .release = ceph_release,
};

HS_PLUGIN_DEFINE(ceph_plugin)
