/*
 * test_haproxy.c — unit tests of the HAProxy plugin's pure part: the CSV
 * parser (captured samples from a real haproxy 2.6 and hostile input), the
 * grouping into backends and the scoring rules.
 */
#include <CUnit/Basic.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/haproxy/haproxy.h"
#include "tests/haproxy/fixture.h"

#ifndef HAP_TEST_DATA
#define HAP_TEST_DATA "tests/haproxy/data"
#endif

/* ---- helpers ------------------------------------------------------------ */

static char *slurp(const char *name, size_t *len)
{
    char path[1024];

    snprintf(path, sizeof path, "%s/%s", HAP_TEST_DATA, name);
    return hap_fixture_read(path, len);
}

/* Parse a fixture file; fails the test when it cannot be read or parsed. */
static int parse_file(const char *name, struct hap_stats *s)
{
    char err[512];
    size_t len = 0;
    char *buf = slurp(name, &len);
    int rc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    rc = hap_stats_parse(buf, len, s, err, sizeof err);
    if (rc != 0) {
        fprintf(stderr, "\n%s: %s\n", name, err);
        hap_stats_free(s);
    }
    free(buf);
    return rc;
}

/* Parse text that must fail; returns the message (static buffer).
 * len (size_t)-1 means strlen(text). */
static const char *parse_error(const char *text, size_t len)
{
    static char err[512];
    struct hap_stats s;
    int rc;

    if (len == (size_t)-1)
        len = strlen(text);
    strcpy(err, "(no error)");
    rc = hap_stats_parse(text, len, &s, err, sizeof err);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_EQUAL(s.nrows, 0);
    hap_stats_free(&s);
    return err;
}

static const struct hap_row *find(const struct hap_stats *s, const char *px, const char *sv)
{
    size_t i;

    for (i = 0; i < s->nrows; i++)
        if (strcmp(s->rows[i].pxname, px) == 0 && strcmp(s->rows[i].svname, sv) == 0)
            return &s->rows[i];
    return NULL;
}

struct alerts {
    int n;
    hs_status worst;
    char text[32][1024];
    hs_status st[32];
};

static void collect(void *ctx, hs_status st, const char *text)
{
    struct alerts *a = ctx;

    if (a->n < 32) {
        snprintf(a->text[a->n], sizeof a->text[0], "%s", text);
        a->st[a->n] = st;
    }
    a->n++;
    if (st > a->worst)
        a->worst = st;
}

static int any_alert(const struct alerts *a, hs_status st, const char *needle)
{
    int i;

    for (i = 0; i < a->n && i < 32; i++)
        if (a->st[i] == st && strstr(a->text[i], needle))
            return 1;
    return 0;
}

static void default_limits(struct hap_limits *l)
{
    char e[128];

    memset(l, 0, sizeof *l);
    l->min_up = 1;
    CU_ASSERT_EQUAL_FATAL(hs_range_parse("80", &l->warn_sessions, e, sizeof e), 0);
    CU_ASSERT_EQUAL_FATAL(hs_range_parse("95", &l->crit_sessions, e, sizeof e), 0);
}

/* Parse text, build the view under f and judge it with l. */
static double judge_text(const char *text, const struct hap_filter *f, const struct hap_limits *l,
                         struct alerts *a)
{
    struct hap_stats s;
    struct hap_view v;
    char err[512];
    double h = NAN;

    memset(a, 0, sizeof *a);
    if (hap_stats_parse(text, strlen(text), &s, err, sizeof err) != 0) {
        fprintf(stderr, "\nparse: %s\n", err);
        CU_FAIL("parse failed");
        hap_stats_free(&s);
        return NAN;
    }
    CU_ASSERT_EQUAL(hap_view_build(&s, f, &v, err, sizeof err), 0);
    h = hap_judge(&v, l, collect, a);
    hap_view_free(&v);
    hap_stats_free(&s);
    return h;
}

static double judge_file(const char *name, const struct hap_filter *f, const struct hap_limits *l,
                         struct alerts *a)
{
    size_t len = 0;
    char *buf = slurp(name, &len);
    double h;

    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    h = judge_text(buf, f, l, a);
    free(buf);
    return h;
}

