/*
 * plugins/ceph/parse_maps.c — pure parsers of `mon dump`, `osd dump`,
 * `osd crush rule dump` and `osd tree` replies (see ceph.h): the member
 * lists the plugin turns into one component per mon and per OSD, and the
 * pools, rules and tree its redundancy rules come from.
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

static void free_pools(struct ceph_osdmap *m)
{
    for (size_t i = 0; i < m->npools; i++)
        free(m->pools[i].name);
    free(m->pools);
    m->pools = NULL;
    m->npools = 0;
}

void ceph_osdmap_free(struct ceph_osdmap *m)
{
    if (!m)
        return;
    free(m->osds);
    free_pools(m);
    free(m->pools_err);
    memset(m, 0, sizeof *m);
}

void ceph_crush_rules_free(struct ceph_crush_rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nrules; i++) {
        free(r->rules[i].name);
        free(r->rules[i].domain);
    }
    free(r->rules);
    memset(r, 0, sizeof *r);
}

void ceph_osd_tree_free(struct ceph_osd_tree *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nnodes; i++) {
        free(t->nodes[i].name);
        free(t->nodes[i].type);
        free(t->nodes[i].children);
    }
    free(t->nodes);
    memset(t, 0, sizeof *t);
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

/* Reads more of a map's root once its members are in (may be NULL). */
typedef int (*root_fn)(json_object *root, void *ctx);

/* Walk array `arr` (at `path`) of `count` objects into items, counting in
 * *n the entries touched (a half-filled one is freed with the rest). */
static int fill_all(struct ceph_jctx *cx, json_object *arr, const char *path, size_t count,
                    void *items, size_t *n, entry_fn fill)
{
    char where[64];
    json_object *e;

    for (size_t i = 0; i < count; i++) {
        if (ceph_json_elem(cx, arr, i, json_type_object, path, where, sizeof where, &e) < 0)
            return -1;
        (*n)++;
        if (fill(cx, e, where, items, i) < 0)
            return -1;
    }
    return 0;
}

/* The frame both maps share: an object with an optional "epoch" and an
 * array `key` of objects, each handed to fill(). *n counts the entries
 * touched, so a half-filled one is freed with the rest by the caller. */
static int parse_map(struct ceph_jctx *cx, const char *buf, size_t len, const char *key, size_t max,
                     size_t size, long long *epoch, void **items, size_t *n, entry_fn fill,
                     root_fn more, void *ctx)
{
    json_object *root, *arr;
    size_t count;
    int rc = -1;

    root = ceph_json_load(cx, buf, len, CEPH_MAX_INPUT);
    if (!root)
        return -1;
    if (ceph_json_int(cx, root, "", "epoch", 0, MAX_EPOCH, 0, epoch) < 0 ||
        ceph_json_list(cx, root, "", key, max, size, 1, &arr, items, &count) < 0 ||
        fill_all(cx, arr, key, count, *items, n, fill) < 0)
        goto out;
    if (more && more(root, ctx) < 0)
        goto out;
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

static int fill_pool(struct ceph_jctx *cx, json_object *e, const char *where, void *items, size_t i)
{
    struct ceph_pool *p = &((struct ceph_pool *)items)[i];

    if (ceph_json_int(cx, e, where, "pool", 0, MAX_ID, 1, &p->id) < 0 ||
        ceph_json_str(cx, e, where, "pool_name", CEPH_MAX_TEXT, 1, &p->name) < 0 ||
        ceph_json_int(cx, e, where, "size", 1, 255, 1, &p->size) < 0 ||
        ceph_json_int(cx, e, where, "min_size", 1, 255, 1, &p->min_size) < 0 ||
        ceph_json_int(cx, e, where, "crush_rule", 0, MAX_ID, 1, &p->crush_rule) < 0)
        return -1;
    return 0;
}

/* The pools of `osd dump`, read softly (see struct ceph_osdmap): a bad
 * entry empties the list and leaves the reason in pools_err. Only out of
 * memory for that reason fails the parse. */
static int read_pools(json_object *root, void *ctx)
{
    struct ceph_osdmap *m = ctx;
    char err[256] = "";
    struct ceph_jctx cx = {"osd dump", err, sizeof err};
    json_object *arr;
    void *items = NULL;
    size_t count;
    int r;

    r = ceph_json_list(&cx, root, "", "pools", CEPH_MAX_POOLS, sizeof *m->pools, 0, &arr, &items,
                       &count);
    m->pools = items;
    if (r == 0)
        snprintf(err, sizeof err, "osd dump: no pools");
    else if (r > 0 && fill_all(&cx, arr, "pools", count, items, &m->npools, fill_pool) == 0)
        return 0;
    free_pools(m);
    m->pools_err = strdup(err);
    return m->pools_err ? 0 : -1;
}

int ceph_parse_monmap(const char *buf, size_t len, struct ceph_monmap *out, char *err,
                      size_t errlen)
{
    struct ceph_jctx cx = {"mon dump", err, errlen};
    void *items = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    rc = parse_map(&cx, buf, len, "mons", CEPH_MAX_MONS, sizeof *out->mons, &out->epoch, &items,
                   &out->nmons, fill_mon, NULL, NULL);
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
                   &out->nosds, fill_osd, read_pools, out);
    out->osds = items;
    if (rc == 0)
        rc = unique_osd_ids(&cx, out);
    if (rc < 0)
        ceph_osdmap_free(out);
    return rc;
}

/* The failure domain of a rule: the type of its first choose or chooseleaf
 * step (firstn for replicated pools, indep for erasure-coded ones). */
static int rule_domain(struct ceph_jctx *cx, json_object *steps, const char *where,
                       struct ceph_crush_rule *r)
{
    char path[128], at[160];
    json_object *e;
    char *op = NULL;
    size_t n = json_object_array_length(steps);
    int rc = 0;

