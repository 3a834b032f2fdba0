/* Runner isolation: a plugin that crashes, aborts, hangs, exits, floods,
 * scribbles garbage or breaks the API costs its own target only, with the
 * reason; every other result in the same run is intact. */
#include <CUnit/CUnit.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/error.h"
#include "host/config.h"
#include "host/loader.h"
#include "util/procutil.h"
#include "host/runner.h"
#include "suites.h"

static const char conf_text[] =
    "targets = (\n"
    "  { name = \"ok1\"; plugin = \"test\";\n"
    "    components = ( { id = \"a\"; state = \"UP\";\n"
    "      metrics = ( { name = \"lag\"; value = 5.0; unit = \"s\"; warn = \"10\"; } ); } ); },\n"
    "  { name = \"crash\"; plugin = \"test\"; behaviour = \"crash\"; },\n"
    "  { name = \"abort\"; plugin = \"test\"; behaviour = \"abort\"; },\n"
    "  { name = \"hang\"; plugin = \"test\"; behaviour = \"hang\"; deadline = 1.0; },\n"
    "  { name = \"exit\"; plugin = \"test\"; behaviour = \"exit\"; },\n"
    "  { name = \"flood\"; plugin = \"test\"; behaviour = \"flood\"; },\n"
    "  { name = \"garbage\"; plugin = \"test\"; behaviour = \"garbage\";\n"
    "    components = ( { id = \"a\"; } ); },\n"
    "  { name = \"malformed\"; plugin = \"test\"; behaviour = \"malformed\";\n"
    "    components = ( { id = \"a\"; } ); },\n"
    "  { name = \"print\"; plugin = \"test\"; behaviour = \"print\";\n"
    "    components = ( { id = \"a\"; } ); },\n"
    "  { name = \"fail\"; plugin = \"test\"; behaviour = \"fail\"; },\n"
    "  { name = \"badconf\"; plugin = \"test\";\n"
    "    no_such_key = 1; },\n"
    "  { name = \"missing\"; plugin = \"nosuchplugin\"; },\n"
    "  { name = \"warn\"; plugin = \"test\";\n"
    "    components = ( { id = \"a\"; state = \"DEGRADED\"; }, { id = \"b\"; state = \"DOWN\"; },\n"
    "                   { id = \"c\"; state = \"UP\";\n"
    "      metrics = ( { name = \"q\"; value = 50.0; warn = \"10\"; crit = \"100\"; } ); } ); },\n"
    "  { name = \"ok2\"; plugin = \"test\"; delay = 0.2;\n"
    "    components = ( { id = \"z\"; state = \"UP\"; } ); }\n"
    ");\n";

static struct hs_config cfg;
static struct hs_target_result *res;
static size_t nres;
static double elapsed;
static char *conf_path;

static const struct hs_target_result *get(const char *name)
{
    for (size_t i = 0; i < nres; i++)
        if (strcmp(res[i].name, name) == 0)
            return &res[i];
    return NULL;
}

static int setup(void)
{
    hs_error err;
    const struct hs_target **sel;
    struct hs_run_opts ro = {0};
    char *dirs[] = {(char *)hs_test_plugin_dir(), NULL};
    double t0;

    conf_path = hs_test_write_file(conf_text);
    hs_error_clear(&err);
    if (!conf_path || hs_config_load(&cfg, conf_path, &err) < 0) {
        fprintf(stderr, "config: %s\n", err.msg);
        return -1;
    }
    nres = cfg.ntargets;
    res = calloc(nres, sizeof *res);
    sel = calloc(nres, sizeof *sel);
    for (size_t i = 0; i < nres; i++)
        sel[i] = &cfg.targets[i];
    ro.max_parallel = 4;
    ro.plugin_dirs = dirs;
    t0 = hs_now();
    hs_run_targets(sel, nres, &ro, res);
    elapsed = hs_now() - t0;
    hs_run_opts_release(&ro);
    free(sel);
    return 0;
}

static int teardown(void)
{
    for (size_t i = 0; i < nres; i++)
        hs_target_result_free(&res[i]);
    free(res);
    hs_config_free(&cfg);
    unlink(conf_path);
    free(conf_path);
    return 0;
}

static void expect_unknown(const char *name, const char *needle)
{
    const struct hs_target_result *r = get(name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->status, HS_UNKNOWN);
    CU_ASSERT(isnan(r->health));
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->error);
    if (!strstr(r->error, needle)) {
        fprintf(stderr, "\n  %s: expected '%s' in '%s'\n", name, needle, r->error);
        CU_FAIL("wrong failure reason");
    }
}

