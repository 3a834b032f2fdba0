/*
 * tests/keepalived/test_wire.c — method "wire": the VRRP packet parser on
 * advertisements captured from keepalived 2.2.7 (VRRPv2 and v3 over IPv4,
 * VRID 61, two virtual addresses, a master stopping with priority 0 and
 * the backup taking over; the same three as VRRPv3 over IPv6, as an IPv6
 * raw socket delivers them: the message alone, sent from fe80::1 and
 * fe80::2 to ff02::12 with hop limit 255), on broken copies of them, and
 * the window's verdict.
 */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/keepalived/keepalived.h"
#include "tests.h"

/* The capture `name` into buf (at most cap bytes); returns its length. */
static size_t load(const char *name, unsigned char *buf, size_t cap)
{
    char path[1024];
    FILE *f;
    size_t n;

    snprintf(path, sizeof path, "%s/%s", KA_TEST_DATA, name);
    f = fopen(path, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

static void test_captures(void)
{
    static const struct {
        const char *file, *src;
        int version, priority;
        double interval;
    } cases[] = {
        {"vrrp_v2_master.bin", "198.51.100.1", 2, 150, 1.0},
        {"vrrp_v2_prio0.bin", "198.51.100.1", 2, 0, 1.0},
        {"vrrp_v2_takeover.bin", "198.51.100.2", 2, 100, 1.0},
        {"vrrp_v3_master.bin", "198.51.100.1", 3, 150, 1.0},
        {"vrrp_v3_prio0.bin", "198.51.100.1", 3, 0, 1.0},
        {"vrrp_v3_takeover.bin", "198.51.100.2", 3, 100, 1.0},
    };
    unsigned char pkt[256];
    struct ka_vrrp_adv a;
    char err[160];
    size_t i, n;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        n = load(cases[i].file, pkt, sizeof pkt);
        CU_ASSERT_EQUAL_FATAL(ka_parse_vrrp4(pkt, n, &a, err, sizeof err), 0);
        CU_ASSERT_EQUAL(a.version, cases[i].version);
        CU_ASSERT_EQUAL(a.vrid, 61);
        CU_ASSERT_EQUAL(a.priority, cases[i].priority);
        CU_ASSERT_DOUBLE_EQUAL(a.interval, cases[i].interval, 1e-9);
        CU_ASSERT_EQUAL(a.ttl, 255);
        CU_ASSERT_EQUAL(a.n_addrs, 2);
        CU_ASSERT_EQUAL(a.checksum_ok, 1);
        CU_ASSERT_STRING_EQUAL(a.src, cases[i].src);
        CU_ASSERT_STRING_EQUAL(a.dst, "224.0.0.18");
        CU_ASSERT_STRING_EQUAL(a.addrs, "198.51.100.100,198.51.100.101");
    }
}

/* Parse a broken copy of `file`: expect -1 and `why` in the message. */
static void refused(const char *file, size_t at, int value, long cut, const char *why)
{
    unsigned char pkt[256];
    struct ka_vrrp_adv a;
    char err[160] = "";
    size_t n = load(file, pkt, sizeof pkt);

    if (value >= 0)
        pkt[at] = (unsigned char)value;
    if (cut > 0)
        n = (size_t)cut;
    CU_ASSERT_EQUAL(ka_parse_vrrp4(pkt, n, &a, err, sizeof err), -1);
    if (!strstr(err, why))
        fprintf(stderr, "\n%s [%zu]=%d cut %ld: '%s', wanted '%s'\n", file, at, value, cut, err,
                why);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, why));
}

