/*
 * plugins/ceph/emit.c — components, metrics and messages from one
 * observation (see ceph.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ceph.h"

/* The core keeps at most 2000 metrics/labels and 1000 messages per
 * component; a cluster in real trouble can raise many checks, so the
 * cluster component shows the first ones and says how many it left out. */
#define MAX_CHECKS_SHOWN 300
#define MAX_PG_STATES_SHOWN 500
#define MAX_MESSAGES 900

/* The components the redundancy rules add (their children keep their ids:
 * mon.NAME, osd.ID). */
#define MONITORS_ID "monitors"
#define DATA_ID "data"

void ceph_observation_free(struct ceph_observation *o)
{
    if (!o)
        return;
    ceph_health_report_free(&o->health);
    ceph_status_free(&o->status);
    ceph_monmap_free(&o->monmap);
    ceph_osdmap_free(&o->osdmap);
    ceph_crush_rules_free(&o->crush_rules);
    ceph_osd_tree_free(&o->osd_tree);
    o->have_rules = 0;
}

static int in_quorum(const struct ceph_status *s, const char *name)
{
    for (size_t i = 0; i < s->nquorum; i++)
        if (strcmp(s->quorum_names[i], name) == 0)
            return 1;
    return 0;
}

/* PGs in a state that serves I/O ("active" is one of its '+' parts). */
static long long pgs_active(const struct ceph_status *s)
{
    long long n = 0;

    for (size_t i = 0; i < s->npg_states; i++) {
        const char *p = s->pg_states[i].name;
        size_t len = strlen("active");
        while ((p = strstr(p, "active")) != NULL) {
            int start = p == s->pg_states[i].name || p[-1] == '+';
            int end = p[len] == '\0' || p[len] == '+';
            if (start && end) {
                n += s->pg_states[i].count;
                break;
            }
            p += len;
        }
    }
    return n;
}

static hs_state cluster_state(const struct ceph_observation *o)
{
    const struct ceph_status *s = &o->status;

    if (s->num_pgs > 0 && pgs_active(s) == 0)
        return HS_STATE_DOWN;
    if (o->health.status != CEPH_HEALTH_OK || s->num_up_osds < s->num_in_osds ||
        (long long)s->nquorum < s->num_mons || !s->mgr_available ||
        ceph_active_clean_pct(s) < 100.0)
        return HS_STATE_DEGRADED;
    return HS_STATE_UP;
}

static void metric(hs_component *c, const char *name, double v, const char *unit)
{
    hs_component_metric(c, name, v, unit);
}

static void check_messages(hs_component *c, const struct ceph_check *k, ceph_why why, size_t *nmsg)
{
    if (*nmsg >= MAX_MESSAGES)
        return;
    hs_component_message(c, "%s [%s%s%s]: %s", k->code, ceph_health_name(k->severity),
                         k->muted ? ", muted" : "", why == CEPH_WHY_OVERRIDE ? ", override" : "",
                         k->summary);
    (*nmsg)++;
    for (size_t i = 0; i < k->ndetail && *nmsg < MAX_MESSAGES; i++, (*nmsg)++)
        hs_component_message(c, "  %s", k->detail[i]);
    if (k->ndetail_total > k->ndetail && *nmsg < MAX_MESSAGES) {
        hs_component_message(c, "  ... and %zu more", k->ndetail_total - k->ndetail);
        (*nmsg)++;
    }
}

static void add_checks(hs_component *c, const struct ceph_observation *o,
                       const struct ceph_settings *set)
{
    const struct ceph_health_report *h = &o->health;
    size_t shown = h->nchecks < MAX_CHECKS_SHOWN ? h->nchecks : MAX_CHECKS_SHOWN;
    size_t nmsg = 0, muted = 0;
    char name[256];

    for (size_t i = 0; i < h->nchecks; i++)
        muted += h->checks[i].muted ? 1 : 0;
    metric(c, "health_checks", (double)h->nchecks, "");
    metric(c, "health_checks_muted", (double)muted, "");
    for (size_t i = 0; i < shown; i++) {
        const struct ceph_check *k = &h->checks[i];
        ceph_why why;
        hs_status st = ceph_check_status(&set->policy, k, &why);
        snprintf(name, sizeof name, "check.%.200s.severity", k->code);
        hs_component_label(c, name, ceph_health_name(k->severity));
        snprintf(name, sizeof name, "check.%.200s.muted", k->code);
        hs_component_label(c, name, k->muted ? "true" : "false");
        snprintf(name, sizeof name, "check.%.200s.status", k->code);
        hs_component_label(c, name, hs_status_name(st));
        if (k->count >= 0) {
            snprintf(name, sizeof name, "check.%.200s.count", k->code);
            metric(c, name, (double)k->count, "");
        }
        check_messages(c, k, why, &nmsg);
    }
    if (shown < h->nchecks)
        hs_component_message(c, "%zu more health checks not shown", h->nchecks - shown);
}

