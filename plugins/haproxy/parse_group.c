/*
 * plugins/haproxy/parse_group.c — group and count the rows of a stats table
 * (contract in haproxy.h).
 */
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "haproxy.h"

void hap_view_free(struct hap_view *v)
{
    size_t i;

    for (i = 0; i < v->nbackends; i++)
        free(v->backends[i].servers);
    free(v->backends);
    free(v->frontends);
    memset(v, 0, sizeof *v);
}

enum hap_use hap_server_use(const struct hap_row *r, int maint_is_down)
{
    switch (r->status) {
    case HAP_ST_UP:
    case HAP_ST_NOCHECK: return HAP_USE_UP;
    case HAP_ST_DOWN: return HAP_USE_DOWN;
    /* NOLB is how an application asks to be drained (http-check
     * disable-on-404, agent): deliberate, like DRAIN and MAINT. */
    case HAP_ST_MAINT:
    case HAP_ST_DRAIN:
    case HAP_ST_NOLB: return maint_is_down ? HAP_USE_DOWN : HAP_USE_ADMIN;
    default: return HAP_USE_UNKNOWN;
    }
}

int hap_filter_name(const struct hap_filter *f, const char *name)
{
    size_t i;
    int in = f->ninclude == 0;

    for (i = 0; !in && i < f->ninclude; i++)
        in = fnmatch(f->include[i], name, 0) == 0;
    for (i = 0; in && i < f->nexclude; i++)
        in = fnmatch(f->exclude[i], name, 0) != 0;
    return in;
}

static int keeps(const struct hap_filter *f, enum hap_type t)
{
    return f->types == 0 || (f->types & (1u << t)) != 0;
}

static struct hap_backend *backend_for(struct hap_view *v, const char *name, char *err,
                                       size_t errlen)
{
    size_t i;

    /* Rows of one proxy are contiguous in HAProxy's output, so the last
     * backend is nearly always the one. */
    for (i = v->nbackends; i-- > 0;)
        if (strcmp(v->backends[i].name, name) == 0)
            return &v->backends[i];
    if (v->nbackends == v->cap) {
        size_t ncap = v->cap ? v->cap * 2 : 8;
        struct hap_backend *nb = realloc(v->backends, ncap * sizeof *nb);

        if (!nb) {
            snprintf(err, errlen, "out of memory grouping backend %s", name);
            return NULL;
        }
        v->backends = nb;
        v->cap = ncap;
    }
    memset(&v->backends[v->nbackends], 0, sizeof v->backends[0]);
    v->backends[v->nbackends].name = name;
    return &v->backends[v->nbackends++];
}

static int add_server(struct hap_backend *b, const struct hap_row *r, int maint_is_down, char *err,
                      size_t errlen)
{
    struct hap_server *s;

    if (b->nservers == b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 4;
        struct hap_server *ns = realloc(b->servers, ncap * sizeof *ns);

        if (!ns) {
            snprintf(err, errlen, "out of memory adding server %s/%s", r->pxname, r->svname);
            return -1;
        }
        b->servers = ns;
        b->cap = ncap;
    }
    s = &b->servers[b->nservers++];
    s->row = r;
    s->use = hap_server_use(r, maint_is_down);
    s->backup = r->bck > 0;
    s->weight = isfinite(r->uweight) ? r->uweight : isfinite(r->weight) ? r->weight : 1;
    if (s->weight < 0)
        s->weight = 0;
    return 0;
}

static int add_frontend(struct hap_view *v, const struct hap_row *r, char *err, size_t errlen)
{
    if (v->nfrontends == v->fcap) {
        size_t ncap = v->fcap ? v->fcap * 2 : 8;
        const struct hap_row **nf = realloc(v->frontends, ncap * sizeof *nf);

        if (!nf) {
            snprintf(err, errlen, "out of memory adding frontend %s", r->pxname);
            return -1;
        }
        v->frontends = nf;
        v->fcap = ncap;
    }
    v->frontends[v->nfrontends++] = r;
    return 0;
}

/* Backup servers only carry traffic when no active one can, so capacity is
 * the active servers' unless the backend has none. */
static void count(struct hap_backend *b)
{
    double aw_up = 0, aw_total = 0, bw_up = 0, bw_total = 0;
    size_t i;

    for (i = 0; i < b->nservers; i++) {
        const struct hap_server *s = &b->servers[i];
        int up = s->use == HAP_USE_UP;

        if (s->use == HAP_USE_ADMIN) {
            b->admin++;
            continue;
        }
        b->unknown += s->use == HAP_USE_UNKNOWN;
        if (s->backup) {
            b->bck_total++;
            b->bck_up += up;
            bw_total += s->weight;
            bw_up += up ? s->weight : 0;
        } else {
            b->act_total++;
            b->act_up += up;
            aw_total += s->weight;
            aw_up += up ? s->weight : 0;
        }
    }
    b->weight_up = b->act_total ? aw_up : bw_up;
    b->weight_total = b->act_total ? aw_total : bw_total;
}

int hap_view_build(const struct hap_stats *s, const struct hap_filter *f, struct hap_view *v,
                   char *err, size_t errlen)
{
    size_t i, j;

    memset(v, 0, sizeof *v);
    for (i = 0; i < s->nrows; i++) {
        const struct hap_row *r = &s->rows[i];
        struct hap_backend *b;

        if (!hap_filter_name(f, r->pxname))
            continue;
        if (r->type == HAP_TYPE_FRONTEND) {
            if (keeps(f, HAP_TYPE_FRONTEND) && add_frontend(v, r, err, errlen) < 0)
                return -1;
            continue;
        }
        if (r->type == HAP_TYPE_LISTENER || !keeps(f, HAP_TYPE_BACKEND))
            continue;
        b = backend_for(v, r->pxname, err, errlen);
        if (!b)
            return -1;
        if (r->type == HAP_TYPE_BACKEND)
            b->row = r;
        else if (add_server(b, r, f->maint_is_down, err, errlen) < 0)
            return -1;
    }
    for (i = 0; i < v->nbackends; i++) {
        count(&v->backends[i]);
        for (j = 0; j < v->nfrontends; j++)
            if (strcmp(v->frontends[j]->pxname, v->backends[i].name) == 0)
                v->backends[i].listen = 1;
    }
    return 0;
}
