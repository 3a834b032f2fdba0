/* test_trust.c — hs_trust_path and hs_state_open on files made in a temp
 * dir with chown/chmod. Needs root (files owned by nobody); exits 77 (SKIP)
 * otherwise. */
#include <CUnit/Basic.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "live/history.h"
#include "util/error.h"
#include "util/trust.h"

#define NOBODY 65534

static char top[64];

/* TOP/rel into buf. */
static const char *at(const char *rel)
{
    static char buf[4][512];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof buf[i], "%s/%s", top, rel);
    return buf[i];
}

static void mkfile(const char *rel, mode_t mode, uid_t uid)
{
    int fd = open(at(rel), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    CU_ASSERT_FATAL(chown(at(rel), uid, 0) == 0);
    CU_ASSERT_FATAL(chmod(at(rel), mode) == 0);
}

static void mkdirm(const char *rel, mode_t mode, uid_t uid)
{
    CU_ASSERT_FATAL(mkdir(at(rel), 0700) == 0);
    CU_ASSERT_FATAL(chown(at(rel), uid, 0) == 0);
    CU_ASSERT_FATAL(chmod(at(rel), mode) == 0);
}

/* hs_trust_path(rel) fails with a reason containing `want` (NULL: passes). */
static void expect(const char *rel, int want_dir, const char *want)
{
    char why[1024];
    int rc = hs_trust_path(at(rel), want_dir, why, sizeof why);
    if (!want) {
        if (rc != 0)
            fprintf(stderr, "\n  %s: unexpectedly refused: %s\n", rel, why);
        CU_ASSERT_EQUAL(rc, 0);
        return;
    }
    CU_ASSERT_EQUAL(rc, -1);
    if (!strstr(why, want))
        fprintf(stderr, "\n  %s: reason '%s' lacks '%s'\n", rel, why, want);
    CU_ASSERT_PTR_NOT_NULL(strstr(why, want));
}

static void test_owner_and_mode(void)
{
    mkdirm("ok", 0755, 0);
    mkfile("ok/root.so", 0644, 0);
    expect("ok/root.so", 0, NULL);
    expect("ok", 1, NULL);
    mkfile("ok/nobody.so", 0644, NOBODY);
    expect("ok/nobody.so", 0, "ok/nobody.so is owned by uid 65534");
    mkfile("ok/gw.so", 0664, 0);
    expect("ok/gw.so", 0, "gw.so is writable by its group (mode 0664)");
    mkfile("ok/ow.so", 0646, 0);
    expect("ok/ow.so", 0, "ow.so is writable by others");
    /* sticky does not excuse the object itself */
    mkfile("ok/sticky.so", 01666, 0);
    expect("ok/sticky.so", 0, "writable by");
}

static void test_ancestors(void)
{
    char why[1024];
    mkdirm("open", 0777, 0);
    mkfile("open/root.so", 0644, 0);
    expect("open/root.so", 0, "/open is writable by others (mode 0777)");
    mkdirm("tmp", 01777, 0);
    mkfile("tmp/root.so", 0644, 0);
    expect("tmp/root.so", 0, NULL); /* like /tmp: nobody else can swap our entry */
    mkfile("tmp/nobody.so", 0644, NOBODY);
    expect("tmp/nobody.so", 0, "is owned by uid 65534");
    mkdirm("theirs", 0755, NOBODY);
    mkfile("theirs/root.so", 0644, 0);
    expect("theirs/root.so", 0, "/theirs is owned by uid 65534");
    /* deep: the offending directory is two levels up */
    mkdirm("open/sub", 0755, 0);
    mkfile("open/sub/x.so", 0644, 0);
    expect("open/sub/x.so", 0, "/open is writable by others");
    CU_ASSERT_EQUAL(hs_trust_path("/", 1, why, sizeof why), 0);
}

static void test_symlinks_and_kinds(void)
{
    mkdirm("home", 0755, 0);
    mkfile("home/theirs.so", 0644, NOBODY);
    mkdirm("clean", 0755, 0);
    CU_ASSERT_FATAL(symlink(at("home/theirs.so"), at("clean/link.so")) == 0);
    expect("clean/link.so", 0, "clean/link.so is a symlink to ");
    expect("clean/link.so", 0, "home/theirs.so, owned by uid 65534");
    mkfile("home/mine.so", 0644, 0);
    CU_ASSERT_FATAL(symlink(at("home/mine.so"), at("clean/good.so")) == 0);
    expect("clean/good.so", 0, NULL);
    /* a link through a directory: the resolved directory is the one checked */
    mkdirm("wide", 0777, 0);
    mkfile("wide/w.so", 0644, 0);
    CU_ASSERT_FATAL(symlink(at("wide"), at("clean/dirlink")) == 0);
    expect("clean/dirlink/w.so", 0, "/wide is writable by others");
    expect("clean", 0, "is not a regular file");
    expect("home/mine.so", 1, "is not a directory");
    expect("nosuch.so", 0, "No such file or directory");
}

static void test_state_open(void)
{
    hs_error err;
    int fd;
    mkdirm("st", 0750, 0);
    CU_ASSERT_FATAL(symlink(at("victim"), at("st/history.jsonl")) == 0);
    fd = hs_state_open(at("st/history.jsonl"), O_RDWR | O_CREAT | O_APPEND, 0640, &err);
    CU_ASSERT_EQUAL(fd, -1);
    CU_ASSERT_EQUAL(errno, ELOOP);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "history.jsonl is a symbolic link"));
    CU_ASSERT_EQUAL(access(at("victim"), F_OK), -1); /* nothing created through it */
    CU_ASSERT_FATAL(mkfifo(at("st/history.jsonl.1"), 0600) == 0);
    fd = hs_state_open(at("st/history.jsonl.1"), O_RDONLY, 0, &err); /* must not block */
    CU_ASSERT_EQUAL(fd, -1);
    CU_ASSERT_EQUAL(errno, EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not a regular file (a FIFO)"));
    fd = hs_state_open(at("st/none"), O_RDONLY, 0, &err);
    CU_ASSERT_EQUAL(fd, -1);
    CU_ASSERT_EQUAL(errno, ENOENT);
    fd = hs_state_open(at("st/hascout.lock"), O_RDWR | O_CREAT, 0640, &err);
    CU_ASSERT(fd >= 0);
    if (fd >= 0) {
        CU_ASSERT_EQUAL(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
        CU_ASSERT(fcntl(fd, F_GETFD) & FD_CLOEXEC);
        close(fd);
    }
}

/* Write `len` bytes of buf to TOP/rel. */
static void put(const char *rel, const char *buf, size_t len)
{
    FILE *f = fopen(at(rel), "w");
    CU_ASSERT_FATAL(f != NULL);
    CU_ASSERT_FATAL(fwrite(buf, 1, len, f) == len);
    fclose(f);
}

/* The bounded line reader of hs_history_load gives what hs_history_parse
 * gives on the same bytes: records, damage count and first warning, across
 * lines at and around the 1 MiB limit and the reader's buffer edges. */
static void check_same(const char *buf, size_t len)
{
    struct hs_history a, b;
    hs_error err;
    put("hist/history.jsonl", buf, len);
    memset(&a, 0, sizeof a);
    CU_ASSERT_EQUAL_FATAL(hs_history_parse(buf, len, 100, &a), 0);
    CU_ASSERT_EQUAL_FATAL(hs_history_load(at("hist"), 100, &b, &err), 0);
    CU_ASSERT_EQUAL(a.n, b.n);
    CU_ASSERT_EQUAL(a.damaged, b.damaged);
    if (strcmp(a.warning, b.warning) != 0)
        fprintf(stderr, "\n  %zu bytes: parse says '%s', load says '%s'\n", len, a.warning,
                b.warning);
    CU_ASSERT_STRING_EQUAL(a.warning, b.warning);
    for (size_t i = 0; i < a.n && i < b.n; i++)
        CU_ASSERT_EQUAL(a.recs[i].t, b.recs[i].t);
    hs_history_free(&a);
    hs_history_free(&b);
}

static void test_history_reader(void)
{
    const size_t lim = 1u << 20;
    size_t cap = 4 * lim, len;
    char *buf = malloc(cap);
    const char *rec = "{\"v\":1,\"t\":200,\"targets\":{\"a\":\"OK\"}}\n";
    const char *old = "{\"v\":1,\"t\":50,\"targets\":{\"a\":\"OK\"}}\n";
    /* padding lengths around the limit: a JSON string of n bytes in all */
    const size_t pads[] = {10, lim - 1, lim, lim + 1, 3 * lim};
    CU_ASSERT_FATAL(buf != NULL);
    mkdirm("hist", 0750, 0);
    for (size_t k = 0; k < sizeof pads / sizeof *pads; k++) {
        for (int last = 0; last < 2; last++) {
            len = 0;
            len += (size_t)snprintf(buf + len, cap - len, "%s%s", old, rec);
            memset(buf + len, 'x', pads[k]); /* a damaged (or too long) line */
            len += pads[k];
            if (!last) {
                buf[len++] = '\n';
                len += (size_t)snprintf(buf + len, cap - len, "%s", rec);
            }
            check_same(buf, len);
        }
    }
    /* a record whose line is exactly the limit is still a record */
    len = (size_t)snprintf(buf, cap, "{\"v\":1,\"t\":300,\"x\":\"");
    memset(buf + len, 'y', lim - len - 2);
    len = lim - 2;
    len += (size_t)snprintf(buf + len, cap - len, "\"}\n");
    CU_ASSERT_EQUAL(len, lim + 1);
    check_same(buf, len);
    {
        struct hs_history h;
        hs_error err;
        CU_ASSERT_EQUAL(hs_history_load(at("hist"), 0, &h, &err), 0);
        CU_ASSERT_EQUAL(h.n, 1);
        CU_ASSERT_EQUAL(h.damaged, 0);
        hs_history_free(&h);
    }
    /* the line just above the limit is damage, and says why */
    {
        struct hs_history h;
        hs_error err;
        memmove(buf + 1, buf, len);
        buf[0] = ' ';
        put("hist/history.jsonl", buf, len + 1);
        CU_ASSERT_EQUAL(hs_history_load(at("hist"), 0, &h, &err), 0);
        CU_ASSERT_EQUAL(h.n, 0);
        CU_ASSERT_EQUAL(h.damaged, 1);
        CU_ASSERT_PTR_NOT_NULL(strstr(h.warning, "longer than 1 MiB"));
        hs_history_free(&h);
    }
    free(buf);
}

int main(void)
{
    CU_pSuite s;
    unsigned failed;
    char cmd[128];
    if (geteuid() != 0) {
        printf("SKIP: test_trust needs root (files owned by nobody)\n");
        return 77;
    }
    snprintf(top, sizeof top, "/tmp/hs-trust-XXXXXX");
    if (!mkdtemp(top))
        return 2;
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    s = CU_add_suite("trust", NULL, NULL);
    CU_add_test(s, "owner and mode of the object", test_owner_and_mode);
    CU_add_test(s, "every directory up to /", test_ancestors);
    CU_add_test(s, "symlinks and kinds of file", test_symlinks_and_kinds);
    CU_add_test(s, "hs_state_open", test_state_open);
    CU_add_test(s, "history reader = parser, 1 MiB limit", test_history_reader);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures();
    CU_cleanup_registry();
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", top);
    return failed ? 1 : 0;
}
