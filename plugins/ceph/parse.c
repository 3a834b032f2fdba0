/*
 * plugins/ceph/parse.c — pure parsers of `health detail` and `status`
 * replies (see ceph.h). The maps (`mon dump`, `osd dump`) are in
 * parse_maps.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ceph.h"

#define BIG_COUNT 1000000000000LL /* no real cluster counts beyond this */

static const char *const health_names[] = {"HEALTH_OK", "HEALTH_WARN", "HEALTH_ERR"};

const char *ceph_health_name(ceph_health h)
{
    if ((unsigned)h < sizeof health_names / sizeof health_names[0])
        return health_names[h];
    return "HEALTH_UNKNOWN";
}

int ceph_health_from_name(const char *s, ceph_health *out)
{
    for (size_t i = 0; s && i < sizeof health_names / sizeof health_names[0]; i++) {
        if (strcmp(s, health_names[i]) == 0) {
            *out = (ceph_health)i;
            return 0;
        }
    }
    return -1;
}

/* Member `key` of obj (a string) as a ceph_health. */
static int get_health(struct ceph_jctx *cx, json_object *obj, const char *path, const char *key,
                      ceph_health *out)
{
    json_object *v;
    char where[160];

    if (ceph_json_get(cx, obj, path, key, json_type_string, 1, &v) < 0)
        return -1;
    if (ceph_health_from_name(json_object_get_string(v), out) == 0)
        return 0;
    snprintf(where, sizeof where, "%s%s%s", path ? path : "", path && *path ? "." : "", key);
    return ceph_json_fail(cx, where, "unknown health value '%.40s'", json_object_get_string(v));
}

static void check_free(struct ceph_check *c)
{
    free(c->code);
    free(c->summary);
    for (size_t i = 0; i < c->ndetail; i++)
        free(c->detail[i]);
    free(c->detail);
    memset(c, 0, sizeof *c);
}

void ceph_health_report_free(struct ceph_health_report *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->nchecks; i++)
        check_free(&h->checks[i]);
    free(h->checks);
    memset(h, 0, sizeof *h);
}

/* detail: [ {"message": "..."}, ... ] — keep the first few lines. */
static int parse_detail(struct ceph_jctx *cx, json_object *arr, const char *path,
                        struct ceph_check *c)
{
    size_t n = json_object_array_length(arr);
    size_t keep = n < CEPH_MAX_DETAIL_KEPT ? n : CEPH_MAX_DETAIL_KEPT;
    char where[200];
    json_object *line;

    if (n > CEPH_MAX_DETAIL)
        return ceph_json_fail(cx, path, "%zu detail lines exceed the limit of %d", n,
                              CEPH_MAX_DETAIL);
    c->ndetail_total = n;
    if (keep == 0)
        return 0;
    c->detail = calloc(keep, sizeof *c->detail);
    if (!c->detail)
        return ceph_json_fail(cx, path, "out of memory");
    for (size_t i = 0; i < keep; i++) {
        if (ceph_json_elem(cx, arr, i, json_type_object, path, where, sizeof where, &line) < 0 ||
            ceph_json_str(cx, line, where, "message", CEPH_MAX_TEXT, 1, &c->detail[i]) < 0)
            return -1;
        c->ndetail++;
    }
    return 0;
}

static int parse_check(struct ceph_jctx *cx, const char *code, json_object *v, struct ceph_check *c)
{
    char path[128], sub[160];
    json_object *summary, *detail;
    int r;

    snprintf(path, sizeof path, "checks.%.64s", code);
    c->count = -1;
    c->code = strndup(code, CEPH_MAX_TEXT);
    if (!c->code)
        return ceph_json_fail(cx, path, "out of memory");
    if (!json_object_is_type(v, json_type_object))
        return ceph_json_fail(cx, path, "expected object, got %s",
                              ceph_json_type_name(json_object_get_type(v)));
    if (get_health(cx, v, path, "severity", &c->severity) < 0)
        return -1;
    if (ceph_json_get(cx, v, path, "summary", json_type_object, 1, &summary) < 0)
        return -1;
    snprintf(sub, sizeof sub, "%s.summary", path);
    if (ceph_json_str(cx, summary, sub, "message", CEPH_MAX_TEXT, 1, &c->summary) < 0 ||
        ceph_json_int(cx, summary, sub, "count", 0, BIG_COUNT, 0, &c->count) < 0)
        return -1;
    r = ceph_json_get(cx, v, path, "detail", json_type_array, 0, &detail);
    if (r < 0)
        return -1;
    snprintf(sub, sizeof sub, "%s.detail", path);
    if (r == 1 && parse_detail(cx, detail, sub, c) < 0)
        return -1;
    return ceph_json_bool(cx, v, path, "muted", 0, &c->muted) < 0 ? -1 : 0;
}

