/*
 * plugins/keepalived/parse_state.c — the line formats around the notify
 * path (pure): keepalived's notify events, the state file that
 * hascout-keepalived-notify writes, and the plugin's flap history. The two
 * files we write ourselves start with a versioned header line so a file of
 * another kind is refused instead of misread.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "keepalived.h"

#define STATE_HEADER "# hascout-keepalived-notify state v1"
#define FLAP_HEADER "# hascout keepalived flap v1"

static int word_is(const char *w, size_t wl, const char *want)
{
    return strlen(want) == wl && memcmp(w, want, wl) == 0;
}

int ka_parse_event(const char *line, size_t len, struct ka_event *ev, char *err, size_t errlen)
{
    const char *w, *s = line;
    size_t wl, n = len;
    int st;

    memset(ev, 0, sizeof *ev);
    ev->priority = -1;
    ev->state = KA_UNKNOWN;
    if (ka_has_nul(line, len))
        return ka_fail(err, errlen, "NUL byte in notify line");
    if (!ka_next_word(&s, &n, &w, &wl))
        return ka_fail(err, errlen, "empty notify line");
    if (!word_is(w, wl, "INSTANCE"))
        return 0; /* GROUP, VS, RS, ...: valid, not about an instance */
    ev->is_instance = 1;
    if (!ka_next_word(&s, &n, &w, &wl))
        return ka_fail(err, errlen, "INSTANCE without a name");
    if (wl >= 2 && w[0] == '"' && w[wl - 1] == '"') {
        w++;
        wl -= 2;
    }
    if (!ka_name_ok(w, wl))
        return ka_fail(err, errlen, "bad instance name");
    memcpy(ev->name, w, wl);
    ev->name[wl] = '\0';
    if (!ka_next_word(&s, &n, &w, &wl))
        return ka_fail(err, errlen, "instance %s: no state", ev->name);
    st = ka_state_parse(w, wl);
    if (st < 0 || st == KA_UNKNOWN)
        return ka_fail(err, errlen, "instance %s: unknown state \"%.*s\"", ev->name,
                       (int)(wl > 20 ? 20 : wl), w);
    ev->state = (enum ka_state)st;
    if (ka_next_word(&s, &n, &w, &wl)) {
        if (ka_parse_long(w, wl, &ev->priority) < 0 || ev->priority < 0 || ev->priority > 255)
            return ka_fail(err, errlen, "instance %s: bad priority", ev->name);
    }
    if (ka_next_word(&s, &n, &w, &wl))
        return ka_fail(err, errlen, "instance %s: trailing words", ev->name);
    return 0;
}

/* Split exactly `want` words off a line; 0 or -1. */
static int split_words(const char *line, size_t len, const char **w, size_t *wl, int want)
{
    int i;

    for (i = 0; i < want; i++)
        if (!ka_next_word(&line, &len, &w[i], &wl[i]))
            return -1;
    return ka_next_word(&line, &len, &w[want], &wl[want]) ? -1 : 0;
}

/* Skip the header line, which must be `header`; 0 or -1. */
static int check_header(struct ka_lines *c, const char *header, const char *what, char *err,
                        size_t errlen)
{
    const char *line;
    size_t llen;

    if (!ka_lines_next(c, &line, &llen))
        return ka_fail(err, errlen, "empty %s", what);
    if (!word_is(line, llen, header))
        return ka_fail(err, errlen, "line 1: not a %s (expected \"%s\")", what, header);
    return 0;
}

