/*
 * plugins/haproxy/parse.c — HAProxy statistics CSV → struct hap_stats (contract
 * in haproxy.h).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "haproxy.h"

/* The columns this plugin reads; their index in the header is looked up
 * once, so a moved or missing column costs nothing per row. */
enum col {
    C_PXNAME,
    C_SVNAME,
    C_STATUS,
    C_TYPE,
    C_SCUR,
    C_SLIM,
    C_QCUR,
    C_QLIMIT,
    C_WEIGHT,
    C_UWEIGHT,
    C_ACT,
    C_BCK,
    C_LASTCHG,
    C_DOWNTIME,
    C_CHECK_STATUS,
    C_CHECK_CODE,
    C_CHECK_DESC,
    C_ADDR,
    C_NCOLS
};

static const char *const col_names[C_NCOLS] = {
    "pxname",  "svname",   "status",       "type",       "scur",       "slim",
    "qcur",    "qlimit",   "weight",       "uweight",    "act",        "bck",
    "lastchg", "downtime", "check_status", "check_code", "check_desc", "addr",
};

#define NO_COL ((size_t)-1)

struct header {
    size_t idx[C_NCOLS]; /* field index of each known column, or NO_COL */
    size_t needed;       /* fields a row must have: last named column + 1 */
    size_t named;        /* non-empty names in the header */
};

void hap_stats_free(struct hap_stats *s)
{
    free(s->rows);
    free(s->buf);
    memset(s, 0, sizeof *s);
}

/* 1 when `s` starts with the word `w` followed by the end or a non-letter. */
static int word_is(const char *s, const char *w, const char **rest)
{
    size_t n = strlen(w);

    if (strncmp(s, w, n) != 0 || isalpha((unsigned char)s[n]))
        return 0;
    *rest = s + n;
    return 1;
}

/* " 1/2" after UP/DOWN/NOLB: a check transition in progress. */
static void transition(const char *rest, int *cur, int *max)
{
    int a, b, n = 0;

    if (sscanf(rest, " %4d/%4d%n", &a, &b, &n) == 2 && n > 0 && a >= 0 && b > 0) {
        *cur = a;
        *max = b;
    }
}

enum hap_status hap_status_parse(const char *text, int *cur, int *max)
{
    static const struct {
        const char *word;
        enum hap_status st;
    } words[] = {
        {"UP", HAP_ST_UP},       {"DOWN", HAP_ST_DOWN},
        {"NOLB", HAP_ST_NOLB},   {"MAINT", HAP_ST_MAINT},
        {"DRAIN", HAP_ST_DRAIN}, {"OPEN", HAP_ST_OPEN},
        {"FULL", HAP_ST_FULL},   {"STOP", HAP_ST_STOP},
        {"PAUSED", HAP_ST_STOP}, {"no check", HAP_ST_NOCHECK},
    };
    const char *rest;
    size_t i;

    *cur = *max = 0;
    while (*text == ' ')
        text++;
    if (*text == '\0')
        return HAP_ST_EMPTY;
    for (i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (word_is(text, words[i].word, &rest)) {
            if (words[i].st == HAP_ST_UP || words[i].st == HAP_ST_DOWN ||
                words[i].st == HAP_ST_NOLB)
                transition(rest, cur, max);
            return words[i].st;
        }
    }
    return HAP_ST_UNKNOWN;
}

/* HAProxy starts its header with "# "; the first name follows it. */
static const char *column_name(const struct hap_csv *c, size_t i)
{
    const char *name = c->fields[i];

    if (i == 0 && name[0] == '#') {
        name++;
        while (*name == ' ')
            name++;
    }
    return name;
}

