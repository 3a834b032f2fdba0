/*
 * tests/keepalived/test_snmp.c — the SNMP parser (parse_snmp.c) on walks
 * of vrrpInstanceTable and of RFC 6527's vrrpv3OperationsTable captured
 * from real keepalived 2.2.7 + snmpd 5.9.3 nodes
 * (tests/lab/test-keepalived-snmp.sh, SNMP_LAB_CAPTURE) and on hostile
 * varbind lists; naming RFC 6527 instances after the group's.
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
    /* ka_snmp_rfc_*: RFC 6527's table */
    if (rc == 0)
        rc = (strstr(name, "_rfc_") ? ka_parse_snmp_rfc6527 : ka_parse_snmp)(vb, n, v, err, errlen);
    free(vb);
    return rc;
}

static void expect_one(const char *name, const char *inst, enum ka_state st, long prio)
{
    struct ka_view v;
    char err[256] = "";

    ka_view_init(&v);
    CU_ASSERT_EQUAL(parse_fixture(name, &v, err, sizeof err), 0);
    if (err[0])
        fprintf(stderr, "%s: %s\n", name, err);
    CU_ASSERT_EQUAL_FATAL(v.n, 1);
    CU_ASSERT_STRING_EQUAL(v.inst[0].name, inst);
    CU_ASSERT_EQUAL(v.inst[0].state, st);
    CU_ASSERT_EQUAL(v.inst[0].vrid, 61);
    CU_ASSERT_EQUAL(v.inst[0].priority, prio);
    CU_ASSERT_EQUAL(v.inst[0].effective_priority, prio);
    CU_ASSERT_EQUAL(v.inst[0].transitions, -1);
    ka_view_free(&v);
}

/* The four walks of a MIB, files PFX*.walk: instance `inst` (VI_1 by
 * KEEPALIVED-MIB, vrid61 by RFC 6527's rows, which have no names). */
static void fixtures(const char *pfx, const char *inst)
{
    static const struct {
        const char *node;
        enum ka_state st;
        long prio;
    } w[] = {{"lb1_master", KA_MASTER, 150},
             {"lb2_backup", KA_BACKUP, 100},
             {"lb2_splitbrain", KA_MASTER, 100}};
    struct ka_view v;
    char err[256], name[128];
    size_t i;

    for (i = 0; i < sizeof w / sizeof w[0]; i++) {
        snprintf(name, sizeof name, "%s%s.walk", pfx, w[i].node);
        expect_one(name, inst, w[i].st, w[i].prio);
    }
    /* keepalived stopped, snmpd up: "No Such Object", no instance */
    snprintf(name, sizeof name, "%slb1_stopped.walk", pfx);
    ka_view_init(&v);
    CU_ASSERT_EQUAL(parse_fixture(name, &v, err, sizeof err), 0);
    CU_ASSERT_EQUAL(v.n, 0);
    ka_view_free(&v);
}

static void test_fixtures(void)
{
    fixtures("ka_snmp_", "VI_1");
}

