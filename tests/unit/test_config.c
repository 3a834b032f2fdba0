/* Config loading: every error names file:line; secrets come from files,
 * never show up in errors, and loose permissions are warned about. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "host/config.h"
#include "suites.h"
#include "abi/warn.h"

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
    expect_error("targets = (\n { name = \"a\"; plugin = \"Bad/Name\"; }\n);\n", 2, "plugin name");
    expect_error("targets = (\n { name = \"a b\"; plugin = \"t\"; }\n);\n", 2, "target name");
    expect_error("targets = (\n { name = \"a\"; plugin = \"t\"; },\n"
                 " { name = \"a\"; plugin = \"t\"; }\n);\n",
                 3, "defined twice");
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
    CU_ASSERT_EQUAL(hs_config_secret(c.targets[1].setting, "password", buf, sizeof buf, &err), -1);
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
                               &c, &err, &path),
                          0);
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

/* The readers plugins used to re-implement (bool, enum, string lists,
 * required keys, nested key checks): success, absent, wrong type with
 * file:line, and an unknown enum value listing the allowed ones. */
static void test_abi_readers(void)
{
    static const char *const methods[] = {"state_file", "dump", "snmp", NULL};
    struct hs_config c;
    hs_error err;
    char *path, at2[512], at3[512];
    config_setting_t *t, *node;
    const char **sv;
    size_t n;
    int b, e;
    CU_ASSERT_EQUAL_FATAL(load("targets = ( { name = \"a\"; plugin = \"t\"; deadline = 3;\n"
                               "  on = true; off = false; one = 1; yes = \"yes\"; m = \"dump\"; "
                               "bad = \"SNMP\"; arr = [ \"x\", \"y\" ]; lst = ( \"z\" ); "
                               "empty = [ ]; mixed = ( \"x\", 2 ); grp = { k = 1; };\n"
                               "  nodes = ( { name = \"n\"; deadline = 1; } ); } );\n",
                               &c, &err, &path),
                          0);
    snprintf(at2, sizeof at2, "%s:2: ", path);
    snprintf(at3, sizeof at3, "%s:3: ", path);
    t = c.targets[0].setting;

    /* hs_config_bool */
    CU_ASSERT_EQUAL(hs_config_bool(t, "on", 0, &b, &err), 0);
    CU_ASSERT_EQUAL(b, 1);
    CU_ASSERT_EQUAL(hs_config_bool(t, "off", 1, &b, &err), 0);
    CU_ASSERT_EQUAL(b, 0);
    CU_ASSERT_EQUAL(hs_config_bool(t, "absent", 1, &b, &err), 0);
    CU_ASSERT_EQUAL(b, 1);
    CU_ASSERT_EQUAL(hs_config_bool(NULL, "on", 0, &b, &err), 0);
    CU_ASSERT_EQUAL(b, 0);
    b = 7;
    CU_ASSERT_EQUAL(hs_config_bool(t, "one", 0, &b, &err), -1);
    CU_ASSERT_EQUAL(b, 7);
    CU_ASSERT_EQUAL(strncmp(err.msg, at2, strlen(at2)), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'one' must be true or false"));
    CU_ASSERT_EQUAL(hs_config_bool(t, "yes", 0, &b, &err), -1);
    CU_ASSERT_EQUAL(strncmp(err.msg, at2, strlen(at2)), 0);

    /* hs_config_enum */
    CU_ASSERT_EQUAL(hs_config_enum(t, "m", methods, 0, &e, &err), 0);
    CU_ASSERT_EQUAL(e, 1);
    CU_ASSERT_EQUAL(hs_config_enum(t, "absent", methods, -1, &e, &err), 0);
    CU_ASSERT_EQUAL(e, -1);
    e = 9;
    CU_ASSERT_EQUAL(hs_config_enum(t, "bad", methods, 0, &e, &err), -1); /* case counts */
    CU_ASSERT_EQUAL(e, 9);
    CU_ASSERT_EQUAL(strncmp(err.msg, at2, strlen(at2)), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'bad' must be \"state_file\", \"dump\" or "
                                           "\"snmp\", not \"SNMP\""));
    CU_ASSERT_EQUAL(hs_config_enum(t, "one", methods, 0, &e, &err), -1);
    CU_ASSERT_EQUAL(strncmp(err.msg, at2, strlen(at2)), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'one' must be \"state_file\", \"dump\" or \"snmp\""));

    /* hs_config_strings */
    CU_ASSERT_EQUAL(hs_config_strings(t, "arr", &sv, &n, &err), 0);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_STRING_EQUAL(sv[0], "x");
    CU_ASSERT_STRING_EQUAL(sv[1], "y");
    CU_ASSERT_PTR_NULL(sv[2]);
    free(sv);
    CU_ASSERT_EQUAL(hs_config_strings(t, "lst", &sv, &n, &err), 0);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_STRING_EQUAL(sv[0], "z");
    free(sv);
    CU_ASSERT_EQUAL(hs_config_strings(t, "empty", &sv, &n, &err), 0);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_PTR_NULL(sv[0]);
    free(sv);
    CU_ASSERT_EQUAL(hs_config_strings(t, "absent", &sv, &n, &err), 0);
    CU_ASSERT_PTR_NULL(sv);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_EQUAL(hs_config_strings(t, "m", &sv, &n, &err), -1); /* not a list of one */
    CU_ASSERT_PTR_NULL(sv);
    CU_ASSERT_EQUAL(strncmp(err.msg, at2, strlen(at2)), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'m' must be a list of strings"));
    CU_ASSERT_EQUAL(hs_config_strings(t, "grp", &sv, &n, &err), -1);
    CU_ASSERT_EQUAL(hs_config_strings(t, "mixed", &sv, &n, &err), -1);
    CU_ASSERT_PTR_NULL(sv);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_EQUAL(strncmp(err.msg, at2, strlen(at2)), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'mixed'[1] must be a string"));

    /* hs_config_require */
    {
        static const char *const present[] = {"on", "m", "grp", NULL};
        static const char *const missing[] = {"on", "user", "pass", NULL};
        CU_ASSERT_EQUAL(hs_config_require(t, present, &err), 0);
        CU_ASSERT_EQUAL(hs_config_require(t, NULL, &err), 0);
        CU_ASSERT_EQUAL(hs_config_require(t, missing, &err), -1);
        CU_ASSERT_EQUAL(strncmp(err.msg, path, strlen(path)), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'user' is missing"));
        CU_ASSERT_PTR_NULL(strstr(err.msg, "pass"));
        CU_ASSERT_EQUAL(hs_config_require(NULL, missing, &err), -1);
        CU_ASSERT_STRING_EQUAL(err.msg, "'on' is missing");
    }

    /* hs_config_check_keys: core keys at the target level only */
    {
        static const char *const target_keys[] = {"on",  "off",   "one", "yes",   "m",
                                                  "bad", "arr",   "lst", "empty", "mixed",
                                                  "grp", "nodes", NULL};
        static const char *const node_keys[] = {"name", NULL};
        static const char *const grp_keys[] = {"j", NULL};
        CU_ASSERT_EQUAL(hs_config_check_keys(t, target_keys, &err), 0);
        CU_ASSERT_EQUAL(hs_config_check_keys(t, target_keys + 1, &err), -1);
        CU_ASSERT_EQUAL(strncmp(err.msg, at2, strlen(at2)), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "unknown key 'on'"));
        node = config_setting_get_elem(config_setting_get_member(t, "nodes"), 0);
        CU_ASSERT_PTR_NOT_NULL_FATAL(node);
        CU_ASSERT_EQUAL(hs_config_check_keys(node, node_keys, &err), -1);
        CU_ASSERT_EQUAL(strncmp(err.msg, at3, strlen(at3)), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "unknown key 'deadline' in an element of 'nodes'"));
        CU_ASSERT_EQUAL(hs_config_check_keys(config_setting_get_member(t, "grp"), grp_keys, &err),
                        -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "unknown key 'k' in 'grp'"));
        CU_ASSERT_EQUAL(hs_config_check_keys(NULL, NULL, &err), 0);
    }
    hs_config_free(&c);
    unlink(path);
    free(path);
}

