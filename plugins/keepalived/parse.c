/*
 * plugins/keepalived/parse.c — keepalived's JSON dump (pure: bytes in,
 * instances out). The dump is an array of {"data": {...}, "stats": {...}}
 * elements, one per VRRP instance; we take only the keys the verdict needs
 * and check the type of each, so a changed or hostile dump is an error
 * naming the element and key, never a guess.
 */
#include <json-c/json.h>
#include <string.h>

#include "keepalived.h"

/* Where we are, for messages: "[2].data.state". */
struct where {
    size_t index;
    const char *section;
};

static int get_member(json_object *obj, const char *key, json_object **out)
{
    return json_object_object_get_ex(obj, key, out) && *out != NULL;
}

/* A required integer member (JSON int, or a double with no fraction). */
static int get_long(json_object *obj, const char *key, const struct where *w, long *out, char *err,
                    size_t errlen)
{
    json_object *m;
    double d;

    if (!get_member(obj, key, &m))
        return ka_fail(err, errlen, "[%zu].%s.%s: missing", w->index, w->section, key);
    if (json_object_is_type(m, json_type_int)) {
        *out = (long)json_object_get_int64(m);
        return 0;
    }
    if (json_object_is_type(m, json_type_double)) {
        d = json_object_get_double(m);
        if (d == (double)(long)d && d > -1e15 && d < 1e15) {
            *out = (long)d;
            return 0;
        }
    }
    return ka_fail(err, errlen, "[%zu].%s.%s: expected an integer, got %s", w->index, w->section,
                   key, json_type_to_name(json_object_get_type(m)));
}

/* A required number member (int or double). */
static int get_number(json_object *obj, const char *key, const struct where *w, double *out,
                      char *err, size_t errlen)
{
    json_object *m;

    if (!get_member(obj, key, &m))
        return ka_fail(err, errlen, "[%zu].%s.%s: missing", w->index, w->section, key);
    if (!json_object_is_type(m, json_type_int) && !json_object_is_type(m, json_type_double))
        return ka_fail(err, errlen, "[%zu].%s.%s: expected a number, got %s", w->index, w->section,
                       key, json_type_to_name(json_object_get_type(m)));
    *out = json_object_get_double(m);
    return 0;
}

/* "vips": optional array of strings, joined with commas, cut to fit. */
static int get_vips(json_object *data, const struct where *w, struct ka_instance *in, char *err,
                    size_t errlen)
{
    json_object *arr, *s;
    size_t i, n, used = 0;
    const char *txt;
    size_t tlen;

    if (!get_member(data, "vips", &arr))
        return 0;
    if (!json_object_is_type(arr, json_type_array))
        return ka_fail(err, errlen, "[%zu].data.vips: expected an array, got %s", w->index,
                       json_type_to_name(json_object_get_type(arr)));
    n = json_object_array_length(arr);
    for (i = 0; i < n; i++) {
        s = json_object_array_get_idx(arr, i);
        if (!s || !json_object_is_type(s, json_type_string))
            return ka_fail(err, errlen, "[%zu].data.vips[%zu]: expected a string", w->index, i);
        txt = json_object_get_string(s);
        tlen = (size_t)json_object_get_string_len(s);
        /* Only the address part: "192.0.2.100/24 dev veth0 ..." */
        if (memchr(txt, ' ', tlen))
            tlen = (size_t)((const char *)memchr(txt, ' ', tlen) - txt);
        if (used + tlen + 2 > sizeof in->vips)
            break;
        if (used)
            in->vips[used++] = ',';
        memcpy(in->vips + used, txt, tlen);
        used += tlen;
        in->vips[used] = '\0';
    }
    return 0;
}

