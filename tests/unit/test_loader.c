/* The loader: good plugins load, foreign files, other ABIs, missing
 * callbacks, misnamed and duplicate plugins are refused with a clear
 * reason, a crashing constructor cannot take the caller down, and the rest
 * carry on. */
#include <CUnit/CUnit.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/loader.h"
#include "suites.h"

static char dir1[64], dir2[64];

/* Suite setup may not assert (CUnit), so failures are return codes. */
static int copy(const char *from, const char *to)
{
    char buf[8192];
    size_t n;
    int rc = 0;
    FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
    if (!a || !b) {
        fprintf(stderr, "cannot copy %s to %s\n", from, to);
        rc = -1;
        goto out;
    }
    while ((n = fread(buf, 1, sizeof buf, a)) > 0)
        if (fwrite(buf, 1, n, b) != n)
            rc = -1;
out:
    if (a)
        fclose(a);
    if (b && fclose(b) != 0)
        rc = -1;
    return rc;
}

static int fixture(const char *name, const char *dir)
{
    char from[1024], to[1024];
    const char *b = getenv("HS_TOP_BUILDDIR");
    snprintf(from, sizeof from, "%s/tests/plugins/.libs/%s.so", b ? b : ".", name);
    snprintf(to, sizeof to, "%s/%s.so", dir, name);
    return copy(from, to);
}

static int setup(void)
{
    char from[1024], to[1024];
    FILE *f;
    snprintf(dir1, sizeof dir1, "/tmp/hs-loader-XXXXXX");
    snprintf(dir2, sizeof dir2, "/tmp/hs-loader-XXXXXX");
    if (!mkdtemp(dir1) || !mkdtemp(dir2))
        return -1;
    /* plugins are opened as the probe user (nobody when run as root) */
    if (chmod(dir1, 0755) < 0 || chmod(dir2, 0755) < 0)
        return -1;
    snprintf(from, sizeof from, "%s/test.so", hs_test_plugin_dir());
    snprintf(to, sizeof to, "%s/test.so", dir1);
    if (copy(from, to) < 0)
        return -1;
    snprintf(to, sizeof to, "%s/test.so", dir2); /* the duplicate */
    if (copy(from, to) < 0 || fixture("badabi", dir1) < 0 || fixture("nocb", dir1) < 0 ||
        fixture("misnamed", dir1) < 0 || fixture("crashctor", dir1) < 0 ||
        fixture("notplugin", dir1) < 0 || fixture("badscore", dir1) < 0)
        return -1;
    snprintf(to, sizeof to, "%s/foreign.so", dir1);
    f = fopen(to, "w");
    if (!f)
        return -1;
    fputs("this is not an ELF file\n", f);
    fclose(f);
    return 0;
}

static int teardown(void)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", dir1, dir2);
    return system(cmd) == 0 ? 0 : -1;
}

static const struct hs_plugin_info *find(const struct hs_plugin_info *v, int n, const char *file)
{
    for (int i = 0; i < n; i++) {
        const char *b = strrchr(v[i].path, '/');
        if (b && strcmp(b + 1, file) == 0)
            return &v[i];
    }
    return NULL;
}

static void expect(const struct hs_plugin_info *v, int n, const char *file, const char *needle)
{
    const struct hs_plugin_info *p = find(v, n, file);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    if (!needle) {
        if (p->error)
            fprintf(stderr, "\n  %s refused: %s\n", file, p->error);
        CU_ASSERT_PTR_NULL(p->error);
        return;
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(p->error);
    if (!strstr(p->error, needle)) {
        fprintf(stderr, "\n  %s: expected '%s' in '%s'\n", file, needle, p->error);
        CU_FAIL("wrong refusal reason");
    }
}

static void test_scan(void)
{
    char *dirs[] = {dir1, dir2, NULL};
    struct hs_plugin_info *v = NULL;
    int n = hs_plugin_scan(dirs, &v), ngood = 0;
    CU_ASSERT_EQUAL_FATAL(n, 9);
    expect(v, n, "test.so", NULL);
    expect(v, n, "badabi.so", "ABI version 2");
    expect(v, n, "nocb.so", "missing callback: probe");
    expect(v, n, "misnamed.so", "does not match the file name");
    expect(v, n, "crashctor.so", "signal");
    expect(v, n, "notplugin.so", "not a hascout plugin");
    expect(v, n, "foreign.so", "not a loadable shared object");
    expect(v, n, "badscore.so", "scores");
    /* the copy in dir2 is the duplicate, and only it */
    CU_ASSERT_PTR_NOT_NULL_FATAL(v[n - 1].error);
    CU_ASSERT_PTR_NOT_NULL(strstr(v[n - 1].error, "duplicate plugin name 'test'"));
    for (int i = 0; i < n; i++) {
        ngood += v[i].error == NULL;
        if (!v[i].error) {
            CU_ASSERT_STRING_EQUAL(v[i].name, "test");
            CU_ASSERT_EQUAL(v[i].abi_version, HS_PLUGIN_ABI_VERSION);
            CU_ASSERT_DOUBLE_EQUAL(v[i].chance, 3, 0);
        }
        hs_plugin_info_free(&v[i]);
    }
    CU_ASSERT_EQUAL(ngood, 1);
    free(v);
}

static void test_find_and_dirs(void)
{
    char *dirs[] = {dir2, dir1, NULL};
    char *p = hs_plugin_find(dirs, "test"), **all;
    char want[128];
    snprintf(want, sizeof want, "%s/test.so", dir2); /* first dir wins */
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_STRING_EQUAL(p, want);
    free(p);
    CU_ASSERT_PTR_NULL(hs_plugin_find(dirs, "nope"));
    CU_ASSERT_EQUAL(errno, ENOENT);
    char *saved = strdup(hs_test_plugin_dir());
    setenv("HASCOUT_PLUGIN_PATH", "/a:/b", 1);
    all = hs_plugin_dirs(dirs, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(all);
    CU_ASSERT_STRING_EQUAL(all[0], dir2);
    CU_ASSERT_STRING_EQUAL(all[1], "/a");
    CU_ASSERT_STRING_EQUAL(all[2], "/b");
    CU_ASSERT_STRING_EQUAL(all[3], HS_PLUGINDIR);
    CU_ASSERT_PTR_NULL(all[4]);
    hs_strings_free(all);
    setenv("HASCOUT_PLUGIN_PATH", saved, 1);
    free(saved);
}

void hs_suite_loader(void)
{
    CU_pSuite s = CU_add_suite("loader", setup, teardown);
    CU_add_test(s, "scan refuses bad plugins, keeps good", test_scan);
    CU_add_test(s, "search order", test_find_and_dirs);
}
