/*
 * plugins/haproxy/parse_csv.c — record splitter for HAProxy's CSV (see
 * haproxy.h for the contract).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "haproxy.h"

/* A real HAProxy row has about 130 fields; far more means garbage, and the
 * cap keeps a hostile megabyte of commas from costing megabytes of RAM. */
#define HAP_CSV_MAX_FIELDS 4096

void hap_csv_init(struct hap_csv *c, char *buf, size_t len)
{
    memset(c, 0, sizeof *c);
    c->p = buf;
    c->end = buf + len;
    c->line = 1;
    *c->end = '\0';
}

void hap_csv_free(struct hap_csv *c)
{
    free(c->fields);
    c->fields = NULL;
    c->nfields = c->cap = 0;
}

void hap_csv_snippet(const char *s, size_t len, size_t max, char *out, size_t outlen)
{
    size_t i, n = len < max ? len : max;

    if (outlen == 0)
        return;
    for (i = 0; i < n && i + 4 < outlen; i++) {
        unsigned char ch = (unsigned char)s[i];
        out[i] = (ch >= 0x20 && ch < 0x7f) ? (char)ch : '?';
    }
    out[i] = '\0';
    if (len > i && i + 3 < outlen)
        memcpy(out + i, "...", 4);
}

static int push_field(struct hap_csv *c, char *f, size_t line, char *err, size_t errlen)
{
    if (c->nfields == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 160;
        char **nf;

        if (c->cap >= HAP_CSV_MAX_FIELDS) {
            snprintf(err, errlen, "line %zu: more than %d fields in a row", line,
                     HAP_CSV_MAX_FIELDS);
            return -1;
        }
        nf = realloc(c->fields, ncap * sizeof *nf);
        if (!nf) {
            snprintf(err, errlen, "line %zu: out of memory", line);
            return -1;
        }
        c->fields = nf;
        c->cap = ncap;
    }
    c->fields[c->nfields++] = f;
    return 0;
}

/* Read a quoted field starting at the opening quote; unquote it in place.
 * Leaves c->p on the byte after the closing quote. */
static char *read_quoted(struct hap_csv *c, size_t start, char *err, size_t errlen)
{
    char *w = c->p, *f = c->p;

    c->p++;
    for (;;) {
        if (c->p >= c->end) {
            snprintf(err, errlen,
                     "line %zu: quoted field never closed before the end "
                     "of input",
                     start);
            return NULL;
        }
        if (*c->p == '"') {
            if (c->p + 1 < c->end && c->p[1] == '"') {
                *w++ = '"';
                c->p += 2;
                continue;
            }
            c->p++;
            break;
        }
        if (*c->p == '\n')
            c->line++;
        *w++ = *c->p++;
    }
    if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
        char snip[48];

        hap_csv_snippet(c->p, (size_t)(c->end - c->p), 24, snip, sizeof snip);
        snprintf(err, errlen, "line %zu: unexpected '%s' after a closing quote", c->line, snip);
        return NULL;
    }
    /* The closing quote and the separator lie at or beyond w, so the
     * terminator never overwrites data still to be read. */
    if (c->p < c->end && *c->p == '\r')
        c->p++;
    *w = '\0';
    return f;
}

int hap_csv_next(struct hap_csv *c, size_t *line, char *err, size_t errlen)
{
    size_t start;

    while (c->p < c->end && (*c->p == '\n' || *c->p == '\r')) {
        if (*c->p == '\n')
            c->line++;
        c->p++;
    }
    if (c->p >= c->end)
        return 0;
    start = c->line;
    *line = start;
    c->nfields = 0;
    for (;;) {
        char *f;

        if (*c->p == '"') {
            char sep;

            f = read_quoted(c, start, err, errlen);
            if (!f)
                return -1;
            sep = c->p < c->end ? *c->p : '\0';
            if (push_field(c, f, start, err, errlen) < 0)
                return -1;
            if (sep == ',') {
                c->p++;
                continue;
            }
            if (sep == '\n') {
                c->p++;
                c->line++;
            }
            return 1;
        }
        f = c->p;
        while (c->p < c->end && *c->p != ',' && *c->p != '\n')
            c->p++;
        if (push_field(c, f, start, err, errlen) < 0)
            return -1;
        if (c->p >= c->end) {
            *c->p = '\0';
            if (c->p > f && c->p[-1] == '\r')
                c->p[-1] = '\0';
            return 1;
        }
        if (*c->p == ',') {
            *c->p++ = '\0';
            continue;
        }
        /* line end, possibly CRLF */
        *c->p = '\0';
        if (c->p > f && c->p[-1] == '\r')
            c->p[-1] = '\0';
        c->p++;
        c->line++;
        return 1;
    }
}