static int parse_element(json_object *el, size_t index, struct ka_view *out, char *err,
                         size_t errlen)
{
    struct where w = {index, "data"};
    json_object *data, *stats, *iname;
    struct ka_instance *in;
    char sub[160];
    long state;

    if (!json_object_is_type(el, json_type_object))
        return ka_fail(err, errlen, "[%zu]: expected an object", index);
    if (!get_member(el, "data", &data) || !json_object_is_type(data, json_type_object))
        return ka_fail(err, errlen, "[%zu].data: missing or not an object", index);
    if (!get_member(data, "iname", &iname) || !json_object_is_type(iname, json_type_string))
        return ka_fail(err, errlen, "[%zu].data.iname: missing or not a string", index);
    in = ka_view_add(out, json_object_get_string(iname), (size_t)json_object_get_string_len(iname),
                     sub, sizeof sub);
    if (!in)
        return ka_fail(err, errlen, "[%zu].data.iname: %s", index, sub);
    if (get_long(data, "state", &w, &state, err, errlen) < 0)
        return -1;
    if (state < KA_INIT || state > KA_FAULT)
        return ka_fail(err, errlen,
                       "[%zu].data.state: %ld is not a VRRP "
                       "state (0..3)",
                       index, state);
    in->state = (enum ka_state)state;
    if (get_long(data, "vrid", &w, &in->vrid, err, errlen) < 0 ||
        get_long(data, "base_priority", &w, &in->priority, err, errlen) < 0 ||
        get_long(data, "effective_priority", &w, &in->effective_priority, err, errlen) < 0 ||
        get_number(data, "last_transition", &w, &in->last_transition, err, errlen) < 0 ||
        get_vips(data, &w, in, err, errlen) < 0)
        return -1;
    /* Stats are optional: keepalived writes them with the data, but a
     * dump without them still says who is MASTER. */
    if (get_member(el, "stats", &stats)) {
        w.section = "stats";
        if (!json_object_is_type(stats, json_type_object))
            return ka_fail(err, errlen, "[%zu].stats: expected an object", index);
        if (get_long(stats, "become_master", &w, &in->become_master, err, errlen) < 0 ||
            get_long(stats, "release_master", &w, &in->release_master, err, errlen) < 0)
            return -1;
    }
    return 0;
}

int ka_parse_json(const char *buf, size_t len, struct ka_view *out, char *err, size_t errlen)
{
    struct json_tokener *tok = NULL;
    json_object *root = NULL;
    enum json_tokener_error jerr;
    size_t i, n, end;
    int rc = -1;

    if (len == 0) {
        ka_fail(err, errlen, "empty JSON dump");
        goto out;
    }
    if (ka_has_nul(buf, len)) {
        ka_fail(err, errlen, "NUL byte in JSON dump");
        goto out;
    }
    if (len > (size_t)0x7fffffff) {
        ka_fail(err, errlen, "JSON dump too large");
        goto out;
    }
    tok = json_tokener_new();
    if (!tok) {
        ka_fail(err, errlen, "out of memory");
        goto out;
    }
    root = json_tokener_parse_ex(tok, buf, (int)len);
    jerr = json_tokener_get_error(tok);
    if (!root || jerr != json_tokener_success) {
        ka_fail(err, errlen, "invalid JSON at byte %zu: %s",
                (size_t)json_tokener_get_parse_end(tok),
                jerr == json_tokener_continue ? "truncated" : json_tokener_error_desc(jerr));
        goto out;
    }
    for (end = json_tokener_get_parse_end(tok); end < len; end++)
        if (!strchr(" \t\r\n", buf[end])) {
            ka_fail(err, errlen, "trailing data at byte %zu", end);
            goto out;
        }
    if (!json_object_is_type(root, json_type_array)) {
        ka_fail(err, errlen, "top level: expected an array, got %s",
                json_type_to_name(json_object_get_type(root)));
        goto out;
    }
    n = json_object_array_length(root);
    for (i = 0; i < n; i++)
        if (parse_element(json_object_array_get_idx(root, i), i, out, err, errlen) < 0)
            goto out;
    rc = 0;
out:
    if (root)
        json_object_put(root);
    if (tok)
        json_tokener_free(tok);
    return rc;
}
