/*
 * tests/keepalived/test_keepalived.c — the keepalived parsers on samples
 * captured from real keepalived 2.2.7 nodes and on hostile input.
 */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/keepalived/keepalived.h"
#include "tests.h"

static char *slurp(const char *name, size_t *len)
{
    char path[1024], *b;
    FILE *f;
    long n;

    snprintf(path, sizeof path, "%s/%s", KA_TEST_DATA, name);
    f = fopen(path, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    b = malloc((size_t)n + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL_FATAL(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    b[n] = '\0';
    *len = (size_t)n;
    return b;
}

typedef int (*parse_fn)(const char *, size_t, struct ka_view *, char *, size_t);

/* Parse a sample; expect success and one instance VI_1. */
static struct ka_instance parse_sample(parse_fn fn, const char *name)
{
    struct ka_view v;
    struct ka_instance in;
    char err[256] = "";
    size_t len;
    char *b = slurp(name, &len);

    ka_view_init(&v);
    CU_ASSERT_EQUAL(fn(b, len, &v, err, sizeof err), 0);
    if (err[0])
        fprintf(stderr, "%s: %s\n", name, err);
    CU_ASSERT_EQUAL_FATAL(v.n, 1);
    CU_ASSERT_STRING_EQUAL(v.inst[0].name, "VI_1");
    in = v.inst[0];
    ka_view_free(&v);
    free(b);
    return in;
}

/* Expect an error whose message contains `needle`. */
static void expect_error(parse_fn fn, const char *buf, size_t len, const char *needle)
{
    struct ka_view v;
    char err[256] = "";

    ka_view_init(&v);
    CU_ASSERT_EQUAL(fn(buf, len, &v, err, sizeof err), -1);
    if (!strstr(err, needle)) {
        fprintf(stderr, "error \"%s\" lacks \"%s\"\n", err, needle);
        CU_FAIL("error message does not name the place");
    }
    ka_view_free(&v);
}

static void test_json_samples(void)
{
    struct ka_instance in;

    in = parse_sample(ka_parse_json, "ka_n1_master.json");
    CU_ASSERT_EQUAL(in.state, KA_MASTER);
    CU_ASSERT_EQUAL(in.vrid, 51);
    CU_ASSERT_EQUAL(in.priority, 150);
    CU_ASSERT_EQUAL(in.effective_priority, 150);
    CU_ASSERT_EQUAL(in.become_master, 1);
    CU_ASSERT_EQUAL(in.release_master, 0);
    CU_ASSERT_DOUBLE_EQUAL(in.last_transition, 1795443797.206687, 1e-5);
    CU_ASSERT_STRING_EQUAL(in.vips, "192.0.2.100/24");

    in = parse_sample(ka_parse_json, "ka_n2_backup.json");
    CU_ASSERT_EQUAL(in.state, KA_BACKUP);
    CU_ASSERT_EQUAL(in.priority, 100);

    in = parse_sample(ka_parse_json, "ka_n2_FAULT_directveth_linkdown.json");
    CU_ASSERT_EQUAL(in.state, KA_FAULT);
    CU_ASSERT_EQUAL(in.become_master, 2);
    CU_ASSERT_EQUAL(in.release_master, 2);

    in = parse_sample(ka_parse_json, "ka_n2_after_kill9_fastv3.json");
    CU_ASSERT_EQUAL(in.state, KA_MASTER);
    CU_ASSERT_EQUAL(in.become_master, 1);
}

static void test_data_samples(void)
{
    struct ka_instance in;

    in = parse_sample(ka_parse_data, "ka_n1_master.data");
    CU_ASSERT_EQUAL(in.state, KA_MASTER);
    CU_ASSERT_EQUAL(in.vrid, 51);
    CU_ASSERT_EQUAL(in.priority, 150);
    CU_ASSERT_DOUBLE_EQUAL(in.last_transition, 1795443797.206687, 1e-5);
    CU_ASSERT_STRING_EQUAL(in.vips, "192.0.2.100/24");
    CU_ASSERT_EQUAL(in.become_master, -1);

    in = parse_sample(ka_parse_data, "ka_n2_backup.data");
    CU_ASSERT_EQUAL(in.state, KA_BACKUP);
    CU_ASSERT_EQUAL(in.priority, 100);

    in = parse_sample(ka_parse_data, "ka_n2_FAULT_directveth_linkdown.data");
    CU_ASSERT_EQUAL(in.state, KA_FAULT);

    in = parse_sample(ka_parse_data, "ka_n2_after_kill9_fastv3.data");
    CU_ASSERT_EQUAL(in.state, KA_MASTER);
}

static void test_stats_samples(void)
{
    struct ka_instance in;

    in = parse_sample(ka_parse_stats, "ka_n1_master.stats");
    CU_ASSERT_EQUAL(in.become_master, 1);
    CU_ASSERT_EQUAL(in.release_master, 0);
    CU_ASSERT_EQUAL(in.state, KA_UNKNOWN);
    in = parse_sample(ka_parse_stats, "ka_n2_FAULT_directveth_linkdown.stats");
    CU_ASSERT_EQUAL(in.become_master, 2);
    CU_ASSERT_EQUAL(in.release_master, 2);
}

static void test_data_then_stats(void)
{
    struct ka_view v;
    char err[256];
    size_t l1, l2;
    char *d = slurp("ka_n1_master.data", &l1);
    char *s = slurp("ka_n1_master.stats", &l2);

    ka_view_init(&v);
    CU_ASSERT_EQUAL(ka_parse_data(d, l1, &v, err, sizeof err), 0);
    CU_ASSERT_EQUAL(ka_parse_stats(s, l2, &v, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(v.n, 1);
    CU_ASSERT_EQUAL(v.inst[0].state, KA_MASTER);
    CU_ASSERT_EQUAL(v.inst[0].become_master, 1);
    ka_view_free(&v);
    free(d);
    free(s);
}

static void test_fifo_sample(void)
{
    struct ka_event ev;
    char err[256], *b, *line, *save = NULL;
    size_t len;
    int n = 0;

    b = slurp("ka_fifo_n1_sample.txt", &len);
    for (line = strtok_r(b, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
        CU_ASSERT_EQUAL(ka_parse_event(line, strlen(line), &ev, err, sizeof err), 0);
        CU_ASSERT_TRUE(ev.is_instance);
        CU_ASSERT_STRING_EQUAL(ev.name, "VI_1");
        CU_ASSERT_EQUAL(ev.priority, 150);
        CU_ASSERT_EQUAL(ev.state, n == 0 ? KA_BACKUP : KA_MASTER);
    }
    CU_ASSERT_EQUAL(n, 2);
    free(b);
}

static void test_events(void)
{
    struct ka_event ev;
    char err[256];
    const char *bad[] = {"",
                         "INSTANCE",
                         "INSTANCE \"VI_1\"",
                         "INSTANCE VI_1 BOGUS 1",
                         "INSTANCE VI_1 MASTER 300",
                         "INSTANCE VI_1 MASTER x",
                         "INSTANCE VI_1 MASTER 1 extra",
                         "INSTANCE \"\" MASTER 1",
                         "INSTANCE VI_1 UNKNOWN 1",
                         NULL};
    int i;

#define EV(s) ka_parse_event(s, strlen(s), &ev, err, sizeof err)
    CU_ASSERT_EQUAL(EV("INSTANCE VI_1 STOP 150"), 0);
    CU_ASSERT_EQUAL(ev.state, KA_STOP);
    CU_ASSERT_EQUAL(EV("INSTANCE VI_1 FAULT"), 0);
    CU_ASSERT_EQUAL(ev.priority, -1);
    CU_ASSERT_EQUAL(EV("GROUP \"G1\" MASTER"), 0);
    CU_ASSERT_FALSE(ev.is_instance);
    CU_ASSERT_EQUAL(EV("RS 192.0.2.5:80 UP"), 0);
    CU_ASSERT_FALSE(ev.is_instance);
    for (i = 0; bad[i]; i++) {
        if (EV(bad[i]) != -1)
            fprintf(stderr, "accepted bad event \"%s\"\n", bad[i]);
        CU_ASSERT_EQUAL(EV(bad[i]), -1);
    }
    CU_ASSERT_EQUAL(ka_parse_event("INSTANCE V\0I MASTER", 19, &ev, err, sizeof err), -1);
#undef EV
}

static void test_json_hostile(void)
{
    size_t len, cut;
    char *b = slurp("ka_n1_master.json", &len), *big;
    struct ka_view v;
    char err[256];
    int fails = 0;

#define BAD(s, needle) expect_error(ka_parse_json, s, strlen(s), needle)
    /* Every truncation is refused, none crashes. */
    for (cut = 0; cut < len - 1; cut++) {
        ka_view_init(&v);
        fails += ka_parse_json(b, cut, &v, err, sizeof err) < 0;
        ka_view_free(&v);
    }
    CU_ASSERT_EQUAL(fails, (int)(len - 1));
    expect_error(ka_parse_json, b, len / 2, "truncated");
    BAD("{}", "top level: expected an array");
    BAD("[1]", "[0]: expected an object");
    BAD("[{}]", "[0].data");
    BAD("[{\"data\":{}}]", "[0].data.iname");
    BAD("[{\"data\":{\"iname\":5}}]", "[0].data.iname");
    BAD("[{\"data\":{\"iname\":\"VI_1\",\"state\":\"2\"}}]",
        "[0].data.state: expected an integer, got string");
    BAD("[{\"data\":{\"iname\":\"VI_1\",\"state\":7}}]", "[0].data.state: 7");
    BAD("[{\"data\":{\"iname\":\"VI_1\",\"state\":2}}]", "[0].data.vrid: missing");
    BAD("[{\"data\":{\"iname\":\"VI_1\",\"state\":2.5}}]", "[0].data.state");
    BAD("[{\"data\":{\"iname\":\"VI_1\",\"state\":1,\"vrid\":1,"
        "\"base_priority\":1,\"effective_priority\":1,\"last_transition\":"
        "\"x\"}}]",
        "[0].data.last_transition: expected a number");
    BAD("[{\"data\":{\"iname\":\"VI_1\",\"state\":1,\"vrid\":1,"
        "\"base_priority\":1,\"effective_priority\":1,\"last_transition\":1,"
        "\"vips\":[1]}}]",
        "[0].data.vips[0]");
    BAD("[{\"data\":{\"iname\":\"VI_1\",\"state\":1,\"vrid\":1,"
        "\"base_priority\":1,\"effective_priority\":1,\"last_transition\":1},"
        "\"stats\":{\"become_master\":true}}]",
        "[0].stats.become_master");
    BAD("[] x", "trailing data");
    BAD("", "empty");
    expect_error(ka_parse_json, "[\0]", 3, "NUL");
    /* The same instance twice would count one node as two. */
    {
        const char *one = "{\"data\":{\"iname\":\"VI_1\",\"state\":1,\"vrid\":1,"
                          "\"base_priority\":1,\"effective_priority\":1,\"last_transition\":1}}";
        char two[512];
        snprintf(two, sizeof two, "[%s,%s]", one, one);
        BAD(two, "[1].data.iname: instance \"VI_1\" appears twice");
    }
    /* A 1 MB line: a huge instance name is refused by name. */
    big = malloc(1 << 20);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    memset(big, 'A', 1 << 20);
    memcpy(big, "[{\"data\":{\"iname\":\"", 19);
    memcpy(big + (1 << 20) - 5, "\"}}]", 4);
    big[(1 << 20) - 1] = '\n';
    expect_error(ka_parse_json, big, 1 << 20, "[0].data.iname: bad instance name");
    /* A valid empty array: no instances, no error (keepalived without VRRP
     * instances writes that). */
    ka_view_init(&v);
    CU_ASSERT_EQUAL(ka_parse_json("[]\n", 3, &v, err, sizeof err), 0);
    CU_ASSERT_EQUAL(v.n, 0);
    ka_view_free(&v);
    free(big);
    free(b);
#undef BAD
}

static void test_text_hostile(void)
{
    char *big;
    struct ka_view v;
    char err[256];
    size_t n = 1 << 20;
    const char *topo = "------< VRRP Topology >------\n";

#define BADD(s, needle) expect_error(ka_parse_data, s, strlen(s), needle)
#define BADS(s, needle) expect_error(ka_parse_stats, s, strlen(s), needle)
    BADD("", "empty");
    BADD("hello\n", "no \"VRRP Topology\"");
    BADD("------< VRRP Topology >------\n VRRP Instance = VI_1\n"
         "   State = SLEEPY\n",
         "line 3: State: unknown VRRP state");
    BADD("------< VRRP Topology >------\n VRRP Instance = VI_1\n"
         "   Priority = high\n",
         "line 3: Priority");
    BADD("------< VRRP Topology >------\n VRRP Instance = VI_1\n"
         " VRRP Instance = VI_1\n",
         "line 3: instance \"VI_1\" appears twice");
    BADD("------< VRRP Topology >------\n VRRP Instance = \n", "line 2: bad instance name");
    BADS("", "empty");
    BADS("Became master: 1\n", "no \"VRRP Instance:\"");
    BADS("VRRP Instance: VI_1\n  Became master: -4\n", "line 2: not a counter");
    BADS("VRRP Instance: VI_1\n  Released master: lots\n", "line 2");
    /* Nested blocks repeating "State" do not override the instance's. */
    ka_view_init(&v);
    {
        const char *s = "------< VRRP Topology >------\n VRRP Instance = VI_1\n"
                        "   State = BACKUP\n   Tracked scripts :\n"
                        "     State = FAULT\n";
        CU_ASSERT_EQUAL(ka_parse_data(s, strlen(s), &v, err, sizeof err), 0);
        CU_ASSERT_EQUAL(v.inst[0].state, KA_BACKUP);
    }
    ka_view_free(&v);
    /* A 1 MB line inside the topology: ignored, the rest still read. */
    big = malloc(n + 200);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    strcpy(big, topo);
    strcat(big, " VRRP Instance = VI_1\n");
    memset(big + strlen(big), 'x', n);
    strcpy(big + strlen(topo) + 22 + n, "\n   State = MASTER\n");
    ka_view_init(&v);
    CU_ASSERT_EQUAL(ka_parse_data(big, strlen(big), &v, err, sizeof err), 0);
    CU_ASSERT_EQUAL(v.n, 1);
    ka_view_free(&v);
    /* The same 1 MB as a stats dump: refused (no instance). */
    memset(big, 'y', n);
    expect_error(ka_parse_stats, big, n, "no \"VRRP Instance:\"");
    free(big);
#undef BADD
#undef BADS
}

static void test_state_file(void)
{
    struct ka_view v, w;
    struct ka_instance *in;
    char err[256], buf[1024], *big;
    int len;

    ka_view_init(&v);
    ka_view_init(&w);
    in = ka_view_add(&v, "VI_1", 4, err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    in->state = KA_MASTER;
    in->priority = 150;
    in->transitions = 3;
    in->last_transition = 1795443797.25;
    len = ka_format_state_file(&v, buf, sizeof buf);
    CU_ASSERT_TRUE_FATAL(len > 0);
    CU_ASSERT_EQUAL(ka_parse_state_file(buf, (size_t)len, &w, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(w.n, 1);
    CU_ASSERT_EQUAL(w.inst[0].state, KA_MASTER);
    CU_ASSERT_EQUAL(w.inst[0].priority, 150);
    CU_ASSERT_EQUAL(w.inst[0].transitions, 3);
    CU_ASSERT_DOUBLE_EQUAL(w.inst[0].last_transition, 1795443797.25, 1e-6);
    CU_ASSERT_EQUAL(ka_format_state_file(&v, buf, 10), -1);
    ka_view_free(&v);
    ka_view_free(&w);

#define BAD(s, needle) expect_error(ka_parse_state_file, s, strlen(s), needle)
#define HDR "# hascout-keepalived-notify state v1\n"
    BAD("", "empty");
    BAD("VI_1 MASTER 1 1 1\n", "line 1: not a hascout-keepalived-notify");
    BAD(HDR "VI_1 MASTER 1 1\n", "line 2: expected NAME STATE");
    BAD(HDR "VI_1 MASTER 1 1 1 1\n", "line 2: expected NAME STATE");
    BAD(HDR "VI_1 SLEEPY 1 1 1\n", "line 2: unknown state");
    BAD(HDR "VI_1 MASTER 999 1 1\n", "line 2: bad priority");
    BAD(HDR "VI_1 MASTER 1 -1 1\n", "line 2: bad transition count");
    BAD(HDR "VI_1 MASTER 1 1 nan\n", "line 2: bad change time");
    BAD(HDR "VI_1 MASTER 1 1 1\nVI_1 BACKUP 1 1 1\n", "line 3: instance");
    big = malloc((1 << 20) + 64);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    strcpy(big, HDR);
    memset(big + strlen(HDR), 'Z', 1 << 20);
    big[strlen(HDR) + (1 << 20)] = '\0';
    BAD(big, "line 2: expected NAME STATE");
    free(big);
#undef BAD
#undef HDR
}

static void test_flap_file(void)
{
    struct ka_flap f, g;
    char err[256], buf[512];
    int len;

    ka_flap_init(&f);
    ka_flap_init(&g);
    CU_ASSERT_EQUAL(ka_flap_add(&f, "n1", "VI_1", 4, 17.5, err, sizeof err), 0);
    CU_ASSERT_EQUAL(ka_flap_add(&f, "n1", "VI_1", 4, 17.5, err, sizeof err), -1);
    CU_ASSERT_EQUAL(ka_flap_add(&f, "n 1", "VI_1", 4, 17.5, err, sizeof err), -1);
    len = ka_format_flap(&f, buf, sizeof buf);
    CU_ASSERT_TRUE_FATAL(len > 0);
    CU_ASSERT_EQUAL(ka_parse_flap(buf, (size_t)len, &g, err, sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ka_flap_find(&g, "n1", "VI_1"));
    CU_ASSERT_EQUAL(ka_flap_find(&g, "n1", "VI_1")->counter, 4);
    CU_ASSERT_PTR_NULL(ka_flap_find(&g, "n2", "VI_1"));
    ka_flap_free(&f);
    ka_flap_free(&g);
    {
        const char *bad = "# hascout keepalived flap v1\nn1 VI_1 x 1\n";
        ka_flap_init(&g);
        CU_ASSERT_EQUAL(ka_parse_flap(bad, strlen(bad), &g, err, sizeof err), -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, "line 2"));
        CU_ASSERT_EQUAL(ka_parse_flap("junk", 4, &g, err, sizeof err), -1);
        ka_flap_free(&g);
    }
}

static void test_names(void)
{
    char err[256], longname[KA_NAME_MAX + 1];
    struct ka_view v;

    CU_ASSERT_TRUE(ka_name_ok("VI_1", 4));
    CU_ASSERT_FALSE(ka_name_ok("", 0));
    CU_ASSERT_FALSE(ka_name_ok("a b", 3));
    CU_ASSERT_FALSE(ka_name_ok("a\"b", 3));
    memset(longname, 'a', sizeof longname);
    CU_ASSERT_FALSE(ka_name_ok(longname, KA_NAME_MAX));
    CU_ASSERT_TRUE(ka_name_ok(longname, KA_NAME_MAX - 1));
    CU_ASSERT_STRING_EQUAL(ka_state_name(KA_MASTER), "MASTER");
    CU_ASSERT_STRING_EQUAL(ka_state_name((enum ka_state)99), "UNKNOWN");
    CU_ASSERT_EQUAL(ka_state_parse("FAULT", 5), KA_FAULT);
    CU_ASSERT_EQUAL(ka_state_parse("fault", 5), -1);
    ka_view_init(&v);
    CU_ASSERT_PTR_NULL(ka_view_add(&v, longname, KA_NAME_MAX, err, sizeof err));
    ka_view_free(&v);
}

int ka_add_parse_suite(void)
{
    CU_pSuite s = CU_add_suite("keepalived parsers", NULL, NULL);

    if (!s || !CU_add_test(s, "JSON dump samples", test_json_samples) ||
        !CU_add_test(s, "data dump samples", test_data_samples) ||
        !CU_add_test(s, "stats dump samples", test_stats_samples) ||
        !CU_add_test(s, "data then stats", test_data_then_stats) ||
        !CU_add_test(s, "FIFO sample", test_fifo_sample) ||
        !CU_add_test(s, "notify events", test_events) ||
        !CU_add_test(s, "hostile JSON", test_json_hostile) ||
        !CU_add_test(s, "hostile text dumps", test_text_hostile) ||
        !CU_add_test(s, "state file", test_state_file) ||
        !CU_add_test(s, "flap file", test_flap_file) ||
        !CU_add_test(s, "names and states", test_names))
        return -1;
    return 0;
}

int main(void)
{
    unsigned failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    if (ka_add_parse_suite() < 0 || ka_add_judge_suite() < 0 || ka_add_wire_suite() < 0 ||
        ka_add_snmp_suite() < 0) {
        CU_cleanup_registry();
        return 1;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
