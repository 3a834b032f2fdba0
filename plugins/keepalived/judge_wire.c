/*
 * plugins/keepalived/judge_wire.c — method "wire": the advertisements one
 * window heard, per VRID and router, and what they say. Only a MASTER
 * advertises (RFC 5798 6.4.3), so every router heard with priority > 0 is
 * one that believes it owns the VRID's addresses: one is right, two or more
 * is a split brain as the network sees it, none is a VRID without a MASTER.
 * A VRID over IPv4 and the same VRID over IPv6 are two keepalived
 * instances: each (family, VRID) is judged on its own. Pure: no I/O, no
 * core calls.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "keepalived.h"

void ka_wire_obs_init(struct ka_wire_obs *o, const int *vrids, size_t n, int families)
{
    static const int fams[] = {KA_FAM_IPV4, KA_FAM_IPV6};
    size_t i, f;

    memset(o, 0, sizeof *o);
    o->families = families;
    for (f = 0; f < 2; f++)
        for (i = 0; (families & fams[f]) && i < n && i < KA_WIRE_MAX_VRIDS; i++) {
            o->v[o->n].family = f ? 6 : 4;
            o->v[o->n].vrid = vrids[i];
            o->v[o->n].configured = 1;
            o->n++;
        }
}

static struct ka_wire_vrid *vrid_slot(struct ka_wire_obs *o, int family, int vrid)
{
    size_t i;

    for (i = 0; i < o->n; i++)
        if (o->v[i].vrid == vrid && o->v[i].family == family)
            return &o->v[i];
    if (o->n == KA_WIRE_MAX_SLOTS) /* cannot happen: VRIDs are 1..255, two families */
        return NULL;
    memset(&o->v[o->n], 0, sizeof o->v[o->n]);
    o->v[o->n].family = family;
    o->v[o->n].vrid = vrid;
    return &o->v[o->n++];
}

void ka_wire_add(struct ka_wire_obs *o, const struct ka_vrrp_adv *a, double t)
{
    struct ka_wire_vrid *v = vrid_slot(o, a->family, a->vrid);
    struct ka_wire_router *r = NULL;
    size_t i;

    o->packets++;
    if (!v)
        return;
    for (i = 0; i < v->n && !r; i++)
        if (strcmp(v->r[i].addr, a->src) == 0)
            r = &v->r[i];
    if (!r) {
        if (v->n == KA_WIRE_MAX_ROUTERS) {
            v->overflow++;
            return;
        }
        r = &v->r[v->n++];
        memset(r, 0, sizeof *r);
        snprintf(r->addr, sizeof r->addr, "%s", a->src);
        r->first = t;
    }
    r->version = a->version;
    r->priority = a->priority;
    r->interval = a->interval;
    r->last = t;
    snprintf(r->addrs, sizeof r->addrs, "%s", a->addrs);
    if (a->priority == 0)
        r->resigned++;
    else
        r->adverts++;
    if (!a->checksum_ok)
        r->bad_checksum++;
}