static void test_rfc_fixtures(void)
{
    fixtures("ka_snmp_rfc_", "vrid61");
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

/* Judge lb1 (fixture a) and lb2 (fixture b), named after each other's
 * VRIDs; the number of masters of the one instance, and its name. */
static int judge_pair(const char *a, const char *b, const char *inst)
{
    struct ka_node_obs o[2];
    struct ka_judgement j;
    struct ka_judge_cfg cfg = {NULL, NULL, 0};
    char err[256];
    int masters = -1;

    ka_node_obs_init(&o[0], "lb1");
    ka_node_obs_init(&o[1], "lb2");
    CU_ASSERT_EQUAL(parse_fixture(a, &o[0].view, err, sizeof err), 0);
    CU_ASSERT_EQUAL(parse_fixture(b, &o[1].view, err, sizeof err), 0);
    o[0].readable = o[1].readable = o[0].running = o[1].running = 1;
    o[0].by_vrid = strstr(a, "_rfc_") != NULL;
    o[1].by_vrid = strstr(b, "_rfc_") != NULL;
    ka_name_by_vrid(o, 2);
    CU_ASSERT_STRING_EQUAL(o[0].view.inst[0].name, inst);
    CU_ASSERT_STRING_EQUAL(o[1].view.inst[0].name, inst);
    CU_ASSERT_EQUAL_FATAL(ka_judge(o, 2, &cfg, NULL, &j, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(j.n_inst, 1);
    masters = j.inst[0].masters;
    ka_judgement_free(&j);
    ka_node_obs_free(&o[0]);
    ka_node_obs_free(&o[1]);
    return masters;
}

/* A group mixing the MIBs is one instance (named after KEEPALIVED-MIB's
 * node); a group all by RFC 6527 keeps "vrid61"; both ways a split brain
 * is two masters. */
static void test_rfc_group(void)
{
    CU_ASSERT_EQUAL(judge_pair("ka_snmp_lb1_master.walk", "ka_snmp_rfc_lb2_backup.walk", "VI_1"),
                    1);
    CU_ASSERT_EQUAL(judge_pair("ka_snmp_rfc_lb1_master.walk", "ka_snmp_lb2_backup.walk", "VI_1"),
                    1);
    CU_ASSERT_EQUAL(
        judge_pair("ka_snmp_rfc_lb1_master.walk", "ka_snmp_rfc_lb2_backup.walk", "vrid61"), 1);
    CU_ASSERT_EQUAL(
        judge_pair("ka_snmp_rfc_lb1_master.walk", "ka_snmp_rfc_lb2_splitbrain.walk", "vrid61"), 2);
    CU_ASSERT_EQUAL(
        judge_pair("ka_snmp_lb1_master.walk", "ka_snmp_rfc_lb2_splitbrain.walk", "VI_1"), 2);
}

/* A varbind of RFC 6527's column `col` in row (ifIndex 3, vrid, type). */
static struct ka_snmp_vb vb_rfc(unsigned long col, unsigned long vrid, unsigned long type,
                                enum ka_snmp_type t, long v)
{
    struct ka_snmp_vb b;

    memset(&b, 0, sizeof b);
    memcpy(b.oid, ka_snmp_rfc_entry_oid, sizeof ka_snmp_rfc_entry_oid);
    b.oid[KA_SNMP_RFC_ENTRY_LEN] = col;
    b.oid[KA_SNMP_RFC_ENTRY_LEN + 1] = 3;
    b.oid[KA_SNMP_RFC_ENTRY_LEN + 2] = vrid;
    b.oid[KA_SNMP_RFC_ENTRY_LEN + 3] = type;
    b.oid_len = KA_SNMP_RFC_ENTRY_LEN + 4;
    b.type = t;
    b.num = v;
    return b;
}

/* Parse RFC 6527 varbinds vb[0..n): expect rc, a message with `needle`
 * when failing, else n_inst instances, the first named `first` in state st. */
static void expect_rfc_vb(const struct ka_snmp_vb *vb, size_t n, int rc, const char *needle,
                          size_t n_inst, const char *first, enum ka_state st)
{
    struct ka_view v;
    char err[256] = "";

    ka_view_init(&v);
    CU_ASSERT_EQUAL(ka_parse_snmp_rfc6527(vb, n, &v, err, sizeof err), rc);
    if (rc < 0) {
        CU_ASSERT_PTR_NOT_NULL(strstr(err, needle));
        if (!strstr(err, needle))
            fprintf(stderr, "expected '%s', got '%s'\n", needle, err);
    } else {
        CU_ASSERT_EQUAL(v.n, n_inst);
        if (v.n > 0 && n_inst > 0) {
            CU_ASSERT_STRING_EQUAL(v.inst[0].name, first);
            CU_ASSERT_EQUAL(v.inst[0].state, st);
        }
    }
    ka_view_free(&v);
}

static void test_rfc_hostile(void)
{
    struct ka_snmp_vb b[3];

    b[0] = vb_rfc(6, 61, 1, KA_SNMP_INTEGER, 3);
    b[1] = vb_rfc(7, 61, 1, KA_SNMP_UNSIGNED, 150);
    expect_rfc_vb(b, 2, 0, NULL, 1, "vrid61", KA_MASTER);
    b[0] = vb_rfc(6, 61, 1, KA_SNMP_INTEGER, 1);
    expect_rfc_vb(b, 2, 0, NULL, 1, "vrid61", KA_INIT);
    b[0] = vb_rfc(6, 61, 1, KA_SNMP_INTEGER, 7); /* not a status */
    expect_rfc_vb(b, 2, 0, NULL, 1, "vrid61", KA_UNKNOWN);
    expect_rfc_vb(&b[1], 1, 0, NULL, 1, "vrid61", KA_UNKNOWN); /* no status */
    b[0] = vb_rfc(6, 61, 2, KA_SNMP_INTEGER, 2);               /* the IPv6 row: its own */
    expect_rfc_vb(b, 2, 0, NULL, 2, "vrid61-ipv6", KA_BACKUP);
    b[0] = vb_rfc(6, 61, 1, KA_SNMP_STRING, 3);
    expect_rfc_vb(b, 2, -1, "status is not a number", 0, NULL, KA_UNKNOWN);
    b[0] = vb_rfc(7, 61, 1, KA_SNMP_UNSIGNED, 256);
    expect_rfc_vb(b, 1, -1, "priority 256 out of range", 0, NULL, KA_UNKNOWN);
    b[0] = vb_rfc(6, 256, 1, KA_SNMP_INTEGER, 3);
    expect_rfc_vb(b, 1, -1, "row index", 0, NULL, KA_UNKNOWN);
    b[0] = vb_rfc(6, 0, 1, KA_SNMP_INTEGER, 3);
    expect_rfc_vb(b, 1, -1, "row index", 0, NULL, KA_UNKNOWN);
    b[0] = vb_rfc(6, 61, 3, KA_SNMP_INTEGER, 3); /* no such address type */
    expect_rfc_vb(b, 1, -1, "row index", 0, NULL, KA_UNKNOWN);
    b[0] = vb_rfc(6, 61, 1, KA_SNMP_INTEGER, 3);
    b[2] = vb_rfc(6, 61, 1, KA_SNMP_INTEGER, 2);
    expect_rfc_vb(b, 3, -1, "column 6 twice", 0, NULL, KA_UNKNOWN);
    b[2].oid_len--; /* one index short */
    expect_rfc_vb(b, 3, -1, "outside vrrpv3OperationsTable", 0, NULL, KA_UNKNOWN);
    b[2] = vb_num(4, 1, KA_SNMP_INTEGER, 2); /* KEEPALIVED-MIB's */
    expect_rfc_vb(b, 3, -1, "outside vrrpv3OperationsTable", 0, NULL, KA_UNKNOWN);
    b[2] = vb_rfc(3, 61, 1, KA_SNMP_OTHER, 0); /* Hex-STRING master address: not read */
    expect_rfc_vb(b, 3, 0, NULL, 1, "vrid61", KA_MASTER);
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
        !CU_add_test(s, "walk text", test_walk_text) ||
        !CU_add_test(s, "RFC 6527: captured walks", test_rfc_fixtures) ||
        !CU_add_test(s, "RFC 6527: named after the group", test_rfc_group) ||
        !CU_add_test(s, "RFC 6527: hostile varbinds", test_rfc_hostile))
        return -1;
    return 0;
}