/* ---- parser: captured samples ----------------------------------------- */

static void test_sample_before(void)
{
    struct hap_stats s;
    const struct hap_row *r;

    CU_ASSERT_EQUAL_FATAL(parse_file("hap_stats_before.csv", &s), 0);
    CU_ASSERT_EQUAL(s.nrows, 10);
    CU_ASSERT_EQUAL(s.ncolumns, 128);
    r = find(&s, "fe_web", "FRONTEND");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->type, HAP_TYPE_FRONTEND);
    CU_ASSERT_EQUAL(r->status, HAP_ST_OPEN);
    CU_ASSERT_DOUBLE_EQUAL(r->slim, 256, 0);
    CU_ASSERT(isnan(r->qcur));
    r = find(&s, "be_web", "web1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->type, HAP_TYPE_SERVER);
    CU_ASSERT_EQUAL(r->status, HAP_ST_UP);
    CU_ASSERT_STRING_EQUAL(r->check_status, "L7OK");
    CU_ASSERT_DOUBLE_EQUAL(r->check_code, 200, 0);
    CU_ASSERT_STRING_EQUAL(r->check_desc, "Layer7 check passed");
    CU_ASSERT_STRING_EQUAL(r->addr, "127.0.0.1:28101");
    CU_ASSERT_DOUBLE_EQUAL(r->lastchg, 14, 0);
    CU_ASSERT_DOUBLE_EQUAL(r->act, 1, 0);
    CU_ASSERT_DOUBLE_EQUAL(r->uweight, 1, 0);
    CU_ASSERT_EQUAL(find(&s, "be_web", "web3")->status, HAP_ST_MAINT);
    CU_ASSERT_EQUAL(find(&s, "be_web", "web4")->status, HAP_ST_NOCHECK);
    r = find(&s, "be_web", "BACKEND");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->type, HAP_TYPE_BACKEND);
    CU_ASSERT_DOUBLE_EQUAL(r->act, 3, 0);
    CU_ASSERT_EQUAL(r->line, 7);
    hap_stats_free(&s);
}

static void test_sample_down(void)
{
    struct hap_stats s;
    const struct hap_row *r;

    CU_ASSERT_EQUAL_FATAL(parse_file("hap_stats_after_kill.csv", &s), 0);
    r = find(&s, "be_web", "web2");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->status, HAP_ST_DOWN);
    CU_ASSERT_EQUAL(r->trans_max, 0);
    CU_ASSERT_STRING_EQUAL(r->check_status, "L4CON");
    CU_ASSERT_STRING_EQUAL(r->check_desc, "Layer4 connection problem");
    CU_ASSERT(isnan(r->check_code));
    hap_stats_free(&s);

    CU_ASSERT_EQUAL_FATAL(parse_file("hap_show_stat_web2_L7TOUT.csv", &s), 0);
    r = find(&s, "be_web", "web2");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_STRING_EQUAL(r->check_status, "L7TOUT");
    CU_ASSERT_STRING_EQUAL(r->check_desc, "Layer7 timeout");
    hap_stats_free(&s);

    CU_ASSERT_EQUAL_FATAL(parse_file("hap_stats_after_recover.csv", &s), 0);
    CU_ASSERT_EQUAL(find(&s, "be_web", "web2")->status, HAP_ST_UP);
    hap_stats_free(&s);
}