/* hs_config_path: absolute paths only, errors at the setting's line */
static void test_path_reader(void)
{
    struct hs_config c;
    hs_error err;
    char *path, at2[512];
    const char *v;
    config_setting_t *t;

    CU_ASSERT_EQUAL_FATAL(
        load("targets = ( { name = \"a\"; plugin = \"t\";\n"
             "  abs = \"/run/x.sock\"; rel = \"x.sock\"; empty = \"\"; num = 3; } );\n",
             &c, &err, &path),
        0);
    snprintf(at2, sizeof at2, "%s:2: ", path);
    t = c.targets[0].setting;
    CU_ASSERT_EQUAL(hs_config_path(t, "abs", NULL, &v, &err), 0);
    CU_ASSERT_STRING_EQUAL(v, "/run/x.sock");
    CU_ASSERT_EQUAL(hs_config_path(t, "absent", "rel/def", &v, &err), 0);
    CU_ASSERT_STRING_EQUAL(v, "rel/def"); /* the default is the plugin's word */
    CU_ASSERT_EQUAL(hs_config_path(t, "absent", NULL, &v, &err), 0);
    CU_ASSERT_PTR_NULL(v);
    CU_ASSERT_EQUAL(hs_config_path(NULL, "abs", "/d", &v, &err), 0);
    CU_ASSERT_STRING_EQUAL(v, "/d");
    v = "untouched";
    CU_ASSERT_EQUAL(hs_config_path(t, "rel", NULL, &v, &err), -1);
    CU_ASSERT_STRING_EQUAL(v, "untouched");
    CU_ASSERT_EQUAL(strncmp(err.msg, at2, strlen(at2)), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'rel' must be an absolute path, not \"x.sock\""));
    CU_ASSERT_EQUAL(hs_config_path(t, "empty", NULL, &v, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'empty' must be an absolute path"));
    CU_ASSERT_EQUAL(hs_config_path(t, "num", NULL, &v, &err), -1);
    CU_ASSERT_EQUAL(strncmp(err.msg, at2, strlen(at2)), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'num' must be a string"));
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
    CU_add_test(s, "ABI readers: bool, enum, strings, require, nested keys", test_abi_readers);
    CU_add_test(s, "ABI reader: absolute paths", test_path_reader);
}
