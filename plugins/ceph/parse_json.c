/*
 * plugins/ceph/parse_json.c — typed, bounded access to json-c trees (see
 * ceph.h).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ceph.h"

/* Ceph's replies nest five levels at most; a little room for newer fields,
 * and far below the depth at which a recursive free would hurt. */
#define CEPH_JSON_DEPTH 24

const char *ceph_json_type_name(json_type t)
{
    switch (t) {
    case json_type_null: return "null";
    case json_type_boolean: return "boolean";
    case json_type_double: return "number";
    case json_type_int: return "integer";
    case json_type_object: return "object";
    case json_type_array: return "array";
    case json_type_string: return "string";
    }
    return "unknown";
}

int ceph_json_fail(struct ceph_jctx *cx, const char *path, const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (cx->err && cx->errlen > 0) {
        if (path && *path)
            snprintf(cx->err, cx->errlen, "%s: %s: %s", cx->what, path, msg);
        else
            snprintf(cx->err, cx->errlen, "%s: %s", cx->what, msg);
    }
    return -1;
}

static int only_space(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\n' && p[i] != '\r')
            return 0;
    return 1;
}

/* The loader of both: the root must have type `want`. */
static json_object *load(struct ceph_jctx *cx, const char *buf, size_t len, size_t maxlen,
                         json_type want)
{
    json_tokener *tok = NULL;
    json_object *root = NULL;
    enum json_tokener_error jerr;
    size_t end;

    if (!buf || len == 0) {
        ceph_json_fail(cx, NULL, "empty reply");
        goto out;
    }
    if (len > maxlen) {
        ceph_json_fail(cx, NULL, "reply of %zu bytes exceeds the limit of %zu", len, maxlen);
        goto out;
    }
    tok = json_tokener_new_ex(CEPH_JSON_DEPTH);
    if (!tok) {
        ceph_json_fail(cx, NULL, "out of memory");
        goto out;
    }
    root = json_tokener_parse_ex(tok, buf, (int)len);
    jerr = json_tokener_get_error(tok);
    if (!root) {
        if (jerr == json_tokener_continue || jerr == json_tokener_success)
            ceph_json_fail(cx, NULL, "truncated JSON (%zu bytes)", len);
        else
            ceph_json_fail(cx, NULL, "invalid JSON at byte %zu: %s",
                           json_tokener_get_parse_end(tok), json_tokener_error_desc(jerr));
        goto out;
    }
    end = json_tokener_get_parse_end(tok);
    if (end < len && !only_space(buf + end, len - end)) {
        ceph_json_fail(cx, NULL, "trailing data at byte %zu", end);
        json_object_put(root);
        root = NULL;
        goto out;
    }
    if (!json_object_is_type(root, want)) {
        ceph_json_fail(cx, NULL, "expected a JSON %s, got %s", ceph_json_type_name(want),
                       ceph_json_type_name(json_object_get_type(root)));
        json_object_put(root);
        root = NULL;
    }
out:
    if (tok)
        json_tokener_free(tok);
    return root;
}

json_object *ceph_json_load(struct ceph_jctx *cx, const char *buf, size_t len, size_t maxlen)
{
    return load(cx, buf, len, maxlen, json_type_object);
}

json_object *ceph_json_load_array(struct ceph_jctx *cx, const char *buf, size_t len, size_t maxlen)
{
    return load(cx, buf, len, maxlen, json_type_array);
}

/* "path.key" (or "key" at the root) into buf. */
static const char *join(char *buf, size_t n, const char *path, const char *key)
{
    if (path && *path)
        snprintf(buf, n, "%s.%s", path, key);
    else
        snprintf(buf, n, "%s", key);
    return buf;
}

/* Member `key` of obj, of any type: 1 with *v, 0 when absent or null and
 * optional, -1 ("missing") when required. */
static int lookup(struct ceph_jctx *cx, json_object *obj, const char *path, const char *key,
                  int required, json_object **v)
{
    char where[192];

    *v = NULL;
    if (json_object_object_get_ex(obj, key, v) && *v)
        return 1;
    if (!required)
        return 0;
    return ceph_json_fail(cx, join(where, sizeof where, path, key), "missing");
}

int ceph_json_get(struct ceph_jctx *cx, json_object *obj, const char *path, const char *key,
                  json_type type, int required, json_object **out)
{
    char where[192];
    json_object *v;
    int r = lookup(cx, obj, path, key, required, &v);

    if (r <= 0)
        return r;
    if (!json_object_is_type(v, type))
        return ceph_json_fail(cx, join(where, sizeof where, path, key), "expected %s, got %s",
                              ceph_json_type_name(type),
                              ceph_json_type_name(json_object_get_type(v)));
    *out = v;
    return 1;
}

