/* history.c — append-only JSON-lines history and observed availability. */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "live/evidence.h"
#include "live/histscan.h"
#include "live/history.h"
#include "util/error.h"
#include "util/procutil.h"
#include "util/trust.h"

/* A line longer than this is no record hascout wrote: it is skipped as
 * damage, so a garbage or sparse file costs a bounded buffer, not its size. */
#define HS_HIST_MAX_LINE (1u << 20)

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

static int push_record(struct hs_history *h, struct hs_hist_record *rec)
{
    if (h->n == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 64;
        struct hs_hist_record *n = realloc(h->recs, nc * sizeof *n);
        if (!n)
            return -1;
        h->recs = n;
        h->cap = nc;
    }
    h->recs[h->n++] = *rec;
    return 0;
}

/* A record parsed by json-c joins the others: its names interned. Every
 * name is interned before any is swapped, so a failure leaves rec whole;
 * the second lookup finds each name and cannot fail. */
static int intern_names(struct hs_history *h, struct hs_hist_record *rec)
{
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < rec->n[k]; i++)
            if (!hs_intern_get(h->names, rec->e[k][i].name, strlen(rec->e[k][i].name)))
                return -1;
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < rec->n[k]; i++) {
            const char *in = hs_intern_get(h->names, rec->e[k][i].name, strlen(rec->e[k][i].name));
            free(rec->e[k][i].name);
            rec->e[k][i].name = (char *)in;
        }
    rec->interned = 1;
    return 0;
}

/* One line of a history file (l bytes, without its '\n'; `has_nl` says
 * whether one followed; `why_bad` non-NULL when the reader already knows the
 * line is damaged). Records older than `since` are dropped at once. 0, or -1
 * when out of memory. */
static int take_line(struct hs_history *h, const char *line, size_t l, size_t lineno, int has_nl,
                     double since, const char *why_bad)
{
    struct hs_hist_record rec;
    char why[128];
    int fast = 1;
    if (l == 0 && !why_bad)
        return 0;
    if (!h->names && !(h->names = hs_intern_new()))
        return -1;
    if (!why_bad && (fast = hs_hist_scan_line(line, l, &rec, h->names)) < 0)
        return -1;
    if (fast == 0) {
        /* the usual line: scanned in place, names interned */
    } else if (why_bad || hs_hist_parse_line(line, l, &rec, why, sizeof why) < 0) {
        h->damaged++;
        if (!h->warning[0])
            snprintf(h->warning, sizeof h->warning, "history line %zu skipped (%s%s)", lineno,
                     why_bad ? why_bad : why,
                     has_nl ? "" : ", the last line: a run was cut off mid-write");
        return 0;
    }
    if (rec.t < since) {
        hs_hist_record_free(&rec);
        return 0;
    }
    if (!rec.interned && intern_names(h, &rec) < 0) {
        hs_hist_record_free(&rec);
        return -1;
    }
    if (push_record(h, &rec) < 0) {
        hs_hist_record_free(&rec);
        return -1;
    }
    return 0;
}

int hs_history_parse(const char *buf, size_t len, double since, struct hs_history *h)
{
    size_t pos = 0, lineno = 0;
    while (pos < len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t l = nl ? (size_t)(nl - (buf + pos)) : len - pos;
        lineno++;
        if (take_line(h, buf + pos, l, lineno, nl != NULL, since,
                      l > HS_HIST_MAX_LINE ? "longer than 1 MiB" : NULL) < 0)
            return -1;
        pos += l + (nl ? 1 : 0);
    }
    return 0;
}

/* Lines of a file through a bounded buffer: a line longer than
 * HS_HIST_MAX_LINE is consumed but not kept (too_long set). */
struct line_reader {
    int fd;
    char *buf;         /* HS_HIST_MAX_LINE + 1 bytes */
    size_t start, end; /* unread bytes are buf[start, end) */
    int eof;
};

/* The next line into line and len (valid until the next call; for a line too
 * long, *len counts what was dropped too); *has_nl and *too_long describe
 * it. 1, 0 at the end of the file, -1 on a read error (errno). */
