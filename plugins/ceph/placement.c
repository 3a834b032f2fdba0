/*
 * plugins/ceph/placement.c — the data's redundancy rule from the pools, the
 * CRUSH rules and the CRUSH tree (see ceph.h for the rule and how far it
 * approximates placement groups). Pure: unit-tested on captured replies.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ceph.h"

/* CRUSH hierarchies are a handful of levels deep; a longer parent chain
 * is a cycle in a hostile tree. */
#define MAX_DEPTH 64

void ceph_placement_free(struct ceph_placement *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->ndomains; i++) {
        free(p->domains[i].name);
        free(p->domains[i].osds);
    }
    free(p->domains);
    free(p->osd_domain);
    free(p->type);
    memset(p, 0, sizeof *p);
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (errlen) {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static const struct ceph_crush_rule *find_rule(const struct ceph_crush_rules *r, long long id)
{
    for (size_t i = 0; i < r->nrules; i++)
        if (r->rules[i].id == id)
            return &r->rules[i];
    return NULL;
}

/* Index of the tree node with `id` (the nodes are sorted by id), or -1. */
static long find_node(const struct ceph_osd_tree *t, long long id)
{
    size_t lo = 0, hi = t->nnodes;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->nodes[mid].id == id)
            return (long)mid;
        if (t->nodes[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* The strictest pool: the least size - min_size (ties: the first). */
static const struct ceph_pool *strictest(const struct ceph_osdmap *m, long long *slack)
{
    const struct ceph_pool *best = NULL;

    for (size_t i = 0; i < m->npools; i++) {
        const struct ceph_pool *p = &m->pools[i];
        long long s = p->size > p->min_size ? p->size - p->min_size : 0;
        if (!best || s < *slack) {
            best = p;
            *slack = s;
        }
    }
    return best;
}

/* Add OSD `osd` to domain *slot (-1: a new one named `name`). */
static int add_to_domain(struct ceph_placement *p, long *slot, const char *name, long long osd)
{
    struct ceph_domain *d;
    long long *ids;

    if (*slot < 0) {
        d = &p->domains[p->ndomains];
        d->name = strdup(name);
        if (!d->name)
            return -1;
        *slot = (long)p->ndomains++;
    }
    d = &p->domains[*slot];
    ids = realloc(d->osds, (d->nosds + 1) * sizeof *ids);
    if (!ids)
        return -1;
    ids[d->nosds++] = osd;
    d->osds = ids;
    return 0;
}

/* Index of the bucket of type `type` above OSD `id`, or -1. Each node's
 * parent is the first bucket that lists it: `osd tree` shows the real
 * hierarchy (no device-class shadow trees), where an item has one parent. */
static long domain_of(const struct ceph_osd_tree *t, const long *parent, long long id,
                      const char *type)
{
    long i = find_node(t, id);

    for (int depth = 0; i >= 0 && depth < MAX_DEPTH; depth++) {
        if (!strcmp(t->nodes[i].type, type))
            return i;
        i = parent[i];
    }
    return -1;
}

/* Group the osdmap's OSDs by their bucket of type p->type. */
static int group_osds(const struct ceph_osdmap *m, const struct ceph_osd_tree *t,
                      struct ceph_placement *p, char *err, size_t errlen)
{
    size_t nn = t->nnodes ? t->nnodes : 1;
    long *parent = NULL, *slot = NULL; /* per tree node: its parent, its domain */
    int by_osd = !strcmp(p->type, "osd");
    char name[32];
    int rc = -1;

    p->domains = calloc(m->nosds ? m->nosds : 1, sizeof *p->domains);
    p->osd_domain = calloc(m->nosds ? m->nosds : 1, sizeof *p->osd_domain);
    parent = malloc(nn * sizeof *parent);
    slot = malloc(nn * sizeof *slot);
    if (!p->domains || !p->osd_domain || !parent || !slot) {
        fail(err, errlen, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < t->nnodes; i++)
        parent[i] = slot[i] = -1;
    for (size_t i = 0; i < t->nnodes; i++)
        for (size_t j = 0; j < t->nodes[i].nchildren; j++) {
            long c = find_node(t, t->nodes[i].children[j]);
            if (c >= 0 && parent[c] < 0 && (size_t)c != i)
                parent[c] = (long)i;
        }
    for (size_t i = 0; i < m->nosds; i++) {
        long b = -1, own = -1, *at = &own;
        /* An OSD is its own domain for a rule that chooses OSDs (ids are
         * unique in the osdmap). */
        snprintf(name, sizeof name, "osd.%lld", m->osds[i].id);
        if (!by_osd && (b = domain_of(t, parent, m->osds[i].id, p->type)) < 0) {
            fail(err, errlen, "osd.%lld is in no %s of the CRUSH tree", m->osds[i].id, p->type);
            goto out;
        }
        if (!by_osd)
            at = &slot[b];
        if (add_to_domain(p, at, by_osd ? name : t->nodes[b].name, m->osds[i].id) < 0) {
            fail(err, errlen, "out of memory");
            goto out;
        }
        p->osd_domain[i] = (size_t)*at;
    }
    rc = 0;
out:
    free(parent);
    free(slot);
    return rc;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Domain names become component ids ("host/NAME"): printable, no spaces,
 * and unique (CRUSH bucket names are; a hostile tree's need not be). */
static int usable_names(const struct ceph_placement *p, char *err, size_t errlen)
{
    const char **names;
    int rc = 0;

    for (size_t i = 0; i < p->ndomains; i++)
        for (const char *c = p->domains[i].name; *c; c++)
            if (*c < '!' || *c > '~')
                return fail(err, errlen, "%s name '%.64s' cannot be a component id", p->type,
                            p->domains[i].name);
    if (p->ndomains < 2)
        return 0;
    names = malloc(p->ndomains * sizeof *names);
    if (!names)
        return fail(err, errlen, "out of memory");
    for (size_t i = 0; i < p->ndomains; i++)
        names[i] = p->domains[i].name;
    qsort(names, p->ndomains, sizeof *names, cmp_name);
    for (size_t i = 1; i < p->ndomains && rc == 0; i++)
        if (!strcmp(names[i], names[i - 1]))
            rc = fail(err, errlen, "two %ss named '%.64s'", p->type, names[i]);
    free(names);
    return rc;
}

/* "hosts", "osds", "chassis": good enough for the gate's description. */
static const char *plural(const char *type, size_t n)
{
    size_t len = strlen(type);
    return n == 1 || (len && type[len - 1] == 's') ? "" : "s";
}

int ceph_placement_derive(const struct ceph_osdmap *m, const struct ceph_crush_rules *r,
                          const struct ceph_osd_tree *t, struct ceph_placement *out, char *err,
                          size_t errlen)
{
    const struct ceph_pool *pool;
    const struct ceph_crush_rule *rule;
    long long slack = 0, out_at;
    int mixed = 0;
    char clip[96] = "";

    memset(out, 0, sizeof *out);
    if (m->npools == 0)
        return fail(err, errlen, "%s", m->pools_err ? m->pools_err : "no pools");
    if (m->nosds == 0)
        return fail(err, errlen, "no OSDs");
    for (size_t i = 0; i < m->npools; i++) {
        rule = find_rule(r, m->pools[i].crush_rule);
        if (!rule || !rule->domain)
            return fail(err, errlen, "pool '%.64s': CRUSH rule %lld %s", m->pools[i].name,
                        m->pools[i].crush_rule,
                        rule ? "has no choose step" : "not in the rule dump");
    }
    pool = strictest(m, &slack);
    rule = find_rule(r, pool->crush_rule);
    for (size_t i = 0; i < m->npools; i++)
        mixed |= strcmp(find_rule(r, m->pools[i].crush_rule)->domain, rule->domain) != 0;
    out->type = strdup(rule->domain);
    if (!out->type)
        return fail(err, errlen, "out of memory");
    if (group_osds(m, t, out, err, errlen) < 0 || usable_names(out, err, errlen) < 0) {
        ceph_placement_free(out);
        return -1;
    }
    out_at = slack + 1;
    if ((long long)out->ndomains - slack >= 1) {
        out->k = (int)((long long)out->ndomains - slack);
    } else {
        /* More replicas may be lost than there are domains: the data
         * survives until every domain is out. */
        out->k = 1;
        out_at = (long long)out->ndomains;
        snprintf(clip, sizeof clip, " (size - min_size = %lld reaches every %s)", slack, out->type);
    }
    snprintf(out->why, sizeof out->why,
             "pool '%.64s' size %lld min_size %lld over %zu %s%s: I/O stops once %lld %s%s %s "
             "out%s%s",
             pool->name, pool->size, pool->min_size, out->ndomains, out->type,
             plural(out->type, out->ndomains), out_at, out->type, plural(out->type, (size_t)out_at),
             out_at == 1 ? "is" : "are", clip,
             mixed ? "; pools differ in failure domain, the strictest pool's is used" : "");
    return 0;
}
