/* serialize.c — JSON encoding of probe results for the child→parent pipe,
 * and the parent's strict decoder. */
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "serialize.h"

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

static json_object *encode_component(const struct hs_component *c)
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
    return o;
}

char *hs_proto_encode(const hs_probe *p, const hs_verdict *v,
                      const char *const *warnings, size_t nwarnings)
{
    json_object *root = json_object_new_object(), *cs, *ws;
    char *out = NULL;
    if (!root)
        return NULL;
    json_object_object_add(root, "v", json_object_new_int(HS_PROTO_VERSION));
    json_object_object_add(root, "fail", jstr(p->fail));
    json_object_object_add(root, "messages", jstrv(&p->messages));
    cs = json_object_new_array();
    for (size_t i = 0; cs && i < p->ncomps; i++)
        json_object_array_add(cs, encode_component(p->comps[i]));
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

#define FAIL(...) do { snprintf(errbuf, errlen, __VA_ARGS__); goto out; } while (0)

/* NULL when absent or null; -1 sets error when of the wrong type */
static int get_str(json_object *o, const char *key, int nullable,
                   const char **out)
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

static int decode_component(json_object *co, hs_probe *p, size_t idx,
                            char *errbuf, size_t errlen)
{
    const char *id, *kind, *parent, *state;
    hs_state st;
    hs_component *c;
    json_object *ms, *ls;
    int rc = -1;

    if (!json_object_is_type(co, json_type_object))
        FAIL("component %zu is not an object", idx);
    if (get_str(co, "id", 0, &id) < 0 || get_str(co, "kind", 0, &kind) < 0 ||
        get_str(co, "parent", 1, &parent) < 0 || get_str(co, "state", 0, &state) < 0)
        FAIL("component %zu: missing or bad id/kind/parent/state", idx);
    if (hs_state_parse(state, &st) < 0)
        FAIL("component '%.100s': unknown state '%.40s'", id, state);
    c = hs_probe_component(p, id, kind, parent, st);
    if (!c)
        FAIL("component '%.100s': %s", id, p->malformed ? p->malformed : "rejected");
    if (get_strv(co, "messages", &c->messages) < 0)
        FAIL("component '%.100s': bad messages", id);
    if (json_object_object_get_ex(co, "labels", &ls) && ls) {
        if (!json_object_is_type(ls, json_type_object))
            FAIL("component '%.100s': labels is not an object", id);
        json_object_object_foreach(ls, k, lv) {
            if (!lv || !json_object_is_type(lv, json_type_string))
                FAIL("component '%.100s': label '%.60s' is not a string", id, k);
            hs_component_label(c, k, json_object_get_string(lv));
        }
    }
    if (json_object_object_get_ex(co, "metrics", &ms) && ms) {
        size_t n;
        if (!json_object_is_type(ms, json_type_array))
            FAIL("component '%.100s': metrics is not an array", id);
        n = json_object_array_length(ms);
        if (n > HS_MAX_METRICS)
            FAIL("component '%.100s': too many metrics", id);
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
                FAIL("component '%.100s': metric %zu is malformed", id, i);
            m = hs_component_metric(c, name, value, unit);
            if (!m)
                FAIL("component '%.100s': %s", id, p->malformed ? p->malformed : "bad metric");
            hs_metric_thresholds(m, warn, crit);
            hs_metric_bounds(m, min, max);
        }
    }
    rc = 0;
out:
    return rc;
}