static void test_good_intact(void)
{
    const struct hs_target_result *r = get("ok1"), *r2 = get("ok2");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->status, HS_OK);
    CU_ASSERT_PTR_NULL(r->error);
    CU_ASSERT_DOUBLE_EQUAL(r->health, 100, 0);
    CU_ASSERT_EQUAL_FATAL(r->probe->ncomps, 1);
    CU_ASSERT_DOUBLE_EQUAL(r->probe->comps[0]->metrics[0].value, 5, 0);
    CU_ASSERT_STRING_EQUAL(r->probe->comps[0]->metrics[0].warn, "10");
    CU_ASSERT_EQUAL(r2->status, HS_OK);
    CU_ASSERT(r2->duration >= 0.2);
}

static void test_failures_isolated(void)
{
    expect_unknown("crash", "Segmentation fault");
    expect_unknown("abort", "Aborted");
    expect_unknown("hang", "timed out after 1.0 s");
    expect_unknown("exit", "exited with status 3");
    expect_unknown("flood", "flooded its output");
    expect_unknown("garbage", "malformed result");
    expect_unknown("malformed", "duplicate component id");
    expect_unknown("fail", "simulated failure");
    expect_unknown("badconf", ":18: unknown key 'no_such_key'");
    expect_unknown("missing", "plugin 'nosuchplugin' not found");
}

static void test_stray_output_noted(void)
{
    const struct hs_target_result *r = get("print");
    CU_ASSERT_EQUAL(r->status, HS_OK);
    CU_ASSERT_EQUAL_FATAL(r->warnings.n, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(r->warnings.v[0], "bytes to stdout/stderr"));
}

static void test_scoring(void)
{
    const struct hs_target_result *r = get("warn");
    CU_ASSERT_EQUAL(r->status, HS_CRITICAL); /* b DOWN */
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->verdict);
    CU_ASSERT_EQUAL(r->verdict->nreasons, 3);    /* a degraded, b down, q > 10 */
    CU_ASSERT_DOUBLE_EQUAL(r->health, 50, 1e-9); /* (0.5 + 0 + 1) / 3 */
}

static void test_deadline_bounds_run(void)
{
    /* the hanging target is cut at 1 s; nothing waits on it beyond that */
    CU_ASSERT(elapsed < 10.0);
    CU_ASSERT(get("hang")->duration >= 0.99);
    CU_ASSERT(get("hang")->duration < 3.0);
}

/* hs_child_worker(), as model/race.c uses it: the result comes back,
 * nothing is captured, and the worker stays in our process group (a
 * terminal's Ctrl-C reaches it) yet is killed by hs_child_kill(). */
static void test_worker(void)
{
    struct hs_child ch;
    char why[128];

    CU_ASSERT_EQUAL_FATAL(hs_child_worker(&ch), 0);
    if (ch.pid == 0)
        _exit(hs_write_all(ch.result_fd, "42", 2) ? 1 : 0);
    CU_ASSERT_EQUAL(ch.out_fd, -1);
    hs_child_collect(&ch, SIZE_MAX);
    CU_ASSERT_FALSE(hs_child_failure(&ch, why, sizeof why));
    CU_ASSERT_STRING_EQUAL(ch.result, "42");
    hs_child_release(&ch);

    CU_ASSERT_EQUAL_FATAL(hs_child_worker(&ch), 0);
    if (ch.pid == 0)
        for (;;)
            pause();
    CU_ASSERT_EQUAL(getpgid(ch.pid), getpgrp());
    hs_child_kill(&ch);
    hs_child_collect(&ch, SIZE_MAX);
    CU_ASSERT(WIFSIGNALED(ch.wstatus) && WTERMSIG(ch.wstatus) == SIGKILL);
    CU_ASSERT_FALSE(ch.lost);
    hs_child_release(&ch);
}

void hs_suite_runner(void)
{
    CU_pSuite s = CU_add_suite("runner", setup, teardown);
    CU_add_test(s, "good targets intact", test_good_intact);
    CU_add_test(s, "crash/abort/hang/exit/flood/garbage isolated", test_failures_isolated);
    CU_add_test(s, "stray output noted", test_stray_output_noted);
    CU_add_test(s, "test plugin scoring", test_scoring);
    CU_add_test(s, "a hang is bounded by its deadline", test_deadline_bounds_run);
    CU_add_test(s, "a worker: result, no capture, the caller's group", test_worker);
}
