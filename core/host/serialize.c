/* serialize.c — JSON encoding of probe results for the child→parent pipe,
 * and the parent's strict decoder. */
#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "host/serialize.h"

static json_object *jstr(const char *s)
{
    return s ? json_object_new_string(s) : NULL;
}

static json_object *jnum(double d)
{
    return isfinite(d) ? json_object_new_double(d) : NULL;
}

static json_object *jstrv(const struct hs_strv *sv)
{
    json_object *a = json_object_new_array();
    for (size_t i = 0; a && i < sv->n; i++)
        json_object_array_add(a, json_object_new_string(sv->v[i]));
    return a;
}

json_object *hs_proto_component_json(const struct hs_component *c)
{
    json_object *o = json_object_new_object(), *ms, *ls;
    if (!o)
        return NULL;
    json_object_object_add(o, "id", jstr(c->id));
    json_object_object_add(o, "kind", jstr(c->kind));
    json_object_object_add(o, "parent", jstr(c->parent));
    json_object_object_add(o, "state", jstr(hs_state_name(c->state)));
    json_object_object_add(o, "messages", jstrv(&c->messages));
    ls = json_object_new_object();
    for (size_t i = 0; ls && i < c->nlabels; i++)
        json_object_object_add(ls, c->labels[i].name, jstr(c->labels[i].value));
    json_object_object_add(o, "labels", ls);
    ms = json_object_new_array();
    for (size_t i = 0; ms && i < c->nmetrics; i++) {
        const struct hs_metric *m = &c->metrics[i];
        json_object *mo = json_object_new_object();
        if (!mo)
            break;
        json_object_object_add(mo, "name", jstr(m->name));
        json_object_object_add(mo, "value", jnum(m->value));
        json_object_object_add(mo, "unit", jstr(m->unit));
        json_object_object_add(mo, "warn", jstr(m->warn));
        json_object_object_add(mo, "crit", jstr(m->crit));
        json_object_object_add(mo, "min", jnum(m->min));
        json_object_object_add(mo, "max", jnum(m->max));
        json_object_array_add(ms, mo);
    }
    json_object_object_add(o, "metrics", ms);
    if (c->require > 0)
        json_object_object_add(o, "require", json_object_new_int(c->require));
    if (c->require_why)
        json_object_object_add(o, "require_why", jstr(c->require_why));
    if (c->needs.n > 0)
        json_object_object_add(o, "needs", jstrv(&c->needs));
    return o;
}

char *hs_proto_encode(const hs_probe *p, const hs_verdict *v, const char *const *warnings,
                      size_t nwarnings)
{
    json_object *root = json_object_new_object(), *cs, *ws;
    char *out = NULL;
    if (!root)
        return NULL;
    json_object_object_add(root, "v", json_object_new_int(HS_PROTO_VERSION));
    json_object_object_add(root, "fail", jstr(p->fail));
    json_object_object_add(root, "messages", jstrv(&p->messages));
    if (p->debug.n) /* only when a plugin traced: most results stay as small */
        json_object_object_add(root, "debug", jstrv(&p->debug));
    cs = json_object_new_array();
    for (size_t i = 0; cs && i < p->ncomps; i++)
        json_object_array_add(cs, hs_proto_component_json(p->comps[i]));
    json_object_object_add(root, "components", cs);
    if (v) {
        json_object *vo = json_object_new_object(), *rs = json_object_new_array();
        json_object_object_add(vo, "status", json_object_new_int((int)v->status));
        json_object_object_add(vo, "health", jnum(v->health));
        for (size_t i = 0; rs && i < v->nreasons; i++) {
            json_object *r = json_object_new_object();
            json_object_object_add(r, "status", json_object_new_int((int)v->reasons[i].status));
            json_object_object_add(r, "text", jstr(v->reasons[i].text));
            json_object_array_add(rs, r);
        }
        json_object_object_add(vo, "reasons", rs);
        json_object_object_add(root, "verdict", vo);
    } else {
        json_object_object_add(root, "verdict", NULL);
    }
    ws = json_object_new_array();
    for (size_t i = 0; ws && i < nwarnings; i++)
        json_object_array_add(ws, json_object_new_string(warnings[i]));
    json_object_object_add(root, "warnings", ws);
    {
        const char *s = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN);
        out = s ? strdup(s) : NULL;
    }
    json_object_put(root);
    return out;
}

/* ---- decoding ---------------------------------------------------------- */

/* Sets the caller's error text and returns -1: a check with nothing to
 * clean up returns it, one with cleanup sets rc from it and goes to out. */
