/*
 * tests/fuzz/fuzz_ceph.c — libFuzzer target for the Ceph reply parsers
 * (plugins/ceph/parse.c, parse_maps.c) and the check policy.
 *
 * The first byte picks the parser (health, status, mon dump, osd dump, osd
 * crush rule dump, osd tree), the rest is the reply. Each successful parse
 * is also walked the way the plugin walks it, so a struct that parses but
 * misleads (a NULL where a string was promised, a count past the array) is
 * caught too; a parsed osd dump, rule dump or tree is also run through the
 * placement rule with fixed other parts (a hostile tree: cycles, strays,
 * duplicate names).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "plugins/ceph/ceph.h"

static size_t walk_health(const struct ceph_health_report *h)
{
    static const struct ceph_override ov[] = {{"OSD_DOWN", HS_CRITICAL}};
    struct ceph_policy pol = {ov, 1, 1};
    size_t n = 0;

    for (size_t i = 0; i < h->nchecks; i++) {
        const struct ceph_check *c = &h->checks[i];
        n += strlen(c->code) + strlen(c->summary) + (size_t)ceph_check_status(&pol, c, NULL);
        for (size_t j = 0; j < c->ndetail; j++)
            n += strlen(c->detail[j]);
        if (ceph_health_find(h, c->code) == NULL)
            __builtin_trap();
    }
    return n;
}

static size_t walk_status(const struct ceph_status *s)
{
    size_t n = 0;
    double h = ceph_health_score(s);

    if (!(h >= 0.0 && h <= 100.0))
        __builtin_trap();
    for (size_t i = 0; i < s->nquorum; i++)
        n += strlen(s->quorum_names[i]);
    for (size_t i = 0; i < s->npg_states; i++)
        n += strlen(s->pg_states[i].name);
    return n;
}

/* Fixed parts for the placement: 4 OSDs, pools on rule 0 (host) and 1
 * (osd), and a tree of 2 hosts. */
static const char fix_osd_dump[] =
    "{\"osds\":[{\"osd\":0,\"up\":1,\"in\":1},{\"osd\":1,\"up\":0,\"in\":1},"
    "{\"osd\":2,\"up\":1,\"in\":1},{\"osd\":3,\"up\":1,\"in\":1}],"
    "\"pools\":[{\"pool\":1,\"pool_name\":\"rbd\",\"size\":3,\"min_size\":2,\"crush_rule\":0},"
    "{\"pool\":2,\"pool_name\":\"x\",\"size\":2,\"min_size\":2,\"crush_rule\":1}]}";
static const char fix_rules[] =
    "[{\"rule_id\":0,\"steps\":[{\"op\":\"chooseleaf_firstn\",\"type\":\"host\"}]},"
    "{\"rule_id\":1,\"steps\":[{\"op\":\"choose_firstn\",\"type\":\"osd\"}]}]";
static const char fix_tree[] =
    "{\"nodes\":[{\"id\":-1,\"name\":\"a\",\"type\":\"host\",\"children\":[0,1]},"
    "{\"id\":-2,\"name\":\"b\",\"type\":\"host\",\"children\":[2,3]},"
    "{\"id\":0,\"name\":\"osd.0\",\"type\":\"osd\"},{\"id\":1,\"name\":\"osd.1\",\"type\":\"osd\"},"
    "{\"id\":2,\"name\":\"osd.2\",\"type\":\"osd\"},{\"id\":3,\"name\":\"osd.3\",\"type\":\"osd\"}]"
    "}";

/* Derive the placement from the three parts (any may be the fuzzed one)
 * and check what the plugin relies on: every OSD in a domain in range,
 * each domain holding it, k in 1..domains. */
static size_t walk_placement(const struct ceph_osdmap *m, const struct ceph_crush_rules *r,
                             const struct ceph_osd_tree *t)
{
    struct ceph_placement pl;
    char err[256];
    size_t n = 0;

    if (ceph_placement_derive(m, r, t, &pl, err, sizeof err) < 0) {
        if (!err[0])
            __builtin_trap();
        return 0;
    }
    if (pl.k < 1 || (size_t)pl.k > pl.ndomains || !pl.type || !pl.why[0])
        __builtin_trap();
    for (size_t i = 0; i < m->nosds; i++) {
        const struct ceph_domain *d;
        int found = 0;
        if (pl.osd_domain[i] >= pl.ndomains)
            __builtin_trap();
        d = &pl.domains[pl.osd_domain[i]];
        for (size_t j = 0; j < d->nosds; j++)
            found |= d->osds[j] == m->osds[i].id;
        if (!found)
            __builtin_trap();
        n += strlen(d->name);
    }
    ceph_placement_free(&pl);
    return n;
}

