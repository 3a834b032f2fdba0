/* history.c — the append-only JSON-lines history: records, their line
 * form, appending with rotation, and loading whole (tests; reports stream
 * it: histstream.c). */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "live/histstream.h"
#include "live/history.h"
#include "util/error.h"
#include "util/procutil.h"
#include "util/trust.h"

static const char *const kind_keys[3] = {"services", "components", "targets"};

int hs_hist_add(struct hs_hist_record *rec, enum hs_hist_kind kind, const char *name,
                const char *state)
{
    struct hs_hist_entry *n = rec->e[kind];
    if (rec->n[kind] == rec->cap[kind]) {
        size_t cap = rec->cap[kind] ? 2 * rec->cap[kind] : 8;
        if (!(n = realloc(rec->e[kind], cap * sizeof *n)))
            return -1;
        rec->e[kind] = n;
        rec->cap[kind] = cap;
    }
    n[rec->n[kind]].name = strdup(name);
    if (!n[rec->n[kind]].name)
        return -1;
    snprintf(n[rec->n[kind]].state, sizeof n->state, "%s", state);
    rec->n[kind]++;
    return 0;
}

void hs_hist_record_free(struct hs_hist_record *rec)
{
    for (int k = 0; k < 3; k++) {
        for (size_t i = 0; !rec->interned && i < rec->n[k]; i++)
            free(rec->e[k][i].name);
        free(rec->e[k]);
        rec->e[k] = NULL;
        rec->n[k] = rec->cap[k] = 0;
    }
}

int hs_hist_classify(const char *s)
{
    if (!s)
        return -1;
    if (!strcmp(s, "UP") || !strcmp(s, "OK") || !strcmp(s, "WARNING") || !strcmp(s, "DEGRADED"))
        return 1;
    if (!strcmp(s, "DOWN") || !strcmp(s, "CRITICAL"))
        return 0;
    return -1;
}

char *hs_hist_encode(const struct hs_hist_record *rec)
{
    json_object *o = json_object_new_object();
    const char *s;
    char *line = NULL;
    size_t len;
    json_object_object_add(o, "v", json_object_new_int(1));
    json_object_object_add(o, "t", json_object_new_double(rec->t));
    for (int k = 0; k < 3; k++) {
        json_object *g = json_object_new_object();
        for (size_t i = 0; i < rec->n[k]; i++)
            json_object_object_add(g, rec->e[k][i].name,
                                   json_object_new_string(rec->e[k][i].state));
        json_object_object_add(o, kind_keys[k], g);
    }
    s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
    len = strlen(s);
    line = malloc(len + 2);
    if (line) {
        memcpy(line, s, len);
        line[len] = '\n';
        line[len + 1] = '\0';
    }
    json_object_put(o);
    return line;
}

int hs_hist_parse_line(const char *line, size_t len, struct hs_hist_record *rec, char *errbuf,
                       size_t errlen)
{
    json_tokener *tok = json_tokener_new_ex(8);
    json_object *o = NULL, *v;
    int rc = -1;

    memset(rec, 0, sizeof *rec);
    if (!tok) {
        snprintf(errbuf, errlen, "out of memory");
        return -1;
    }
    o = json_tokener_parse_ex(tok, line, (int)len);
    if (!o || json_tokener_get_error(tok) != json_tokener_success ||
        json_tokener_get_parse_end(tok) != len) {
        snprintf(errbuf, errlen, "not a complete JSON record");
        goto out;
    }
    if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, "v", &v) ||
        json_object_get_int(v) != 1 || !json_object_object_get_ex(o, "t", &v) ||
        !(json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int))) {
        snprintf(errbuf, errlen, "record without version 1 and a time");
        goto out;
    }
    rec->t = json_object_get_double(v);
    if (!isfinite(rec->t) || rec->t < 0) {
        snprintf(errbuf, errlen, "record with an invalid time");
        goto out;
    }
    for (int k = 0; k < 3; k++) {
        json_object *g;
        if (!json_object_object_get_ex(o, kind_keys[k], &g) || !g)
            continue;
        if (!json_object_is_type(g, json_type_object)) {
            snprintf(errbuf, errlen, "'%s' is not an object", kind_keys[k]);
            goto out;
        }
        /* one allocation for the group's entries, not one realloc each */
        if (json_object_object_length(g) > 0 &&
            !(rec->e[k] = malloc((size_t)json_object_object_length(g) * sizeof *rec->e[k]))) {
            snprintf(errbuf, errlen, "out of memory");
            goto out;
        }
        rec->cap[k] = (size_t)json_object_object_length(g);
        json_object_object_foreach(g, name, st)
        {
            if (!st || !json_object_is_type(st, json_type_string) ||
                json_object_get_string_len(st) >= 16) {
                snprintf(errbuf, errlen, "bad state for '%.100s'", name);
                goto out;
            }
            if (hs_hist_add(rec, (enum hs_hist_kind)k, name, json_object_get_string(st)) < 0) {
                snprintf(errbuf, errlen, "out of memory");
                goto out;
            }
        }
    }
    rc = 0;
out:
    if (rc < 0)
        hs_hist_record_free(rec);
    if (o)
        json_object_put(o);
    json_tokener_free(tok);
    return rc;
}

