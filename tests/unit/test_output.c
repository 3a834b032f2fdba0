/* Renderers: the Nagios line and perfdata escaping, and the JSON report
 * parsed back with json-c (never grepped). */
#include <CUnit/CUnit.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/report.h"
#include "suites.h"

static struct hs_target_result tr[2];
static struct hs_report rep;

static char *render(int (*fn)(const struct hs_report *, FILE *))
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_EQUAL(fn(&rep, f), 0);
    fclose(f);
    return buf;
}

static int setup(void)
{
    hs_component *c;
    hs_metric *m;
    memset(tr, 0, sizeof tr);
    tr[0].name = "it's lb";
    tr[0].plugin = "test";
    tr[0].probe = hs_probe_new("it's lb", 0);
    tr[0].verdict = hs_verdict_new();
    c = hs_probe_component(tr[0].probe, "be=1", "backend", NULL, HS_STATE_DEGRADED);
    m = hs_component_metric(c, "sessions pct", 85.5, "%");
    hs_metric_thresholds(m, "80", "95");
    hs_metric_bounds(m, 0, 100);
    hs_component_metric(c, "queue", NAN, "");
    hs_component_metric(c, "odd", 1, "furlongs");
    hs_verdict_raise(tr[0].verdict, HS_WARNING, "backend be=1 | lost redundancy");
    tr[0].status = HS_WARNING;
    tr[0].health = 66.5;
    tr[1].name = "db";
    tr[1].plugin = "galera";
    tr[1].status = HS_UNKNOWN;
    tr[1].health = NAN;
    tr[1].error = strdup("timed out after 10.0 s");
    rep.config_path = "/etc/x.conf";
    rep.generated = 1700000000;
    rep.results = tr;
    rep.n = 2;
    hs_report_summarize(&rep);
    return 0;
}

static int teardown(void)
{
    for (int i = 0; i < 2; i++) {
        hs_probe_free(tr[i].probe);
        hs_verdict_free(tr[i].verdict);
        free(tr[i].error);
    }
    return 0;
}

static void test_perf_label(void)
{
    char b[64];
    hs_perf_label("simple", b, sizeof b);
    CU_ASSERT_STRING_EQUAL(b, "simple");
    hs_perf_label("with space", b, sizeof b);
    CU_ASSERT_STRING_EQUAL(b, "'with space'");
    hs_perf_label("it's", b, sizeof b);
    CU_ASSERT_STRING_EQUAL(b, "'it''s'");
    hs_perf_label("a=b", b, sizeof b);
    CU_ASSERT_STRING_EQUAL(b, "a_b");
}

static void test_nagios(void)
{
    char *out = render(hs_render_nagios), *nl;
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    nl = strchr(out, '\n');
    CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
    *nl = '\0';
    /* UNKNOWN outranks WARNING */
    CU_ASSERT_EQUAL(strncmp(out, "HASCOUT UNKNOWN: 2 of 2 targets not OK:", 39), 0);
    /* the '|' inside a reason must not open the perfdata early */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "be=1 / lost redundancy"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "| 'it''s lb health'=66.5%;;;0;100 'db health'=U%;;;0;100"));
    CU_ASSERT_EQUAL(strchr(out, '|'), strrchr(out, '|'));
    *nl = '\n';
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ndb: UNKNOWN - timed out after 10.0 s\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "| 'it''s lb/be_1/sessions pct'=85.5%;80;95;0;100 "
                                       "'it''s lb/be_1/queue'=U;;;; 'it''s lb/be_1/odd'=1;;;;\n"));
    free(out);
}

static void test_json(void)
{
    char *out = render(hs_render_json);
    json_object *root = json_tokener_parse(out), *ts, *t0, *t1, *v, *cs, *m;
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    CU_ASSERT(json_object_object_get_ex(root, "status", &v));
    CU_ASSERT_STRING_EQUAL(json_object_get_string(v), "UNKNOWN");
    CU_ASSERT(json_object_object_get_ex(root, "exit_code", &v));
    CU_ASSERT_EQUAL(json_object_get_int(v), 3);
    CU_ASSERT(json_object_object_get_ex(root, "generated", &v));
    CU_ASSERT_STRING_EQUAL(json_object_get_string(v), "2023-11-14T22:13:20Z");
    CU_ASSERT_FATAL(json_object_object_get_ex(root, "targets", &ts));
    CU_ASSERT_EQUAL_FATAL(json_object_array_length(ts), 2);
    t0 = json_object_array_get_idx(ts, 0);
    t1 = json_object_array_get_idx(ts, 1);
    CU_ASSERT(json_object_object_get_ex(t0, "name", &v));
    CU_ASSERT_STRING_EQUAL(json_object_get_string(v), "it's lb");
    CU_ASSERT(json_object_object_get_ex(t0, "health", &v));
    CU_ASSERT_DOUBLE_EQUAL(json_object_get_double(v), 66.5, 0);
    CU_ASSERT(json_object_object_get_ex(t1, "health", &v));
    CU_ASSERT_PTR_NULL(v); /* unknown health is null, never NaN */
    CU_ASSERT(json_object_object_get_ex(t1, "error", &v));
    CU_ASSERT_STRING_EQUAL(json_object_get_string(v), "timed out after 10.0 s");
    CU_ASSERT_FATAL(json_object_object_get_ex(t0, "components", &cs));
    CU_ASSERT_FATAL(json_object_object_get_ex(json_object_array_get_idx(cs, 0), "metrics", &m));
    CU_ASSERT(json_object_object_get_ex(json_object_array_get_idx(m, 1), "value", &v));
    CU_ASSERT_PTR_NULL(v);
    CU_ASSERT(json_object_object_get_ex(json_object_array_get_idx(m, 0), "crit", &v));
    CU_ASSERT_STRING_EQUAL(json_object_get_string(v), "95");
    json_object_put(root);
    free(out);
}

static int render_text(const struct hs_report *r, FILE *f)
{
    return hs_render_text(r, f, 1);
}

static void test_text(void)
{
    char *out = render(render_text);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "overall UNKNOWN"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "error: timed out after 10.0 s"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "sessions pct=85.5%"));
    free(out);
}

void hs_suite_output(void)
{
    CU_pSuite s = CU_add_suite("output", setup, teardown);
    CU_add_test(s, "perfdata label escaping", test_perf_label);
    CU_add_test(s, "nagios line and perfdata", test_nagios);
    CU_add_test(s, "json parsed back", test_json);
    CU_add_test(s, "text", test_text);
}
