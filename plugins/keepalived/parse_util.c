/*
 * plugins/keepalived/parse_util.c — line cursor, number and word helpers
 * for the pure keepalived parsers.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived.h"

void ka_lines_init(struct ka_lines *c, const char *buf, size_t len)
{
    c->p = buf;
    c->end = buf + len;
    c->lineno = 0;
}

int ka_lines_next(struct ka_lines *c, const char **line, size_t *len)
{
    const char *nl;

    if (c->p >= c->end)
        return 0;
    nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
    *line = c->p;
    *len = (size_t)((nl ? nl : c->end) - c->p);
    if (*len > 0 && (*line)[*len - 1] == '\r')
        (*len)--;
    c->p = nl ? nl + 1 : c->end;
    c->lineno++;
    return 1;
}

/* Numbers are short; copying to a NUL-terminated buffer lets strtol see a
 * proper end without reading past the caller's bytes. */
static int copy_number(const char *s, size_t len, char *buf, size_t cap)
{
    if (len == 0 || len >= cap)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return 0;
}

int ka_parse_long(const char *s, size_t len, long *out)
{
    char buf[32], *end;
    long v;

    if (copy_number(s, len, buf, sizeof buf) < 0)
        return -1;
    if (!(buf[0] == '-' || buf[0] == '+' || (buf[0] >= '0' && buf[0] <= '9')))
        return -1;
    errno = 0;
    v = strtol(buf, &end, 10);
    if (errno != 0 || *end != '\0' || end == buf)
        return -1;
    *out = v;
    return 0;
}

int ka_parse_double(const char *s, size_t len, double *out)
{
    char buf[64], *end;
    double v;
    size_t i;

    if (copy_number(s, len, buf, sizeof buf) < 0)
        return -1;
    /* strtod also takes "inf", "nan" and hex: a dump never holds those. */
    for (i = 0; i < len; i++)
        if (!strchr("0123456789.-+eE", buf[i]))
            return -1;
    errno = 0;
    v = strtod(buf, &end);
    if (errno != 0 || *end != '\0' || end == buf || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static int is_blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

int ka_next_word(const char **s, size_t *len, const char **word, size_t *wlen)
{
    while (*len > 0 && is_blank(**s)) {
        (*s)++;
        (*len)--;
    }
    if (*len == 0)
        return 0;
    *word = *s;
    while (*len > 0 && !is_blank(**s)) {
        (*s)++;
        (*len)--;
    }
    *wlen = (size_t)(*s - *word);
    return 1;
}

void ka_trim(const char **s, size_t *len)
{
    while (*len > 0 && is_blank(**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && is_blank((*s)[*len - 1]))
        (*len)--;
}

int ka_fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (err && errlen > 0) {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int ka_has_nul(const char *buf, size_t len)
{
    return len > 0 && memchr(buf, '\0', len) != NULL;
}