int hs_proto_decode(const char *buf, size_t len, const char *target,
                    hs_probe **pout, hs_verdict **vout, struct hs_strv *warnings,
                    char *errbuf, size_t errlen)
{
    json_tokener *tok = NULL;
    json_object *root = NULL, *cs, *vo;
    hs_probe *p = NULL;
    hs_verdict *v = NULL;
    struct hs_strv ws = {0};
    const char *fail;
    int rc = -1;
    enum json_tokener_error jerr;

    *pout = NULL;
    *vout = NULL;
    if (len == 0)
        FAIL("empty result");
    if (len > HS_PROTO_MAX_BYTES)
        FAIL("result of %zu bytes exceeds the limit", len);
    tok = json_tokener_new_ex(64);
    if (!tok)
        FAIL("out of memory");
    root = json_tokener_parse_ex(tok, buf, (int)len);
    jerr = json_tokener_get_error(tok);
    if (!root || jerr != json_tokener_success)
        FAIL("not valid JSON (%s at byte %zu)",
             jerr == json_tokener_continue ? "truncated" : json_tokener_error_desc(jerr),
             (size_t)json_tokener_get_parse_end(tok));
    if (json_tokener_get_parse_end(tok) != len) {
        size_t end = json_tokener_get_parse_end(tok);
        for (size_t i = end; i < len; i++)
            if (buf[i] != '\n' && buf[i] != ' ')
                FAIL("trailing data after the result at byte %zu", end);
    }
    if (!json_object_is_type(root, json_type_object))
        FAIL("result is not a JSON object");
    {
        json_object *ver;
        if (!json_object_object_get_ex(root, "v", &ver) ||
            !json_object_is_type(ver, json_type_int) ||
            json_object_get_int(ver) != HS_PROTO_VERSION)
            FAIL("missing or unsupported protocol version");
    }
    p = hs_probe_new(target, 0);
    if (!p)
        FAIL("out of memory");
    if (get_str(root, "fail", 1, &fail) < 0)
        FAIL("'fail' is not a string");
    if (fail)
        hs_probe_fail(p, "%s", fail);
    if (get_strv(root, "messages", &p->messages) < 0)
        FAIL("bad 'messages'");
    if (get_strv(root, "warnings", &ws) < 0)
        FAIL("bad 'warnings'");
    if (!json_object_object_get_ex(root, "components", &cs) || !cs ||
        !json_object_is_type(cs, json_type_array))
        FAIL("missing 'components' array");
    if (json_object_array_length(cs) > HS_MAX_COMPONENTS)
        FAIL("more than %d components", HS_MAX_COMPONENTS);
    for (size_t i = 0; i < json_object_array_length(cs); i++)
        if (decode_component(json_object_array_get_idx(cs, i), p, i, errbuf, errlen) < 0)
            goto out;
    if (json_object_object_get_ex(root, "verdict", &vo) && vo) {
        json_object *st, *rs;
        double health;
        int s;
        if (!json_object_is_type(vo, json_type_object) ||
            !json_object_object_get_ex(vo, "status", &st) ||
            !json_object_is_type(st, json_type_int))
            FAIL("verdict without a status");
        s = json_object_get_int(st);
        if (s < HS_OK || s > HS_UNKNOWN)
            FAIL("verdict status %d out of range", s);
        if (get_num(vo, "health", &health) < 0)
            FAIL("verdict health is not a number");
        if (!isnan(health) && (health < 0 || health > 100))
            FAIL("verdict health %g outside 0..100", health);
        v = hs_verdict_new();
        if (!v)
            FAIL("out of memory");
        v->status = (hs_status)s;
        v->health = health;
        if (json_object_object_get_ex(vo, "reasons", &rs) && rs) {
            if (!json_object_is_type(rs, json_type_array) ||
                json_object_array_length(rs) > HS_MAX_MESSAGES)
                FAIL("bad verdict reasons");
            for (size_t i = 0; i < json_object_array_length(rs); i++) {
                json_object *r = json_object_array_get_idx(rs, i), *rst;
                const char *text;
                int rsv;
                if (!r || !json_object_is_type(r, json_type_object) ||
                    !json_object_object_get_ex(r, "status", &rst) ||
                    !json_object_is_type(rst, json_type_int) ||
                    get_str(r, "text", 0, &text) < 0)
                    FAIL("verdict reason %zu is malformed", i);
                rsv = json_object_get_int(rst);
                if (rsv < HS_OK || rsv > HS_UNKNOWN)
                    FAIL("verdict reason %zu has status %d", i, rsv);
                hs_status keep = v->status;
                hs_verdict_raise(v, (hs_status)rsv, "%s", text);
                v->status = keep; /* the stated status is authoritative */
            }
        }
    } else if (!p->fail) {
        FAIL("neither a verdict nor a failure reason");
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
    if (tok)
        json_tokener_free(tok);
    return rc;
}