static int next_line(struct line_reader *r, const char **line, size_t *len, int *has_nl,
                     int *too_long)
{
    size_t skipped = 0;
    *too_long = 0;
    for (;;) {
        char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
        ssize_t got;
        if (nl) {
            *line = r->buf + r->start;
            *len = (size_t)(nl - *line) + skipped;
            *has_nl = 1;
            r->start = (size_t)(nl - r->buf) + 1;
            return 1;
        }
        if (r->end - r->start > HS_HIST_MAX_LINE) {
            /* too long to be ours: drop what we hold, then find its end */
            skipped += r->end - r->start;
            *too_long = 1;
            r->start = r->end = 0;
        }
        if (r->eof) {
            if (r->end == r->start && !skipped)
                return 0;
            *line = r->buf + r->start;
            *len = r->end - r->start + skipped;
            *has_nl = 0;
            r->start = r->end;
            return 1;
        }
        if (r->start > 0) {
            memmove(r->buf, r->buf + r->start, r->end - r->start);
            r->end -= r->start;
            r->start = 0;
        }
        got = read(r->fd, r->buf + r->end, HS_HIST_MAX_LINE + 1 - r->end);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return -1;
        if (got == 0)
            r->eof = 1;
        r->end += (size_t)got;
    }
}

/* Parse the state file `path` line by line into h. A missing file is
 * empty. 0, or -1 with the reason naming the file in err. */
