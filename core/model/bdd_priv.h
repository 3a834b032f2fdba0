/*
 * core/model/bdd_priv.h — the compact BDD shared by bdd.c and mcs.c.
 * Node 0 is false, node 1 true; internal nodes follow in an order where every
 * node comes after both its children (so one forward loop evaluates bottom-up
 * and one backward loop top-down). var[i] is a variable; var_event[var]
 * is the "slot" it stands for.
 *
 * Slot e < n_events is basic event e, slot n_events + k is module k, an
 * independent gate replaced by one variable whose probability is that of
 * its own diagram, rooted at mod_root[k]. Every module root precedes every
 * node that uses its variable, so the same single forward (backward) loop
 * covers modules too. With modules every diagram has its own variable
 * order, so var is the slot itself (var_event is the identity); a flat
 * build (cut sets need one) has no modules and var is the level in its one
 * order, which the cut-set code relies on.
 */
#ifndef HS_MODEL_BDD_PRIV_H
#define HS_MODEL_BDD_PRIV_H

#include "model/bdd.h"

struct hs_bdd {
    const hs_model *m;
    int n_vars; /* slots: n_events + n_mods */
    int n_events;
    int n_mods;
    int *event_var; /* slot → variable */
    int *var_event; /* variable → slot */
    int *mod_root;  /* module k → node index of its diagram */
    int *mod_node;  /* module k → its circuit gate */
    int *var, *lo, *hi;
    int n_nodes;
    int *root;      /* per top */
    int *size;      /* per top */
    bool *coherent; /* per top */
};

#endif
