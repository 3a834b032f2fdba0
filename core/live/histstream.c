/* live/histstream.c — the history read as a stream (see histstream.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "live/histscan.h"
#include "live/histstream.h"
#include "util/trust.h"

/* A line longer than this is no record hascout wrote: it is skipped as
 * damage, so a garbage or sparse file costs a bounded buffer, not its size. */
#define HS_HIST_MAX_LINE (1u << 20)

/* The records waiting to be put in order, and what was handed over. */
struct stream {
    struct hs_hist_scan *s;
    struct hs_hist_record pend[HS_HIST_REORDER + 1]; /* sorted by time */
    size_t npend;
    double handed; /* the last handed-over record's `until` */
    int any;       /* something was handed over */
    hs_error *err;
};

/* Hand the earliest waiting record to the sinks, with the next one's time
 * (or the end) as its `until`. 0 or -1 (a sink's error). */
static int hand_over(struct stream *st)
{
    struct hs_hist_record *r = &st->pend[0];
    double until = st->npend > 1 ? st->pend[1].t : st->s->end;
    int rc = 0;
    if (until < r->t)
        until = r->t;
    for (size_t k = 0; k < st->s->nsinks && rc == 0; k++)
        rc = st->s->sinks[k].fn(st->s->sinks[k].ctx, r, until, st->err);
    st->s->records++;
    st->handed = until;
    st->any = 1;
    hs_hist_record_free(r);
    memmove(&st->pend[0], &st->pend[1], (st->npend - 1) * sizeof *st->pend);
    st->npend--;
    return rc;
}

/* Take rec (its ownership passes here) into the window, in time order. */
static int push(struct stream *st, struct hs_hist_record *rec)
{
    size_t i = st->npend;
    if (rec->t < st->s->since) {
        hs_hist_record_free(rec);
        return 0;
    }
    if (st->any && rec->t < st->handed) {
        if (!st->s->out_of_order++ && !st->s->warning[0])
            snprintf(st->s->warning, sizeof st->s->warning,
                     "a history record of %.0f came after later ones (a clock stepped back?): "
                     "skipped",
                     rec->t);
        hs_hist_record_free(rec);
        return 0;
    }
    /* equal times keep their order in the file */
    while (i > 0 && st->pend[i - 1].t > rec->t) {
        st->pend[i] = st->pend[i - 1];
        i--;
    }
    st->pend[i] = *rec;
    st->npend++;
    return st->npend > HS_HIST_REORDER ? hand_over(st) : 0;
}

/* A record parsed by json-c joins the others: its names interned. Every
 * name is interned before any is swapped, so a failure leaves rec whole;
 * the second lookup finds each name and cannot fail. */
static int intern_names(struct hs_intern *names, struct hs_hist_record *rec)
{
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < rec->n[k]; i++)
            if (!hs_intern_get(names, rec->e[k][i].name, strlen(rec->e[k][i].name)))
                return -1;
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < rec->n[k]; i++) {
            const char *in = hs_intern_get(names, rec->e[k][i].name, strlen(rec->e[k][i].name));
            free(rec->e[k][i].name);
            rec->e[k][i].name = (char *)in;
        }
    rec->interned = 1;
    return 0;
}

/* Parse one line (l bytes, without its '\n'; `has_nl` says whether one
 * followed; `why_bad` non-NULL when the reader already knows the line is
 * damaged). Into *rec: 1 a record, 0 nothing (empty or damaged, noted),
 * -1 out of memory. */
static int parse(struct hs_hist_scan *s, const char *line, size_t l, size_t lineno, int has_nl,
                 const char *why_bad, struct hs_hist_record *rec)
{
    char why[128];
    int fast = 1;
    if (l == 0 && !why_bad)
        return 0;
    if (!why_bad && (fast = hs_hist_scan_line(line, l, rec, s->names)) < 0)
        return -1;
    if (fast == 0)
        return 1; /* the usual line: scanned in place, names interned */
    if (why_bad || hs_hist_parse_line(line, l, rec, why, sizeof why) < 0) {
        if (!s->damaged++ && !s->warning[0])
            snprintf(s->warning, sizeof s->warning, "history line %zu skipped (%s%s)", lineno,
                     why_bad ? why_bad : why,
                     has_nl ? "" : ", the last line: a run was cut off mid-write");
        return 0;
    }
    if (intern_names(s->names, rec) < 0) {
        hs_hist_record_free(rec);
        return -1;
    }
    return 1;
}

/* One line into the stream. 0, or -1 with err set. */
static int take_line(struct stream *st, const char *line, size_t l, size_t lineno, int has_nl,
                     const char *why_bad, const char *where)
{
    struct hs_hist_record rec;
    int got = parse(st->s, line, l, lineno, has_nl, why_bad, &rec);
    if (got < 0)
        return hs_error_set(st->err, "%s: out of memory", where), -1;
    return got ? push(st, &rec) : 0;
}

/* Hand over what is still waiting (ok), or drop it (after an error). */
static int drain(struct stream *st, int ok)
{
    int rc = ok ? 0 : -1;
    while (st->npend > 0 && rc == 0)
        rc = hand_over(st);
    while (st->npend > 0) {
        hs_hist_record_free(&st->pend[st->npend - 1]);
        st->npend--;
    }
    return rc;
}

static int begin(struct stream *st, struct hs_hist_scan *s, int need_names, hs_error *err)
{
    memset(st, 0, sizeof *st);
    st->s = s;
    st->err = err;
    s->records = s->damaged = s->out_of_order = 0;
    s->warning[0] = '\0';
    if (!s->names && need_names) {
        hs_error_set(err, "history scan without an interner");
        return -1;
    }
    return 0;
}