static void add_pg_metrics(hs_component *c, const struct ceph_observation *o,
                           const struct ceph_settings *set)
{
    const struct ceph_status *s = &o->status;
    char name[256];
    hs_metric *m;

    metric(c, "pgs", (double)s->num_pgs, "");
    m = hs_component_metric(c, "pgs_active_clean_pct", ceph_active_clean_pct(s), "%");
    hs_metric_bounds(m, 0, 100);
    hs_metric_thresholds(m, set->warn_active_clean_text, set->crit_active_clean_text);
    for (size_t i = 0; i < s->npg_states && i < MAX_PG_STATES_SHOWN; i++) {
        double v;
        snprintf(name, sizeof name, "pgs_state.%.200s", s->pg_states[i].name);
        /* A repeated state name (never from a sane mon) must not make a
         * duplicate metric, which the core treats as a malformed probe. */
        if (hs_component_value(c, name, &v))
            continue;
        metric(c, name, (double)s->pg_states[i].count, "");
    }
}

static hs_component *add_cluster(hs_probe *p, const struct ceph_observation *o,
                                 const struct ceph_settings *set)
{
    const struct ceph_status *s = &o->status;
    hs_component *c = hs_probe_component(p, "cluster", "service", NULL, cluster_state(o));
    hs_metric *m;

    if (!c)
        return NULL;
    if (s->fsid)
        hs_component_label(c, "fsid", s->fsid);
    hs_component_label(c, "health", ceph_health_name(o->health.status));
    m = hs_component_metric(c, "health_status", (double)o->health.status, "");
    hs_metric_bounds(m, 0, 2);
    metric(c, "osds", (double)s->num_osds, "");
    metric(c, "osds_up", (double)s->num_up_osds, "");
    metric(c, "osds_in", (double)s->num_in_osds, "");
    metric(c, "mons", (double)s->num_mons, "");
    metric(c, "mons_in_quorum", (double)s->nquorum, "");
    metric(c, "mgr_available", s->mgr_available ? 1 : 0, "");
    /* What the network costs: over a slow or lossy link these grow while
     * the verdict stays right, and show how near the deadline it came. */
    metric(c, "connect_s", o->connect_s, "s");
    metric(c, "latency", o->latency_s, "s");
    add_pg_metrics(c, o, set);
    add_checks(c, o, set);
    return c;
}

/* Mon names come from the cluster; ids must be printable without spaces. */
static int printable_id(const char *s)
{
    for (; *s; s++)
        if (*s < '!' || *s > '~')
            return 0;
    return 1;
}

/* The monitors serve while a majority of the monmap is in quorum (Paxos);
 * a mon out of quorum counts as down, as the model sees it. */
static int add_monitors(hs_probe *p, const struct ceph_observation *o)
{
    size_t n = o->monmap.nmons;
    int quorum = o->status.nquorum * 2 > n;
    hs_component *c;
    char why[128];

    c = hs_probe_component(p, MONITORS_ID, "quorum", "cluster",
                           quorum ? HS_STATE_UP : HS_STATE_DOWN);
    if (!c)
        return -1;
    metric(c, "mons", (double)n, "");
    metric(c, "mons_in_quorum", (double)o->status.nquorum, "");
    if (!quorum)
        hs_component_message(c, "no quorum: %zu of %zu mons", o->status.nquorum, n);
    snprintf(why, sizeof why, "a majority of the %zu monitor%s of the monmap", n,
             n == 1 ? "" : "s");
    hs_component_require(c, (int)(n / 2 + 1), why);
    return 0;
}

static int add_mons(hs_probe *p, const struct ceph_observation *o)
{
    const char *parent = o->monmap.nmons ? MONITORS_ID : "cluster";
    char id[300], rank[32];

    for (size_t i = 0; i < o->monmap.nmons; i++) {
        const struct ceph_mon *m = &o->monmap.mons[i];
        int q = in_quorum(&o->status, m->name);
        hs_component *c;
        if (!printable_id(m->name) || strlen(m->name) > 200) {
            hs_probe_message(p, "mon with an unusable name skipped");
            continue;
        }
        snprintf(id, sizeof id, "mon.%s", m->name);
        c = hs_probe_component(p, id, "mon", parent, q ? HS_STATE_UP : HS_STATE_DOWN);
        if (!c)
            return -1;
        snprintf(rank, sizeof rank, "%lld", m->rank);
        hs_component_label(c, "rank", rank);
        if (m->addr)
            hs_component_label(c, "addr", m->addr);
        metric(c, "in_quorum", q, "");
        if (!q)
            hs_component_message(c, "not in quorum");
    }
    return 0;
}

static int add_mgr(hs_probe *p, const struct ceph_observation *o)
{
    const struct ceph_status *s = &o->status;
    hs_component *c = hs_probe_component(p, "mgr", "mgr", "cluster",
                                         s->mgr_available ? HS_STATE_UP : HS_STATE_DOWN);
    if (!c)
        return -1;
    metric(c, "available", s->mgr_available ? 1 : 0, "");
    if (s->mgr_standbys >= 0)
        metric(c, "standbys", (double)s->mgr_standbys, "");
    if (!s->mgr_available)
        hs_component_message(c, "no active mgr");
    return 0;
}