static void finding(struct ka_wire_judgement *j, hs_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void finding(struct ka_wire_judgement *j, hs_status st, const char *fmt, ...)
{
    va_list ap;

    if (j->nf == sizeof j->f / sizeof j->f[0])
        return;
    j->f[j->nf].status = st;
    va_start(ap, fmt);
    vsnprintf(j->f[j->nf].text, sizeof j->f[j->nf].text, fmt, ap);
    va_end(ap);
    j->nf++;
}

/* How a finding names the family: IPv4 as it always did (nothing), IPv6
 * said, either family (KA_FAM_ANY, none heard) said too. */
static const char *fam_tag(int family)
{
    return family == 6 ? " (IPv6)" : family == 0 ? " (IPv4 or IPv6)" : "";
}

static int expected(const char *addr, const char *const *routers, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (ka_addr_same(routers[i], addr))
            return 1;
    return 0;
}

/* The routers advertising as owners ("A (priority P), B (...)"). */
static void owner_list(const struct ka_wire_vrid *v, char *buf, size_t cap)
{
    size_t i, used = 0;

    buf[0] = '\0';
    for (i = 0; i < v->n && used + 1 < cap; i++)
        if (v->r[i].adverts > 0)
            used += (size_t)snprintf(buf + used, cap - used, "%s%s (priority %d, %ld adverts)",
                                     used ? " and " : "", v->r[i].addr, v->r[i].priority,
                                     v->r[i].adverts);
}

/* Resignations, stray routers and bad checksums: warnings either way. */
static void side_findings(const struct ka_wire_vrid *v, const char *const *routers, size_t nr,
                          struct ka_wire_judgement *j)
{
    size_t i;

    for (i = 0; i < v->n; i++) {
        const struct ka_wire_router *r = &v->r[i];
        if (r->resigned)
            finding(j, HS_WARNING, "VRID %d%s: %s sent priority 0: a MASTER resigning", v->vrid,
                    fam_tag(v->family), r->addr);
        if (nr && !expected(r->addr, routers, nr))
            finding(j, HS_WARNING, "VRID %d%s: %s advertises but is not one of the routers",
                    v->vrid, fam_tag(v->family), r->addr);
        if (r->bad_checksum)
            finding(j, HS_WARNING, "VRID %d%s: %ld advertisements from %s with a bad checksum",
                    v->vrid, fam_tag(v->family), r->bad_checksum, r->addr);
    }
}

static void judge_vrid(const struct ka_wire_obs *o, const struct ka_wire_vrid *v, int family,
                       struct ka_wire_sum *s, struct ka_wire_judgement *j)
{
    char who[384];
    size_t i;

    s->vrid = v->vrid;
    s->family = family;
    s->owner = -1;
    for (i = 0; i < v->n; i++)
        if (v->r[i].adverts > 0) {
            s->owners++;
            s->repeated += v->r[i].adverts >= 2;
            /* the owner shown: the one heard most (the newest on a tie) */
            if (s->owner < 0 || v->r[i].adverts >= v->r[s->owner].adverts)
                s->owner = (int)i;
        }
    s->service = HS_STATE_UP;
    s->health = 100;
    if (s->owners == 0) {
        s->service = HS_STATE_DOWN;
        s->health = 0;
        finding(j, HS_CRITICAL,
                "VRID %d%s: no MASTER: no advertisement with priority > 0 in %.1f s", v->vrid,
                fam_tag(s->family), o->window);
    } else if (s->repeated >= 2) {
        owner_list(v, who, sizeof who);
        s->service = HS_STATE_DOWN;
        s->health = 0;
        finding(j, HS_CRITICAL, "VRID %d%s: %d MASTERs advertising (split brain): %s", v->vrid,
                fam_tag(s->family), s->repeated, who);
    }
}

/* Under KA_FAM_ANY, the slot of the same VRID in the other family. */
static const struct ka_wire_vrid *twin(const struct ka_wire_obs *o, const struct ka_wire_vrid *v)
{
    size_t i;

    for (i = 0; i < o->n; i++)
        if (o->v[i].configured && o->v[i].vrid == v->vrid && o->v[i].family != v->family)
            return &o->v[i];
    return NULL;
}

/* The family slot v is judged as: its own; under KA_FAM_ANY one not heard
 * is skipped (-1) when its twin was heard, and the IPv4 slot stands for
 * both (0) when neither was. */
static int judged_as(const struct ka_wire_obs *o, const struct ka_wire_vrid *v)
{
    const struct ka_wire_vrid *other;

    if (o->families != KA_FAM_ANY || v->n > 0)
        return v->family;
    other = twin(o, v);
    if (other && other->n > 0)
        return -1;
    return v->family == 4 ? 0 : -1;
}

void ka_wire_judge(const struct ka_wire_obs *o, const char *const *routers, size_t n_routers,
                   struct ka_wire_judgement *out)
{
    size_t i;
    int fam;

    memset(out, 0, sizeof *out);
    out->health = 100;
    if (o->why[0]) {
        finding(out, HS_UNKNOWN, "cannot listen for VRRP: %s", o->why);
        out->health = 0;
        return;
    }
    for (i = 0; i < o->n; i++) {
        if (!o->v[i].configured || (fam = judged_as(o, &o->v[i])) < 0)
            continue;
        out->s[out->n].slot = i;
        judge_vrid(o, &o->v[i], fam, &out->s[out->n], out);
        side_findings(&o->v[i], routers, n_routers, out);
        if (out->s[out->n].health < out->health)
            out->health = out->s[out->n].health;
        out->n++;
    }
    if (o->malformed)
        finding(out, HS_WARNING, "%ld malformed VRRP packets (last: %s)", o->malformed,
                o->last_error);
}