/* Parse the fixed parts not fuzzed (NULL: fuzzed) and walk the placement. */
static size_t placement_with(const struct ceph_osdmap *m, const struct ceph_crush_rules *r,
                             const struct ceph_osd_tree *t)
{
    struct ceph_osdmap fm;
    struct ceph_crush_rules fr;
    struct ceph_osd_tree ft;
    char err[256];
    size_t n = 0;

    memset(&fm, 0, sizeof fm);
    memset(&fr, 0, sizeof fr);
    memset(&ft, 0, sizeof ft);
    if ((!m && ceph_parse_osdmap(fix_osd_dump, sizeof fix_osd_dump - 1, &fm, err, sizeof err)) ||
        (!r && ceph_parse_crush_rules(fix_rules, sizeof fix_rules - 1, &fr, err, sizeof err)) ||
        (!t && ceph_parse_osd_tree(fix_tree, sizeof fix_tree - 1, &ft, err, sizeof err)))
        __builtin_trap();
    n = walk_placement(m ? m : &fm, r ? r : &fr, t ? t : &ft);
    ceph_osdmap_free(&fm);
    ceph_crush_rules_free(&fr);
    ceph_osd_tree_free(&ft);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    const char *buf = (const char *)data + 1;
    volatile size_t sink = 0;

    if (size < 1)
        return 0;
    size--;
    switch (data[0] % 6) {
    case 0: {
        struct ceph_health_report h;
        if (ceph_parse_health(buf, size, &h, err, sizeof err) == 0)
            sink += walk_health(&h);
        else if (!err[0])
            __builtin_trap(); /* every failure must say why */
        ceph_health_report_free(&h);
        break;
    }
    case 1: {
        struct ceph_status s;
        if (ceph_parse_status(buf, size, &s, err, sizeof err) == 0)
            sink += walk_status(&s);
        ceph_status_free(&s);
        break;
    }
    case 2: {
        struct ceph_monmap m;
        if (ceph_parse_monmap(buf, size, &m, err, sizeof err) == 0)
            for (size_t i = 0; i < m.nmons; i++)
                sink += strlen(m.mons[i].name);
        ceph_monmap_free(&m);
        break;
    }
    case 3: {
        struct ceph_osdmap m;
        if (ceph_parse_osdmap(buf, size, &m, err, sizeof err) == 0) {
            for (size_t i = 0; i < m.nosds; i++)
                sink += (size_t)m.osds[i].id;
            for (size_t i = 0; i < m.npools; i++)
                sink += strlen(m.pools[i].name) + (size_t)m.pools[i].size;
            if (m.npools && m.pools_err)
                __builtin_trap(); /* either pools or why not */
            sink += placement_with(&m, NULL, NULL);
        }
        ceph_osdmap_free(&m);
        break;
    }
    case 4: {
        struct ceph_crush_rules r;
        if (ceph_parse_crush_rules(buf, size, &r, err, sizeof err) == 0) {
            for (size_t i = 0; i < r.nrules; i++)
                sink += r.rules[i].domain ? strlen(r.rules[i].domain) : 0;
            sink += placement_with(NULL, &r, NULL);
        }
        ceph_crush_rules_free(&r);
        break;
    }
    default: {
        struct ceph_osd_tree t;
        if (ceph_parse_osd_tree(buf, size, &t, err, sizeof err) == 0) {
            for (size_t i = 0; i < t.nnodes; i++)
                sink += strlen(t.nodes[i].name) + strlen(t.nodes[i].type) + t.nodes[i].nchildren;
            sink += placement_with(NULL, NULL, &t);
        }
        ceph_osd_tree_free(&t);
        break;
    }
    }
    (void)sink;
    return 0;
}
