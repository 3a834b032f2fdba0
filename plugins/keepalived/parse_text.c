/*
 * plugins/keepalived/parse_text.c — keepalived's text dumps (pure):
 * SIGUSR1's keepalived[.NAME].data and SIGUSR2's keepalived.stats, the
 * fallback for a keepalived built without JSON support. The layout is made
 * for people, so we key on the labels we need and on indentation, and
 * ignore everything else.
 */
#include <string.h>

#include "keepalived.h"

#define TOPOLOGY "------< VRRP Topology >------"
#define SECTION "------<"

static size_t indent_of(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len && s[i] == ' ')
        i++;
    return i;
}

static int starts_with(const char *s, size_t len, const char *pfx)
{
    size_t n = strlen(pfx);

    return len >= n && memcmp(s, pfx, n) == 0;
}

/* Split "Key = value" (after indentation). Returns 0 when it is not one. */
static int key_value(const char *s, size_t len, const char **key, size_t *klen, const char **val,
                     size_t *vlen)
{
    const char *eq;

    for (eq = s; eq + 2 < s + len; eq++)
        if (eq[0] == ' ' && eq[1] == '=' && eq[2] == ' ')
            break;
    if (eq + 2 >= s + len)
        return 0;
    *key = s;
    *klen = (size_t)(eq - s);
    *val = eq + 3;
    *vlen = len - (size_t)(*val - s);
    ka_trim(val, vlen);
    return 1;
}

static int key_is(const char *key, size_t klen, const char *want)
{
    return strlen(want) == klen && memcmp(key, want, klen) == 0;
}

/* The first word of a value ("1795443797.206687 (Mon Nov ...)"). */
static void first_word(const char **val, size_t *vlen)
{
    const char *w;
    size_t wl;

    if (ka_next_word(val, vlen, &w, &wl)) {
        *val = w;
        *vlen = wl;
    }
}

static void add_vip(struct ka_instance *in, const char *s, size_t len)
{
    const char *w;
    size_t wl, used = strlen(in->vips);

    if (!ka_next_word(&s, &len, &w, &wl))
        return;
    if (used + wl + 2 > sizeof in->vips)
        return;
    if (used)
        in->vips[used++] = ',';
    memcpy(in->vips + used, w, wl);
    in->vips[used + wl] = '\0';
}

static int data_attr(struct ka_instance *in, const char *key, size_t klen, const char *val,
                     size_t vlen, long lineno, char *err, size_t errlen)
{
    int st;

    if (key_is(key, klen, "State")) {
        st = ka_state_parse(val, vlen);
        if (st < 0)
            return ka_fail(err, errlen,
                           "line %ld: State: unknown VRRP state "
                           "\"%.*s\"",
                           lineno, (int)(vlen > 20 ? 20 : vlen), val);
        in->state = (enum ka_state)st;
    } else if (key_is(key, klen, "Virtual Router ID")) {
        if (ka_parse_long(val, vlen, &in->vrid) < 0)
            return ka_fail(err, errlen,
                           "line %ld: Virtual Router ID: not a "
                           "number",
                           lineno);
    } else if (key_is(key, klen, "Priority")) {
        if (ka_parse_long(val, vlen, &in->priority) < 0)
            return ka_fail(err, errlen, "line %ld: Priority: not a number", lineno);
    } else if (key_is(key, klen, "Effective priority")) {
        if (ka_parse_long(val, vlen, &in->effective_priority) < 0)
            return ka_fail(err, errlen,
                           "line %ld: Effective priority: not a "
                           "number",
                           lineno);
    } else if (key_is(key, klen, "Last transition")) {
        first_word(&val, &vlen);
        if (ka_parse_double(val, vlen, &in->last_transition) < 0)
            return ka_fail(err, errlen,
                           "line %ld: Last transition: not a "
                           "time",
                           lineno);
    }
    return 0;
}

