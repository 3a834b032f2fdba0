/*
 * tests/ceph/test_ceph.c — unit tests of the Ceph plugin's pure part: the
 * reply parsers on replies captured from a real Pacific cluster, on hostile
 * JSON (truncated, wrong types, huge arrays, deep nesting), the policy
 * that turns health checks into statuses, and the data's redundancy rule
 * derived from pools, CRUSH rules and tree.
 */
#include <CUnit/Basic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/ceph/ceph.h"

#ifndef CEPH_TEST_DATA
#define CEPH_TEST_DATA "tests/ceph/data"
#endif

static char err[512];

/* Contents of fixture `name` (caller frees), length in *len. */
static char *fixture(const char *name, size_t *len)
{
    char path[1024];
    FILE *f;
    char *buf = NULL;
    long n;

    snprintf(path, sizeof path, "%s/%s", CEPH_TEST_DATA, name);
    f = fopen(path, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    CU_ASSERT_EQUAL_FATAL(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* ---- captured replies ---------------------------------------------------- */

static void test_health_ok(void)
{
    size_t n;
    char *b = fixture("ceph_ok_health_detail.json", &n);
    struct ceph_health_report h;

    CU_ASSERT_EQUAL(ceph_parse_health(b, n, &h, err, sizeof err), 0);
    CU_ASSERT_EQUAL(h.status, CEPH_HEALTH_OK);
    CU_ASSERT_EQUAL(h.nchecks, 0);
    ceph_health_report_free(&h);
    free(b);
}

static void test_health_osd_down(void)
{
    size_t n;
    char *b = fixture("ceph_osd_down_health_detail.json", &n);
    struct ceph_health_report h;
    const struct ceph_check *c;

    CU_ASSERT_EQUAL_FATAL(ceph_parse_health(b, n, &h, err, sizeof err), 0);
    CU_ASSERT_EQUAL(h.status, CEPH_HEALTH_WARN);
    CU_ASSERT_EQUAL(h.nchecks, 4);
    c = ceph_health_find(&h, "OSD_DOWN");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->severity, CEPH_HEALTH_WARN);
    CU_ASSERT_STRING_EQUAL(c->summary, "1 osds down");
    CU_ASSERT_EQUAL(c->count, 1);
    CU_ASSERT_EQUAL(c->ndetail, 1);
    CU_ASSERT_EQUAL(c->ndetail_total, 1);
    CU_ASSERT_STRING_EQUAL(c->detail[0], "osd.0 (root=default,host=vm) is down");
    CU_ASSERT_FALSE(c->muted);
    c = ceph_health_find(&h, "PG_AVAILABILITY");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_STRING_EQUAL(c->summary, "Reduced data availability: 1 pg stale");
    CU_ASSERT_PTR_NULL(ceph_health_find(&h, "MGR_DOWN"));
    ceph_health_report_free(&h);
    free(b);
}

static void test_health_mgr_down(void)
{
    size_t n;
    char *b = fixture("ceph_mgr_down_health_detail.json", &n);
    struct ceph_health_report h;
    const struct ceph_check *c;

    CU_ASSERT_EQUAL_FATAL(ceph_parse_health(b, n, &h, err, sizeof err), 0);
    c = ceph_health_find(&h, "MGR_DOWN");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->count, 0);
    CU_ASSERT_EQUAL(c->ndetail, 0);
    CU_ASSERT_STRING_EQUAL(c->summary, "no active mgr");
    ceph_health_report_free(&h);
    free(b);
}

static void test_health_muted(void)
{
    size_t n;
    char *b = fixture("ceph_mgr_down_osd_muted_health_detail.json", &n);
    struct ceph_health_report h;
    const struct ceph_check *c;

    CU_ASSERT_EQUAL_FATAL(ceph_parse_health(b, n, &h, err, sizeof err), 0);
    CU_ASSERT_EQUAL(h.status, CEPH_HEALTH_WARN);
    c = ceph_health_find(&h, "OSD_DOWN");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_TRUE(c->muted);
    CU_ASSERT_STRING_EQUAL(c->detail[0], "osd.1 (root=default,host=vm) is down");
    c = ceph_health_find(&h, "MGR_DOWN");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_FALSE(c->muted);
    ceph_health_report_free(&h);
    free(b);
}

static void test_status_ok(void)
{
    size_t n;
    char *b = fixture("ceph_ok_status.json", &n);
    struct ceph_status s;

    CU_ASSERT_EQUAL_FATAL(ceph_parse_status(b, n, &s, err, sizeof err), 0);
    CU_ASSERT_EQUAL(s.health, CEPH_HEALTH_OK);
    CU_ASSERT_STRING_EQUAL(s.fsid, "7b959046-f8ef-49cd-8f89-f7b47cb6ab00");
    CU_ASSERT_EQUAL(s.nquorum, 1);
    CU_ASSERT_STRING_EQUAL(s.quorum_names[0], "a");
    CU_ASSERT_EQUAL(s.num_mons, 1);
    CU_ASSERT_EQUAL(s.num_osds, 1);
    CU_ASSERT_EQUAL(s.num_up_osds, 1);
    CU_ASSERT_EQUAL(s.num_in_osds, 1);
    CU_ASSERT_EQUAL(s.num_pgs, 1);
    CU_ASSERT_EQUAL(ceph_status_pgs_in(&s, "active+clean"), 1);
    CU_ASSERT_TRUE(s.mgr_available);
    CU_ASSERT_EQUAL(s.mgr_standbys, 0);
    CU_ASSERT_DOUBLE_EQUAL(ceph_active_clean_pct(&s), 100.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(ceph_health_score(&s), 100.0, 1e-9);
    ceph_status_free(&s);
    free(b);
}

static void test_status_osd_down(void)
{
    size_t n;
    char *b = fixture("ceph_osd_down_status.json", &n);
    struct ceph_status s;

    CU_ASSERT_EQUAL_FATAL(ceph_parse_status(b, n, &s, err, sizeof err), 0);
    CU_ASSERT_EQUAL(s.health, CEPH_HEALTH_WARN);
    CU_ASSERT_EQUAL(s.num_up_osds, 0);
    CU_ASSERT_EQUAL(s.num_in_osds, 1);
    CU_ASSERT_EQUAL(ceph_status_pgs_in(&s, "active+clean"), 0);
    CU_ASSERT_EQUAL(ceph_status_pgs_in(&s, "stale+active+clean"), 1);
    CU_ASSERT_DOUBLE_EQUAL(ceph_active_clean_pct(&s), 0.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(ceph_health_score(&s), 0.0, 1e-9);
    ceph_status_free(&s);
    free(b);
}

static void test_status_mgr_down(void)
{
    size_t n;
    char *b = fixture("ceph_mgr_down_osd_muted_status.json", &n);
    struct ceph_status s;

    CU_ASSERT_EQUAL_FATAL(ceph_parse_status(b, n, &s, err, sizeof err), 0);
    CU_ASSERT_FALSE(s.mgr_available);
    CU_ASSERT_EQUAL(s.num_osds, 2);
    CU_ASSERT_EQUAL(s.num_up_osds, 1);
    /* One of two in OSDs is up: half the health, though every PG is clean. */
    CU_ASSERT_DOUBLE_EQUAL(ceph_health_score(&s), 50.0, 1e-9);
    ceph_status_free(&s);
    free(b);
}

static void test_monmap(void)
{
    size_t n;
    char *b = fixture("ceph_mon_dump.json", &n);
    struct ceph_monmap m;

    CU_ASSERT_EQUAL_FATAL(ceph_parse_monmap(b, n, &m, err, sizeof err), 0);
    CU_ASSERT_EQUAL(m.epoch, 1);
    CU_ASSERT_EQUAL_FATAL(m.nmons, 1);
    CU_ASSERT_STRING_EQUAL(m.mons[0].name, "a");
    CU_ASSERT_EQUAL(m.mons[0].rank, 0);
    CU_ASSERT_PTR_NOT_NULL(m.mons[0].addr);
    ceph_monmap_free(&m);
    free(b);
}

static void test_osdmap(void)
{
    size_t n;
    char *b = fixture("ceph_osd_one_down_osd_dump.json", &n);
    struct ceph_osdmap m;

    CU_ASSERT_EQUAL_FATAL(ceph_parse_osdmap(b, n, &m, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(m.nosds, 2);
    CU_ASSERT_EQUAL(m.osds[0].id, 0);
    CU_ASSERT_TRUE(m.osds[0].up);
    CU_ASSERT_EQUAL(m.osds[1].id, 1);
    CU_ASSERT_FALSE(m.osds[1].up);
    CU_ASSERT_TRUE(m.osds[1].in);
    CU_ASSERT_DOUBLE_EQUAL(m.osds[1].weight, 1.0, 1e-9);
    ceph_osdmap_free(&m);
    free(b);
}

/* ---- hostile input ------------------------------------------------------- */

/* Every proper prefix of every fixture must fail cleanly with a message. */
static void test_truncated(void)
{
    static const char *const files[] = {"ceph_osd_down_health_detail.json",
                                        "ceph_osd_down_status.json", "ceph_mon_dump.json",
                                        "ceph_osd_one_down_osd_dump.json"};

    for (size_t f = 0; f < 4; f++) {
        size_t n;
        char *b = fixture(files[f], &n);
        while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == ' '))
            n--;
        for (size_t cut = 0; cut < n; cut++) {
            int rc;
            err[0] = '\0';
            if (f == 0) {
                struct ceph_health_report h;
                rc = ceph_parse_health(b, cut, &h, err, sizeof err);
                CU_ASSERT_EQUAL(h.nchecks, 0);
                ceph_health_report_free(&h);
            } else if (f == 1) {
                struct ceph_status s;
                rc = ceph_parse_status(b, cut, &s, err, sizeof err);
                ceph_status_free(&s);
            } else if (f == 2) {
                struct ceph_monmap m;
                rc = ceph_parse_monmap(b, cut, &m, err, sizeof err);
                ceph_monmap_free(&m);
            } else {
                struct ceph_osdmap m;
                rc = ceph_parse_osdmap(b, cut, &m, err, sizeof err);
                ceph_osdmap_free(&m);
            }
            CU_ASSERT_EQUAL(rc, -1);
            CU_ASSERT(err[0] != '\0');
        }
        free(b);
    }
}

/* Parse `json` as health; expect failure with `want` in the message. */
static void health_fails(const char *json, const char *want)
{
    struct ceph_health_report h;

    err[0] = '\0';
    CU_ASSERT_EQUAL(ceph_parse_health(json, strlen(json), &h, err, sizeof err), -1);
    if (!strstr(err, want)) {
        fprintf(stderr, "\n  input %.80s\n  error '%s' lacks '%s'\n", json, err, want);
        CU_FAIL("error message does not name the place");
    }
    CU_ASSERT_EQUAL(h.nchecks, 0);
    CU_ASSERT_PTR_NULL(h.checks);
    ceph_health_report_free(&h);
}

static void test_health_wrong_types(void)
{
    health_fails("", "empty reply");
    health_fails("[]", "expected a JSON object, got array");
    health_fails("\"HEALTH_OK\"", "expected a JSON object");
    health_fails("{\"checks\":{}}", "health: status: missing");
    health_fails("{\"status\":5,\"checks\":{}}", "status: expected string, got integer");
    health_fails("{\"status\":\"HEALTH_MAYBE\",\"checks\":{}}", "unknown health value");
    health_fails("{\"status\":\"HEALTH_OK\",\"checks\":[]}", "checks: expected object, got array");
    health_fails("{\"status\":\"HEALTH_OK\"}", "checks: missing");
    health_fails("{\"status\":\"HEALTH_WARN\",\"checks\":{\"X\":1}}",
                 "checks.X: expected object, got integer");
    health_fails(
        "{\"status\":\"HEALTH_WARN\",\"checks\":{\"X\":{\"summary\":{\"message\":\"m\"}}}}",
        "checks.X.severity: missing");
    health_fails("{\"status\":\"HEALTH_WARN\",\"checks\":{\"X\":{\"severity\":\"HEALTH_WARN\","
                 "\"summary\":{\"message\":\"m\",\"count\":\"1\"}}}}",
                 "checks.X.summary.count: expected integer, got string");
    health_fails("{\"status\":\"HEALTH_WARN\",\"checks\":{\"X\":{\"severity\":\"HEALTH_WARN\","
                 "\"summary\":{\"message\":\"m\",\"count\":-3}}}}",
                 "checks.X.summary.count: -3 is out of range");
    health_fails("{\"status\":\"HEALTH_WARN\",\"checks\":{\"X\":{\"severity\":\"HEALTH_WARN\","
                 "\"summary\":{\"message\":\"m\",\"count\":99999999999999999999999}}}}",
                 "checks.X.summary.count");
    health_fails("{\"status\":\"HEALTH_WARN\",\"checks\":{\"X\":{\"severity\":\"HEALTH_WARN\","
                 "\"summary\":{\"message\":\"m\"},\"detail\":{}}}}",
                 "checks.X.detail: expected array, got object");
    health_fails("{\"status\":\"HEALTH_WARN\",\"checks\":{\"X\":{\"severity\":\"HEALTH_WARN\","
                 "\"summary\":{\"message\":\"m\"},\"detail\":[\"line\"]}}}",
                 "checks.X.detail[0]: expected object, got string");
    health_fails("{\"status\":\"HEALTH_WARN\",\"checks\":{\"X\":{\"severity\":\"HEALTH_WARN\","
                 "\"summary\":{\"message\":\"m\"},\"muted\":\"yes\"}}}",
                 "checks.X.muted: expected a boolean, got string");
    health_fails("{\"status\":\"HEALTH_OK\",\"checks\":{}} x", "trailing data");
    health_fails("{\"status\":\"HEALTH_OK\",\"checks\":{}}{}", "trailing data");
    health_fails("{\"status\":\"HEALTH_OK\",\"checks\":{}", "truncated");
    health_fails("{\"status\":\"HEALTH_OK\"\0,\"checks\":{}}", "health");
}

static void test_health_nul_inside(void)
{
    static const char json[] = "{\"status\":\"HEALTH_OK\",\0\"checks\":{}}";
    struct ceph_health_report h;

    CU_ASSERT_EQUAL(ceph_parse_health(json, sizeof json - 1, &h, err, sizeof err), -1);
    ceph_health_report_free(&h);
}

static void test_deep_nesting(void)
{
    size_t depth = 100000;
    char *b = malloc(2 * depth + 64);
    struct ceph_health_report h;
    size_t n = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    n += (size_t)sprintf(b, "{\"status\":\"HEALTH_OK\",\"checks\":{},\"x\":");
    for (size_t i = 0; i < depth; i++)
        b[n++] = '[';
    for (size_t i = 0; i < depth; i++)
        b[n++] = ']';
    b[n++] = '}';
    CU_ASSERT_EQUAL(ceph_parse_health(b, n, &h, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "invalid JSON"));
    ceph_health_report_free(&h);
    free(b);
}

/* A growable string for building big inputs. */
struct sb {
    char *p;
    size_t n, cap;
};

static void sb_add(struct sb *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(struct sb *s, const char *fmt, ...)
{
    va_list ap;
    int k;

    for (;;) {
        va_start(ap, fmt);
        k = vsnprintf(s->p ? s->p + s->n : NULL, s->p ? s->cap - s->n : 0, fmt, ap);
        va_end(ap);
        if (s->p && (size_t)k < s->cap - s->n)
            break;
        s->cap = (s->cap + (size_t)k + 1) * 2;
        s->p = realloc(s->p, s->cap);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s->p);
    }
    s->n += (size_t)k;
}

static void test_detail_kept_and_counted(void)
{
    struct sb s = {0};
    struct ceph_health_report h;

    sb_add(&s,
           "{\"status\":\"HEALTH_ERR\",\"checks\":{\"PG_DAMAGED\":{\"severity\":"
           "\"HEALTH_ERR\",\"summary\":{\"message\":\"%s\",\"count\":500},\"detail\":[",
           "Possible data damage");
    for (int i = 0; i < 500; i++)
        sb_add(&s, "%s{\"message\":\"pg 1.%x is inconsistent\"}", i ? "," : "", i);
    sb_add(&s, "]}}}");
    CU_ASSERT_EQUAL_FATAL(ceph_parse_health(s.p, s.n, &h, err, sizeof err), 0);
    CU_ASSERT_EQUAL(h.checks[0].ndetail, CEPH_MAX_DETAIL_KEPT);
    CU_ASSERT_EQUAL(h.checks[0].ndetail_total, 500);
    CU_ASSERT_STRING_EQUAL(h.checks[0].detail[19], "pg 1.13 is inconsistent");
    CU_ASSERT_EQUAL(h.checks[0].severity, CEPH_HEALTH_ERR);
    ceph_health_report_free(&h);
    free(s.p);
}

static void test_huge_arrays(void)
{
    struct sb s = {0};
    struct ceph_osdmap om;
    struct ceph_health_report h;

    sb_add(&s, "{\"epoch\":3,\"osds\":[");
    for (int i = 0; i <= CEPH_MAX_OSDS; i++)
        sb_add(&s, "%s{\"osd\":%d,\"up\":1,\"in\":1}", i ? "," : "", i);
    sb_add(&s, "]}");
    CU_ASSERT_EQUAL(ceph_parse_osdmap(s.p, s.n, &om, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "osd dump: osds: 16385 entries exceed the limit"));
    ceph_osdmap_free(&om);

    s.n = 0;
    sb_add(&s, "{\"status\":\"HEALTH_WARN\",\"checks\":{");
    for (int i = 0; i <= CEPH_MAX_CHECKS; i++)
        sb_add(&s, "%s\"C%d\":{\"severity\":\"HEALTH_WARN\",\"summary\":{\"message\":\"m\"}}",
               i ? "," : "", i);
    sb_add(&s, "}}");
    CU_ASSERT_EQUAL(ceph_parse_health(s.p, s.n, &h, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "checks exceed the limit"));
    ceph_health_report_free(&h);

    /* The limit itself is fine. */
    s.n = 0;
    sb_add(&s, "{\"epoch\":3,\"osds\":[");
    for (int i = 0; i < CEPH_MAX_OSDS; i++)
        sb_add(&s, "%s{\"osd\":%d,\"up\":true,\"in\":0,\"weight\":0.5}", i ? "," : "", i);
    sb_add(&s, "]}");
    CU_ASSERT_EQUAL(ceph_parse_osdmap(s.p, s.n, &om, err, sizeof err), 0);
    CU_ASSERT_EQUAL(om.nosds, CEPH_MAX_OSDS);
    ceph_osdmap_free(&om);
    free(s.p);
}

static void test_long_string_cut(void)
{
    struct sb s = {0};
    struct ceph_health_report h;

    sb_add(&s, "{\"status\":\"HEALTH_WARN\",\"checks\":{\"X\":{\"severity\":\"HEALTH_WARN\","
               "\"summary\":{\"message\":\"");
    for (int i = 0; i < 10000; i++)
        sb_add(&s, "a");
    sb_add(&s, "\"}}}}");
    CU_ASSERT_EQUAL_FATAL(ceph_parse_health(s.p, s.n, &h, err, sizeof err), 0);
    CU_ASSERT_EQUAL(strlen(h.checks[0].summary), CEPH_MAX_TEXT);
    ceph_health_report_free(&h);
    free(s.p);
}

static void test_status_wrong_types(void)
{
    static const struct {
        const char *json, *want;
    } cases[] = {
        {"{\"health\":{\"status\":\"HEALTH_OK\"},\"quorum_names\":[\"a\"],\"monmap\":"
         "{\"num_mons\":1},\"osdmap\":{\"num_osds\":1,\"num_up_osds\":\"1\",\"num_in_osds\":1},"
         "\"pgmap\":{\"num_pgs\":0},\"mgrmap\":{\"available\":true}}",
         "status: osdmap.num_up_osds: expected integer, got string"},
        {"{\"health\":{\"status\":\"HEALTH_OK\"},\"quorum_names\":[1],\"monmap\":{}}",
         "status: quorum_names[0]: expected string, got integer"},
        {"{\"health\":{\"status\":\"HEALTH_OK\"},\"quorum_names\":[],\"monmap\":{}}",
         "status: monmap: neither num_mons nor mons"},
        {"{\"health\":{\"status\":\"HEALTH_OK\"},\"quorum_names\":[],\"monmap\":"
         "{\"num_mons\":1},\"osdmap\":{\"num_osds\":1,\"num_up_osds\":1,\"num_in_osds\":1},"
         "\"pgmap\":{\"num_pgs\":1,\"pgs_by_state\":[{\"state_name\":\"active\"}]},"
         "\"mgrmap\":{\"available\":true}}",
         "status: pgmap.pgs_by_state[0].count: missing"},
        {"{\"health\":{\"status\":\"HEALTH_OK\"},\"quorum_names\":[],\"monmap\":"
         "{\"num_mons\":1},\"osdmap\":{\"num_osds\":1,\"num_up_osds\":1,\"num_in_osds\":1},"
         "\"pgmap\":{\"num_pgs\":1},\"mgrmap\":{\"available\":\"yes\"}}",
         "status: mgrmap.available: expected a boolean, got string"},
        {"{\"health\":\"HEALTH_OK\"}", "status: health: expected object, got string"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ceph_status s;
        err[0] = '\0';
        CU_ASSERT_EQUAL(
            ceph_parse_status(cases[i].json, strlen(cases[i].json), &s, err, sizeof err), -1);
        if (!strstr(err, cases[i].want)) {
            fprintf(stderr, "\n  error '%s' lacks '%s'\n", err, cases[i].want);
            CU_FAIL("status error does not name the place");
        }
        CU_ASSERT_PTR_NULL(s.quorum_names);
        ceph_status_free(&s);
    }
}

static void test_status_legacy_layout(void)
{
    static const char json[] =
        "{\"health\":{\"status\":\"HEALTH_WARN\"},\"quorum_names\":[\"a\",\"b\"],"
        "\"monmap\":{\"mons\":[{},{},{}]},\"osdmap\":{\"osdmap\":{\"num_osds\":3,"
        "\"num_up_osds\":2,\"num_in_osds\":3}},\"pgmap\":{\"num_pgs\":4,\"pgs_by_state\":"
        "[{\"state_name\":\"active+clean\",\"count\":3},{\"state_name\":"
        "\"active+undersized+degraded\",\"count\":1}]},\"mgrmap\":{\"available\":false}}";
    struct ceph_status s;

    CU_ASSERT_EQUAL_FATAL(ceph_parse_status(json, sizeof json - 1, &s, err, sizeof err), 0);
    CU_ASSERT_EQUAL(s.num_mons, 3);
    CU_ASSERT_EQUAL(s.num_osds, 3);
    CU_ASSERT_EQUAL(s.num_up_osds, 2);
    CU_ASSERT_EQUAL(s.mgr_standbys, -1);
    CU_ASSERT_PTR_NULL(s.fsid);
    CU_ASSERT_DOUBLE_EQUAL(ceph_active_clean_pct(&s), 75.0, 1e-9);
    /* min(75 % clean, 2/3 OSDs up, 2/3 mons in quorum) */
    CU_ASSERT_DOUBLE_EQUAL(ceph_health_score(&s), 200.0 / 3.0, 1e-9);
    ceph_status_free(&s);
}

static void test_maps_hostile(void)
{
    struct ceph_monmap m;
    struct ceph_osdmap o;
    static const char dup_mon[] =
        "{\"mons\":[{\"name\":\"a\",\"rank\":0},{\"name\":\"a\",\"rank\":1}]}";
    static const char dup_osd[] =
        "{\"osds\":[{\"osd\":2,\"up\":1,\"in\":1},{\"osd\":2,\"up\":0,\"in\":1}]}";
    static const char neg_osd[] = "{\"osds\":[{\"osd\":-1,\"up\":1,\"in\":1}]}";
    static const char bad_up[] = "{\"osds\":[{\"osd\":1,\"up\":2,\"in\":1}]}";
    static const char nan_w[] = "{\"osds\":[{\"osd\":1,\"up\":1,\"in\":1,\"weight\":NaN}]}";
    static const char no_name[] = "{\"mons\":[{\"rank\":0}]}";

    CU_ASSERT_EQUAL(ceph_parse_monmap(dup_mon, sizeof dup_mon - 1, &m, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "duplicate mon name 'a'"));
    CU_ASSERT_EQUAL(ceph_parse_monmap(no_name, sizeof no_name - 1, &m, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "mon dump: mons[0].name: missing"));
    CU_ASSERT_EQUAL(ceph_parse_osdmap(dup_osd, sizeof dup_osd - 1, &o, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "duplicate osd id 2"));
    CU_ASSERT_EQUAL(ceph_parse_osdmap(neg_osd, sizeof neg_osd - 1, &o, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "osds[0].osd: -1 is out of range"));
    CU_ASSERT_EQUAL(ceph_parse_osdmap(bad_up, sizeof bad_up - 1, &o, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "osds[0].up"));
    CU_ASSERT_EQUAL(ceph_parse_osdmap(nan_w, sizeof nan_w - 1, &o, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "osds[0].weight"));
    CU_ASSERT_EQUAL(o.nosds, 0);
    CU_ASSERT_EQUAL(m.nmons, 0);
}

/* ---- redundancy rules: pools, CRUSH rules, tree, placement --------------- */

/* The lab cluster with a second rule (chooseleaf host) and a third pool on
 * it: `osd dump`, `osd crush rule dump`, `osd tree` as the mon sent them. */
static void test_pools(void)
{
    size_t n;
    char *b = fixture("ceph_three_pools_osd_dump.json", &n);
    struct ceph_osdmap m;

    CU_ASSERT_EQUAL_FATAL(ceph_parse_osdmap(b, n, &m, err, sizeof err), 0);
    CU_ASSERT_PTR_NULL(m.pools_err);
    CU_ASSERT_EQUAL_FATAL(m.npools, 3);
    CU_ASSERT_STRING_EQUAL(m.pools[0].name, "lab");
    CU_ASSERT_EQUAL(m.pools[0].id, 1);
    CU_ASSERT_EQUAL(m.pools[0].size, 1);
    CU_ASSERT_EQUAL(m.pools[0].min_size, 1);
    CU_ASSERT_EQUAL(m.pools[0].crush_rule, 0);
    CU_ASSERT_STRING_EQUAL(m.pools[2].name, "p2");
    CU_ASSERT_EQUAL(m.pools[2].size, 3);
    CU_ASSERT_EQUAL(m.pools[2].min_size, 2);
    CU_ASSERT_EQUAL(m.pools[2].crush_rule, 1);
    CU_ASSERT_EQUAL(m.nosds, 2);
    ceph_osdmap_free(&m);
    free(b);
}

/* A bad or missing pool list costs the rule, never the OSDs. */
static void test_pools_soft(void)
{
    struct ceph_osdmap m;
    static const char bad[] = "{\"osds\":[{\"osd\":0,\"up\":1,\"in\":1}],"
                              "\"pools\":[{\"pool\":1,\"pool_name\":\"rbd\",\"size\":\"3\","
                              "\"min_size\":2,\"crush_rule\":0}]}";
    static const char none[] = "{\"osds\":[{\"osd\":0,\"up\":1,\"in\":1}]}";
    static const char zero[] = "{\"osds\":[{\"osd\":0,\"up\":1,\"in\":1}],"
                               "\"pools\":[{\"pool\":1,\"pool_name\":\"rbd\",\"size\":0,"
                               "\"min_size\":2,\"crush_rule\":0}]}";

    CU_ASSERT_EQUAL_FATAL(ceph_parse_osdmap(bad, sizeof bad - 1, &m, err, sizeof err), 0);
    CU_ASSERT_EQUAL(m.nosds, 1);
    CU_ASSERT_EQUAL(m.npools, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m.pools_err);
    CU_ASSERT_PTR_NOT_NULL(strstr(m.pools_err, "osd dump: pools[0].size"));
    ceph_osdmap_free(&m);
    CU_ASSERT_EQUAL_FATAL(ceph_parse_osdmap(none, sizeof none - 1, &m, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(m.pools_err, "osd dump: no pools");
    ceph_osdmap_free(&m);
    CU_ASSERT_EQUAL_FATAL(ceph_parse_osdmap(zero, sizeof zero - 1, &m, err, sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(m.pools_err, "pools[0].size: 0 is out of range"));
    ceph_osdmap_free(&m);
}

static void test_crush_rules(void)
{
    size_t n;
    char *b = fixture("ceph_crush_rule_dump.json", &n);
    struct ceph_crush_rules r;

    CU_ASSERT_EQUAL_FATAL(ceph_parse_crush_rules(b, n, &r, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(r.nrules, 2);
    CU_ASSERT_EQUAL(r.rules[0].id, 0);
    CU_ASSERT_STRING_EQUAL(r.rules[0].name, "replicated_rule");
    /* the lab's osd_crush_chooseleaf_type = 0: replicas on distinct OSDs */
    CU_ASSERT_STRING_EQUAL(r.rules[0].domain, "osd");
    CU_ASSERT_EQUAL(r.rules[1].id, 1);
    CU_ASSERT_STRING_EQUAL(r.rules[1].domain, "host");
    ceph_crush_rules_free(&r);
    free(b);
}

static void rules_fail(const char *json, const char *want)
{
    struct ceph_crush_rules r;

    err[0] = '\0';
    CU_ASSERT_EQUAL(ceph_parse_crush_rules(json, strlen(json), &r, err, sizeof err), -1);
    if (!strstr(err, want)) {
        fprintf(stderr, "\n  input %.80s\n  error '%s' lacks '%s'\n", json, err, want);
        CU_FAIL("error message does not name the place");
    }
    CU_ASSERT_EQUAL(r.nrules, 0);
    CU_ASSERT_PTR_NULL(r.rules);
}

static void test_crush_rules_hostile(void)
{
    static const char nochoose[] =
        "[{\"rule_id\":3,\"steps\":[{\"op\":\"take\"},{\"op\":\"emit\"}]}]";
    struct ceph_crush_rules r;
    char *big;
    size_t len = 0;

    rules_fail("{}", "osd crush rule dump: expected a JSON array, got object");
    rules_fail("[{\"rule_id\":0}]", "[0].steps: missing");
    rules_fail("[{\"rule_id\":0,\"steps\":[{\"op\":\"chooseleaf_firstn\"}]}]",
               "[0].steps[0].type: missing");
    rules_fail("[{\"rule_id\":0,\"steps\":[]},{\"rule_id\":0,\"steps\":[]}]",
               "duplicate rule_id 0");
    rules_fail("[{\"rule_id\":0,\"steps\":[7]}]", "[0].steps[0]: expected object, got integer");
    /* a rule that never chooses: parsed, with no failure domain */
    CU_ASSERT_EQUAL_FATAL(
        ceph_parse_crush_rules(nochoose, sizeof nochoose - 1, &r, err, sizeof err), 0);
    CU_ASSERT_PTR_NULL(r.rules[0].domain);
    ceph_crush_rules_free(&r);
    /* indep (erasure-coded) steps; the first choose step is the domain */
    static const char ec[] =
        "[{\"rule_id\":2,\"steps\":[{\"op\":\"choose_indep\",\"type\":\"rack\"},"
        "{\"op\":\"chooseleaf_indep\",\"type\":\"host\"}]}]";
    CU_ASSERT_EQUAL_FATAL(ceph_parse_crush_rules(ec, sizeof ec - 1, &r, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(r.rules[0].domain, "rack");
    ceph_crush_rules_free(&r);
    /* too many steps */
    big = malloc(100000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    len += (size_t)snprintf(big, 100000, "[{\"rule_id\":0,\"steps\":[");
    for (int i = 0; i <= CEPH_MAX_STEPS; i++)
        len += (size_t)snprintf(big + len, 100000 - len, "%s{\"op\":\"emit\"}", i ? "," : "");
    len += (size_t)snprintf(big + len, 100000 - len, "]}]");
    rules_fail(big, "entries exceed the limit of 64");
    free(big);
}

static void test_osd_tree(void)
{
    size_t n;
    char *b = fixture("ceph_osd_tree.json", &n);
    struct ceph_osd_tree t;

    CU_ASSERT_EQUAL_FATAL(ceph_parse_osd_tree(b, n, &t, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(t.nnodes, 4);
    /* sorted by id: root -1, host -3, osd.0, osd.1 */
    CU_ASSERT_EQUAL(t.nodes[0].id, -3);
    CU_ASSERT_STRING_EQUAL(t.nodes[0].type, "host");
    CU_ASSERT_EQUAL(t.nodes[0].nchildren, 2);
    CU_ASSERT_STRING_EQUAL(t.nodes[1].name, "default");
    CU_ASSERT_STRING_EQUAL(t.nodes[3].name, "osd.1");
    CU_ASSERT_EQUAL(t.nodes[3].nchildren, 0);
    ceph_osd_tree_free(&t);
    free(b);
}

static void test_osd_tree_hostile(void)
{
    struct ceph_osd_tree t;
    static const char dup[] = "{\"nodes\":[{\"id\":1,\"name\":\"a\",\"type\":\"osd\"},"
                              "{\"id\":1,\"name\":\"b\",\"type\":\"osd\"}]}";
    static const char kid[] = "{\"nodes\":[{\"id\":-1,\"name\":\"h\",\"type\":\"host\","
                              "\"children\":[\"0\"]}]}";
    static const char far[] = "{\"nodes\":[{\"id\":-1,\"name\":\"h\",\"type\":\"host\","
                              "\"children\":[99999999999]}]}";

    CU_ASSERT_EQUAL(ceph_parse_osd_tree(dup, sizeof dup - 1, &t, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "osd tree: nodes: duplicate id 1"));
    CU_ASSERT_EQUAL(ceph_parse_osd_tree(kid, sizeof kid - 1, &t, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "nodes[0].children[0]: expected integer, got string"));
    CU_ASSERT_EQUAL(ceph_parse_osd_tree(far, sizeof far - 1, &t, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "out of range"));
    CU_ASSERT_EQUAL(t.nnodes, 0);
}

/* Every proper prefix of the new fixtures fails cleanly, with a message. */
static void test_rules_truncated(void)
{
    static const char *const files[] = {"ceph_crush_rule_dump.json", "ceph_osd_tree.json"};

    for (size_t f = 0; f < 2; f++) {
        size_t n;
        char *b = fixture(files[f], &n);
        while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == ' '))
            n--;
        for (size_t cut = 0; cut < n; cut++) {
            int rc;
            err[0] = '\0';
            if (f == 0) {
                struct ceph_crush_rules r;
                rc = ceph_parse_crush_rules(b, cut, &r, err, sizeof err);
                ceph_crush_rules_free(&r);
            } else {
                struct ceph_osd_tree t;
                rc = ceph_parse_osd_tree(b, cut, &t, err, sizeof err);
                ceph_osd_tree_free(&t);
            }
            CU_ASSERT_EQUAL(rc, -1);
            CU_ASSERT(err[0] != '\0');
        }
        free(b);
    }
}

/* Parse the three replies and derive; returns what derive returned. */
static int derive(const char *osd_dump, const char *rules, const char *tree,
                  struct ceph_placement *pl)
{
    struct ceph_osdmap m;
    struct ceph_crush_rules r;
    struct ceph_osd_tree t;
    int rc;

    CU_ASSERT_EQUAL_FATAL(ceph_parse_osdmap(osd_dump, strlen(osd_dump), &m, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(ceph_parse_crush_rules(rules, strlen(rules), &r, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(ceph_parse_osd_tree(tree, strlen(tree), &t, err, sizeof err), 0);
    rc = ceph_placement_derive(&m, &r, &t, pl, err, sizeof err);
    ceph_osdmap_free(&m);
    ceph_crush_rules_free(&r);
    ceph_osd_tree_free(&t);
    return rc;
}

/* The lab: pools 'lab' and 'device_health_metrics' (size 1, min_size 1, on
 * the OSD rule) and 'p2' (3/2 on the host rule). The strictest is the
 * first of size - min_size 0: every one of the 2 OSDs is needed. */
static void test_placement_lab(void)
{
    size_t n1, n2, n3;
    char *d = fixture("ceph_three_pools_osd_dump.json", &n1);
    char *r = fixture("ceph_crush_rule_dump.json", &n2);
    char *t = fixture("ceph_osd_tree.json", &n3);
    struct ceph_placement pl;

    CU_ASSERT_EQUAL_FATAL(derive(d, r, t, &pl), 0);
    CU_ASSERT_STRING_EQUAL(pl.type, "osd");
    CU_ASSERT_EQUAL(pl.ndomains, 2);
    CU_ASSERT_EQUAL(pl.k, 2);
    CU_ASSERT_STRING_EQUAL(pl.why, "pool 'lab' size 1 min_size 1 over 2 osds: I/O stops once 1 osd "
                                   "is out; pools differ in failure domain, the strictest pool's "
                                   "is used");
    CU_ASSERT_STRING_EQUAL(pl.domains[pl.osd_domain[1]].name, "osd.1");
    ceph_placement_free(&pl);
    free(d);
    free(r);
    free(t);
}

#define OSDS6                                                                                      \
    "\"osds\":[{\"osd\":0,\"up\":1,\"in\":1},{\"osd\":1,\"up\":1,\"in\":1},"                       \
    "{\"osd\":2,\"up\":1,\"in\":1},{\"osd\":3,\"up\":1,\"in\":1},{\"osd\":4,\"up\":1,\"in\":1},"   \
    "{\"osd\":5,\"up\":1,\"in\":1}]"
#define HOST_RULE "[{\"rule_id\":0,\"steps\":[{\"op\":\"chooseleaf_firstn\",\"type\":\"host\"}]}]"
/* 3 hosts of 2 OSDs under a rack under the root (osd tree's shape). */
#define TREE3                                                                                      \
    "{\"nodes\":[{\"id\":-1,\"name\":\"default\",\"type\":\"root\",\"children\":[-9]},"            \
    "{\"id\":-9,\"name\":\"r1\",\"type\":\"rack\",\"children\":[-2,-3,-4]},"                       \
    "{\"id\":-2,\"name\":\"n1\",\"type\":\"host\",\"children\":[0,1]},"                            \
    "{\"id\":-3,\"name\":\"n2\",\"type\":\"host\",\"children\":[2,3]},"                            \
    "{\"id\":-4,\"name\":\"n3\",\"type\":\"host\",\"children\":[4,5]},"                            \
    "{\"id\":0,\"name\":\"osd.0\",\"type\":\"osd\"},{\"id\":1,\"name\":\"osd.1\",\"type\":"        \
    "\"osd\"},"                                                                                    \
    "{\"id\":2,\"name\":\"osd.2\",\"type\":\"osd\"},{\"id\":3,\"name\":\"osd.3\",\"type\":"        \
    "\"osd\"},"                                                                                    \
    "{\"id\":4,\"name\":\"osd.4\",\"type\":\"osd\"},{\"id\":5,\"name\":\"osd.5\",\"type\":"        \
    "\"osd\"}]}"

#define OSDNODES                                                                                   \
    "{\"id\":0,\"name\":\"osd.0\",\"type\":\"osd\"},{\"id\":1,\"name\":\"osd.1\",\"type\":"        \
    "\"osd\"},"                                                                                    \
    "{\"id\":2,\"name\":\"osd.2\",\"type\":\"osd\"},{\"id\":3,\"name\":\"osd.3\",\"type\":"        \
    "\"osd\"},"                                                                                    \
    "{\"id\":4,\"name\":\"osd.4\",\"type\":\"osd\"},{\"id\":5,\"name\":\"osd.5\",\"type\":"        \
    "\"osd\"}"

static void test_placement_hosts(void)
{
    struct ceph_placement pl;
    static const char rbd[] = "{" OSDS6 ",\"pools\":[{\"pool\":1,\"pool_name\":\"rbd\",\"size\":3,"
                              "\"min_size\":2,\"crush_rule\":0},{\"pool\":2,\"pool_name\":\"big\","
                              "\"size\":3,\"min_size\":1,\"crush_rule\":0}]}";
    static const char loose[] = "{" OSDS6 ",\"pools\":[{\"pool\":1,\"pool_name\":\"ec\",\"size\":5,"
                                "\"min_size\":1,\"crush_rule\":0}]}";

    CU_ASSERT_EQUAL_FATAL(derive(rbd, HOST_RULE, TREE3, &pl), 0);
    CU_ASSERT_STRING_EQUAL(pl.type, "host");
    CU_ASSERT_EQUAL_FATAL(pl.ndomains, 3);
    CU_ASSERT_EQUAL(pl.k, 2);
    CU_ASSERT_STRING_EQUAL(
        pl.why, "pool 'rbd' size 3 min_size 2 over 3 hosts: I/O stops once 2 hosts are out");
    CU_ASSERT_STRING_EQUAL(pl.domains[pl.osd_domain[3]].name, "n2");
    CU_ASSERT_EQUAL(pl.domains[pl.osd_domain[5]].nosds, 2);
    ceph_placement_free(&pl);
    /* more replicas may go than there are hosts: 1 of 3 hosts will do */
    CU_ASSERT_EQUAL_FATAL(derive(loose, HOST_RULE, TREE3, &pl), 0);
    CU_ASSERT_EQUAL(pl.k, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(pl.why, "I/O stops once 3 hosts are out (size - min_size = 4"));
    ceph_placement_free(&pl);
}

static void test_placement_refused(void)
{
    struct ceph_placement pl;
    static const char rbd[] = "{" OSDS6 ",\"pools\":[{\"pool\":1,\"pool_name\":\"rbd\",\"size\":3,"
                              "\"min_size\":2,\"crush_rule\":0}]}";
    static const char other_rule[] = "{" OSDS6 ",\"pools\":[{\"pool\":1,\"pool_name\":\"rbd\","
                                     "\"size\":3,\"min_size\":2,\"crush_rule\":7}]}";
    static const char no_pools[] = "{" OSDS6 "}";
    /* osd.5 sits in no host; a cycle between two racks; a name with a space */
    static const char stray[] = "{\"nodes\":[{\"id\":-2,\"name\":\"n1\",\"type\":\"host\","
                                "\"children\":[0,1,2,3,4]}," OSDNODES "]}";
    static const char cycle[] =
        "{\"nodes\":[{\"id\":-2,\"name\":\"a\",\"type\":\"rack\",\"children\":[-3,0,1,2,3,4,5]},"
        "{\"id\":-3,\"name\":\"b\",\"type\":\"rack\",\"children\":[-2]}," OSDNODES "]}";
    static const char spaced[] = "{\"nodes\":[{\"id\":-2,\"name\":\"my host\",\"type\":\"host\","
                                 "\"children\":[0,1,2,3,4,5]}," OSDNODES "]}";

    CU_ASSERT_EQUAL(derive(no_pools, HOST_RULE, TREE3, &pl), -1);
    CU_ASSERT_STRING_EQUAL(err, "osd dump: no pools");
    CU_ASSERT_EQUAL(derive(other_rule, HOST_RULE, TREE3, &pl), -1);
    CU_ASSERT_STRING_EQUAL(err, "pool 'rbd': CRUSH rule 7 not in the rule dump");
    CU_ASSERT_EQUAL(derive(rbd, "[{\"rule_id\":0,\"steps\":[]}]", TREE3, &pl), -1);
    CU_ASSERT_STRING_EQUAL(err, "pool 'rbd': CRUSH rule 0 has no choose step");
    CU_ASSERT_EQUAL(derive(rbd, HOST_RULE, stray, &pl), -1);
    CU_ASSERT_STRING_EQUAL(err, "osd.5 is in no host of the CRUSH tree");
    CU_ASSERT_EQUAL(derive(rbd, HOST_RULE, cycle, &pl), -1);
    CU_ASSERT_STRING_EQUAL(err, "osd.0 is in no host of the CRUSH tree");
    CU_ASSERT_EQUAL(derive(rbd, HOST_RULE, spaced, &pl), -1);
    CU_ASSERT_STRING_EQUAL(err, "host name 'my host' cannot be a component id");
    CU_ASSERT_EQUAL(pl.ndomains, 0);
    CU_ASSERT_PTR_NULL(pl.type);
}

/* ---- policy -------------------------------------------------------------- */

static struct ceph_check mk(const char *code, ceph_health sev, int muted)
{
    struct ceph_check c;
    memset(&c, 0, sizeof c);
    c.code = (char *)code;
    c.severity = sev;
    c.muted = muted;
    return c;
}

static void test_policy_defaults(void)
{
    struct ceph_check w = mk("OSD_DOWN", CEPH_HEALTH_WARN, 0);
    struct ceph_check e = mk("PG_DAMAGED", CEPH_HEALTH_ERR, 0);
    struct ceph_check m = mk("OSD_DOWN", CEPH_HEALTH_WARN, 1);
    struct ceph_policy p = {NULL, 0, 1};
    ceph_why why;

    CU_ASSERT_EQUAL(ceph_check_status(&p, &w, &why), HS_WARNING);
    CU_ASSERT_EQUAL(why, CEPH_WHY_SEVERITY);
    CU_ASSERT_EQUAL(ceph_check_status(&p, &e, NULL), HS_CRITICAL);
    CU_ASSERT_EQUAL(ceph_check_status(&p, &m, &why), HS_OK);
    CU_ASSERT_EQUAL(why, CEPH_WHY_MUTED);
    CU_ASSERT_EQUAL(ceph_check_status(NULL, &m, NULL), HS_OK);
    p.honour_mutes = 0;
    CU_ASSERT_EQUAL(ceph_check_status(&p, &m, &why), HS_WARNING);
    CU_ASSERT_EQUAL(why, CEPH_WHY_SEVERITY);
}

static void test_policy_overrides(void)
{
    static const struct ceph_override ov[] = {{"POOL_NO_REDUNDANCY", HS_OK},
                                              {"OSD_DOWN", HS_CRITICAL}};
    struct ceph_policy p = {ov, 2, 1};
    struct ceph_check pool = mk("POOL_NO_REDUNDANCY", CEPH_HEALTH_WARN, 0);
    struct ceph_check down = mk("OSD_DOWN", CEPH_HEALTH_WARN, 0);
    struct ceph_check down_muted = mk("OSD_DOWN", CEPH_HEALTH_WARN, 1);
    struct ceph_check host = mk("OSD_HOST_DOWN", CEPH_HEALTH_WARN, 0);
    struct ceph_check prefix = mk("OSD_DOWN_X", CEPH_HEALTH_WARN, 0);
    ceph_why why;

    CU_ASSERT_EQUAL(ceph_check_status(&p, &pool, &why), HS_OK);
    CU_ASSERT_EQUAL(why, CEPH_WHY_OVERRIDE);
    CU_ASSERT_EQUAL(ceph_check_status(&p, &down, &why), HS_CRITICAL);
    CU_ASSERT_EQUAL(why, CEPH_WHY_OVERRIDE);
    /* An explicit override is the operator's word, muted or not. */
    CU_ASSERT_EQUAL(ceph_check_status(&p, &down_muted, NULL), HS_CRITICAL);
    /* Exact codes only: no prefix or pattern matching. */
    CU_ASSERT_EQUAL(ceph_check_status(&p, &host, &why), HS_WARNING);
    CU_ASSERT_EQUAL(why, CEPH_WHY_SEVERITY);
    CU_ASSERT_EQUAL(ceph_check_status(&p, &prefix, NULL), HS_WARNING);
}

static void test_status_names(void)
{
    hs_status st;

    CU_ASSERT_EQUAL(ceph_status_from_name("OK", &st), 0);
    CU_ASSERT_EQUAL(st, HS_OK);
    CU_ASSERT_EQUAL(ceph_status_from_name("critical", &st), 0);
    CU_ASSERT_EQUAL(st, HS_CRITICAL);
    CU_ASSERT_EQUAL(ceph_status_from_name("WARN", &st), -1);
    CU_ASSERT_EQUAL(ceph_status_from_name(NULL, &st), -1);
    CU_ASSERT_STRING_EQUAL(ceph_health_name(CEPH_HEALTH_ERR), "HEALTH_ERR");
    CU_ASSERT_STRING_EQUAL(ceph_health_name((ceph_health)7), "HEALTH_UNKNOWN");
    CU_ASSERT_EQUAL(ceph_health_status(CEPH_HEALTH_WARN), HS_WARNING);
}

static void test_score_empty_cluster(void)
{
    struct ceph_status s;

    memset(&s, 0, sizeof s);
    /* Nothing to count is not a failure: a fresh cluster without pools. */
    CU_ASSERT_DOUBLE_EQUAL(ceph_health_score(&s), 100.0, 1e-9);
    s.num_mons = 3;
    CU_ASSERT_DOUBLE_EQUAL(ceph_health_score(&s), 0.0, 1e-9);
}

int main(void)
{
    CU_pSuite s;
    unsigned fails;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("ceph", NULL, NULL);
    CU_add_test(s, "health ok", test_health_ok);
    CU_add_test(s, "health osd down", test_health_osd_down);
    CU_add_test(s, "health mgr down", test_health_mgr_down);
    CU_add_test(s, "health muted", test_health_muted);
    CU_add_test(s, "status ok", test_status_ok);
    CU_add_test(s, "status osd down", test_status_osd_down);
    CU_add_test(s, "status mgr down", test_status_mgr_down);
    CU_add_test(s, "mon dump", test_monmap);
    CU_add_test(s, "osd dump", test_osdmap);
    CU_add_test(s, "truncated replies", test_truncated);
    CU_add_test(s, "health wrong types", test_health_wrong_types);
    CU_add_test(s, "NUL inside", test_health_nul_inside);
    CU_add_test(s, "deep nesting", test_deep_nesting);
    CU_add_test(s, "detail kept and counted", test_detail_kept_and_counted);
    CU_add_test(s, "huge arrays", test_huge_arrays);
    CU_add_test(s, "long string cut", test_long_string_cut);
    CU_add_test(s, "status wrong types", test_status_wrong_types);
    CU_add_test(s, "status legacy layout", test_status_legacy_layout);
    CU_add_test(s, "maps hostile", test_maps_hostile);
    CU_add_test(s, "policy defaults", test_policy_defaults);
    CU_add_test(s, "policy overrides", test_policy_overrides);
    CU_add_test(s, "status names", test_status_names);
    CU_add_test(s, "score empty cluster", test_score_empty_cluster);
    CU_add_test(s, "pools", test_pools);
    CU_add_test(s, "pools read softly", test_pools_soft);
    CU_add_test(s, "crush rules", test_crush_rules);
    CU_add_test(s, "crush rules hostile", test_crush_rules_hostile);
    CU_add_test(s, "osd tree", test_osd_tree);
    CU_add_test(s, "osd tree hostile", test_osd_tree_hostile);
    CU_add_test(s, "rules replies truncated", test_rules_truncated);
    CU_add_test(s, "placement on the lab", test_placement_lab);
    CU_add_test(s, "placement over hosts", test_placement_hosts);
    CU_add_test(s, "placement refused", test_placement_refused);
    CU_basic_set_mode(CU_BRM_NORMAL);
    CU_basic_run_tests();
    fails = CU_get_number_of_failures();
    CU_cleanup_registry();
    return fails ? 1 : 0;
}
