/* loader.c — plugin discovery and validation.
 *
 * The parent never runs plugin code: probing happens in forked children
 * (runner.c) and listing goes through hs_plugin_inspect(), which loads the
 * plugin in a child and sends its descriptor back as JSON. */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <poll.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/error.h"
#include "host/loader.h"
#include "host/plugininfo.h"
#include "util/procutil.h"
#include "util/sandbox.h"
#include "util/trust.h"
#include "abi/warn.h"

void hs_strings_free(char **v)
{
    if (!v)
        return;
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

static int push(char ***v, size_t *n, const char *s)
{
    char **nv = realloc(*v, (*n + 2) * sizeof **v);
    if (!nv)
        return -1;
    *v = nv;
    nv[*n] = strdup(s);
    if (!nv[*n])
        return -1;
    nv[++*n] = NULL;
    return 0;
}

char **hs_plugin_dirs(char *const *cfg_dirs, size_t ncfg)
{
    char **v = calloc(1, sizeof *v);
    size_t n = 0;
    const char *env = getenv("HASCOUT_PLUGIN_PATH");
    if (!v)
        return NULL;
    for (size_t i = 0; i < ncfg; i++)
        if (push(&v, &n, cfg_dirs[i]) < 0)
            goto oom;
    if (env && *env) {
        char *copy = strdup(env), *save = NULL;
        if (!copy)
            goto oom;
        for (char *tok = strtok_r(copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
            /* a relative entry means "wherever cron happens to start us" */
            if (*tok != '/') {
                hs_warn("HASCOUT_PLUGIN_PATH entry '%s' is relative: ignored", tok);
                continue;
            }
            if (push(&v, &n, tok) < 0) {
                free(copy);
                goto oom;
            }
        }
        free(copy);
    }
    if (push(&v, &n, HS_PLUGINDIR) < 0)
        goto oom;
    return v;
oom:
    hs_strings_free(v);
    return NULL;
}

char *hs_plugin_find(char *const *dirs, const char *name)
{
    for (size_t i = 0; dirs && dirs[i]; i++) {
        size_t n = strlen(dirs[i]) + strlen(name) + 5;
        char *path = malloc(n);
        if (!path)
            return NULL;
        snprintf(path, n, "%s/%s.so", dirs[i], name);
        if (access(path, F_OK) == 0)
            return path;
        free(path);
    }
    errno = ENOENT;
    return NULL;
}

static int score_ok(double s)
{
    return isfinite(s) && s >= 1 && s <= 5;
}

int hs_plugin_open(const char *path, const struct hs_plugin **desc, void **handle, hs_error *err)
{
    void *h;
    hs_plugin_entry_fn entry;
    const struct hs_plugin *d;
    char stem[256];

    *desc = NULL;
    *handle = NULL;
    dlerror();
    h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        hs_error_set(err, "not a loadable shared object: %s", e ? e : "unknown error");
        return -1;
    }
    *(void **)(&entry) = dlsym(h, HS_PLUGIN_ENTRY_SYMBOL);
    if (!entry) {
        hs_error_set(err,
                     "not a hascout plugin: no symbol %s (another ABI version, "
                     "or not a plugin at all)",
                     HS_PLUGIN_ENTRY_SYMBOL);
        goto bad;
    }
    d = entry();
    if (!d) {
        hs_error_set(err, "entry point returned no descriptor");
        goto bad;
    }
    if (d->abi_version != HS_PLUGIN_ABI_VERSION) {
        hs_error_set(err, "ABI version %d, this hascout speaks %d", d->abi_version,
                     HS_PLUGIN_ABI_VERSION);
        goto bad;
    }
    hs_plugin_file_stem(path, stem, sizeof stem);
    if (!d->name || strcmp(d->name, stem) != 0) {
        hs_error_set(err, "descriptor name '%.100s' does not match the file name '%s.so'",
                     d->name ? d->name : "(null)", stem);
        goto bad;
    }
    if (!d->version || !d->technology) {
        hs_error_set(err, "descriptor lacks %s", !d->version ? "a version" : "a technology");
        goto bad;
    }
    if ((int)d->ha_class < 0 || d->ha_class > HS_CLASS_LAST) {
        hs_error_set(err, "invalid HA class %d", (int)d->ha_class);
        goto bad;
    }
    if (!score_ok(d->scores.chance) || !score_ok(d->scores.risk) || !score_ok(d->scores.maturity)) {
        hs_error_set(err, "default scores must lie in 1..5 (chance %g, risk %g, maturity %g)",
                     d->scores.chance, d->scores.risk, d->scores.maturity);
        goto bad;
    }
    if (!d->configure || !d->probe || !d->score) {
        hs_error_set(err, "missing callback: %s",
                     !d->configure ? "configure"
                     : !d->probe   ? "probe"
                                   : "score");
        goto bad;
    }
    *desc = d;
    *handle = h;
    return 0;
bad:
    dlclose(h);
    return -1;
}

/* Child side of hs_plugin_inspect: open, describe, write, exit. */
static void inspect_child(const char *path, int fd)
{
    const struct hs_plugin *d = NULL;
    void *h;
    hs_error err;
    char *s;

    hs_error_clear(&err);
    s = hs_plugin_describe(d, hs_plugin_open(path, &d, &h, &err) < 0 ? err.msg : NULL);
    if (s)
        hs_write_all(fd, s, strlen(s));
    _exit(s ? 0 : 70);
}

/* One inspector child's outcome into *info. */
static void inspect_done(struct hs_child *ch, const char *path, struct hs_plugin_info *info)
{
    char why[256];
    if (hs_child_failure(ch, why, sizeof why)) {
        if (ch->outhead[0])
            snprintf(why + strlen(why), sizeof why - strlen(why), " (%.80s)", ch->outhead);
        hs_plugin_info_parse("", 0, path, info);
        free(info->error);
        info->error = strdup(why);
    } else {
        hs_plugin_info_parse(ch->result, ch->rlen, path, info);
    }
    hs_child_release(ch);
}

/* Inspectors at once: each waits on a constructor, none computes much. */
#define INSPECT_PARALLEL 16

int hs_plugin_inspect_many(char *const *paths, size_t n, double deadline,
                           struct hs_plugin_info *infos)
{
    struct hs_child ch[INSPECT_PARALLEL];
    const char *sb_why = NULL;
    size_t slot_of[INSPECT_PARALLEL], next = 0, done = 0;
    int busy[INSPECT_PARALLEL] = {0};
    struct hs_sandbox sb;
    char why[256] = "";

    memset(infos, 0, n * sizeof *infos);
    /* constructors run as the probe user, as they would when probing */
    if (hs_sandbox_resolve(NULL, HS_MEMORY_LIMIT_DEFAULT, &sb, why, sizeof why) < 0)
        sb_why = why;
    while (done < n) {
        struct pollfd pf[2 * INSPECT_PARALLEL];
        int np = 0;
        for (int k = 0; k < INSPECT_PARALLEL && next < n; k++) {
            if (busy[k])
                continue;
            if (sb_why || hs_child_spawn(&ch[k], deadline, &sb) < 0) {
                hs_plugin_info_parse("", 0, paths[next], &infos[next]);
                free(infos[next].error);
                infos[next].error = strdup(sb_why ? sb_why : "cannot fork the inspector");
                next++;
                done++;
                continue;
            }
            if (ch[k].pid == 0)
                inspect_child(paths[next], ch[k].result_fd);
            slot_of[k] = next++;
            busy[k] = 1;
        }
        for (int k = 0; k < INSPECT_PARALLEL; k++) {
            if (!busy[k])
                continue;
            if (hs_child_poll_done(&ch[k], 64 * 1024)) {
                inspect_done(&ch[k], paths[slot_of[k]], &infos[slot_of[k]]);
                busy[k] = 0;
                done++;
                continue;
            }
            if (ch[k].result_fd >= 0)
                pf[np++] = (struct pollfd){.fd = ch[k].result_fd, .events = POLLIN};
            if (ch[k].out_fd >= 0)
                pf[np++] = (struct pollfd){.fd = ch[k].out_fd, .events = POLLIN};
        }
        if (done < n && (np == 0 || poll(pf, (nfds_t)np, 20) < 0))
            usleep(5000);
    }
    for (size_t i = 0; i < n; i++)
        if (!infos[i].path || !infos[i].name)
            return -1;
    return 0;
}

int hs_plugin_inspect(const char *path, double deadline, struct hs_plugin_info *info)
{
    char *const paths[] = {(char *)path};
    return hs_plugin_inspect_many(paths, 1, deadline, info);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.so names in dir, sorted; NULL-terminated, caller frees with
 * hs_strings_free. NULL when the dir cannot be read or out of memory. */
static char **so_names(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t nn = 0;
    if (!d)
        return NULL;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        char **tmp;
        if (l < 4 || strcmp(e->d_name + l - 3, ".so") != 0)
            continue;
        tmp = realloc(names, (nn + 2) * sizeof *names);
        if (!tmp)
            break;
        names = tmp;
        if (!(names[nn] = strdup(e->d_name)))
            break;
        names[++nn] = NULL;
    }
    closedir(d);
    if (nn)
        qsort(names, nn, sizeof *names, cmp_str);
    return names;
}

/* Every *.so of DIRS in search order: *paths (owned strings) and *v (one
 * zeroed info each) grow to *n. 0, or -1 when out of memory (what was
 * added stays counted in *n, for the caller to free). */
static int collect_paths(char *const *dirs, char ***paths, struct hs_plugin_info **v, size_t *n)
{
    for (size_t i = 0; dirs && dirs[i]; i++) {
        char **names = so_names(dirs[i]);
        for (size_t j = 0; names && names[j]; j++) {
            size_t plen = strlen(dirs[i]) + strlen(names[j]) + 2;
            char **tp = realloc(*paths, (*n + 1) * sizeof **paths);
            struct hs_plugin_info *tv = realloc(*v, (*n + 1) * sizeof **v);
            if (tp)
                *paths = tp;
            if (tv)
                *v = tv;
            if (!tp || !tv || !((*paths)[*n] = malloc(plen))) {
                hs_strings_free(names);
                return -1;
            }
            snprintf((*paths)[*n], plen, "%s/%s", dirs[i], names[j]);
            memset(&(*v)[*n], 0, sizeof **v);
            (*n)++;
        }
        hs_strings_free(names);
    }
    return 0;
}

/* Sort PATHS (N) by trust: the trusted ones into TRUSTED (borrowed) with
 * their index in WHERE; the others' infos in V say why they were refused,
 * unopened, since inspecting runs constructors. Returns how many are
 * trusted. */
static size_t refuse_untrusted(char *const *paths, size_t n, struct hs_plugin_info *v,
                               char **trusted, size_t *where)
{
    size_t nt = 0;
    for (size_t k = 0; k < n; k++) {
        char why[1024], stem[256], msg[1200];
        if (hs_trust_path(paths[k], 0, why, sizeof why) == 0) {
            where[nt] = k;
            trusted[nt++] = paths[k];
            continue;
        }
        hs_plugin_file_stem(paths[k], stem, sizeof stem);
        snprintf(msg, sizeof msg, "untrusted, not opened: %s", why);
        v[k].path = strdup(paths[k]);
        v[k].name = strdup(stem);
        v[k].error = strdup(msg);
    }
    return nt;
}

/* A later file with an earlier one's plugin name is a refused duplicate. */
static void refuse_duplicates(struct hs_plugin_info *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        for (size_t j = 0; j < k && !v[k].error; j++)
            if (!v[j].error && v[k].name && v[j].name && strcmp(v[j].name, v[k].name) == 0) {
                char msg[1024];
                snprintf(msg, sizeof msg, "duplicate plugin name '%s' (already found at %s)",
                         v[k].name, v[j].path);
                v[k].error = strdup(msg);
            }
}

int hs_plugin_scan(char *const *dirs, struct hs_plugin_info **out)
{
    struct hs_plugin_info *v = NULL, *insp = NULL;
    char **paths = NULL, **trusted = NULL;
    size_t n = 0, nt = 0, *where = NULL;
    int rc = -1;

    *out = NULL;
    /* 1. every *.so in search order; untrusted ones are refused unopened */
    if (collect_paths(dirs, &paths, &v, &n) < 0)
        goto out;
    trusted = calloc(n + 1, sizeof *trusted);
    where = calloc(n + 1, sizeof *where);
    insp = calloc(n + 1, sizeof *insp);
    if (!trusted || !where || !insp)
        goto out;
    nt = refuse_untrusted(paths, n, v, trusted, where);
    /* 2. the trusted ones, inspected side by side: one deadline in all */
    if (nt && hs_plugin_inspect_many(trusted, nt, 5.0, insp) < 0) {
        for (size_t k = 0; k < nt; k++)
            hs_plugin_info_free(&insp[k]);
        goto out;
    }
    for (size_t k = 0; k < nt; k++)
        v[where[k]] = insp[k];
    /* 3. a later file with an earlier name is a refused duplicate */
    refuse_duplicates(v, n);
    rc = (int)n;
out:
    for (size_t k = 0; k < n; k++)
        free(paths[k]);
    free(paths);
    free(trusted);
    free(where);
    free(insp);
    if (rc < 0) {
        for (size_t k = 0; k < n; k++)
            hs_plugin_info_free(&v[k]);
        free(v);
        return -1;
    }
    *out = v;
    return rc;
}
