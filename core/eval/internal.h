/*
 * core/eval/internal.h — functions shared between the files of core/eval
 * and not part of its public API (eval.h).
 */
#ifndef HS_EVAL_INTERNAL_H
#define HS_EVAL_INTERNAL_H

#include <stdbool.h>
#include <libconfig.h>

#include "eval/eval.h"

/* Reads one technology entry of group G into *e; the strings point into
 * the config (not owned). With PARTIAL (an override) only `key` is
 * required; absent numbers are NaN, absent strings NULL, absent class -1. */
int hs_tech_read_entry(const config_setting_t *g, const char *file, bool partial, hs_tech *e,
                       hs_error *err);

/* Reads the whole config file PATH (at most HS_READ_CONFIG_MAX bytes, no
 * NUL byte; util/readfile.h) into a NUL-terminated buffer the caller
 * frees. 0, or -1 with *out NULL and err naming the path and the reason. */
int hs_eval_read_file(const char *path, char **out, hs_error *err);

/* Reads the `rate_uncertainty` list L of FILE into T (entries for a
 * technology T already has are replaced, or kept when KEEP_EXISTING). */
int hs_spread_load(hs_tech_table *t, const config_setting_t *l, const char *file,
                   bool keep_existing, hs_error *err);
/* Frees T's spreads; copies SRC's into DST (which has none). -1 when out
 * of memory. */
void hs_spread_free_all(hs_tech_table *t);
int hs_spread_copy_all(hs_tech_table *dst, const hs_tech_table *src);

#endif
