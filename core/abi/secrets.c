/* secrets.c — secrets read by root for one probe (secrets.h).
 * The pipe holds records "PATH\0SECRET\0", at most HS_SECRETS_MAX. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/procutil.h"
#include "util/sandbox.h"
#include "abi/secrets.h"

struct entry {
    char *path, *secret;
};
static struct entry table[HS_SECRETS_MAX];
static size_t ntable;

void hs_secrets_reset(void)
{
    for (size_t i = 0; i < ntable; i++) {
        explicit_bzero(table[i].secret, strlen(table[i].secret));
        free(table[i].secret);
        free(table[i].path);
    }
    memset(table, 0, sizeof table);
    ntable = 0;
}

const char *hs_secrets_lookup(const char *path)
{
    for (size_t i = 0; i < ntable; i++)
        if (strcmp(table[i].path, path) == 0)
            return table[i].secret;
    return NULL;
}

/* First line of a regular file, never blocking on a FIFO or device. */
static int first_line(const char *path, char *buf, size_t len)
{
    struct stat st;
    ssize_t r;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return -1;
    }
    r = read(fd, buf, len - 1);
    close(fd);
    if (r < 0)
        return -1;
    buf[r] = '\0';
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

static void collect(const config_setting_t *g, const char *dir, const struct hs_sandbox *sb,
                    char *blob, size_t *used, size_t cap, int *count)
{
    int n = config_setting_length(g);
    for (int i = 0; i < n && *count < HS_SECRETS_MAX; i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        const char *name = config_setting_name(m), *val;
        char path[4096], secret[HS_SECRET_MAX];
        size_t nl, pl, sl;

        if (config_setting_is_aggregate(m)) {
            collect(m, dir, sb, blob, used, cap, count);
            continue;
        }
        nl = name ? strlen(name) : 0;
        if (nl < 6 || strcmp(name + nl - 5, "_file") != 0 ||
            config_setting_type(m) != CONFIG_TYPE_STRING)
            continue;
        val = config_setting_get_string(m);
        if (val[0] == '/' || !dir)
            snprintf(path, sizeof path, "%s", val);
        else
            snprintf(path, sizeof path, "%s/%s", dir, val);
        /* the probe reads what it can itself: root reads only the rest */
        if (hs_sandbox_can_read(sb, path) || first_line(path, secret, sizeof secret) < 0)
            continue;
        pl = strlen(val) + 1;
        sl = strlen(secret) + 1;
        if (*used + pl + sl <= cap) {
            memcpy(blob + *used, val, pl);
            memcpy(blob + *used + pl, secret, sl);
            *used += pl + sl;
            ++*count;
        }
        explicit_bzero(secret, sizeof secret);
    }
}

int hs_secrets_collect(const config_setting_t *t, const char *resolve_dir,
                       const struct hs_sandbox *sb)
{
    /* smaller than a pipe's buffer, so the write never blocks */
    static char blob[HS_SECRETS_MAX * (HS_SECRET_MAX + 512)];
    size_t used = 0;
    int count = 0, p[2] = {-1, -1}, rc = -1;

    if (!sb->drop || !t)
        return -1; /* probes run as root, or as the caller: they read it all */
    collect(t, resolve_dir, sb, blob, &used, sizeof blob, &count);
    if (count == 0)
        goto out;
    if (pipe2(p, O_CLOEXEC) < 0)
        goto out;
    if (hs_write_all(p[1], blob, used) < 0) {
        close(p[0]);
        goto out;
    }
    rc = p[0];
out:
    if (p[1] >= 0)
        close(p[1]);
    explicit_bzero(blob, used);
    return rc;
}

int hs_secrets_load(int fd)
{
    static char buf[HS_SECRETS_MAX * (HS_SECRET_MAX + 512) + 1];
    size_t len = 0;
    int rc = -1;

    hs_secrets_reset();
    for (;;) {
        ssize_t r = read(fd, buf + len, sizeof buf - 1 - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        len += (size_t)r;
        if (len == sizeof buf - 1)
            goto out;
    }
    buf[len] = '\0';
    for (size_t off = 0; off < len && ntable < HS_SECRETS_MAX;) {
        const char *path = buf + off, *secret;
        size_t pl = strlen(path);
        if (off + pl + 1 >= len)
            goto out;
        secret = path + pl + 1;
        table[ntable].path = strdup(path);
        table[ntable].secret = strdup(secret);
        if (!table[ntable].path || !table[ntable].secret) {
            free(table[ntable].path);
            free(table[ntable].secret);
            goto out;
        }
        ntable++;
        off += pl + 1 + strlen(secret) + 1;
    }
    rc = 0;
out:
    explicit_bzero(buf, len);
    close(fd);
    return rc;
}