int ceph_parse_health(const char *buf, size_t len, struct ceph_health_report *out, char *err,
                      size_t errlen)
{
    struct ceph_jctx cx = {"health", err, errlen};
    json_object *root, *checks;
    size_t n;
    int rc = -1;

    memset(out, 0, sizeof *out);
    root = ceph_json_load(&cx, buf, len, CEPH_MAX_INPUT);
    if (!root)
        return -1;
    if (get_health(&cx, root, "", "status", &out->status) < 0 ||
        ceph_json_get(&cx, root, "", "checks", json_type_object, 1, &checks) < 0)
        goto out;
    n = (size_t)json_object_object_length(checks);
    if (n > CEPH_MAX_CHECKS) {
        ceph_json_fail(&cx, "checks", "%zu checks exceed the limit of %d", n, CEPH_MAX_CHECKS);
        goto out;
    }
    if (n > 0) {
        out->checks = calloc(n, sizeof *out->checks);
        if (!out->checks) {
            ceph_json_fail(&cx, "checks", "out of memory");
            goto out;
        }
    }
    json_object_object_foreach(checks, code, val)
    {
        /* Count the check first so a half-filled one is freed too. */
        struct ceph_check *c = &out->checks[out->nchecks++];
        if (parse_check(&cx, code, val, c) < 0)
            goto out;
    }
    rc = 0;
out:
    json_object_put(root);
    if (rc < 0)
        ceph_health_report_free(out);
    return rc;
}

const struct ceph_check *ceph_health_find(const struct ceph_health_report *h, const char *code)
{
    for (size_t i = 0; h && code && i < h->nchecks; i++)
        if (h->checks[i].code && strcmp(h->checks[i].code, code) == 0)
            return &h->checks[i];
    return NULL;
}

/* ---- status ------------------------------------------------------------ */

void ceph_status_free(struct ceph_status *s)
{
    if (!s)
        return;
    free(s->fsid);
    for (size_t i = 0; i < s->nquorum; i++)
        free(s->quorum_names[i]);
    free(s->quorum_names);
    for (size_t i = 0; i < s->npg_states; i++)
        free(s->pg_states[i].name);
    free(s->pg_states);
    memset(s, 0, sizeof *s);
}

static int parse_quorum(struct ceph_jctx *cx, json_object *root, struct ceph_status *s)
{
    json_object *arr, *v;
    void *items;
    size_t n;
    char where[64];

    if (ceph_json_list(cx, root, "", "quorum_names", CEPH_MAX_MONS, sizeof *s->quorum_names, 1,
                       &arr, &items, &n) < 0)
        return -1;
    s->quorum_names = items;
    for (size_t i = 0; i < n; i++) {
        if (ceph_json_elem(cx, arr, i, json_type_string, "quorum_names", where, sizeof where, &v) <
            0)
            return -1;
        s->quorum_names[i] = ceph_json_strdup(v, CEPH_MAX_TEXT);
        if (!s->quorum_names[i])
            return ceph_json_fail(cx, where, "out of memory");
        s->nquorum++;
    }
    return 0;
}

static int parse_monmap_summary(struct ceph_jctx *cx, json_object *root, struct ceph_status *s)
{
    json_object *mm, *mons = NULL;
    int r;

    if (ceph_json_get(cx, root, "", "monmap", json_type_object, 1, &mm) < 0)
        return -1;
    r = ceph_json_int(cx, mm, "monmap", "num_mons", 0, CEPH_MAX_MONS, 0, &s->num_mons);
    if (r != 0)
        return r < 0 ? -1 : 0;
    /* Before Pacific `status` carried the whole monmap instead of a count. */
    if (ceph_json_get(cx, mm, "monmap", "mons", json_type_array, 0, &mons) < 0)
        return -1;
    if (!mons)
        return ceph_json_fail(cx, "monmap", "neither num_mons nor mons");
    s->num_mons = (long long)json_object_array_length(mons);
    if (s->num_mons > CEPH_MAX_MONS)
        return ceph_json_fail(cx, "monmap.mons", "%lld mons exceed the limit of %d", s->num_mons,
                              CEPH_MAX_MONS);
    return 0;
}

