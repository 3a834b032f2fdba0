/* core/eval/readfile.c — the one place core/eval reads files. */
#include "eval/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Architecture and score files are hand-written configs; anything larger
 * than this is not one. */
#define MAX_FILE (16u << 20)

int hs_eval_read_file(const char *path, char **out, hs_model_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = -1;
    *out = NULL;
    if (!f)
        return hs_model_fail(err, path, 0, "cannot open: %s", strerror(errno));
    for (;;) {
        if (len + 4096 + 1 > cap) {
            size_t ncap = cap ? 2 * cap : 8192;
            char *n;
            if (ncap > MAX_FILE) {
                hs_model_fail(err, path, 0, "larger than %u MiB: not a "
                              "config file", MAX_FILE >> 20);
                goto out;
            }
            if (!(n = realloc(buf, ncap))) {
                hs_model_fail(err, path, 0, "out of memory");
                goto out;
            }
            buf = n;
            cap = ncap;
        }
        size_t r = fread(buf + len, 1, cap - len - 1, f);
        len += r;
        if (r == 0)
            break;
    }
    if (ferror(f)) {
        hs_model_fail(err, path, 0, "read error: %s", strerror(errno));
        goto out;
    }
    if (memchr(buf, '\0', len)) {
        hs_model_fail(err, path, 0, "contains a NUL byte: not a config file");
        goto out;
    }
    buf[len] = '\0';
    *out = buf;
    buf = NULL;
    rc = 0;
out:
    free(buf);
    fclose(f);
    return rc;
}