static void test_broken(void)
{
    const char *v2 = "vrrp_v2_master.bin", *v3 = "vrrp_v3_master.bin";

    refused(v2, 0, -1, 10, "truncated");
    refused(v2, 0, -1, 30, "total length 44 but 30");
    refused(v2, 0, 0x65, -1, "not IPv4");
    refused(v2, 9, 17, -1, "not VRRP");
    refused(v2, 8, 64, -1, "TTL 64");
    refused(v2, 20, 0x41, -1, "version 4");
    refused(v2, 20, 0x22, -1, "type 2");
    refused(v2, 21, 0, -1, "VRID 0");
    refused(v2, 23, 3, -1, "3 addresses is 28 bytes, not 24");
    refused(v2, 25, 0, -1, "interval 0");
    refused(v3, 23, 1, -1, "1 addresses is 12 bytes, not 16");
    refused(v3, 25, 0, -1, "interval 0");
    refused(v3, 23, 0, -1, "0 addresses");
}

/* A flipped bit anywhere in the VRRP part is a bad checksum, still parsed;
 * in v3 the pseudo-header's addresses count too. */
static void test_checksum(void)
{
    unsigned char pkt[256];
    struct ka_vrrp_adv a;
    char err[160];
    size_t n;

    n = load("vrrp_v2_master.bin", pkt, sizeof pkt);
    pkt[22] ^= 0x01; /* priority 150 -> 151 */
    CU_ASSERT_EQUAL(ka_parse_vrrp4(pkt, n, &a, err, sizeof err), 0);
    CU_ASSERT_EQUAL(a.checksum_ok, 0);
    CU_ASSERT_EQUAL(a.priority, 151);
    n = load("vrrp_v3_master.bin", pkt, sizeof pkt);
    pkt[15] ^= 0x01; /* source 198.51.100.1 -> .0: only the pseudo-header */
    CU_ASSERT_EQUAL(ka_parse_vrrp4(pkt, n, &a, err, sizeof err), 0);
    CU_ASSERT_EQUAL(a.checksum_ok, 0);
    n = load("vrrp_v2_master.bin", pkt, sizeof pkt);
    pkt[15] ^= 0x01; /* v2 has no pseudo-header */
    CU_ASSERT_EQUAL(ka_parse_vrrp4(pkt, n, &a, err, sizeof err), 0);
    CU_ASSERT_EQUAL(a.checksum_ok, 1);
}

/* Feed captures into a window: k adverts of `file` from t0 on. */
static void hear(struct ka_wire_obs *o, const char *file, int k, double t0)
{
    unsigned char pkt[256];
    struct ka_vrrp_adv a;
    char err[160];
    size_t n = load(file, pkt, sizeof pkt);
    int i;

    CU_ASSERT_EQUAL_FATAL(ka_parse_vrrp4(pkt, n, &a, err, sizeof err), 0);
    for (i = 0; i < k; i++)
        ka_wire_add(o, &a, t0 + i);
}

static int has(const struct ka_wire_judgement *j, hs_status st, const char *text)
{
    size_t i;

    for (i = 0; i < j->nf; i++)
        if (j->f[i].status == st && strstr(j->f[i].text, text))
            return 1;
    return 0;
}