static int read_header(struct hap_csv *c, struct header *h, char *err, size_t errlen)
{
    size_t line, i, k;
    int r;

    r = hap_csv_next(c, &line, err, errlen);
    if (r < 0)
        return -1;
    if (r == 0) {
        snprintf(err, errlen, "line 1: empty input, no CSV header");
        return -1;
    }
    for (k = 0; k < C_NCOLS; k++)
        h->idx[k] = NO_COL;
    h->needed = 0;
    h->named = 0;
    for (i = 0; i < c->nfields; i++) {
        const char *name = column_name(c, i);

        if (name[0] == '\0')
            continue;
        h->named++;
        h->needed = i + 1;
        for (k = 0; k < C_NCOLS; k++) {
            if (h->idx[k] == NO_COL && strcmp(name, col_names[k]) == 0) {
                h->idx[k] = i;
                break;
            }
        }
    }
    if (h->idx[C_PXNAME] == NO_COL || c->fields[0][0] != '#') {
        char snip[64];

        hap_csv_snippet(c->fields[0], strlen(c->fields[0]), 40, snip, sizeof snip);
        snprintf(err, errlen,
                 "line %zu: no HAProxy CSV header (expected '# pxname,"
                 "svname,...', got '%s')",
                 line, snip);
        return -1;
    }
    for (k = C_SVNAME; k <= C_STATUS; k++) {
        if (h->idx[k] == NO_COL) {
            snprintf(err, errlen, "line %zu: header lacks the required column '%s'", line,
                     col_names[k]);
            return -1;
        }
    }
    return 0;
}

static const char *field(const struct hap_csv *c, const struct header *h, enum col k)
{
    return h->idx[k] == NO_COL ? "" : c->fields[h->idx[k]];
}

/* A numeric column: NaN when absent or empty, an error when not a number. */
static int number(const struct hap_csv *c, const struct header *h, enum col k, size_t line,
                  double *out, char *err, size_t errlen)
{
    const char *s = field(c, h, k);
    char *end;
    double v;

    *out = NAN;
    if (*s == '\0')
        return 0;
    errno = 0;
    v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v) || isspace((unsigned char)*s)) {
        char snip[48];

        hap_csv_snippet(s, strlen(s), 24, snip, sizeof snip);
        snprintf(err, errlen, "line %zu, column '%s': '%s' is not a number", line, col_names[k],
                 snip);
        return -1;
    }
    *out = v;
    return 0;
}

static int row_type(const struct hap_csv *c, const struct header *h, size_t line, struct hap_row *r,
                    char *err, size_t errlen)
{
    double t;

    if (number(c, h, C_TYPE, line, &t, err, errlen) < 0)
        return -1;
    if (isnan(t)) {
        /* Old versions lack `type`: the svname tells it. */
        if (strcmp(r->svname, "FRONTEND") == 0)
            r->type = HAP_TYPE_FRONTEND;
        else if (strcmp(r->svname, "BACKEND") == 0)
            r->type = HAP_TYPE_BACKEND;
        else
            r->type = HAP_TYPE_SERVER;
        return 0;
    }
    if (t != 0 && t != 1 && t != 2 && t != 3) {
        snprintf(err, errlen, "line %zu, column 'type': %g is not 0, 1, 2 or 3", line, t);
        return -1;
    }
    r->type = (enum hap_type)t;
    return 0;
}

