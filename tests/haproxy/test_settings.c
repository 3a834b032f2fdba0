/*
 * test_settings.c — unit tests of the HAProxy plugin's config reader, with
 * the core's own hs_config_* helpers (so errors read as they will in use).
 */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/error.h"
#include "abi/warn.h"
#include "plugins/haproxy/haproxy.h"

/* The parsed test config: *c borrows its strings, so it lives until the
 * next read_conf() or done(). */
static config_t cfg;
static int cfg_live;

static void done(void)
{
    if (cfg_live)
        config_destroy(&cfg);
    cfg_live = 0;
}

/* Read `body` (the inside of one target group) into *c. Returns the rc of
 * hap_config_read; the message lands in err. */
static int read_conf(const char *body, struct hap_config *c, hs_error *err)
{
    char text[4096];
    const config_setting_t *t;
    int rc = -2;

    done();

    snprintf(text, sizeof text,
             "t = {\n  name = \"x\"; plugin = \"haproxy\";"
             " deadline = 5.0;\n  %s\n};\n",
             body);
    config_init(&cfg);
    cfg_live = 1;
    hs_error_clear(err);
    memset(c, 0, sizeof *c);
    if (config_read_string(&cfg, text) != CONFIG_TRUE) {
        fprintf(stderr, "\nlibconfig: %s in: %s\n", config_error_text(&cfg), text);
        CU_FAIL("test config does not parse");
    } else if ((t = config_lookup(&cfg, "t")) != NULL) {
        rc = hap_config_read(t, c, err);
    }
    if (rc != 0)
        hap_config_free(c);
    return rc;
}

/* Expect failure with `want` in the message. */
static void bad(const char *body, const char *want)
{
    struct hap_config c;
    hs_error err;
    int rc = read_conf(body, &c, &err);

    CU_ASSERT_EQUAL(rc, -1);
    if (rc == 0)
        hap_config_free(&c);
    if (!strstr(err.msg, want)) {
        fprintf(stderr, "\n'%s': got '%s', want '%s'\n", body, err.msg, want);
        CU_FAIL("error message");
    }
}

static void test_defaults(void)
{
    struct hap_config c;
    hs_error err;
    char url[256];

    CU_ASSERT_EQUAL_FATAL(read_conf("url = \"http://127.0.0.1:1/stats\";", &c, &err), 0);
    snprintf(url, sizeof url, "%s", c.http.url);
    CU_ASSERT_STRING_EQUAL(url, "http://127.0.0.1:1/stats;csv");
    CU_ASSERT_PTR_NULL(c.socket);
    CU_ASSERT_PTR_NULL(c.http.username);
    CU_ASSERT_PTR_NULL(c.http.password);
    CU_ASSERT_DOUBLE_EQUAL(c.limits.min_up, 1, 0);
    CU_ASSERT(c.limits.warn_sessions.set && c.limits.crit_sessions.set);
    CU_ASSERT(!c.limits.warn_queue.set && !c.limits.crit_queue.set);
    CU_ASSERT_EQUAL(c.filter.types, HAP_KEEP_FRONTEND | HAP_KEEP_BACKEND | HAP_KEEP_SERVER);
    CU_ASSERT_EQUAL(c.filter.maint_is_down, 0);
    CU_ASSERT_DOUBLE_EQUAL(c.timeout, 10, 0);
    CU_ASSERT_DOUBLE_EQUAL(c.http.connect_timeout, 3, 0);
    hap_config_free(&c);

    CU_ASSERT_EQUAL_FATAL(read_conf("url = \"https://h/s;csv;norefresh\";", &c, &err), 0);
    CU_ASSERT_STRING_EQUAL(c.http.url, "https://h/s;csv;norefresh");
    hap_config_free(&c);
}