/* The socket's reply ends with a blank line; same rows as the page. */
static void test_sample_socket(void)
{
    struct hap_stats s;
    const char *e;
    size_t len = 0;
    char *info;

    CU_ASSERT_EQUAL_FATAL(parse_file("hap_sock_show_stat.txt", &s), 0);
    CU_ASSERT_EQUAL(s.nrows, 10);
    CU_ASSERT_PTR_NOT_NULL(find(&s, "stats_auth", "BACKEND"));
    hap_stats_free(&s);

    info = slurp("hap_sock_show_info.txt", &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(info);
    e = parse_error(info, len);
    CU_ASSERT_PTR_NOT_NULL(strstr(e, "line 1: no HAProxy CSV header"));
    CU_ASSERT_PTR_NOT_NULL(strstr(e, "Name: HAProxy"));
    free(info);
}

static void test_quoted(void)
{
    struct hap_stats s;
    const struct hap_row *r;

    CU_ASSERT_EQUAL_FATAL(parse_file("quoted.csv", &s), 0);
    CU_ASSERT_EQUAL(s.nrows, 4);
    r = find(&s, "be,odd", "s \"one\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_STRING_EQUAL(r->check_desc, "Layer7 check passed, \"fine\"");
    CU_ASSERT_STRING_EQUAL(r->addr, "127.0.0.1:1");
    r = find(&s, "be,odd", "s2");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->status, HAP_ST_DOWN);
    CU_ASSERT_PTR_NOT_NULL(strstr(r->check_desc, "\nsecond line"));
    CU_ASSERT_STRING_EQUAL(r->addr, "127.0.0.1:2"); /* CRLF stripped */
    CU_ASSERT_EQUAL(r->line, 5);
    CU_ASSERT_DOUBLE_EQUAL(r->downtime, 42, 0);
    hap_stats_free(&s);
}

/* Columns in another order, no `type`, `uweight` or `check_desc`. */
static void test_old_layout(void)
{
    struct hap_stats s;
    const struct hap_row *r;

    CU_ASSERT_EQUAL_FATAL(parse_file("old_no_type.csv", &s), 0);
    CU_ASSERT_EQUAL(s.nrows, 4);
    CU_ASSERT_EQUAL(find(&s, "www", "FRONTEND")->type, HAP_TYPE_FRONTEND);
    CU_ASSERT_EQUAL(find(&s, "app", "BACKEND")->type, HAP_TYPE_BACKEND);
    r = find(&s, "app", "app2");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->type, HAP_TYPE_SERVER);
    CU_ASSERT_DOUBLE_EQUAL(r->weight, 30, 0);
    CU_ASSERT(isnan(r->uweight));
    CU_ASSERT_STRING_EQUAL(r->check_desc, "");
    hap_stats_free(&s);
}

static void test_status_words(void)
{
    int cur, max;

    CU_ASSERT_EQUAL(hap_status_parse("UP", &cur, &max), HAP_ST_UP);
    CU_ASSERT_EQUAL(max, 0);
    CU_ASSERT_EQUAL(hap_status_parse("UP 1/2", &cur, &max), HAP_ST_UP);
    CU_ASSERT(cur == 1 && max == 2);
    CU_ASSERT_EQUAL(hap_status_parse("DOWN 2/3", &cur, &max), HAP_ST_DOWN);
    CU_ASSERT(cur == 2 && max == 3);
    CU_ASSERT_EQUAL(hap_status_parse("NOLB 1/2", &cur, &max), HAP_ST_NOLB);
    CU_ASSERT_EQUAL(hap_status_parse("MAINT", &cur, &max), HAP_ST_MAINT);
    CU_ASSERT_EQUAL(hap_status_parse("MAINT (via b/s)", &cur, &max), HAP_ST_MAINT);
    CU_ASSERT_EQUAL(hap_status_parse("MAINT (resolution)", &cur, &max), HAP_ST_MAINT);
    CU_ASSERT_EQUAL(hap_status_parse("DRAIN (agent)", &cur, &max), HAP_ST_DRAIN);
    CU_ASSERT_EQUAL(hap_status_parse("no check", &cur, &max), HAP_ST_NOCHECK);
    CU_ASSERT_EQUAL(hap_status_parse("OPEN", &cur, &max), HAP_ST_OPEN);
    CU_ASSERT_EQUAL(hap_status_parse("STOP", &cur, &max), HAP_ST_STOP);
    CU_ASSERT_EQUAL(hap_status_parse("FULL", &cur, &max), HAP_ST_FULL);
    CU_ASSERT_EQUAL(hap_status_parse("", &cur, &max), HAP_ST_EMPTY);
    CU_ASSERT_EQUAL(hap_status_parse("UPPER", &cur, &max), HAP_ST_UNKNOWN);
    CU_ASSERT_EQUAL(hap_status_parse("UP x/y", &cur, &max), HAP_ST_UP);
    CU_ASSERT_EQUAL(max, 0);
    CU_ASSERT_EQUAL(hap_status_parse("weird", &cur, &max), HAP_ST_UNKNOWN);
}