int hs_history_scan_buf(const char *buf, size_t len, struct hs_hist_scan *s, hs_error *err)
{
    struct stream st;
    size_t pos = 0, lineno = 0;
    int rc = -1;
    if (begin(&st, s, 1, err) < 0)
        return -1;
    while (pos < len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t l = nl ? (size_t)(nl - (buf + pos)) : len - pos;
        lineno++;
        if (take_line(&st, buf + pos, l, lineno, nl != NULL,
                      l > HS_HIST_MAX_LINE ? "longer than 1 MiB" : NULL, "history") < 0)
            goto out;
        pos += l + (nl ? 1 : 0);
    }
    rc = 0;
out:
    return drain(&st, rc == 0);
}

int hs_history_scan_mem(const struct hs_history *h, struct hs_hist_scan *s, hs_error *err)
{
    struct stream st;
    int rc = 0;
    if (begin(&st, s, 0, err) < 0)
        return -1;
    for (size_t i = 0; i < h->n && rc == 0; i++) {
        const struct hs_hist_record *r = &h->recs[i];
        double until = i + 1 < h->n ? h->recs[i + 1].t : s->end;
        if (r->t < s->since)
            continue;
        if (until < r->t)
            until = r->t;
        for (size_t k = 0; k < s->nsinks && rc == 0; k++)
            rc = s->sinks[k].fn(s->sinks[k].ctx, r, until, err);
        s->records++;
    }
    return rc;
}

/* Lines of a file through a bounded buffer: a line longer than
 * HS_HIST_MAX_LINE is consumed but not kept (too_long set). */
struct line_reader {
    int fd;
    char *buf;         /* HS_HIST_MAX_LINE + 1 bytes */
    size_t start, end; /* unread bytes are buf[start, end) */
    int eof;
};

/* Refill r's buffer after what it holds. 0, or -1 on a read error (errno). */
static int refill(struct line_reader *r)
{
    ssize_t got;
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    do
        got = read(r->fd, r->buf + r->end, HS_HIST_MAX_LINE + 1 - r->end);
    while (got < 0 && errno == EINTR);
    if (got < 0)
        return -1;
    if (got == 0)
        r->eof = 1;
    r->end += (size_t)got;
    return 0;
}

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
        if (refill(r) < 0)
            return -1;
    }
}

/* Open PATH (no symlink, a regular file: hs_state_open) for the reader.
 * 1 open, 0 missing, -1 refused with err set. */
static int reader_open(struct line_reader *r, const char *path, hs_error *err)
{
    memset(r, 0, sizeof *r);
    r->fd = hs_state_open(path, O_RDONLY, 0, err);
    if (r->fd < 0) {
        if (errno != ENOENT)
            return -1;
        hs_error_clear(err);
        return 0;
    }
    if (!(r->buf = malloc(HS_HIST_MAX_LINE + 1))) {
        hs_error_set(err, "%s: out of memory", path);
        close(r->fd);
        return -1;
    }
    return 1;
}

static void reader_close(struct line_reader *r)
{
    free(r->buf);
    if (r->fd >= 0)
        close(r->fd);
    memset(r, 0, sizeof *r);
}

/* Stream the history file PATH into st. A missing file is empty. 0, or -1
 * with the reason naming the file in err. */
static int scan_file(struct stream *st, const char *path)
{
    struct line_reader r;
    const char *line;
    size_t len, lineno = 0;
    int has_nl, too_long, got, rc = -1;

    if ((got = reader_open(&r, path, st->err)) <= 0)
        return got;
    while ((got = next_line(&r, &line, &len, &has_nl, &too_long)) > 0)
        if (take_line(st, line, len, ++lineno, has_nl, too_long ? "longer than 1 MiB" : NULL,
                      path) < 0)
            goto out;
    if (got < 0) {
        hs_error_set(st->err, "%s: %s", path, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    reader_close(&r);
    return rc;
}

int hs_history_scan(const char *dir, struct hs_hist_scan *s, hs_error *err)
{
    char path[4200], why[1024];
    struct stat st;
    struct stream stm;
    int rc = -1;

    if (begin(&stm, s, 1, err) < 0)
        return -1;
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
        if (scan_file(&stm, path) < 0)
            goto out;
    }
    rc = 0;
out:
    return drain(&stm, rc == 0);
}

int hs_hist_source_scan(const struct hs_hist_source *src, struct hs_hist_scan *s, hs_error *err)
{
    return src->mem ? hs_history_scan_mem(src->mem, s, err) : hs_history_scan(src->dir, s, err);
}

int hs_history_first_time(const char *path, double *t)
{
    struct line_reader r;
    struct hs_hist_scan s;
    const char *line;
    size_t len, lineno = 0;
    int has_nl, too_long, found = 0;
    hs_error ignored;

    memset(&s, 0, sizeof s);
    if (reader_open(&r, path, &ignored) <= 0 || !(s.names = hs_intern_new())) {
        reader_close(&r);
        return 0;
    }
    while (!found && next_line(&r, &line, &len, &has_nl, &too_long) > 0) {
        struct hs_hist_record rec;
        if (!too_long && parse(&s, line, len, ++lineno, has_nl, NULL, &rec) > 0) {
            *t = rec.t;
            found = 1;
            hs_hist_record_free(&rec);
        }
    }
    hs_intern_free(s.names);
    reader_close(&r);
    return found;
}