static void test_verdicts(void)
{
    static const int vrids[] = {61, 62};
    const char *routers[] = {"198.51.100.1", "198.51.100.2"};
    struct ka_wire_obs *o = malloc(sizeof *o);
    struct ka_wire_judgement *j = malloc(sizeof *j);

    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    /* one owner: OK for 61; 62 nobody advertises: CRITICAL */
    ka_wire_obs_init(o, vrids, 2, KA_FAM_IPV4);
    o->window = 3.5;
    hear(o, "vrrp_v2_master.bin", 3, 0.2);
    ka_wire_judge(o, routers, 2, j);
    CU_ASSERT_EQUAL(j->n, 2);
    CU_ASSERT_EQUAL(j->s[0].service, HS_STATE_UP);
    CU_ASSERT_EQUAL(j->s[0].owners, 1);
    CU_ASSERT_EQUAL(j->s[1].service, HS_STATE_DOWN);
    CU_ASSERT(has(j, HS_CRITICAL, "VRID 62: no MASTER"));
    CU_ASSERT_EQUAL(j->nf, 1);
    /* both advertise repeatedly: split brain naming both */
    ka_wire_obs_init(o, vrids, 1, KA_FAM_IPV4);
    hear(o, "vrrp_v2_master.bin", 3, 0.2);
    hear(o, "vrrp_v2_takeover.bin", 3, 0.5);
    ka_wire_judge(o, routers, 2, j);
    CU_ASSERT(has(j, HS_CRITICAL, "split brain"));
    CU_ASSERT(has(j, HS_CRITICAL, "198.51.100.1 (priority 150"));
    CU_ASSERT(has(j, HS_CRITICAL, "198.51.100.2 (priority 100"));
    /* a failover inside the window: resign, then the backup takes over */
    ka_wire_obs_init(o, vrids, 1, KA_FAM_IPV4);
    hear(o, "vrrp_v3_master.bin", 1, 0.1);
    hear(o, "vrrp_v3_prio0.bin", 1, 1.1);
    hear(o, "vrrp_v3_takeover.bin", 2, 1.5);
    ka_wire_judge(o, routers, 2, j);
    CU_ASSERT_EQUAL(j->s[0].service, HS_STATE_UP);
    CU_ASSERT_EQUAL(j->s[0].repeated, 1);
    CU_ASSERT_STRING_EQUAL(o->v[0].r[j->s[0].owner].addr, "198.51.100.2");
    CU_ASSERT(has(j, HS_WARNING, "198.51.100.1 sent priority 0"));
    CU_ASSERT(!has(j, HS_CRITICAL, ""));
    /* an unexpected router */
    ka_wire_obs_init(o, vrids, 1, KA_FAM_IPV4);
    hear(o, "vrrp_v2_takeover.bin", 3, 0);
    ka_wire_judge(o, routers, 1, j);
    CU_ASSERT(has(j, HS_WARNING, "198.51.100.2 advertises but is not one of the routers"));
    free(o);
    free(j);
}

/* The IPv6 captures' addresses (the lab's link-locals, set by hand). */
static const unsigned char ll1[16] = {0xfe, 0x80, [15] = 1}, ll2[16] = {0xfe, 0x80, [15] = 2},
                           group6[16] = {0xff, 0x02, [15] = 0x12};

static void test_captures6(void)
{
    static const struct {
        const char *file, *src;
        const unsigned char *from;
        int priority;
    } cases[] = {
        {"vrrp6_master.bin", "fe80::1", ll1, 150},
        {"vrrp6_prio0.bin", "fe80::1", ll1, 0},
        {"vrrp6_takeover.bin", "fe80::2", ll2, 100},
    };
    unsigned char pkt[256];
    struct ka_vrrp_adv a;
    char err[160];
    size_t i, n;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        n = load(cases[i].file, pkt, sizeof pkt);
        CU_ASSERT_EQUAL(n, 40);
        CU_ASSERT_EQUAL_FATAL(
            ka_parse_vrrp6(pkt, n, cases[i].from, group6, 255, &a, err, sizeof err), 0);
        CU_ASSERT_EQUAL(a.family, 6);
        CU_ASSERT_EQUAL(a.version, 3);
        CU_ASSERT_EQUAL(a.vrid, 61);
        CU_ASSERT_EQUAL(a.priority, cases[i].priority);
        CU_ASSERT_DOUBLE_EQUAL(a.interval, 1.0, 1e-9);
        CU_ASSERT_EQUAL(a.ttl, 255);
        CU_ASSERT_EQUAL(a.n_addrs, 2);
        CU_ASSERT_EQUAL(a.checksum_ok, 1);
        CU_ASSERT_STRING_EQUAL(a.src, cases[i].src);
        CU_ASSERT_STRING_EQUAL(a.dst, "ff02::12");
        CU_ASSERT_STRING_EQUAL(a.addrs, "2001:db8::100,2001:db8::101");
    }
}