static hs_state osd_state(const struct ceph_osd *d)
{
    if (!d->up)
        return HS_STATE_DOWN;
    /* Running but out: it serves no data until marked in again. */
    return d->in ? HS_STATE_UP : HS_STATE_DEGRADED;
}

/* A domain's id: "host/NAME"; for the type "osd" the OSDs are the domains
 * and hang from "data" themselves. */
static void domain_id(char *id, size_t len, const struct ceph_placement *pl, size_t i)
{
    snprintf(id, len, "%s/%s", pl->type, pl->domains[i].name);
}

/* The data: its failure domains, each needing all of its OSDs (a domain
 * with one OSD down is counted out, as placement.c's rule assumes), and
 * at least pl->k domains of them. The states say what the model sees. */
static int add_data(hs_probe *p, const struct ceph_observation *o, const struct ceph_placement *pl)
{
    int by_osd = !strcmp(pl->type, "osd"), rc = -1;
    size_t out = 0, *down = calloc(pl->ndomains ? pl->ndomains : 1, sizeof *down);
    char id[420];
    hs_component *data, *c;

    data = hs_probe_component(p, DATA_ID, "placement", "cluster", HS_STATE_UP);
    if (!data || !down)
        goto out;
    for (size_t i = 0; i < o->osdmap.nosds; i++)
        down[pl->osd_domain[i]] += !o->osdmap.osds[i].up;
    hs_component_label(data, "failure_domain", pl->type);
    metric(data, "domains", (double)pl->ndomains, "");
    for (size_t i = 0; i < pl->ndomains; i++) {
        const struct ceph_domain *d = &pl->domains[i];
        out += down[i] > 0;
        if (by_osd)
            continue;
        domain_id(id, sizeof id, pl, i);
        c = hs_probe_component(p, id, "failure-domain", DATA_ID,
                               down[i] == 0          ? HS_STATE_UP
                               : down[i] == d->nosds ? HS_STATE_DOWN
                                                     : HS_STATE_DEGRADED);
        if (!c)
            goto out;
        hs_component_label(c, "type", pl->type);
        metric(c, "osds", (double)d->nosds, "");
        metric(c, "osds_down", (double)down[i], "");
        if (down[i] && down[i] < d->nosds)
            hs_component_message(c, "%zu of its %zu OSDs down: counted as out", down[i], d->nosds);
    }
    metric(data, "domains_out", (double)out, "");
    if (out)
        hs_component_set_state(data, out + (size_t)pl->k > pl->ndomains ? HS_STATE_DOWN
                                                                        : HS_STATE_DEGRADED);
    hs_component_require(data, pl->k, pl->why);
    rc = 0;
out:
    free(down);
    return rc;
}

static int add_osds(hs_probe *p, const struct ceph_observation *o, const struct ceph_placement *pl)
{
    char id[32], parent[420];

    for (size_t i = 0; i < o->osdmap.nosds; i++) {
        const struct ceph_osd *d = &o->osdmap.osds[i];
        hs_component *c;
        snprintf(id, sizeof id, "osd.%lld", d->id);
        if (!pl)
            snprintf(parent, sizeof parent, "cluster");
        else if (!strcmp(pl->type, "osd"))
            snprintf(parent, sizeof parent, DATA_ID);
        else
            domain_id(parent, sizeof parent, pl, pl->osd_domain[i]);
        c = hs_probe_component(p, id, "osd", parent, osd_state(d));
        if (!c)
            return -1;
        metric(c, "up", d->up, "");
        metric(c, "in", d->in, "");
        metric(c, "weight", d->weight, "");
        if (!d->up || !d->in)
            hs_component_message(c, "%s and %s", d->up ? "up" : "down", d->in ? "in" : "out");
    }
    return 0;
}

int ceph_view_build(hs_probe *p, const struct ceph_observation *o, const struct ceph_settings *set)
{
    struct ceph_placement pl;
    char err[512];
    int placed = 0, rc = -1;

    if (o->have_rules) {
        placed = ceph_placement_derive(&o->osdmap, &o->crush_rules, &o->osd_tree, &pl, err,
                                       sizeof err) == 0;
        if (!placed)
            hs_debug("ceph: no redundancy rule for the data: %s", err);
    }
    if (!add_cluster(p, o, set) || (o->monmap.nmons && add_monitors(p, o) < 0) ||
        add_mons(p, o) < 0 || add_mgr(p, o) < 0 || (placed && add_data(p, o, &pl) < 0) ||
        add_osds(p, o, placed ? &pl : NULL) < 0) {
        hs_probe_fail(p, "the core refused a component (out of memory?)");
        goto out;
    }
    rc = 0;
out:
    if (placed)
        ceph_placement_free(&pl);
    return rc;
}
