/*
 * plugins/ceph/parse_maps.c — pure parsers of `mon dump` and `osd dump`
 * replies (see ceph.h): the member lists the plugin turns into one
 * component per mon and per OSD.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ceph.h"

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
                return ceph_json_fail(cx, "mons", "duplicate mon name '%.64s'", m->mons[i].name);
    return 0;
}

/* Fills entry i of a map's member list from element e (at `where`). */
typedef int (*entry_fn)(struct ceph_jctx *cx, json_object *e, const char *where, void *items,
                        size_t i);

/* The frame both maps share: an object with an optional "epoch" and an
 * array `key` of objects, each handed to fill(). *n counts the entries
 * touched, so a half-filled one is freed with the rest by the caller. */
static int parse_map(struct ceph_jctx *cx, const char *buf, size_t len, const char *key, size_t max,
                     size_t size, long long *epoch, void **items, size_t *n, entry_fn fill)
{
    json_object *root, *arr, *e;
    size_t count;
    char where[48];
    int rc = -1;

    root = ceph_json_load(cx, buf, len, CEPH_MAX_INPUT);
    if (!root)
        return -1;
    if (ceph_json_int(cx, root, "", "epoch", 0, MAX_EPOCH, 0, epoch) < 0 ||
        ceph_json_list(cx, root, "", key, max, size, 1, &arr, items, &count) < 0)
        goto out;
    for (size_t i = 0; i < count; i++) {
        if (ceph_json_elem(cx, arr, i, json_type_object, key, where, sizeof where, &e) < 0)
            goto out;
        (*n)++;
        if (fill(cx, e, where, *items, i) < 0)
            goto out;
    }
    rc = 0;
out:
    json_object_put(root);
    return rc;
}

static int fill_mon(struct ceph_jctx *cx, json_object *e, const char *where, void *items, size_t i)
{
    struct ceph_mon *m = &((struct ceph_mon *)items)[i];

    if (ceph_json_str(cx, e, where, "name", CEPH_MAX_TEXT, 1, &m->name) < 0 ||
        ceph_json_int(cx, e, where, "rank", -1, MAX_ID, 1, &m->rank) < 0 ||
        ceph_json_str(cx, e, where, "public_addr", CEPH_MAX_TEXT, 0, &m->addr) < 0)
        return -1;
    return 0;
}

static int fill_osd(struct ceph_jctx *cx, json_object *e, const char *where, void *items, size_t i)
{
    struct ceph_osd *o = &((struct ceph_osd *)items)[i];

    o->weight = 1.0;
    if (ceph_json_int(cx, e, where, "osd", 0, MAX_ID, 1, &o->id) < 0 ||
        ceph_json_bool(cx, e, where, "up", 1, &o->up) < 0 ||
        ceph_json_bool(cx, e, where, "in", 1, &o->in) < 0 ||
        ceph_json_num(cx, e, where, "weight", 0.0, 1.0, 0, &o->weight) < 0)
        return -1;
    return 0;
}

int ceph_parse_monmap(const char *buf, size_t len, struct ceph_monmap *out, char *err,
                      size_t errlen)
{
    struct ceph_jctx cx = {"mon dump", err, errlen};
    void *items = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    rc = parse_map(&cx, buf, len, "mons", CEPH_MAX_MONS, sizeof *out->mons, &out->epoch, &items,
                   &out->nmons, fill_mon);
    out->mons = items;
    if (rc == 0)
        rc = unique_mon_names(&cx, out);
    if (rc < 0)
        ceph_monmap_free(out);
    return rc;
}

int ceph_parse_osdmap(const char *buf, size_t len, struct ceph_osdmap *out, char *err,
                      size_t errlen)
{
    struct ceph_jctx cx = {"osd dump", err, errlen};
    void *items = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    rc = parse_map(&cx, buf, len, "osds", CEPH_MAX_OSDS, sizeof *out->osds, &out->epoch, &items,
                   &out->nosds, fill_osd);
    out->osds = items;
    if (rc == 0)
        rc = unique_osd_ids(&cx, out);
    if (rc < 0)
        ceph_osdmap_free(out);
    return rc;
}
