/*
 * tests/fuzz/fuzz_ceph.c — libFuzzer target for the Ceph reply parsers
 * (plugins/ceph/parse.c, parse_maps.c) and the check policy.
 *
 * The first byte picks the parser (health, status, mon dump, osd dump), the
 * rest is the reply. Each successful parse is also walked the way the
 * plugin walks it, so a struct that parses but misleads (a NULL where a
 * string was promised, a count past the array) is caught too.
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    const char *buf = (const char *)data + 1;
    volatile size_t sink = 0;

    if (size < 1)
        return 0;
    size--;
    switch (data[0] % 4) {
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
    default: {
        struct ceph_osdmap m;
        if (ceph_parse_osdmap(buf, size, &m, err, sizeof err) == 0)
            for (size_t i = 0; i < m.nosds; i++)
                sink += (size_t)m.osds[i].id;
        ceph_osdmap_free(&m);
        break;
    }
    }
    (void)sink;
    return 0;
}
