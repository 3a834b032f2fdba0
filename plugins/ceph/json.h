/*
 * plugins/ceph/json.h — typed, bounded access to json-c trees for the Ceph
 * parsers. Every accessor names the failing place in the caller's error
 * buffer as "WHAT: PATH.KEY: problem", so a bad reply is pinned down to
 * the field. Pure: no I/O, no global state.
 */
#ifndef CEPH_JSON_H
#define CEPH_JSON_H

#include <stddef.h>
#include <json-c/json.h>

/* Where errors go and what they are prefixed with ("status"). */
struct ceph_jctx {
    const char *what;
    char *err;
    size_t errlen;
};

/* Parse buf[len] (need not be NUL terminated) as one JSON object followed
 * by nothing but white space. Returns the root (caller owns it: release with
 * json_object_put), or NULL with the error set. Inputs over `maxlen` bytes
 * are refused before parsing. */
json_object *ceph_json_load(struct ceph_jctx *cx, const char *buf, size_t len,
                            size_t maxlen);

/* Set the error "WHAT: PATH: text" (PATH may be NULL or ""). Returns -1 so
 * callers can `return ceph_json_fail(...)`. */
int ceph_json_fail(struct ceph_jctx *cx, const char *path, const char *fmt,
                   ...) __attribute__((format(printf, 3, 4)));

/* Look up member `key` of object `obj` (at `path`) and check it has type
 * `type`. Returns 1 with *out set (borrowed from obj), 0 when the member is
 * absent or null and !required, -1 with the error set otherwise. */
int ceph_json_get(struct ceph_jctx *cx, json_object *obj, const char *path,
                  const char *key, json_type type, int required,
                  json_object **out);

/* Member `key` as an integer in [min, max]. Same returns as ceph_json_get;
 * *out is untouched when absent. */
int ceph_json_int(struct ceph_jctx *cx, json_object *obj, const char *path,
                  const char *key, long long min, long long max, int required,
                  long long *out);

/* Member `key` as a finite number (integer or not) in [min, max]. */
int ceph_json_num(struct ceph_jctx *cx, json_object *obj, const char *path,
                  const char *key, double min, double max, int required,
                  double *out);

/* Member `key` as a boolean (JSON true/false; also 0/1, which Ceph uses
 * for some flags). */
int ceph_json_bool(struct ceph_jctx *cx, json_object *obj, const char *path,
                   const char *key, int required, int *out);

/* Member `key` as a newly allocated string, cut at `maxlen` bytes; the
 * caller owns *out (free()). *out is untouched when absent. */
int ceph_json_str(struct ceph_jctx *cx, json_object *obj, const char *path,
                  const char *key, size_t maxlen, int required, char **out);

/* Array member `key` of obj with at most `max` entries, and a zeroed
 * allocation of that many `size`-byte items in *items (NULL when empty;
 * the caller owns it and frees it with free()). Returns 1 with *arr, *n
 * set; 0 when absent and !required; -1 with the error set (nothing
 * allocated). */
int ceph_json_list(struct ceph_jctx *cx, json_object *obj, const char *path,
                   const char *key, size_t max, size_t size, int required,
                   json_object **arr, void **items, size_t *n);

/* Element i of array arr, checked to have `type`; its place "PATH[i]" is
 * written to where[wlen] for the caller's further messages. Returns 0, or
 * -1 with the error set. */
int ceph_json_elem(struct ceph_jctx *cx, json_object *arr, size_t i,
                   json_type type, const char *path, char *where, size_t wlen,
                   json_object **e);

/* Copy of a string value `v` cut at `maxlen` bytes (caller frees), or NULL
 * when out of memory. Embedded NULs end the copy early, harmlessly. */
char *ceph_json_strdup(json_object *v, size_t maxlen);

/* Name of a json-c type for messages ("string", "array"). */
const char *ceph_json_type_name(json_type t);

#endif /* CEPH_JSON_H */