static void test_full(void)
{
    char path[] = "/tmp/hap-test-pw-XXXXXX", body[1024];
    struct hap_config c;
    hs_error err;
    int fd = mkstemp(path);

    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(write(fd, "s3cret\nignored\n", 15), 15);
    close(fd);
    snprintf(body, sizeof body,
             "url = \"https://lb/stats\"; username = \"mon\";"
             " password_file = \"%s\"; ca_file = \"/etc/ca.pem\";"
             " insecure = false; connect_timeout = 1.5; timeout = 4;"
             " min_up = 2; maint_is_down = \"yes\"; warn_sessions = \"70\";"
             " crit_sessions = \"90\"; warn_queue = \"5\"; crit_queue = \"50\";"
             " proxies = \"be_*, fe_*\"; exclude_proxies = [ \"be_old\" ];"
             " types = [ \"backend\", \"server\" ];",
             path);
    CU_ASSERT_EQUAL_FATAL(read_conf(body, &c, &err), 0);
    unlink(path);
    CU_ASSERT_STRING_EQUAL(c.password, "s3cret");
    CU_ASSERT_PTR_EQUAL(c.http.password, c.password);
    CU_ASSERT_DOUBLE_EQUAL(c.limits.min_up, 2, 0);
    CU_ASSERT_EQUAL(c.filter.maint_is_down, 1);
    CU_ASSERT_EQUAL(c.filter.ninclude, 2);
    CU_ASSERT_STRING_EQUAL(c.filter.include[1], "fe_*");
    CU_ASSERT_EQUAL(c.filter.nexclude, 1);
    CU_ASSERT_STRING_EQUAL(c.filter.exclude[0], "be_old");
    CU_ASSERT_STRING_EQUAL(c.http.username, "mon");
    CU_ASSERT_STRING_EQUAL(c.http.ca_file, "/etc/ca.pem");
    CU_ASSERT_EQUAL(c.filter.types, HAP_KEEP_BACKEND | HAP_KEEP_SERVER);
    CU_ASSERT_DOUBLE_EQUAL(c.timeout, 4, 0);
    CU_ASSERT(hs_range_alerts(&c.limits.warn_sessions, 75));
    CU_ASSERT(!hs_range_alerts(&c.limits.crit_sessions, 75));
    hap_config_free(&c);
    /* freed and wiped */
    CU_ASSERT_EQUAL(c.password[0], '\0');
}

static void test_sockets(void)
{
    struct hap_config c;
    hs_error err;

    CU_ASSERT_EQUAL(read_conf("socket = \"unix:/run/haproxy.sock\";", &c, &err), 0);
    hap_config_free(&c);
    CU_ASSERT_EQUAL(read_conf("socket = \"tcp:127.0.0.1:9999\";", &c, &err), 0);
    hap_config_free(&c);
    CU_ASSERT_EQUAL(read_conf("socket = \"tcp:[::1]:9999\";", &c, &err), 0);
    hap_config_free(&c);
    bad("socket = \"tcp:127.0.0.1\";", "expected tcp:HOST:PORT");
    bad("socket = \"tcp:h:99999\";", "port 1..65535");
    bad("socket = \"tcp:[::1]9999\";", "expected tcp:HOST:PORT");
    bad("socket = \"unix:\";", "unix socket path");
    bad("socket = \"/run/haproxy.sock\";", "expected unix:/PATH");
    bad("socket = \"unix:/s\"; username = \"u\";", "apply to 'url' only");
}

static void test_errors(void)
{
    bad("", "exactly one of 'url'");
    bad("url = \"http://h/\"; socket = \"unix:/s\";", "exactly one of 'url'");
    bad("url = \"http://h/\"; bogus = 1;", "unknown key 'bogus'");
    bad("url = \"ftp://h/\";", "must start with http:// or https://");
    bad("url = \"http://u:p@h/stats\";", "must not carry credentials");
    bad("url = \"http://h/\"; username = \"u\";", "go together");
    bad("url = \"http://h/\"; password = \"p\";", "go together");
    bad("url = 5;", "'url' must be a string");
    bad("url = \"http://h/\"; min_up = -1;", "'min_up' must be 0 or more");
    bad("url = \"http://h/\"; min_up = \"2\";", "'min_up' must be a number");
    bad("url = \"http://h/\"; timeout = 0;", "more than 0 seconds");
    bad("url = \"http://h/\"; warn_sessions = \"abc\";", "warn_sessions");
    bad("url = \"http://h/\"; maint_is_down = 2;", "must be true or false");
    bad("url = \"http://h/\"; insecure = \"maybe\";", "must be true or false");
    bad("url = \"http://h/\"; types = [ \"listener\" ];", "'listener' is not");
    bad("url = \"http://h/\"; types = [ 1 ];", "'types'[0] must be a string");
    bad("url = \"http://h/\"; proxies = [];", "'proxies' is empty");
    bad("url = \"http://h/\"; proxies = \" , \";", "'proxies' is empty");
    bad("url = \"http://h/\"; proxies = 3;", "string or a list of strings");
    /* blanks separate items too: three of them from a string without commas */
    {
        struct hap_config c;
        hs_error err;
        CU_ASSERT_EQUAL_FATAL(read_conf("url = \"http://h/\"; proxies = \"a b  c\";", &c, &err), 0);
        CU_ASSERT_EQUAL_FATAL(c.filter.ninclude, 3);
        CU_ASSERT_STRING_EQUAL(c.filter.include[2], "c");
        hap_config_free(&c);
    }
    bad("url = \"http://h/\"; username = \"u\"; password_file = \"/nonexistent/pw\";",
        "/nonexistent/pw");
}