static int read_row(const struct hap_csv *c, const struct header *h, size_t line, struct hap_row *r,
                    char *err, size_t errlen)
{
    static const struct {
        enum col k;
        size_t off;
    } nums[] = {
        {C_SCUR, offsetof(struct hap_row, scur)},
        {C_SLIM, offsetof(struct hap_row, slim)},
        {C_QCUR, offsetof(struct hap_row, qcur)},
        {C_QLIMIT, offsetof(struct hap_row, qlimit)},
        {C_WEIGHT, offsetof(struct hap_row, weight)},
        {C_UWEIGHT, offsetof(struct hap_row, uweight)},
        {C_ACT, offsetof(struct hap_row, act)},
        {C_BCK, offsetof(struct hap_row, bck)},
        {C_LASTCHG, offsetof(struct hap_row, lastchg)},
        {C_DOWNTIME, offsetof(struct hap_row, downtime)},
        {C_CHECK_CODE, offsetof(struct hap_row, check_code)},
    };
    const char *cs;
    size_t i;

    if (c->nfields < h->needed) {
        snprintf(err, errlen,
                 "line %zu: row has %zu fields but the header names %zu "
                 "(truncated?)",
                 line, c->nfields, h->needed);
        return -1;
    }
    memset(r, 0, sizeof *r);
    r->line = line;
    r->pxname = field(c, h, C_PXNAME);
    r->svname = field(c, h, C_SVNAME);
    if (r->pxname[0] == '\0' || r->svname[0] == '\0') {
        snprintf(err, errlen, "line %zu: empty %s", line,
                 r->pxname[0] == '\0' ? "pxname" : "svname");
        return -1;
    }
    if (row_type(c, h, line, r, err, errlen) < 0)
        return -1;
    r->status_text = field(c, h, C_STATUS);
    r->status = hap_status_parse(r->status_text, &r->trans_cur, &r->trans_max);
    cs = field(c, h, C_CHECK_STATUS);
    if (cs[0] == '*' && cs[1] == ' ') {
        r->check_running = 1;
        cs += 2;
    }
    r->check_status = cs;
    r->check_desc = field(c, h, C_CHECK_DESC);
    r->addr = field(c, h, C_ADDR);
    for (i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        double *dst = (double *)(void *)((char *)r + nums[i].off);

        if (number(c, h, nums[i].k, line, dst, err, errlen) < 0)
            return -1;
    }
    return 0;
}

static int push_row(struct hap_stats *s, size_t *cap, const struct hap_row *r, char *err,
                    size_t errlen)
{
    if (s->nrows == *cap) {
        size_t ncap = *cap ? *cap * 2 : 32;
        struct hap_row *nr = realloc(s->rows, ncap * sizeof *nr);

        if (!nr) {
            snprintf(err, errlen, "line %zu: out of memory", r->line);
            return -1;
        }
        s->rows = nr;
        *cap = ncap;
    }
    s->rows[s->nrows++] = *r;
    return 0;
}

/* Text protocols never carry NUL; one means binary data or a broken read. */
static int check_nul(const char *data, size_t len, char *err, size_t errlen)
{
    const char *z = memchr(data, '\0', len);
    size_t line = 1;
    const char *p;

    if (!z)
        return 0;
    for (p = data; p < z; p++)
        line += *p == '\n';
    snprintf(err, errlen, "line %zu: NUL byte in the input (binary data?)", line);
    return -1;
}

int hap_stats_parse(const char *data, size_t len, struct hap_stats *out, char *err, size_t errlen)
{
    struct hap_csv c;
    struct header h;
    struct hap_row r;
    size_t cap = 0, line;
    int rc = -1, more;

    memset(out, 0, sizeof *out);
    memset(&c, 0, sizeof c);
    if (errlen)
        err[0] = '\0';
    if (check_nul(data, len, err, errlen) < 0)
        goto out;
    out->buf = malloc(len + 1);
    if (!out->buf) {
        snprintf(err, errlen, "out of memory for %zu bytes of input", len);
        goto out;
    }
    if (len)
        memcpy(out->buf, data, len);
    hap_csv_init(&c, out->buf, len);
    if (read_header(&c, &h, err, errlen) < 0)
        goto out;
    out->ncolumns = h.named;
    while ((more = hap_csv_next(&c, &line, err, errlen)) > 0) {
        /* A comment row (a repeated header when outputs are concatenated)
         * carries no data. */
        if (c.fields[0][0] == '#')
            continue;
        if (read_row(&c, &h, line, &r, err, errlen) < 0 || push_row(out, &cap, &r, err, errlen) < 0)
            goto out;
    }
    if (more < 0)
        goto out;
    rc = 0;
out:
    hap_csv_free(&c);
    if (rc < 0) {
        free(out->rows);
        out->rows = NULL;
        out->nrows = 0;
    }
    return rc;
}
