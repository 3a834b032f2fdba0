/*
 * core/model/io.c — the one place the model library touches files: read
 * each path, hand the bytes to the matching pure reader, finish the model.
 */
#include "model/model.h"

#include <stdlib.h>

#include "util/readfile.h"

/* Model files may be generated rather than written by hand (exports of
 * large fault trees), so they get more room than a config
 * (HS_READ_CONFIG_MAX): the 256 MiB this reader always allowed. */
#define MAX_FILE ((size_t)256 << 20)

static bool looks_like_xml(const char *buf, size_t len)
{
    size_t i = 0;
    if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
        (unsigned char)buf[2] == 0xBF)
        i = 3;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
        i++;
    return i < len && buf[i] == '<';
}

int hs_model_load_files(hs_model **out, char *const *paths, int n_paths, hs_error *err)
{
    int rc = -1;
    char *buf = NULL;
    hs_model *m = hs_model_new();
    *out = NULL;
    if (!m)
        return hs_error_fail(err, NULL, 0, "out of memory");
    if (n_paths < 1) {
        hs_error_fail(err, NULL, 0, "no model file given");
        goto out;
    }
    for (int i = 0; i < n_paths; i++) {
        size_t len = 0;
        char why[512];
        if (hs_read_file(paths[i], MAX_FILE, &buf, &len, why, sizeof why) < 0) {
            hs_error_fail(err, NULL, 0, "%s", why); /* why names the path */
            goto out;
        }
        int r = looks_like_xml(buf, len) ? hs_model_load_mef(m, buf, len, paths[i], err)
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