/* Credentials in the URL, however the authority is spelt (RFC 3986: it ends
 * at the first '/', '?' or '#', and any '@' in it starts userinfo): refused,
 * and the message never repeats the secret. */
static void test_url_credentials(void)
{
    static const char *const urls[] = {
        "http://mon;x:PASSWORD@h/stats", "http://mon:PASSWORD@h",   "https://PASSWORD@h:8404/",
        "http://h;PASSWORD@evil/",       "http://a,b:PASSWORD@h?x", "http://PASSWORD@[::1]:1/",
        "http://:PASSWORD@h#frag",       "HTTP://u:PASSWORD@h/",
    };
    char body[256];

    for (size_t i = 0; i < sizeof urls / sizeof *urls; i++) {
        struct hap_config c;
        hs_error err;
        int rc;

        snprintf(body, sizeof body, "url = \"%s\";", urls[i]);
        rc = read_conf(body, &c, &err);
        CU_ASSERT_EQUAL(rc, -1);
        if (rc == 0)
            hap_config_free(&c);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "must not carry credentials"));
        CU_ASSERT_PTR_NULL(strstr(err.msg, "PASSWORD"));
        if (rc != -1 || strstr(err.msg, "PASSWORD"))
            fprintf(stderr, "\n%s: rc %d, '%s'\n", urls[i], rc, err.msg);
    }
    /* an '@' after the authority is part of the path or query, not a login */
    {
        struct hap_config c;
        hs_error err;
        CU_ASSERT_EQUAL(read_conf("url = \"http://h/stats@x?u=a@b#c@d\";", &c, &err), 0);
        hap_config_free(&c);
    }
}

/* Basic auth over plain http to anything but loopback sends the password
 * in clear: accepted, with a warning (never naming the password). */
static void test_plain_http_auth(void)
{
    static const struct {
        const char *url;
        int warn;
    } cases[] = {
        {"http://stats.example:8404/stats", 1},
        {"http://10.0.0.1/", 1},
        {"http://127.0.0.2:8404/", 0},
        {"http://localhost/", 0},
        {"http://LOCALHOST:1/", 0},
        {"http://[::1]:8404/", 0},
        {"https://stats.example/", 0},
        {"http://127.0.0.1.evil.example/", 1},
        {"http://localhost.evil.example/", 1},
        {"http://[::2]/", 1},
    };
    char body[256];

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct hap_config c;
        hs_error err;
        int warned = 0;

        hs_warn_reset();
        snprintf(body, sizeof body,
                 "url = \"%s\"; username = \"mon\"; "
                 "password = \"s3cr3t\";",
                 cases[i].url);
        CU_ASSERT_EQUAL_FATAL(read_conf(body, &c, &err), 0);
        hap_config_free(&c);
        for (size_t k = 0; k < hs_warn_count(); k++) {
            warned |= strstr(hs_warn_at(k), "plain http") != NULL;
            CU_ASSERT_PTR_NULL(strstr(hs_warn_at(k), "s3cr3t"));
        }
        CU_ASSERT_EQUAL(warned, cases[i].warn);
        if (warned != cases[i].warn)
            fprintf(stderr, "\n%s: warned %d\n", cases[i].url, warned);
    }
    /* without a login there is nothing to leak */
    {
        struct hap_config c;
        hs_error err;
        hs_warn_reset();
        CU_ASSERT_EQUAL(read_conf("url = \"http://stats.example/\";", &c, &err), 0);
        hap_config_free(&c);
        CU_ASSERT_EQUAL(hs_warn_count(), 0);
    }
    hs_warn_reset();
}

int main(void)
{
    CU_pSuite s;
    unsigned failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("haproxy settings", NULL, NULL);
    if (!s || !CU_add_test(s, "defaults", test_defaults) ||
        !CU_add_test(s, "every key", test_full) ||
        !CU_add_test(s, "socket addresses", test_sockets) ||
        !CU_add_test(s, "bad configs", test_errors) ||
        !CU_add_test(s, "credentials in the url", test_url_credentials) ||
        !CU_add_test(s, "basic auth over plain http", test_plain_http_auth)) {
        CU_cleanup_registry();
        return 2;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    done();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
