/*
 * core/eval/jsonb.h — json-c tree building for the evaluation's JSON
 * renderers (the comparison and its uncertainty analysis): one set of
 * helpers so an allocation failure anywhere marks the whole tree bad.
 * NaN and infinities become null (JSON has no such numbers).
 */
#ifndef HS_EVAL_JSONB_H
#define HS_EVAL_JSONB_H

#include <math.h>
#include <stdbool.h>

#include <json-c/json.h>

/* json-c object building: every add goes through these so a failed
 * allocation marks the whole tree bad instead of being dropped silently. */
typedef struct jb {
    bool oom;
} jb;

static inline json_object *num(double v)
{
    return isfinite(v) ? json_object_new_double(v) : NULL;
}

static inline json_object *str(const char *s)
{
    return s ? json_object_new_string(s) : NULL;
}

/* Adds V (consumed) to O. Containers are filled before they are put, so
 * a failure here never leaves a dangling pointer behind. */
static inline void put(jb *b, json_object *o, const char *key, json_object *v, bool may_be_null)
{
    if (!o) {
        json_object_put(v);
        b->oom = true;
        return;
    }
    if (!v && !may_be_null)
        b->oom = true;
    if (json_object_object_add(o, key, v) != 0) {
        json_object_put(v);
        b->oom = true;
    }
}

static inline void append(jb *b, json_object *arr, json_object *v)
{
    if (!v || !arr || json_object_array_add(arr, v) != 0) {
        json_object_put(v);
        b->oom = true;
    }
}

static inline json_object *obj(jb *b)
{
    json_object *o = json_object_new_object();
    if (!o)
        b->oom = true;
    return o;
}

static inline json_object *arr(jb *b)
{
    json_object *o = json_object_new_array();
    if (!o)
        b->oom = true;
    return o;
}

#endif