int ka_parse_data(const char *buf, size_t len, struct ka_view *out, char *err, size_t errlen)
{
    struct ka_lines c;
    struct ka_instance *in = NULL;
    const char *line, *key, *val;
    size_t llen, klen, vlen, ind, attr_indent = 0;
    long vips_left = 0;
    int in_topology = 0, seen_topology = 0;
    char sub[160];

    if (len == 0)
        return ka_fail(err, errlen, "empty data dump");
    if (ka_has_nul(buf, len))
        return ka_fail(err, errlen, "NUL byte in data dump");
    ka_lines_init(&c, buf, len);
    while (ka_lines_next(&c, &line, &llen)) {
        if (starts_with(line, llen, SECTION)) {
            in_topology = starts_with(line, llen, TOPOLOGY);
            seen_topology |= in_topology;
            in = NULL;
            continue;
        }
        if (!in_topology)
            continue;
        ind = indent_of(line, llen);
        if (!key_value(line + ind, llen - ind, &key, &klen, &val, &vlen)) {
            if (in && vips_left > 0 && ind > attr_indent) {
                add_vip(in, line + ind, llen - ind);
                vips_left--;
            } else if (in && ind == attr_indent &&
                       starts_with(line + ind, llen - ind, "Virtual IP (")) {
                const char *num = line + ind + strlen("Virtual IP (");
                const char *close = memchr(num, ')', llen - (size_t)(num - line));
                if (!close || ka_parse_long(num, (size_t)(close - num), &vips_left) < 0 ||
                    vips_left < 0)
                    return ka_fail(err, errlen, "line %ld: Virtual IP: bad count", c.lineno);
            }
            continue;
        }
        if (key_is(key, klen, "VRRP Instance")) {
            in = ka_view_add(out, val, vlen, sub, sizeof sub);
            if (!in)
                return ka_fail(err, errlen, "line %ld: %s", c.lineno, sub);
            attr_indent = 0;
            vips_left = 0;
            continue;
        }
        if (!in || ind == 0)
            continue;
        /* Nested blocks (tracked scripts, interfaces) are indented deeper
         * and may repeat labels like "State": only the instance's own
         * attributes, at the first attribute's indentation, count. */
        if (attr_indent == 0)
            attr_indent = ind;
        if (ind != attr_indent)
            continue;
        vips_left = 0;
        if (data_attr(in, key, klen, val, vlen, c.lineno, err, errlen) < 0)
            return -1;
    }
    if (!seen_topology)
        return ka_fail(err, errlen,
                       "no \"VRRP Topology\" section (not a "
                       "keepalived data dump, or VRRP is not running)");
    return 0;
}

int ka_parse_stats(const char *buf, size_t len, struct ka_view *out, char *err, size_t errlen)
{
    struct ka_lines c;
    struct ka_instance *in = NULL;
    const char *line, *val, *colon;
    size_t llen, vlen, ind;
    char name[KA_NAME_MAX], sub[160];
    int seen = 0;
    long *dst;

    if (len == 0)
        return ka_fail(err, errlen, "empty stats dump");
    if (ka_has_nul(buf, len))
        return ka_fail(err, errlen, "NUL byte in stats dump");
    ka_lines_init(&c, buf, len);
    while (ka_lines_next(&c, &line, &llen)) {
        if (starts_with(line, llen, "VRRP Instance:")) {
            val = line + strlen("VRRP Instance:");
            vlen = llen - strlen("VRRP Instance:");
            ka_trim(&val, &vlen);
            if (!ka_name_ok(val, vlen))
                return ka_fail(err, errlen, "line %ld: bad instance name", c.lineno);
            memcpy(name, val, vlen);
            name[vlen] = '\0';
            in = ka_view_find(out, name);
            if (!in)
                in = ka_view_add(out, val, vlen, sub, sizeof sub);
            if (!in)
                return ka_fail(err, errlen, "line %ld: %s", c.lineno, sub);
            seen = 1;
            continue;
        }
        ind = indent_of(line, llen);
        if (!in || ind != 2)
            continue;
        if (starts_with(line + ind, llen - ind, "Became master:"))
            dst = &in->become_master;
        else if (starts_with(line + ind, llen - ind, "Released master:"))
            dst = &in->release_master;
        else
            continue;
        colon = memchr(line, ':', llen);
        val = colon + 1;
        vlen = llen - (size_t)(val - line);
        ka_trim(&val, &vlen);
        if (ka_parse_long(val, vlen, dst) < 0 || *dst < 0)
            return ka_fail(err, errlen, "line %ld: not a counter", c.lineno);
    }
    if (!seen)
        return ka_fail(err, errlen, "no \"VRRP Instance:\" in stats dump");
    return 0;
}
