/* live/histscan.c — the fast path of the history reader: a record in the
 * form hascout writes it (an object of "v", "t" and three objects of
 * name -> state strings, any JSON whitespace, any key order), scanned in
 * place with the names interned. Anything else — an escape in a string, an
 * unknown key, a number where a string belongs — is left to json-c
 * (hs_hist_parse_line), which decides what the line is; so this path only
 * ever accepts what json-c would, faster. (A name repeated inside one group,
 * which hascout never writes, is kept twice here and the first counts;
 * json-c would keep the last.) */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "live/histscan.h"

struct cur {
    const char *p, *end;
};

static void ws(struct cur *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n'))
        c->p++;
}

static int eat(struct cur *c, char ch)
{
    ws(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return 1;
    }
    return 0;
}

/* A plain string (no escapes, no control bytes) into s/len; 0 when not. */
static int string(struct cur *c, const char **s, size_t *len)
{
    const char *q;
    ws(c);
    if (c->p >= c->end || *c->p != '"')
        return 0;
    for (q = c->p + 1; q < c->end && *q != '"'; q++)
        if (*q == '\\' || (unsigned char)*q < 0x20)
            return 0;
    if (q >= c->end)
        return 0;
    *s = c->p + 1;
    *len = (size_t)(q - *s);
    c->p = q + 1;
    return 1;
}

/* Length of a JSON number at p (RFC 8259: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?),
 * 0 when there is none: strtod alone would take "+5", ".5" or "0x1". */
static size_t json_number(const char *p, const char *end)
{
    const char *q = p;
#define DIGIT(c) ((c) >= '0' && (c) <= '9')
    if (q < end && *q == '-')
        q++;
    if (q < end && *q == '0')
        q++;
    else if (q < end && DIGIT(*q))
        while (q < end && DIGIT(*q))
            q++;
    else
        return 0;
    if (q < end && *q == '.') {
        if (++q >= end || !DIGIT(*q))
            return 0;
        while (q < end && DIGIT(*q))
            q++;
    }
    if (q < end && (*q == 'e' || *q == 'E')) {
        if (++q < end && (*q == '+' || *q == '-'))
            q++;
        if (q >= end || !DIGIT(*q))
            return 0;
        while (q < end && DIGIT(*q))
            q++;
    }
#undef DIGIT
    return (size_t)(q - p);
}

/* A JSON number (copied out: the line is not NUL-terminated). */
static int number(struct cur *c, double *out)
{
    char buf[64], *e;
    size_t n;
    ws(c);
    n = json_number(c->p, c->end);
    if (n == 0 || n >= sizeof buf)
        return 0;
    memcpy(buf, c->p, n);
    buf[n] = '\0';
    *out = strtod(buf, &e);
    if (*e)
        return 0;
    c->p += n;
    return 1;
}

static int group(struct cur *c, struct hs_hist_record *rec, int k, struct hs_intern *names)
{
    size_t cap = 0;
    if (!eat(c, '{'))
        return 0;
    if (eat(c, '}'))
        return 1;
    do {
        const char *name, *state, *in;
        size_t nl, sl;
        if (!string(c, &name, &nl) || !eat(c, ':') || !string(c, &state, &sl) || sl >= 16)
            return 0;
        if (rec->n[k] == cap) {
            struct hs_hist_entry *e;
            cap = cap ? 2 * cap : 16;
            if (!(e = realloc(rec->e[k], cap * sizeof *e)))
                return -1;
            rec->e[k] = e;
            rec->cap[k] = cap;
        }
        if (!(in = hs_intern_get(names, name, nl)))
            return -1;
        rec->e[k][rec->n[k]].name = (char *)in;
        memcpy(rec->e[k][rec->n[k]].state, state, sl);
        rec->e[k][rec->n[k]].state[sl] = '\0';
        rec->n[k]++;
    } while (eat(c, ','));
    return eat(c, '}');
}

static int member(struct cur *c, struct hs_hist_record *rec, struct hs_intern *names, int *seen)
{
    static const char *const groups[3] = {"services", "components", "targets"};
    const char *key;
    size_t kl;
    double v;
    if (!string(c, &key, &kl) || !eat(c, ':'))
        return 0;
    if (kl == 1 && key[0] == 'v')
        return number(c, &v) && v == 1 ? (*seen |= 1, 1) : 0;
    if (kl == 1 && key[0] == 't') {
        if (!number(c, &rec->t) || !isfinite(rec->t) || rec->t < 0)
            return 0;
        *seen |= 2;
        return 1;
    }
    for (int k = 0; k < 3; k++)
        if (kl == strlen(groups[k]) && memcmp(key, groups[k], kl) == 0) {
            if (*seen & (4 << k))
                return 0; /* a repeated group: json-c keeps the last */
            *seen |= 4 << k;
            return group(c, rec, k, names);
        }
    return 0;
}

int hs_hist_scan_line(const char *line, size_t len, struct hs_hist_record *rec,
                      struct hs_intern *names)
{
    struct cur c = {line, line + len};
    int seen = 0, r = 0;

    memset(rec, 0, sizeof *rec);
    rec->interned = 1;
    if (!eat(&c, '{'))
        goto not_ours;
    do {
        if ((r = member(&c, rec, names, &seen)) <= 0)
            goto not_ours;
    } while (eat(&c, ','));
    if (!eat(&c, '}') || (ws(&c), c.p != c.end) || (seen & 3) != 3)
        goto not_ours;
    return 0;
not_ours:
    hs_hist_record_free(rec);
    return r < 0 ? -1 : 1;
}