static void test_transitions(void)
{
    struct hap_stats s;
    const struct hap_row *r;

    CU_ASSERT_EQUAL_FATAL(parse_file("transitions.csv", &s), 0);
    r = find(&s, "be", "s1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->status, HAP_ST_UP);
    CU_ASSERT_EQUAL(r->trans_max, 2);
    CU_ASSERT_EQUAL(r->check_running, 1);
    CU_ASSERT_STRING_EQUAL(r->check_status, "L7TOUT");
    CU_ASSERT_EQUAL(hap_server_state(r), HS_STATE_DEGRADED);
    r = find(&s, "be", "s2");
    CU_ASSERT_EQUAL(r->status, HAP_ST_DOWN);
    CU_ASSERT_EQUAL(hap_server_state(r), HS_STATE_DOWN);
    CU_ASSERT_EQUAL(hap_server_use(r, 0), HAP_USE_DOWN);
    CU_ASSERT_EQUAL(hap_server_use(find(&s, "be", "s3"), 0), HAP_USE_ADMIN);
    CU_ASSERT_EQUAL(hap_server_use(find(&s, "be", "s4"), 0), HAP_USE_ADMIN);
    CU_ASSERT_EQUAL(hap_server_use(find(&s, "be", "s5"), 0), HAP_USE_ADMIN);
    CU_ASSERT_EQUAL(hap_server_use(find(&s, "be", "s5"), 1), HAP_USE_DOWN);
    CU_ASSERT_EQUAL(hap_server_use(find(&s, "be", "s6"), 0), HAP_USE_UP);
    CU_ASSERT_EQUAL(hap_frontend_state(find(&s, "fe_b", "FRONTEND")), HS_STATE_DOWN);
    hap_stats_free(&s);
}

/* ---- parser: hostile input -------------------------------------------- */

#define HDR "# pxname,svname,scur,slim,status,type,\n"

static void test_hostile_small(void)
{
    const char *e;
    static const char nul[] = HDR "a,b,1,2,UP,2,\nx\0y,b,1,2,UP,2,\n";

    e = parse_error("", (size_t)-1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e, "empty input"));
    e = parse_error("\n\n\n", (size_t)-1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e, "empty input"));
    e = parse_error("be,web1,0,1,UP,2\n", (size_t)-1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e, "line 1: no HAProxy CSV header"));
    e = parse_error("# pxname,svname,scur\nbe,s,1\n", (size_t)-1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e, "required column 'status'"));
    e = parse_error(HDR "be,s,abc,2,UP,2,\n", (size_t)-1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e, "line 2, column 'scur': 'abc' is not"));
    e = parse_error(HDR "be,s,1,2,UP,2,\nbe,s2,1e999,2,UP,2,\n", (size_t)-1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e, "line 3, column 'scur'"));
    e = parse_error(HDR "be,s,1,2,UP,7,\n", (size_t)-1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e, "column 'type'"));
    e = parse_error(HDR ",s,1,2,UP,2,\n", (size_t)-1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e, "line 2: empty pxname"));
    e = parse_error(HDR "be,s,1,2\n", (size_t)-1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e, "line 2: row has 4 fields"));
    e = parse_error(HDR "\"be,s,1,2,UP,2,\n", (size_t)-1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e, "line 2: quoted field never closed"));
    e = parse_error(HDR "\"be\"x,s,1,2,UP,2,\n", (size_t)-1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e, "after a closing quote"));
    e = parse_error(nul, sizeof nul - 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e, "line 3: NUL byte"));
    /* Columns a future HAProxy may add are ignored, wherever they are. */
    {
        static const char future[] = "# future_a,pxname,svname,x y z,status,type,-,\n"
                                     "1,be,s1,q,UP,2,-,\n";
        struct hap_stats s;
        char err[256];

        CU_ASSERT_EQUAL(hap_stats_parse(future, strlen(future), &s, err, sizeof err), 0);
        CU_ASSERT_EQUAL(s.nrows, 1);
        CU_ASSERT_EQUAL(s.ncolumns, 7);
        if (s.nrows == 1)
            CU_ASSERT_STRING_EQUAL(s.rows[0].svname, "s1");
        hap_stats_free(&s);
    }
    /* A socket error reply instead of CSV. */
    e = parse_error("Permission denied\n\n", (size_t)-1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e, "got 'Permission denied'"));
}

