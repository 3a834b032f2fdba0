/* Config loading: every error names file:line; secrets come from files,
 * never show up in errors, and loose permissions are warned about. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hs_error.h"
#include "hsconfig.h"
#include "suites.h"
#include "warn.h"

/* Load text as a config; return 0/-1 and leave the message in err. */
static int load(const char *text, struct hs_config *c, hs_error *err, char **path)
{
    int rc;
    *path = hs_test_write_file(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(*path);
    hs_error_clear(err);
    rc = hs_config_load(c, *path, err);
    return rc;
}

/* The error must start with "PATH:LINE:" and contain `needle`. */
static void expect_error(const char *text, int line, const char *needle)
{
    struct hs_config c;
    hs_error err;
    char *path, prefix[512];
    CU_ASSERT_EQUAL(load(text, &c, &err, &path), -1);
    snprintf(prefix, sizeof prefix, "%s:%d:", path, line);
    if (strncmp(err.msg, prefix, strlen(prefix)) != 0 || !strstr(err.msg, needle)) {
        fprintf(stderr, "\n  expected '%s...%s', got '%s'\n", prefix, needle, err.msg);
        CU_FAIL("error does not name file:line and the problem");
    }
    hs_config_free(&c);
    unlink(path);
    free(path);
}

static void test_valid(void)
{
    struct hs_config c;
    hs_error err;
    char *path;
    int rc = load("hascout = { deadline = 3.5; max_parallel = 8; lock = \"skip\";\n"
                  "  plugin_dirs = [ \"rel/dir\", \"/abs/dir\" ]; };\n"
                  "targets = ( { name = \"a\"; plugin = \"test\"; },\n"
                  "            { name = \"b.x-1\"; plugin = \"test\"; deadline = 1; } );\n",
                  &c, &err, &path);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_EQUAL(c.ntargets, 2);
    CU_ASSERT_DOUBLE_EQUAL(c.targets[0].deadline, 3.5, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c.targets[1].deadline, 1.0, 1e-9);
    CU_ASSERT_EQUAL(c.max_parallel, 8);
    CU_ASSERT_EQUAL(c.lock_mode, HS_LOCK_SKIP);
    CU_ASSERT_EQUAL_FATAL(c.nplugin_dirs, 2);
    CU_ASSERT_STRING_EQUAL(c.plugin_dirs[0], "/tmp/rel/dir"); /* relative to the file */
    CU_ASSERT_STRING_EQUAL(c.plugin_dirs[1], "/abs/dir");
    CU_ASSERT_PTR_NOT_NULL(hs_config_target(&c, "b.x-1"));
    CU_ASSERT_PTR_NULL(hs_config_target(&c, "zz"));
    hs_config_free(&c);
    unlink(path);
    free(path);
}

static void test_errors(void)
{
    expect_error("targets = (\n  { name = ; }\n);\n", 2, "syntax error");
    expect_error("hascout = {\n  bogus = 1;\n};\n", 2, "unknown setting 'hascout.bogus'");
    expect_error("hascout = {\n deadline = \"soon\";\n};\n", 2, "must be a number");
    expect_error("hascout = {\n deadline = -1.0;\n};\n", 2, "deadline");
    expect_error("hascout = {\n max_parallel = 0;\n};\n", 2, "max_parallel");
    expect_error("hascout = {\n lock = \"maybe\";\n};\n", 2, "lock");
    expect_error("targets = (\n { plugin = \"test\"; }\n);\n", 2, "has no 'name'");
    expect_error("targets = (\n { name = \"a\"; }\n);\n", 2, "has no 'plugin'");
    expect_error("targets = (\n { name = \"a\"; plugin = \"Bad/Name\"; }\n);\n", 2,
                 "plugin name");
    expect_error("targets = (\n { name = \"a b\"; plugin = \"t\"; }\n);\n", 2, "target name");
    expect_error("targets = (\n { name = \"a\"; plugin = \"t\"; },\n"
                 " { name = \"a\"; plugin = \"t\"; }\n);\n", 3, "defined twice");
    expect_error("targets = (\n { name = \"a\"; plugin = \"t\"; deadline = 0; }\n);\n", 2,
                 "deadline");
    expect_error("targets = {\n a = 1; };\n", 1, "must be a list");
}

static void test_missing_file(void)
{
    struct hs_config c;
    hs_error err;
    hs_error_clear(&err);
    CU_ASSERT_EQUAL(hs_config_load(&c, "/nonexistent/hascout.conf", &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "/nonexistent/hascout.conf"));
    hs_config_free(&c);
}

static void test_secrets(void)
{
    struct hs_config c;
    hs_error err;
    char *secret = hs_test_write_file("s3cr3t-pw\n"), *path, text[512], buf[64];
    config_setting_t *t;
    CU_ASSERT_PTR_NOT_NULL_FATAL(secret);
    chmod(secret, 0600);
    snprintf(text, sizeof text,
             "targets = ( { name = \"a\"; plugin = \"t\"; password_file = \"%s\"; },\n"
             "            { name = \"b\"; plugin = \"t\"; password_file = \"/nonexistent\"; },\n"
             "            { name = \"c\"; plugin = \"t\"; password = \"inline-pw\"; } );\n",
             secret);
    hs_warn_reset();
    CU_ASSERT_EQUAL_FATAL(load(text, &c, &err, &path), 0);
    chmod(path, 0644);
    t = c.targets[0].setting;
    CU_ASSERT_EQUAL(hs_config_secret(t, "password", buf, sizeof buf, &err), 1);
    CU_ASSERT_STRING_EQUAL(buf, "s3cr3t-pw");
    CU_ASSERT_EQUAL(hs_warn_count(), 0);
    /* group-readable secret file: warned, still read */
    chmod(secret, 0640);
    CU_ASSERT_EQUAL(hs_config_secret(t, "password", buf, sizeof buf, &err), 1);
    CU_ASSERT_EQUAL(hs_warn_count(), 1);
    CU_ASSERT_PTR_NULL(strstr(hs_warn_at(0), "s3cr3t"));
    /* missing secret file: error with file:line, never the secret */
    hs_error_clear(&err);
    CU_ASSERT_EQUAL(hs_config_secret(c.targets[1].setting, "password", buf, sizeof buf, &err),
                    -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, ":2:"));
    /* too small a buffer: error without the secret */
    chmod(secret, 0600);
    hs_error_clear(&err);
    CU_ASSERT_EQUAL(hs_config_secret(t, "password", buf, 4, &err), -1);
    CU_ASSERT_PTR_NULL(strstr(err.msg, "s3cr"));
    /* absent */
    CU_ASSERT_EQUAL(hs_config_secret(t, "nothing", buf, sizeof buf, &err), 0);
    hs_config_free(&c);
    /* a world-readable config with an inline password is warned about */
    hs_warn_reset();
    CU_ASSERT_EQUAL(hs_config_load(&c, path, &err), 0);
    CU_ASSERT_EQUAL(hs_warn_count(), 1);
    if (hs_warn_count())
        CU_ASSERT_PTR_NULL(strstr(hs_warn_at(0), "inline-pw"));
    hs_config_free(&c);
    hs_warn_reset();
    unlink(secret);
    unlink(path);
    free(secret);
    free(path);
}

