/*
 * plugins/keepalived/history.c — load and save the flap history file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keepalived.h"

int ka_history_path(const char *state_dir, const char *target, char *buf, size_t cap)
{
    size_t used, i;
    int n;

    n = snprintf(buf, cap, "%s/", state_dir);
    if (n < 0 || (size_t)n >= cap)
        return -1;
    used = (size_t)n;
    /* Target names are free text; keep the file name tame. */
    for (i = 0; target[i] && used + 1 < cap; i++)
        buf[used++] = (target[i] == '/' || target[i] <= ' ' || target[i] > '~') ? '_' : target[i];
    n = snprintf(buf + used, cap - used, ".flap");
    return n < 0 || (size_t)n >= cap - used ? -1 : 0;
}

int ka_history_load(const char *path, struct ka_flap *out, char *err, size_t errlen)
{
    char *b = NULL, msg[256];
    size_t len;
    int rc = -1;

    if (ka_read_file(path, KA_MAX_FILE, &b, &len, err, errlen) < 0)
        return errno == ENOENT ? 0 : -1;
    if (ka_parse_flap(b, len, out, msg, sizeof msg) < 0) {
        snprintf(err, errlen, "%s: %s", path, msg);
        goto out;
    }
    rc = 0;
out:
    free(b);
    return rc;
}

static int mkdirs(char *dir)
{
    char *p;

    for (p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
            *p = '/';
            return -1;
        }
        *p = '/';
    }
    return mkdir(dir, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

int ka_history_save(const char *path, const struct ka_flap *f, char *err, size_t errlen)
{
    char dir[4096], *slash, *text = NULL;
    size_t cap = 64 + f->n * (2 * KA_NAME_MAX + 48);
    int len, rc = -1;

    if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir) {
        snprintf(err, errlen, "state_dir path too long");
        return -1;
    }
    slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        if (mkdirs(dir) < 0) {
            snprintf(err, errlen, "state_dir %s: %s", dir, strerror(errno));
            return -1;
        }
    }
    text = malloc(cap);
    if (!text || (len = ka_format_flap(f, text, cap)) < 0) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    rc = ka_write_atomic(path, text, (size_t)len, err, errlen);
out:
    free(text);
    return rc;
}
