/*
 * core/model/bdd_priv.h — the compact BDD shared by bdd.c and mcs.c.
 * Node 0 is false, node 1 true; internal nodes follow in an order where every
 * node comes after both its children (so one forward loop evaluates bottom-up
 * and one backward loop top-down). var[i] is a BDD variable (= level; the
 * order never changes after the build).
 */
#ifndef HS_MODEL_BDD_PRIV_H
#define HS_MODEL_BDD_PRIV_H

#include "model/bdd.h"

struct hs_bdd {
    const hs_model *m;
    int n_vars;
    int *event_var; /* event index → variable */
    int *var_event; /* variable → event index */
    int *var, *lo, *hi;
    int n_nodes;
    int *root;      /* per top */
    int *size;      /* per top */
    bool *coherent; /* per top */
};

#endif
