/* live/compgraph.h — one target's probe components as a graph: lookup by
 * id, each component's children (by parent) and what it needs besides
 * (hs_component_needs), and whether it is a top (no parent, needed by
 * none). The model derivation (discover.c) and the drift check (drift.c)
 * read a probe result through it. */
#ifndef HS_LIVE_COMPGRAPH_H
#define HS_LIVE_COMPGRAPH_H
#include <stddef.h>

#include "abi/result.h"
#include "util/error.h"

struct hs_idref {
    const char *id;
    size_t i;
};

/* One target's components as a graph: the children of component i are
 * kid[koff[i] .. koff[i + 1]), what it needs besides need[noff[i] ..
 * noff[i + 1]). */
struct hs_compgraph {
    const hs_probe *p;
    size_t n;
    struct hs_idref *byid; /* sorted by id, for lookups */
    size_t *koff, *kid, *noff, *need;
    unsigned char *used; /* 1: has a parent or is needed: not a top */
};

/* Build *g over p's components (g caller-provided, freed with
 * hs_compgraph_free also after an error; p must outlive g). -1 with
 * "target 'T': component 'C' needs 'X', which its probe did not report" or
 * out of memory in err. */
int hs_compgraph_build(struct hs_compgraph *g, const hs_probe *p, const char *target,
                       hs_error *err);

/* -1 naming a component whose children and needs lead back to it. */
int hs_compgraph_check_cycles(const struct hs_compgraph *g, const char *target, hs_error *err);

/* Index of the component `id` (NULL: none), or SIZE_MAX. */
size_t hs_compgraph_find(const struct hs_compgraph *g, const char *id);

/* Number of children / needs of component i. */
#define HS_CG_NKIDS(g, i) ((g)->koff[(i) + 1] - (g)->koff[(i)])
#define HS_CG_NNEEDS(g, i) ((g)->noff[(i) + 1] - (g)->noff[(i)])

void hs_compgraph_free(struct hs_compgraph *g);

#endif
