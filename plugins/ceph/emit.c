/*
 * plugins/ceph/emit.c — components, metrics and messages from one
 * observation (see ceph.h).
 */
#include <stdio.h>
#include <string.h>

#include "ceph.h"

/* The core keeps at most 2000 metrics/labels and 1000 messages per
 * component; a cluster in real trouble can raise many checks, so the
 * cluster component shows the first ones and says how many it left out. */
#define MAX_CHECKS_SHOWN 300
#define MAX_PG_STATES_SHOWN 500
#define MAX_MESSAGES 900

void ceph_observation_free(struct ceph_observation *o)
{
    if (!o)
        return;
    ceph_health_report_free(&o->health);
    ceph_status_free(&o->status);
    ceph_monmap_free(&o->monmap);
    ceph_osdmap_free(&o->osdmap);
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

static int add_mons(hs_probe *p, const struct ceph_observation *o)
{
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
        c = hs_probe_component(p, id, "mon", "cluster", q ? HS_STATE_UP : HS_STATE_DOWN);
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

static int add_osds(hs_probe *p, const struct ceph_observation *o)
{
    char id[32];

    for (size_t i = 0; i < o->osdmap.nosds; i++) {
        const struct ceph_osd *d = &o->osdmap.osds[i];
        hs_component *c;
        snprintf(id, sizeof id, "osd.%lld", d->id);
        c = hs_probe_component(p, id, "osd", "cluster", osd_state(d));
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
    if (!add_cluster(p, o, set) || add_mons(p, o) < 0 || add_mgr(p, o) < 0 || add_osds(p, o) < 0) {
        hs_probe_fail(p, "the core refused a component (out of memory?)");
        return -1;
    }
    return 0;
}