static int load_file(const char *path, double since, struct hs_history *h, hs_error *err)
{
    struct line_reader r = {-1, NULL, 0, 0, 0};
    const char *line;
    size_t len, lineno = 0;
    int has_nl, too_long, got, rc = -1;

    r.fd = hs_state_open(path, O_RDONLY, 0, err);
    if (r.fd < 0) {
        if (errno == ENOENT) {
            hs_error_clear(err);
            return 0;
        }
        return -1;
    }
    r.buf = malloc(HS_HIST_MAX_LINE + 1);
    if (!r.buf) {
        hs_error_set(err, "%s: out of memory", path);
        goto out;
    }
    while ((got = next_line(&r, &line, &len, &has_nl, &too_long)) > 0) {
        if (take_line(h, line, len, ++lineno, has_nl, since,
                      too_long ? "longer than 1 MiB" : NULL) < 0) {
            hs_error_set(err, "%s: out of memory", path);
            goto out;
        }
    }
    if (got < 0) {
        hs_error_set(err, "%s: %s", path, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    free(r.buf);
    close(r.fd);
    return rc;
}

static int compare_t(const void *a, const void *b)
{
    double x = ((const struct hs_hist_record *)a)->t, y = ((const struct hs_hist_record *)b)->t;
    return x < y ? -1 : x > y;
}

int hs_history_load(const char *dir, double since, struct hs_history *h, hs_error *err)
{
    char path[4200], why[1024];
    struct stat st;
    memset(h, 0, sizeof *h);
    if (stat(dir, &st) < 0 && errno == ENOENT)
        return 0; /* no history yet */
    if (hs_trust_path(dir, 1, why, sizeof why) < 0) {
        hs_error_set(err, "state directory refused: %s", why);
        return -1;
    }
    for (int i = 9; i >= 0; i--) {
        if (i)
            snprintf(path, sizeof path, "%s/history.jsonl.%d", dir, i);
        else
            snprintf(path, sizeof path, "%s/history.jsonl", dir);
        if (load_file(path, since, h, err) < 0) {
            hs_history_free(h);
            return -1;
        }
    }
    /* clocks step; records are kept in time order for the observation */
    if (h->n > 1)
        qsort(h->recs, h->n, sizeof *h->recs, compare_t);
    return 0;
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
        struct line_reader r = {-1, NULL, 0, 0, 0};
        const char *line;
        size_t len;
        int has_nl, too_long;
        hs_error ignored;
        r.fd = hs_state_open(path, O_RDONLY, 0, &ignored);
        r.buf = r.fd >= 0 ? malloc(HS_HIST_MAX_LINE + 1) : NULL;
        while (r.buf && next_line(&r, &line, &len, &has_nl, &too_long) > 0) {
            struct hs_hist_record rec;
            char why[64];
            if (!too_long && hs_hist_parse_line(line, len, &rec, why, sizeof why) == 0) {
                due = now - rec.t > o->max_age;
                hs_hist_record_free(&rec);
                break;
            }
        }
        free(r.buf);
        if (r.fd >= 0)
            close(r.fd);
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

static const char *state_of(const struct hs_hist_record *r, enum hs_hist_kind kind,
                            const char *name)
{
    for (size_t i = 0; i < r->n[kind]; i++)
        if (strcmp(r->e[kind][i].name, name) == 0)
            return r->e[kind][i].state;
    return NULL;
}

/* 1 up, 0 down, -1 unknown */
static int classify(const char *s)
{
    if (!s)
        return -1;
    if (!strcmp(s, "UP") || !strcmp(s, "OK") || !strcmp(s, "WARNING") || !strcmp(s, "DEGRADED"))
        return 1;
    if (!strcmp(s, "DOWN") || !strcmp(s, "CRITICAL"))
        return 0;
    return -1;
}

/* One name's observation while the records go by. */
struct obs_run {
    double run_start, run_total;
};

/* Record i's state c (1 up, 0 down, -1 unknown) for one name, held until
 * the next record (at most max_gap), clipped to [from, to]. */
static void observe_step(const struct hs_history *h, size_t i, int c, double from, double to,
                         double max_gap, struct obs_run *r, struct hs_observed *out)
{
    double a = h->recs[i].t, b = i + 1 < h->n ? h->recs[i + 1].t : to, seg_end;
    if (b - a > max_gap)
        b = a + max_gap;
    if (b > to)
        b = to;
    seg_end = b;
    if (a < from)
        a = from;
    if (c == 0 && r->run_start < 0) {
        r->run_start = h->recs[i].t;
        if (r->run_start >= from)
            out->outages++;
    }
    if (c != 0 && r->run_start >= 0) {
        double len = h->recs[i].t - r->run_start;
        if (r->run_start >= from) {
            r->run_total += len;
            if (len > out->outage_max)
                out->outage_max = len;
        }
        r->run_start = -1;
    }
    if (seg_end <= a)
        return;
    if (c == 1)
        out->up += seg_end - a;
    else if (c == 0)
        out->down += seg_end - a;
    else
        out->unknown += seg_end - a;
}

static void observe_finish(struct obs_run *r, double from, double to, struct hs_observed *out)
{
    if (r->run_start >= from && r->run_start >= 0) {
        /* still down at the end of the window */
        double len = to - r->run_start;
        r->run_total += len;
        if (len > out->outage_max)
            out->outage_max = len;
    }
    out->unobserved = (to - from) - out->up - out->down - out->unknown;
    if (out->unobserved < 0)
        out->unobserved = 0;
    out->availability = out->up + out->down > 0 ? out->up / (out->up + out->down) : NAN;
    out->outage_mean = out->outages ? r->run_total / out->outages : 0;
    hs_observed_support(out, to - from, NAN);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(((const struct hs_hist_ref *)a)->name, ((const struct hs_hist_ref *)b)->name);
}

static int cmp_ptr(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const struct hs_hist_ref *)a)->name;
    uintptr_t y = (uintptr_t)((const struct hs_hist_ref *)b)->name;
    return x < y ? -1 : x > y;
}

int hs_hist_index_init(struct hs_hist_index *ix, const struct hs_history *h,
                       const char *const *names, size_t n)
{
    memset(ix, 0, sizeof *ix);
    ix->n = n;
    ix->by_name = calloc(n + 1, sizeof *ix->by_name);
    ix->by_ptr = calloc(n + 1, sizeof *ix->by_ptr);
    if (!ix->by_name || !ix->by_ptr)
        return -1;
    for (size_t k = 0; k < n; k++) {
        ix->by_name[k] = (struct hs_hist_ref){names[k], k};
        /* a name no record holds is not in the interner: it matches nothing */
        ix->by_ptr[ix->nptr] =
            (struct hs_hist_ref){h->names ? hs_intern_find(h->names, names[k]) : NULL, k};
        if (ix->by_ptr[ix->nptr].name)
            ix->nptr++;
    }
    qsort(ix->by_name, n, sizeof *ix->by_name, cmp_name);
    qsort(ix->by_ptr, ix->nptr, sizeof *ix->by_ptr, cmp_ptr);
    return 0;
}

size_t hs_hist_index_find(struct hs_hist_index *ix, const struct hs_hist_record *rec,
                          enum hs_hist_kind kind, size_t e)
{
    struct hs_hist_ref key = {rec->e[kind][e].name, 0}, *f;
    /* records of one history list their entries in the same order: the
       position's last answer first, a pointer test for interned names */
    if (e < ix->nhint && ix->hint[e] < ix->n &&
        (rec->interned ? ix->hint_name[e] == key.name : strcmp(ix->hint_name[e], key.name) == 0))
        return ix->hint[e];
    f = rec->interned ? bsearch(&key, ix->by_ptr, ix->nptr, sizeof *ix->by_ptr, cmp_ptr)
                      : bsearch(&key, ix->by_name, ix->n, sizeof *ix->by_name, cmp_name);
    if (!f)
        return SIZE_MAX;
    if (e >= ix->nhint) {
        size_t grow = e + 64, *hs = realloc(ix->hint, grow * sizeof *hs);
        const char **hn;
        if (!hs)
            return f->i; /* no room for the cache: still right, only slower */
        ix->hint = hs;
        if (!(hn = realloc(ix->hint_name, grow * sizeof *hn)))
            return f->i;
        ix->hint_name = hn;
        for (size_t k = ix->nhint; k < grow; k++)
            ix->hint[k] = SIZE_MAX;
        ix->nhint = grow;
    }
    ix->hint[e] = f->i;
    ix->hint_name[e] = key.name;
    return f->i;
}

void hs_hist_index_free(struct hs_hist_index *ix)
{
    free(ix->by_name);
    free(ix->by_ptr);
    free(ix->hint);
    free(ix->hint_name);
    memset(ix, 0, sizeof *ix);
}

int hs_history_observe_many(const struct hs_history *h, enum hs_hist_kind kind,
                            const char *const *names, size_t n, double from, double to,
                            double max_gap, struct hs_observed *out)
{
    struct hs_hist_index ix;
    struct obs_run *runs = calloc(n + 1, sizeof *runs);
    size_t *stamp = calloc(n + 1, sizeof *stamp);
    int rc = -1;

    if (hs_hist_index_init(&ix, h, names, n) < 0 || !runs || !stamp)
        goto out;
    for (size_t k = 0; k < n; k++) {
        memset(&out[k], 0, sizeof out[k]);
        runs[k] = (struct obs_run){-1, 0};
    }
    /* one pass: each entry finds its name by binary search; a name absent
       from a record is unknown for that record, as in hs_history_observe */
    for (size_t i = 0; i < h->n; i++) {
        const struct hs_hist_record *rec = &h->recs[i];
        for (size_t e = 0; e < rec->n[kind]; e++) {
            size_t f = hs_hist_index_find(&ix, rec, kind, e);
            if (f == SIZE_MAX || stamp[f] == i + 1)
                continue; /* not asked for, or a repeated entry: the first counts */
            stamp[f] = i + 1;
            observe_step(h, i, classify(rec->e[kind][e].state), from, to, max_gap, &runs[f],
                         &out[f]);
        }
        for (size_t k = 0; k < n; k++)
            if (stamp[k] != i + 1)
                observe_step(h, i, -1, from, to, max_gap, &runs[k], &out[k]);
    }
    for (size_t k = 0; k < n; k++)
        observe_finish(&runs[k], from, to, &out[k]);
    rc = 0;
out:
    hs_hist_index_free(&ix);
    free(runs);
    free(stamp);
    return rc;
}

void hs_history_observe(const struct hs_history *h, enum hs_hist_kind kind, const char *name,
                        double from, double to, double max_gap, struct hs_observed *out)
{
    struct obs_run r = {-1, 0};
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < h->n; i++)
        observe_step(h, i, classify(state_of(&h->recs[i], kind, name)), from, to, max_gap, &r, out);
    observe_finish(&r, from, to, out);
}

void hs_observed_support(struct hs_observed *o, double window, double mttr_hint_s)
{
    struct hs_avail_interval iv;
    hs_avail_interval(o->outages, o->up, o->down, window, mttr_hint_s, &iv);
    o->enough = iv.enough;
    o->coverage = iv.coverage;
    o->avail_low = iv.low;
    o->avail_high = iv.high;
    o->rate_high = iv.rate_high;
}