static int HS_PRINTF(3, 4) decode_error(char *errbuf, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errbuf, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* NULL when absent or null; -1 sets error when of the wrong type */
static int get_str(json_object *o, const char *key, int nullable, const char **out)
{
    json_object *v;
    *out = NULL;
    if (!json_object_object_get_ex(o, key, &v) || !v)
        return nullable ? 0 : -1;
    if (!json_object_is_type(v, json_type_string))
        return -1;
    if (json_object_get_string_len(v) > HS_MAX_TEXT ||
        strlen(json_object_get_string(v)) != (size_t)json_object_get_string_len(v))
        return -1; /* too long, or embedded NUL */
    *out = json_object_get_string(v);
    return 0;
}

static int get_num(json_object *o, const char *key, double *out)
{
    json_object *v;
    *out = NAN;
    if (!json_object_object_get_ex(o, key, &v) || !v)
        return 0;
    if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
        return -1;
    *out = json_object_get_double(v);
    if (!isfinite(*out))
        *out = NAN;
    return 0;
}

static int get_strv(json_object *o, const char *key, struct hs_strv *sv)
{
    json_object *a;
    size_t n;
    if (!json_object_object_get_ex(o, key, &a) || !a)
        return 0;
    if (!json_object_is_type(a, json_type_array))
        return -1;
    n = json_object_array_length(a);
    if (n > HS_MAX_MESSAGES)
        return -1;
    for (size_t i = 0; i < n; i++) {
        json_object *s = json_object_array_get_idx(a, i);
        if (!s || !json_object_is_type(s, json_type_string))
            return -1;
        if (hs_strv_push(sv, json_object_get_string(s)) < 0)
            return -1;
    }
    return 0;
}

static int decode_labels(json_object *co, hs_component *c, const char *id, char *errbuf,
                         size_t errlen)
{
    json_object *ls;
    if (!json_object_object_get_ex(co, "labels", &ls) || !ls)
        return 0;
    if (!json_object_is_type(ls, json_type_object))
        return decode_error(errbuf, errlen, "component '%.100s': labels is not an object", id);
    json_object_object_foreach(ls, k, lv)
    {
        if (!lv || !json_object_is_type(lv, json_type_string))
            return decode_error(errbuf, errlen, "component '%.100s': label '%.60s' is not a string",
                                id, k);
        hs_component_label(c, k, json_object_get_string(lv));
    }
    return 0;
}

/* The redundancy rule (ABI revision 3): both keys optional. */
static int decode_rule(json_object *co, hs_component *c, const char *id, char *errbuf,
                       size_t errlen)
{
    json_object *rq;
    const char *why = NULL;
    struct hs_strv ids = {0};
    int rc = 0;

    if (json_object_object_get_ex(co, "require", &rq)) {
        int64_t k = json_object_get_int64(rq);
        if (!json_object_is_type(rq, json_type_int) || k < 1 || k > HS_MAX_COMPONENTS)
            return decode_error(errbuf, errlen, "component '%.100s': bad require", id);
        if (get_str(co, "require_why", 1, &why) < 0)
            return decode_error(errbuf, errlen, "component '%.100s': bad require_why", id);
        hs_component_require(c, (int)k, why);
    }
    if (get_strv(co, "needs", &ids) < 0) {
        rc = decode_error(errbuf, errlen, "component '%.100s': bad needs", id);
        goto out;
    }
    for (size_t i = 0; i < ids.n; i++)
        hs_component_needs(c, ids.v[i]);
out:
    hs_strv_free(&ids);
    return rc;
}

static int decode_metrics(json_object *co, hs_probe *p, hs_component *c, const char *id,
                          char *errbuf, size_t errlen)
{
    json_object *ms;
    size_t n;
    if (!json_object_object_get_ex(co, "metrics", &ms) || !ms)
        return 0;
    if (!json_object_is_type(ms, json_type_array))
        return decode_error(errbuf, errlen, "component '%.100s': metrics is not an array", id);
    n = json_object_array_length(ms);
    if (n > HS_MAX_METRICS)
        return decode_error(errbuf, errlen, "component '%.100s': too many metrics", id);
    for (size_t i = 0; i < n; i++) {
        json_object *mo = json_object_array_get_idx(ms, i);
        const char *name, *unit, *warn, *crit;
        double value, min, max;
        hs_metric *m;
        if (!mo || !json_object_is_type(mo, json_type_object) ||
            get_str(mo, "name", 0, &name) < 0 || get_str(mo, "unit", 1, &unit) < 0 ||
            get_str(mo, "warn", 1, &warn) < 0 || get_str(mo, "crit", 1, &crit) < 0 ||
            get_num(mo, "value", &value) < 0 || get_num(mo, "min", &min) < 0 ||
            get_num(mo, "max", &max) < 0)
            return decode_error(errbuf, errlen, "component '%.100s': metric %zu is malformed", id,
                                i);
        m = hs_component_metric(c, name, value, unit);
        if (!m)
            return decode_error(errbuf, errlen, "component '%.100s': %s", id,
                                p->malformed ? p->malformed : "bad metric");
        hs_metric_thresholds(m, warn, crit);
        hs_metric_bounds(m, min, max);
    }
    return 0;
}

static int decode_component(json_object *co, hs_probe *p, size_t idx, char *errbuf, size_t errlen)
{
    const char *id, *kind, *parent, *state;
    hs_state st;
    hs_component *c;

    if (!json_object_is_type(co, json_type_object))
        return decode_error(errbuf, errlen, "component %zu is not an object", idx);
    if (get_str(co, "id", 0, &id) < 0 || get_str(co, "kind", 0, &kind) < 0 ||
        get_str(co, "parent", 1, &parent) < 0 || get_str(co, "state", 0, &state) < 0)
        return decode_error(errbuf, errlen, "component %zu: missing or bad id/kind/parent/state",
                            idx);
    if (hs_state_parse(state, &st) < 0)
        return decode_error(errbuf, errlen, "component '%.100s': unknown state '%.40s'", id, state);
    c = hs_probe_component(p, id, kind, parent, st);
    if (!c)
        return decode_error(errbuf, errlen, "component '%.100s': %s", id,
                            p->malformed ? p->malformed : "rejected");
    if (get_strv(co, "messages", &c->messages) < 0)
        return decode_error(errbuf, errlen, "component '%.100s': bad messages", id);
    if (decode_labels(co, c, id, errbuf, errlen) < 0 || decode_rule(co, c, id, errbuf, errlen) < 0)
        return -1;
    return decode_metrics(co, p, c, id, errbuf, errlen);
}

/* Tokenizes the whole buffer into one JSON object of our protocol version:
 * nothing but blanks may follow it. The tokener is only needed here; the
 * object it returns outlives it. */
static int parse_result(const char *buf, size_t len, json_object **rootp, char *errbuf,
                        size_t errlen)
{
    json_tokener *tok = NULL;
    json_object *root = NULL, *ver;
    enum json_tokener_error jerr;
    int rc = -1;

    if (len == 0) {
        rc = decode_error(errbuf, errlen, "empty result");
        goto out;
    }
    if (len > HS_PROTO_MAX_BYTES) {
        rc = decode_error(errbuf, errlen, "result of %zu bytes exceeds the limit", len);
        goto out;
    }
    tok = json_tokener_new_ex(64);
    if (!tok) {
        rc = decode_error(errbuf, errlen, "out of memory");
        goto out;
    }
    root = json_tokener_parse_ex(tok, buf, (int)len);
    jerr = json_tokener_get_error(tok);
    if (!root || jerr != json_tokener_success) {
        rc = decode_error(errbuf, errlen, "not valid JSON (%s at byte %zu)",
                          jerr == json_tokener_continue ? "truncated"
                                                        : json_tokener_error_desc(jerr),
                          (size_t)json_tokener_get_parse_end(tok));
        goto out;
    }
    size_t end = json_tokener_get_parse_end(tok);
    for (size_t i = end; i < len; i++)
        if (buf[i] != '\n' && buf[i] != ' ') {
            rc = decode_error(errbuf, errlen, "trailing data after the result at byte %zu", end);
            goto out;
        }
    if (!json_object_is_type(root, json_type_object)) {
        rc = decode_error(errbuf, errlen, "result is not a JSON object");
        goto out;
    }
    if (!json_object_object_get_ex(root, "v", &ver) || !json_object_is_type(ver, json_type_int) ||
        json_object_get_int(ver) != HS_PROTO_VERSION) {
        rc = decode_error(errbuf, errlen, "missing or unsupported protocol version");
        goto out;
    }
    *rootp = root;
    root = NULL;
    rc = 0;
out:
    if (root)
        json_object_put(root);
    if (tok)
        json_tokener_free(tok);
    return rc;
}

static int decode_reasons(json_object *vo, hs_verdict *v, char *errbuf, size_t errlen)
{
    json_object *rs;
    if (!json_object_object_get_ex(vo, "reasons", &rs) || !rs)
        return 0;
    if (!json_object_is_type(rs, json_type_array) || json_object_array_length(rs) > HS_MAX_MESSAGES)
        return decode_error(errbuf, errlen, "bad verdict reasons");
    for (size_t i = 0; i < json_object_array_length(rs); i++) {
        json_object *r = json_object_array_get_idx(rs, i), *rst;
        const char *text;
        int rsv;
        if (!r || !json_object_is_type(r, json_type_object) ||
            !json_object_object_get_ex(r, "status", &rst) ||
            !json_object_is_type(rst, json_type_int) || get_str(r, "text", 0, &text) < 0)
            return decode_error(errbuf, errlen, "verdict reason %zu is malformed", i);
        rsv = json_object_get_int(rst);
        if (rsv < HS_OK || rsv > HS_UNKNOWN)
            return decode_error(errbuf, errlen, "verdict reason %zu has status %d", i, rsv);
        hs_status keep = v->status;
        hs_verdict_raise(v, (hs_status)rsv, "%s", text);
        v->status = keep; /* the stated status is authoritative */
    }
    return 0;
}

/* The verdict object; *vp is set only when all of it is valid. */
static int decode_verdict(json_object *vo, hs_verdict **vp, char *errbuf, size_t errlen)
{
    json_object *st;
    hs_verdict *v = NULL;
    double health;
    int s, rc = -1;

    if (!json_object_is_type(vo, json_type_object) ||
        !json_object_object_get_ex(vo, "status", &st) || !json_object_is_type(st, json_type_int)) {
        rc = decode_error(errbuf, errlen, "verdict without a status");
        goto out;
    }
    s = json_object_get_int(st);
    if (s < HS_OK || s > HS_UNKNOWN) {
        rc = decode_error(errbuf, errlen, "verdict status %d out of range", s);
        goto out;
    }
    if (get_num(vo, "health", &health) < 0) {
        rc = decode_error(errbuf, errlen, "verdict health is not a number");
        goto out;
    }
    if (!isnan(health) && (health < 0 || health > 100)) {
        rc = decode_error(errbuf, errlen, "verdict health %g outside 0..100", health);
        goto out;
    }
    v = hs_verdict_new();
    if (!v) {
        rc = decode_error(errbuf, errlen, "out of memory");
        goto out;
    }
    v->status = (hs_status)s;
    v->health = health;
    if (decode_reasons(vo, v, errbuf, errlen) < 0)
        goto out;
    *vp = v;
    v = NULL;
    rc = 0;
out:
    hs_verdict_free(v);
    return rc;
}

/* Probe-level fields: failure reason, messages, warnings, components. */
static int decode_probe(json_object *root, hs_probe *p, struct hs_strv *ws, char *errbuf,
                        size_t errlen)
{
    json_object *cs;
    const char *fail;

    if (get_str(root, "fail", 1, &fail) < 0)
        return decode_error(errbuf, errlen, "'fail' is not a string");
    if (fail)
        hs_probe_fail(p, "%s", fail);
    if (get_strv(root, "messages", &p->messages) < 0)
        return decode_error(errbuf, errlen, "bad 'messages'");
    if (get_strv(root, "warnings", ws) < 0)
        return decode_error(errbuf, errlen, "bad 'warnings'");
    if (get_strv(root, "debug", &p->debug) < 0)
        return decode_error(errbuf, errlen, "bad 'debug'");
    if (!json_object_object_get_ex(root, "components", &cs) || !cs ||
        !json_object_is_type(cs, json_type_array))
        return decode_error(errbuf, errlen, "missing 'components' array");
    if (json_object_array_length(cs) > HS_MAX_COMPONENTS)
        return decode_error(errbuf, errlen, "more than %d components", HS_MAX_COMPONENTS);
    for (size_t i = 0; i < json_object_array_length(cs); i++)
        if (decode_component(json_object_array_get_idx(cs, i), p, i, errbuf, errlen) < 0)
            return -1;
    return 0;
}

int hs_proto_decode(const char *buf, size_t len, const char *target, hs_probe **pout,
                    hs_verdict **vout, struct hs_strv *warnings, char *errbuf, size_t errlen)
{
    json_object *root = NULL, *vo;
    hs_probe *p = NULL;
    hs_verdict *v = NULL;
    struct hs_strv ws = {0};
    int rc = -1;

    *pout = NULL;
    *vout = NULL;
    if (parse_result(buf, len, &root, errbuf, errlen) < 0)
        goto out;
    p = hs_probe_new(target, 0);
    if (!p) {
        rc = decode_error(errbuf, errlen, "out of memory");
        goto out;
    }
    if (decode_probe(root, p, &ws, errbuf, errlen) < 0)
        goto out;
    if (json_object_object_get_ex(root, "verdict", &vo) && vo) {
        if (decode_verdict(vo, &v, errbuf, errlen) < 0)
            goto out;
    } else if (!p->fail) {
        rc = decode_error(errbuf, errlen, "neither a verdict nor a failure reason");
        goto out;
    }
    for (size_t i = 0; i < ws.n; i++)
        hs_strv_push(warnings, ws.v[i]);
    *pout = p;
    *vout = v;
    p = NULL;
    v = NULL;
    rc = 0;
out:
    hs_strv_free(&ws);
    hs_probe_free(p);
    hs_verdict_free(v);
    if (root)
        json_object_put(root);
    return rc;
}
