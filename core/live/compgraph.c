/* live/compgraph.c — a probe result's components as a graph (contract in
 * compgraph.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "live/compgraph.h"

static int cmp_id(const void *a, const void *b)
{
    return strcmp(((const struct hs_idref *)a)->id, ((const struct hs_idref *)b)->id);
}

/* Index of the component `id` of g, or SIZE_MAX. */
size_t hs_compgraph_find(const struct hs_compgraph *g, const char *id)
{
    struct hs_idref key = {id, 0}, *r;
    if (!id)
        return SIZE_MAX;
    r = bsearch(&key, g->byid, g->n, sizeof *g->byid, cmp_id);
    return r ? r->i : SIZE_MAX;
}

void hs_compgraph_free(struct hs_compgraph *g)
{
    free(g->byid);
    free(g->koff);
    free(g->kid);
    free(g->noff);
    free(g->need);
    free(g->used);
}

/* Children by parent, needs by name: counts, offsets, then the lists. A
 * needed id the probe did not report is an error. */
static int link_graph(struct hs_compgraph *g, const char *target, size_t *fill, hs_error *err)
{
    const hs_probe *p = g->p;

    for (size_t i = 0; i < g->n; i++) {
        size_t pi = hs_compgraph_find(g, p->comps[i]->parent);
        if (pi != SIZE_MAX)
            fill[pi]++;
        g->noff[i + 1] = g->noff[i] + p->comps[i]->needs.n;
    }
    for (size_t i = 0; i < g->n; i++) {
        g->koff[i + 1] = g->koff[i] + fill[i];
        fill[i] = g->koff[i];
    }
    g->kid = calloc(g->koff[g->n] + 1, sizeof *g->kid);
    g->need = calloc(g->noff[g->n] + 1, sizeof *g->need);
    if (!g->kid || !g->need)
        return hs_error_fail(err, NULL, 0, "out of memory");
    for (size_t i = 0; i < g->n; i++) {
        const struct hs_component *c = p->comps[i];
        size_t pi = hs_compgraph_find(g, c->parent);
        if (pi != SIZE_MAX) {
            g->kid[fill[pi]++] = i;
            g->used[i] = 1;
        }
        for (size_t k = 0; k < c->needs.n; k++) {
            size_t j = hs_compgraph_find(g, c->needs.v[k]);
            if (j == SIZE_MAX)
                return hs_error_fail(err, NULL, 0,
                                     "target '%s': component '%s' needs '%s', which its probe "
                                     "did not report",
                                     target, c->id, c->needs.v[k]);
            g->need[g->noff[i] + k] = j;
            g->used[j] = 1;
        }
    }
    return 0;
}

int hs_compgraph_build(struct hs_compgraph *g, const hs_probe *p, const char *target, hs_error *err)
{
    size_t *fill = NULL;
    int rc = -1;

    memset(g, 0, sizeof *g);
    g->p = p;
    g->n = p->ncomps;
    g->byid = calloc(g->n + 1, sizeof *g->byid);
    g->koff = calloc(g->n + 1, sizeof *g->koff);
    g->noff = calloc(g->n + 1, sizeof *g->noff);
    g->used = calloc(g->n + 1, 1);
    fill = calloc(g->n + 1, sizeof *fill);
    if (!g->byid || !g->koff || !g->noff || !g->used || !fill) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < g->n; i++)
        g->byid[i] = (struct hs_idref){p->comps[i]->id, i};
    qsort(g->byid, g->n, sizeof *g->byid, cmp_id);
    rc = link_graph(g, target, fill, err);
out:
    free(fill);
    return rc;
}

/* The e-th edge out of v (children first, then needs), or SIZE_MAX. */
static size_t edge(const struct hs_compgraph *g, size_t v, size_t e)
{
    size_t nk = g->koff[v + 1] - g->koff[v];
    if (e < nk)
        return g->kid[g->koff[v] + e];
    e -= nk;
    return e < g->noff[v + 1] - g->noff[v] ? g->need[g->noff[v] + e] : SIZE_MAX;
}

/* A cycle through children and needs would leave the gates undefined: find
 * one by an iterative depth-first walk (0 unseen, 1 on the path, 2 done). */
int hs_compgraph_check_cycles(const struct hs_compgraph *g, const char *target, hs_error *err)
{
    unsigned char *color = calloc(g->n + 1, 1);
    size_t *stack = calloc(g->n + 1, sizeof *stack), *next = calloc(g->n + 1, sizeof *next);
    int rc = -1;

    if (!color || !stack || !next) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    for (size_t s = 0; s < g->n; s++) {
        size_t top = 0;
        if (color[s])
            continue;
        stack[top++] = s;
        color[s] = 1;
        while (top > 0) {
            size_t v = stack[top - 1], w = edge(g, v, next[v]++);
            if (w == SIZE_MAX) {
                color[v] = 2;
                top--;
            } else if (color[w] == 1) {
                hs_error_fail(err, NULL, 0,
                              "target '%s': component '%s' needs itself, through its children "
                              "or needs (a cycle)",
                              target, g->p->comps[w]->id);
                goto out;
            } else if (color[w] == 0) {
                color[w] = 1;
                stack[top++] = w;
            }
        }
    }
    rc = 0;
out:
    free(color);
    free(stack);
    free(next);
    return rc;
}