static void test_typed_helpers(void)
{
    struct hs_config c;
    hs_error err;
    char *path;
    double d;
    const char *s;
    hs_range r;
    config_setting_t *t;
    CU_ASSERT_EQUAL_FATAL(load("targets = ( { name = \"a\"; plugin = \"t\";\n"
                               "  n = 5; f = 2.5; s = \"x\"; w = \"10:20\"; bad = \"1:0\"; } );\n",
                               &c, &err, &path), 0);
    t = c.targets[0].setting;
    CU_ASSERT_EQUAL(hs_config_number(t, "n", 0, &d, &err), 0);
    CU_ASSERT_DOUBLE_EQUAL(d, 5, 0);
    CU_ASSERT_EQUAL(hs_config_number(t, "f", 0, &d, &err), 0);
    CU_ASSERT_DOUBLE_EQUAL(d, 2.5, 0);
    CU_ASSERT_EQUAL(hs_config_number(t, "absent", 7, &d, &err), 0);
    CU_ASSERT_DOUBLE_EQUAL(d, 7, 0);
    CU_ASSERT_EQUAL(hs_config_number(t, "s", 0, &d, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, ":2:"));
    CU_ASSERT_EQUAL(hs_config_string(t, "n", NULL, &s, &err), -1);
    CU_ASSERT_EQUAL(hs_config_range(t, "w", NULL, &r, &err), 0);
    CU_ASSERT(r.set && r.start == 10 && r.end == 20);
    hs_error_clear(&err);
    CU_ASSERT_EQUAL(hs_config_range(t, "bad", NULL, &r, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, ":2:"));
    CU_ASSERT_EQUAL(hs_config_range(t, "absent", NULL, &r, &err), 0);
    CU_ASSERT(!r.set);
    hs_config_free(&c);
    unlink(path);
    free(path);
}

void hs_suite_config(void)
{
    CU_pSuite s = CU_add_suite("config", NULL, NULL);
    CU_add_test(s, "valid config", test_valid);
    CU_add_test(s, "errors name file:line", test_errors);
    CU_add_test(s, "missing file", test_missing_file);
    CU_add_test(s, "secrets", test_secrets);
    CU_add_test(s, "typed helpers", test_typed_helpers);
}
