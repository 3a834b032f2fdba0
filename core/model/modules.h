/*
 * core/model/modules.h — independent sub-trees (modules) of a finished
 * model, found with the linear-time visit-date algorithm of Dutuit and
 * Rauzy (1996).
 *
 * A gate is a module when no event or gate below it is reachable from
 * outside it except through the gate itself: its failure is then
 * statistically independent of everything else in the model, so its
 * probability can be computed on its own and the gate replaced by a single
 * variable. That is what keeps the BDDs of the large industrial trees small.
 */
#ifndef HS_MODEL_MODULES_H
#define HS_MODEL_MODULES_H

#include "model/model.h"

/* Marks every gate reachable from the top events that is a module:
 * (*is_module)[node] is 1 for those, 0 for every other node. Top gates are
 * modules trivially and are marked too. *is_module (m->n_nodes entries) is
 * caller-owned. 0 or -1 + err (out of memory). */
int hs_model_modules(const hs_model *m, char **is_module, hs_model_error *err);

#endif
