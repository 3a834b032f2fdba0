/*
 * core/model/model.h — the availability model: basic events (components),
 * gates (failure logic) and top events (services), shared by every reader
 * (Open-PSA MEF XML, hascout's libconfig format) and every analysis (BDD,
 * cut sets, importance, Monte Carlo).
 *
 * Life of a model:
 *   hs_model_new() → one or more hs_model_load_*() calls (files may reference
 *   each other's events, in any order) → hs_model_finish() (resolves names,
 *   rejects undefined names, cycles, ambiguous top events) → analyses, which
 *   only read the model → hs_model_free().
 *
 * Nodes are addressed by index into m->nodes; basic events also have a dense
 * "event index" (m->events[e] is the node, node->event is e) that every
 * probability vector (double q[n_events]) is indexed by.
 *
 * All strings inside the model are owned by the model.
 */
#ifndef HS_MODEL_MODEL_H
#define HS_MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>

/* Errors: the core's one error type, hs_error (core/util/error.h), filled by
 * hs_error_fail() with the place in the model file. */
#include "model/uncert.h"
#include "util/error.h"

typedef enum {
    HS_NODE_UNDEF = 0, /* referenced, not (yet) defined */
    HS_NODE_EVENT,     /* basic event / component */
    HS_NODE_HOUSE,     /* house event: a constant true/false */
    HS_NODE_GATE
} hs_node_kind;

typedef enum {
    HS_OP_AND,
    HS_OP_OR,
    HS_OP_ATLEAST,
    HS_OP_NOT,
    HS_OP_XOR,
    HS_OP_NAND,
    HS_OP_NOR,
    HS_OP_NULL,
    HS_OP_IFF,
    HS_OP_IMPLY,
    HS_OP_CARD,
    HS_OP_TRUE,
    HS_OP_FALSE
} hs_gate_op;

const char *hs_gate_op_name(hs_gate_op op);

typedef struct hs_model_node {
    char *name; /* anonymous (nested formula) gates: "parent/n" */
    hs_node_kind kind;
    hs_node_kind ref_kind; /* kind a typed reference demanded, UNDEF if none */
    const char *file;      /* interned in the model; place of the definition */
    int line;
    const char *ref_file; /* first reference (for "undefined" errors) */
    int ref_line;
    int tree; /* MEF fault tree index, -1 elsewhere */
    bool anonymous;
    bool referenced; /* some gate uses this node as an input */
    /* basic events */
    int event;        /* dense event index, -1 for other kinds */
    char *technology; /* own format only, may be NULL */
    char *description;
    double q;          /* unavailability; NaN when the input gave none */
    double lambda, mu; /* per hour; 0 when unknown (not repairable) */
    /* Uncertainty (HS_DIST_NONE when the input gave none): of the MTTF and
     * MTTR in hours (own format; an MEF deviate of a failure rate is an
     * inverse distribution of the MTTF), or of q itself (an MEF deviate as
     * the event's expression). EXP_T > 0: q = 1 − exp(−t/MTTF) (MEF
     * exponential), else q = MTTR / (MTTF + MTTR). See hs_model_event_q. */
    hs_dist u_mttf, u_mttr, u_q;
    double exp_t;
    /* house events */
    bool value;
    /* gates */
    hs_gate_op op;
    int k, kmax; /* atleast: k; cardinality: k..kmax */
    int *in;
    int n_in, cap_in;
} hs_model_node;

typedef struct hs_model_top {
    char *name; /* service name (own format) or top gate name */
    int node;
    double importance; /* own format; 1.0 when not given */
    double target;     /* availability target; NaN when not given */
    char *description;
    const char *file;
    int line;
} hs_model_top;

typedef struct hs_model_tree {
    char *name;
    const char *file;
    int line;
} hs_model_tree;

typedef struct hs_model {
    hs_model_node *nodes;
    int n_nodes, cap_nodes;
    int *events; /* valid after hs_model_finish */
    int n_events;
    hs_model_top *tops; /* valid after hs_model_finish */
    int n_tops, cap_tops;
    hs_model_tree *trees;
    int n_trees, cap_trees;
    char **files;
    int n_files, cap_files;
    double mission_time; /* hours, for MEF exponential/GLM (default 8760) */
    bool finished;
    /* name → node index, open addressing; private to model.c */
    int *hash;
    int hash_cap;
    /* (gate, input) pairs of the wide gates, open addressing, 0 = empty:
     * finds a repeated input without scanning; private to model.c */
    unsigned long long *pairs;
    int pairs_cap, n_pairs;
} hs_model;

/* A new empty model; NULL when out of memory. Caller owns it (hs_model_free). */
hs_model *hs_model_new(void);
void hs_model_free(hs_model *m);

/* Interns a file name; the returned pointer lives as long as the model.
 * NULL only when out of memory. */
const char *hs_model_intern_file(hs_model *m, const char *file);