int ka_parse_state_file(const char *buf, size_t len, struct ka_view *out, char *err, size_t errlen)
{
    struct ka_lines c;
    struct ka_instance *in;
    const char *line, *w[6];
    size_t llen, wl[6];
    char sub[160];
    int st;

    if (ka_has_nul(buf, len))
        return ka_fail(err, errlen, "NUL byte in state file");
    ka_lines_init(&c, buf, len);
    if (check_header(&c, STATE_HEADER, "hascout-keepalived-notify state file", err, errlen) < 0)
        return -1;
    while (ka_lines_next(&c, &line, &llen)) {
        ka_trim(&line, &llen);
        if (llen == 0 || line[0] == '#')
            continue;
        if (split_words(line, llen, w, wl, 5) < 0)
            return ka_fail(err, errlen,
                           "line %ld: expected NAME STATE "
                           "PRIORITY TRANSITIONS CHANGED",
                           c.lineno);
        in = ka_view_add(out, w[0], wl[0], sub, sizeof sub);
        if (!in)
            return ka_fail(err, errlen, "line %ld: %s", c.lineno, sub);
        st = ka_state_parse(w[1], wl[1]);
        if (st < 0)
            return ka_fail(err, errlen, "line %ld: unknown state", c.lineno);
        in->state = (enum ka_state)st;
        if (ka_parse_long(w[2], wl[2], &in->priority) < 0 || in->priority < -1 ||
            in->priority > 255)
            return ka_fail(err, errlen, "line %ld: bad priority", c.lineno);
        in->effective_priority = in->priority;
        if (ka_parse_long(w[3], wl[3], &in->transitions) < 0 || in->transitions < 0)
            return ka_fail(err, errlen, "line %ld: bad transition count", c.lineno);
        if (ka_parse_double(w[4], wl[4], &in->last_transition) < 0 || in->last_transition < 0)
            return ka_fail(err, errlen, "line %ld: bad change time", c.lineno);
    }
    return 0;
}

/* Append with a cap; returns 0 or -1 when full. */
static int append(char *buf, size_t cap, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int append(char *buf, size_t cap, size_t *used, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (*used >= cap)
        return -1;
    va_start(ap, fmt);
    n = vsnprintf(buf + *used, cap - *used, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= cap - *used)
        return -1;
    *used += (size_t)n;
    return 0;
}

int ka_format_state_file(const struct ka_view *v, char *buf, size_t cap)
{
    size_t i, used = 0;
    const struct ka_instance *in;

    if (append(buf, cap, &used, "%s\n", STATE_HEADER) < 0)
        return -1;
    for (i = 0; i < v->n; i++) {
        in = &v->inst[i];
        if (append(buf, cap, &used, "%s %s %ld %ld %.6f\n", in->name, ka_state_name(in->state),
                   in->priority, in->transitions < 0 ? 0 : in->transitions,
                   in->last_transition) < 0)
            return -1;
    }
    return (int)used;
}

int ka_parse_flap(const char *buf, size_t len, struct ka_flap *out, char *err, size_t errlen)
{
    struct ka_lines c;
    const char *line, *w[5];
    size_t llen, wl[5];
    char node[KA_NAME_MAX], inst[KA_NAME_MAX], sub[160];
    long counter;
    double last;

    if (ka_has_nul(buf, len))
        return ka_fail(err, errlen, "NUL byte in flap file");
    ka_lines_init(&c, buf, len);
    if (check_header(&c, FLAP_HEADER, "hascout keepalived flap file", err, errlen) < 0)
        return -1;
    while (ka_lines_next(&c, &line, &llen)) {
        ka_trim(&line, &llen);
        if (llen == 0 || line[0] == '#')
            continue;
        if (split_words(line, llen, w, wl, 4) < 0)
            return ka_fail(err, errlen,
                           "line %ld: expected NODE INSTANCE "
                           "COUNTER LAST_TRANSITION",
                           c.lineno);
        if (!ka_name_ok(w[0], wl[0]) || !ka_name_ok(w[1], wl[1]))
            return ka_fail(err, errlen, "line %ld: bad name", c.lineno);
        memcpy(node, w[0], wl[0]);
        node[wl[0]] = '\0';
        memcpy(inst, w[1], wl[1]);
        inst[wl[1]] = '\0';
        if (ka_parse_long(w[2], wl[2], &counter) < 0 || counter < -1)
            return ka_fail(err, errlen, "line %ld: bad counter", c.lineno);
        if (ka_parse_double(w[3], wl[3], &last) < 0 || last < 0)
            return ka_fail(err, errlen, "line %ld: bad time", c.lineno);
        if (ka_flap_add(out, node, inst, counter, last, sub, sizeof sub) < 0)
            return ka_fail(err, errlen, "line %ld: %s", c.lineno, sub);
    }
    return 0;
}

int ka_format_flap(const struct ka_flap *f, char *buf, size_t cap)
{
    size_t i, used = 0;

    if (append(buf, cap, &used, "%s\n", FLAP_HEADER) < 0)
        return -1;
    for (i = 0; i < f->n; i++)
        if (append(buf, cap, &used, "%s %s %ld %.6f\n", f->e[i].node, f->e[i].instance,
                   f->e[i].counter, f->e[i].last_transition) < 0)
            return -1;
    return (int)used;
}
