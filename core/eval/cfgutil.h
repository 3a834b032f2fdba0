/*
 * core/eval/cfgutil.h — the evaluation parsers' face of the one config
 * reader (core/util/cfgread.h): every error names the setting's file:line,
 * "<config>" (or the caller's FALLBACK) standing for a file libconfig does
 * not know. Only the evaluation's own wording lives here.
 */
#ifndef HS_EVAL_CFGUTIL_H
#define HS_EVAL_CFGUTIL_H

#include <stdbool.h>
#include <libconfig.h>

#include "model/model.h"

/* File of setting S, or FALLBACK when libconfig knows none (string input). */
const char *hs_ecfg_file(const config_setting_t *s, const char *fallback);

/* Fails with "FILE:LINE: text" for setting S; always returns -1. */
int hs_ecfg_fail(hs_error *err, const config_setting_t *s, const char *fallback, const char *fmt,
                 ...) __attribute__((format(printf, 4, 5)));

/* "file:line" of S as a new string (caller frees), NULL on out of memory. */
char *hs_ecfg_where(const config_setting_t *s, const char *fallback);

/* Every member of group G must be named in KEYS (NULL-terminated); WHAT
 * names G in the message. */
int hs_ecfg_keys(const config_setting_t *g, const char *what, const char *const *keys,
                 const char *fallback, hs_error *err);

/* Optional finite number KEY of G into *out (untouched when absent or
 * wrong); *have says whether present. */
int hs_ecfg_number(const config_setting_t *g, const char *key, double *out, bool *have,
                   const char *fallback, hs_error *err);

/* Optional string KEY of G; *out points into the config (NULL if absent). */
int hs_ecfg_string(const config_setting_t *g, const char *key, const char **out,
                   const char *fallback, hs_error *err);

/* Class name ("load-balancer"; '_' accepted for '-') to hs_ha_class, -1. */
int hs_ecfg_class(const char *name);

#endif
