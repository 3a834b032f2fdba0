/* util/cfgread.h — the one set of typed libconfig readers: the plugin ABI's
 * hs_config_* (core/abi/cfghelp.c), the evaluation's architecture readers
 * (core/eval/cfgutil.c) and the engine's model format (core/model/cfgfmt.c)
 * all read settings through these. Depends on libc, libconfig and
 * hs_error.h only, so the engine may use it.
 *
 * Every error names the place of the offending setting. Where libconfig
 * knows no file (text parsed from a string), FALLBACK decides: NULL gives
 * the ABI's hs_error_at message ("FILE:LINE: text" when a file is known,
 * "text" otherwise); a name gives hs_error_fail's ("NAME:LINE: text"), so
 * the engine's messages always name a place.
 *
 * Each reader takes a NULL group as one with no members. Strings handed
 * out belong to the config and live as long as it does. */
#ifndef HS_UTIL_CFGREAD_H
#define HS_UTIL_CFGREAD_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include <libconfig.h>

#include "util/error.h"

/* The file of setting S: libconfig's, else FALLBACK (which may be NULL). */
const char *hs_cfg_file(const config_setting_t *s, const char *fallback);

/* Set ERR to the formatted message at setting S (may be NULL: then no line,
 * and a file only when FALLBACK is given), in the style FALLBACK selects
 * (see above). Always returns -1. */
int hs_cfg_fail(hs_error *err, const config_setting_t *s, const char *fallback, const char *fmt,
                ...) HS_PRINTF(4, 5);

/* hs_cfg_fail with a va_list. */
int hs_cfg_vfail(hs_error *err, const config_setting_t *s, const char *fallback, const char *fmt,
                 va_list ap);

/* Optional number KEY of G: an int, int64 or finite float. Absent: *out =
 * def, *have = false (HAVE may be NULL). Returns 0, or -1 ("'KEY' must be a
 * number", "'KEY' must be a finite number") when present but not one; *out
 * is then untouched for a wrong type and holds the value if not finite. */
int hs_cfg_number(const config_setting_t *g, const char *key, double def, double *out, bool *have,
                  const char *fallback, hs_error *err);

/* Optional string KEY of G; absent: *out = def. Returns 0, or -1 ("'KEY'
 * must be a string", *out untouched) when present but not a string. */
int hs_cfg_string(const config_setting_t *g, const char *key, const char *def, const char **out,
                  const char *fallback, hs_error *err);

/* Optional boolean KEY of G (libconfig true/false only); absent: *out =
 * def. *out is 0 or 1. Returns 0, or -1 ("'KEY' must be true or false",
 * *out untouched). */
int hs_cfg_bool(const config_setting_t *g, const char *key, int def, int *out, const char *fallback,
                hs_error *err);

/* Optional string KEY of G that must be one of NAMES (NULL-terminated,
 * compared exactly); *out = its index. Absent: *out = def. Returns 0, or -1
 * ("'KEY' must be \"a\" or \"b\", not \"c\"", *out untouched). */
int hs_cfg_enum(const config_setting_t *g, const char *key, const char *const *names, int def,
                int *out, const char *fallback, hs_error *err);

/* Optional array or list KEY of G of strings. *out is a malloc'ed,
 * NULL-terminated array of *n pointers, owned by the caller, who frees the
 * array only (the strings are the config's). Empty: { NULL }, *n = 0;
 * absent: *out = NULL, *n = 0. Returns 0, or -1 ("'KEY' must be a list of
 * strings: ...", "'KEY'[I] must be a string" at the element) with *out =
 * NULL, *n = 0. */
int hs_cfg_strings(const config_setting_t *g, const char *key, const char ***out, size_t *n,
                   const char *fallback, hs_error *err);

/* Every key of KEYS (NULL-terminated; NULL: none) must be a member of G,
 * whatever its type. Returns 0, or -1 ("'KEY' is missing" at G). */
int hs_cfg_require(const config_setting_t *g, const char *const *keys, const char *fallback,
                   hs_error *err);

/* The first member of G whose name is in neither ALLOWED nor EXTRA (both
 * NULL-terminated, either may be NULL), or NULL when every member is known.
 * An unnamed member (an element of a list or array) is never known. Each
 * caller words its own message: the ABI, the evaluation and the model name
 * the group differently. */
const config_setting_t *hs_cfg_unknown_key(const config_setting_t *g, const char *const *allowed,
                                           const char *const *extra);

#endif