/* Every prefix of a real reply either parses or fails with a line number:
 * this is what a connection cut at any byte looks like. */
static void test_truncated_everywhere(void)
{
    size_t len = 0, cut, ok = 0, failed = 0;
    char *buf = slurp("hap_stats_after_kill.csv", &len);

    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    for (cut = 0; cut <= len; cut++) {
        struct hap_stats s;
        char err[256] = "";

        if (hap_stats_parse(buf, cut, &s, err, sizeof err) == 0) {
            ok++;
        } else {
            failed++;
            CU_ASSERT_PTR_NOT_NULL(strstr(err, "line "));
            CU_ASSERT_EQUAL(s.nrows, 0);
        }
        hap_stats_free(&s);
    }
    CU_ASSERT(ok > 0 && failed > 0);
    free(buf);
}

static void test_huge_lines(void)
{
    const size_t big = 1 << 20;
    char *buf = malloc(big + 256), *e;
    struct hap_stats s;
    char err[256];
    size_t n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    /* 1 MB of letters where the header should be. */
    memset(buf, 'A', big);
    e = (char *)parse_error(buf, big);
    CU_ASSERT_PTR_NOT_NULL(strstr(e, "no HAProxy CSV header"));
    CU_ASSERT(strlen(e) < 200);
    /* 1 MB of commas: too many fields, refused before eating memory. */
    memset(buf, ',', big);
    memcpy(buf, "# pxname", 8);
    e = (char *)parse_error(buf, big);
    CU_ASSERT_PTR_NOT_NULL(strstr(e, "more than 4096 fields"));
    /* A legal row with a 1 MB check_desc is just data. */
    n = (size_t)sprintf(buf, "# pxname,svname,status,check_desc\nbe,s,UP,");
    memset(buf + n, 'x', big);
    buf[n + big] = '\n';
    CU_ASSERT_EQUAL(hap_stats_parse(buf, n + big + 1, &s, err, sizeof err), 0);
    CU_ASSERT_EQUAL(s.nrows, 1);
    if (s.nrows == 1)
        CU_ASSERT_EQUAL(strlen(s.rows[0].check_desc), big);
    hap_stats_free(&s);
    free(buf);
}

static void test_binary_garbage(void)
{
    unsigned seed = 12345;
    char buf[4096], err[256];
    int i;

    for (i = 0; i < 2000; i++) {
        struct hap_stats s;
        size_t n = (size_t)(i * 7 % (int)sizeof buf), k;

        for (k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            buf[k] = (char)(seed >> 16);
        }
        /* Half of the cases start with a valid header, to reach rows. */
        if (i % 2 && n > 40)
            memcpy(buf, "# pxname,svname,status,type,scur\n", 33);
        err[0] = '\0';
        if (hap_stats_parse(buf, n, &s, err, sizeof err) != 0)
            CU_ASSERT(err[0] != '\0');
        hap_stats_free(&s);
    }
}

/* ---- view and judge --------------------------------------------------- */