void hs_history_free(struct hs_history *h)
{
    for (size_t i = 0; i < h->n; i++)
        hs_hist_record_free(&h->recs[i]);
    free(h->recs);
    hs_intern_free(h->names);
    memset(h, 0, sizeof *h);
}

/* The sink of hs_history_load/parse: each record kept, its entries copied
 * (the names are the history's own interned ones). */
static int collect(void *ctx, const struct hs_hist_record *rec, double until, hs_error *err)
{
    struct hs_history *h = ctx;
    struct hs_hist_record *d;
    (void)until;
    if (h->n == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 64;
        struct hs_hist_record *n = realloc(h->recs, nc * sizeof *n);
        if (!n)
            goto oom;
        h->recs = n;
        h->cap = nc;
    }
    d = &h->recs[h->n];
    memset(d, 0, sizeof *d);
    d->t = rec->t;
    d->interned = 1;
    for (int k = 0; k < 3; k++) {
        if (rec->n[k] == 0)
            continue;
        if (!(d->e[k] = malloc(rec->n[k] * sizeof *d->e[k]))) {
            hs_hist_record_free(d);
            goto oom;
        }
        memcpy(d->e[k], rec->e[k], rec->n[k] * sizeof *d->e[k]);
        d->n[k] = d->cap[k] = rec->n[k];
    }
    h->n++;
    return 0;
oom:
    hs_error_set(err, "history: out of memory");
    return -1;
}

/* Run one of the scans into h. */
static int load_into(struct hs_history *h, double since, const char *dir, const char *buf,
                     size_t len, hs_error *err)
{
    struct hs_hist_sink sink = {collect, h};
    struct hs_hist_scan s;
    int rc;
    memset(h, 0, sizeof *h);
    memset(&s, 0, sizeof s);
    if (!(h->names = hs_intern_new())) {
        hs_error_set(err, "history: out of memory");
        return -1;
    }
    s.since = since;
    s.names = h->names;
    s.sinks = &sink;
    s.nsinks = 1;
    rc = dir ? hs_history_scan(dir, &s, err) : hs_history_scan_buf(buf, len, &s, err);
    h->damaged = s.damaged;
    h->out_of_order = s.out_of_order;
    snprintf(h->warning, sizeof h->warning, "%s", s.warning);
    if (rc < 0)
        hs_history_free(h);
    return rc;
}

int hs_history_parse(const char *buf, size_t len, double since, struct hs_history *h)
{
    hs_error err;
    return load_into(h, since, NULL, buf, len, &err);
}

int hs_history_load(const char *dir, double since, struct hs_history *h, hs_error *err)
{
    return load_into(h, since, dir, NULL, 0, err);
}

/* Rotate when the file is too large or its first record too old. The first
 * record may be long (many targets): it is read whole, up to the line limit,
 * and damaged lines before it are passed over. */
static void maybe_rotate(const char *dir, const char *path, const struct hs_history_opts *o,
                         double now)
{
    struct stat st;
    char from[4200], to[4200];
    int due = 0;
    /* a symlink or FIFO here is refused by the append's open, with the reason */
    if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
        return;
    if ((size_t)st.st_size > o->max_bytes) {
        due = 1;
    } else {
        double t;
        due = hs_history_first_time(path, &t) && now - t > o->max_age;
    }
    if (!due)
        return;
    for (int i = o->keep; i >= 1; i--) {
        snprintf(to, sizeof to, "%s/history.jsonl.%d", dir, i);
        if (i == o->keep)
            unlink(to);
        if (i > 1)
            snprintf(from, sizeof from, "%s/history.jsonl.%d", dir, i - 1);
        else
            snprintf(from, sizeof from, "%s", path);
        rename(from, to);
    }
}

int hs_history_append(const char *dir, const struct hs_hist_record *rec,
                      const struct hs_history_opts *opts, hs_error *err)
{
    struct hs_history_opts o = {8u << 20, 35 * 86400.0, 3};
    char path[4200], why[1024], last;
    char *line = NULL;
    int fd = -1, rc = -1;
    struct stat st;

    if (opts) {
        if (opts->max_bytes)
            o.max_bytes = opts->max_bytes;
        if (opts->max_age > 0)
            o.max_age = opts->max_age;
        if (opts->keep > 0)
            o.keep = opts->keep > 9 ? 9 : opts->keep;
    }
    if (hs_trust_path(dir, 1, why, sizeof why) < 0) {
        hs_error_set(err, "state directory refused: %s", why);
        goto out;
    }
    snprintf(path, sizeof path, "%s/history.jsonl", dir);
    maybe_rotate(dir, path, &o, rec->t);
    line = hs_hist_encode(rec);
    if (!line) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    fd = hs_state_open(path, O_RDWR | O_CREAT | O_APPEND, 0640, err);
    if (fd < 0)
        goto out;
    /* a record cut off by a killed run must not swallow ours */
    if (fstat(fd, &st) == 0 && st.st_size > 0 && pread(fd, &last, 1, st.st_size - 1) == 1 &&
        last != '\n' && hs_write_all(fd, "\n", 1) < 0) {
        hs_error_set(err, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (hs_write_all(fd, line, strlen(line)) < 0 || fsync(fd) < 0) {
        hs_error_set(err, "%s: %s", path, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    free(line);
    return rc;
}
