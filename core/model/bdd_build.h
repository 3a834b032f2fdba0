/*
 * core/model/bdd_build.h — the internals of hs_bdd_build() shared by
 * bdd.c (what to build: modules, tops), buddy.c (one BuDDy session building
 * one sub-circuit) and race.c (which variable order: the race).
 */
#ifndef HS_MODEL_BDD_BUILD_H
#define HS_MODEL_BDD_BUILD_H

#include "model/bdd_priv.h"
#include "model/circuit.h"
#include "model/order.h"
#include "model/progress.h"

/* One build: a sub-circuit (a module, or the whole circuit for a flat
 * diagram). The order's fields are filled per attempt. */
typedef struct hs_job {
    const int *roots;     /* circuit nodes */
    const int *root_lits; /* the literals wanted of them */
    int n_roots;
    const char *stop;      /* modules built separately (leaves here), or NULL */
    int *leaves, n_leaves; /* leaf i is BuDDy variable i */
    int *gates, n_gates;   /* ascending: inputs first */
    int *var_name;         /* per BuDDy variable: what b->var stores (a slot,
                             or a level for flat builds) */
    int *out;              /* per root: index of its diagram in b's arrays */
} hs_job;

/* Build-wide state, owned by hs_bdd_build(); every array is indexed by
 * circuit node unless said otherwise. */
typedef struct hs_build {
    hs_bdd *b;
    const hs_circuit *c;
    bool flat;
    int only;     /* hs_bdd_opts.only_order */
    bool race;    /* hs_bdd_opts.race */
    int hard;     /* node limit: the caller's max_nodes, or HS_BDD_HARD */
    bool capped;  /* no max_nodes given: each job stops at job_cap() */
    int *var_of;  /* leaf → BuDDy variable during an attempt, or -1 */
    int *slot_of; /* event or module → slot, or -1 */
    int *uses;    /* gate → uses left in the current attempt */
    int *f;       /* gate → BuDDy BDD during an attempt */
    int *buf;     /* 4 * fan BDDs */
    int fan;      /* max fan-in + 2 */
    int *grp;     /* gate → the input its parent factors it on
                           (buddy.c), or -1; per attempt */
    int *idx;     /* BuDDy node → copied index, -1 when not copied */
    int idx_cap;
    int *touched, *stack;
    int cap;      /* capacity of b->var/lo/hi */
    int last_win; /* strategy that finished the previous build */
    int done;     /* gates the last attempt built before it ended */
    int tried;    /* the budget of the last round that failed */
    hs_progress pr;
    int step, n_steps; /* builds done / to do, for the progress line */
} hs_build;

/* BuDDy's own limit when the caller gives none: 64 Mi nodes, about 9 GB
 * with its caches. */
#define HS_BDD_HARD (64 << 20)

/* Without a caller's max_nodes, a job's rounds stop at HS_JOB_CAP_MIN
 * nodes, or HS_JOB_CAP_PER per leaf and gate of a larger job. Every tree
 * of the Aralia set that has an exact diagram finishes within 4 Mi
 * (das9701 is the largest: 2.8 M nodes kept, built under 4 Mi live), and
 * one that does not (nus9601) used to go on to 64 Mi in three
 * strategies: minutes and 2.7 GB before its bound and estimate. */
#define HS_JOB_CAP_MIN (4 << 20)
#define HS_JOB_CAP_PER 64

/* A way to order the variables of a build (race.c lists them). */
typedef struct hs_strategy {
    const char *name; /* as --var-order takes it */
    hs_order order;
    bool sift;   /* one BuDDy sifting pass once the table has filled */
    bool factor; /* products built factored and fused (buddy.c) */
} hs_strategy;

/* One BuDDy session building job J under its current leaf order (leaves,
 * gates and var_name filled) the way S says: 0 built (roots copied into b's
 * arrays, their indices in j->out), 1 more than LIMIT live nodes were
 * needed, -1 error. Sifting builds give flat jobs levels in var_name. */
int hs_buddy_attempt(hs_build *w, hs_job *j, int limit, const hs_strategy *s, hs_error *err);

/* Appends a node to b's arrays (its children must be there): its index, or
 * -1 + err (out of memory). */
int hs_build_append(hs_build *w, int var, int lo, int hi, hs_error *err);
/* Makes room for NEED nodes in b's arrays: 0 or -1 (out of memory). */
int hs_build_grow(hs_build *w, int need);

/* Builds job J, racing the strategies (race.c): 0 with j->out, the order's
 * leaves and var_name filled, or -1 + err ("node limit reached" when none
 * finished within w->hard nodes). */
int hs_race_build(hs_build *w, hs_job *j, hs_error *err);

/* Builds job J without BuDDy when it is one AND, OR or at-least gate over
 * distinct leaves (direct.c): 0 built (j->out, leaves, gates and var_name
 * filled as by an attempt), 1 not such a job, -1 + err. */
int hs_direct_build(hs_build *w, hs_job *j, hs_error *err);

/* Fills j->leaves/gates for ORDER and j->var_name from them: 0 or -1. */
int hs_job_order(hs_build *w, hs_job *j, hs_order order, hs_error *err);

/* "BDD construction failed: node limit reached ..." into err;
 * HS_BDD_TOO_HARD. */
int hs_buddy_fail_limit(hs_error *err);
/* The same when the default rounds gave up at budget TRIED (race.c:
 * job_cap() reached, or too little of the job built), saying how to go
 * further; HS_BDD_TOO_HARD. */
int hs_buddy_fail_cap(int tried, hs_error *err);

#endif
