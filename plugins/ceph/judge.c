/*
 * plugins/ceph/judge.c — health checks to statuses (see ceph.h).
 */
#include <strings.h>
#include <string.h>

#include "ceph.h"

hs_status ceph_health_status(ceph_health h)
{
    switch (h) {
    case CEPH_HEALTH_OK: return HS_OK;
    case CEPH_HEALTH_WARN: return HS_WARNING;
    case CEPH_HEALTH_ERR: return HS_CRITICAL;
    }
    return HS_UNKNOWN;
}

hs_status ceph_check_status(const struct ceph_policy *p, const struct ceph_check *c, ceph_why *why)
{
    ceph_why w = CEPH_WHY_SEVERITY;
    hs_status st = ceph_health_status(c->severity);

    for (size_t i = 0; p && c->code && i < p->noverrides; i++) {
        if (p->overrides[i].code && strcmp(p->overrides[i].code, c->code) == 0) {
            st = p->overrides[i].status;
            w = CEPH_WHY_OVERRIDE;
            goto out;
        }
    }
    if (c->muted && (!p || p->honour_mutes)) {
        st = HS_OK;
        w = CEPH_WHY_MUTED;
    }
out:
    if (why)
        *why = w;
    return st;
}

int ceph_status_from_name(const char *s, hs_status *out)
{
    static const struct {
        const char *name;
        hs_status st;
    } names[] = {
        {"OK", HS_OK}, {"WARNING", HS_WARNING}, {"CRITICAL", HS_CRITICAL}, {"UNKNOWN", HS_UNKNOWN}};

    for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++) {
        if (strcasecmp(s, names[i].name) == 0) {
            *out = names[i].st;
            return 0;
        }
    }
    return -1;
}

static double share(long long part, long long whole)
{
    if (whole <= 0)
        return 100.0;
    if (part <= 0)
        return 0.0;
    return part >= whole ? 100.0 : 100.0 * (double)part / (double)whole;
}

double ceph_active_clean_pct(const struct ceph_status *s)
{
    return share(ceph_status_pgs_in(s, "active+clean"), s->num_pgs);
}

double ceph_health_score(const struct ceph_status *s)
{
    double h = ceph_active_clean_pct(s);
    double osd = share(s->num_up_osds, s->num_in_osds);
    double mon = share((long long)s->nquorum, s->num_mons);

    if (osd < h)
        h = osd;
    if (mon < h)
        h = mon;
    return h;
}