static void test_judge_all_up(void)
{
    struct hap_filter f = {0};
    struct hap_limits l;
    struct alerts a;
    double h;

    default_limits(&l);
    h = judge_file("hap_stats_before.csv", &f, &l, &a);
    CU_ASSERT_EQUAL(a.n, 0);
    CU_ASSERT_DOUBLE_EQUAL(h, 100, 1e-9);
    /* MAINT counted as lost when asked. */
    f.maint_is_down = 1;
    h = judge_file("hap_stats_before.csv", &f, &l, &a);
    CU_ASSERT_EQUAL(a.worst, HS_WARNING);
    CU_ASSERT(any_alert(&a, HS_WARNING,
                        "backend be_web: lost redundancy, "
                        "3 of 4 servers up: web3 MAINT"));
    CU_ASSERT_DOUBLE_EQUAL(h, 75, 1e-9);
}

static void test_judge_one_down(void)
{
    struct hap_filter f = {0};
    struct hap_limits l;
    struct alerts a;
    double h;

    default_limits(&l);
    h = judge_file("hap_stats_after_kill.csv", &f, &l, &a);
    CU_ASSERT_EQUAL(a.n, 1);
    CU_ASSERT(any_alert(&a, HS_WARNING,
                        "web2 DOWN (L4CON: Layer4 "
                        "connection problem)"));
    CU_ASSERT_DOUBLE_EQUAL(h, 200.0 / 3, 1e-9);
    l.min_up = 3;
    judge_file("hap_stats_after_kill.csv", &f, &l, &a);
    CU_ASSERT(any_alert(&a, HS_CRITICAL, "2 servers up, fewer than min_up 3"));
}

static void test_judge_all_down(void)
{
    static const char csv[] = "# pxname,svname,status,type,check_status,check_desc,weight\n"
                              "be,a,DOWN,2,L4CON,Connection refused,1\n"
                              "be,b,DOWN 1/2,2,* L4CON,Connection refused,1\n"
                              "be,c,MAINT,2,,,1\n"
                              "be,BACKEND,DOWN,1,,,0\n";
    struct hap_filter f = {0};
    struct hap_limits l;
    struct alerts a;
    double h;

    default_limits(&l);
    h = judge_text(csv, &f, &l, &a);
    CU_ASSERT_EQUAL(a.worst, HS_CRITICAL);
    CU_ASSERT(any_alert(&a, HS_CRITICAL,
                        "backend be: no usable server: a "
                        "DOWN (L4CON: Connection refused), b DOWN 1/2"));
    CU_ASSERT_DOUBLE_EQUAL(h, 0, 1e-9);
}

static void test_judge_mixed(void)
{
    struct hap_filter f = {0};
    struct hap_limits l;
    struct alerts a;
    double h;

    default_limits(&l);
    h = judge_file("transitions.csv", &f, &l, &a);
    CU_ASSERT(any_alert(&a, HS_CRITICAL, "frontend fe_b is STOP, not OPEN"));
    CU_ASSERT(any_alert(&a, HS_WARNING,
                        "lost redundancy, 3 of 4 servers up: "
                        "s2 DOWN 1/2 (L7OK: Layer7 check passed)"));
    /* active capacity: s1 (1), s2 (1, down), s6 (1); s3-s5 admin */
    CU_ASSERT_DOUBLE_EQUAL(h, 200.0 / 3, 1e-9);
}

static void test_judge_backup_only(void)
{
    static const char csv[] = "# pxname,svname,status,type,act,bck,weight\n"
                              "be,a,DOWN,2,1,0,1\n"
                              "be,b,UP,2,0,1,1\n"
                              "be,BACKEND,UP,1,0,1,0\n";
    struct hap_filter f = {0};
    struct hap_limits l;
    struct alerts a;

    default_limits(&l);
    judge_text(csv, &f, &l, &a);
    CU_ASSERT_EQUAL(a.worst, HS_WARNING);
    CU_ASSERT(any_alert(&a, HS_WARNING,
                        "running on backup servers only: a "
                        "DOWN"));
}

