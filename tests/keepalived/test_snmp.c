/*
 * tests/keepalived/test_snmp.c — the SNMP parser (parse_snmp.c) on walks
 * of vrrpInstanceTable captured from real keepalived 2.2.7 + snmpd 5.9.3
 * nodes (tests/lab/test-keepalived-snmp.sh, SNMP_LAB_CAPTURE) and on
 * hostile varbind lists.
 */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/keepalived/keepalived.h"
#include "tests.h"

/* Parse fixture `name` into v (initialised by the caller). */
static int parse_fixture(const char *name, struct ka_view *v, char *err, size_t errlen)
{
    char path[1024], buf[65536];
    struct ka_snmp_vb *vb = NULL;
    size_t len, n = 0;
    FILE *f;
    int rc;

    snprintf(path, sizeof path, "%s/%s", KA_TEST_DATA, name);
    f = fopen(path, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    rc = ka_parse_snmp_walk(buf, len, &vb, &n, err, errlen);
    if (rc == 0)
        rc = ka_parse_snmp(vb, n, v, err, errlen);
    free(vb);
    return rc;
}

static void expect_one(const char *name, enum ka_state st, long prio)
{
    struct ka_view v;
    char err[256] = "";

    ka_view_init(&v);
    CU_ASSERT_EQUAL(parse_fixture(name, &v, err, sizeof err), 0);
    if (err[0])
        fprintf(stderr, "%s: %s\n", name, err);
    CU_ASSERT_EQUAL_FATAL(v.n, 1);
    CU_ASSERT_STRING_EQUAL(v.inst[0].name, "VI_1");
    CU_ASSERT_EQUAL(v.inst[0].state, st);
    CU_ASSERT_EQUAL(v.inst[0].vrid, 61);
    CU_ASSERT_EQUAL(v.inst[0].priority, prio);
    CU_ASSERT_EQUAL(v.inst[0].effective_priority, prio);
    CU_ASSERT_EQUAL(v.inst[0].transitions, -1);
    ka_view_free(&v);
}

static void test_fixtures(void)
{
    struct ka_view v;
    char err[256];

    expect_one("ka_snmp_lb1_master.walk", KA_MASTER, 150);
    expect_one("ka_snmp_lb2_backup.walk", KA_BACKUP, 100);
    expect_one("ka_snmp_lb2_splitbrain.walk", KA_MASTER, 100);
    /* keepalived stopped, snmpd up: "No Such Object", no instance */
    ka_view_init(&v);
    CU_ASSERT_EQUAL(parse_fixture("ka_snmp_lb1_stopped.walk", &v, err, sizeof err), 0);
    CU_ASSERT_EQUAL(v.n, 0);
    ka_view_free(&v);
}

/* Two nodes read by SNMP both MASTER: the verdict's split brain. */
static void test_split_brain(void)
{
    struct ka_node_obs o[2];
    struct ka_judgement j;
    struct ka_judge_cfg cfg = {NULL, NULL, 0};
    char err[256];
    size_t i;
    int crit = 0;

    ka_node_obs_init(&o[0], "lb1");
    ka_node_obs_init(&o[1], "lb2");
    CU_ASSERT_EQUAL(parse_fixture("ka_snmp_lb1_master.walk", &o[0].view, err, sizeof err), 0);
    CU_ASSERT_EQUAL(parse_fixture("ka_snmp_lb2_splitbrain.walk", &o[1].view, err, sizeof err), 0);
    o[0].readable = o[1].readable = o[0].running = o[1].running = 1;
    CU_ASSERT_EQUAL_FATAL(ka_judge(o, 2, &cfg, NULL, &j, err, sizeof err), 0);
    CU_ASSERT_EQUAL(j.inst[0].masters, 2);
    for (i = 0; i < j.nf; i++)
        crit |= j.f[i].status == HS_CRITICAL && strstr(j.f[i].text, "lb1") &&
                strstr(j.f[i].text, "lb2");
    CU_ASSERT(crit);
    ka_judgement_free(&j);
    ka_node_obs_free(&o[0]);
    ka_node_obs_free(&o[1]);
}

/* A varbind of column `col`, row `row`. */
static struct ka_snmp_vb vb_num(unsigned long col, unsigned long row, enum ka_snmp_type t, long v)
{
    struct ka_snmp_vb b;

    memset(&b, 0, sizeof b);
    memcpy(b.oid, ka_snmp_entry_oid, sizeof ka_snmp_entry_oid);
    b.oid[KA_SNMP_ENTRY_LEN] = col;
    b.oid[KA_SNMP_ENTRY_LEN + 1] = row;
    b.oid_len = KA_SNMP_ENTRY_LEN + 2;
    b.type = t;
    b.num = v;
    return b;
}

static struct ka_snmp_vb vb_str(unsigned long col, unsigned long row, const char *s)
{
    struct ka_snmp_vb b = vb_num(col, row, KA_SNMP_STRING, 0);

    b.str = s;
    b.str_len = strlen(s);
    return b;
}

/* Parse vb[0..n): expect rc, and when failing a message with `needle`. */
static void expect(const struct ka_snmp_vb *vb, size_t n, int rc, const char *needle,
                   enum ka_state st)
{
    struct ka_view v;
    char err[256] = "";

    ka_view_init(&v);
    CU_ASSERT_EQUAL(ka_parse_snmp(vb, n, &v, err, sizeof err), rc);
    if (rc < 0) {
        CU_ASSERT_PTR_NOT_NULL(strstr(err, needle));
        if (!strstr(err, needle))
            fprintf(stderr, "expected '%s', got '%s'\n", needle, err);
    } else if (v.n > 0)
        CU_ASSERT_EQUAL(v.inst[0].state, st);
    ka_view_free(&v);
}

static void test_hostile(void)
{
    struct ka_snmp_vb b[4];

    b[0] = vb_str(2, 1, "VI_1");
    b[1] = vb_num(4, 1, KA_SNMP_INTEGER, 9); /* not a VrrpState */
    expect(b, 2, 0, NULL, KA_UNKNOWN);
    b[1] = vb_num(4, 1, KA_SNMP_INTEGER, 5); /* shutdown */
    expect(b, 2, 0, NULL, KA_STOP);
    expect(b, 1, 0, NULL, KA_UNKNOWN); /* no state column */
    b[1] = vb_num(4, 1, KA_SNMP_STRING, 2);
    expect(b, 2, -1, "state is not a number", KA_UNKNOWN);
    b[1] = vb_num(3, 1, KA_SNMP_UNSIGNED, 256);
    expect(b, 2, -1, "VRID 256 out of range", KA_UNKNOWN);
    b[1] = vb_num(7, 1, KA_SNMP_INTEGER, -1);
    expect(b, 2, -1, "base priority -1", KA_UNKNOWN);
    b[1] = vb_num(4, 2, KA_SNMP_INTEGER, 2); /* a row without a name */
    expect(b, 2, -1, "row 2: no vrrpInstanceName", KA_UNKNOWN);
    b[1] = vb_str(2, 1, "VI_2");
    expect(b, 2, -1, "column 2 twice", KA_UNKNOWN);
    b[1] = vb_str(2, 2, "VI_1");
    expect(b, 2, -1, "VI_1", KA_UNKNOWN); /* duplicate name */
    b[1] = vb_str(2, 2, "bad name");
    expect(b, 2, -1, "", KA_UNKNOWN);
    b[1] = vb_num(2, 3, KA_SNMP_INTEGER, 1);
    expect(b, 2, -1, "not a string", KA_UNKNOWN);
    b[1] = vb_num(4, 0, KA_SNMP_INTEGER, 2);
    expect(b, 2, -1, "row index", KA_UNKNOWN);
    b[1] = vb_num(4, 1, KA_SNMP_INTEGER, 2);
    b[1].oid[3] = 2;
    expect(b, 2, -1, "outside vrrpInstanceTable", KA_UNKNOWN);
    b[1].oid_len = 0;
    expect(b, 2, -1, "outside vrrpInstanceTable", KA_UNKNOWN);
    b[1] = vb_num(4, 1, KA_SNMP_NONE, 0); /* noSuchInstance: skipped */
    b[1].oid_len = 3;
    expect(b, 2, 0, NULL, KA_UNKNOWN);
    b[1] = vb_num(35, 1, KA_SNMP_OTHER, 0); /* a column we do not read */
    expect(b, 2, 0, NULL, KA_UNKNOWN);
    expect(b, (size_t)KA_SNMP_MAX_VARBINDS + 1, -1, "varbinds", KA_UNKNOWN);
}

static void expect_walk(const char *text, int rc, size_t n)
{
    struct ka_snmp_vb *vb = NULL;
    size_t got = 0;
    char err[256];

    CU_ASSERT_EQUAL(ka_parse_snmp_walk(text, strlen(text), &vb, &got, err, sizeof err), rc);
    if (rc == 0)
        CU_ASSERT_EQUAL(got, n);
    free(vb);
}

static void test_walk_text(void)
{
    expect_walk("", 0, 0);
    expect_walk(".1.3.6 = INTEGER: 2\n\n1.3 = Gauge32: 4294967295\n", 0, 2);
    expect_walk(".1.3 = Hex-STRING: E0 00 \n.1.4 = STRING: \"\"\n", 0, 2);
    expect_walk(".1.3 = No more variables left in this MIB View\n", 0, 1);
    expect_walk(".1..3 = INTEGER: 2\n", -1, 0);
    expect_walk(".1.3. = INTEGER: 2\n", -1, 0);
    expect_walk(".1.3 = INTEGER: two\n", -1, 0);
    expect_walk(".1.3 = Gauge32: -1\n", -1, 0);
    expect_walk(".1.3 = STRING: VI_1\n", -1, 0);
    expect_walk(".1.3 = STRING: \"\n", -1, 0);
    expect_walk(".1.99999999999 = INTEGER: 2\n", -1, 0);
    expect_walk("= INTEGER: 2\n", -1, 0);
    expect_walk(".1.3 INTEGER: 2\n", -1, 0);
    expect_walk(".1.3 =", -1, 0);
    expect_walk(".1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1 = INTEGER: 2\n",
                -1, 0);
    CU_ASSERT_EQUAL(ka_parse_snmp_walk(".1 = INTEGER: 2\0", 16, &(struct ka_snmp_vb *){NULL},
                                       &(size_t){0}, (char[64]){0}, 64),
                    -1);
}

int ka_add_snmp_suite(void)
{
    CU_pSuite s = CU_add_suite("keepalived SNMP", NULL, NULL);

    if (!s || !CU_add_test(s, "captured walks", test_fixtures) ||
        !CU_add_test(s, "split brain over SNMP", test_split_brain) ||
        !CU_add_test(s, "hostile varbinds", test_hostile) ||
        !CU_add_test(s, "walk text", test_walk_text))
        return -1;
    return 0;
}
