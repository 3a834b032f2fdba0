/* The bounded file reader (util/readfile.h): a normal file comes back
 * byte for byte; a FIFO, a directory, a file over the limit and a path that
 * cannot be opened each give an error naming the path, and none blocks. */
#include <CUnit/CUnit.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "suites.h"
#include "util/readfile.h"

static char dir[] = "/tmp/hs-readfile-XXXXXX";
static char why[512];

static int setup(void)
{
    /* a read that blocks fails the suite instead of hanging `make check` */
    alarm(30);
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void)
{
    static const char *const names[] = {"file", "empty", "nul", "fifo", "sub", NULL};
    char p[PATH_MAX];
    alarm(0);
    for (const char *const *n = names; *n; n++) {
        snprintf(p, sizeof p, "%s/%s", dir, *n);
        if (remove(p) < 0 && errno != ENOENT)
            return -1;
    }
    return rmdir(dir);
}

/* DIR/NAME holding LEN bytes of DATA; its path in a static buffer. */
static const char *put(const char *name, const char *data, size_t len)
{
    static char p[PATH_MAX];
    int fd;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_FATAL(write(fd, data, len) == (ssize_t)len);
    close(fd);
    return p;
}

/* Reads PATH with MAX expecting a failure with errno E and WANT in the
 * message, which must also name the path. */
static void refused(const char *path, size_t max, int e, const char *want)
{
    char *out = (char *)"untouched";
    size_t len = 1;
    why[0] = '\0';
    CU_ASSERT_EQUAL(hs_read_file(path, max, &out, &len, why, sizeof why), -1);
    CU_ASSERT_EQUAL(errno, e);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT_EQUAL(len, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(why, path));
    CU_ASSERT_PTR_NOT_NULL(strstr(why, want));
    if (!strstr(why, want))
        fprintf(stderr, "\n  message: %s (wanted '%s')\n", why, want);
}

static void test_round_trip(void)
{
    static const char data[] = "line one\nline\0two\n"; /* a NUL is data too */
    const char *p = put("file", data, sizeof data - 1);
    char *out = NULL;
    size_t len = 0;
    CU_ASSERT_EQUAL_FATAL(hs_read_file(p, 1024, &out, &len, why, sizeof why), 0);
    CU_ASSERT_EQUAL(len, sizeof data - 1);
    CU_ASSERT_EQUAL(memcmp(out, data, sizeof data), 0); /* and NUL-terminated */
    free(out);
    /* exactly the limit is allowed */
    CU_ASSERT_EQUAL_FATAL(hs_read_file(p, sizeof data - 1, &out, NULL, why, sizeof why), 0);
    free(out);

    p = put("empty", "", 0);
    CU_ASSERT_EQUAL_FATAL(hs_read_file(p, 16, &out, &len, why, sizeof why), 0);
    CU_ASSERT_EQUAL(len, 0);
    CU_ASSERT_STRING_EQUAL(out, "");
    free(out);
}

/* /proc files say they are empty: the size is only a hint, and the limit
 * still holds when the file turns out larger than fstat said. */
static void test_size_hint(void)
{
    char *out = NULL;
    size_t len = 0;
    CU_ASSERT_EQUAL_FATAL(hs_read_file("/proc/self/status", 1 << 20, &out, &len, why, sizeof why),
                          0);
    CU_ASSERT(len > 0 && strlen(out) == len);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "Pid:"));
    free(out);
    refused("/proc/self/status", 16, EFBIG, "larger than the limit of 16 bytes");
}

static void test_too_large(void)
{
    char big[3000];
    memset(big, 'x', sizeof big);
    refused(put("file", big, sizeof big), sizeof big - 1, EFBIG,
            "3000 bytes, larger than the limit of 2999 bytes");
    refused(put("file", big, sizeof big), 0, EFBIG, "larger than the limit of 0 bytes");
}

static void test_fifo(void)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/fifo", dir);
    CU_ASSERT_FATAL(mkfifo(p, 0600) == 0);
    /* no writer: a blocking open would wait forever */
    refused(p, 1024, EINVAL, "not a regular file (a FIFO)");
    refused("/dev/null", 1024, EINVAL, "not a regular file (a character device)");
}

static void test_directory(void)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/sub", dir);
    CU_ASSERT_FATAL(mkdir(p, 0700) == 0);
    refused(p, 1024, EISDIR, "is a directory");
}

static void test_cannot_open(void)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/absent", dir);
    refused(p, 1024, ENOENT, "cannot open: ");
    snprintf(p, sizeof p, "%s/empty/below-a-file", dir);
    refused(p, 1024, ENOTDIR, "cannot open: ");
    if (geteuid() != 0) { /* root reads a mode 000 file anyway */
        const char *f = put("file", "secret", 6);
        CU_ASSERT_FATAL(chmod(f, 0) == 0);
        refused(f, 1024, EACCES, "cannot open: ");
    }
}

static void test_text(void)
{
    const char *p = put("nul", "a\0b", 3);
    char *out = (char *)"untouched";
    CU_ASSERT_EQUAL(hs_read_text(p, 16, &out, why, sizeof why), -1);
    CU_ASSERT_EQUAL(errno, EINVAL);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(why, p));
    CU_ASSERT_PTR_NOT_NULL(strstr(why, "NUL byte"));
    p = put("nul", "a = 1;\n", 7);
    CU_ASSERT_EQUAL_FATAL(hs_read_text(p, 16, &out, why, sizeof why), 0);
    CU_ASSERT_STRING_EQUAL(out, "a = 1;\n");
    free(out);
}

void hs_suite_readfile(void)
{
    CU_pSuite s = CU_add_suite("readfile", setup, teardown);
    CU_add_test(s, "a file round-trips, empty and at the limit too", test_round_trip);
    CU_add_test(s, "fstat's size is a hint (/proc)", test_size_hint);
    CU_add_test(s, "larger than the limit", test_too_large);
    CU_add_test(s, "FIFO and device refused without blocking", test_fifo);
    CU_add_test(s, "directory", test_directory);
    CU_add_test(s, "cannot open", test_cannot_open);
    CU_add_test(s, "text: a NUL byte is refused", test_text);
}
