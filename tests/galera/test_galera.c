/*
 * tests/galera/test_galera.c — unit tests of the Galera plugin's pure parts:
 * the wsrep status parser (on status captured from real nodes, and on hostile
 * values), the node address parser and the scoring rules.
 */
#include <CUnit/Basic.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/galera/galera.h"

#ifndef GAL_TEST_DATA
#define GAL_TEST_DATA "tests/galera/data"
#endif

static gal_assessment A; /* large: kept off the stack */

static char *slurp(const char *name, size_t *len)
{
    char path[512];
    FILE *f;
    char *buf = NULL;
    long n;

    snprintf(path, sizeof path, "%s/%s", GAL_TEST_DATA, name);
    f = fopen(path, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
        *len = (size_t)n;
    } else {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    return buf;
}

static int parse(const char *text, gal_status *st, char *err, size_t errlen)
{
    return gal_status_parse_text(text, strlen(text), st, err, errlen);
}

/* The rows a node needs, healthy; tests append or replace a row. */
#define OK_ROWS                                                                                    \
    "wsrep_cluster_status\tPrimary\n"                                                              \
    "wsrep_local_state\t4\n"                                                                       \
    "wsrep_local_state_comment\tSynced\n"                                                          \
    "wsrep_ready\tON\n"                                                                            \
    "wsrep_connected\tON\n"                                                                        \
    "wsrep_cluster_size\t3\n"                                                                      \
    "wsrep_cluster_state_uuid\tc81c77ba-e747-11f1-9a4c-a7a20ad7d627\n"

/* ---- parser on captured samples ---------------------------------------- */

static void test_sample_healthy(void)
{
    size_t len;
    char *buf = slurp("galera_wsrep_status_node1.txt", &len);
    gal_status st;
    char err[GAL_PERR_MAX] = "";

    CU_ASSERT_EQUAL(gal_status_parse_text(buf, len, &st, err, sizeof err), 0);
    CU_ASSERT_EQUAL(st.cluster_status, GAL_CS_PRIMARY);
    CU_ASSERT_EQUAL(st.local_state, GAL_LS_SYNCED);
    CU_ASSERT_STRING_EQUAL(st.local_state_comment, "Synced");
    CU_ASSERT_EQUAL(st.ready, 1);
    CU_ASSERT_EQUAL(st.connected, 1);
    CU_ASSERT_EQUAL(st.cluster_size, 3);
    CU_ASSERT_EQUAL(st.conf_id, 3);
    CU_ASSERT_STRING_EQUAL(st.state_uuid, "c81c77ba-e747-11f1-9a4c-a7a20ad7d627");
    CU_ASSERT_DOUBLE_EQUAL(st.recv_queue_avg, 0.1, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(st.fc_paused, 0.0, 1e-12);
    CU_ASSERT_STRING_EQUAL(st.evs_state, "OPERATIONAL");
    CU_ASSERT_FALSE(st.seen & GAL_F_DESYNC); /* a variable, not in STATUS */
    free(buf);
}

static void test_sample_nonprimary(void)
{
    size_t len;
    char *buf = slurp("galera_wsrep_status_nonprimary_survivor.txt", &len);
    gal_status st;
    char err[GAL_PERR_MAX] = "";

    CU_ASSERT_EQUAL(gal_status_parse_text(buf, len, &st, err, sizeof err), 0);
    CU_ASSERT_EQUAL(st.cluster_status, GAL_CS_NON_PRIMARY);
    CU_ASSERT_EQUAL(st.local_state, GAL_LS_INITIALIZED);
    CU_ASSERT_STRING_EQUAL(st.local_state_comment, "Initialized");
    CU_ASSERT_EQUAL(st.ready, 0);
    CU_ASSERT_EQUAL(st.connected, 1);
    CU_ASSERT_EQUAL(st.cluster_size, 1);
    CU_ASSERT(st.conf_id == GAL_CONF_ID_NONE); /* 18446744073709551615 */
    CU_ASSERT_DOUBLE_EQUAL(st.recv_queue_avg, 0.153846, 1e-12);
    free(buf);
}

static void test_sample_desynced(void)
{
    size_t len;
    char *buf = slurp("galera_wsrep_status_desynced.txt", &len);
    gal_status st;
    char err[GAL_PERR_MAX] = "";

    CU_ASSERT_EQUAL(gal_status_parse_text(buf, len, &st, err, sizeof err), 0);
    CU_ASSERT_EQUAL(st.local_state, GAL_LS_DONOR);
    CU_ASSERT_STRING_EQUAL(st.local_state_comment, "Donor/Desynced");
    CU_ASSERT_EQUAL(st.desync, 1);
    CU_ASSERT_TRUE(st.seen & GAL_F_DESYNC);
    CU_ASSERT_STRING_EQUAL(st.node_name, "node3");
    CU_ASSERT_STRING_EQUAL(st.cluster_name, "hascout-lab");
    free(buf);
}

static void test_sample_wsrep_off(void)
{
    /* a MariaDB server with the provider loaded but wsrep_on=OFF */
    size_t len;
    char *buf = slurp("galera_wsrep_status_wsrep_off.txt", &len);
    gal_status st;
    char err[GAL_PERR_MAX] = "";
    gal_node n;
    gal_policy p;

    CU_ASSERT_EQUAL(gal_status_parse_text(buf, len, &st, err, sizeof err), 0);
    CU_ASSERT_EQUAL(st.cluster_status, GAL_CS_DISCONNECTED);
    CU_ASSERT_FALSE(st.seen & GAL_F_LOCAL_STATE);
    CU_ASSERT_STRING_EQUAL(st.state_uuid, "");
    CU_ASSERT_EQUAL(st.cluster_size, 0);
    CU_ASSERT(st.conf_id == GAL_CONF_ID_NONE);
    CU_ASSERT_TRUE(st.seen & GAL_F_WSREP_ON);
    CU_ASSERT_EQUAL(st.wsrep_on, 0);
    free(buf);

    memset(&n, 0, sizeof n);
    memset(&p, 0, sizeof p);
    n.id = "plain:3306";
    n.reach = GAL_REACH_OK;
    n.st = st;
    p.expected_size = 1;
    p.min_primary = 1;
    gal_assess(&n, 1, &p, &A);
    CU_ASSERT_EQUAL(gal_assess_status(&A), HS_CRITICAL);
    CU_ASSERT_EQUAL(A.node[0], HS_STATE_DOWN);
    CU_ASSERT_EQUAL(A.cluster, HS_STATE_DOWN);
}

/* ---- parser on hostile input ------------------------------------------- */

static void expect_error(const char *text, const char *needle)
{
    gal_status st;
    char err[GAL_PERR_MAX] = "";
    int rc = parse(text, &st, err, sizeof err);
    CU_ASSERT_EQUAL(rc, -1);
    if (rc == -1 && !strstr(err, needle)) {
        fprintf(stderr, "\n  error '%s' lacks '%s'\n", err, needle);
        CU_FAIL("error message does not name the place");
    }
}

static void test_missing_rows(void)
{
    expect_error("", "missing rows: wsrep_cluster_status");
    expect_error("Variable_name\tValue\n", "wsrep_cluster_conf_id");
    /* everything but the conf id */
    expect_error(OK_ROWS, "missing row: wsrep_cluster_conf_id");
    expect_error("wsrep_cluster_conf_id\t4\n", "wsrep_ready");
    /* only a Disconnected node may lack wsrep_local_state */
    expect_error("wsrep_cluster_status\tPrimary\nwsrep_ready\tON\n"
                 "wsrep_connected\tON\nwsrep_cluster_size\t3\n"
                 "wsrep_cluster_state_uuid\t\nwsrep_cluster_conf_id\t4\n",
                 "missing row: wsrep_local_state");
    /* ... or one where wsrep was switched off at run time (seen in the lab) */
    {
        gal_status st;
        char err[GAL_PERR_MAX];
        CU_ASSERT_EQUAL(parse("wsrep_cluster_status\tPrimary\nwsrep_ready\tON\n"
                              "wsrep_connected\tON\nwsrep_cluster_size\t1\n"
                              "wsrep_cluster_state_uuid\t\nwsrep_cluster_conf_id\t1\n"
                              "wsrep_on\tOFF\n",
                              &st, err, sizeof err),
                        0);
        CU_ASSERT_EQUAL(st.wsrep_on, 0);
    }
}

static void test_not_numbers(void)
{
    expect_error(OK_ROWS "wsrep_cluster_conf_id\t12x\n",
                 "line 8: wsrep_cluster_conf_id: '12x' is not a whole number");
    expect_error("wsrep_cluster_size\t-3\n", "wsrep_cluster_size: '-3'");
    expect_error("wsrep_cluster_size\t\n", "wsrep_cluster_size: ''");
    expect_error("wsrep_local_state\t4.0\n", "wsrep_local_state");
    expect_error("wsrep_local_recv_queue_avg\tnan\n", "wsrep_local_recv_queue_avg: 'nan'");
    expect_error("wsrep_local_recv_queue_avg\tinf\n", "not a non-negative decimal");
    expect_error("wsrep_local_recv_queue_avg\t0x10\n", "'0x10'");
    expect_error("wsrep_flow_control_paused\t-0.5\n", "wsrep_flow_control_paused");
    expect_error("wsrep_flow_control_paused\t1e\n", "'1e'");
    expect_error("wsrep_flow_control_paused\t.\n", "'.'");
    expect_error("wsrep_ready\tmaybe\n", "wsrep_ready: 'maybe' is not ON or OFF");
    expect_error("wsrep_cluster_status\tPrimaryish\n", "is not Primary, non-Primary");
    expect_error("wsrep_cluster_state_uuid\tnot-a-uuid\n", "is not a UUID");
}

static void test_huge_values(void)
{
    gal_status st;
    char err[GAL_PERR_MAX] = "";

    /* 2^64-1 is the real "no configuration" id; one more overflows */
    CU_ASSERT_EQUAL(
        parse(OK_ROWS "wsrep_cluster_conf_id\t18446744073709551615\n", &st, err, sizeof err), 0);
    CU_ASSERT(st.conf_id == UINT64_MAX);
    expect_error(OK_ROWS "wsrep_cluster_conf_id\t18446744073709551616\n", "below 2^64");
    expect_error(OK_ROWS "wsrep_cluster_conf_id\t99999999999999999999999\n",
                 "wsrep_cluster_conf_id");
    expect_error("wsrep_cluster_size\t18446744073709551615\n", "out of range");
    expect_error("wsrep_local_state\t100\n", "at most 99");
    /* huge but finite decimals are kept, exponent overflow is refused */
    CU_ASSERT_EQUAL(parse(OK_ROWS "wsrep_cluster_conf_id\t1\n"
                                  "wsrep_local_recv_queue_avg\t1.5e300\n",
                          &st, err, sizeof err),
                    0);
    CU_ASSERT(st.recv_queue_avg > 1e299 && isfinite(st.recv_queue_avg));
    expect_error("wsrep_local_recv_queue_avg\t1e999\n", "wsrep_local_recv_queue_avg");
    CU_ASSERT_EQUAL(parse(OK_ROWS "wsrep_cluster_conf_id\t1\n"
                                  "wsrep_local_recv_queue_avg\t4.157e-06\n",
                          &st, err, sizeof err),
                    0);
    CU_ASSERT_DOUBLE_EQUAL(st.recv_queue_avg, 4.157e-06, 1e-15);
}

static void test_structure(void)
{
    gal_status st;
    char err[GAL_PERR_MAX] = "";
    char text[512];

    expect_error(OK_ROWS "wsrep_cluster_size\t3\n", "wsrep_cluster_size: given twice");
    expect_error("wsrep_ready ON\n", "line 1: no tab");
    expect_error("\tON\n", "line 1: empty name");
    /* a NUL byte in a value is quoted, not cut short */
    {
        static const char nul[] = "wsrep_evs_state\tOPER\0ATIONAL\n";
        CU_ASSERT_EQUAL(gal_status_parse_text(nul, sizeof nul - 1, &st, err, sizeof err), -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, "OPER\\x00ATIONAL"));
    }
    /* text longer than the field */
    memset(text, 0, sizeof text);
    strcpy(text, "wsrep_evs_state\t");
    memset(text + strlen(text), 'A', 100);
    expect_error(text, "too long");
    /* CRLF line ends, blank lines, unknown rows and case are fine */
    CU_ASSERT_EQUAL(parse("Variable_name\tValue\r\n\r\n"
                          "WSREP_CLUSTER_STATUS\tnon-primary\r\n"
                          "wsrep_local_state\t0\r\nwsrep_ready\toff\r\n"
                          "wsrep_connected\t1\r\nwsrep_cluster_size\t1\r\n"
                          "wsrep_cluster_state_uuid\tC81C77BA-E747-11F1-9A4C-A7A20AD7D627\r\n"
                          "wsrep_cluster_conf_id\t18446744073709551615\r\n"
                          "wsrep_something_new\t\x01\x02 whatever\r\n"
                          "wsrep_evs_state\tGATHER",
                          &st, err, sizeof err),
                    0);
    CU_ASSERT_EQUAL(st.cluster_status, GAL_CS_NON_PRIMARY);
    CU_ASSERT_EQUAL(st.ready, 0);
    CU_ASSERT_EQUAL(st.connected, 1);
    CU_ASSERT_STRING_EQUAL(st.evs_state, "GATHER");
}

/* ---- node addresses ---------------------------------------------------- */

static void test_addr(void)
{
    gal_addr a;
    char why[200];

    CU_ASSERT_EQUAL(gal_addr_parse("127.0.0.1:24001", &a, why, sizeof why), 0);
    CU_ASSERT_STRING_EQUAL(a.host, "127.0.0.1");
    CU_ASSERT_EQUAL(a.port, 24001);
    CU_ASSERT_FALSE(a.is_socket);
    CU_ASSERT_EQUAL(gal_addr_parse("db-1.example", &a, why, sizeof why), 0);
    CU_ASSERT_EQUAL(a.port, 3306);
    CU_ASSERT_EQUAL(gal_addr_parse("[2001:db8::5]:3307", &a, why, sizeof why), 0);
    CU_ASSERT_STRING_EQUAL(a.host, "2001:db8::5");
    CU_ASSERT_EQUAL(a.port, 3307);
    CU_ASSERT_EQUAL(gal_addr_parse("unix:/run/mysqld/mysqld.sock", &a, why, sizeof why), 0);
    CU_ASSERT_TRUE(a.is_socket);
    CU_ASSERT_STRING_EQUAL(a.socket, "/run/mysqld/mysqld.sock");
    CU_ASSERT_EQUAL(gal_addr_parse("/tmp/x.sock", &a, why, sizeof why), 0);

    CU_ASSERT_EQUAL(gal_addr_parse("", &a, why, sizeof why), -1);
    CU_ASSERT_EQUAL(gal_addr_parse("h:0", &a, why, sizeof why), -1);
    CU_ASSERT_EQUAL(gal_addr_parse("h:65536", &a, why, sizeof why), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(why, "1..65535"));
    CU_ASSERT_EQUAL(gal_addr_parse("h:", &a, why, sizeof why), -1);
    CU_ASSERT_EQUAL(gal_addr_parse("2001:db8::5", &a, why, sizeof why), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(why, "[ADDR]:PORT"));
    CU_ASSERT_EQUAL(gal_addr_parse("[::1", &a, why, sizeof why), -1);
    CU_ASSERT_EQUAL(gal_addr_parse("[::1]x", &a, why, sizeof why), -1);
    CU_ASSERT_EQUAL(gal_addr_parse("unix:rel.sock", &a, why, sizeof why), -1);
    CU_ASSERT_EQUAL(gal_addr_parse("bad host:1", &a, why, sizeof why), -1);
    {
        char longp[300] = "/";
        memset(longp + 1, 'p', 200);
        CU_ASSERT_EQUAL(gal_addr_parse(longp, &a, why, sizeof why), -1);
    }
}

/* ---- scoring rules ----------------------------------------------------- */

static gal_policy policy(void)
{
    gal_policy p;
    char e[100];
    memset(&p, 0, sizeof p);
    p.expected_size = 3;
    p.min_primary = 2;
    p.donor_status = HS_WARNING;
    CU_ASSERT_EQUAL(hs_range_parse("0.1", &p.warn_fc, e, sizeof e), 0);
    CU_ASSERT_EQUAL(hs_range_parse("10", &p.warn_rq, e, sizeof e), 0);
    return p;
}

static void healthy(gal_node *n, const char *id, unsigned size, uint64_t conf)
{
    char err[GAL_PERR_MAX];
    char text[600];
    memset(n, 0, sizeof *n);
    n->id = id;
    n->reach = GAL_REACH_OK;
    snprintf(text, sizeof text,
             "wsrep_cluster_status\tPrimary\nwsrep_local_state\t4\n"
             "wsrep_local_state_comment\tSynced\nwsrep_ready\tON\n"
             "wsrep_connected\tON\nwsrep_cluster_size\t%u\n"
             "wsrep_cluster_state_uuid\tc81c77ba-e747-11f1-9a4c-a7a20ad7d627\n"
             "wsrep_cluster_conf_id\t%llu\n",
             size, (unsigned long long)conf);
    CU_ASSERT_EQUAL(gal_status_parse_text(text, strlen(text), &n->st, err, sizeof err), 0);
}

static int has_reason(const gal_assessment *a, hs_status s, const char *needle)
{
    size_t i;
    for (i = 0; i < a->nreasons; i++)
        if (a->reasons[i].status == s && strstr(a->reasons[i].text, needle))
            return 1;
    return 0;
}

static void test_assess_healthy(void)
{
    gal_node n[3];
    gal_policy p = policy();
    healthy(&n[0], "a:1", 3, 7);
    healthy(&n[1], "b:1", 3, 7);
    healthy(&n[2], "c:1", 3, 7);
    gal_assess(n, 3, &p, &A);
    CU_ASSERT_EQUAL(gal_assess_status(&A), HS_OK);
    CU_ASSERT_EQUAL(A.nreasons, 0);
    CU_ASSERT_EQUAL(A.cluster, HS_STATE_UP);
    CU_ASSERT_EQUAL(A.node[2], HS_STATE_UP);
    CU_ASSERT_EQUAL(A.primary_size, 3);
    CU_ASSERT_DOUBLE_EQUAL(A.health, 100, 1e-9);
}

static void test_assess_one_down(void)
{
    gal_node n[3];
    gal_policy p = policy();
    healthy(&n[0], "a:1", 2, 8);
    healthy(&n[1], "b:1", 2, 8);
    memset(&n[2], 0, sizeof n[2]);
    n[2].id = "c:1";
    n[2].reach = GAL_REACH_DOWN;
    strcpy(n[2].error, "connect: Can't connect (111)");
    gal_assess(n, 3, &p, &A);
    CU_ASSERT_EQUAL(gal_assess_status(&A), HS_WARNING);
    CU_ASSERT_TRUE(has_reason(&A, HS_WARNING, "node c:1 down"));
    CU_ASSERT_TRUE(has_reason(&A, HS_WARNING, "size 2 below the expected 3"));
    CU_ASSERT_EQUAL(A.node[2], HS_STATE_DOWN);
    CU_ASSERT_EQUAL(A.cluster, HS_STATE_DEGRADED);
    CU_ASSERT_DOUBLE_EQUAL(A.health, 200.0 / 3, 1e-9);
}

static void test_assess_nonprimary_and_quorum(void)
{
    gal_node n[3];
    gal_policy p = policy();
    size_t len;
    char *buf = slurp("galera_wsrep_status_nonprimary_survivor.txt", &len);
    char err[GAL_PERR_MAX];

    memset(n, 0, sizeof n);
    n[0].id = "a:1";
    n[1].id = "b:1";
    n[1].reach = n[0].reach = GAL_REACH_DOWN;
    n[2].id = "c:1";
    n[2].reach = GAL_REACH_OK;
    CU_ASSERT_EQUAL(gal_status_parse_text(buf, len, &n[2].st, err, sizeof err), 0);
    gal_assess(n, 3, &p, &A);
    CU_ASSERT_EQUAL(gal_assess_status(&A), HS_CRITICAL);
    CU_ASSERT_TRUE(has_reason(&A, HS_CRITICAL, "node c:1 is non-Primary"));
    CU_ASSERT_TRUE(has_reason(&A, HS_CRITICAL, "wsrep_ready is OFF"));
    CU_ASSERT_TRUE(has_reason(&A, HS_CRITICAL, "no reachable node is in a Primary"));
    CU_ASSERT_EQUAL(A.node[2], HS_STATE_DOWN);
    CU_ASSERT_EQUAL(A.cluster, HS_STATE_DOWN);
    CU_ASSERT_DOUBLE_EQUAL(A.health, 0, 1e-9);

    /* the other two answer from a Primary component of 2: a partition,
     * named from both sides */
    healthy(&n[0], "a:1", 2, 9);
    healthy(&n[1], "b:1", 2, 9);
    gal_assess(n, 3, &p, &A);
    CU_ASSERT_TRUE(has_reason(&A, HS_CRITICAL,
                              "partition: c:1 (non-Primary, sees 1 node(s)) is cut off from the "
                              "Primary component of 2 node(s): a:1, b:1"));
    CU_ASSERT_EQUAL(A.cluster, HS_STATE_DEGRADED);
    n[0].reach = n[1].reach = GAL_REACH_DOWN;

    /* a Primary component of one out of an expected three */
    healthy(&n[2], "c:1", 1, 9);
    gal_assess(n, 3, &p, &A);
    CU_ASSERT_TRUE(has_reason(&A, HS_CRITICAL, "fewer than the minimum 2"));
    free(buf);
}

static void test_assess_split_brain(void)
{
    gal_node n[2];
    gal_policy p = policy();
    p.expected_size = 2;
    p.min_primary = 1;
    healthy(&n[0], "a:1", 1, 5);
    healthy(&n[1], "b:1", 1, 6);
    gal_assess(n, 2, &p, &A);
    CU_ASSERT_TRUE(has_reason(&A, HS_CRITICAL, "split brain"));
    CU_ASSERT_EQUAL(A.cluster, HS_STATE_DOWN);
}

static void test_assess_donor_and_queues(void)
{
    gal_node n[3];
    gal_policy p = policy();
    healthy(&n[0], "a:1", 3, 7);
    healthy(&n[1], "b:1", 3, 7);
    healthy(&n[2], "c:1", 3, 7);
    n[2].st.local_state = GAL_LS_DONOR;
    strcpy(n[2].st.local_state_comment, "Donor/Desynced");
    gal_assess(n, 3, &p, &A);
    CU_ASSERT_EQUAL(gal_assess_status(&A), HS_WARNING);
    CU_ASSERT_TRUE(has_reason(&A, HS_WARNING, "node c:1 is Donor/Desynced"));
    CU_ASSERT_EQUAL(A.node[2], HS_STATE_DEGRADED);

    p.donor_status = HS_OK; /* backups expected: does not warn */
    gal_assess(n, 3, &p, &A);
    CU_ASSERT_EQUAL(gal_assess_status(&A), HS_OK);

    n[0].st.fc_paused = 0.5;
    n[1].st.recv_queue_avg = 25;
    n[1].st.local_state = GAL_LS_JOINED;
    strcpy(n[1].st.local_state_comment, "Joined");
    gal_assess(n, 3, &p, &A);
    CU_ASSERT_TRUE(has_reason(&A, HS_WARNING, "node a:1: flow control paused 50.0%"));
    CU_ASSERT_TRUE(has_reason(&A, HS_WARNING, "node b:1: receive queue averages 25"));
    CU_ASSERT_TRUE(has_reason(&A, HS_WARNING, "node b:1 is Joined"));

    n[0].st.connected = 0;
    gal_assess(n, 3, &p, &A);
    CU_ASSERT_TRUE(has_reason(&A, HS_CRITICAL, "wsrep_connected is OFF"));
}

static void test_assess_partial_view(void)
{
    /* a target that lists one node of three still sees the whole size */
    gal_node n[1];
    gal_policy p = policy();
    healthy(&n[0], "unix:/run/mysqld/mysqld.sock", 3, 7);
    gal_assess(n, 1, &p, &A);
    CU_ASSERT_EQUAL(gal_assess_status(&A), HS_OK);
    CU_ASSERT_EQUAL(A.cluster, HS_STATE_UP);
    CU_ASSERT_DOUBLE_EQUAL(A.health, 100, 1e-9);
    n[0].st.local_state = GAL_LS_DONOR;
    p.donor_status = HS_OK;
    gal_assess(n, 1, &p, &A);
    CU_ASSERT_EQUAL(gal_assess_status(&A), HS_OK);
    CU_ASSERT_EQUAL(A.cluster, HS_STATE_DEGRADED);
    CU_ASSERT_DOUBLE_EQUAL(A.health, 200.0 / 3, 1e-9);
}

static void test_assess_unreachable(void)
{
    gal_node n[2];
    gal_policy p = policy();
    p.expected_size = 2;
    p.min_primary = 2;
    healthy(&n[0], "a:1", 2, 7);
    memset(&n[1], 0, sizeof n[1]);
    n[1].id = "b:1";
    n[1].reach = GAL_REACH_FAILED;
    strcpy(n[1].error, "connect: Lost connection (error 2013)");
    gal_assess(n, 2, &p, &A);
    CU_ASSERT_EQUAL(gal_assess_status(&A), HS_WARNING);
    CU_ASSERT_TRUE(has_reason(&A, HS_WARNING, "node b:1 unreachable: connect: Lost"));
    CU_ASSERT_EQUAL(A.node[1], HS_STATE_UNKNOWN);
}

int main(void)
{
    static const struct {
        const char *name;
        CU_TestFunc fn;
    } tests[] = {
        {"sample: healthy node", test_sample_healthy},
        {"sample: non-Primary survivor", test_sample_nonprimary},
        {"sample: desynced node", test_sample_desynced},
        {"sample: wsrep_on=OFF server", test_sample_wsrep_off},
        {"hostile: missing rows", test_missing_rows},
        {"hostile: non-numeric numbers", test_not_numbers},
        {"hostile: huge values", test_huge_values},
        {"hostile: structure", test_structure},
        {"addresses", test_addr},
        {"assess: healthy", test_assess_healthy},
        {"assess: one node down", test_assess_one_down},
        {"assess: non-Primary, quorum", test_assess_nonprimary_and_quorum},
        {"assess: split brain", test_assess_split_brain},
        {"assess: donor, queues, flags", test_assess_donor_and_queues},
        {"assess: unreachable node", test_assess_unreachable},
        {"assess: one node of three listed", test_assess_partial_view},
    };
    CU_pSuite s;
    size_t i;
    unsigned failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("galera", NULL, NULL);
    for (i = 0; s && i < sizeof tests / sizeof tests[0]; i++)
        if (!CU_add_test(s, tests[i].name, tests[i].fn))
            s = NULL;
    if (!s) {
        CU_cleanup_registry();
        return 1;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
