/*
 * plugins/ceph/parse_maps.c — pure parsers of `mon dump` and `osd dump`
 * replies (see parse.h): the member lists the plugin turns into one
 * component per mon and per OSD.
 */
#include "plugins/ceph/parse.h"
#include "plugins/ceph/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EPOCH 4000000000000LL
#define MAX_ID 2147483647LL

void ceph_monmap_free(struct ceph_monmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nmons; i++) {
        free(m->mons[i].name);
        free(m->mons[i].addr);
    }
    free(m->mons);
    memset(m, 0, sizeof *m);
}

void ceph_osdmap_free(struct ceph_osdmap *m)
{
    if (!m)
        return;
    free(m->osds);
    memset(m, 0, sizeof *m);
}

/* The array member `key` of root, its length checked against `max`, and
 * room for that many `size`-byte entries in *items (NULL when empty). */
static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

/* Ids must be unique: they become component ids. Sorting a copy keeps
 * this O(n log n) for the largest accepted maps. */
static int unique_osd_ids(struct ceph_jctx *cx, const struct ceph_osdmap *m)
{
    long long *ids;
    int rc = 0;

    if (m->nosds < 2)
        return 0;
    ids = malloc(m->nosds * sizeof *ids);
    if (!ids)
        return ceph_json_fail(cx, "osds", "out of memory");
    for (size_t i = 0; i < m->nosds; i++)
        ids[i] = m->osds[i].id;
    qsort(ids, m->nosds, sizeof *ids, cmp_ll);
    for (size_t i = 1; i < m->nosds && rc == 0; i++)
        if (ids[i] == ids[i - 1])
            rc = ceph_json_fail(cx, "osds", "duplicate osd id %lld", ids[i]);
    free(ids);
    return rc;
}

static int unique_mon_names(struct ceph_jctx *cx, const struct ceph_monmap *m)
{
    for (size_t i = 0; i < m->nmons; i++)
        for (size_t j = i + 1; j < m->nmons; j++)
            if (strcmp(m->mons[i].name, m->mons[j].name) == 0)
                return ceph_json_fail(cx, "mons", "duplicate mon name '%.64s'",
                                      m->mons[i].name);
    return 0;
}

static int member_list(struct ceph_jctx *cx, json_object *root,
                       const char *key, size_t max, size_t size,
                       json_object **arr, void **items, size_t *n)
{
    if (ceph_json_get(cx, root, "", key, json_type_array, 1, arr) < 0)
        return -1;
    *n = json_object_array_length(*arr);
    if (*n > max)
        return ceph_json_fail(cx, key, "%zu entries exceed the limit of %zu",
                              *n, max);
    *items = NULL;
    if (*n == 0)
        return 0;
    *items = calloc(*n, size);
    if (!*items)
        return ceph_json_fail(cx, key, "out of memory");
    return 0;
}

static int entry_object(struct ceph_jctx *cx, json_object *arr, size_t i,
                        const char *key, char *where, size_t wlen,
                        json_object **e)
{
    *e = json_object_array_get_idx(arr, i);
    snprintf(where, wlen, "%s[%zu]", key, i);
    if (!json_object_is_type(*e, json_type_object))
        return ceph_json_fail(cx, where, "expected object, got %s",
                              ceph_json_type_name(json_object_get_type(*e)));
    return 0;
}

int ceph_parse_monmap(const char *buf, size_t len, struct ceph_monmap *out,
                      char *err, size_t errlen)
{
    struct ceph_jctx cx = {"mon dump", err, errlen};
    json_object *root, *arr, *e;
    void *items;
    size_t n;
    char where[48];
    int rc = -1;

    memset(out, 0, sizeof *out);
    root = ceph_json_load(&cx, buf, len, CEPH_MAX_INPUT);
    if (!root)
        return -1;
    if (ceph_json_int(&cx, root, "", "epoch", 0, MAX_EPOCH, 0, &out->epoch) < 0 ||
        member_list(&cx, root, "mons", CEPH_MAX_MONS, sizeof *out->mons, &arr,
                    &items, &n) < 0)
        goto out;
    out->mons = items;
    for (size_t i = 0; i < n; i++) {
        struct ceph_mon *m = &out->mons[i];
        if (entry_object(&cx, arr, i, "mons", where, sizeof where, &e) < 0)
            goto out;
        out->nmons++;
        if (ceph_json_str(&cx, e, where, "name", CEPH_MAX_TEXT, 1, &m->name) < 0 ||
            ceph_json_int(&cx, e, where, "rank", -1, MAX_ID, 1, &m->rank) < 0 ||
            ceph_json_str(&cx, e, where, "public_addr", CEPH_MAX_TEXT, 0,
                          &m->addr) < 0)
            goto out;
    }
    if (unique_mon_names(&cx, out) < 0)
        goto out;
    rc = 0;
out:
    json_object_put(root);
    if (rc < 0)
        ceph_monmap_free(out);
    return rc;
}

int ceph_parse_osdmap(const char *buf, size_t len, struct ceph_osdmap *out,
                      char *err, size_t errlen)
{
    struct ceph_jctx cx = {"osd dump", err, errlen};
    json_object *root, *arr, *e;
    void *items;
    size_t n;
    char where[48];
    int rc = -1;

    memset(out, 0, sizeof *out);
    root = ceph_json_load(&cx, buf, len, CEPH_MAX_INPUT);
    if (!root)
        return -1;
    if (ceph_json_int(&cx, root, "", "epoch", 0, MAX_EPOCH, 0, &out->epoch) < 0 ||
        member_list(&cx, root, "osds", CEPH_MAX_OSDS, sizeof *out->osds, &arr,
                    &items, &n) < 0)
        goto out;
    out->osds = items;
    for (size_t i = 0; i < n; i++) {
        struct ceph_osd *o = &out->osds[i];
        if (entry_object(&cx, arr, i, "osds", where, sizeof where, &e) < 0)
            goto out;
        out->nosds++;
        o->weight = 1.0;
        if (ceph_json_int(&cx, e, where, "osd", 0, MAX_ID, 1, &o->id) < 0 ||
            ceph_json_bool(&cx, e, where, "up", 1, &o->up) < 0 ||
            ceph_json_bool(&cx, e, where, "in", 1, &o->in) < 0 ||
            ceph_json_num(&cx, e, where, "weight", 0.0, 1.0, 0, &o->weight) < 0)
            goto out;
    }
    if (unique_osd_ids(&cx, out) < 0)
        goto out;
    rc = 0;
out:
    json_object_put(root);
    if (rc < 0)
        ceph_osdmap_free(out);
    return rc;
}