/* Parse a broken copy of an IPv6 capture: expect -1 and `why`. */
static void refused6(size_t at, int value, long cut, int hoplimit, const char *why)
{
    unsigned char pkt[256];
    struct ka_vrrp_adv a;
    char err[160] = "";
    size_t n = load("vrrp6_master.bin", pkt, sizeof pkt);

    if (value >= 0)
        pkt[at] = (unsigned char)value;
    if (cut >= 0)
        n = (size_t)cut;
    CU_ASSERT_EQUAL(ka_parse_vrrp6(pkt, n, ll1, group6, hoplimit, &a, err, sizeof err), -1);
    if (!strstr(err, why))
        fprintf(stderr, "\nv6 [%zu]=%d cut %ld hl %d: '%s', wanted '%s'\n", at, value, cut,
                hoplimit, err, why);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, why));
}

static void test_broken6(void)
{
    refused6(0, -1, -1, 64, "hop limit 64");
    refused6(0, -1, -1, -1, "no hop limit");
    refused6(0, -1, 0, 255, "truncated: 0 bytes");
    refused6(0, -1, 7, 255, "truncated: 7 bytes");
    refused6(0, -1, 39, 255, "2 addresses is 40 bytes, not 39");
    refused6(0, 0x21, -1, 255, "version 2 over IPv6");
    refused6(0, 0x41, -1, 255, "version 4 over IPv6");
    refused6(0, 0x32, -1, 255, "type 2");
    refused6(1, 0, -1, 255, "VRID 0");
    refused6(3, 3, -1, 255, "3 addresses is 56 bytes, not 40");
    refused6(3, 0, -1, 255, "0 addresses is 8 bytes, not 40");
    refused6(5, 0, -1, 255, "interval 0");
}

/* The IPv6 pseudo-header: source and destination count. */
static void test_checksum6(void)
{
    static const unsigned char other[16] = {0xfe, 0x80, [15] = 3};
    unsigned char pkt[256];
    struct ka_vrrp_adv a;
    char err[160];
    size_t n = load("vrrp6_master.bin", pkt, sizeof pkt);

    CU_ASSERT_EQUAL(ka_parse_vrrp6(pkt, n, other, group6, 255, &a, err, sizeof err), 0);
    CU_ASSERT_EQUAL(a.checksum_ok, 0);
    CU_ASSERT_EQUAL(ka_parse_vrrp6(pkt, n, ll1, ll2, 255, &a, err, sizeof err), 0);
    CU_ASSERT_EQUAL(a.checksum_ok, 0);
    pkt[2] ^= 0x01; /* priority 150 -> 151 */
    CU_ASSERT_EQUAL(ka_parse_vrrp6(pkt, n, ll1, group6, 255, &a, err, sizeof err), 0);
    CU_ASSERT_EQUAL(a.checksum_ok, 0);
    CU_ASSERT_EQUAL(a.priority, 151);
}

/* k adverts of IPv6 capture `file` from `from`, from t0 on. */
static void hear6(struct ka_wire_obs *o, const char *file, const unsigned char *from, int k,
                  double t0)
{
    unsigned char pkt[256];
    struct ka_vrrp_adv a;
    char err[160];
    size_t n = load(file, pkt, sizeof pkt);
    int i;

    CU_ASSERT_EQUAL_FATAL(ka_parse_vrrp6(pkt, n, from, group6, 255, &a, err, sizeof err), 0);
    for (i = 0; i < k; i++)
        ka_wire_add(o, &a, t0 + i);
}