static void test_judge_sessions(void)
{
    static const char csv[] = "# pxname,svname,status,type,scur,slim,qcur\n"
                              "f1,FRONTEND,OPEN,0,85,100,\n"
                              "f2,FRONTEND,OPEN,0,99,100,\n"
                              "f3,FRONTEND,OPEN,0,10,100,\n"
                              "be,s,UP,2,1,,0\n"
                              "be,BACKEND,UP,1,1,100,7\n";
    struct hap_filter f = {0};
    struct hap_limits l;
    struct alerts a;
    char e[64];

    default_limits(&l);
    CU_ASSERT_EQUAL(hs_range_parse("5", &l.warn_queue, e, sizeof e), 0);
    judge_text(csv, &f, &l, &a);
    CU_ASSERT_EQUAL(a.n, 3);
    CU_ASSERT(any_alert(&a, HS_WARNING, "frontend f1: sessions at 85%"));
    CU_ASSERT(any_alert(&a, HS_CRITICAL, "frontend f2: sessions at 99%"));
    CU_ASSERT(any_alert(&a, HS_WARNING, "backend be: 7 requests queued"));
}

static void test_filters(void)
{
    static const char *const inc[] = {"be_*"};
    static const char *const exc[] = {"stats*"};
    struct hap_filter f = {0};
    struct hap_stats s;
    struct hap_view v;
    char err[256];

    CU_ASSERT_EQUAL_FATAL(parse_file("hap_stats_before.csv", &s), 0);
    CU_ASSERT_EQUAL(hap_view_build(&s, &f, &v, err, sizeof err), 0);
    CU_ASSERT_EQUAL(v.nfrontends, 3);
    CU_ASSERT_EQUAL(v.nbackends, 3);
    CU_ASSERT_EQUAL(v.backends[0].nservers, 4);
    CU_ASSERT_EQUAL(v.backends[1].listen, 1);
    CU_ASSERT_EQUAL(v.backends[0].listen, 0);
    hap_view_free(&v);

    f.include = inc;
    f.ninclude = 1;
    CU_ASSERT_EQUAL(hap_view_build(&s, &f, &v, err, sizeof err), 0);
    CU_ASSERT_EQUAL(v.nfrontends, 0);
    CU_ASSERT_EQUAL(v.nbackends, 1);
    hap_view_free(&v);

    f.ninclude = 0;
    f.exclude = exc;
    f.nexclude = 1;
    f.types = HAP_KEEP_FRONTEND;
    CU_ASSERT_EQUAL(hap_view_build(&s, &f, &v, err, sizeof err), 0);
    CU_ASSERT_EQUAL(v.nfrontends, 1);
    CU_ASSERT_EQUAL(v.nbackends, 0);
    hap_view_free(&v);
    hap_stats_free(&s);
}

int main(void)
{
    CU_pSuite ps, js;
    unsigned failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    ps = CU_add_suite("haproxy parser", NULL, NULL);
    js = CU_add_suite("haproxy view and judge", NULL, NULL);
    if (!ps || !js || !CU_add_test(ps, "sample: all up", test_sample_before) ||
        !CU_add_test(ps, "sample: server down", test_sample_down) ||
        !CU_add_test(ps, "sample: socket reply", test_sample_socket) ||
        !CU_add_test(ps, "quoted fields, CRLF", test_quoted) ||
        !CU_add_test(ps, "old column layout", test_old_layout) ||
        !CU_add_test(ps, "status words", test_status_words) ||
        !CU_add_test(ps, "transitions", test_transitions) ||
        !CU_add_test(ps, "hostile: small cases", test_hostile_small) ||
        !CU_add_test(ps, "hostile: truncated anywhere", test_truncated_everywhere) ||
        !CU_add_test(ps, "hostile: 1 MB lines", test_huge_lines) ||
        !CU_add_test(ps, "hostile: binary garbage", test_binary_garbage) ||
        !CU_add_test(js, "all up, maint_is_down", test_judge_all_up) ||
        !CU_add_test(js, "one server down", test_judge_one_down) ||
        !CU_add_test(js, "all servers down", test_judge_all_down) ||
        !CU_add_test(js, "transitions and STOP", test_judge_mixed) ||
        !CU_add_test(js, "backup only", test_judge_backup_only) ||
        !CU_add_test(js, "sessions and queue", test_judge_sessions) ||
        !CU_add_test(js, "filters", test_filters)) {
        CU_cleanup_registry();
        return 2;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