/* Node index of NAME (gate, event or house event), -1 if none. */
int hs_model_find(const hs_model *m, const char *name);
/* Index into m->tops of the top event/service NAME, -1 if none. */
int hs_model_find_top(const hs_model *m, const char *name);

/* --- builder, used by the readers (and by code building models itself) ---
 * Each returns a node index (>= 0) or -1 with err filled in. */

/* Reference to NAME from file:line. kind is the kind the reference demands
 * (HS_NODE_UNDEF for an untyped <event>); a clash with an earlier demand or
 * definition is an error. */
int hs_model_ref(hs_model *m, const char *name, hs_node_kind kind, const char *file, int line,
                 hs_error *err);
/* Defines NAME as KIND; a second definition of the same name is an error
 * naming both places. */
int hs_model_define(hs_model *m, const char *name, hs_node_kind kind, const char *file, int line,
                    hs_error *err);
/* A gate with no name of its own (a nested formula inside PARENT). */
int hs_model_define_anonymous(hs_model *m, int parent, const char *file, int line, hs_error *err);
/* Appends INPUT to GATE's inputs; a repeated input is an error. */
int hs_model_add_input(hs_model *m, int gate, int input, const char *file, int line, hs_error *err);
/* Declares a top event/service NAME rooted at NODE. Duplicate names are an
 * error. Returns the top index. */
int hs_model_add_top(hs_model *m, const char *name, int node, const char *file, int line,
                     hs_error *err);
/* Starts an MEF fault tree; returns its index. */
int hs_model_add_tree(hs_model *m, const char *name, const char *file, int line, hs_error *err);
/* strdup into the model's ownership; NULL on out of memory. */
char *hs_model_strdup(const char *s);

/* Validates the whole model and computes event indices and top events:
 * undefined names, wrong arity, cycles, fault trees with two top events.
 * When no top events were declared (MEF, or own format without services)
 * every gate no other gate uses becomes a top event. 0 or -1 + err. */
int hs_model_finish(hs_model *m, hs_error *err);

/* Fills q[n_events] with each event's unavailability from the model.
 * An event without one is an error naming it (analyses that need
 * probabilities call this). */
int hs_model_default_q(const hs_model *m, double *q, hs_error *err);

/* Event N's unavailability with its uncertain inputs at probabilities
 * UQ, UF, UR (each in (0, 1); an input N has no distribution for keeps its
 * point value, so 0.5 is not the point value of a gamma or an inverse
 * distribution). Pure, thread-safe. */
double hs_model_event_q(const hs_model_node *n, double uq, double uf, double ur);
/* True when event N has an uncertain input. */
bool hs_model_event_uncertain(const hs_model_node *n);

/* True when the node's steady-state rates are known (λ > 0 and μ > 0). */
bool hs_model_repairable(const hs_model_node *n);

/* --- readers (pure: bytes in, model out; no I/O) --- */

/* Open-PSA MEF XML in BUF (LEN bytes), named FILE in messages. Several
 * documents may be loaded into one model. Unsupported constructs (CCF
 * groups, parameters, components, other expressions) are refused by name. */
int hs_model_load_mef(hs_model *m, const char *buf, size_t len, const char *file, hs_error *err);

/* hascout's libconfig format: TEXT is a whole config file holding a
 * `model = { ... }` group (other top-level settings are ignored). FILE is
 * where TEXT came from: an `@include "x"` in it is read from FILE's
 * directory (see hs_model_cfg_include_dir). */
int hs_model_load_config_text(hs_model *m, const char *text, const char *file, hs_error *err);

/* For a libconfig config_t (passed as void *) about to read the text of
 * FILE: make relative `@include` paths resolve against FILE's directory, as
 * the main config does, not against the process's cwd (where a planted
 * file of the same name would be read silently). libconfig 1.5 applies the
 * directory to every include, nested ones too, and to absolute paths, so
 * @include paths are relative to the top file's directory. FILE NULL or a
 * label ("<config>"): no directory is known and nothing changes. Returns 0,
 * -1 when out of memory. */
int hs_model_cfg_include_dir(void *cfg, const char *file);

/* The same from an already parsed `model` group (a libconfig
 * config_setting_t *, passed as void * so this header does not need
 * <libconfig.h>). Places come from libconfig's source file/line. */
int hs_model_load_config_setting(hs_model *m, const void *model_group, hs_error *err);

/* Convenience with I/O: reads every path (MEF when it starts with '<',
 * libconfig otherwise), loads and finishes. *out is caller-owned. */
int hs_model_load_files(hs_model **out, char *const *paths, int n_paths, hs_error *err);

/* Gates reachable from the top events, every gate after all of its inputs:
 * *post (n entries) is caller-owned. *uses (caller-owned, m->n_nodes
 * entries) counts for each gate how many reachable gates use it plus one per
 * top event rooted at it, so a builder can release a gate's result after its
 * last use. */
int hs_model_postorder(const hs_model *m, int **post, int *n, int **uses, hs_error *err);

/* qsort comparator for ints (nodes, literals), ascending. */
int hs_cmp_int(const void *a, const void *b);

#endif