static int parse_osd_summary(struct ceph_jctx *cx, json_object *root, struct ceph_status *s)
{
    json_object *om, *inner = NULL;
    const char *path = "osdmap";

    if (ceph_json_get(cx, root, "", "osdmap", json_type_object, 1, &om) < 0)
        return -1;
    /* Up to Nautilus the counters sat one level deeper, in osdmap.osdmap. */
    if (ceph_json_get(cx, om, path, "osdmap", json_type_object, 0, &inner) == 1) {
        om = inner;
        path = "osdmap.osdmap";
    }
    if (ceph_json_int(cx, om, path, "num_osds", 0, BIG_COUNT, 1, &s->num_osds) < 0 ||
        ceph_json_int(cx, om, path, "num_up_osds", 0, BIG_COUNT, 1, &s->num_up_osds) < 0 ||
        ceph_json_int(cx, om, path, "num_in_osds", 0, BIG_COUNT, 1, &s->num_in_osds) < 0)
        return -1;
    return 0;
}

static int parse_pg_states(struct ceph_jctx *cx, json_object *pm, struct ceph_status *s)
{
    json_object *arr, *e;
    void *items;
    size_t n;
    char where[64];
    int r = ceph_json_list(cx, pm, "pgmap", "pgs_by_state", CEPH_MAX_PG_STATES,
                           sizeof *s->pg_states, 0, &arr, &items, &n);

    if (r <= 0)
        return r;
    s->pg_states = items;
    for (size_t i = 0; i < n; i++) {
        struct ceph_pg_state *st = &s->pg_states[i];
        if (ceph_json_elem(cx, arr, i, json_type_object, "pgmap.pgs_by_state", where, sizeof where,
                           &e) < 0)
            return -1;
        s->npg_states++;
        if (ceph_json_str(cx, e, where, "state_name", CEPH_MAX_TEXT, 1, &st->name) < 0 ||
            ceph_json_int(cx, e, where, "count", 0, BIG_COUNT, 1, &st->count) < 0)
            return -1;
    }
    return 0;
}

static int parse_mgr_summary(struct ceph_jctx *cx, json_object *root, struct ceph_status *s)
{
    json_object *mg;

    s->mgr_standbys = -1;
    if (ceph_json_get(cx, root, "", "mgrmap", json_type_object, 1, &mg) < 0 ||
        ceph_json_bool(cx, mg, "mgrmap", "available", 1, &s->mgr_available) < 0 ||
        ceph_json_int(cx, mg, "mgrmap", "num_standbys", 0, BIG_COUNT, 0, &s->mgr_standbys) < 0)
        return -1;
    return 0;
}

int ceph_parse_status(const char *buf, size_t len, struct ceph_status *out, char *err,
                      size_t errlen)
{
    struct ceph_jctx cx = {"status", err, errlen};
    json_object *root, *health, *pm;
    int rc = -1;

    memset(out, 0, sizeof *out);
    root = ceph_json_load(&cx, buf, len, CEPH_MAX_INPUT);
    if (!root)
        return -1;
    if (ceph_json_get(&cx, root, "", "health", json_type_object, 1, &health) < 0 ||
        get_health(&cx, health, "health", "status", &out->health) < 0 ||
        ceph_json_str(&cx, root, "", "fsid", 64, 0, &out->fsid) < 0 ||
        parse_quorum(&cx, root, out) < 0 || parse_monmap_summary(&cx, root, out) < 0 ||
        parse_osd_summary(&cx, root, out) < 0 ||
        ceph_json_get(&cx, root, "", "pgmap", json_type_object, 1, &pm) < 0 ||
        ceph_json_int(&cx, pm, "pgmap", "num_pgs", 0, BIG_COUNT, 1, &out->num_pgs) < 0 ||
        parse_pg_states(&cx, pm, out) < 0 || parse_mgr_summary(&cx, root, out) < 0)
        goto out;
    rc = 0;
out:
    json_object_put(root);
    if (rc < 0)
        ceph_status_free(out);
    return rc;
}

long long ceph_status_pgs_in(const struct ceph_status *s, const char *name)
{
    long long n = 0;

    for (size_t i = 0; s && name && i < s->npg_states; i++)
        if (s->pg_states[i].name && strcmp(s->pg_states[i].name, name) == 0)
            n += s->pg_states[i].count;
    return n;
}
