/*
 * core/model/io.c — the one place the model library touches files: read
 * each path, hand the bytes to the matching pure reader, finish the model.
 */
#include "model/model.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE (256u << 20)

/* Reads PATH into a NUL-terminated malloc'ed buffer the caller frees. */
static int slurp(const char *path, char **out, size_t *len,
                 hs_model_error *err)
{
    int rc = -1;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return hs_model_fail(err, path, 0, "cannot open: %s",
                             strerror(errno));
    for (;;) {
        if (cap - n < 65536) {
            cap = cap ? cap * 2 : 65536 * 2;
            if (cap > MAX_FILE + 65536) {
                hs_model_fail(err, path, 0, "file larger than %u MiB",
                              MAX_FILE >> 20);
                goto out;
            }
            char *p = realloc(buf, cap + 1);
            if (!p) {
                hs_model_fail(err, path, 0, "out of memory");
                goto out;
            }
            buf = p;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) {
            if (ferror(f)) {
                hs_model_fail(err, path, 0, "read error: %s",
                              strerror(errno));
                goto out;
            }
            break;
        }
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    buf = NULL;
    rc = 0;
out:
    free(buf);
    fclose(f);
    return rc;
}

static bool looks_like_xml(const char *buf, size_t len)
{
    size_t i = 0;
    if (len >= 3 && (unsigned char)buf[0] == 0xEF &&
        (unsigned char)buf[1] == 0xBB && (unsigned char)buf[2] == 0xBF)
        i = 3;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' ||
                       buf[i] == '\n'))
        i++;
    return i < len && buf[i] == '<';
}

int hs_model_load_files(hs_model **out, char *const *paths, int n_paths,
                        hs_model_error *err)
{
    int rc = -1;
    char *buf = NULL;
    hs_model *m = hs_model_new();
    *out = NULL;
    if (!m)
        return hs_model_fail(err, NULL, 0, "out of memory");
    if (n_paths < 1) {
        hs_model_fail(err, NULL, 0, "no model file given");
        goto out;
    }
    for (int i = 0; i < n_paths; i++) {
        size_t len = 0;
        if (slurp(paths[i], &buf, &len, err))
            goto out;
        int r = looks_like_xml(buf, len)
                    ? hs_model_load_mef(m, buf, len, paths[i], err)
                    : hs_model_load_config_text(m, buf, paths[i], err);
        free(buf);
        buf = NULL;
        if (r)
            goto out;
    }
    if (hs_model_finish(m, err))
        goto out;
    *out = m;
    m = NULL;
    rc = 0;
out:
    free(buf);
    hs_model_free(m);
    return rc;
}