int ceph_json_int(struct ceph_jctx *cx, json_object *obj, const char *path, const char *key,
                  long long min, long long max, int required, long long *out)
{
    char where[192];
    json_object *v;
    int64_t x;
    int r = ceph_json_get(cx, obj, path, key, json_type_int, required, &v);

    if (r <= 0)
        return r;
    errno = 0;
    x = json_object_get_int64(v);
    /* json-c saturates out-of-range literals; treat that as out of range. */
    if (errno == ERANGE || x < min || x > max)
        return ceph_json_fail(cx, join(where, sizeof where, path, key),
                              "%lld is out of range [%lld, %lld]", (long long)x, min, max);
    *out = x;
    return 1;
}

int ceph_json_num(struct ceph_jctx *cx, json_object *obj, const char *path, const char *key,
                  double min, double max, int required, double *out)
{
    char where[192];
    json_object *v;
    double x;
    int r = lookup(cx, obj, path, key, required, &v);

    if (r <= 0)
        return r;
    if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double))
        return ceph_json_fail(cx, join(where, sizeof where, path, key), "expected a number, got %s",
                              ceph_json_type_name(json_object_get_type(v)));
    x = json_object_get_double(v);
    if (!isfinite(x) || x < min || x > max)
        return ceph_json_fail(cx, join(where, sizeof where, path, key),
                              "%g is out of range [%g, %g]", x, min, max);
    *out = x;
    return 1;
}

int ceph_json_bool(struct ceph_jctx *cx, json_object *obj, const char *path, const char *key,
                   int required, int *out)
{
    char where[192];
    json_object *v;
    int r = lookup(cx, obj, path, key, required, &v);

    if (r <= 0)
        return r;
    if (json_object_is_type(v, json_type_boolean)) {
        *out = json_object_get_boolean(v) ? 1 : 0;
        return 1;
    }
    if (json_object_is_type(v, json_type_int)) {
        int64_t x = json_object_get_int64(v);
        if (x == 0 || x == 1) {
            *out = (int)x;
            return 1;
        }
        return ceph_json_fail(cx, join(where, sizeof where, path, key),
                              "expected a boolean or 0/1, got %lld", (long long)x);
    }
    return ceph_json_fail(cx, join(where, sizeof where, path, key), "expected a boolean, got %s",
                          ceph_json_type_name(json_object_get_type(v)));
}

char *ceph_json_strdup(json_object *v, size_t maxlen)
{
    const char *s = json_object_get_string(v);
    size_t n = s ? strnlen(s, maxlen) : 0;
    char *copy = malloc(n + 1);

    if (!copy)
        return NULL;
    if (n)
        memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

int ceph_json_str(struct ceph_jctx *cx, json_object *obj, const char *path, const char *key,
                  size_t maxlen, int required, char **out)
{
    json_object *v;
    char *copy;
    int r = ceph_json_get(cx, obj, path, key, json_type_string, required, &v);

    if (r <= 0)
        return r;
    copy = ceph_json_strdup(v, maxlen);
    if (!copy)
        return ceph_json_fail(cx, path, "out of memory");
    *out = copy;
    return 1;
}

int ceph_json_list(struct ceph_jctx *cx, json_object *obj, const char *path, const char *key,
                   size_t max, size_t size, int required, json_object **arr, void **items,
                   size_t *n)
{
    char where[192];
    int r = ceph_json_get(cx, obj, path, key, json_type_array, required, arr);

    *items = NULL;
    *n = 0;
    if (r <= 0)
        return r;
    *n = json_object_array_length(*arr);
    join(where, sizeof where, path, key);
    if (*n > max)
        return ceph_json_fail(cx, where, "%zu entries exceed the limit of %zu", *n, max);
    if (*n == 0)
        return 1;
    *items = calloc(*n, size);
    if (!*items)
        return ceph_json_fail(cx, where, "out of memory");
    return 1;
}

int ceph_json_elem(struct ceph_jctx *cx, json_object *arr, size_t i, json_type type,
                   const char *path, char *where, size_t wlen, json_object **e)
{
    *e = json_object_array_get_idx(arr, i);
    snprintf(where, wlen, "%s[%zu]", path, i);
    if (!json_object_is_type(*e, type))
        return ceph_json_fail(cx, where, "expected %s, got %s", ceph_json_type_name(type),
                              ceph_json_type_name(json_object_get_type(*e)));
    return 0;
}