    snprintf(path, sizeof path, "%s.steps", where);
    if (n > CEPH_MAX_STEPS)
        return ceph_json_fail(cx, path, "%zu entries exceed the limit of %d", n, CEPH_MAX_STEPS);
    for (size_t i = 0; i < n && rc == 0 && !r->domain; i++) {
        if (ceph_json_elem(cx, steps, i, json_type_object, path, at, sizeof at, &e) < 0 ||
            ceph_json_str(cx, e, at, "op", CEPH_MAX_NAME, 1, &op) < 0)
            return -1;
        if (!strcmp(op, "choose_firstn") || !strcmp(op, "chooseleaf_firstn") ||
            !strcmp(op, "choose_indep") || !strcmp(op, "chooseleaf_indep"))
            rc = ceph_json_str(cx, e, at, "type", CEPH_MAX_NAME, 1, &r->domain) < 0 ? -1 : 0;
        free(op);
        op = NULL;
    }
    return rc;
}

static int fill_rule(struct ceph_jctx *cx, json_object *e, const char *where, void *items, size_t i)
{
    struct ceph_crush_rule *r = &((struct ceph_crush_rule *)items)[i];
    json_object *steps;

    if (ceph_json_int(cx, e, where, "rule_id", 0, MAX_ID, 1, &r->id) < 0 ||
        ceph_json_str(cx, e, where, "rule_name", CEPH_MAX_TEXT, 0, &r->name) < 0 ||
        ceph_json_get(cx, e, where, "steps", json_type_array, 1, &steps) < 0)
        return -1;
    return rule_domain(cx, steps, where, r);
}

int ceph_parse_crush_rules(const char *buf, size_t len, struct ceph_crush_rules *out, char *err,
                           size_t errlen)
{
    struct ceph_jctx cx = {"osd crush rule dump", err, errlen};
    json_object *root;
    size_t count;
    int rc = -1;

    memset(out, 0, sizeof *out);
    root = ceph_json_load_array(&cx, buf, len, CEPH_MAX_INPUT);
    if (!root)
        return -1;
    count = json_object_array_length(root);
    if (count > CEPH_MAX_RULES) {
        ceph_json_fail(&cx, "", "%zu rules exceed the limit of %d", count, CEPH_MAX_RULES);
        goto out;
    }
    if (count) {
        out->rules = calloc(count, sizeof *out->rules);
        if (!out->rules) {
            ceph_json_fail(&cx, "", "out of memory");
            goto out;
        }
    }
    if (fill_all(&cx, root, "", count, out->rules, &out->nrules, fill_rule) < 0)
        goto out;
    for (size_t i = 0; i < out->nrules; i++)
        for (size_t j = i + 1; j < out->nrules; j++)
            if (out->rules[i].id == out->rules[j].id) {
                ceph_json_fail(&cx, "", "duplicate rule_id %lld", out->rules[i].id);
                goto out;
            }
    rc = 0;
out:
    json_object_put(root);
    if (rc < 0)
        ceph_crush_rules_free(out);
    return rc;
}

static int fill_node(struct ceph_jctx *cx, json_object *e, const char *where, void *items, size_t i)
{
    struct ceph_tree_node *t = &((struct ceph_tree_node *)items)[i];
    json_object *arr, *c;
    void *kids = NULL;
    char at[160];

    if (ceph_json_int(cx, e, where, "id", -MAX_ID, MAX_ID, 1, &t->id) < 0 ||
        ceph_json_str(cx, e, where, "name", CEPH_MAX_NAME, 1, &t->name) < 0 ||
        ceph_json_str(cx, e, where, "type", CEPH_MAX_NAME, 1, &t->type) < 0 ||
        ceph_json_list(cx, e, where, "children", CEPH_MAX_TREE_NODES, sizeof *t->children, 0, &arr,
                       &kids, &t->nchildren) < 0)
        return -1;
    t->children = kids;
    for (size_t j = 0; j < t->nchildren; j++) {
        char path[96];
        snprintf(path, sizeof path, "%s.children", where);
        if (ceph_json_elem(cx, arr, j, json_type_int, path, at, sizeof at, &c) < 0)
            return -1;
        t->children[j] = json_object_get_int64(c);
        if (t->children[j] < -MAX_ID || t->children[j] > MAX_ID)
            return ceph_json_fail(cx, at, "id %lld out of range", t->children[j]);
    }
    return 0;
}

static int cmp_node_id(const void *a, const void *b)
{
    long long x = ((const struct ceph_tree_node *)a)->id,
              y = ((const struct ceph_tree_node *)b)->id;
    return (x > y) - (x < y);
}

int ceph_parse_osd_tree(const char *buf, size_t len, struct ceph_osd_tree *out, char *err,
                        size_t errlen)
{
    struct ceph_jctx cx = {"osd tree", err, errlen};
    long long epoch = 0;
    void *items = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    rc = parse_map(&cx, buf, len, "nodes", CEPH_MAX_TREE_NODES, sizeof *out->nodes, &epoch, &items,
                   &out->nnodes, fill_node, NULL, NULL);
    out->nodes = items;
    /* Sorted by id, so placement.c can look nodes up by bisection; a
     * duplicate id would make that lookup ambiguous. */
    if (rc == 0 && out->nnodes > 1) {
        qsort(out->nodes, out->nnodes, sizeof *out->nodes, cmp_node_id);
        for (size_t i = 1; i < out->nnodes && rc == 0; i++)
            if (out->nodes[i].id == out->nodes[i - 1].id)
                rc = ceph_json_fail(&cx, "nodes", "duplicate id %lld", out->nodes[i].id);
    }
    if (rc < 0)
        ceph_osd_tree_free(out);
    return rc;
}
