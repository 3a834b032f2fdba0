/* The child→parent protocol: a faithful round trip, and strict refusal of
 * everything a misbehaving plugin could put on the pipe. */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "host/serialize.h"
#include "suites.h"
#include "abi/warn.h"

static void test_roundtrip(void)
{
    hs_probe *p = hs_probe_new("t", 0), *q = NULL;
    hs_verdict *v = hs_verdict_new(), *w = NULL;
    struct hs_strv warns = {0};
    const char *wl[] = {"careful"};
    hs_component *svc, *n1;
    hs_metric *m;
    char err[256], *doc;

    svc = hs_probe_component(p, "svc", "service", NULL, HS_STATE_DEGRADED);
    n1 = hs_probe_component(p, "n1", "node", "svc", HS_STATE_DOWN);
    CU_ASSERT_PTR_NOT_NULL_FATAL(n1);
    m = hs_component_metric(svc, "lag", 1.5, "s");
    hs_metric_thresholds(m, "10", "@20:30");
    hs_metric_bounds(m, 0, NAN);
    hs_component_metric(svc, "unknown", NAN, NULL);
    hs_component_label(n1, "check", "L4CON");
    hs_component_message(n1, "connection refused\nsecond line");
    hs_probe_message(p, "note %d", 1);
    hs_verdict_raise(v, HS_WARNING, "svc degraded");
    hs_verdict_raise(v, HS_CRITICAL, "n1 down");
    hs_verdict_health(v, 42);
    doc = hs_proto_encode(p, v, wl, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL_FATAL(hs_proto_decode(doc, strlen(doc), "t", &q, &w, &warns, err, sizeof err),
                          0);
    CU_ASSERT_EQUAL(q->ncomps, 2);
    CU_ASSERT_STRING_EQUAL(q->comps[1]->parent, "svc");
    CU_ASSERT_EQUAL(q->comps[1]->state, HS_STATE_DOWN);
    CU_ASSERT_EQUAL(q->comps[0]->state, HS_STATE_DEGRADED);
    CU_ASSERT_DOUBLE_EQUAL(q->comps[0]->metrics[0].value, 1.5, 0);
    CU_ASSERT_STRING_EQUAL(q->comps[0]->metrics[0].crit, "@20:30");
    CU_ASSERT_DOUBLE_EQUAL(q->comps[0]->metrics[0].min, 0, 0);
    CU_ASSERT(isnan(q->comps[0]->metrics[0].max));
    CU_ASSERT(isnan(q->comps[0]->metrics[1].value));
    CU_ASSERT_STRING_EQUAL(hs_component_label_value(q->comps[1], "check"), "L4CON");
    /* control characters are neutralised at the source */
    CU_ASSERT_STRING_EQUAL(q->comps[1]->messages.v[0], "connection refused second line");
    CU_ASSERT_EQUAL(w->status, HS_CRITICAL);
    CU_ASSERT_EQUAL(w->nreasons, 2);
    CU_ASSERT_DOUBLE_EQUAL(w->health, 42, 0);
    CU_ASSERT_EQUAL(warns.n, 1);
    free(doc);
    hs_probe_free(p);
    hs_probe_free(q);
    hs_verdict_free(v);
    hs_verdict_free(w);
    hs_strv_free(&warns);
}

static void expect_refused(const char *doc, const char *needle)
{
    hs_probe *q = NULL;
    hs_verdict *w = NULL;
    struct hs_strv warns = {0};
    char err[256] = "";
    int rc = hs_proto_decode(doc, strlen(doc), "t", &q, &w, &warns, err, sizeof err);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_PTR_NULL(q);
    CU_ASSERT_PTR_NULL(w);
    if (rc == 0 || !strstr(err, needle)) {
        fprintf(stderr, "\n  doc %.60s: expected '%s', got '%s'\n", doc, needle, err);
        CU_FAIL("wrong refusal");
    }
    hs_probe_free(q);
    hs_verdict_free(w);
    hs_strv_free(&warns);
}

static void test_hostile(void)
{
    expect_refused("", "empty");
    expect_refused("\x01\xff{not json]]", "not valid JSON");
    expect_refused("{\"v\":1,\"components\":[", "truncated");
    expect_refused("[1,2]", "not a JSON object");
    expect_refused("{\"v\":2,\"components\":[]}", "protocol version");
    expect_refused("{\"components\":[]}", "protocol version");
    expect_refused("{\"v\":1}", "components");
    expect_refused("{\"v\":1,\"components\":[]}", "neither a verdict");
    expect_refused("{\"v\":1,\"components\":[],\"verdict\":{\"status\":7}}", "out of range");
    expect_refused("{\"v\":1,\"components\":[],\"verdict\":{\"status\":0,\"health\":101}}",
                   "outside 0..100");
    expect_refused("{\"v\":1,\"components\":[],\"verdict\":{}}", "without a status");
    expect_refused("{\"v\":1,\"components\":[{\"id\":\"a\",\"kind\":\"n\",\"state\":\"SIDEWAYS\"}],"
                   "\"verdict\":{\"status\":0}}",
                   "unknown state");
    expect_refused("{\"v\":1,\"components\":[{\"id\":\"a\",\"kind\":\"n\",\"state\":\"UP\"},"
                   "{\"id\":\"a\",\"kind\":\"n\",\"state\":\"UP\"}],\"verdict\":{\"status\":0}}",
                   "duplicate component id");
    expect_refused("{\"v\":1,\"components\":[{\"id\":\"a\",\"kind\":\"n\",\"parent\":\"zz\","
                   "\"state\":\"UP\"}],\"verdict\":{\"status\":0}}",
                   "unknown parent");
    expect_refused("{\"v\":1,\"components\":[{\"id\":5,\"kind\":\"n\",\"state\":\"UP\"}],"
                   "\"verdict\":{\"status\":0}}",
                   "missing or bad");
    expect_refused(
        "{\"v\":1,\"components\":[{\"id\":\"a\",\"kind\":\"n\",\"state\":\"UP\","
        "\"metrics\":[{\"name\":\"m\",\"value\":\"high\"}]}],\"verdict\":{\"status\":0}}",
        "malformed");
    expect_refused("{\"v\":1,\"components\":[],\"verdict\":{\"status\":0}} trailing",
                   "trailing data");
    expect_refused("{\"v\":1,\"components\":[],\"messages\":\"x\",\"verdict\":{\"status\":0}}",
                   "messages");
    /* a NUL inside a string */
    {
        static const char doc[] = "{\"v\":1,\"fail\":\"a\\u0000b\",\"components\":[]}";
        expect_refused(doc, "fail");
    }
    /* deep nesting is cut off by the tokener's depth limit */
    {
        char deep[400];
        memset(deep, '[', sizeof deep - 1);
        deep[sizeof deep - 1] = '\0';
        expect_refused(deep, "not valid JSON");
    }
}

static void test_builder_misuse(void)
{
    hs_probe *p = hs_probe_new("t", 0);
    hs_component *c = hs_probe_component(p, "a", "n", NULL, HS_STATE_UP);
    CU_ASSERT_PTR_NULL(hs_probe_component(p, "a", "n", NULL, HS_STATE_UP));
    CU_ASSERT_PTR_NOT_NULL(p->malformed);
    CU_ASSERT_PTR_NULL(hs_probe_component(p, "b", "n", "nope", HS_STATE_UP));
    CU_ASSERT_PTR_NULL(hs_probe_component(p, "c", "n", NULL, (hs_state)9));
    CU_ASSERT_PTR_NOT_NULL(hs_component_metric(c, "m", 1, NULL));
    CU_ASSERT_PTR_NULL(hs_component_metric(c, "m", 2, NULL));
    CU_ASSERT_EQUAL(hs_component_value(c, "m", NULL), 1);
    CU_ASSERT_EQUAL(hs_component_value(c, "zz", NULL), 0);
    CU_ASSERT_PTR_EQUAL(hs_probe_find(p, "a"), c);
    hs_probe_free(p);
}

/* Server-provided names (an HAProxy proxy called "a|b\nc") reach the ABI as
 * ids, parents, metric and label names. They are stored with control
 * characters made spaces; a later reference by the same raw name must still
 * find them, in the child and again after the round trip in the parent. */
static void test_hostile_names(void)
{
    hs_probe *p = hs_probe_new("t", 0), *q = NULL;
    hs_verdict *v = hs_verdict_new(), *w = NULL;
    struct hs_strv warns = {0};
    hs_component *a, *s1;
    char err[256], *doc;
    double val;

    a = hs_probe_component(p, "a|b\nc", "proxy", NULL, HS_STATE_UP);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    s1 = hs_probe_component(p, "s1", "server", "a|b\nc", HS_STATE_UP);
    CU_ASSERT_PTR_NOT_NULL(s1);
    CU_ASSERT_PTR_NULL(p->malformed);
    CU_ASSERT_PTR_EQUAL(hs_probe_find(p, "a|b\nc"), a);
    CU_ASSERT_STRING_EQUAL(hs_component_id(a), "a|b c");
    CU_ASSERT_PTR_NOT_NULL(hs_component_metric(a, "m=|x\n", 1.0, NULL));
    CU_ASSERT_EQUAL(hs_component_value(a, "m=|x\n", &val), 1);
    hs_component_label(a, "st\tatus", "UP\r\n");
    CU_ASSERT_PTR_NOT_NULL(hs_component_label_value(a, "st\tatus"));
    /* the same name twice, once raw and once as stored, is one id */
    CU_ASSERT_PTR_NULL(hs_probe_component(p, "a|b c", "proxy", NULL, HS_STATE_UP));
    free(p->malformed);
    p->malformed = NULL;
    hs_verdict_raise(v, HS_OK, "fine");
    doc = hs_proto_encode(p, v, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL_FATAL(hs_proto_decode(doc, strlen(doc), "t", &q, &w, &warns, err, sizeof err),
                          0);
    CU_ASSERT_PTR_NULL(q->malformed);
    CU_ASSERT_EQUAL(q->ncomps, 2);
    CU_ASSERT_STRING_EQUAL(q->comps[0]->id, "a|b c");
    CU_ASSERT_STRING_EQUAL(q->comps[1]->parent, "a|b c");
    CU_ASSERT_STRING_EQUAL(q->comps[0]->metrics[0].name, "m=|x ");
    free(doc);
    hs_probe_free(p);
    hs_probe_free(q);
    hs_verdict_free(v);
    hs_verdict_free(w);
    hs_strv_free(&warns);
}

static void test_status_order(void)
{
    CU_ASSERT_EQUAL(hs_status_worst(HS_OK, HS_WARNING), HS_WARNING);
    CU_ASSERT_EQUAL(hs_status_worst(HS_WARNING, HS_UNKNOWN), HS_UNKNOWN);
    CU_ASSERT_EQUAL(hs_status_worst(HS_UNKNOWN, HS_CRITICAL), HS_CRITICAL);
    CU_ASSERT_EQUAL(hs_status_worst(HS_CRITICAL, HS_UNKNOWN), HS_CRITICAL);
    CU_ASSERT_STRING_EQUAL(hs_state_name((hs_state)42), "UNKNOWN");
}

/* hs_probe_timeout_ms: the time left minus the core's reserve, scaled and
 * capped, never negative */
static void test_timeout_ms(void)
{
    struct timespec ts;
    double now;
    hs_probe *p;
    long ms;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    now = (double)ts.tv_sec + ts.tv_nsec / 1e9;
    p = hs_probe_new("t", now + 10.0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    ms = hs_probe_timeout_ms(p, 1.0, 0);
    CU_ASSERT(ms > 9800 && ms <= 10000 - HS_PROBE_RESERVE_MS);
    ms = hs_probe_timeout_ms(p, 0.5, 0);
    CU_ASSERT(ms > 4900 && ms <= (10000 - HS_PROBE_RESERVE_MS) / 2);
    CU_ASSERT_EQUAL(hs_probe_timeout_ms(p, 1.0, 2000), 2000);
    ms = hs_probe_timeout_ms(p, 0.0, 0); /* out of range: the whole */
    CU_ASSERT(ms > 9800);
    ms = hs_probe_timeout_ms(p, NAN, -1);
    CU_ASSERT(ms > 9800);
    hs_probe_free(p);
    /* inside the reserve, or past the deadline: nothing */
    p = hs_probe_new("t", now + 0.05);
    CU_ASSERT_EQUAL(hs_probe_timeout_ms(p, 1.0, 0), 0);
    hs_probe_free(p);
    p = hs_probe_new("t", now - 5);
    CU_ASSERT_EQUAL(hs_probe_timeout_ms(p, 1.0, 1000), 0);
    hs_probe_free(p);
    /* a sliver left, made smaller by the fraction, is still 1 ms */
    p = hs_probe_new("t", now + 0.1 + 0.0015 + 0.5);
    CU_ASSERT(hs_probe_timeout_ms(p, 0.001, 0) >= 1);
    hs_probe_free(p);
    CU_ASSERT_EQUAL(hs_probe_timeout_ms(NULL, 1.0, 0), 0);
}

/* hs_debug: collected in the child, capped, moved into the result, carried
 * by the protocol; absent from documents of plugins that never traced */
static void test_debug_lines(void)
{
    hs_probe *p = hs_probe_new("t", 0), *q = NULL;
    hs_verdict *v = hs_verdict_new(), *w = NULL;
    struct hs_strv warns = {0};
    char err[256], *doc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    hs_debug_reset();
    hs_debug("connecting to %s:%d", "10.0.0.5", 26379);
    hs_debug("line\twith\ncontrols");
    hs_debug_move(&p->debug);
    CU_ASSERT_EQUAL_FATAL(p->debug.n, 2);
    CU_ASSERT_STRING_EQUAL(p->debug.v[0], "connecting to 10.0.0.5:26379");
    CU_ASSERT_STRING_EQUAL(p->debug.v[1], "line with controls");
    hs_debug_move(&p->debug); /* moved: nothing again */
    CU_ASSERT_EQUAL(p->debug.n, 2);
    doc = hs_proto_encode(p, v, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL_FATAL(hs_proto_decode(doc, strlen(doc), "t", &q, &w, &warns, err, sizeof err),
                          0);
    CU_ASSERT_EQUAL(q->debug.n, 2);
    CU_ASSERT_STRING_EQUAL(q->debug.v[0], "connecting to 10.0.0.5:26379");
    free(doc);
    hs_probe_free(q);
    hs_verdict_free(w);
    hs_probe_free(p);

    /* the cap: HS_DEBUG_MAX_LINES kept, then one line counts the rest */
    p = hs_probe_new("t", 0);
    for (int i = 0; i < HS_DEBUG_MAX_LINES + 7; i++)
        hs_debug("item %d", i);
    hs_debug_move(&p->debug);
    CU_ASSERT_EQUAL_FATAL(p->debug.n, HS_DEBUG_MAX_LINES + 1);
    CU_ASSERT_STRING_EQUAL(p->debug.v[HS_DEBUG_MAX_LINES], "(7 more debug lines dropped)");
    hs_probe_free(p);

    /* no "debug" key when there is nothing: older documents decode alike */
    p = hs_probe_new("t", 0);
    doc = hs_proto_encode(p, v, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_PTR_NULL(strstr(doc, "\"debug\""));
    free(doc);
    hs_probe_free(p);
    hs_verdict_free(v);
    hs_strv_free(&warns);
    /* a hostile "debug" is refused like any other bad field */
    {
        const char *bad = "{\"v\":1,\"fail\":\"x\",\"messages\":[],\"components\":[],"
                          "\"verdict\":null,\"warnings\":[],\"debug\":[1]}";
        CU_ASSERT_EQUAL(hs_proto_decode(bad, strlen(bad), "t", &q, &w, &warns, err, sizeof err),
                        -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, "'debug'"));
        hs_strv_free(&warns);
    }
}

void hs_suite_serialize(void)
{
    CU_pSuite s = CU_add_suite("serialize", NULL, NULL);
    CU_add_test(s, "round trip", test_roundtrip);
    CU_add_test(s, "hostile documents refused", test_hostile);
    CU_add_test(s, "builder misuse marks the probe malformed", test_builder_misuse);
    CU_add_test(s, "hostile names keep their references", test_hostile_names);
    CU_add_test(s, "status order", test_status_order);
    CU_add_test(s, "ABI: hs_probe_timeout_ms", test_timeout_ms);
    CU_add_test(s, "ABI: hs_debug lines travel with the result", test_debug_lines);
}