/* Per (family, VRID): the same VRID in both families is two instances. */
static void test_verdicts6(void)
{
    static const int vrids[] = {61, 62};
    const char *routers[] = {"198.51.100.1", "FE80:0::0001", "fe80::2"};
    struct ka_wire_obs *o = malloc(sizeof *o);
    struct ka_wire_judgement *j = malloc(sizeof *j);

    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    /* lb1 owns 61 over IPv4, lb2 over IPv6: two owners, no split brain */
    ka_wire_obs_init(o, vrids, 1, KA_FAM_BOTH);
    o->window = 3.5;
    hear(o, "vrrp_v3_master.bin", 3, 0.2);
    hear6(o, "vrrp6_takeover.bin", ll2, 3, 0.3);
    ka_wire_judge(o, routers, 3, j);
    CU_ASSERT_EQUAL(j->n, 2);
    CU_ASSERT_EQUAL(j->nf, 0);
    CU_ASSERT_EQUAL(j->s[0].family, 4);
    CU_ASSERT_EQUAL(j->s[1].family, 6);
    CU_ASSERT_EQUAL(j->s[1].service, HS_STATE_UP);
    CU_ASSERT_STRING_EQUAL(o->v[j->s[1].slot].r[j->s[1].owner].addr, "fe80::2");
    /* split brain over IPv6, named; "FE80:0::0001" is fe80::1 */
    ka_wire_obs_init(o, vrids, 1, KA_FAM_IPV6);
    hear6(o, "vrrp6_master.bin", ll1, 3, 0.2);
    hear6(o, "vrrp6_takeover.bin", ll2, 3, 0.4);
    ka_wire_judge(o, routers, 3, j);
    CU_ASSERT(has(j, HS_CRITICAL, "VRID 61 (IPv6): 2 MASTERs advertising (split brain)"));
    CU_ASSERT(has(j, HS_CRITICAL, "fe80::1 (priority 150"));
    CU_ASSERT(has(j, HS_CRITICAL, "fe80::2 (priority 100"));
    CU_ASSERT(!has(j, HS_WARNING, "not one of the routers"));
    /* both families asked for, IPv4 only heard: no MASTER over IPv6 */
    ka_wire_obs_init(o, vrids, 1, KA_FAM_BOTH);
    hear(o, "vrrp_v2_master.bin", 3, 0.2);
    ka_wire_judge(o, routers, 3, j);
    CU_ASSERT(has(j, HS_CRITICAL, "VRID 61 (IPv6): no MASTER"));
    CU_ASSERT(!has(j, HS_CRITICAL, "VRID 61: no MASTER"));
    /* either family (no family, no routers): 61 heard over IPv6 only is
     * judged there; 62 heard nowhere has no MASTER in either */
    ka_wire_obs_init(o, vrids, 2, KA_FAM_ANY);
    hear6(o, "vrrp6_master.bin", ll1, 3, 0.2);
    ka_wire_judge(o, NULL, 0, j);
    CU_ASSERT_EQUAL(j->n, 2); /* slot order: the IPv4 slots first */
    CU_ASSERT_EQUAL(j->s[0].family, 0);
    CU_ASSERT_EQUAL(j->s[0].vrid, 62);
    CU_ASSERT_EQUAL(j->s[1].family, 6);
    CU_ASSERT_EQUAL(j->s[1].vrid, 61);
    CU_ASSERT_EQUAL(j->s[1].service, HS_STATE_UP);
    CU_ASSERT(has(j, HS_CRITICAL, "VRID 62 (IPv4 or IPv6): no MASTER"));
    CU_ASSERT_EQUAL(j->nf, 1);
    free(o);
    free(j);
}

int ka_add_wire_suite(void)
{
    CU_pSuite s = CU_add_suite("keepalived wire", NULL, NULL);

    if (!s || !CU_add_test(s, "captured advertisements", test_captures) ||
        !CU_add_test(s, "broken packets", test_broken) ||
        !CU_add_test(s, "checksums", test_checksum) ||
        !CU_add_test(s, "window verdicts", test_verdicts) ||
        !CU_add_test(s, "captured IPv6 advertisements", test_captures6) ||
        !CU_add_test(s, "broken IPv6 packets", test_broken6) ||
        !CU_add_test(s, "IPv6 checksums", test_checksum6) ||
        !CU_add_test(s, "window verdicts per family", test_verdicts6))
        return -1;
    return 0;
}
