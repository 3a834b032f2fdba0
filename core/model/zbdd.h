/*
 * core/model/zbdd.h — a small zero-suppressed BDD package for families of
 * sets (cut sets). Each hs_zbdd is an independent manager: no global state.
 * Node 0 is the empty family, node 1 the family {∅}. Variables are small
 * integers; a smaller variable sits higher in the diagram.
 */
#ifndef HS_MODEL_ZBDD_H
#define HS_MODEL_ZBDD_H

#include <stdint.h>

#include "util/hash.h"

/* One entry of the lossy cache of the set operations below. */
typedef struct hs_zbdd_op {
    int32_t op, f, g, r;
} hs_zbdd_op;

typedef struct hs_zbdd {
    int32_t *var, *lo, *hi; /* hi: sets containing var; lo: sets without */
    int32_t n, cap;
    int32_t *table; /* unique table (open addressing) */
    int64_t tmask;
    int64_t *cache_key; /* lossy operation cache */
    int32_t *cache_val;
    int64_t cmask;
    hs_zbdd_op *ops; /* lossy cache of union/product/minimal */
    int64_t omask;
    int32_t terminal_var; /* variable recorded for nodes 0 and 1 */
    long limit;           /* node limit; 0 = none */
    int oom;              /* set once an allocation failed */
} hs_zbdd;

/* 0 or -1 (out of memory). terminal_var must exceed every variable used. */
int hs_zbdd_init(hs_zbdd *z, int32_t terminal_var, long limit);
void hs_zbdd_free(hs_zbdd *z);

/* The node (v, lo, hi), reduced (hi == 0 → lo). -1 when out of memory or
 * past the node limit (z->oom set). */
int32_t hs_zbdd_node(hs_zbdd *z, int32_t v, int32_t lo, int32_t hi);

/* Sets of F that contain no set of G (F "without" supersets of G). */
int32_t hs_zbdd_without(hs_zbdd *z, int32_t f, int32_t g);

/* The operations below take and give node indices; -1 in (an earlier
 * failure) gives -1 out, and -1 means out of memory or past the limit. */

/* F ∪ G. */
int32_t hs_zbdd_union(hs_zbdd *z, int32_t f, int32_t g);
/* The minimal sets of F ∪ G, for F and G each minimal (no set contains
 * another): what an OR gate's cut sets are made of its inputs'. */
int32_t hs_zbdd_min_union(hs_zbdd *z, int32_t f, int32_t g);
/* { a ∪ b : a ∈ F, b ∈ G, |a ∪ b| <= K }: an AND gate's cut sets with an
 * order limit applied while they are built, so that sets beyond it cost
 * nothing. Not minimised (see hs_zbdd_minimal). K >= 0. */
int32_t hs_zbdd_product(hs_zbdd *z, int32_t f, int32_t g, int k);
/* The sets of F that contain no other set of F. */
int32_t hs_zbdd_minimal(hs_zbdd *z, int32_t f);

/* The probability that every event of at least one set of F has failed,
 * events independent, variable v failed with probability qv[v]: exact,
 * not a sum over the sets. For a family of cut sets it is a lower bound
 * of the top event's probability, and equal to it when F holds all of
 * them. Works through unions of F's sub-families, which add nodes to Z;
 * NaN when they run out of memory or past the node limit (or F < 0). */
double hs_zbdd_union_prob(hs_zbdd *z, int32_t f, const double *qv);

#endif
